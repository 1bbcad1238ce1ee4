//! Paths written in attribute strings (`pagination.next_cursor`, `meta?.next_page_link`,
//! `data.issues.edges[].node`, `'@odata.nextLink'`), or named by a field attribute
//! (`#[paginate(cursor)] next: Option<String>`).
//!
//! A segment is a bare name, or a name in single quotes (`\'` and `\\` escape a quote and a backslash in
//! it), followed by `?` (an `Option` to look inside, or at run time a member that may be missing or
//! null) or `[]` (a list whose every element the rest of the path is read from). For the derive a bare
//! name is a Rust field, and quoted names are refused; at run time every name is a JSON member.

use std::fmt;

use proc_macro2::{Literal, Span};
use syn::ext::IdentExt;
use syn::parse::Parser;
use syn::{Ident, LitStr};

use crate::keys::KEYSET;

/// Who reads the attribute: what a path's names are, and which keys apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// `#[derive(Paginate)]` and `impl_paginate!`: paths name Rust fields, and a quoted name is refused
    /// with the field declaration that reads that JSON member.
    Derive,
    /// Attribute text read at run time: paths name JSON members, and the keys about a Rust type (`item`,
    /// `crate`) are refused.
    Runtime,
}

/// A span that resolves names at the macro's call site and points at `at`.
///
/// Taking `at` as is would also take its hygiene: a string passed into a `macro_rules!` that stamps out
/// envelopes would make the generated `self` a name from the caller's context, where it means nothing.
pub fn located(at: Span) -> Span {
    Span::call_site().located_at(at)
}

/// The name of one segment.
#[derive(Clone, PartialEq, Eq)]
pub enum Name {
    /// A bare name (`next_cursor`, `r#type`): a Rust field for the derive, the JSON member of that name
    /// (`type` for `r#type`) at run time. Its span is where errors about the field are reported.
    Ident(Ident),
    /// A quoted name (`'@odata.nextLink'`), without its quotes: a JSON member whose name is no Rust
    /// identifier. Only attribute text read at run time has them.
    Quoted(String),
}

impl Name {
    /// The name of the JSON member `member`: bare when it can be written bare, quoted otherwise.
    ///
    /// ```
    /// use paginated_attr::Name;
    ///
    /// assert_eq!(Name::member("next_cursor").to_string(), "next_cursor");
    /// assert_eq!(Name::member("@odata.nextLink").to_string(), "'@odata.nextLink'");
    /// assert_eq!(Name::member("@odata.nextLink").json(), "@odata.nextLink");
    /// ```
    pub fn member(member: &str) -> Name {
        match bare_ident(member, Span::call_site()) {
            // `r#type` written bare is the member `type`.
            Some(ident) if !member.starts_with("r#") => Name::Ident(ident),
            _ => Name::Quoted(member.to_owned()),
        }
    }

    /// The Rust field this name is, when it is a bare name.
    pub fn ident(&self) -> Option<&Ident> {
        match self {
            Name::Ident(ident) => Some(ident),
            Name::Quoted(_) => None,
        }
    }

    /// The JSON member this name reads at run time.
    pub fn json(&self) -> String {
        match self {
            Name::Ident(ident) => ident.unraw().to_string(),
            Name::Quoted(name) => name.clone(),
        }
    }
}

/// The name as written in a path: bare, or quoted with its escapes.
impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Name::Ident(ident) => ident.fmt(f),
            Name::Quoted(name) => f.write_str(&quote(name)),
        }
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// One segment of a path: a name, whether it is an `Option` to look inside (`?`), and whether it is a
/// list whose every element the rest of the path is read from (`[]`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Segment {
    /// The field or member.
    pub name: Name,
    /// Written with `?`.
    pub optional: bool,
    /// Written with `[]`.
    pub each: bool,
}

/// A parsed path. Its identifiers sit at `span`, the attribute string (or the field attribute's key), so
/// rustc's own errors about them land there.
#[derive(Clone)]
pub struct FieldPath {
    /// The segments, never none.
    pub segments: Vec<Segment>,
    span: Span,
}

