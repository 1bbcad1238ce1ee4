//! Envelope structs for SDKs without generated types: only the members pagination reads (serde skips
//! the others), nested structs for nested members, the item type a generic parameter defaulting to
//! `serde_json::Value` — or, for keyset walks, which read the last item's key, a struct with the key
//! fields and every other field kept as JSON.

use crate::emit::{attribute, envelope_derive, rust_path, strategy_keys, Emitted, Fields};
use crate::naming::{doc_text, field_name, string_literal, type_name};
use crate::pagination::{Member, Pagination, Strategy};
use crate::schema::Kind;

/// The Rust type of a value pagination reads.
#[derive(Clone, Copy)]
enum Role {
    Items,
    /// A cursor or next URL: always an `Option`, since the last page may leave it out.
    Pointer(Kind),
    Flag,
    Count,
}

struct Field {
    json: String,
    rust: String,
    ty: FieldType,
    optional: bool,
}

enum FieldType {
    Leaf(Role),
    Struct(Box<StructDef>),
}

struct StructDef {
    name: String,
    doc: String,
    fields: Vec<Field>,
    /// Holds the items, directly or below: takes the item type parameter.
    generic: bool,
}

/// Where an operation comes from, for names and docs.
pub(crate) struct OperationName<'a> {
    pub id: &'a str,
    pub method: &'a str,
    pub path: &'a str,
}

/// The code of one operation's envelope, named `name`.
pub(crate) fn envelope(
    operation: &OperationName<'_>,
    pagination: &Pagination,
    name: &str,
    krate: &str,
) -> Result<Emitted, String> {
    let keyset_item = matches!(pagination.strategy, Strategy::Keyset(_)).then(|| format!("{name}Item"));
    let item_type = keyset_item.clone().unwrap_or_else(|| "T".to_owned());
    let mut root = StructDef {
        name: name.to_owned(),
        doc: format!(
            "A page of `{} {}` (`{}`).",
            operation.method,
            doc_text(operation.path),
            doc_text(operation.id)
        ),
        fields: Vec::new(),
        generic: false,
    };
    let bare = pagination.is_bare_array();
    if bare {
        root.fields.push(Field {
            json: String::new(),
            rust: "items".into(),
            ty: FieldType::Leaf(Role::Items),
            optional: false,
        });
        root.generic = keyset_item.is_none();
    } else {
        insert(
            &mut root,
            &pagination.items.members,
            Role::Items,
            keyset_item.is_none(),
        )?;
    }
    if let Strategy::Cursor(place) | Strategy::NextUrl(place) = &pagination.strategy {
        insert(&mut root, &place.members, Role::Pointer(place.kind), false)?;
    }
    if let Strategy::Page(Some(place)) = &pagination.strategy {
        insert(&mut root, &place.members, Role::Count, false)?;
    }
    for (place, role) in [
        (&pagination.has_more, Role::Flag),
        (&pagination.total, Role::Count),
        (&pagination.total_pages, Role::Count),
    ] {
        if let Some(place) = place {
            insert(&mut root, &place.members, role, false)?;
        }
    }

    let mut keys = Vec::new();
    if pagination.items.members.len() > 1 {
        keys.push(format!(
            "items = {}",
            string_literal(&rust_path(&pagination.items.members, Fields::Envelope))
        ));
        keys.push(format!("item = {item_type}"));
    }
    keys.extend(strategy_keys(pagination, Fields::Envelope, krate));

    let mut code = String::new();
    let mut names = Vec::new();
    let derive = envelope_derive(krate);
    let mut extra = vec![derive];
    if bare {
        extra.push("#[serde(transparent)]".into());
    }
    extra.push(attribute("paginate", &keys, 0));
    render(&root, &extra, &item_type, &mut code, &mut names);

    if let (Some(item_name), Strategy::Keyset(parts)) = (&keyset_item, &pagination.strategy) {
        code.push('\n');
        code.push_str(&format!(
            "/// An item of [`{name}`]: the key the walk sends back, and every other field as JSON.\n"
        ));
        code.push_str("#[derive(Debug, Clone, serde::Deserialize)]\n");
        code.push_str(&format!("pub struct {item_name} {{\n"));
        let mut rest = "fields".to_owned();
        for part in parts {
            let member = &part.member;
            let rust = field_name(&member.json);
            if rust == rest {
                rest = "other_fields".into();
            }
            let ty = match part.kind {
                Kind::Integer => "i64",
                _ => "String",
            };
            push_field(
                &mut code,
                &member.json,
                &rust,
                ty,
                Fields::Envelope.is_option(member),
            );
        }
        code.push_str("    #[serde(flatten)]\n");
        code.push_str(&format!(
            "    pub {rest}: serde_json::Map<String, serde_json::Value>,\n}}\n"
        ));
        names.push(item_name.clone());
    }
    Ok(Emitted {
        code,
        names,
        keys,
        notes: Vec::new(),
    })
}

