//! Pagination decided from names: request parameters (`cursor`, `page_token`, `starting_after`, `page`,
//! `offset`, `limit`, ...), response fields (`next_cursor`, `nextPageToken`, `@odata.nextLink`,
//! `has_more`, `total`, ...) and a declared `Link` header. Names are compared without case and
//! separators, so `page_token`, `pageToken` and `PageToken` are one name.
//!
//! When several strategies fit, the one the server drives wins: a next URL in the body (it carries
//! every parameter), then a next cursor, then the `Link` header, then the last item's key, then page
//! numbers, then offsets.

use crate::document::Document;
use crate::operation::{Location, Operation};
use crate::pagination::{key_field, locate, locate_items, Item, Member, Pagination, Place, Strategy};
use crate::report::Confidence;
use crate::schema::{Kind, Property, Schema};
use serde_json::Value;

/// Lowercase, without `_`, `-`, `$`, `@`, `.` and spaces: `$skipToken` → `skiptoken`.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '$' | '@' | '.' | ' '))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Request parameters carrying an opaque token from the previous page.
const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "pagetoken",
    "nextpagetoken",
    "continuationtoken",
    "skiptoken",
    "pagecursor",
    "startcursor",
    "nexttoken",
    "marker",
    "after",
];
/// Request parameters taking the key of the last item received (Stripe's `starting_after`).
const KEYSET_PARAMS: &[&str] = &["startingafter", "afterid", "sinceid"];
const PAGE_PARAMS: &[&str] = &["page", "pagenumber", "pagenum", "pageno", "pageindex"];
const OFFSET_PARAMS: &[&str] = &["offset", "skip"];
/// Offsets counted from 1 (SCIM's `startIndex`), which the offset strategy (counting from 0) would
/// walk one item off.
const ONE_BASED_OFFSET_PARAMS: &[&str] = &["startindex"];
/// Page size parameters, in the order other strategies than `page` prefer them (`count` is Slack's
/// page size).
const SIZE_PARAMS: &[&str] = &[
    "limit",
    "pagesize",
    "perpage",
    "maximumpagesize",
    "maxpagesize",
    "maxresults",
    "top",
    "pagelimit",
    "size",
    "count",
];

/// Response fields holding the URL of the next page.
const NEXT_URL_FIELDS: &[&str] = &[
    "nextlink",
    "odatanextlink",
    "nextpageurl",
    "nexturl",
    "nextpagelink",
    "nextpageuri",
    "nexturi",
    "nexthref",
];
/// Response fields holding the next cursor.
const NEXT_CURSOR_FIELDS: &[&str] = &[
    "nextcursor",
    "nextpagetoken",
    "nexttoken",
    "nextpagecursor",
    "continuationtoken",
    "nextmarker",
    "endcursor",
    "nextpage",
];
/// The order the page strategy prefers them in: Slack's methods take `limit` for cursors and `count`
/// for pages.
const PAGE_SIZE_PARAMS: &[&str] = &[
    "perpage",
    "pagesize",
    "count",
    "limit",
    "maxresults",
    "top",
    "size",
];
const HAS_MORE_FIELDS: &[&str] = &[
    "hasmore",
    "hasnextpage",
    "hasnext",
    "hasmoreitems",
    "hasmoreresults",
    "more",
];
const TOTAL_FIELDS: &[&str] = &[
    "total",
    "totalcount",
    "totalitems",
    "totalresults",
    "totalrecords",
    "totalsize",
    "odatacount",
];
const TOTAL_PAGES_FIELDS: &[&str] = &["totalpages", "pages", "pagecount", "numpages", "lastpage"];
const PAGE_ECHO_FIELDS: &[&str] = &["page", "currentpage", "pagenumber"];
/// Array fields that hold items, when the response has several arrays.
const ITEM_FIELDS: &[&str] = &[
    "data", "items", "results", "value", "values", "list", "records", "entries", "elements", "nodes", "hits",
];
/// Array fields that are not the items.
const NOT_ITEM_FIELDS: &[&str] = &["errors", "warnings", "expanded", "included", "facets", "links"];

/// A request parameter found by name, in the query or as a top-level field of the JSON body.
#[derive(Debug, Clone)]
pub(crate) struct FoundParam<'d> {
    pub name: String,
    pub in_body: bool,
    pub schema: Option<Schema<'d>>,
    pub description: Option<&'d str>,
}

impl FoundParam<'_> {
    fn kind(&self) -> Kind {
        self.schema.as_ref().map_or(Kind::Any, Schema::kind)
    }
}

/// The request parameters an operation takes, by role.
#[derive(Debug, Default, Clone)]
pub(crate) struct RequestParams<'d> {
    pub cursor: Option<FoundParam<'d>>,
    /// A page parameter typed as a string: a token (Stripe's search `page`), or a page number in a
    /// document that types every parameter as a string (Slack's); the response decides.
    pub textual_page: Option<FoundParam<'d>>,
    pub keyset: Option<FoundParam<'d>>,
    pub page: Option<FoundParam<'d>>,
    pub offset: Option<FoundParam<'d>>,
    pub one_based_offset: Option<FoundParam<'d>>,
    pub size: Option<FoundParam<'d>>,
    /// The page size parameter of the page strategy.
    pub page_size: Option<FoundParam<'d>>,
}

