//! Envelopes described at run time walk the emulated APIs as their derived twins do: the same items,
//! as the raw JSON the bodies held, over each strategy and signal source.

use std::collections::HashSet;

use futures::TryStreamExt;
use paginated::{DynamicEnvelope, ErrorKind, JsonPath, ParamsIn, RawItem, Source, Strategy};
use paginated_mock::{MockConfig, MockServer};
use serde_json::{json, Value};

fn path(dotted: &str) -> JsonPath {
    let mut steps = dotted.split('.');
    let first = JsonPath::member(steps.next().unwrap());
    steps.fold(first, JsonPath::then)
}

fn body(dotted: &str) -> Source {
    Source::Body(path(dotted))
}

fn json_items(items: &[RawItem]) -> Vec<Value> {
    items
        .iter()
        .map(|item| serde_json::from_str(item.get()).unwrap())
        .collect()
}

/// Walks `envelope` over `request`, blocking; every item, or the error.
fn walk(envelope: DynamicEnvelope, request: reqwest::blocking::RequestBuilder, size: u64) -> Vec<Value> {
    let items: Vec<RawItem> = envelope
        .iter(request)
        .unwrap()
        .page_size(size)
        .collect::<Result<_, _>>()
        .unwrap();
    json_items(&items)
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::new()
}

fn unique(values: &[Value], key: &str) -> usize {
    values
        .iter()
        .map(|value| value[key].to_string())
        .collect::<HashSet<_>>()
        .len()
}

#[test]
fn a_cursor_with_has_more_in_nested_members() {
    let server = MockServer::start(MockConfig::with_records(120));
    let envelope = DynamicEnvelope::new(Strategy::Cursor, path("data"))
        .cursor(body("pagination.next_cursor"))
        .has_more(body("pagination.has_more"));
    let users = walk(envelope, client().get(server.url("/playbook/api/v1/users")), 50);
    assert_eq!(users.len(), 120);
    assert_eq!(unique(&users, "id"), 120);
    assert_eq!(users[0]["id"], "usr_001");
}