impl FieldPath {
    /// A path of `segments`, reported at `span`; `None` without a segment.
    ///
    /// ```
    /// use paginated_attr::{FieldPath, Name, Segment};
    ///
    /// let segment = |name| Segment { name: Name::member(name), optional: false, each: false };
    /// let path = FieldPath::new(vec![segment("meta"), segment("next-page")], proc_macro2::Span::call_site());
    /// assert_eq!(path.unwrap().text(), "meta.'next-page'");
    /// ```
    pub fn new(segments: Vec<Segment>, span: Span) -> Option<Self> {
        (!segments.is_empty()).then_some(FieldPath { segments, span })
    }

    /// Parses the path written in `lit`, the value of `key`.
    pub fn parse(lit: &LitStr, key: &str, mode: Mode) -> syn::Result<Self> {
        Self::parse_part(&lit.value(), lit, key, mode)
    }

    /// Parses one path out of `text`, a part of the value of `lit` (one field of a `keyset` list);
    /// errors point at `lit`.
    pub fn parse_part(text: &str, lit: &LitStr, key: &str, mode: Mode) -> syn::Result<Self> {
        let error = |message: String| syn::Error::new(lit.span(), message);
        let text = text.trim();
        if text.is_empty() {
            return Err(error(
                "empty path: expected a field path such as `pagination.next_cursor`".into(),
            ));
        }
        let span = lit.span();
        let raw_segments: Vec<&str> = split_unquoted(text, '.').into_iter().map(str::trim).collect();
        let mut segments = Vec::new();
        for (index, raw) in raw_segments.iter().enumerate() {
            if raw.starts_with('\'') {
                let quoted = Quoted {
                    text,
                    raw_segments: &raw_segments,
                    index,
                    lit,
                    key,
                };
                segments.push(quoted.segment(mode).map_err(error)?);
                continue;
            }
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
            let ident = match mode {
                Mode::Derive => field_ident(name, ident_span)
                    .map_err(|not_a_field| error(not_a_field.message(name, text, &raw_segments, index)))?,
                Mode::Runtime => bare_ident(name, ident_span).ok_or_else(|| {
                    let mut fixed = raw_segments.clone();
                    let quoted = format!("{}{}", quote(name), &raw[name.len()..]);
                    fixed[index] = &quoted;
                    error(format!(
                        "malformed path `{text}`: `{name}` is not a field name; at run time, a JSON member \
                         of another name is written in single quotes: \"{}\"",
                        fixed.join(".")
                    ))
                })?,
            };
            segments.push(Segment {
                name: Name::Ident(ident),
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
                name: Name::Ident(ident),
                optional: false,
                each: false,
            }],
            span,
        }
    }

    /// Whether the path has more than one segment.
    pub fn is_nested(&self) -> bool {
        self.segments.len() > 1
    }

    /// The first segment.
    pub fn first(&self) -> &Segment {
        &self.segments[0]
    }

    /// Where errors about this path are reported.
    pub fn span(&self) -> Span {
        self.span
    }

    /// The path as written in an attribute string, with the first segment's name replaced by `first`.
    pub fn text_with_first(&self, first: &str) -> String {
        let mut text = String::new();
        for (index, segment) in self.segments.iter().enumerate() {
            if index > 0 {
                text.push('.');
            }
            if index == 0 {
                text.push_str(first);
            } else {
                text.push_str(&segment.name.to_string());
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
        self.text_with_first(&self.first().name.to_string())
    }
}

impl fmt::Debug for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("FieldPath").field(&self.text()).finish()
    }
}

