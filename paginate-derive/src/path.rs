//! Field paths written in attribute strings: `pagination.next_cursor`, `meta?.next_page_link`.

use proc_macro2::Span;
use syn::{Ident, LitStr};

/// One segment of a path: a field name, and whether it is an `Option` to look inside (`?`).
#[derive(Clone)]
pub struct Segment {
    pub ident: Ident,
    pub optional: bool,
}

/// A parsed path, with the literal it came from for spans.
#[derive(Clone)]
pub struct FieldPath {
    pub segments: Vec<Segment>,
    pub lit: LitStr,
}

impl FieldPath {
    pub fn parse(lit: &LitStr) -> syn::Result<Self> {
        Self::parse_str(&lit.value(), lit)
    }

    /// Parses one path out of `text`; spans point at `lit`.
    pub fn parse_str(text: &str, lit: &LitStr) -> syn::Result<Self> {
        let error = |message: String| syn::Error::new(lit.span(), message);
        let text = text.trim();
        if text.is_empty() {
            return Err(error(
                "empty path: expected a field path such as `pagination.next_cursor`".into(),
            ));
        }
        let mut segments = Vec::new();
        for raw in text.split('.') {
            let raw = raw.trim();
            let (name, optional) = match raw.strip_suffix('?') {
                Some(name) => (name.trim_end(), true),
                None => (raw, false),
            };
            if name.is_empty() {
                return Err(error(format!(
                    "malformed path `{text}`: empty segment; write field names separated by single dots"
                )));
            }
            segments.push(Segment {
                ident: field_ident(name, lit.span())
                    .ok_or_else(|| error(format!("malformed path `{text}`: `{name}` is not a field name")))?,
                optional,
            });
        }
        Ok(FieldPath {
            segments,
            lit: lit.clone(),
        })
    }

    pub fn is_nested(&self) -> bool {
        self.segments.len() > 1
    }

    pub fn first(&self) -> &Segment {
        &self.segments[0]
    }

    pub fn span(&self) -> Span {
        self.lit.span()
    }
}

/// A field identifier spanned at the attribute, so rustc's "no field" errors land on it.
fn field_ident(name: &str, span: Span) -> Option<Ident> {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let first = chars.next()?;
    let valid = (first == '_' || first.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric());
    if !valid || bare == "_" {
        return None;
    }
    if raw {
        return Some(Ident::new_raw(bare, span));
    }
    syn::parse_str::<Ident>(bare)
        .ok()
        .map(|ident| Ident::new(&ident.to_string(), span))
}