impl<'d> RequestParams<'d> {
    /// The query parameters of `operation` by role; failing those, the JSON body's fields.
    pub fn find(document: &'d Document, operation: &Operation<'d>) -> RequestParams<'d> {
        let query: Vec<FoundParam<'d>> = operation
            .parameters
            .iter()
            .filter(|parameter| parameter.location == Location::Query)
            .map(|parameter| FoundParam {
                name: parameter.name.clone(),
                in_body: false,
                schema: parameter.schema.clone(),
                description: parameter.description,
            })
            .collect();
        let body: Vec<FoundParam<'d>> = operation
            .body
            .as_ref()
            .filter(|body| body.kind() == Kind::Object)
            .and_then(|body| body.properties(document).ok())
            .unwrap_or_default()
            .into_iter()
            .map(|property| FoundParam {
                description: property.description(),
                name: property.name,
                in_body: true,
                schema: Some(property.schema),
            })
            .collect();
        let from_query = RequestParams::by_role(&query);
        if from_query.advances() {
            return from_query;
        }
        let from_body = RequestParams::by_role(&body);
        if from_body.advances() {
            return from_body;
        }
        from_query
    }

    fn by_role(candidates: &[FoundParam<'d>]) -> RequestParams<'d> {
        let find = |names: &[&str], accept: &dyn Fn(&FoundParam<'d>) -> bool| {
            names.iter().find_map(|wanted| {
                candidates
                    .iter()
                    .find(|found| normalize(&found.name) == *wanted && accept(found))
                    .cloned()
            })
        };
        let any = |_: &FoundParam<'d>| true;
        // A `page` that takes a string is a token (Stripe's search `page`), not a number.
        let textual = |found: &FoundParam<'d>| found.kind() == Kind::String;
        let numeric = |found: &FoundParam<'d>| found.kind() != Kind::String;
        // Some documents type every parameter as a string; a size is never a boolean (OData's
        // `$count` is).
        let not_boolean = |found: &FoundParam<'d>| found.kind() != Kind::Boolean;
        RequestParams {
            cursor: find(CURSOR_PARAMS, &any),
            textual_page: find(PAGE_PARAMS, &textual),
            keyset: find(KEYSET_PARAMS, &any),
            page: find(PAGE_PARAMS, &numeric),
            offset: find(OFFSET_PARAMS, &numeric),
            one_based_offset: find(ONE_BASED_OFFSET_PARAMS, &numeric),
            size: find(SIZE_PARAMS, &not_boolean),
            page_size: find(PAGE_SIZE_PARAMS, &not_boolean),
        }
    }

    /// The parameters that move the walk forward.
    pub fn advancing(&self) -> impl Iterator<Item = &FoundParam<'d>> {
        [
            &self.cursor,
            &self.textual_page,
            &self.keyset,
            &self.page,
            &self.offset,
            &self.one_based_offset,
        ]
        .into_iter()
        .flatten()
    }

    /// Whether any parameter moves the walk forward.
    pub fn advances(&self) -> bool {
        self.cursor.is_some()
            || self.textual_page.is_some()
            || self.keyset.is_some()
            || self.page.is_some()
            || self.offset.is_some()
            || self.one_based_offset.is_some()
    }

    fn names(&self) -> Vec<String> {
        [
            &self.cursor,
            &self.keyset,
            &self.page,
            &self.offset,
            &self.one_based_offset,
            &self.size,
        ]
        .into_iter()
        .flatten()
        .map(|found| format!("`{}`", found.name))
        .collect()
    }
}

/// The page signals and next-page pointers found in a response.
#[derive(Debug, Default)]
pub(crate) struct ResponseSignals {
    pub next_url: Option<(Place, String)>,
    pub next_cursor: Option<Place>,
    pub has_more: Option<Place>,
    pub total: Option<Place>,
    pub total_pages: Option<Place>,
    pub page_echo: Option<Place>,
}

impl ResponseSignals {
    /// Looks at the response's top-level fields and the fields of its top-level objects (`meta`,
    /// `pagination`, `response_metadata`, ...), top-level first. `cursor_param` lets a bare `next`
    /// or `cursor` field be read as a cursor.
    pub fn find(
        document: &Document,
        root: &Schema<'_>,
        cursor_param: Option<&FoundParam<'_>>,
    ) -> ResponseSignals {
        let fields = candidate_fields(document, root);
        let pick = |names: &[&str], kinds: &[Kind]| -> Option<Place> {
            names.iter().find_map(|wanted| {
                fields
                    .iter()
                    .find(|(place, leaf)| normalize(leaf) == *wanted && kinds.contains(&place.kind))
                    .map(|(place, _)| place.clone())
            })
        };
        let text = [Kind::String];
        let mut signals = ResponseSignals {
            next_url: pick(NEXT_URL_FIELDS, &text).map(|place| (place, "named like a next-page URL".into())),
            next_cursor: pick(NEXT_CURSOR_FIELDS, &[Kind::String, Kind::Integer]),
            has_more: pick(HAS_MORE_FIELDS, &[Kind::Boolean]),
            total: pick(TOTAL_FIELDS, &[Kind::Integer]),
            total_pages: pick(TOTAL_PAGES_FIELDS, &[Kind::Integer]),
            page_echo: pick(PAGE_ECHO_FIELDS, &[Kind::Integer]),
        };
        // `nextPage` as a URL (`format: uri`) is a next URL, not a cursor.
        if let Some(place) = &signals.next_cursor {
            if is_uri(document, root, place) {
                signals.next_url = signals
                    .next_url
                    .or(Some((place.clone(), "a next-page URI".into())));
                signals.next_cursor = None;
            }
        }
        // A bare `next`: a URL when declared as one or when there is no cursor parameter to send it
        // back in (Django REST framework's `next`); a cursor otherwise.
        if signals.next_url.is_none() && signals.next_cursor.is_none() {
            if let Some(next) = pick(&["next"], &text) {
                if is_uri(document, root, &next) {
                    signals.next_url = Some((next, "`format: uri`".into()));
                } else if cursor_param.is_some() {
                    signals.next_cursor = Some(next);
                } else {
                    signals.next_url = Some((
                        next,
                        "no `format`; read as a URL since no parameter takes a cursor".into(),
                    ));
                }
            }
        }
        // A field with the cursor parameter's own name (Temporal's `nextPageToken` both ways, or a
        // plain `cursor` field next to a `cursor` parameter).
        if signals.next_cursor.is_none() {
            if let Some(param) = cursor_param {
                signals.next_cursor =
                    pick(&[normalize(&param.name).as_str()], &[Kind::String, Kind::Integer]);
            }
        }
        // Django REST framework: `count` is the total when it sits beside `next` and `previous`.
        if signals.total.is_none() {
            let drf = ["next", "previous"].iter().all(|name| {
                fields
                    .iter()
                    .any(|(place, leaf)| place.members.len() == 1 && leaf == name)
            });
            if drf {
                signals.total = pick(&["count"], &[Kind::Integer]);
            }
        }
        signals
    }
}

