// The forms real protocols need: items through each element of a list (`edges[].node`, with `?` to skip
// elements without one), the API's errors, signals from headers, a carried value, JSON keys, and the
// same through `impl_paginate!` and field attributes.
use paginated::{ErrorValue, Paginate, Token};

#[derive(Paginate)]
#[paginate(
    items = "data?.issues.edges[].node",
    item = Issue,
    keyset = "number",
    has_more = "data?.issues.page_info.has_next_page",
    errors = "errors",
    params_in = "body",
    keyset_param = "variables.after",
    limit_param = "variables.first"
)]
struct Connection {
    data: Option<Data>,
    errors: Option<Vec<GraphQlError>>,
}

struct Data {
    issues: Issues,
}

struct Issues {
    page_info: PageInfo,
    edges: Option<Vec<Edge>>,
}

struct PageInfo {
    has_next_page: bool,
}

struct Edge {
    node: Issue,
}

#[derive(Debug, PartialEq)]
struct Issue {
    number: u64,
}

struct GraphQlError {
    message: String,
}

impl ErrorValue for GraphQlError {
    fn error_message(&self) -> Option<String> {
        Some(self.message.clone())
    }
}

// Elements whose item is missing (`node: null`) are skipped, by the items and by the key.
#[derive(Paginate)]
#[paginate(items = "edges[].node?", item = Issue, keyset = "number")]
struct Nullable {
    edges: Vec<NullableEdge>,
}

struct NullableEdge {
    node: Option<Issue>,
}

// Signals from headers, beside a body.
#[derive(Paginate)]
#[paginate(
    page = header("X-Page"),
    total = header("X-Total-Count"),
    total_pages = header("X-Total-Pages"),
    has_more = header("X-Has-More")
)]
struct HeaderPage {
    items: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(cursor = header("X-Next-Page"), cursor_param = "page")]
struct NextPageHeader {
    items: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(next_url = header("Location"))]
struct NextUrlHeader {
    items: Vec<u32>,
}

// Slack's single error message, and a carried value written on its field.
#[derive(Paginate)]
#[paginate(cursor = "meta?.next_cursor", carry_param = "session", format = "json")]
struct Slack {
    channels: Vec<String>,
    #[paginate(errors)]
    error: Option<String>,
    #[paginate(carry)]
    session: Option<String>,
    meta: Option<Meta>,
}

struct Meta {
    next_cursor: String,
}

// A JSON key object as the cursor.
#[derive(Paginate)]
#[paginate(cursor = "last_evaluated_key", cursor_param = "ExclusiveStartKey", params_in = "body")]
struct Scan {
    items: Vec<serde_json::Value>,
    last_evaluated_key: Option<serde_json::Map<String, serde_json::Value>>,
}

mod generated {
    pub struct Page {
        pub results: Vec<Row>,
        pub problems: Vec<serde_json::Value>,
    }
    pub struct Row {
        pub id: u64,
    }
}

paginated::impl_paginate! {
    #[paginate(items = "results", item = generated::Row, page, total = header("X-Total"), errors = "problems")]
    generated::Page
}

fn main() {
    let connection = Connection {
        data: Some(Data {
            issues: Issues {
                page_info: PageInfo { has_next_page: true },
                edges: Some(vec![Edge { node: Issue { number: 1 } }, Edge { node: Issue { number: 2 } }]),
            },
        }),
        errors: None,
    };
    let parts = connection.into_parts();
    assert_eq!(parts.items, [Issue { number: 1 }, Issue { number: 2 }]);
    assert_eq!(parts.signals.keyset, Some(vec![Token::text("2")]));
    assert_eq!((parts.signals.has_more, parts.signals.error), (Some(true), None));
    let failed = Connection {
        data: None,
        errors: Some(vec![GraphQlError { message: "boom".into() }, GraphQlError { message: "again".into() }]),
    };
    let parts = failed.into_parts();
    assert!(parts.items.is_empty());
    assert_eq!(parts.signals.error.as_deref(), Some("boom; again"));
    assert_eq!(Connection::SPEC.keyset_param_names(), ["variables.after"]);

    let nullable = Nullable {
        edges: vec![
            NullableEdge { node: Some(Issue { number: 7 }) },
            NullableEdge { node: Some(Issue { number: 8 }) },
            NullableEdge { node: None },
        ],
    };
    let parts = nullable.into_parts();
    assert_eq!(parts.items, [Issue { number: 7 }, Issue { number: 8 }]);
    assert_eq!(parts.signals.keyset, Some(vec![Token::text("8")]));

    let headers = HeaderPage::SPEC.header_signals();
    assert_eq!(
        (headers.page, headers.total, headers.total_pages, headers.has_more),
        (Some("X-Page"), Some("X-Total-Count"), Some("X-Total-Pages"), Some("X-Has-More"))
    );
    assert!(HeaderPage::SPEC.declares_total() && HeaderPage::SPEC.declares_has_more() && HeaderPage::SPEC.reads_page());
    assert_eq!(HeaderPage { items: vec![1] }.into_parts().signals.total, None);
    assert_eq!(NextPageHeader::SPEC.header_signals().cursor, Some("X-Next-Page"));
    assert_eq!(NextPageHeader::SPEC.cursor_param_name(), "page");
    assert_eq!(NextUrlHeader::SPEC.header_signals().next_url, Some("Location"));

    let slack = Slack {
        channels: vec![],
        error: Some("invalid_cursor".into()),
        session: Some("s2".into()),
        meta: None,
    };
    let parts = slack.into_parts();
    assert_eq!(parts.signals.error.as_deref(), Some("invalid_cursor"));
    assert_eq!(parts.signals.carry, Some(Token::text("s2")));
    assert_eq!(Slack::SPEC.carry_param_name(), Some("session"));

    let mut key = serde_json::Map::new();
    key.insert("pk".into(), serde_json::json!({"S": "rec#000007"}));
    let parts = Scan { items: vec![], last_evaluated_key: Some(key) }.into_parts();
    assert_eq!(parts.signals.cursor, Some(Token::json(serde_json::json!({"pk": {"S": "rec#000007"}}))));

    let page = generated::Page { results: vec![generated::Row { id: 1 }], problems: vec![serde_json::json!({"message": "slow down"})] };
    let parts = page.into_parts();
    assert_eq!(parts.items[0].id, 1);
    assert_eq!(parts.signals.error.as_deref(), Some("slow down"));
    assert_eq!(generated::Page::SPEC.header_signals().total, Some("X-Total"));
}
