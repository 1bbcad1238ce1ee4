//! Field paths written in attribute strings (`pagination.next_cursor`, `meta?.next_page_link`,
//! `data.issues.edges[].node`), or named by a field attribute (`#[paginate(cursor)] next: Option<String>`).

use proc_macro2::Span;
use syn::{Ident, LitStr};

use crate::span::located;

/// One segment of a path: a field name, whether it is an `Option` to look inside (`?`), and whether it
/// is a list whose every element the rest of the path is read from (`[]`).
#[derive(Clone)]
pub struct Segment {
    pub ident: Ident,
    pub optional: bool,
    pub each: bool,
}

/// A parsed path. Its identifiers sit at `span`, the attribute string (or the field attribute's key), so
/// rustc's own errors about them land there.
#[derive(Clone)]
pub struct FieldPath {
    pub segments: Vec<Segment>,
    span: Span,
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
        let span = lit.span();
        let raw_segments: Vec<&str> = text.split('.').map(str::trim).collect();
        let mut segments = Vec::new();
        for (index, raw) in raw_segments.iter().enumerate() {
            let (raw_name, each) = match raw.strip_suffix("[]") {
                Some(name) => (name.trim_end(), true),
                None => (*raw, false),
            };
            let (name, optional) = match raw_name.strip_suffix('?') {
                Some(name) => (name.trim_end(), true),
                None => (raw_name, false),
            };
            if each && optional {
                return Err(error(format!(
                    "`{raw}`: `[]` reads a list or an `Option` of one, no `?` needed: write `{name}[]`"
                )));
            }
            if let Some(list) = name.strip_suffix("[]") {
                return Err(error(format!(
                    "`{raw}`: `[]` takes every element of the list `{list}`, which cannot be optional: \
                     write `{list}[]`, and `?` after a field of the element (`{list}[].node?`)"
                )));
            }
            if name.is_empty() {
                return Err(error(format!(
                    "malformed path `{text}`: empty segment; write field names separated by single dots"
                )));
            }
            // A string that is exactly one field name keeps its own span on the identifier: rustc then
            // shows its "a field with a similar name exists" help (which it leaves out of derive
            // expansions), as replacing the string, whose quotes are the one thing it gets wrong.
            let whole = raw_segments.len() == 1 && !each && !optional && lit.value().trim() == text;
            let ident_span = if whole { span } else { located(span) };
            let ident = match field_ident(name, ident_span) {
                Ok(ident) => ident,
                Err(NotAField::Keyword) => {
                    let mut fixed = raw_segments.clone();
                    let raw_name = format!("r#{raw}");
                    fixed[index] = &raw_name;
                    return Err(error(format!(
                        "`{name}` is a Rust keyword: a field of that name is written `r#{name}`: \
                         write \"{}\"",
                        fixed.join(".")
                    )));
                }
                Err(NotAField::Other) => {
                    return Err(error(format!(
                        "malformed path `{text}`: `{name}` is not a field name"
                    )))
                }
            };
            segments.push(Segment {
                ident,
                optional,
                each,
            });
        }
        Ok(FieldPath { segments, span })
    }

    /// A path with `[]`, split there: the path to the list (its last segment the list), and the path
    /// from each element to the item.
    pub fn split_each(&self) -> Option<(FieldPath, FieldPath)> {
        let at = self.segments.iter().position(|segment| segment.each)?;
        let mut list = self.segments[..=at].to_vec();
        list[at].each = false;
        let element = self.segments[at + 1..].to_vec();
        let part = |segments| FieldPath {
            segments,
            span: self.span,
        };
        Some((part(list), part(element)))
    }

    /// The one-segment path of a field, named by a field attribute whose key sits at `span`.
    pub fn field(ident: &Ident, span: Span) -> Self {
        let mut ident = ident.clone();
        ident.set_span(located(span));
        FieldPath {
            segments: vec![Segment {
                ident,
                optional: false,
                each: false,
            }],
            span,
        }
    }

    pub fn is_nested(&self) -> bool {
        self.segments.len() > 1
    }

    pub fn first(&self) -> &Segment {
        &self.segments[0]
    }

    /// Where errors about this path are reported.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The path as written in an attribute string, with the first segment replaced by `first`.
    pub fn text_with_first(&self, first: &str) -> String {
        let mut text = String::new();
        for (index, segment) in self.segments.iter().enumerate() {
            if index > 0 {
                text.push('.');
            }
            if index == 0 {
                text.push_str(first);
            } else {
                text.push_str(&segment.ident.to_string());
            }
            if segment.optional {
                text.push('?');
            }
            if segment.each {
                text.push_str("[]");
            }
        }
        text
    }

    /// The part of the path after its `[]`, as written (`node?` of `edges[].node?`).
    pub fn text_after_each(&self) -> String {
        match self.split_each() {
            Some((_, element)) if !element.segments.is_empty() => element.text(),
            _ => String::new(),
        }
    }

    /// The path as written in an attribute string.
    pub fn text(&self) -> String {
        self.text_with_first(&self.first().ident.to_string())
    }
}

enum NotAField {
    /// A keyword usable as a raw identifier (`continue`, `type`).
    Keyword,
    Other,
}

/// A field identifier with `span` (field names resolve alike in every hygiene context of a
/// `macro_rules!`).
fn field_ident(name: &str, span: Span) -> Result<Ident, NotAField> {
    let (raw, bare) = match name.strip_prefix("r#") {
        Some(bare) => (true, bare),
        None => (false, name),
    };
    let mut chars = bare.chars();
    let first = chars.next().ok_or(NotAField::Other)?;
    let valid = (first == '_' || first.is_alphabetic()) && chars.all(|c| c == '_' || c.is_alphanumeric());
    // These keywords cannot be raw identifiers, so no field has their name.
    if !valid || matches!(bare, "_" | "self" | "Self" | "super" | "crate") {
        return Err(NotAField::Other);
    }
    if raw {
        return Ok(Ident::new_raw(bare, span));
    }
    match syn::parse_str::<Ident>(bare) {
        Ok(_) => Ok(Ident::new(bare, span)),
        Err(_) => Err(NotAField::Keyword),
    }
}
