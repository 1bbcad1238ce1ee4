//! Impls for the types progenitor generates: `impl_paginate!` on its response type, named the way
//! progenitor (through typify) names types and fields: `types::` + the schema's component name in
//! PascalCase, or `types::{OperationId}Response` for an inline response schema; fields in snake_case;
//! optional members as `Option` unless they are arrays, maps or have a default.

use crate::emit::envelope::OperationName;
use crate::emit::{attribute, envelope_derive, rust_path, strategy_keys, Emitted, Fields};
use crate::naming::{doc_text, string_literal, type_name};
use crate::pagination::{Item, Pagination};
use crate::schema::Kind;

/// The code for one operation; `bare_name` names the envelope a bare array needs.
pub(crate) fn impl_for(
    operation: &OperationName<'_>,
    pagination: &Pagination,
    bare_name: &str,
    krate: &str,
) -> Result<Emitted, String> {
    if let Some(gap) = &pagination.typed_gap {
        return Err(format!("progenitor's types cannot hold this pagination: {gap}"));
    }
    let mut notes = Vec::new();
    let envelope = match &pagination.envelope_name {
        Some(name) => format!("types::{}", type_name(name)),
        None => {
            let name = format!("types::{}", type_name(&format!("{}-response", operation.id)));
            if !pagination.is_bare_array() {
                notes.push(format!(
                    "the response schema is inline: progenitor names its type `{name}`"
                ));
            }
            name
        }
    };
    let item = item_type(&pagination.item, &envelope, &pagination.items.members, &mut notes);

    if pagination.is_bare_array() {
        // progenitor returns `Vec<Item>` for a bare array: there is no type of its own to implement the
        // trait on, so the envelope is ours, and wraps what progenitor returns.
        notes.push(format!(
            "progenitor returns `Vec<{item}>`: wrap it as `{bare_name} {{ items: response.into_inner() }}`"
        ));
        let keys = strategy_keys(pagination, Fields::Envelope, krate);
        let derive = envelope_derive(krate);
        let code = format!(
            "/// A page of `{} {}` (`{}`), which progenitor returns as a `Vec`.\n{derive}\n#[serde(transparent)]\n{}\npub struct {bare_name} {{\n    pub items: Vec<{item}>,\n}}\n",
            operation.method,
            doc_text(operation.path),
            doc_text(operation.id),
            attribute("paginate", &keys, 0),
        );
        return Ok(Emitted {
            code,
            names: vec![bare_name.to_owned()],
            keys,
            notes,
        });
    }

    let mut keys = vec![
        format!(
            "items = {}",
            string_literal(&rust_path(&pagination.items.members, Fields::Typify))
        ),
        format!("item = {item}"),
    ];
    keys.extend(strategy_keys(pagination, Fields::Typify, krate));
    let code = format!(
        "// `{} {}` (`{}`)\n{krate}::impl_paginate! {{\n{}\n    {envelope}\n}}\n",
        operation.method,
        doc_text(operation.path),
        doc_text(operation.id),
        attribute("paginate", &keys, 4),
    );
    Ok(Emitted {
        code,
        names: vec![envelope],
        keys,
        notes,
    })
}

/// The item type as progenitor names it: its component name, a Rust primitive, or for an inline object
/// typify's name for it (the parent type, the member, `Item`).
fn item_type(
    item: &Item,
    envelope: &str,
    members: &[crate::pagination::Member],
    notes: &mut Vec<String>,
) -> String {
    if let Some(name) = &item.schema_name {
        return format!("types::{}", type_name(name));
    }
    let format = item.format.as_deref();
    match item.kind {
        Kind::String => match format {
            Some("uuid") => "::uuid::Uuid".into(),
            Some("date-time") => "::chrono::DateTime<::chrono::offset::Utc>".into(),
            Some("date") => "::chrono::naive::NaiveDate".into(),
            _ => "::std::string::String".into(),
        },
        Kind::Integer => match format {
            Some("int32") => "i32".into(),
            Some("uint32") => "u32".into(),
            Some("uint64") => "u64".into(),
            _ => "i64".into(),
        },
        Kind::Number => match format {
            Some("float") => "f32".into(),
            _ => "f64".into(),
        },
        Kind::Boolean => "bool".into(),
        Kind::Any => "::serde_json::Value".into(),
        Kind::Array | Kind::Object => {
            let mut name = envelope.to_owned();
            for member in members {
                name.push_str(&type_name(&member.json));
            }
            name.push_str("Item");
            notes.push(format!(
                "the item schema is inline: progenitor names its type `{name}` unless it had to rename it"
            ));
            name
        }
    }
}