/// Top-level fields, then fields of top-level objects, each with its JSON name.
fn candidate_fields(document: &Document, root: &Schema<'_>) -> Vec<(Place, String)> {
    let Ok(top) = root.properties(document) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut nested = Vec::new();
    for property in &top {
        let outer = Member::of(property);
        if property.schema.kind() == Kind::Object {
            for inner in property.schema.properties(document).unwrap_or_default() {
                let place = Place {
                    members: vec![outer.clone(), Member::of(&inner)],
                    kind: inner.schema.kind(),
                };
                nested.push((place, inner.name.clone()));
            }
        }
        let place = Place {
            members: vec![outer],
            kind: property.schema.kind(),
        };
        out.push((place, property.name.clone()));
    }
    out.extend(nested);
    out
}

fn is_uri(document: &Document, root: &Schema<'_>, place: &Place) -> bool {
    let path: Vec<&str> = place.members.iter().map(|member| member.json.as_str()).collect();
    locate(document, root, &path)
        .ok()
        .and_then(|(_, schema)| schema.format())
        .is_some_and(|format| matches!(format, "uri" | "url" | "uri-reference" | "iri"))
}

/// The items of a response, found by convention.
pub(crate) struct FoundItems<'d> {
    pub place: Place,
    pub item: Item,
    pub schema: Option<Schema<'d>>,
    /// Why these, for the evidence.
    pub why: String,
    /// Why types generated from the schema (progenitor's) cannot hold them as the envelope reads them.
    pub typed_gap: Option<String>,
}

/// Objects that hold metadata about the page, whose lists are never the items.
const METADATA_OBJECTS: &[&str] = &[
    "meta",
    "metadata",
    "responsemetadata",
    "pagination",
    "paging",
    "pageinfo",
    "links",
    "error",
];

/// The items of a response found by convention: the body itself when it is an array (or an `anyOf`
/// of arrays); else its one array field, setting aside a list marked deprecated beside one that is
/// not and an alternate representation of another member; else the one not metadata, of objects, or
/// named like items; else, when the top level has no list, the one list one level below.
pub(crate) fn find_items<'d>(
    document: &'d Document,
    root: &Schema<'d>,
    listed: &[String],
) -> Result<FoundItems<'d>, String> {
    if root.kind() == Kind::Array {
        let (place, item, schema) = locate_items(document, root, &[])?;
        return Ok(found(place, item, schema, "the body is an array".into()));
    }
    if root.value.get("properties").is_none()
        && ["oneOf", "anyOf"].iter().any(|key| root.value.get(key).is_some())
    {
        return array_variants(document, root);
    }
    if root.kind() != Kind::Object {
        return Err("the response is not a JSON object or array".into());
    }
    let properties = root.properties(document).map_err(|error| error.to_string())?;
    let (lists, set_aside) = item_candidates(document, &properties);
    let aside = |why: String| match set_aside.as_slice() {
        [] => why,
        notes => format!("{why} ({})", notes.join("; ")),
    };
    if let Some(property) = choose_list(document, &lists)? {
        let (place, item, schema) = locate_items(document, root, &[&property.0.name])?;
        return Ok(found(
            place,
            item,
            schema,
            aside(format!("`{}`: {}", property.0.name, property.1)),
        ));
    }
    // No list at the top level: the one list in its objects (Temporal's `history.events`).
    let mut below = Vec::new();
    for outer in &properties {
        if outer.schema.kind() != Kind::Object
            || outer.schema.is_map()
            || METADATA_OBJECTS.contains(&normalize(&outer.name).as_str())
        {
            continue;
        }
        let inner = outer.schema.properties(document).unwrap_or_default();
        let (lists, _) = item_candidates(document, &inner);
        for list in lists {
            if !NOT_ITEM_FIELDS.contains(&normalize(&list.name).as_str()) {
                below.push([outer.name.clone(), list.name.clone()]);
            }
        }
    }
    // What the operation lists is named in its id or path: a list below the top level is the items
    // only in an object of that name, or under that name (DatasetView's `filter_group.filters` is not
    // what `GET /api/datasets/tasks` lists).
    let named = |path: &[String; 2]| path.iter().any(|name| names_one_of(name, listed));
    let unnamed: Vec<String> = below
        .iter()
        .filter(|path| !named(path))
        .map(|path| format!("`{}`", path.join(".")))
        .collect();
    below.retain(|path| named(path));
    match below.as_slice() {
        [] if !unnamed.is_empty() => Err(format!(
            "the response has no list field, and none below the top level is named like what the operation lists ({})",
            unnamed.join(", ")
        )),
        [] => Err("the response has no list field".into()),
        [[outer, inner]] => {
            let (place, item, schema) = locate_items(document, root, &[outer, inner])?;
            let why = aside(format!(
                "`{outer}.{inner}`: the only list below the top level named like what the operation lists"
            ));
            Ok(found(place, item, schema, why))
        }
        several => {
            let names: Vec<String> = several.iter().map(|path| format!("`{}`", path.join("."))).collect();
            Err(format!(
                "the response has no list field, and several below the top level ({})",
                names.join(", ")
            ))
        }
    }
}