/// Splits `text` at each `separator` outside quoted names. A quote opens a name only where a name starts
/// (at the start of `text`, after a dot or a comma, and blanks), and the name runs to the next quote that
/// no backslash escapes; an unclosed one runs to the end of `text`.
pub(crate) fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut at_start = true;
    let mut chars = text.char_indices();
    while let Some((index, c)) = chars.next() {
        if at_start && c.is_whitespace() {
            continue;
        }
        if at_start && c == '\'' {
            while let Some((_, c)) = chars.next() {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '\'' => break,
                    _ => {}
                }
            }
            at_start = false;
            continue;
        }
        at_start = matches!(c, '.' | ',');
        if c == separator {
            parts.push(&text[start..index]);
            start = index + c.len_utf8();
        }
    }
    parts.push(&text[start..]);
    parts
}

/// `name` in single quotes, its quotes and backslashes escaped.
fn quote(name: &str) -> String {
    let mut quoted = String::with_capacity(name.len() + 2);
    quoted.push('\'');
    for c in name.chars() {
        if matches!(c, '\'' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('\'');
    quoted
}

/// A quoted segment being parsed: `raw_segments[index]` of the path `text`, the value of `key` written
/// in `lit`.
struct Quoted<'a> {
    text: &'a str,
    raw_segments: &'a [&'a str],
    index: usize,
    lit: &'a LitStr,
    key: &'a str,
}

/// A quoted name read off the start of a segment.
struct Unquoted<'a> {
    /// The name, unescaped.
    name: String,
    /// The quoted name as written, quotes included (to the end of the segment when unclosed).
    written: &'a str,
    /// What follows the closing quote, or `None` when there is none.
    rest: Option<&'a str>,
    /// A backslash followed by something else than a quote or a backslash.
    bad_escape: Option<String>,
}

impl Quoted<'_> {
    fn raw(&self) -> &str {
        self.raw_segments[self.index]
    }

    fn segment(&self, mode: Mode) -> Result<Segment, String> {
        let raw = self.raw();
        let unquoted = unquote(raw);
        if mode == Mode::Derive {
            return Err(self.refused_by_derive(&unquoted));
        }
        let text = self.text;
        let written = unquoted.written;
        let Some(rest) = unquoted.rest else {
            return Err(format!(
                "malformed path `{text}`: the quoted name `{written}` has no closing quote"
            ));
        };
        if let Some(escape) = unquoted.bad_escape {
            return Err(format!(
                "malformed path `{text}`: `{escape}` in the quoted name `{written}`: a quoted name escapes \
                 only a quote (`\\'`) and a backslash (`\\\\`)"
            ));
        }
        if unquoted.name.is_empty() {
            return Err(format!(
                "malformed path `{text}`: `''` names no member: write the member's name between the quotes"
            ));
        }
        let rest = rest.trim();
        let (rest, each) = match rest.strip_suffix("[]") {
            Some(rest) => (rest.trim_end(), true),
            None => (rest, false),
        };
        let (rest, optional) = match rest.strip_suffix('?') {
            Some(rest) => (rest.trim_end(), true),
            None => (rest, false),
        };
        if each && optional {
            return Err(format!(
                "`{raw}`: `[]` reads a list or an `Option` of one, no `?` needed: write `{written}[]`"
            ));
        }
        if rest == "[]" {
            return Err(format!(
                "`{raw}`: `[]` takes every element of the list `{written}`, which cannot be optional: \
                 write `{written}[]`, and `?` after a member of the element (`{written}[].node?`)"
            ));
        }
        if !rest.is_empty() {
            return Err(format!(
                "malformed path `{text}`: `{rest}` after the quoted name `{written}`: a quoted name is \
                 followed by `?`, `[]`, a dot and the next name, or the end of the path"
            ));
        }
        Ok(Segment {
            name: Name::Quoted(unquoted.name),
            optional,
            each,
        })
    }

    /// The derive's error for a quoted name: its paths name Rust fields, written bare, and a field with
    /// another JSON name is declared with serde's `rename`.
    fn refused_by_derive(&self, unquoted: &Unquoted) -> String {
        let (written, key) = (unquoted.written, self.key);
        let field = rust_field_name(&unquoted.name);
        let fixed = Literal::string(&self.lit.value().replacen(written, &field, 1));
        if field == unquoted.name {
            return format!(
                "`{written}` is quoted, and the derive's paths name Rust fields, written bare: write \
                 `{key} = {fixed}`"
            );
        }
        let owner = match self.index {
            0 if key == KEYSET => "the item type".to_owned(),
            0 => "the envelope".to_owned(),
            index => {
                let before = self.raw_segments[..index].join(".");
                let before = before.trim_end_matches('?').trim_end();
                match before.strip_suffix("[]") {
                    Some(list) => format!("the elements of `{}`", list.trim_end()),
                    None => format!("the type of `{before}`"),
                }
            }
        };
        format!(
            "`{written}` names a JSON member, and the derive's paths name Rust fields: give {owner} a field \
             read from it, `#[serde(rename = {})] {field}`, and write `{key} = {fixed}` (quoted names are \
             for paths read at run time)",
            Literal::string(&unquoted.name),
        )
    }
}

