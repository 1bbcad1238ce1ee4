//! The JSON names serde gives the envelope's fields (`rename`, `rename_all`, `alias`), so a path written
//! with a JSON name gets "write the Rust name" instead of rustc's "no field".
//!
//! Mirrors serde_derive's `internals/case.rs` and the rename parts of `internals/attr.rs`. Only the
//! deserializing side counts: it is the names that arrive in the JSON. Anything serde itself would reject
//! is skipped here; serde reports it.

use syn::meta::ParseNestedMeta;
use syn::{Ident, LitStr};

use paginated_attr::skip_value;

const SERDE: &str = "serde";

/// `#[serde(rename_all = "...")]` of the container.
#[derive(Clone, Copy)]
pub enum RenameRule {
    Lower,
    Upper,
    Pascal,
    Camel,
    Snake,
    ScreamingSnake,
    Kebab,
    ScreamingKebab,
}

impl RenameRule {
    fn from_str(rule: &str) -> Option<Self> {
        Some(match rule {
            "lowercase" => RenameRule::Lower,
            "UPPERCASE" => RenameRule::Upper,
            "PascalCase" => RenameRule::Pascal,
            "camelCase" => RenameRule::Camel,
            "snake_case" => RenameRule::Snake,
            "SCREAMING_SNAKE_CASE" => RenameRule::ScreamingSnake,
            "kebab-case" => RenameRule::Kebab,
            "SCREAMING-KEBAB-CASE" => RenameRule::ScreamingKebab,
            _ => return None,
        })
    }

    /// serde's `RenameRule::apply_to_field`.
    fn apply(self, field: &str) -> String {
        match self {
            RenameRule::Lower | RenameRule::Snake => field.to_owned(),
            RenameRule::Upper | RenameRule::ScreamingSnake => field.to_ascii_uppercase(),
            RenameRule::Pascal => {
                let mut pascal = String::new();
                let mut capitalize = true;
                for ch in field.chars() {
                    if ch == '_' {
                        capitalize = true;
                    } else if capitalize {
                        pascal.push(ch.to_ascii_uppercase());
                        capitalize = false;
                    } else {
                        pascal.push(ch);
                    }
                }
                pascal
            }
            RenameRule::Camel => {
                let pascal = RenameRule::Pascal.apply(field);
                let mut chars = pascal.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_ascii_lowercase().to_string() + chars.as_str()
                })
            }
            RenameRule::Kebab => field.replace('_', "-"),
            RenameRule::ScreamingKebab => field.to_ascii_uppercase().replace('_', "-"),
        }
    }
}

/// The container's `rename_all` rule for deserializing, if any.
pub fn rename_all(attrs: &[syn::Attribute]) -> Option<RenameRule> {
    let mut rule = None;
    for_each_key(attrs, |meta| {
        if meta.path.is_ident("rename_all") {
            if let Some(name) = deserialize_name(meta)? {
                rule = RenameRule::from_str(&name.value());
            }
        } else {
            skip_value(meta.input)?;
        }
        Ok(())
    });
    rule
}

/// The names under which the field arrives in the JSON: its (renamed) name and its aliases.
pub fn json_names(ident: &Ident, attrs: &[syn::Attribute], rule: Option<RenameRule>) -> Vec<String> {
    let unraw = ident.to_string().trim_start_matches("r#").to_owned();
    let mut renamed = None;
    let mut aliases = Vec::new();
    for_each_key(attrs, |meta| {
        if meta.path.is_ident("rename") {
            if let Some(name) = deserialize_name(meta)? {
                renamed = Some(name.value());
            }
        } else if meta.path.is_ident("alias") {
            aliases.push(meta.value()?.parse::<LitStr>()?.value());
        } else {
            skip_value(meta.input)?;
        }
        Ok(())
    });
    let name = renamed.unwrap_or_else(|| rule.map_or_else(|| unraw.clone(), |rule| rule.apply(&unraw)));
    let mut names = vec![name];
    names.extend(aliases);
    names.retain(|name| *name != unraw);
    names
}

/// Calls `f` with each key of the `#[serde(...)]` attributes, ignoring malformed ones.
fn for_each_key(attrs: &[syn::Attribute], mut f: impl FnMut(&ParseNestedMeta) -> syn::Result<()>) {
    for attr in attrs.iter().filter(|attr| attr.path().is_ident(SERDE)) {
        // A malformed attribute is serde's to report.
        let _ = attr.parse_nested_meta(|meta| f(&meta));
    }
}

/// `key = "name"` or `key(deserialize = "name", serialize = "...")`: the name for deserializing.
fn deserialize_name(meta: &ParseNestedMeta) -> syn::Result<Option<LitStr>> {
    if meta.input.peek(syn::Token![=]) {
        return meta.value()?.parse().map(Some);
    }
    let mut name = None;
    meta.parse_nested_meta(|inner| {
        if inner.path.is_ident("deserialize") {
            name = Some(inner.value()?.parse()?);
        } else {
            skip_value(inner.input)?;
        }
        Ok(())
    })?;
    Ok(name)
}