/// The words of an operation's id and path, lowercase (`GetWorkflowExecutionHistoryReverse`,
/// `/history-reverse` → `get`, `workflow`, ..., `history`, `reverse`): what it lists is among them.
pub(crate) fn listed_names(operation: &Operation<'_>) -> Vec<String> {
    words(&[&operation.id, &operation.path])
}

/// Lowercase words, split at what is not a letter or digit and where camelCase turns upper.
fn words(texts: &[&str]) -> Vec<String> {
    let mut words = Vec::new();
    for text in texts {
        let mut word = String::new();
        let mut previous_lower = false;
        for c in text.chars() {
            if (!c.is_alphanumeric() || (c.is_uppercase() && previous_lower)) && !word.is_empty() {
                words.push(std::mem::take(&mut word));
            }
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            }
            previous_lower = c.is_lowercase() || c.is_ascii_digit();
        }
        if !word.is_empty() {
            words.push(word);
        }
    }
    words
}

/// Whether a member's name is, or has as a word, one of `words`, in the singular or the plural.
fn names_one_of(member: &str, words: &[String]) -> bool {
    let same = |a: &str, b: &str| a == b || a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a);
    self::words(&[member])
        .iter()
        .any(|part| words.iter().any(|word| same(part, word)))
}

fn found<'d>(place: Place, item: Item, schema: Option<Schema<'d>>, why: String) -> FoundItems<'d> {
    FoundItems {
        place,
        item,
        schema,
        why,
        typed_gap: None,
    }
}

/// The arrays among `properties` that may hold the items, and notes on those set aside: an alternate
/// representation of another member that holds a list, and a list marked deprecated beside one that
/// is not.
fn item_candidates<'p, 'd>(
    document: &'d Document,
    properties: &'p [Property<'d>],
) -> (Vec<&'p Property<'d>>, Vec<String>) {
    let mut notes = Vec::new();
    let mut lists = Vec::new();
    for property in properties.iter().filter(|p| p.schema.kind() == Kind::Array) {
        match alternate_of(document, property, properties) {
            Some(primary) => notes.push(format!(
                "`{}` is an alternate representation of `{primary}`, as its description says",
                property.name
            )),
            None => lists.push(property),
        }
    }
    if lists.iter().any(|list| !list.deprecated()) {
        lists.retain(|list| {
            if list.deprecated() {
                notes.push(format!("`{}` is deprecated", list.name));
            }
            !list.deprecated()
        });
    }
    (lists, notes)
}

/// The sibling that `property`'s description calls it an alternate of ("an alternate representation
/// of history ... Either this or `history` will be set"), when that sibling holds a list itself.
fn alternate_of<'p>(
    document: &Document,
    property: &Property<'_>,
    siblings: &'p [Property<'_>],
) -> Option<&'p str> {
    let description = property.description()?;
    let lowered = description.to_lowercase();
    if !["alternate", "alternative", "either this or"]
        .iter()
        .any(|phrase| lowered.contains(phrase))
    {
        return None;
    }
    let mut named = siblings
        .iter()
        .filter(|sibling| sibling.name != property.name && mentions(description, &sibling.name));
    let (Some(primary), None) = (named.next(), named.next()) else {
        return None;
    };
    let holds_list = match primary.schema.kind() {
        Kind::Array => true,
        Kind::Object => primary
            .schema
            .properties(document)
            .unwrap_or_default()
            .iter()
            .any(|inner| inner.schema.kind() == Kind::Array),
        _ => false,
    };
    holds_list.then_some(primary.name.as_str())
}

/// Whether `text` names `name` as a word of its own.
fn mentions(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        !text[..at].chars().next_back().is_some_and(word)
            && !text[at + name.len()..].chars().next().is_some_and(word)
    })
}

/// Among several candidate lists, the items: the only one, the only one not metadata, the only one of
/// objects, or the one named like items; `None` when there is none.
fn choose_list<'p, 'd>(
    document: &'d Document,
    lists: &[&'p Property<'d>],
) -> Result<Option<(&'p Property<'d>, &'static str)>, String> {
    let chosen = match lists {
        [] => return Ok(None),
        [one] => Some((*one, "its only array")),
        several => {
            let items: Vec<&&Property<'_>> = several
                .iter()
                .filter(|property| !NOT_ITEM_FIELDS.contains(&normalize(&property.name).as_str()))
                .collect();
            let of_objects: Vec<&&&Property<'_>> = items
                .iter()
                .filter(|property| {
                    matches!(property.schema.items(document), Some(Ok(item)) if item.kind() == Kind::Object)
                })
                .collect();
            match (items.as_slice(), of_objects.as_slice()) {
                ([one], _) => Some((**one, "its only array that is not metadata")),
                (_, [one]) => Some((***one, "its only array of objects")),
                _ => ITEM_FIELDS.iter().find_map(|wanted| {
                    several
                        .iter()
                        .find(|property| normalize(&property.name) == *wanted)
                        .map(|property| (*property, "named like items"))
                }),
            }
        }
    };
    match chosen {
        Some(chosen) => Ok(Some(chosen)),
        None => {
            let names: Vec<String> = lists
                .iter()
                .map(|property| format!("`{}`", property.name))
                .collect();
            Err(format!(
                "the response has several list fields ({}) and none is named like the items",
                names.join(", ")
            ))
        }
    }
}

