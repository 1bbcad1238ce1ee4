//! Rust names for JSON names, made the way progenitor's type generator (typify 0.x) makes them, so
//! that impls written for its types name the same fields, and envelopes read the same to its users:
//! heck's casing after replacing every character that cannot continue an identifier with `-`; an
//! `x` before a name that cannot start one; a `_` after a keyword (`type` → `type_`).

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// A field name: `nextPageToken` → `next_page_token`, `@odata.nextLink` → `odata_next_link`.
pub(crate) fn field_name(json: &str) -> String {
    sanitize(json, str::to_snake_case)
}

/// A type name: `GroupResultsPage` stays, `c1.api.app.v1.Apps.List` → `C1ApiAppV1AppsList`.
pub(crate) fn type_name(text: &str) -> String {
    sanitize(text, str::to_pascal_case)
}

fn sanitize(input: &str, to_case: fn(&str) -> String) -> String {
    let out = match input {
        "+1" => "plus1".to_owned(),
        "-1" => "minus1".to_owned(),
        _ => to_case(&input.replace('\'', "").replace(|c| !is_xid_continue(c), "-")),
    };
    let out = match out.chars().next() {
        None => to_case("x"),
        Some(c) if is_xid_start(c) => out,
        Some(_) => format!("{}{out}", to_case("x")),
    };
    if is_keyword(&out) {
        format!("{out}_")
    } else {
        out
    }
}

fn is_keyword(ident: &str) -> bool {
    matches!(
        ident,
        "_" | "abstract"
            | "as"
            | "async"
            | "await"
            | "become"
            | "box"
            | "break"
            | "const"
            | "continue"
            | "crate"
            | "do"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "false"
            | "final"
            | "fn"
            | "for"
            | "gen"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "macro"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "override"
            | "priv"
            | "pub"
            | "ref"
            | "return"
            | "Self"
            | "self"
            | "static"
            | "struct"
            | "super"
            | "trait"
            | "true"
            | "try"
            | "type"
            | "typeof"
            | "unsafe"
            | "unsized"
            | "use"
            | "virtual"
            | "where"
            | "while"
            | "yield"
    )
}

/// A Rust string literal for `text`, escaped as needed.
pub(crate) fn string_literal(text: &str) -> String {
    format!("{text:?}")
}

/// Text for a doc comment: one line, no control characters.
pub(crate) fn doc_text(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_as_typify_makes_them() {
        assert_eq!(field_name("nextPageToken"), "next_page_token");
        assert_eq!(field_name("@odata.nextLink"), "odata_next_link");
        assert_eq!(field_name("@nextLink"), "next_link");
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("next_page"), "next_page");
        assert_eq!(field_name("PageSize"), "page_size");
        assert_eq!(field_name("1st"), "x1st");
        assert_eq!(field_name(""), "x");
        assert_eq!(type_name("c1.api.app.v1.Apps.List"), "C1ApiAppV1AppsList");
        assert_eq!(type_name("GroupResultsPage"), "GroupResultsPage");
        assert_eq!(type_name("get /v1/items"), "GetV1Items");
        assert_eq!(type_name("group_list-response"), "GroupListResponse");
        assert_eq!(type_name("Self"), "Self_");
    }

    #[test]
    fn literals_and_docs() {
        assert_eq!(string_literal("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(doc_text("a\nb"), "a b");
    }
}
