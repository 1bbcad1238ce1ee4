//! An envelope for `#[derive(Paginate)]` written from run-time attributes: the structs that hold the
//! members the walk reads, with Rust names (`#[serde(rename)]` where the JSON name differs), and the
//! attribute with paths over those fields. Nested objects are structs read with `#[serde(default)]`,
//! so no path needs `?`; values the walk reads are `Option`s.

use std::collections::HashSet;
use std::fmt::Write;

use heck::{ToSnakeCase, ToUpperCamelCase};
use paginated_attr::{Attributes, FieldPath, Name, Segment, Source, StrategyAttr};
use proc_macro2::{Ident, Span};
use serde_json::Value;

/// What a leaf member holds, as the walk reads it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Items,
    Cursor,
    Url,
    Flag,
    Count,
    Errors,
    Carry,
    KeyPart,
}

/// One member of a struct: its JSON name, Rust name, and what it holds.
struct Field {
    json: String,
    rust: String,
    kind: Kind,
}

enum Kind {
    Leaf(Role, String),
    /// An object: the struct's index.
    Object(usize),
    /// A list of objects (`[]`): the element struct's index.
    List(usize),
}

#[derive(Default)]
struct Struct {
    name: String,
    fields: Vec<Field>,
    /// The items' element struct keeps every other member.
    flatten: bool,
}

/// The structs, the root first.
struct Sketch {
    structs: Vec<Struct>,
    names: HashSet<String>,
}

/// The Rust source of an envelope for `attrs`; `sample` (the first page's body) gives the leaves'
/// types where it holds them.
pub fn envelope(attrs: &Attributes, sample: Option<&Value>) -> String {
    let mut sketch = Sketch {
        structs: vec![Struct {
            name: "Page".to_owned(),
            ..Struct::default()
        }],
        names: HashSet::from(["Page".to_owned()]),
    };
    let mut derived = attrs.clone();
    let items = attrs.items.clone().unwrap_or_else(|| {
        FieldPath::new(vec![segment("items")], Span::call_site()).unwrap_or_else(|| unreachable!())
    });
    let body_is_list = attrs.items.is_none();
    derived.items = Some(sketch.place(&items, Role::Items, sample));
    let item_struct = match &attrs.strategy().map(|strategy| &strategy.attr) {
        Some(StrategyAttr::Keyset(_)) => Some(sketch.item_struct(&items)),
        _ => None,
    };
    for strategy in &mut derived.strategies {
        match &mut strategy.attr {
            StrategyAttr::Cursor(source) => *source = sketch.source(source, Role::Cursor, sample),
            StrategyAttr::NextUrl(source) => *source = sketch.source(source, Role::Url, sample),
            StrategyAttr::Page(Some(source)) => *source = sketch.source(source, Role::Count, sample),
            StrategyAttr::Keyset(parts) => {
                let index = item_struct.unwrap_or(0);
                let last_item = sample
                    .and_then(|sample| value_at(sample, &items))
                    .and_then(|list| list.as_array()?.last());
                for part in parts.iter_mut() {
                    *part = sketch.place_in(index, part, Role::KeyPart, last_item);
                }
            }
            StrategyAttr::LinkHeader | StrategyAttr::Offset | StrategyAttr::Page(None) => {}
        }
    }
    // A nested items path names its item type.
    if items.segments.len() > 1 {
        let item = match item_struct {
            Some(index) => sketch.structs[index].name.clone(),
            None => "serde_json::Value".to_owned(),
        };
        derived.item = syn::parse_str(&item).ok();
    }
    for (source, role) in [
        (&mut derived.has_more, Role::Flag),
        (&mut derived.total, Role::Count),
        (&mut derived.total_pages, Role::Count),
    ] {
        if let Some(source) = source {
            *source = sketch.source(source, role, sample);
        }
    }
    if let Some(path) = &mut derived.errors {
        *path = sketch.place(path, Role::Errors, sample);
    }
    if let Some(path) = &mut derived.carry {
        *path = sketch.place(path, Role::Carry, sample);
    }
    let mut text = String::from("use paginated::Paginate;\nuse serde::Deserialize;\n\n");
    for (index, item) in sketch.structs.iter().enumerate() {
        let derives = if index == 0 {
            "Deserialize, Paginate"
        } else {
            "Deserialize, Default"
        };
        let _ = writeln!(text, "#[derive({derives})]");
        if index == 0 {
            if body_is_list {
                text.push_str("#[serde(transparent)]\n");
            }
            let _ = writeln!(text, "#[paginate({})]", paginated_attr::to_text(&derived));
        }
        let _ = writeln!(text, "struct {} {{", item.name);
        for field in &item.fields {
            if field.rust != field.json && field.rust.strip_prefix("r#") != Some(field.json.as_str()) {
                let _ = writeln!(text, "    #[serde(rename = {:?})]", field.json);
            }
            let ty = match &field.kind {
                Kind::Leaf(Role::Items, ty) => ty.clone(),
                Kind::Leaf(_, ty) => format!("Option<{ty}>"),
                Kind::Object(index) => sketch.structs[*index].name.clone(),
                Kind::List(index) => format!("Vec<{}>", sketch.structs[*index].name),
            };
            let default = matches!(
                field.kind,
                Kind::Object(_) | Kind::List(_) | Kind::Leaf(Role::Items, _)
            );
            if default && !(index == 0 && body_is_list) {
                text.push_str("    #[serde(default)]\n");
            }
            let _ = writeln!(text, "    {}: {ty},", field.rust);
        }
        if item.flatten {
            text.push_str("    #[serde(flatten)]\n    rest: serde_json::Map<String, serde_json::Value>,\n");
        }
        text.push_str("}\n\n");
    }
    text.truncate(text.trim_end().len());
    text.push('\n');
    text
}

