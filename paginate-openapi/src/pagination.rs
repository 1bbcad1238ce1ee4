//! What was decided about one operation: its strategy, where the items and signals are in the response
//! (as JSON members, with what the schema says of each), and the parameter names. Emitters turn this
//! into attributes; nothing here knows about Rust names.

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
        }
    }

    /// Whether the body is a bare array.
    pub fn is_bare_array(&self) -> bool {
        self.items.members.is_empty()
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
