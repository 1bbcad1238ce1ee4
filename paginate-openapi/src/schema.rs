//! A read-only view of a JSON Schema (as the three OpenAPI versions write it), with `$ref`s followed:
//! its kind, nullability, properties (through `allOf`, `oneOf`, `anyOf`) and array items.

use serde_json::Value;

use crate::document::Document;
use crate::error::RefError;

/// What a schema holds, as far as pagination cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    /// No `type`, and nothing that implies one.
    Any,
}

/// A schema with its `$ref`s followed; `name` is the component it was referenced as, if any.
#[derive(Debug, Clone)]
pub(crate) struct Schema<'d> {
    pub value: &'d Value,
    pub name: Option<String>,
    /// The schema said `null` is allowed (3.0 `nullable`, 2.0 `x-nullable`, 3.1 `type: [.., "null"]`,
    /// or a `null` variant of `anyOf`/`oneOf`).
    pub nullable: bool,
}

/// One property of an object schema.
#[derive(Debug, Clone)]
pub(crate) struct Property<'d> {
    pub name: String,
    pub schema: Schema<'d>,
    pub required: bool,
    /// The property's schema as written, before its `$ref` is followed: its `description` and
    /// `deprecated` may sit beside the `$ref`.
    pub declared: &'d Value,
}

impl<'d> Property<'d> {
    /// The description written beside the property, or else its schema's.
    pub fn description(&self) -> Option<&'d str> {
        [self.declared, self.schema.value]
            .into_iter()
            .find_map(|value| value.get("description").and_then(Value::as_str))
    }

    /// Marked deprecated: `deprecated: true`, or a description that starts with "Deprecated".
    pub fn deprecated(&self) -> bool {
        let flagged = [self.declared, self.schema.value]
            .into_iter()
            .any(|value| value.get("deprecated").and_then(Value::as_bool) == Some(true));
        flagged
            || self.description().is_some_and(|text| {
                text.trim_start()
                    .get(..10)
                    .is_some_and(|start| start.eq_ignore_ascii_case("deprecated"))
            })
    }
}

/// `allOf` of `allOf` of ... deeper than this is not a real schema.
const MAX_COMPOSITION_DEPTH: usize = 16;