fn segment(name: &str) -> Segment {
    Segment {
        name: Name::member(name),
        optional: false,
        each: false,
    }
}

impl Sketch {
    fn source(&mut self, source: &Source, role: Role, sample: Option<&Value>) -> Source {
        match source {
            Source::Body(path) => Source::Body(self.place(path, role, sample)),
            Source::Header(name) => Source::Header(name.clone()),
        }
    }

    /// Declares the members `path` runs through in the envelope; the path over their Rust names.
    fn place(&mut self, path: &FieldPath, role: Role, sample: Option<&Value>) -> FieldPath {
        self.place_in(0, path, role, sample)
    }

    /// Declares `path` from struct `index`, whose value in the sample is `sample`.
    fn place_in(
        &mut self,
        mut index: usize,
        path: &FieldPath,
        role: Role,
        sample: Option<&Value>,
    ) -> FieldPath {
        let sampled = sample.and_then(|sample| value_at(sample, path));
        let mut rust = Vec::with_capacity(path.segments.len());
        let last = path.segments.len() - 1;
        for (at, segment) in path.segments.iter().enumerate() {
            let name = segment.name.json();
            let kind = if at == last {
                let through_list = path.segments[..at].iter().any(|segment| segment.each);
                let ty = match role {
                    // Through a list, each element's member is one item.
                    Role::Items if through_list => "serde_json::Value".to_owned(),
                    _ => leaf_type(role, sampled),
                };
                Kind::Leaf(role, ty)
            } else if segment.each {
                Kind::List(usize::MAX)
            } else {
                Kind::Object(usize::MAX)
            };
            let (field, next) = self.field(index, &name, kind);
            rust.push(Segment {
                name: Name::Ident(ident(&field)),
                optional: false,
                each: segment.each,
            });
            if let Some(next) = next {
                index = next;
            }
        }
        FieldPath::new(rust, Span::call_site()).unwrap_or_else(|| unreachable!("paths are never empty"))
    }