#[test]
fn raw_items_are_the_bytes_of_the_body() {
    let server = MockServer::start(MockConfig::with_records(3));
    let page: Value = client()
        .get(server.url("/playbook/api/v1/users"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let envelope =
        DynamicEnvelope::new(Strategy::Cursor, path("data")).cursor(body("pagination.next_cursor"));
    let items: Vec<RawItem> = envelope
        .iter(client().get(server.url("/playbook/api/v1/users")))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let text = client()
        .get(server.url("/playbook/api/v1/users"))
        .send()
        .unwrap()
        .text()
        .unwrap();
    for item in &items {
        assert!(
            text.contains(item.get()),
            "{} not in the body as it was",
            item.get()
        );
    }
    assert_eq!(json_items(&items), page["data"].as_array().unwrap().clone());
}

#[test]
fn a_next_url_under_a_quoted_member_name() {
    let server = MockServer::start(MockConfig::with_records(130));
    let envelope = DynamicEnvelope::new(Strategy::NextUrl, path("value"))
        .next_url(Source::Body(JsonPath::member("@odata.nextLink")))
        .limit_param("$top");
    let users = walk(envelope, client().get(server.url("/odata/v1.0/users")), 40);
    assert_eq!(users.len(), 130);
    assert_eq!(unique(&users, "id"), 130);
}

#[test]
fn a_link_header_and_a_total_from_a_header_over_a_top_level_list() {
    let server = MockServer::start(MockConfig::with_records(95));
    let envelope = DynamicEnvelope::new(Strategy::LinkHeader, JsonPath::default())
        .total(Source::Header("X-Total-Count".into()))
        .limit_param("_limit");
    let rows = walk(envelope, client().get(server.url("/headers/items?_page=1")), 20);
    assert_eq!(rows.len(), 95);
    assert_eq!(unique(&rows, "id"), 95);
}

#[test]
fn page_numbers_with_header_totals() {
    let server = MockServer::start(MockConfig::with_records(103));
    let envelope = DynamicEnvelope::new(Strategy::Page { first: 1 }, JsonPath::default())
        .total(Source::Header("X-WP-Total".into()))
        .total_pages(Source::Header("X-WP-TotalPages".into()));
    let posts = walk(envelope, client().get(server.url("/wp-json/wp/v2/posts")), 25);
    assert_eq!(posts.len(), 103);
    assert_eq!(server.request_count(), 5, "no request past the last page");
}

#[test]
fn a_keyset_from_the_last_items_id() {
    let server = MockServer::start(MockConfig::with_records(230));
    let envelope = DynamicEnvelope::new(Strategy::Keyset, path("data"))
        .keyset(vec![path("id")])
        .keyset_params(&["starting_after"])
        .has_more(body("has_more"))
        .max_page_size(100);
    let customers = walk(envelope, client().get(server.url("/stripe/v1/customers")), 100);
    assert_eq!(customers.len(), 230);
    assert_eq!(unique(&customers, "id"), 230);
}

#[test]
fn a_json_cursor_sent_back_in_the_body() {
    let server = MockServer::start(MockConfig::with_records(250));
    let envelope = DynamicEnvelope::new(Strategy::Cursor, path("Items"))
        .cursor(body("LastEvaluatedKey"))
        .cursor_param("ExclusiveStartKey")
        .limit_param("Limit")
        .params_in(ParamsIn::Body);
    let request = client()
        .post(server.url("/dynamodb"))
        .header("x-amz-target", "DynamoDB_20120810.Scan")
        .json(&json!({"TableName": "records"}));
    let items = walk(envelope, request, 40);
    assert_eq!(items.len(), 250);
    assert!(server.requests()[1].body.contains("ExclusiveStartKey"));
}

#[test]
fn graphql_items_through_each_edge() {
    let server = MockServer::start(MockConfig::with_records(120));
    let connection = "data.repository.issues";
    let envelope = DynamicEnvelope::new(
        Strategy::Cursor,
        path(connection).then("edges").each().then("node"),
    )
    .cursor(body(&format!("{connection}.pageInfo.endCursor")))
    .has_more(body(&format!("{connection}.pageInfo.hasNextPage")))
    .errors(path("errors"))
    .cursor_param("variables.after")
    .limit_param("variables.first")
    .params_in(ParamsIn::Body);
    let request = client().post(server.url("/graphql")).json(&json!({
        "query": "query($owner: String!, $name: String!, $first: Int!, $after: String) { repository(owner: $owner, name: $name) { issues(first: $first, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id number } } } } }",
        "variables": {"owner": "octo", "name": "hello"},
    }));
    let issues = walk(envelope, request, 30);
    assert_eq!(issues.len(), 120);
    assert_eq!(unique(&issues, "number"), 120);
}

#[test]
fn an_envelope_without_what_its_strategy_needs_is_refused() {
    for (envelope, needs) in [
        (DynamicEnvelope::new(Strategy::Cursor, path("data")), "a cursor"),
        (
            DynamicEnvelope::new(Strategy::NextUrl, path("data")),
            "a next URL",
        ),
        (DynamicEnvelope::new(Strategy::Keyset, path("data")), "a key"),
    ] {
        let error = envelope
            .iter(client().get("http://127.0.0.1:1/"))
            .err()
            .expect("refused");
        assert!(
            matches!(error.kind(), ErrorKind::InvalidRequest(message) if message.contains(needs)),
            "{error}"
        );
    }
}

#[test]
fn a_body_that_is_not_json_is_a_decode_error_naming_the_path() {
    let server = MockServer::start(MockConfig::with_records(10));
    let envelope = DynamicEnvelope::new(Strategy::Cursor, path("data.items")).cursor(body("next_cursor"));
    let outcome: Result<Vec<RawItem>, _> = envelope
        .iter(client().get(server.url("/hostile/trailing-garbage")))
        .unwrap()
        .collect();
    let error = outcome.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Decode { .. }), "{error}");
}