/// A body declared as `anyOf`/`oneOf` whose every variant is an array (GitHub's stargazers, as plain
/// users or with the time each starred): the body is an array either way. The items are the variants'
/// item type when they share one, else JSON values.
fn array_variants<'d>(document: &'d Document, root: &Schema<'d>) -> Result<FoundItems<'d>, String> {
    let several = || "the response is one of several shapes (`oneOf`/`anyOf`)".to_owned();
    let (key, variants) = ["oneOf", "anyOf"]
        .iter()
        .find_map(|key| Some((*key, root.value.get(*key)?.as_array()?)))
        .ok_or_else(several)?;
    let mut item_schemas = Vec::new();
    for variant in variants {
        let variant = Schema::resolve(document, variant).map_err(|error| error.to_string())?;
        if variant.kind() != Kind::Array {
            return Err(several());
        }
        match variant.items(document) {
            Some(Ok(item)) => item_schemas.push(item),
            Some(Err(error)) => return Err(error.to_string()),
            None => return Err(several()),
        }
    }
    let Some(first) = item_schemas.first() else {
        return Err(several());
    };
    let place = Place {
        members: Vec::new(),
        kind: Kind::Array,
    };
    let shared = item_schemas.iter().all(|item| item.value == first.value);
    let (item, schema, why) = if shared {
        let item = Item {
            schema_name: first.name.clone(),
            kind: first.kind(),
            format: first.format().map(str::to_owned),
        };
        (
            item,
            Some(first.clone()),
            format!("the body is an array in every variant of its `{key}`"),
        )
    } else {
        let names: Vec<String> = item_schemas
            .iter()
            .map(|item| {
                item.name
                    .as_ref()
                    .map_or_else(|| "an inline schema".to_owned(), |name| format!("`{name}`"))
            })
            .collect();
        let item = Item {
            schema_name: None,
            kind: Kind::Any,
            format: None,
        };
        let why = format!(
            "the body is an array in every variant of its `{key}`, of {}: items read as JSON",
            names.join(" or ")
        );
        (item, None, why)
    };
    Ok(FoundItems {
        place,
        item,
        schema,
        why,
        typed_gap: Some(format!(
            "the response is an `{key}` of arrays, which progenitor makes a type of its own rather than a `Vec`"
        )),
    })
}

/// The outcome of looking at an operation's names.
#[derive(Debug)]
pub(crate) enum Convention {
    Paginated(Box<Pagination>, Vec<String>),
    /// Looks paginated, but something needed is missing; the reasons say what.
    Unclassified(Vec<String>),
    /// No pagination parameter and no pagination signal: a plain operation.
    NotAList,
}

pub(crate) fn classify<'d>(document: &'d Document, operation: &Operation<'d>) -> Convention {
    // No body to page through.
    if matches!(operation.method, "HEAD" | "OPTIONS" | "TRACE") {
        return Convention::NotAList;
    }
    let params = RequestParams::find(document, operation);
    let response = operation.response.as_ref();
    let link_header = response.is_some_and(|response| {
        response
            .headers
            .iter()
            .any(|header| header.eq_ignore_ascii_case("link"))
    });
    let Some(root) = response.and_then(|response| response.schema.clone()) else {
        if params.advances() || link_header {
            return Convention::Unclassified(vec![format!(
                "takes {} but declares no JSON response body",
                params.names().join(", ")
            )]);
        }
        return Convention::NotAList;
    };
    let link = link_header.then_some(Link::Declared);
    match decide(document, operation, params.clone(), &root, link.as_ref()) {
        Convention::Unclassified(mut reasons) if params.advances() => {
            match from_descriptions(document, operation, &params, &root, link.as_ref(), &reasons) {
                Some(Convention::Paginated(pagination, evidence)) => {
                    Convention::Paginated(pagination, evidence)
                }
                Some(Convention::Unclassified(more)) => {
                    reasons.extend(more);
                    Convention::Unclassified(reasons)
                }
                Some(Convention::NotAList) | None => Convention::Unclassified(reasons),
            }
        }
        decided => decided,
    }
}

/// Where a `Link` header comes from.
#[derive(Debug)]
enum Link {
    /// The response declares it.
    Declared,
    /// A parameter's description refers to it: the parameter's name.
    Described(String),
}

