//! The run-time entry point: every key, every error it can report with the bytes it points at, header
//! sources, quoted names, `[]` and `?` segments, keyset lists.

use paginated_attr::{
    parse_str, to_text, Attributes, FieldPath, Format, Name, ParamsIn, Source, StrategyAttr,
};

/// Each segment as (JSON name, `?`, `[]`).
fn segments(path: &FieldPath) -> Vec<(String, bool, bool)> {
    path.segments
        .iter()
        .map(|segment| (segment.name.json(), segment.optional, segment.each))
        .collect()
}

/// A path of plain segments, by JSON name.
fn plain(names: &[&str]) -> Vec<(String, bool, bool)> {
    names
        .iter()
        .map(|name| ((*name).to_owned(), false, false))
        .collect()
}

fn parse(text: &str) -> Attributes {
    match parse_str(text) {
        Ok(attrs) => attrs,
        Err(errors) => panic!("`{text}` was refused: {errors:?}"),
    }
}

fn strategy(attrs: &Attributes) -> &StrategyAttr {
    &attrs.strategy().expect("one strategy").attr
}

fn body(source: Option<&Source>) -> Vec<(String, bool, bool)> {
    segments(source.and_then(Source::path).expect("a body path"))
}

/// Every error of `text`, as (message, the text it points at).
fn errors(text: &str) -> Vec<(String, &str)> {
    match parse_str(text) {
        Ok(attrs) => panic!("`{text}` was accepted as {attrs:?}"),
        Err(errors) => errors
            .into_iter()
            .map(|error| (error.message, &text[error.range]))
            .collect(),
    }
}

#[track_caller]
fn assert_error(text: &str, at: &str, message: &str) {
    assert_eq!(errors(text), [(message.to_owned(), at)], "errors of `{text}`");
}