/// Adds the members of a path to `root`, creating nested structs on the way.
fn insert(root: &mut StructDef, members: &[Member], role: Role, generic_items: bool) -> Result<(), String> {
    let (last, parents) = members.split_last().ok_or("an empty path")?;
    let mut current = root;
    for member in parents {
        if generic_items {
            current.generic = true;
        }
        let rust = field_name(&member.json);
        let index = match current.fields.iter().position(|field| field.json == member.json) {
            Some(index) => index,
            None => {
                check_unique(current, &rust)?;
                let nested = StructDef {
                    name: format!("{}{}", current.name, type_name(&member.json)),
                    doc: format!("The `{}` object of [`{}`].", doc_text(&member.json), current.name),
                    fields: Vec::new(),
                    generic: false,
                };
                current.fields.push(Field {
                    json: member.json.clone(),
                    rust,
                    ty: FieldType::Struct(Box::new(nested)),
                    optional: Fields::Envelope.is_option(member),
                });
                current.fields.len() - 1
            }
        };
        current = match &mut current.fields[index].ty {
            FieldType::Struct(nested) => nested,
            FieldType::Leaf(_) => {
                return Err(format!(
                    "`{}` is read both as a value and as an object",
                    member.json
                ))
            }
        };
    }
    if generic_items {
        current.generic = true;
    }
    if current.fields.iter().any(|field| field.json == last.json) {
        return Ok(());
    }
    let rust = field_name(&last.json);
    check_unique(current, &rust)?;
    current.fields.push(Field {
        json: last.json.clone(),
        rust,
        ty: FieldType::Leaf(role),
        optional: Fields::Envelope.is_option(last),
    });
    Ok(())
}

fn check_unique(within: &StructDef, rust: &str) -> Result<(), String> {
    match within.fields.iter().find(|field| field.rust == rust) {
        Some(other) => Err(format!(
            "`{}` and `{}` both become the Rust field `{rust}`",
            other.json, rust
        )),
        None => Ok(()),
    }
}

fn render(
    def: &StructDef,
    attributes: &[String],
    item_type: &str,
    code: &mut String,
    names: &mut Vec<String>,
) {
    let generics = if def.generic && item_type == "T" {
        "<T = serde_json::Value>"
    } else {
        ""
    };
    code.push_str(&format!("/// {}\n", def.doc));
    for attribute in attributes {
        code.push_str(attribute);
        code.push('\n');
    }
    let header = format!("pub struct {}{generics} {{", def.name);
    if header.len() > super::MAX_WIDTH && !generics.is_empty() {
        // rustfmt's layout of a generic list that does not fit.
        code.push_str(&format!(
            "pub struct {}<\n    T = serde_json::Value,\n> {{\n",
            def.name
        ));
    } else {
        code.push_str(&header);
        code.push('\n');
    }
    names.push(def.name.clone());
    for field in &def.fields {
        let ty = match &field.ty {
            FieldType::Leaf(Role::Items) => format!("Vec<{item_type}>"),
            FieldType::Leaf(Role::Pointer(Kind::Integer)) => "i64".into(),
            FieldType::Leaf(Role::Pointer(_)) => "String".into(),
            FieldType::Leaf(Role::Flag) => "bool".into(),
            FieldType::Leaf(Role::Count) => "i64".into(),
            FieldType::Struct(nested) if nested.generic && item_type == "T" => format!("{}<T>", nested.name),
            FieldType::Struct(nested) => nested.name.clone(),
        };
        let optional = field.optional || matches!(field.ty, FieldType::Leaf(Role::Pointer(_)));
        push_field(code, &field.json, &field.rust, &ty, optional);
    }
    code.push_str("}\n");
    for field in &def.fields {
        if let FieldType::Struct(nested) = &field.ty {
            code.push('\n');
            render(
                nested,
                &["#[derive(Debug, Clone, serde::Deserialize)]".to_owned()],
                item_type,
                code,
                names,
            );
        }
    }
}

fn push_field(code: &mut String, json: &str, rust: &str, ty: &str, optional: bool) {
    // A transparent envelope's one field has no JSON name.
    if !json.is_empty() && json != rust {
        code.push_str(&format!("    #[serde(rename = {})]\n", string_literal(json)));
    }
    let ty = if optional {
        format!("Option<{ty}>")
    } else {
        ty.to_owned()
    };
    code.push_str(&format!("    pub {rust}: {ty},\n"));
}
