//! What was decided about one operation: its strategy, where the items and signals are in the response
//! (as JSON members, with what the schema says of each), and the parameter names. Emitters turn this
//! into attributes; nothing here knows about Rust names.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::document::Document;
use crate::schema::{Kind, Property, Schema};

/// A JSON member on the way from the response body to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Member {
    pub json: String,
    pub required: bool,
    pub nullable: bool,
    /// An array or a map: generators keep those out of `Option` when they are not required.
    pub container: bool,
    pub has_default: bool,
    /// The component name of the member's schema, when it was a `$ref`.
    pub schema_name: Option<String>,
}

impl Member {
    /// The member a property is.
    pub fn of(property: &Property<'_>) -> Member {
        Member {
            json: property.name.clone(),
            required: property.required,
            nullable: property.schema.nullable,
            container: property.schema.kind() == Kind::Array || property.schema.is_map(),
            has_default: property.schema.has_default(),
            schema_name: property.schema.name.clone(),
        }
    }
}

/// Where a value is: the members from the body's top-level object, and the kind of the last one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub members: Vec<Member>,
    pub kind: Kind,
}

impl Place {
    /// The JSON path, dotted (`response_metadata.next_cursor`); `$` for the body itself.
    pub fn json_path(&self) -> String {
        if self.members.is_empty() {
            return "$".into();
        }
        let names: Vec<&str> = self.members.iter().map(|member| member.json.as_str()).collect();
        names.join(".")
    }

    /// Where the value is, as a JSONPath.
    pub fn location(&self) -> Location {
        Location::Body {
            json_path: json_path(self.members.iter().map(|member| member.json.as_str()), None),
        }
    }
}

/// An RFC 9535 JSONPath of member names: `$.a.b`, `$['@odata.nextLink']`; with `last_item`, the
/// last element of the array at the path, then that member (`$.data[-1].id`).
pub(crate) fn json_path<'a>(members: impl Iterator<Item = &'a str>, last_item: Option<&str>) -> String {
    fn push(out: &mut String, name: &str) {
        let mut chars = name.chars();
        let shorthand = chars
            .next()
            .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
        if shorthand {
            out.push('.');
            out.push_str(name);
        } else {
            out.push_str("['");
            for c in name.chars() {
                match c {
                    '\\' => out.push_str("\\\\"),
                    '\'' => out.push_str("\\'"),
                    c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                    c => out.push(c),
                }
            }
            out.push_str("']");
        }
    }
    let mut out = String::from("$");
    for name in members {
        push(&mut out, name);
    }
    if let Some(field) = last_item {
        out.push_str("[-1]");
        push(&mut out, field);
    }
    out
}

/// The item type, as far as emitters need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Item {
    /// The component name of the item schema, when it was a `$ref`.
    pub schema_name: Option<String>,
    pub kind: Kind,
    pub format: Option<String>,
}

/// A field of the last item that a keyset strategy sends back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyField {
    pub member: Member,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Strategy {
    Cursor(Place),
    NextUrl(Place),
    LinkHeader,
    Offset,
    /// With the page number the API echoes, when it does.
    Page(Option<Place>),
    Keyset(Vec<KeyField>),
}

impl Strategy {
    pub fn name(&self) -> &'static str {
        match self {
            Strategy::Cursor(_) => "cursor",
            Strategy::NextUrl(_) => "next_url",
            Strategy::LinkHeader => "link_header",
            Strategy::Offset => "offset",
            Strategy::Page(_) => "page",
            Strategy::Keyset(_) => "keyset",
        }
    }
}

/// The request parameters the strategy sends, by role, as the document names them; `None` where the
/// document names none. Emitters write only the names that differ from the attribute's defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Params {
    pub cursor: Option<String>,
    pub offset: Option<String>,
    /// The page size, for every strategy but `page`.
    pub limit: Option<String>,
    pub page: Option<String>,
    /// The page size of the `page` strategy.
    pub per_page: Option<String>,
    pub keyset: Option<String>,
}