    /// The field `name` of struct `index` (declared if new): its Rust name, and the struct it leads to.
    fn field(&mut self, index: usize, name: &str, kind: Kind) -> (String, Option<usize>) {
        if let Some(field) = self.structs[index].fields.iter().find(|field| field.json == name) {
            let next = match field.kind {
                Kind::Object(next) | Kind::List(next) => Some(next),
                Kind::Leaf(..) => None,
            };
            return (field.rust.clone(), next);
        }
        let kind = match kind {
            Kind::Object(_) => Kind::Object(self.new_struct(name)),
            Kind::List(_) => Kind::List(self.new_struct(name)),
            leaf => leaf,
        };
        let next = match kind {
            Kind::Object(next) | Kind::List(next) => Some(next),
            Kind::Leaf(..) => None,
        };
        let rust = self.rust_name(index, name);
        self.structs[index].fields.push(Field {
            json: name.to_owned(),
            rust: rust.clone(),
            kind,
        });
        (rust, next)
    }

    /// Turns the items of a keyset walk into a struct of their own, keeping every other member.
    fn item_struct(&mut self, items: &FieldPath) -> usize {
        let item = self.new_struct("Item");
        self.structs[item].flatten = true;
        let list = format!("Vec<{}>", self.structs[item].name);
        let mut index = 0;
        for (at, segment) in items.segments.iter().enumerate() {
            let name = segment.name.json();
            let Some(field) = self.structs[index]
                .fields
                .iter_mut()
                .find(|field| field.json == name)
            else {
                return item;
            };
            if at == items.segments.len() - 1 {
                field.kind = Kind::Leaf(Role::Items, list);
                return item;
            }
            match field.kind {
                Kind::Object(next) | Kind::List(next) => index = next,
                Kind::Leaf(..) => return item,
            }
        }
        item
    }

    fn new_struct(&mut self, member: &str) -> usize {
        let base = member.to_upper_camel_case();
        let base = if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            format!("Part{base}")
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        self.structs.push(Struct {
            name,
            ..Struct::default()
        });
        self.structs.len() - 1
    }

    /// A snake-case field name for `member`, unique in struct `index`.
    fn rust_name(&self, index: usize, member: &str) -> String {
        let mut base = member.to_snake_case();
        if base.is_empty() || base.starts_with(|c: char| c.is_ascii_digit()) {
            base = format!("field_{base}");
        }
        if syn::parse_str::<syn::Ident>(&base).is_err() {
            base = format!("r#{base}");
        }
        let taken = |name: &str| self.structs[index].fields.iter().any(|field| field.rust == name);
        let mut name = base.clone();
        let mut n = 2;
        while taken(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }
}

/// The value at `path` in `root` (through a list, its first element's).
fn value_at<'v>(root: &'v Value, path: &FieldPath) -> Option<&'v Value> {
    let mut value = root;
    for segment in &path.segments {
        value = value.get(segment.name.json())?;
        if segment.each {
            value = value.as_array()?.first()?;
        }
    }
    Some(value)
}

/// The Rust type of a leaf, from what the sample holds there.
fn leaf_type(role: Role, sampled: Option<&Value>) -> String {
    match role {
        Role::Items => "Vec<serde_json::Value>".to_owned(),
        Role::Url => "String".to_owned(),
        Role::Flag => "bool".to_owned(),
        Role::Count => "u64".to_owned(),
        Role::Errors => "serde_json::Value".to_owned(),
        Role::KeyPart => match sampled {
            Some(Value::String(_)) => "String".to_owned(),
            Some(Value::Number(number)) if number.is_i64() => "i64".to_owned(),
            _ => "serde_json::Value".to_owned(),
        },
        Role::Cursor | Role::Carry => match sampled {
            Some(Value::Number(number)) if number.is_u64() => "u64".to_owned(),
            Some(Value::Object(_) | Value::Array(_)) => "serde_json::Value".to_owned(),
            _ => "String".to_owned(),
        },
    }
}

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
