//! The derive's reading of the same grammar: what it shares with the run-time reading, and where they
//! part (quoted names, `item`, `crate`, field attributes).

use paginated_attr::{check_strategy, parse_str, to_text, Attributes, Ctxt};

/// The derive's reading of `#[paginate(text)]` on a struct, with the field attributes of `fields`.
fn derive(text: &str, fields: &str) -> (Attributes, Vec<String>) {
    let input: syn::DeriveInput =
        syn::parse_str(&format!("#[paginate({text})] struct Page {{ {fields} }}")).unwrap();
    let cx = Ctxt::default();
    let mut attrs = Attributes::from_attrs(&cx, &input.attrs);
    let syn::Data::Struct(data) = &input.data else {
        unreachable!()
    };
    for field in &data.fields {
        attrs.add_field(&cx, field.ident.as_ref().unwrap(), &field.attrs);
    }
    check_strategy(&cx, &attrs, proc_macro2::Span::call_site());
    let errors = cx
        .into_errors()
        .into_iter()
        .flatten()
        .map(|error| error.to_string())
        .collect();
    (attrs, errors)
}

#[test]
fn both_readings_agree_on_bare_paths() {
    for text in [
        r#"cursor = "meta?.next", items = "data?.edges[].node?", total = header("X-Total")"#,
        r#"keyset = "received_at, id", keyset_param = "a, b", max_page_size = 10, cap = 100"#,
        r#"page = "current", first_page = 0, page_param = "p", per_page_param = "n", params_in = "body""#,
        r#"offset, offset_param = "skip", limit_param = "take", format = "xml", errors = "errors""#,
        r#"next_url = "links.next", has_more = "more", total_pages = header("X-Pages")"#,
    ] {
        let (attrs, errors) = derive(text, "");
        assert_eq!(errors, Vec::<String>::new(), "`{text}`");
        assert_eq!(to_text(&attrs), to_text(&parse_str(text).unwrap()), "`{text}`");
    }
}

#[test]
fn the_derive_refuses_quoted_names() {
    let (_, errors) = derive(r#"next_url = "'@odata.nextLink'""#, "");
    assert_eq!(
        errors,
        ["`'@odata.nextLink'` names a JSON member, and the derive's paths name Rust fields: give the envelope \
          a field read from it, `#[serde(rename = \"@odata.nextLink\")] odata_next_link`, and write \
          `next_url = \"odata_next_link\"` (quoted names are for paths read at run time)"]
    );
    // Malformed or not, a quoted name gets the one error.
    let (_, errors) = derive(r#"cursor = "data.'next-page""#, "");
    assert_eq!(
        errors,
        ["`'next-page` names a JSON member, and the derive's paths name Rust fields: give the type of `data` \
          a field read from it, `#[serde(rename = \"next-page\")] next_page`, and write \
          `cursor = \"data.next_page\"` (quoted names are for paths read at run time)"]
    );
    let (_, errors) = derive(r#"keyset = "id, 'next'""#, "");
    assert_eq!(
        errors,
        [
            "`'next'` is quoted, and the derive's paths name Rust fields, written bare: write \
          `keyset = \"id, next\"`"
        ]
    );
    // A bare name that is no field name keeps its message.
    let (_, errors) = derive(r#"cursor = "meta.next-page""#, "");
    assert_eq!(
        errors,
        ["malformed path `meta.next-page`: `next-page` is not a field name"]
    );
    let (_, errors) = derive(r#"cursor = "meta.type""#, "");
    assert_eq!(
        errors,
        ["`type` is a Rust keyword: a field of that name is written `r#type`: write \"meta.r#type\""]
    );
}

#[test]
fn the_derive_takes_rust_types_and_field_attributes() {
    let (attrs, errors) = derive(
        r#"items = "result.rows", item = Vec<u32>, crate = "sdk::paginated""#,
        "#[paginate(cursor)] next: Option<String>, #[paginate(total)] count: u64",
    );
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(
        to_text(&attrs),
        r#"cursor = "next", items = "result.rows", item = Vec<u32>, total = "count", crate = "sdk::paginated""#
    );
    let (_, errors) = derive(r#"cursor = "next""#, "#[paginate(cursor)] next: Option<String>");
    assert_eq!(
        errors,
        [
            "`cursor` is declared twice, by `cursor` in the struct's `#[paginate(...)]` and by \
          `#[paginate(cursor)]` on field `next`: keep one"
        ]
    );
}