impl Params {
    /// Each role's attribute key, the attribute's default name for it, and the document's name.
    pub fn by_key(&self) -> [(&'static str, &'static str, Option<&str>); 6] {
        [
            ("cursor_param", "cursor", self.cursor.as_deref()),
            ("offset_param", "offset", self.offset.as_deref()),
            ("limit_param", "limit", self.limit.as_deref()),
            ("page_param", "page", self.page.as_deref()),
            ("per_page_param", "per_page", self.per_page.as_deref()),
            ("keyset_param", "after", self.keyset.as_deref()),
        ]
    }
}

/// The pagination of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pagination {
    pub strategy: Strategy,
    /// The items: `members` empty when the body itself is the array.
    pub items: Place,
    pub item: Item,
    pub has_more: Option<Place>,
    pub total: Option<Place>,
    pub total_pages: Option<Place>,
    pub params: Params,
    pub params_in_body: bool,
    pub max_page_size: Option<u64>,
    pub first_page: Option<u64>,
    /// The component name of the response schema, when it was a `$ref`.
    pub envelope_name: Option<String>,
    /// How much the decision rests on what the document declares.
    pub confidence: Confidence,
    /// Why types generated from the response schema (progenitor's) cannot hold what the pagination
    /// reads: a member the schema does not declare, a body progenitor does not make a `Vec`.
    pub typed_gap: Option<String>,
}

impl Pagination {
    /// A pagination with the given strategy and items, no signals, default parameters.
    pub fn new(strategy: Strategy, items: Place, item: Item, envelope_name: Option<String>) -> Pagination {
        Pagination {
            strategy,
            items,
            item,
            has_more: None,
            total: None,
            total_pages: None,
            params: Params::default(),
            params_in_body: false,
            max_page_size: None,
            first_page: None,
            envelope_name,
            confidence: Confidence::Medium,
            typed_gap: None,
        }
    }

    /// Whether the body is a bare array.
    pub fn is_bare_array(&self) -> bool {
        self.items.members.is_empty()
    }

    /// The places in the response the pagination reads (not the last item's key fields).
    pub fn places(&self) -> impl Iterator<Item = &Place> {
        let strategy = match &self.strategy {
            Strategy::Cursor(place) | Strategy::NextUrl(place) | Strategy::Page(Some(place)) => Some(place),
            _ => None,
        };
        [
            Some(&self.items),
            strategy,
            self.has_more.as_ref(),
            self.total.as_ref(),
            self.total_pages.as_ref(),
        ]
        .into_iter()
        .flatten()
    }

    /// The request parameters, for the report.
    pub fn request(&self) -> RequestParameters {
        let location = if self.params_in_body {
            ParameterLocation::Body
        } else {
            ParameterLocation::Query
        };
        let parameter = |name: &Option<String>| {
            name.as_ref().map(|name| Parameter {
                name: name.clone(),
                location,
            })
        };
        let params = &self.params;
        let page = matches!(self.strategy, Strategy::Page(_));
        RequestParameters {
            cursor: parameter(&params.cursor),
            page: parameter(&params.page),
            offset: parameter(&params.offset),
            size: parameter(if page { &params.per_page } else { &params.limit }),
            keyset: parameter(&params.keyset),
            max_page_size: self.max_page_size,
            first_page: page.then(|| self.first_page.unwrap_or(1)),
        }
    }