/// A second look at an operation that takes a pagination parameter but that its declared schema does
/// not decide: with the members of the documented example of the response the schema lacks (Slack's
/// methods declare `{ok}` alone), the place of the next cursor that the cursor parameter's
/// description gives ("a `next_cursor` attribute returned by a previous request's
/// `response_metadata`"), and a `Link` header a parameter's description refers to (GitHub's webhook
/// deliveries). What it decides has low confidence, and says what it read where. `None` when there is
/// nothing more to read.
fn from_descriptions<'d>(
    document: &'d Document,
    operation: &Operation<'d>,
    params: &RequestParams<'d>,
    root: &Schema<'d>,
    link: Option<&Link>,
    declared_reasons: &[String],
) -> Option<Convention> {
    let mut parts = vec![root.value.clone()];
    let mut sources = Vec::new();
    let example = operation.response.as_ref().and_then(|response| response.example);
    if let Some(example) = example.filter(|example| example.is_object() && root.kind() == Kind::Object) {
        parts.push(schema_of_example(example, 0));
        sources.push("the documented example of the response".to_owned());
    }
    let described_place = params.cursor.as_ref().and_then(|cursor| {
        let members = cursor_place_in_prose(cursor.description?)?;
        Some((cursor.name.clone(), members))
    });
    if let Some((name, members)) = &described_place {
        parts.push(schema_at(members));
        sources.push(format!("parameter `{name}`'s description"));
    }
    let described_link = match link {
        Some(_) => None,
        None => params
            .advancing()
            .find(|param| param.description.is_some_and(refers_to_link_header))
            .map(|param| Link::Described(param.name.clone())),
    };
    let parts_len = parts.len();
    if parts_len == 1 && described_link.is_none() {
        return None;
    }
    // The declared schema with what the example and the description add, as one `allOf`.
    let merged = serde_json::json!({ "allOf": parts });
    let schema = match parts_len {
        1 => root.clone(),
        _ => Schema {
            value: &merged,
            name: root.name.clone(),
            nullable: root.nullable,
        },
    };
    let decided = decide(
        document,
        operation,
        params.clone(),
        &schema,
        link.or(described_link.as_ref()),
    );
    let Convention::Paginated(mut pagination, mut evidence) = decided else {
        let Convention::Unclassified(reasons) = decided else {
            return None;
        };
        let read = sources.join(" and ");
        let reasons = reasons
            .into_iter()
            .filter(|reason| !read.is_empty() && !declared_reasons.contains(reason))
            .map(|reason| format!("with {read}: {reason}"))
            .collect();
        return Some(Convention::Unclassified(reasons));
    };
    let undeclared: Vec<String> = pagination
        .places()
        .filter(|place| {
            let path: Vec<&str> = place.members.iter().map(|member| member.json.as_str()).collect();
            locate(document, root, &path).is_err()
        })
        .map(|place| format!("`{}`", place.json_path()))
        .collect();
    pagination.confidence = Confidence::Low;
    if !undeclared.is_empty() {
        evidence.push(format!(
            "low confidence: the response schema does not declare {}, read from {}",
            undeclared.join(", "),
            sources.join(" and ")
        ));
        pagination.typed_gap = Some(format!(
            "the response schema does not declare {}, so progenitor's type lacks it",
            undeclared.join(", ")
        ));
    }
    if let Some(Link::Described(name)) = &described_link {
        if matches!(pagination.strategy, Strategy::LinkHeader) {
            evidence.push(format!(
                "low confidence: the response declares no `Link` header; parameter `{name}`'s description refers to one"
            ));
        }
    }
    Some(Convention::Paginated(pagination, evidence))
}

/// A schema of what an example shows: objects with their members, arrays with their first element's
/// shape, and the type of each value.
fn schema_of_example(example: &Value, depth: usize) -> Value {
    use serde_json::json;
    if depth > MAX_EXAMPLE_DEPTH {
        return json!({});
    }
    match example {
        Value::Object(members) => {
            let properties: serde_json::Map<String, Value> = members
                .iter()
                .map(|(name, value)| (name.clone(), schema_of_example(value, depth + 1)))
                .collect();
            json!({ "type": "object", "properties": properties })
        }
        Value::Array(elements) => {
            let items = elements
                .first()
                .map_or_else(|| json!({}), |first| schema_of_example(first, depth + 1));
            json!({ "type": "array", "items": items })
        }
        Value::String(_) => json!({ "type": "string" }),
        Value::Number(number) if number.is_f64() => json!({ "type": "number" }),
        Value::Number(_) => json!({ "type": "integer" }),
        Value::Bool(_) => json!({ "type": "boolean" }),
        Value::Null => json!({}),
    }
}

/// How deep an example is read: deeper than pagination looks, and bounded for hostile documents.
const MAX_EXAMPLE_DEPTH: usize = 8;

/// An object schema with a string at `members`.
fn schema_at(members: &[String]) -> Value {
    members.iter().rev().fold(
        serde_json::json!({ "type": "string" }),
        |inner, name| serde_json::json!({ "type": "object", "properties": { name.clone(): inner } }),
    )
}

/// The place of the next cursor a parameter's description gives: a field named like a next cursor,
/// and the object it is in, named in the possessive ("a `next_cursor` attribute returned by a
/// previous request's `response_metadata`"). A field named without its object gives no place.
fn cursor_place_in_prose(description: &str) -> Option<Vec<String>> {
    let quoted: Vec<(usize, &str)> = description
        .match_indices('`')
        .map(|(at, _)| at)
        .collect::<Vec<_>>()
        .chunks_exact(2)
        .map(|pair| (pair[0], &description[pair[0] + 1..pair[1]]))
        .collect();
    let (at, field) = quoted
        .iter()
        .find(|(_, name)| NEXT_CURSOR_FIELDS.contains(&normalize(name).as_str()))?;
    let (_, object) = quoted
        .iter()
        .find(|(start, name)| start > at && !name.is_empty() && description[..*start].ends_with("'s "))?;
    Some(vec![(*object).to_owned(), (*field).to_owned()])
}

/// Whether a description says the value comes from the `Link` header ("Refer to the `link` header for
/// the next and previous page cursors", "as given in the [Link header](...)").
fn refers_to_link_header(description: &str) -> bool {
    let plain: String = description
        .chars()
        .filter(|c| !matches!(c, '`' | '[' | ']' | '"' | '\''))
        .flat_map(char::to_lowercase)
        .collect();
    plain.contains("link header")
}