#[tokio::test]
async fn async_walks_and_their_checkpoints() {
    let server = MockServer::start(MockConfig::with_records(120));
    let envelope = || {
        DynamicEnvelope::new(Strategy::Cursor, path("data"))
            .named("users")
            .cursor(body("pagination.next_cursor"))
            .has_more(body("pagination.has_more"))
    };
    let request = || reqwest::Client::new().get(server.url("/playbook/api/v1/users"));
    let mut walk = envelope().stream(request()).unwrap().page_size(50);
    let mut first = Vec::new();
    while first.len() < 70 {
        first.push(walk.try_next().await.unwrap().unwrap());
    }
    let checkpoint = walk.checkpoint();
    let rest: Vec<RawItem> = envelope()
        .stream(request())
        .unwrap()
        .resume(checkpoint)
        .try_collect()
        .await
        .unwrap();
    let all: Vec<Value> = json_items(&first).into_iter().chain(json_items(&rest)).collect();
    assert_eq!(all.len(), 120);
    assert_eq!(unique(&all, "id"), 120);
}

/// A response received before the walk (a tool's probe), for the request as built.
fn received(request: reqwest::blocking::RequestBuilder) -> paginated::http::FirstResponse {
    let response = request.send().unwrap();
    paginated::http::FirstResponse {
        status: response.status().as_u16(),
        url: response.url().clone(),
        headers: response.headers().clone(),
        body: response.bytes().unwrap().to_vec(),
    }
}

#[test]
fn a_first_response_received_before_the_walk_is_its_first_page() {
    let server = MockServer::start(MockConfig::with_records(120));
    let url = server.url("/playbook/api/v1/users?limit=50");
    let envelope = || {
        DynamicEnvelope::new(Strategy::Cursor, path("data"))
            .cursor(body("pagination.next_cursor"))
            .has_more(body("pagination.has_more"))
    };
    let first = received(client().get(&url));
    let request = paginated::Request::from(client().get(&url)).first_response(first.clone());
    let items: Vec<RawItem> = envelope()
        .iter(request)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let users = json_items(&items);
    assert_eq!((users.len(), unique(&users, "id")), (120, 120));
    // The probe's request and the walk's next two: the first page went out once.
    let first_pages = |server: &MockServer| {
        (server.requests().iter())
            .filter(|request| request.params("cursor").is_empty())
            .count()
    };
    assert_eq!(server.requests().len(), 3);
    assert_eq!(first_pages(&server), 1);

    // A walk whose first request differs (a page size of its own) asks for its first page.
    let request = paginated::Request::from(client().get(&url)).first_response(first);
    let items: Vec<RawItem> = envelope()
        .iter(request)
        .unwrap()
        .page_size(60)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(items.len(), 120);
    assert_eq!(first_pages(&server), 2);
    assert!(server.requests()[3..]
        .iter()
        .all(|request| request.params("limit") == ["60"]));
}

#[tokio::test]
async fn a_first_response_is_checked_as_any_page() {
    let server = MockServer::start(MockConfig::with_records(120));
    let url = server.url("/playbook/api/v1/users");
    let envelope =
        DynamicEnvelope::new(Strategy::Cursor, path("data")).cursor(body("pagination.next_cursor"));
    let first = paginated::http::FirstResponse {
        status: 200,
        url: url.parse().unwrap(),
        headers: Default::default(),
        body: br#"{"data": "not a list"}"#.to_vec(),
    };
    let request = paginated::Request::from(reqwest::Client::new().get(&url)).first_response(first);
    let outcome: Result<Vec<RawItem>, _> = envelope.stream(request).unwrap().try_collect().await;
    let error = outcome.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Decode { .. }), "{error}");
    assert!(server.requests().is_empty(), "{:?}", server.requests());
}