    /// Where the response holds the items and signals, for the report.
    pub fn response(&self) -> ResponseLocations {
        let place = |place: &Option<Place>| place.as_ref().map(Place::location);
        let (next_cursor, next_url, page, keyset) = match &self.strategy {
            Strategy::Cursor(place) => (Some(place.location()), None, None, Vec::new()),
            Strategy::NextUrl(place) => (None, Some(place.location()), None, Vec::new()),
            Strategy::LinkHeader => (
                None,
                Some(Location::Header { name: "Link".into() }),
                None,
                Vec::new(),
            ),
            Strategy::Offset => (None, None, None, Vec::new()),
            Strategy::Page(echo) => (None, None, place(echo), Vec::new()),
            Strategy::Keyset(fields) => {
                let keys = fields
                    .iter()
                    .map(|field| Location::Body {
                        json_path: json_path(
                            self.items.members.iter().map(|member| member.json.as_str()),
                            Some(&field.member.json),
                        ),
                    })
                    .collect();
                (None, None, None, keys)
            }
        };
        ResponseLocations {
            items: self.items.location(),
            next_cursor,
            next_url,
            keyset,
            has_more: place(&self.has_more),
            total: place(&self.total),
            total_pages: place(&self.total_pages),
            page,
        }
    }
}

/// Where a classification came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A vendor extension of the operation (`x-speakeasy-pagination`, ...).
    Extension(&'static str),
    /// Parameter and field names.
    Convention,
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Extension(name) => f.write_str(name),
            Source::Convention => f.write_str("convention"),
        }
    }
}

/// Follows `path` (JSON member names) from the response schema `root`. The error says which member is
/// missing or what is in the way, for the report.
pub(crate) fn locate<'d>(
    document: &'d Document,
    root: &Schema<'d>,
    path: &[&str],
) -> Result<(Place, Schema<'d>), String> {
    let mut members = Vec::new();
    let mut current = root.clone();
    for (index, name) in path.iter().enumerate() {
        let so_far = || {
            let mut names: Vec<&str> = path[..index].to_vec();
            names.push(name);
            names.join(".")
        };
        if current.kind() != Kind::Object {
            return Err(format!(
                "`{}` is not an object, so it has no `{name}`",
                if index == 0 {
                    "the response".to_owned()
                } else {
                    path[..index].join(".")
                }
            ));
        }
        let property = current
            .property(document, name)
            .map_err(|error| error.to_string())?
            .ok_or_else(|| format!("the response has no `{}`", so_far()))?;
        members.push(Member::of(&property));
        current = property.schema;
    }
    Ok((
        Place {
            members,
            kind: current.kind(),
        },
        current,
    ))
}

/// The items at `path`: an array, and what its items are.
pub(crate) fn locate_items<'d>(
    document: &'d Document,
    root: &Schema<'d>,
    path: &[&str],
) -> Result<(Place, Item, Option<Schema<'d>>), String> {
    let (place, schema) = locate(document, root, path)?;
    if place.kind != Kind::Array {
        return Err(format!("`{}` is not an array", place.json_path()));
    }
    let item_schema = match schema.items(document) {
        Some(Ok(item)) => Some(item),
        Some(Err(error)) => return Err(error.to_string()),
        None => None,
    };
    let item = Item {
        schema_name: item_schema.as_ref().and_then(|item| item.name.clone()),
        kind: item_schema.as_ref().map_or(Kind::Any, Schema::kind),
        format: item_schema.as_ref().and_then(Schema::format).map(str::to_owned),
    };
    Ok((place, item, item_schema))
}

/// A field of the item schema, for a keyset key.
pub(crate) fn key_field(
    document: &Document,
    item: Option<&Schema<'_>>,
    name: &str,
) -> Result<KeyField, String> {
    let item = item.ok_or_else(|| "the items have no schema".to_owned())?;
    let property = item
        .property(document, name)
        .map_err(|error| error.to_string())?
        .ok_or_else(|| format!("the items have no `{name}` field"))?;
    let kind = property.schema.kind();
    if !matches!(kind, Kind::String | Kind::Integer) {
        return Err(format!("the items' `{name}` is not a string or an integer"));
    }
    Ok(KeyField {
        member: Member::of(&property),
        kind,
    })
}

#[cfg(test)]
mod tests {
    use super::json_path;

