//! Rust code from decisions: the `#[paginate(...)]` attribute both outputs share, formatted the way
//! rustfmt formats it, and the two outputs, envelopes ([`envelope`]) and impls for progenitor's types
//! ([`progenitor`]).

pub(crate) mod envelope;
pub(crate) mod progenitor;

use crate::naming::{field_name, string_literal};
use crate::pagination::{Member, Pagination, Strategy};

/// The facade's crate name, which generated code names unless told otherwise.
pub(crate) const DEFAULT_CRATE: &str = "paginated";

/// What the generator writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// Envelope structs with `#[derive(Deserialize, Paginate)]`, for SDKs without generated types.
    #[default]
    Envelopes,
    /// `impl_paginate!` invocations for the types progenitor generated (its `types` module).
    Progenitor,
}

/// The code generated for one operation.
pub(crate) struct Emitted {
    pub code: String,
    /// The type names it defines (envelopes) or implements for (impls).
    pub names: Vec<String>,
    /// The keys of its `#[paginate(...)]`.
    pub keys: Vec<String>,
    /// What was inferred rather than read.
    pub notes: Vec<String>,
}

/// Who owns the Rust types a path walks through, which decides where `Option`s are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fields {
    /// Our envelopes: `Option` unless the member is required and not nullable.
    Envelope,
    /// progenitor's types (typify): `Option` when nullable, or when not required and neither an
    /// array, a map nor a member with a default (those get `#[serde(default)]` instead).
    Typify,
}

impl Fields {
    pub fn is_option(self, member: &Member) -> bool {
        match self {
            Fields::Envelope => !member.required || member.nullable,
            Fields::Typify => {
                member.nullable || (!member.required && !member.container && !member.has_default)
            }
        }
    }
}

/// The attribute path of `members`: Rust field names, `?` after each `Option` that the path continues
/// through.
pub(crate) fn rust_path(members: &[Member], fields: Fields) -> String {
    let last = members.len().saturating_sub(1);
    let segments: Vec<String> = members
        .iter()
        .enumerate()
        .map(|(index, member)| {
            let name = field_name(&member.json);
            if index < last && fields.is_option(member) {
                format!("{name}?")
            } else {
                name
            }
        })
        .collect();
    segments.join(".")
}

/// The keys of `#[paginate(...)]`, after `items`/`item` (which the caller decides), in the order the
/// README lists them.
pub(crate) fn strategy_keys(pagination: &Pagination, fields: Fields, krate: &str) -> Vec<String> {
    let path = |members: &[Member]| string_literal(&rust_path(members, fields));
    let mut keys = vec![match &pagination.strategy {
        Strategy::Cursor(place) => format!("cursor = {}", path(&place.members)),
        Strategy::NextUrl(place) => format!("next_url = {}", path(&place.members)),
        Strategy::LinkHeader => "link_header".to_owned(),
        Strategy::Offset => "offset".to_owned(),
        Strategy::Page(None) => "page".to_owned(),
        Strategy::Page(Some(place)) => format!("page = {}", path(&place.members)),
        Strategy::Keyset(parts) => {
            let names: Vec<String> = parts.iter().map(|part| field_name(&part.member.json)).collect();
            format!("keyset = {}", string_literal(&names.join(", ")))
        }
    }];
    for (key, place) in [
        ("has_more", &pagination.has_more),
        ("total", &pagination.total),
        ("total_pages", &pagination.total_pages),
    ] {
        if let Some(place) = place {
            keys.push(format!("{key} = {}", path(&place.members)));
        }
    }
    for (key, default, name) in pagination.params.by_key() {
        if let Some(name) = name.filter(|name| *name != default) {
            keys.push(format!("{key} = {}", string_literal(name)));
        }
    }
    if pagination.params_in_body {
        keys.push("params_in = \"body\"".to_owned());
    }
    if let Some(max) = pagination.max_page_size {
        keys.push(format!("max_page_size = {max}"));
    }
    if let Some(first) = pagination.first_page {
        keys.push(format!("first_page = {first}"));
    }
    if krate != DEFAULT_CRATE {
        keys.push(format!("crate = {}", string_literal(krate)));
    }
    keys
}

/// rustfmt's defaults: lines of 100 columns, and the arguments of a function-like attribute
/// (`#[derive(..)]`, `#[paginate(..)]`) on one line only while they take at most 70 columns.
pub(crate) const MAX_WIDTH: usize = 100;
const ATTR_FN_LIKE_WIDTH: usize = 70;

/// `#[name(args)]` at `indent` columns, on one line or one argument per line, as rustfmt does.
pub(crate) fn attribute(name: &str, args: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let one_line = args.join(", ");
    let line = format!("{pad}#[{name}({one_line})]");
    if one_line.len() <= ATTR_FN_LIKE_WIDTH && line.len() <= MAX_WIDTH {
        return line;
    }
    let mut out = format!("{pad}#[{name}(\n");
    for (index, arg) in args.iter().enumerate() {
        let comma = if index + 1 < args.len() { "," } else { "" };
        out.push_str(&format!("{pad}    {arg}{comma}\n"));
    }
    out.push_str(&format!("{pad})]"));
    out
}

/// The derive line of a generated envelope struct, whose pagination `krate`'s derive implements.
pub(crate) fn envelope_derive(krate: &str) -> String {
    attribute(
        "derive",
        &[
            "Debug".into(),
            "Clone".into(),
            "serde::Deserialize".into(),
            format!("{krate}::Paginate"),
        ],
        0,
    )
}

/// The one-line attribute for reports.
pub(crate) fn attribute_line(keys: &[String]) -> String {
    format!("#[paginate({})]", keys.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(json: &str, required: bool, nullable: bool, container: bool) -> Member {
        Member {
            json: json.into(),
            required,
            nullable,
            container,
            has_default: false,
            schema_name: None,
        }
    }

    #[test]
    fn paths_mark_the_options_they_pass() {
        let members = [
            member("meta", false, false, false),
            member("next_page_url", false, true, false),
        ];
        assert_eq!(rust_path(&members, Fields::Envelope), "meta?.next_page_url");
        assert_eq!(rust_path(&members, Fields::Typify), "meta?.next_page_url");
        let required = [
            member("paging", true, false, false),
            member("pages", true, false, false),
        ];
        assert_eq!(rust_path(&required, Fields::Envelope), "paging.pages");
        // typify keeps optional arrays out of `Option`; our envelopes do not.
        let list = [
            member("data", false, false, true),
            member("items", true, false, true),
        ];
        assert_eq!(rust_path(&list, Fields::Typify), "data.items");
        assert_eq!(rust_path(&list, Fields::Envelope), "data?.items");
        assert_eq!(
            rust_path(
                &[member("@odata.nextLink", false, false, false)],
                Fields::Envelope
            ),
            "odata_next_link"
        );
    }

    #[test]
    fn attributes_wrap_like_rustfmt() {
        let short = ["cursor = \"next_page\"".to_owned()];
        assert_eq!(
            attribute("paginate", &short, 0),
            "#[paginate(cursor = \"next_page\")]"
        );
        let long: Vec<String> = [
            "page = \"paging.page\"",
            "total = \"paging.total\"",
            "total_pages = \"paging.pages\"",
        ]
        .map(str::to_owned)
        .to_vec();
        assert_eq!(
            attribute("paginate", &long, 0),
            "#[paginate(\n    page = \"paging.page\",\n    total = \"paging.total\",\n    total_pages = \"paging.pages\"\n)]"
        );
    }
}