#[test]
fn every_response_and_request_key() {
    let attrs = parse(
        r#"cursor = "meta.next", items = "data", has_more = "meta.more", total = header("X-Total"),
           total_pages = "meta?.pages", errors = "errors", carry = "pit", carry_param = " pit.id ",
           cursor_param = "after", offset_param = "skip", limit_param = "take", page_param = "p",
           per_page_param = "size", max_page_size = 100, cap = 10000, params_in = "body", format = "xml""#,
    );
    let StrategyAttr::Cursor(Source::Body(cursor)) = strategy(&attrs) else {
        panic!("a cursor read from the body: {attrs:?}")
    };
    assert_eq!(segments(cursor), plain(&["meta", "next"]));
    assert_eq!(attrs.strategy().unwrap().key, "cursor");
    assert_eq!(segments(attrs.items.as_ref().unwrap()), plain(&["data"]));
    assert_eq!(body(attrs.has_more.as_ref()), plain(&["meta", "more"]));
    assert_eq!(
        attrs.total.as_ref().and_then(Source::header).as_deref(),
        Some("X-Total")
    );
    assert_eq!(
        body(attrs.total_pages.as_ref()),
        [
            ("meta".to_owned(), true, false),
            ("pages".to_owned(), false, false)
        ]
    );
    assert_eq!(segments(attrs.errors.as_ref().unwrap()), plain(&["errors"]));
    assert_eq!(segments(attrs.carry.as_ref().unwrap()), plain(&["pit"]));
    let param = |lit: &Option<syn::LitStr>| lit.as_ref().map(|lit| lit.value().trim().to_owned());
    assert_eq!(param(&attrs.carry_param).as_deref(), Some("pit.id"));
    assert_eq!(param(&attrs.cursor_param).as_deref(), Some("after"));
    assert_eq!(param(&attrs.offset_param).as_deref(), Some("skip"));
    assert_eq!(param(&attrs.limit_param).as_deref(), Some("take"));
    assert_eq!(param(&attrs.page_param).as_deref(), Some("p"));
    assert_eq!(param(&attrs.per_page_param).as_deref(), Some("size"));
    assert_eq!((attrs.max_page_size, attrs.cap), (Some(100), Some(10000)));
    assert_eq!(attrs.params_in, Some(ParamsIn::Body));
    assert_eq!(
        attrs.format.as_ref().map(|(format, _)| *format),
        Some(Format::Xml)
    );
    assert!(attrs.item.is_none() && attrs.krate.is_none() && attrs.first_page.is_none());

    let attrs = parse(r#"offset, params_in = "query", format = "json""#);
    assert_eq!(attrs.params_in, Some(ParamsIn::Query));
    assert_eq!(
        attrs.format.as_ref().map(|(format, _)| *format),
        Some(Format::Json)
    );
}

#[test]
fn every_strategy() {
    let attrs = parse(r#"next_url = "links.next""#);
    let StrategyAttr::NextUrl(next) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(body(Some(next)), plain(&["links", "next"]));

    assert!(matches!(
        strategy(&parse("link_header")),
        StrategyAttr::LinkHeader
    ));
    assert!(matches!(strategy(&parse("offset")), StrategyAttr::Offset));
    assert!(matches!(strategy(&parse("page")), StrategyAttr::Page(None)));

    let attrs = parse(r#"page = "current", first_page = 0"#);
    let StrategyAttr::Page(Some(page)) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(body(Some(page)), plain(&["current"]));
    assert_eq!(attrs.first_page.map(|(first, _)| first), Some(0));

    let attrs = parse(r#"keyset = "received_at, id", keyset_param = "after_ts, after_id""#);
    let StrategyAttr::Keyset(parts) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    let parts: Vec<_> = parts.iter().map(segments).collect();
    assert_eq!(parts, [plain(&["received_at"]), plain(&["id"])]);
    assert_eq!(attrs.keyset_param.as_ref().unwrap().0, ["after_ts", "after_id"]);
}

#[test]
fn signals_read_from_headers() {
    let attrs = parse(
        r#"cursor = header("X-Next-Cursor"), has_more = header("X-Has-More"), total = header("X-Total-Count"),
           total_pages = header("X-Total-Pages")"#,
    );
    let StrategyAttr::Cursor(cursor) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(cursor.header().as_deref(), Some("X-Next-Cursor"));
    assert!(cursor.path().is_none());
    let header = |source: &Option<Source>| source.as_ref().and_then(Source::header);
    assert_eq!(header(&attrs.has_more).as_deref(), Some("X-Has-More"));
    assert_eq!(header(&attrs.total).as_deref(), Some("X-Total-Count"));
    assert_eq!(header(&attrs.total_pages).as_deref(), Some("X-Total-Pages"));

    let StrategyAttr::NextUrl(next) = strategy(&parse(r#"next_url = header("X-Next")"#)).clone() else {
        panic!("a next URL")
    };
    assert_eq!(next.header().as_deref(), Some("X-Next"));
    let StrategyAttr::Page(Some(page)) = strategy(&parse(r#"page = header("X-Page")"#)).clone() else {
        panic!("a page read from a header")
    };
    assert_eq!(page.header().as_deref(), Some("X-Page"));
    // Every character of an RFC 9110 token.
    let token = "!#$%&'*+-.^_`|~09AZaz";
    let attrs = parse(&format!("offset, total = header({token:?})"));
    assert_eq!(header(&attrs.total).as_deref(), Some(token));
}

#[test]
fn quoted_names_are_json_members() {
    let attrs = parse(r#"next_url = "'@odata.nextLink'", items = "value""#);
    let StrategyAttr::NextUrl(next) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(body(Some(next)), plain(&["@odata.nextLink"]));

    let attrs = parse(r#"cursor = "meta.'next-page'", items = "'da ta'?.'a,b'[].' x '""#);
    let StrategyAttr::Cursor(cursor) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(body(Some(cursor)), plain(&["meta", "next-page"]));
    assert_eq!(
        segments(attrs.items.as_ref().unwrap()),
        [
            ("da ta".to_owned(), true, false),
            ("a,b".to_owned(), false, true),
            (" x ".to_owned(), false, false)
        ]
    );
    // Escapes: a quote and a backslash; blanks around segments are not part of them.
    let attrs = parse(r#"cursor = " 'it\\'s' . 'back\\\\slash' ""#);
    let StrategyAttr::Cursor(cursor) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(body(Some(cursor)), plain(&["it's", "back\\slash"]));
    assert_eq!(to_text(&attrs), r#"cursor = "'it\\'s'.'back\\\\slash'""#);
    // A quoted name that could be bare is the same member.
    let attrs = parse(r#"cursor = "'next'""#);
    let StrategyAttr::Cursor(cursor) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(
        cursor.path().unwrap().first().name,
        Name::Quoted("next".to_owned())
    );
    assert_eq!(body(Some(cursor)), plain(&["next"]));
}

#[test]
fn bare_names_are_json_members_keywords_included() {
    let attrs = parse(r#"cursor = "type.r#match.self._.héllo""#);
    let StrategyAttr::Cursor(cursor) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    assert_eq!(
        body(Some(cursor)),
        plain(&["type", "match", "self", "_", "héllo"])
    );
}

#[test]
fn list_and_option_segments() {
    let attrs = parse(r#"cursor = "data?.page_info?.end_cursor", items = "data?.edges[].node?""#);
    let StrategyAttr::Cursor(cursor) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    let optional = |name: &str| (name.to_owned(), true, false);
    assert_eq!(
        body(Some(cursor)),
        [
            optional("data"),
            optional("page_info"),
            ("end_cursor".to_owned(), false, false)
        ]
    );
    let items = attrs.items.as_ref().unwrap();
    assert_eq!(
        segments(items),
        [
            optional("data"),
            ("edges".to_owned(), false, true),
            optional("node")
        ]
    );
    let (list, element) = items.split_each().unwrap();
    assert_eq!(
        (list.text(), element.text()),
        ("data?.edges".to_owned(), "node?".to_owned())
    );
    // Blanks before the suffixes are allowed, and not written back.
    let attrs = parse(r#"offset, items = "data ? . edges [] . node""#);
    assert_eq!(attrs.items.as_ref().unwrap().text(), "data?.edges[].node");
}

#[test]
fn keyset_lists() {
    let attrs = parse(r#"keyset = " 'created, at' , meta?.id,'@rank'  ""#);
    let StrategyAttr::Keyset(parts) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    let parts: Vec<_> = parts.iter().map(segments).collect();
    assert_eq!(
        parts,
        [
            plain(&["created, at"]),
            vec![("meta".to_owned(), true, false), ("id".to_owned(), false, false)],
            plain(&["@rank"]),
        ]
    );
    assert_eq!(to_text(&attrs), r#"keyset = "'created, at', meta?.id, '@rank'""#);
    // A comma inside a quoted name of a nested part is no separator either.
    let attrs = parse(r#"keyset = "meta.'a,b', id""#);
    let StrategyAttr::Keyset(parts) = strategy(&attrs) else {
        panic!("{attrs:?}")
    };
    let parts: Vec<_> = parts.iter().map(segments).collect();
    assert_eq!(parts, [plain(&["meta", "a,b"]), plain(&["id"])]);
    // One parameter for all parts, or one per part.
    assert_eq!(
        parse(r#"keyset = "a, b", keyset_param = "after""#)
            .keyset_param
            .unwrap()
            .0,
        ["after"]
    );
    assert_eq!(
        parse(r#"keyset = "a, b", keyset_param = " x ,y ""#)
            .keyset_param
            .unwrap()
            .0,
        ["x", "y"]
    );
}

#[test]
fn the_whole_attribute_is_read_too() {
    let attrs = parse(r#"#[paginate(cursor = "next", items = "data")]"#);
    assert_eq!(to_text(&attrs), r#"cursor = "next", items = "data""#);
    let text = r#"#[paginate(curosr = "next")]"#;
    assert_error(
        text,
        "curosr",
        "unknown `paginate` key `curosr`; did you mean `cursor`?",
    );
    // Any other attribute is not.
    assert_error(
        r#"#[serde(cursor = "next")]"#,
        "#",
        "unexpected token in nested attribute, expected ident",
    );
}

#[test]
fn keys_about_rust_types_are_refused() {
    let why_item = "`item` names the Rust type of the items, which only the derive has: at run time each \
                    item is the JSON value in the list";
    assert_error(
        r#"item = Vec<u32>, cursor = "next""#,
        "item = Vec<u32>",
        &format!("{why_item}; remove `item = Vec<u32>`"),
    );
    assert_error(
        r#"cursor = "next", item"#,
        "item",
        &format!("{why_item}; remove `item`"),
    );
    assert_error(
        r#"crate = "my_sdk::paginated", offset"#,
        r#"crate = "my_sdk::paginated""#,
        "`crate` is the path to paginated in the derive's generated code: at run time there is no code \
         to reach it from; remove `crate = \"my_sdk::paginated\"`",
    );
}

#[test]
fn errors_about_keys() {
    assert_error(
        r#"curosr = "next""#,
        "curosr",
        "unknown `paginate` key `curosr`; did you mean `cursor`?",
    );
    assert_error(
        "offset, frobnicate = 1",
        "frobnicate",
        "unknown `paginate` key `frobnicate`",
    );
    assert_error(
        r#"cursor = "a", cursor = "a""#,
        "cursor",
        "duplicate `paginate` key `cursor`",
    );
    assert_eq!(
        errors(r#"cursor = "a", cursor = header("X-Next")"#),
        [(
            "`cursor` is read both from a response header, by `cursor = header(\"X-Next\")`, and from \
             the body, by `cursor = \"...\"`: a signal has one source; keep one"
                .to_owned(),
            "cursor"
        )]
    );
    assert_eq!(
        errors(r#"total = header("A"), total = header("B"), offset"#),
        [(
            "`total` is declared twice, by `total = header(\"A\")` and by `total = header(\"B\")`: keep one"
                .to_owned(),
            "total"
        )]
    );
    assert_error(
        "link_header = true",
        "link_header",
        "`link_header` is a flag and takes no value: write `link_header`",
    );
    assert_error(
        r#"offset = "x""#,
        "offset",
        "`offset` is a flag and takes no value: write `offset`",
    );
}

#[test]
fn errors_about_values() {
    assert_error(
        "cursor",
        "cursor",
        "`cursor` needs a value: `cursor = \"pagination.cursor\"`",
    );
    assert_error(
        "cursor = 1",
        "1",
        "expected a string for `cursor`: `cursor = \"pagination.cursor\"`",
    );
    assert_error(
        "offset, format",
        "format",
        "`format` needs a value: `format = \"xml\"`",
    );
    assert_error(
        "offset, params_in = body",
        "body",
        "expected a string for `params_in`: `params_in = \"body\"`",
    );
    assert_error(
        "keyset = 1",
        "1",
        "expected a string for `keyset`: `keyset = \"received_at, id\"`",
    );
    assert_error(
        "offset, cursor_param = 1",
        "1",
        "expected a string for `cursor_param`: `cursor_param = \"name\"`",
    );
    assert_error(
        r#"offset, cursor_param = "  ""#,
        r#""  ""#,
        "`cursor_param` must name a parameter",
    );
    assert_error(
        r#"keyset = "a, b", keyset_param = "a,,b""#,
        r#""a,,b""#,
        "empty parameter name in `keyset_param`",
    );
    assert_error(
        r#"offset, format = "yaml""#,
        r#""yaml""#,
        "unknown `format` value `yaml`: expected \"json\" (the default) or \"xml\"",
    );
    assert_error(
        r#"offset, params_in = "form""#,
        r#""form""#,
        "unknown `params_in` value `form`: expected \"query\" or \"body\"",
    );
}

#[test]
fn errors_about_numbers() {
    let range = "`max_page_size` takes a whole number from 1 to 18446744073709551615 (`u64::MAX`)";
    assert_error(
        "offset, max_page_size",
        "max_page_size",
        "`max_page_size` needs a value: `max_page_size = 100`",
    );
    assert_error(
        "offset, max_page_size = -1",
        "-1",
        &format!("{range}, not a negative one"),
    );
    assert_error(
        "offset, max_page_size = 10u32",
        "10u32",
        &format!("{range}, without a type suffix: `max_page_size = 10`"),
    );
    assert_error(
        "offset, max_page_size = 0",
        "0",
        &format!("{range}: `0` is too small"),
    );
    assert_error(
        "offset, max_page_size = 18446744073709551616",
        "18446744073709551616",
        &format!("{range}: `18446744073709551616` is too large"),
    );
    assert_error(
        r#"offset, max_page_size = "10""#,
        r#""10""#,
        &format!("expected an integer for `max_page_size`: `max_page_size = 100` ({range})"),
    );
    assert_error(
        "offset, cap = 0",
        "0",
        "`cap` takes a whole number from 1 to 18446744073709551615 (`u64::MAX`): `0` is too small",
    );
    assert_error(
        "page, first_page = -1",
        "-1",
        "`first_page` takes a whole number from 0 to 18446744073709551615 (`u64::MAX`), not a negative one",
    );
    assert_eq!(
        parse("page, first_page = 18446744073709551615")
            .first_page
            .map(|(n, _)| n),
        Some(u64::MAX)
    );
}

#[test]
fn errors_about_headers() {
    let applies =
        "`header(..)` applies to `cursor`, `next_url`, `has_more`, `total`, `total_pages` and `page`";
    for (key, reason) in [
        ("items", "the items are in the body"),
        ("keyset", "the key is read from the last item of the body"),
        ("errors", "the errors are read from the body"),
        ("carry", "the carried value is read from the body"),
        ("cursor_param", "this key is not a signal of the response"),
        ("format", "this key is not a signal of the response"),
    ] {
        assert_error(
            &format!(r#"offset, {key} = header("X")"#),
            "header",
            &format!("`{key}` cannot be read from a response header ({reason}): {applies}"),
        );
    }
    for (text, example) in [
        ("cursor = header(1)", "cursor = header(\"X-Next-Cursor\")"),
        (
            r#"next_url = header("A", "B")"#,
            "next_url = header(\"X-Next-Url\")",
        ),
        ("offset, has_more = header()", "has_more = header(\"X-Has-More\")"),
        ("offset, total = header(X)", "total = header(\"X-Total-Count\")"),
        (
            "offset, total_pages = header(1)",
            "total_pages = header(\"X-Total-Pages\")",
        ),
        ("page = header(1)", "page = header(\"X-Page\")"),
    ] {
        assert_error(
            text,
            "header",
            &format!("`header(..)` takes the header's name as one string: `{example}`"),
        );
    }
    let links = "is the RFC 8288 header of links (`<https://...?page=2>; rel=\"next\", ...`), which only \
                 the `link_header` strategy reads";
    for key in ["cursor", "next_url", "page"] {
        assert_error(
            &format!(r#"{key} = header("link")"#),
            r#""link""#,
            &format!("`link` {links}: replace `{key} = header(\"link\")` with `link_header`"),
        );
    }
    for (key, what) in [("has_more", "flag"), ("total", "count"), ("total_pages", "count")] {
        assert_error(
            &format!(r#"offset, {key} = header("Link")"#),
            r#""Link""#,
            &format!(
                "`Link` {links}: it holds no {what}: remove `{key} = header(\"Link\")` (with `link_header`, \
                 the walk stops when no `rel=\"next\"` link is left)"
            ),
        );
    }
    let token = "(a header name is letters, digits and !#$%&'*+-.^_`|~, as RFC 9110 defines a token)";
    assert_error(
        r#"cursor = header("X Next")"#,
        r#""X Next""#,
        &format!("`X Next` is not a header name: ' ' cannot appear in a header name {token}"),
    );
    assert_error(
        r#"cursor = header("Ünicode")"#,
        r#""Ünicode""#,
        &format!("`Ünicode` is not a header name: 'Ü' cannot appear in a header name {token}"),
    );
    assert_error(
        r#"cursor = header("")"#,
        r#""""#,
        &format!("`` is not a header name: it is empty {token}"),
    );
}

#[test]
fn errors_about_paths() {
    assert_error(
        r#"cursor = "  ""#,
        r#""  ""#,
        "empty path: expected a field path such as `pagination.next_cursor`",
    );
    assert_error(
        r#"cursor = "a..b""#,
        r#""a..b""#,
        "malformed path `a..b`: empty segment; write field names separated by single dots",
    );
    assert_error(
        r#"cursor = "a?[]""#,
        r#""a?[]""#,
        "`a?[]`: `[]` reads a list or an `Option` of one, no `?` needed: write `a[]`",
    );
    assert_error(
        r#"cursor = "a[]?""#,
        r#""a[]?""#,
        "`a[]?`: `[]` takes every element of the list `a`, which cannot be optional: write `a[]`, and `?` \
         after a field of the element (`a[].node?`)",
    );
    assert_error(
        r#"cursor = "meta.next-page""#,
        r#""meta.next-page""#,
        "malformed path `meta.next-page`: `next-page` is not a field name; at run time, a JSON member of \
         another name is written in single quotes: \"meta.'next-page'\"",
    );
    assert_error(
        r#"cursor = "meta.1st ?""#,
        r#""meta.1st ?""#,
        "malformed path `meta.1st ?`: `1st` is not a field name; at run time, a JSON member of another \
         name is written in single quotes: \"meta.'1st' ?\"",
    );
    assert_error(
        r#"items = "data[]", offset"#,
        r#""data[]""#,
        "`data[]` ends at the list: name the field of each element that holds the item (`data[].node`), \
         or write \"data\" for the list itself",
    );
    assert_error(
        r#"items = "a[].b[].c", offset"#,
        r#""a[].b[].c""#,
        "`items = \"a[].b[].c\"` maps over more than one list: one `[]` reaches the items of a page",
    );
    assert_error(
        r#"cursor = "a[].b""#,
        r#""a[].b""#,
        "`[]` maps over a list and only applies to `items` (`items = \"edges[].node\"`); this key leads \
         to one value: remove `[]` from \"a[].b\"",
    );
    assert_error(
        r#"keyset = "id, a[].b""#,
        r#""id, a[].b""#,
        "`[]` maps over a list and only applies to `items` (`items = \"edges[].node\"`); `keyset` names \
         fields of the last item, which `items` already reaches: remove `[]` from \"a[].b\"",
    );
}

#[test]
fn errors_about_quoted_names() {
    assert_error(
        r#"cursor = "meta.'next""#,
        r#""meta.'next""#,
        "malformed path `meta.'next`: the quoted name `'next` has no closing quote",
    );
    assert_error(
        r#"cursor = "meta.'a\\b'""#,
        r#""meta.'a\\b'""#,
        "malformed path `meta.'a\\b'`: `\\b` in the quoted name `'a\\b'`: a quoted name escapes only a \
         quote (`\\'`) and a backslash (`\\\\`)",
    );
    assert_error(
        r#"cursor = "meta.''""#,
        r#""meta.''""#,
        "malformed path `meta.''`: `''` names no member: write the member's name between the quotes",
    );
    assert_error(
        r#"cursor = "meta.'a'b""#,
        r#""meta.'a'b""#,
        "malformed path `meta.'a'b`: `b` after the quoted name `'a'`: a quoted name is followed by `?`, \
         `[]`, a dot and the next name, or the end of the path",
    );
    assert_error(
        r#"cursor = "'a'?[]""#,
        r#""'a'?[]""#,
        "`'a'?[]`: `[]` reads a list or an `Option` of one, no `?` needed: write `'a'[]`",
    );
    assert_error(
        r#"cursor = "'a'[]?""#,
        r#""'a'[]?""#,
        "`'a'[]?`: `[]` takes every element of the list `'a'`, which cannot be optional: write `'a'[]`, \
         and `?` after a member of the element (`'a'[].node?`)",
    );
}

#[test]
fn errors_about_strategies() {
    assert_error(
        "  items = \"data\" ",
        "items = \"data\"",
        "no pagination strategy: add one of `cursor = \"...\"`, `next_url = \"...\"`, `link_header`, \
         `offset`, `page`, `keyset = \"...\"` to #[paginate(...)]",
    );
    assert_eq!(
        errors(r#"cursor = "a", offset, page"#),
        [
            (
                "two pagination strategies, `cursor` and `offset`: an envelope has exactly one".to_owned(),
                "offset"
            ),
            (
                "two pagination strategies, `cursor` and `page`: an envelope has exactly one".to_owned(),
                "page"
            ),
        ]
    );
    assert_error(
        r#"keyset = "a, b", keyset_param = "a, b, c""#,
        r#""a, b, c""#,
        "`keyset_param` names 3 parameters for a key of 2 parts: give one name per part, or one name for \
         all parts joined by commas",
    );
    assert_error(
        r#"offset, keyset_param = "a""#,
        r#""a""#,
        "`keyset_param` only applies to the `keyset` strategy; this envelope uses `offset`",
    );
    assert_error(
        r#"cursor = "c", carry = "pit""#,
        r#""pit""#,
        "`carry` needs the parameter the value is sent back as: add `carry_param = \"name\"` (a dotted name \
         is a member of the JSON body: `carry_param = \"pit.id\"`)",
    );
    assert_error(
        r#"cursor = "c", carry_param = "pit""#,
        r#""pit""#,
        "`carry_param` names the parameter of a `carry` value: add `carry = \"path\"`",
    );
    for strategy in [r#"next_url = "next""#, "link_header"] {
        let key = strategy.split(' ').next().unwrap();
        assert_error(
            &format!(r#"{strategy}, carry = "pit", carry_param = "pit""#),
            r#""pit""#,
            &format!(
                "`carry` sends a value back as a parameter, but the `{key}` strategy follows the URL the API \
                 gives, which already says everything the next request sends"
            ),
        );
    }
    assert_error(
        "offset, first_page = 0",
        "0",
        "`first_page` only applies to the `page` strategy; this envelope uses `offset`: remove \
         `first_page = 0`",
    );
    // A strategy key that failed to parse is reported once, not as a missing strategy too.
    assert_error(
        "cursor = 1",
        "1",
        "expected a string for `cursor`: `cursor = \"pagination.cursor\"`",
    );
}

#[test]
fn errors_about_the_text_itself() {
    let lex = "not attribute text: an unclosed string or bracket, or a character that has no place here; \
               write `key = \"value\"` entries separated by commas, every string in double quotes \
               (`items = \"data\"`)";
    assert_error(r#"cursor = "unclosed"#, r#""unclosed"#, lex);
    assert_error(r#"cursor = header("X""#, r#"("X""#, lex);
    assert_error("items = 'data', offset", "'data', offset", lex);
    // syn's own messages, at the token or at the end of the text.
    assert_error(
        r#"cursor "x""#,
        "cursor",
        "`cursor` needs a value: `cursor = \"pagination.cursor\"`",
    );
    assert_error(
        r#"cursor = "x",, offset"#,
        ",",
        "unexpected token in nested attribute, expected ident",
    );
    let text = "cursor =   ";
    let errors = parse_str(text).unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(
        errors[0].message,
        "expected a string for `cursor`: `cursor = \"pagination.cursor\"`"
    );
    assert_eq!(errors[0].range, 8..8);
}

#[test]
fn every_error_is_reported_with_its_own_range() {
    let text = r#"curosr = "next", max_page_size = 0, total = header("Link"), items = "a..b""#;
    let found = errors(text);
    let at: Vec<&str> = found.iter().map(|(_, at)| *at).collect();
    assert_eq!(at, ["curosr", "0", r#""Link""#, r#""a..b""#]);
    // Byte offsets, not characters: after a multi-byte character.
    let text = r#"items = "données", curosr = "x""#;
    let errors = parse_str(text).unwrap_err();
    assert_eq!(errors[0].range, 20..26);
    assert_eq!(&text[errors[0].range.clone()], "curosr");
}