impl<'d> Schema<'d> {
    /// Follows `value`'s `$ref`s, then unwraps the compositions that only add nullability or wrap one
    /// schema (`allOf: [X]`, `anyOf: [X, {type: null}]`).
    pub fn resolve(document: &'d Document, value: &'d Value) -> Result<Schema<'d>, RefError> {
        let (mut value, mut name) = document.resolve(value)?;
        let mut nullable = is_nullable(value);
        for _ in 0..MAX_COMPOSITION_DEPTH {
            let Some(inner) = single_wrapped(value) else {
                break;
            };
            let (resolved, inner_name) = document.resolve(inner)?;
            nullable |= is_nullable(value) || is_nullable(resolved);
            name = name.or(inner_name);
            value = resolved;
        }
        Ok(Schema {
            value,
            name,
            nullable,
        })
    }

    pub fn kind(&self) -> Kind {
        let types = types(self.value);
        let named = types.iter().find(|t| **t != "null").copied();
        match named {
            Some("string") => Kind::String,
            Some("integer") => Kind::Integer,
            Some("number") => Kind::Number,
            Some("boolean") => Kind::Boolean,
            Some("array") => Kind::Array,
            Some("object") => Kind::Object,
            _ if self.value.get("items").is_some_and(Value::is_object) => Kind::Array,
            // `items` as a list without `type` is a choice of alternatives (Slack's documents write
            // `oneOf` this way): an object when the alternatives are.
            _ if self.value.get("items").is_some_and(Value::is_array) => {
                let alternatives = self.value["items"].as_array().into_iter().flatten();
                let objects = alternatives
                    .filter(|alternative| {
                        alternative.get("properties").is_some() || alternative.get("$ref").is_some()
                    })
                    .count();
                if objects > 0 {
                    Kind::Object
                } else {
                    Kind::Any
                }
            }
            _ if ["properties", "allOf", "oneOf", "anyOf", "additionalProperties"]
                .iter()
                .any(|key| self.value.get(key).is_some()) =>
            {
                Kind::Object
            }
            _ => Kind::Any,
        }
    }

    pub fn format(&self) -> Option<&'d str> {
        self.value.get("format").and_then(Value::as_str)
    }

    /// An unsigned number the schema declares under `key` (`maximum`, `minimum`, `default`).
    pub fn unsigned(&self, key: &str) -> Option<u64> {
        let value = self.value.get(key)?;
        value.as_u64().or_else(|| {
            value
                .as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0)
                .map(|f| f as u64)
        })
    }

    pub fn has_default(&self) -> bool {
        self.value.get("default").is_some()
    }

    /// A map (`additionalProperties` without `properties`), which generators make a `HashMap`.
    pub fn is_map(&self) -> bool {
        self.kind() == Kind::Object
            && self.value.get("properties").is_none()
            && self
                .value
                .get("additionalProperties")
                .is_some_and(|extra| extra != &Value::Bool(false))
    }

    /// The schema of an array's items.
    pub fn items(&self, document: &'d Document) -> Option<Result<Schema<'d>, RefError>> {
        (self.kind() == Kind::Array)
            .then(|| self.value.get("items"))
            .flatten()
            .map(|items| Schema::resolve(document, items))
    }

    /// The properties of an object schema, merged through `allOf` (required if any part requires
    /// it) and `oneOf`/`anyOf` (never required: a variant may lack it), first declaration first.
    pub fn properties(&self, document: &'d Document) -> Result<Vec<Property<'d>>, RefError> {
        let mut out = Vec::new();
        collect_properties(document, self.value, true, &mut out, 0)?;
        Ok(out)
    }

    pub fn property(&self, document: &'d Document, name: &str) -> Result<Option<Property<'d>>, RefError> {
        Ok(self
            .properties(document)?
            .into_iter()
            .find(|property| property.name == name))
    }
}

fn collect_properties<'d>(
    document: &'d Document,
    value: &'d Value,
    may_require: bool,
    out: &mut Vec<Property<'d>>,
    depth: usize,
) -> Result<(), RefError> {
    if depth > MAX_COMPOSITION_DEPTH {
        return Ok(());
    }
    let (value, _) = document.resolve(value)?;
    let required: Vec<&str> = value
        .get("required")
        .and_then(Value::as_array)
        .map(|names| names.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(properties) = value.get("properties").and_then(Value::as_object) {
        for (name, schema) in properties {
            let required = may_require && required.contains(&name.as_str());
            if let Some(known) = out.iter_mut().find(|property| &property.name == name) {
                known.required |= required;
                continue;
            }
            out.push(Property {
                name: name.clone(),
                schema: Schema::resolve(document, schema)?,
                required,
                declared: schema,
            });
        }
    }
    // `items` as a list without `type`: alternatives, as `anyOf` (see `Schema::kind`).
    let alternatives = if value.get("type").is_none() {
        "items"
    } else {
        "anyOf"
    };
    for (key, may_require) in [
        ("allOf", may_require),
        ("oneOf", false),
        ("anyOf", false),
        (alternatives, false),
    ] {
        for part in value.get(key).and_then(Value::as_array).into_iter().flatten() {
            collect_properties(document, part, may_require, out, depth + 1)?;
        }
    }
    // `required` may name properties declared by an `allOf` part.
    for property in out.iter_mut() {
        property.required |= may_require && required.contains(&property.name.as_str());
    }
    Ok(())
}

fn types(value: &Value) -> Vec<&str> {
    match value.get("type") {
        Some(Value::String(one)) => vec![one.as_str()],
        Some(Value::Array(many)) => many.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn is_nullable(value: &Value) -> bool {
    let flag = |key| value.get(key).and_then(Value::as_bool) == Some(true);
    flag("nullable")
        || flag("x-nullable")
        || types(value).contains(&"null")
        || ["anyOf", "oneOf"].iter().any(|key| {
            value
                .get(key)
                .and_then(Value::as_array)
                .is_some_and(|variants| variants.iter().any(|variant| types(variant) == ["null"]))
        })
}

/// The one schema a composition wraps: `allOf: [X]`, or `anyOf`/`oneOf` of `X` and `null`, when the
/// schema adds no type or properties of its own.
fn single_wrapped(value: &Value) -> Option<&Value> {
    if ["type", "properties", "items"]
        .iter()
        .any(|key| value.get(key).is_some())
    {
        return None;
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(parts) = value.get(key).and_then(Value::as_array) {
            let mut non_null = parts.iter().filter(|part| types(part) != ["null"]);
            if let (Some(one), None) = (non_null.next(), non_null.next()) {
                let others = ["allOf", "anyOf", "oneOf"].iter().filter(|other| **other != key);
                if others.into_iter().all(|other| value.get(other).is_none()) {
                    return Some(one);
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn document() -> Document {
        Document::from_value(json!({
            "openapi": "3.1.0",
            "components": { "schemas": {
                "Base": { "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } } },
                "Page": {
                    "allOf": [{ "$ref": "#/components/schemas/Base" }],
                    "required": ["data"],
                    "properties": {
                        "data": { "type": "array", "items": { "$ref": "#/components/schemas/Base" } },
                        "next": { "type": ["string", "null"], "format": "uri" },
                    },
                },
                "MaybePage": { "anyOf": [{ "$ref": "#/components/schemas/Page" }, { "type": "null" }] },
            }},
        }))
        .unwrap()
    }

    #[test]
    fn properties_merge_all_of_and_track_required_and_null() {
        let document = document();
        let reference = json!({ "$ref": "#/components/schemas/MaybePage" });
        let page = Schema::resolve(&document, &reference).unwrap();
        assert!(page.nullable);
        assert_eq!(page.name.as_deref(), Some("MaybePage"));
        let properties = page.properties(&document).unwrap();
        let summary: Vec<(&str, bool, bool)> = properties
            .iter()
            .map(|p| (p.name.as_str(), p.required, p.schema.nullable))
            .collect();
        assert_eq!(
            summary,
            [("data", true, false), ("next", false, true), ("id", true, false)]
        );
        let data = &properties[0].schema;
        assert_eq!(data.kind(), Kind::Array);
        let item = data.items(&document).unwrap().unwrap();
        assert_eq!(item.name.as_deref(), Some("Base"));
        assert_eq!(properties[1].schema.format(), Some("uri"));
    }
}