/// Decides from the names `root` declares; `link` when the response has a `Link` header.
fn decide<'d>(
    document: &'d Document,
    operation: &Operation<'_>,
    params: RequestParams<'d>,
    root: &Schema<'d>,
    link: Option<&Link>,
) -> Convention {
    let link_header = link.is_some();
    let mut params = params;
    let signals = ResponseSignals::find(document, root, params.cursor.as_ref());
    if let Some(textual) = params.textual_page.take() {
        match (&signals.page_echo, &params.cursor) {
            // The response echoes a page number: the string is a number.
            (Some(_), _) => params.page = params.page.take().or(Some(textual)),
            (None, None) => params.cursor = Some(textual),
            (None, Some(_)) => {}
        }
    }
    // Without a parameter to advance, only a signal about the response itself makes a list
    // operation: `sources.has_more` in a Stripe customer is about the customer's embedded list.
    let top_level = |place: Option<&Place>| place.is_some_and(|place| place.members.len() == 1);
    let any_signal = top_level(signals.next_url.as_ref().map(|(place, _)| place))
        || top_level(signals.next_cursor.as_ref())
        || top_level(signals.has_more.as_ref())
        || link_header;
    if !params.advances() && !any_signal {
        return Convention::NotAList;
    }

    let found = match find_items(document, root, &listed_names(operation)) {
        // A list below the top level, in a response that no parameter pages, is a part of a single
        // object.
        Ok(found) if found.place.members.len() > 1 && !params.advances() => return Convention::NotAList,
        Ok(found) => found,
        // A pagination-like field in a response without a list and without pagination parameters is
        // something else (a token of a single object).
        Err(_) if !params.advances() => return Convention::NotAList,
        Err(why) => {
            return Convention::Unclassified(vec![format!("takes {} but {why}", params.names().join(", "))]);
        }
    };
    let FoundItems {
        place: items,
        item,
        schema: item_schema,
        why: items_why,
        typed_gap,
    } = found;
    let mut evidence = vec![format!("items: {items_why}")];
    let envelope_name = root.name.clone();
    let new = |strategy| Pagination::new(strategy, items.clone(), item.clone(), envelope_name.clone());

    let mut pagination = if let Some((place, why)) = &signals.next_url {
        evidence.push(format!("next URL `{}` ({why})", place.json_path()));
        let mut pagination = new(Strategy::NextUrl(place.clone()));
        pagination.params.limit = size_param(&params, &mut evidence);
        pagination
    } else if let (Some(param), Some(place)) = (&params.cursor, &signals.next_cursor) {
        evidence.push(format!(
            "cursor: parameter `{}`, response `{}`",
            param.name,
            place.json_path()
        ));
        let mut pagination = new(Strategy::Cursor(place.clone()));
        pagination.params.cursor = Some(param.name.clone());
        pagination.params.limit = size_param(&params, &mut evidence);
        pagination.params_in_body = param.in_body;
        pagination
    } else if let Some(link) = link {
        evidence.push(match link {
            Link::Declared => "the response declares a `Link` header".into(),
            Link::Described(name) => format!("parameter `{name}`'s description refers to the `Link` header"),
        });
        let mut pagination = new(Strategy::LinkHeader);
        pagination.params.limit = size_param(&params, &mut evidence);
        pagination
    } else if let Some(param) = &params.keyset {
        match key_field(document, item_schema.as_ref(), "id") {
            Ok(key) => {
                evidence.push(format!(
                    "keyset: parameter `{}` takes the last item's `id`",
                    param.name
                ));
                let mut pagination = new(Strategy::Keyset(vec![key]));
                pagination.params.keyset = Some(param.name.clone());
                pagination.params.limit = size_param(&params, &mut evidence);
                pagination.params_in_body = param.in_body;
                pagination
            }
            Err(why) => {
                return Convention::Unclassified(vec![format!(
                    "parameter `{}` takes the key of the last item, but {why}",
                    param.name
                )])
            }
        }
    } else if let Some(param) = &params.page {
        evidence.push(format!("page number parameter `{}`", param.name));
        let mut pagination = new(Strategy::Page(signals.page_echo.clone()));
        if let Some(echo) = &signals.page_echo {
            evidence.push(format!(
                "the response echoes the page number in `{}`",
                echo.json_path()
            ));
        }
        pagination.params.page = Some(param.name.clone());
        pagination.params.per_page = page_size_param(&params, &mut evidence);
        pagination.first_page = first_page(param);
        pagination.params_in_body = param.in_body;
        pagination.total_pages = signals.total_pages.clone();
        pagination
    } else if let Some(param) = &params.one_based_offset {
        return Convention::Unclassified(vec![format!(
            "`{}` counts from 1 (SCIM), and the offset strategy counts from 0",
            param.name
        )]);
    } else if let Some(param) = &params.offset {
        evidence.push(format!("offset parameter `{}`", param.name));
        let mut pagination = new(Strategy::Offset);
        pagination.params.offset = Some(param.name.clone());
        pagination.params.limit = size_param(&params, &mut evidence);
        pagination.params_in_body = param.in_body;
        pagination
    } else {
        return Convention::Unclassified(unclassified_reasons(&params, &signals));
    };
    let size = match pagination.strategy {
        Strategy::Page(_) => params.page_size.as_ref(),
        _ => params.size.as_ref(),
    };
    pagination.max_page_size = size.and_then(max_page_size);
    pagination.typed_gap = typed_gap;
    add_signals(&mut pagination, &signals, &mut evidence);
    Convention::Paginated(Box::new(pagination), evidence)
}