    #[test]
    fn json_paths_quote_names_that_need_it() {
        let path = |names: &[&str], last: Option<&str>| json_path(names.iter().copied(), last);
        assert_eq!(path(&[], None), "$");
        assert_eq!(
            path(&["response_metadata", "next_cursor"], None),
            "$.response_metadata.next_cursor"
        );
        assert_eq!(path(&["@odata.nextLink"], None), "$['@odata.nextLink']");
        assert_eq!(path(&["it's", "a\\b", "1st"], None), r"$['it\'s']['a\\b']['1st']");
        assert_eq!(path(&["a\nb"], None), r"$['a\u000ab']");
        assert_eq!(path(&[], Some("id")), "$[-1].id");
        assert_eq!(path(&["data"], Some("@id")), "$.data[-1]['@id']");
    }
}

/// How much a decision rests on what the document declares.
///
/// ```
/// use paginated_openapi::Confidence;
///
/// assert_eq!(Confidence::Low.to_string(), "low");
/// assert!(Confidence::High > Confidence::Medium && Confidence::Medium > Confidence::Low);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    /// Something the document did not declare, taken from the documented example of the response or
    /// from a parameter's description (a member the response schema lacks, a `Link` header it does
    /// not declare).
    Low,
    /// The names of parameters and fields the document declares (descriptions only choose between
    /// declared fields: a deprecated list, an alternate representation).
    Medium,
    /// A vendor extension of the operation says so.
    High,
}

impl fmt::Display for Confidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        })
    }
}

/// Where a request parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParameterLocation {
    /// The query string.
    Query,
    /// A member of the JSON request body (`params_in = "body"`).
    Body,
}

/// A request parameter pagination sends.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Parameter {
    /// Its name, as the document spells it.
    pub name: String,
    /// Where it goes.
    #[serde(rename = "in")]
    pub location: ParameterLocation,
}

/// The request parameters of a paginated operation, by role; `None` for a role the strategy does not
/// send, or for which the document names no parameter.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RequestParameters {
    /// The cursor sent back (`cursor`, `page_token`, ...): strategy `cursor`.
    pub cursor: Option<Parameter>,
    /// The page number: strategy `page`.
    pub page: Option<Parameter>,
    /// The offset: strategy `offset`.
    pub offset: Option<Parameter>,
    /// The page size (`limit`, `per_page`, `pageSize`, `$top`, ...).
    pub size: Option<Parameter>,
    /// The last item's key sent back (`starting_after`): strategy `keyset`.
    pub keyset: Option<Parameter>,
    /// The largest page size the document allows.
    pub max_page_size: Option<u64>,
    /// The first page's number: strategy `page` only (0 or 1).
    pub first_page: Option<u64>,
}

/// Where a value is in a response.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "in", rename_all = "snake_case")]
pub enum Location {
    /// In the JSON body, at a JSONPath (RFC 9535): `$` is the body, `$.data`, `$['@odata.nextLink']`,
    /// and `$.data[-1].id` the last item's `id`.
    Body {
        /// The JSONPath.
        json_path: String,
    },
    /// A response header (`Link`, whose `rel="next"` target is the next page).
    Header {
        /// The header's name.
        name: String,
    },
}

/// Where a paginated operation's response holds its items and signals; `None` for what it does not
/// hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ResponseLocations {
    /// The items (an array).
    pub items: Location,
    /// The next cursor: strategy `cursor`.
    pub next_cursor: Option<Location>,
    /// The next page's URL, in the body or the `Link` header: strategies `next_url` and `link_header`.
    pub next_url: Option<Location>,
    /// The last item's fields a keyset walk sends back: strategy `keyset`; empty otherwise.
    pub keyset: Vec<Location>,
    /// Whether there are more pages (a boolean).
    pub has_more: Option<Location>,
    /// The total number of items.
    pub total: Option<Location>,
    /// The total number of pages.
    pub total_pages: Option<Location>,
    /// The page number the response echoes: strategy `page`.
    pub page: Option<Location>,
}