/// Reads the quoted name at the start of `raw`.
fn unquote(raw: &str) -> Unquoted<'_> {
    let mut name = String::new();
    let mut bad_escape = None;
    let mut chars = raw.char_indices().skip(1);
    while let Some((index, c)) = chars.next() {
        match c {
            '\'' => {
                let end = index + c.len_utf8();
                return Unquoted {
                    name,
                    written: &raw[..end],
                    rest: Some(&raw[end..]),
                    bad_escape,
                };
            }
            '\\' => match chars.next() {
                Some((_, escaped @ ('\'' | '\\'))) => name.push(escaped),
                Some((_, other)) => {
                    bad_escape.get_or_insert_with(|| format!("\\{other}"));
                    name.push(other);
                }
                None => {
                    bad_escape.get_or_insert_with(|| "\\".to_owned());
                }
            },
            c => name.push(c),
        }
    }
    Unquoted {
        name,
        written: raw,
        rest: None,
        bad_escape,
    }
}

/// The Rust field a JSON member would be read into: its words in snake case (`@odata.nextLink` is
/// `odata_next_link`).
fn rust_field_name(member: &str) -> String {
    let mut field = String::new();
    let mut after_lower = false;
    for c in member.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && after_lower {
                field.push('_');
            }
            field.extend(c.to_lowercase());
            after_lower = c.is_lowercase() || c.is_numeric();
        } else {
            if !field.is_empty() && !field.ends_with('_') {
                field.push('_');
            }
            after_lower = false;
        }
    }
    let field = field.trim_end_matches('_');
    match field.chars().next() {
        None => "field".to_owned(),
        Some(first) if first.is_numeric() => format!("field_{field}"),
        Some(_) if syn::parse_str::<Ident>(field).is_err() => format!("r#{field}"),
        Some(_) => field.to_owned(),
    }
}

/// Why a bare name is no field name.
enum NotAField {
    /// A keyword usable as a raw identifier (`continue`, `type`).
    Keyword,
    Other,
}

impl NotAField {
    /// The error for segment `index` of `text`, `name`.
    fn message(&self, name: &str, text: &str, raw_segments: &[&str], index: usize) -> String {
        match self {
            NotAField::Keyword => {
                let mut fixed = raw_segments.to_vec();
                let raw_name = format!("r#{}", raw_segments[index]);
                fixed[index] = &raw_name;
                format!(
                    "`{name}` is a Rust keyword: a field of that name is written `r#{name}`: write \"{}\"",
                    fixed.join(".")
                )
            }
            NotAField::Other => format!("malformed path `{text}`: `{name}` is not a field name"),
        }
    }
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

/// `name` as an identifier at `span`, when it is one as written: a keyword is (a JSON member may be
/// named `type`), and `r#type` is the member `type`. `None` for anything else, which is written quoted.
fn bare_ident(name: &str, span: Span) -> Option<Ident> {
    let mut ident = Ident::parse_any.parse_str(name).ok()?;
    if ident != name {
        return None;
    }
    ident.set_span(span);
    Some(ident)
}