/// Why nothing fit, for an operation with a pagination parameter or signal.
fn unclassified_reasons(params: &RequestParams<'_>, signals: &ResponseSignals) -> Vec<String> {
    let mut reasons = Vec::new();
    if let Some(param) = &params.cursor {
        reasons.push(format!(
            "cursor parameter `{}` but no response field carries the next cursor",
            param.name
        ));
    }
    if let Some(place) = &signals.next_cursor {
        reasons.push(format!(
            "the response carries a next cursor (`{}`) but no parameter takes it",
            place.json_path()
        ));
    }
    if let Some(place) = &signals.has_more {
        if !params.advances() {
            reasons.push(format!(
                "the response says whether there is more (`{}`) but no parameter moves to the next page",
                place.json_path()
            ));
        }
    }
    if reasons.is_empty() {
        reasons.push("no strategy fits the parameters and fields found".into());
    }
    reasons
}

/// Signals every strategy reads: `has_more` and `total`.
pub(crate) fn add_signals(
    pagination: &mut Pagination,
    signals: &ResponseSignals,
    evidence: &mut Vec<String>,
) {
    if pagination.has_more.is_none() {
        pagination.has_more = signals.has_more.clone();
    }
    if pagination.total.is_none() && !matches!(pagination.strategy, Strategy::Keyset(_)) {
        pagination.total = signals.total.clone();
    }
    let mut found = Vec::new();
    for (name, place) in [
        ("has_more", &pagination.has_more),
        ("total", &pagination.total),
        ("total_pages", &pagination.total_pages),
    ] {
        if let Some(place) = place {
            found.push(format!("{name} `{}`", place.json_path()));
        }
    }
    if !found.is_empty() {
        evidence.push(format!("signals: {}", found.join(", ")));
    }
}

/// The page size parameter's name, for every strategy but `page`.
pub(crate) fn size_param(params: &RequestParams<'_>, evidence: &mut Vec<String>) -> Option<String> {
    let size = params.size.as_ref()?;
    evidence.push(format!("page size parameter `{}`", size.name));
    Some(size.name.clone())
}

/// The page strategy's page size parameter's name.
pub(crate) fn page_size_param(params: &RequestParams<'_>, evidence: &mut Vec<String>) -> Option<String> {
    let size = params.page_size.as_ref()?;
    evidence.push(format!("page size parameter `{}`", size.name));
    Some(size.name.clone())
}

pub(crate) fn max_page_size(size: &FoundParam<'_>) -> Option<u64> {
    let schema = size.schema.as_ref()?;
    let exclusive = schema.value.get("exclusiveMaximum") == Some(&serde_json::Value::Bool(true));
    let max = schema.unsigned("maximum")?;
    Some(if exclusive { max.saturating_sub(1) } else { max }).filter(|max| *max > 0)
}

/// `first_page = 0` when the page parameter declares 0 as its (inclusive) minimum or its default.
pub(crate) fn first_page(page: &FoundParam<'_>) -> Option<u64> {
    let schema = page.schema.as_ref()?;
    // `minimum: 0` with `exclusiveMinimum: true` (3.0) means from 1.
    let exclusive = schema.value.get("exclusiveMinimum") == Some(&serde_json::Value::Bool(true));
    let from_zero = schema.unsigned("minimum") == Some(0) && !exclusive;
    (from_zero || schema.unsigned("default") == Some(0)).then_some(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_place_needs_its_object_named() {
        let slack = "Paginate through collections of data by setting the `cursor` parameter to a \
                     `next_cursor` attribute returned by a previous request's `response_metadata`.";
        assert_eq!(
            cursor_place_in_prose(slack),
            Some(vec!["response_metadata".to_owned(), "next_cursor".to_owned()])
        );
        let field_only = "Set `cursor` to `next_cursor` returned by the previous call";
        assert_eq!(cursor_place_in_prose(field_only), None);
        assert_eq!(cursor_place_in_prose("an unclosed `next_cursor"), None);
    }

    #[test]
    fn link_headers_in_prose() {
        assert!(refers_to_link_header(
            "Refer to the `link` header for the next and previous page cursors."
        ));
        assert!(refers_to_link_header(
            "A cursor, as given in the [Link header](https://docs.github.com/rest)."
        ));
        assert!(!refers_to_link_header("A link to the header image."));
    }

    #[test]
    fn operation_words_and_names() {
        assert_eq!(
            words(&["GetWorkflowExecutionHistoryReverse", "/v1/{id}/history-reverse"]),
            [
                "get",
                "workflow",
                "execution",
                "history",
                "reverse",
                "v1",
                "id",
                "history",
                "reverse"
            ]
        );
        let listed = words(&["search_messages", "/search.messages"]);
        assert!(names_one_of("messages", &listed));
        assert!(names_one_of("message_list", &listed));
        assert!(!names_one_of(
            "filter_group",
            &words(&["api_datasets_tasks_retrieve"])
        ));
    }

    #[test]
    fn examples_become_schemas() {
        let example = serde_json::json!({
            "ok": true, "count": 2, "ratio": 0.5, "note": null,
            "items": [{ "id": "a" }], "empty": [],
        });
        assert_eq!(
            schema_of_example(&example, 0),
            serde_json::json!({ "type": "object", "properties": {
                "ok": { "type": "boolean" }, "count": { "type": "integer" }, "ratio": { "type": "number" },
                "note": {}, "empty": { "type": "array", "items": {} },
                "items": { "type": "array", "items": { "type": "object", "properties": { "id": { "type": "string" } } } },
            } })
        );
        // A hostile depth stops at the bound.
        let mut deep = serde_json::json!("leaf");
        for _ in 0..100 {
            deep = serde_json::json!([deep]);
        }
        let mut schema = &schema_of_example(&deep, 0);
        let mut levels = 0;
        while let Some(items) = schema.get("items") {
            schema = items;
            levels += 1;
        }
        assert_eq!(levels, MAX_EXAMPLE_DEPTH + 1);
    }
}
