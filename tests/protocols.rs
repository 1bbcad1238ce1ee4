//! End to end against the emulations of real APIs' protocols (`paginated-mock`'s `apis`), over real HTTP
//! on 127.0.0.1, async and blocking, each with one derive: GraphQL connections, JSON-valued keys
//! (DynamoDB, a JSON key in a query), Elasticsearch's `search_after` (with a point in time), signals in
//! headers (json-server, GitLab, WordPress, a cursor header), and the conventions of Stripe, Google,
//! Temporal, OData, Salesforce and Slack. XML listings (S3, Azure) are in `tests/xml.rs`.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::TryStreamExt;
use paginated::{ErrorKind, ErrorValue, Fetched, PageRequest, Paginate};
use paginated_mock::{Faults, MockConfig, MockServer, Record};
use serde::Deserialize;
use serde_json::{json, Value};
use support::kind_of;

fn server(records: u64) -> MockServer {
    MockServer::start(MockConfig::with_records(records))
}

/// The request bodies the server recorded, as JSON (`null` for an empty body).
fn bodies(server: &MockServer) -> Vec<Value> {
    server
        .requests()
        .iter()
        .map(|request| match request.body.as_str() {
            "" => Value::Null,
            body => serde_json::from_str(body).unwrap(),
        })
        .collect()
}

/// Ids of the records `1..=count` whose status is `status`.
fn with_status(count: u64, status: &str) -> Vec<u64> {
    (1..=count)
        .filter(|&id| Record::generate(id, count).status == status)
        .collect()
}

// 1. GraphQL cursor connections (Relay): `variables.after`, items through `edges[].node`, `errors`.

#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "data?.repository.issues.edges[].node",
    item = Issue,
    cursor = "data?.repository.issues.page_info.end_cursor",
    has_more = "data?.repository.issues.page_info.has_next_page",
    total = "data?.repository.issues.total_count",
    errors = "errors",
    params_in = "body",
    cursor_param = "variables.after",
    limit_param = "variables.first",
    max_page_size = 100
)]
struct IssueEdges {
    data: Option<IssuesData>,
    errors: Option<Vec<GraphQlError>>,
}

/// The same connection read through its `nodes` shortcut.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "data?.repository.issues.nodes",
    item = Issue,
    cursor = "data?.repository.issues.page_info.end_cursor",
    has_more = "data?.repository.issues.page_info.has_next_page",
    errors = "errors",
    params_in = "body",
    cursor_param = "variables.after",
    limit_param = "variables.first"
)]
struct IssueNodes {
    data: Option<IssuesData>,
    errors: Option<Vec<GraphQlError>>,
}

#[derive(Debug, Deserialize)]
struct IssuesData {
    repository: Repository,
}

#[derive(Debug, Deserialize)]
struct Repository {
    issues: Connection,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connection {
    total_count: u64,
    page_info: PageInfo,
    edges: Vec<Edge>,
    nodes: Vec<Issue>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Edge {
    node: Issue,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Issue {
    id: String,
    number: u64,
}

#[derive(Debug, Deserialize)]
struct GraphQlError {
    message: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

impl ErrorValue for GraphQlError {
    fn error_message(&self) -> Option<String> {
        Some(match &self.kind {
            Some(kind) => format!("{kind}: {}", self.message),
            None => self.message.clone(),
        })
    }
}

fn graphql_query(server: &MockServer, client: &reqwest::Client) -> reqwest::RequestBuilder {
    client.post(server.url("/graphql")).json(&json!({
        "query": "query($owner: String!, $name: String!, $first: Int!, $after: String) { repository(owner: $owner, name: $name) { issues(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id number } } nodes { id number } } } }",
        "variables": {"owner": "octo", "name": "hello"},
    }))
}

#[tokio::test]
async fn graphql_connection_through_edges_with_nested_after() {
    let server = server(250);
    let issues: Vec<Issue> = IssueEdges::stream(graphql_query(&server, &reqwest::Client::new()))
        .page_size(100)
        .try_collect()
        .await
        .unwrap();
    let numbers: Vec<u64> = issues.iter().map(|issue| issue.number).collect();
    assert_eq!(numbers, (1..=250).collect::<Vec<_>>());
    assert_eq!(issues[41].id, paginated_mock::apis::graphql::issue_id(42));
    let bodies = bodies(&server);
    assert_eq!(bodies.len(), 3);
    for body in &bodies {
        // The query and the other variables are kept; the page size is `variables.first`.
        assert!(body["query"].as_str().unwrap().starts_with("query("));
        assert_eq!(body["variables"]["owner"], "octo");
        assert_eq!(body["variables"]["first"], 100);
        assert!(body.get("after").is_none() && body.get("first").is_none());
    }
    assert!(bodies[0]["variables"].get("after").is_none());
    // The second page starts after the first page's `endCursor`: the 100th edge's cursor.
    let first_page: Value = reqwest::Client::new()
        .post(server.url("/graphql"))
        .json(&json!({"query": "{}", "variables": {"first": 100}}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let end_cursor = &first_page["data"]["repository"]["issues"]["pageInfo"]["endCursor"];
    assert_eq!(&bodies[1]["variables"]["after"], end_cursor);
    assert_ne!(bodies[2]["variables"]["after"], bodies[1]["variables"]["after"]);
}

#[test]
fn graphql_connection_through_nodes_blocking() {
    let server = server(130);
    let request = reqwest::blocking::Client::new()
        .post(server.url("/graphql"))
        .json(&json!({"query": "query { ... }", "variables": {"first": 50}}));
    // No `.page_size(..)`: the `first` of the request's own variables is the page size.
    let numbers: Vec<u64> = IssueNodes::iter(request)
        .map(|issue| issue.map(|issue| issue.number))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(numbers, (1..=130).collect::<Vec<_>>());
    let bodies = bodies(&server);
    assert_eq!(bodies.len(), 3);
    assert!(bodies.iter().all(|body| body["variables"]["first"] == 50));
    assert!(bodies[2]["variables"]["after"].is_string());
}

#[tokio::test]
async fn graphql_errors_in_a_200_answer_are_a_typed_error_before_the_page_s_items() {
    // The second request is answered `200 {"data": null, "errors": [..]}`.
    let server = MockServer::start(MockConfig {
        faults: Faults {
            graphql_error_at: Some(2),
            ..Faults::default()
        },
        ..MockConfig::with_records(250)
    });
    let mut walk = IssueEdges::stream(graphql_query(&server, &reqwest::Client::new())).page_size(100);
    let mut numbers = Vec::new();
    let error = loop {
        match walk.try_next().await {
            Ok(Some(issue)) => numbers.push(issue.number),
            Ok(None) => panic!("the walk ended without the API's error"),
            Err(error) => break error,
        }
    };
    // Exactly the first page: nothing of the failed page.
    assert_eq!(numbers, (1..=100).collect::<Vec<_>>());
    match error.kind() {
        ErrorKind::Api { message } => assert!(message.contains("Something went wrong"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 2);
    // The checkpoint points at the failed page: resuming asks for it again.
    let checkpoint = error.checkpoint().unwrap().clone();
    let rest: Vec<Issue> = IssueEdges::stream(graphql_query(&server, &reqwest::Client::new()))
        .page_size(100)
        .resume(checkpoint)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(rest.first().map(|issue| issue.number), Some(101));
    assert_eq!(rest.len(), 150);
}

#[test]
fn graphql_error_types_are_in_the_message_blocking() {
    let server = server(20);
    let request = reqwest::blocking::Client::new()
        .post(server.url("/graphql"))
        .json(&json!({"query": "{}", "variables": {"first": 10, "after": "bogus"}}));
    let mut walk = IssueEdges::iter(request);
    let first = walk.next();
    match kind_of(&first) {
        Some(ErrorKind::Api { message }) => {
            assert!(message.starts_with("INVALID_CURSOR_ARGUMENTS: "), "{message}")
        }
        other => panic!("{other:?}"),
    }
    assert!(walk.next().is_none());
}

// 2. JSON-valued keys: DynamoDB's `LastEvaluatedKey` into `ExclusiveStartKey`, and a JSON key in a query.

#[derive(Debug, Deserialize, Paginate)]
#[serde(rename_all = "PascalCase")]
#[paginate(
    items = "items",
    cursor = "last_evaluated_key",
    cursor_param = "ExclusiveStartKey",
    limit_param = "Limit",
    params_in = "body"
)]
struct ScanPage {
    items: Vec<DynamoItem>,
    last_evaluated_key: Option<Value>,
}

/// An item in DynamoDB's attribute-value JSON.
#[derive(Debug, Deserialize)]
struct DynamoItem {
    n: NumberAttribute,
}

#[derive(Debug, Deserialize)]
struct NumberAttribute {
    #[serde(rename = "N")]
    n: String,
}

fn scan(server: &MockServer, body: Value) -> reqwest::RequestBuilder {
    reqwest::Client::new()
        .post(server.url("/dynamodb"))
        .header("x-amz-target", "DynamoDB_20120810.Scan")
        .json(&body)
}

fn numbers(items: &[DynamoItem]) -> Vec<u64> {
    items.iter().map(|item| item.n.n.parse().unwrap()).collect()
}

#[tokio::test]
async fn dynamodb_key_object_goes_back_as_an_object_in_the_body() {
    let server = server(250);
    let items: Vec<DynamoItem> = ScanPage::stream(scan(&server, json!({"TableName": "records"})))
        .page_size(40)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers(&items), (1..=250).collect::<Vec<_>>());
    let bodies = bodies(&server);
    // 6 full pages and one of 10, which has no `LastEvaluatedKey`.
    assert_eq!(bodies.len(), 7);
    assert!(bodies[0].get("ExclusiveStartKey").is_none());
    for (page, body) in bodies.iter().enumerate().skip(1) {
        assert_eq!(body["TableName"], "records");
        assert_eq!(body["Limit"], 40);
        // An object, never a string holding JSON.
        assert_eq!(
            body["ExclusiveStartKey"],
            json!({"pk": {"S": format!("rec#{:06}", page * 40)}})
        );
    }
}

#[test]
fn dynamodb_key_object_blocking() {
    let server = server(95);
    let request = reqwest::blocking::Client::new()
        .post(server.url("/dynamodb"))
        .header("x-amz-target", "DynamoDB_20120810.Scan")
        .json(&json!({"TableName": "records", "Limit": 30}));
    let items: Vec<DynamoItem> = ScanPage::iter(request).collect::<Result<_, _>>().unwrap();
    assert_eq!(numbers(&items), (1..=95).collect::<Vec<_>>());
    let bodies = bodies(&server);
    assert_eq!(bodies.len(), 4);
    assert!(bodies[3]["ExclusiveStartKey"].is_object());
}

/// 7. A filtered scan: most pages are empty while the key advances; default settings walk to the end.
#[tokio::test]
async fn dynamodb_filtered_scan_walks_empty_pages_with_default_settings() {
    let server = server(40);
    let body = json!({
        "TableName": "records",
        "FilterExpression": "#s = :won AND n > :low",
        "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {":won": {"S": "won"}, ":low": {"N": "20"}},
    });
    let items: Vec<DynamoItem> = ScanPage::stream(scan(&server, body.clone()))
        .page_size(4)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<u64> = with_status(40, "won").into_iter().filter(|&n| n > 20).collect();
    assert_eq!(numbers(&items), expected);
    // Ten pages of 4 evaluated items, the first five of them empty, then a last empty page without a
    // key (the tenth stopped exactly at `Limit`).
    assert_eq!(server.request_count(), 11);

    server.clear_requests();
    let blocking_body = body.clone();
    let url = server.url("/dynamodb");
    let items = std::thread::spawn(move || {
        let request = reqwest::blocking::Client::new()
            .post(url)
            .header("x-amz-target", "DynamoDB_20120810.Scan")
            .json(&blocking_body);
        ScanPage::iter(request)
            .page_size(4)
            .collect::<Result<Vec<_>, _>>()
    })
    .join()
    .unwrap()
    .unwrap();
    assert_eq!(numbers(&items), expected);
    assert_eq!(server.request_count(), 11);
}

/// A JSON-object key in a query parameter: sent back as JSON text.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "last_key", cursor_param = "start_key")]
struct JsonKeyPage {
    items: Vec<KeyedItem>,
    last_key: Option<serde_json::Map<String, Value>>,
}

#[derive(Debug, Deserialize)]
struct KeyedItem {
    id: u64,
    created_at: i64,
}

#[tokio::test]
async fn json_key_in_a_query_is_json_text() {
    let server = server(45);
    let items: Vec<KeyedItem> =
        JsonKeyPage::stream(reqwest::Client::new().get(server.url("/json-key/items")))
            .page_size(20)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(
        items.iter().map(|item| item.id).collect::<Vec<_>>(),
        (1..=45).collect::<Vec<_>>()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].params("start_key").is_empty());
    let key: Value = serde_json::from_str(&requests[1].params("start_key")[0]).unwrap();
    assert_eq!(key, json!({"created_at": items[19].created_at, "id": 20}));
}

#[test]
fn json_key_in_a_query_blocking() {
    let server = server(45);
    let items: Vec<KeyedItem> =
        JsonKeyPage::iter(reqwest::blocking::Client::new().get(server.url("/json-key/items?limit=10")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(items.len(), 45);
    let requests = server.requests();
    assert_eq!(requests.len(), 5);
    assert!(requests[4].params("start_key")[0].starts_with('{'));
}

// 3. Elasticsearch: `search_after` with the last hit's `sort`, in the body; with a point in time.

#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "hits.hits",
    item = Hit,
    keyset = "sort",
    keyset_param = "search_after",
    params_in = "body",
    limit_param = "size",
    total = "hits.total?.value"
)]
struct SearchPage {
    hits: Hits,
}

#[derive(Debug, Deserialize)]
struct Hits {
    hits: Vec<Hit>,
    total: Option<TotalHits>,
}

#[derive(Debug, Deserialize)]
struct TotalHits {
    value: u64,
}

#[derive(Debug, Deserialize)]
struct Hit {
    #[serde(rename = "_id")]
    id: String,
    sort: Vec<Value>,
}

/// A search in a point in time: its latest id, carried from each answer, goes into `pit.id`.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "hits.hits",
    item = Hit,
    keyset = "sort",
    keyset_param = "search_after",
    params_in = "body",
    limit_param = "size",
    carry = "pit_id",
    carry_param = "pit.id"
)]
struct PitSearchPage {
    hits: Hits,
    pit_id: Option<String>,
}

fn doc_ids(ids: impl IntoIterator<Item = u64>) -> Vec<String> {
    ids.into_iter()
        .map(paginated_mock::apis::elasticsearch::doc_id)
        .collect()
}

#[tokio::test]
async fn search_after_sends_the_last_sort_values_in_the_body() {
    let server = server(600);
    let request = reqwest::Client::new()
        .post(server.url("/es/records/_search"))
        .json(&json!({
            "query": {"term": {"status": "won"}},
            "sort": [{"created_at": "asc"}, {"id": "asc"}],
        }));
    let hits: Vec<Hit> = SearchPage::stream(request)
        .page_size(40)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        hits.iter().map(|hit| hit.id.clone()).collect::<Vec<_>>(),
        doc_ids(with_status(600, "won"))
    );
    let bodies = bodies(&server);
    // 150 hits: pages of 40, 40, 40 and a short one of 30.
    assert_eq!(bodies.len(), 4);
    assert!(bodies[0].get("search_after").is_none());
    for (page, body) in bodies.iter().enumerate().skip(1) {
        assert_eq!(body["size"], 40);
        assert_eq!(body["query"], json!({"term": {"status": "won"}}));
        // The JSON array itself, as the last hit of the previous page gave it.
        assert_eq!(body["search_after"], json!(hits[page * 40 - 1].sort));
    }
}

#[test]
fn search_after_blocking() {
    let server = server(75);
    let request = reqwest::blocking::Client::new()
        .post(server.url("/es/records/_search"))
        .json(&json!({"size": 25, "sort": ["created_at"], "track_total_hits": true}));
    let ids: Vec<String> = SearchPage::iter(request)
        .map(|hit| hit.map(|hit| hit.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, doc_ids(1..=75));
    // 25, 25, 25, then the empty page that ends a walk whose last page was full.
    assert_eq!(server.request_count(), 4);
}

/// Opens a point in time over `records` with a plain request, as Elasticsearch asks.
fn open_pit(server: &MockServer) -> String {
    let url = server.url("/es/records/_pit?keep_alive=1m");
    let opened: Value = std::thread::spawn(move || {
        let text = reqwest::blocking::Client::new()
            .post(url)
            .send()
            .unwrap()
            .text()
            .unwrap();
        serde_json::from_str(&text).unwrap()
    })
    .join()
    .unwrap();
    opened["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn point_in_time_search_carries_the_latest_pit_id() {
    let server = server(230);
    let pit = open_pit(&server);
    // Records created after the point in time are not in it.
    server.insert_record();
    let request = reqwest::Client::new()
        .post(server.url("/es/_search"))
        .json(&json!({
            "sort": [{"created_at": "asc"}],
            "pit": {"id": pit, "keep_alive": "1m"},
        }));
    let hits: Vec<Hit> = PitSearchPage::stream(request)
        .page_size(100)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        hits.iter().map(|hit| hit.id.clone()).collect::<Vec<_>>(),
        doc_ids(1..=230)
    );
    // The implicit `_shard_doc` tiebreaker is in every hit's sort values, and so in `search_after`.
    assert_eq!(hits[0].sort.len(), 2);
    let searches: Vec<Value> = bodies(&server).into_iter().skip(1).collect();
    assert_eq!(searches.len(), 3);
    assert_eq!(searches[0]["pit"]["id"], pit.as_str());
    let ids: Vec<&str> = searches
        .iter()
        .map(|body| body["pit"]["id"].as_str().unwrap())
        .collect();
    // Each search sends the id the previous answer gave, and keeps the `keep_alive`.
    assert!(ids.windows(2).all(|pair| pair[0] != pair[1]), "{ids:?}");
    assert!(searches.iter().all(|body| body["pit"]["keep_alive"] == "1m"));
    assert_eq!(searches[2]["search_after"], json!(hits[199].sort));
}

#[test]
fn point_in_time_search_blocking() {
    let server = server(120);
    let pit = open_pit(&server);
    let request = reqwest::blocking::Client::new()
        .post(server.url("/es/_search"))
        .json(&json!({"size": 50, "sort": [{"created_at": "desc"}], "pit": {"id": pit}}));
    let ids: Vec<String> = PitSearchPage::iter(request)
        .map(|hit| hit.map(|hit| hit.id))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids, doc_ids((1..=120).rev()));
    let bodies = bodies(&server);
    assert_ne!(bodies[3]["pit"]["id"], bodies[2]["pit"]["id"]);
}

// 4. Signals in headers, with bare-array bodies.

/// json-server: `_page`/`_limit`, the total only in `X-Total-Count`.
#[derive(Debug, Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(page, page_param = "_page", limit_param = "_limit", total = header("X-Total-Count"))]
struct JsonServerPage {
    items: Vec<Row>,
}

/// The same API followed by its `Link` header, with the total from the header too.
#[derive(Debug, Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(link_header, limit_param = "_limit", total = header("X-Total-Count"))]
struct JsonServerLinks {
    items: Vec<Row>,
}

#[derive(Debug, Deserialize)]
struct Row {
    id: u64,
}

fn row_ids(rows: &[Row]) -> Vec<u64> {
    rows.iter().map(|row| row.id).collect()
}

#[tokio::test]
async fn total_from_a_header_ends_a_page_walk() {
    let server = server(1_037);
    // The first URL has no `_page`: the walk sends it.
    let rows: Vec<Row> = JsonServerPage::stream(reqwest::Client::new().get(server.url("/headers/items?q=x")))
        .page_size(50)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(row_ids(&rows), (1..=1_037).collect::<Vec<_>>());
    let requests = server.requests();
    // 21 pages, and no request past the total.
    assert_eq!(requests.len(), 21);
    for (page, request) in requests.iter().enumerate() {
        assert_eq!(request.params("_page"), [(page + 1).to_string()]);
        assert_eq!(request.params("_limit"), ["50"]);
        assert_eq!(request.params("q"), ["x"]);
    }
}

#[test]
fn total_from_a_header_blocking() {
    let server = server(1_037);
    let rows: Vec<Row> =
        JsonServerPage::iter(reqwest::blocking::Client::new().get(server.url("/headers/items")))
            .page_size(100)
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(rows.len(), 1_037);
    assert_eq!(server.request_count(), 11);
}

/// The issue's case: `_limit` without `_page` serves 50 items and no `Link`; the header total makes
/// the missing 987 an error instead of a silent end.
#[test]
fn a_header_total_turns_a_silent_end_into_truncation() {
    let server = server(1_037);
    let mut walk =
        JsonServerLinks::iter(reqwest::blocking::Client::new().get(server.url("/headers/items?_limit=50")));
    let mut received = 0;
    let error = loop {
        match walk.next() {
            Some(Ok(_)) => received += 1,
            Some(Err(error)) => break error,
            None => panic!("the walk ended silently after {received} items"),
        }
    };
    assert_eq!((received, server.request_count()), (50, 1));
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Truncated {
                received: 50,
                total: 1_037
            }
        ),
        "{error:?}"
    );
}

/// `.concurrency(4)` fetches four pages at once once the header gave the total. The gate holds every
/// request after the first page, so the four are seen in flight together, whatever the timing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_works_from_a_header_total() {
    let server = Arc::new(server(1_000));
    let gate = Arc::clone(&server);
    let closed = Arc::new(AtomicBool::new(false));
    let walk = JsonServerPage::stream(reqwest::Client::new().get(server.url("/headers/items")))
        .page_size(100)
        .concurrency(4)
        .on_progress({
            let closed = Arc::clone(&closed);
            // The first page is in: close the gate before the walk sends the next requests.
            move |progress| {
                if progress.pages == 1 && !closed.swap(true, Ordering::SeqCst) {
                    gate.pause();
                }
            }
        });
    let collect = tokio::spawn(walk.try_collect::<Vec<Row>>());
    tokio::time::timeout(Duration::from_secs(60), server.until_held(4))
        .await
        .expect("four requests in flight at once");
    assert_eq!(server.held(), 4);
    assert_eq!(server.max_in_flight(), 4);
    server.resume();
    let rows = collect.await.unwrap().unwrap();
    assert_eq!(row_ids(&rows), (1..=1_000).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 10);
}

/// GitLab: the next page number comes as `X-Next-Page` (empty on the last page) and is sent back as
/// `page`; `X-Total` is the total.
#[derive(Debug, Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(
    cursor = header("X-Next-Page"),
    cursor_param = "page",
    total = header("X-Total"),
    limit_param = "per_page",
    max_page_size = 100
)]
struct ProjectsPage {
    items: Vec<Project>,
}

#[derive(Debug, Deserialize)]
struct Project {
    id: u64,
    path_with_namespace: String,
}

#[tokio::test]
async fn gitlab_next_page_header_as_a_cursor() {
    let server = server(45);
    let projects: Vec<Project> =
        ProjectsPage::stream(reqwest::Client::new().get(server.url("/gitlab/api/v4/projects?order_by=id")))
            .page_size(20)
            .try_collect()
            .await
            .unwrap();
    // Newest first.
    assert_eq!(
        projects.iter().map(|project| project.id).collect::<Vec<_>>(),
        (1..=45).rev().collect::<Vec<_>>()
    );
    assert_eq!(projects[0].path_with_namespace, "group/project-000045");
    let pages: Vec<Vec<String>> = server.requests().iter().map(|r| r.params("page")).collect();
    assert_eq!(pages, [vec![], vec!["2".to_owned()], vec!["3".to_owned()]]);
}

#[test]
fn gitlab_next_page_header_blocking() {
    let server = server(45);
    let projects: Vec<Project> = ProjectsPage::iter(
        reqwest::blocking::Client::new().get(server.url("/gitlab/api/v4/projects?sort=asc")),
    )
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(
        projects.iter().map(|project| project.id).collect::<Vec<_>>(),
        (1..=45).collect::<Vec<_>>()
    );
    assert_eq!(server.request_count(), 3);
}

/// WordPress: `X-WP-Total` and `X-WP-TotalPages`; a page past the last is an error, never asked for.
#[derive(Debug, Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(
    page,
    total = header("X-WP-Total"),
    total_pages = header("X-WP-TotalPages"),
    max_page_size = 100
)]
struct PostsPage {
    items: Vec<Post>,
}

#[derive(Debug, Deserialize)]
struct Post {
    id: u64,
    title: Rendered,
}

#[derive(Debug, Deserialize)]
struct Rendered {
    rendered: String,
}

#[tokio::test]
async fn wordpress_total_pages_header_ends_before_the_error_page() {
    let server = server(25);
    let posts: Vec<Post> =
        PostsPage::stream(reqwest::Client::new().get(server.url("/wp-json/wp/v2/posts?order=asc")))
            .page_size(10)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(
        posts.iter().map(|post| post.id).collect::<Vec<_>>(),
        (1..=25).collect::<Vec<_>>()
    );
    assert_eq!(posts[24].title.rendered, "Record 000025");
    let pages: Vec<Vec<String>> = server.requests().iter().map(|r| r.params("page")).collect();
    assert_eq!(pages, [["1"], ["2"], ["3"]]);
}

#[test]
fn wordpress_total_pages_header_blocking() {
    let server = server(30);
    // Pages of 10 are full up to the last: only the headers say page 3 is the end.
    let posts: Vec<Post> =
        PostsPage::iter(reqwest::blocking::Client::new().get(server.url("/wp-json/wp/v2/posts")))
            .page_size(10)
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        posts.iter().map(|post| post.id).collect::<Vec<_>>(),
        (1..=30).rev().collect::<Vec<_>>()
    );
    assert_eq!(server.request_count(), 3);
}

/// A cursor in `X-Next-Cursor`, absent on the last page.
#[derive(Debug, Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(cursor = header("X-Next-Cursor"), max_page_size = 100)]
struct CursorHeaderPage {
    items: Vec<Row>,
}

#[tokio::test]
async fn cursor_from_a_header() {
    let server = server(45);
    let rows: Vec<Row> = CursorHeaderPage::stream(reqwest::Client::new().get(server.url("/headers/cursor")))
        .page_size(20)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(row_ids(&rows), (1..=45).collect::<Vec<_>>());
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests[0].params("cursor").is_empty());
    assert_eq!(requests[1].params("cursor").len(), 1);
}

#[test]
fn cursor_from_a_header_blocking() {
    let server = server(45);
    let rows: Vec<Row> =
        CursorHeaderPage::iter(reqwest::blocking::Client::new().get(server.url("/headers/cursor")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(row_ids(&rows), (1..=45).collect::<Vec<_>>());
    assert_eq!(server.request_count(), 3);
}

/// `has_more` and the page number from headers, given by a closure transport.
#[derive(Debug, Paginate)]
#[paginate(page = header("X-Page"), has_more = header("X-Has-More"))]
struct HeaderFlagsPage {
    items: Vec<u64>,
}

#[test]
fn header_flags_from_a_closure_transport() {
    let numbers: Vec<u64> = HeaderFlagsPage::from_fn_blocking(|request: PageRequest| {
        let page = request.page().unwrap();
        let envelope = HeaderFlagsPage {
            items: vec![page * 10, page * 10 + 1],
        };
        Ok::<_, std::io::Error>(
            Fetched::new(envelope)
                .with_header("X-Page", page.to_string())
                .with_header("X-Has-More", if page < 3 { "true" } else { "false" }),
        )
    })
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(numbers, [10, 11, 20, 21, 30, 31]);
    // A page number that does not advance is caught from the header too (the items differ: the
    // repeat guard does not see it).
    let mut walk = HeaderFlagsPage::from_fn_blocking(|request: PageRequest| {
        Ok::<_, std::io::Error>(
            Fetched::new(HeaderFlagsPage {
                items: vec![request.page().unwrap()],
            })
            .with_header("X-Page", "1")
            .with_header("X-Has-More", "1"),
        )
    });
    let error = walk.find_map(Result::err).unwrap();
    assert!(matches!(error.kind(), ErrorKind::NoProgress { .. }), "{error:?}");
}

// 6. Conventions.

/// Stripe: the last object's id as `starting_after`, with `has_more`.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    keyset = "id",
    keyset_param = "starting_after",
    has_more = "has_more",
    max_page_size = 100
)]
struct CustomersPage {
    data: Vec<Customer>,
    has_more: bool,
}

#[derive(Debug, Deserialize)]
struct Customer {
    id: String,
}

fn customer_ids(ids: impl IntoIterator<Item = u64>) -> Vec<String> {
    ids.into_iter()
        .map(paginated_mock::apis::stripe::customer_id)
        .collect()
}

#[tokio::test]
async fn stripe_starting_after_the_last_id() {
    let server = server(25);
    let customers: Vec<Customer> =
        CustomersPage::stream(reqwest::Client::new().get(server.url("/stripe/v1/customers")))
            .page_size(10)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(
        customers.into_iter().map(|c| c.id).collect::<Vec<_>>(),
        customer_ids((1..=25).rev())
    );
    let after: Vec<Vec<String>> = server
        .requests()
        .iter()
        .map(|r| r.params("starting_after"))
        .collect();
    assert_eq!(after, [vec![], customer_ids([16]), customer_ids([6])]);
}

#[test]
fn stripe_starting_after_blocking() {
    let server = server(25);
    let customers: Vec<Customer> =
        CustomersPage::iter(reqwest::blocking::Client::new().get(server.url("/stripe/v1/customers")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(customers.len(), 25);
    // The default limit of 10: `has_more` ends the walk after the third page.
    assert_eq!(server.request_count(), 3);
}

/// Google AIP-158: `pageToken` in, `nextPageToken` out (omitted at the end).
#[derive(Debug, Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(
    cursor = "next_page_token",
    cursor_param = "pageToken",
    limit_param = "pageSize",
    max_page_size = 1000
)]
struct BooksPage {
    books: Vec<Book>,
    next_page_token: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Book {
    name: String,
}

#[tokio::test]
async fn google_page_tokens_keep_the_filter() {
    let server = server(300);
    let request = reqwest::Client::new()
        .get(server.url("/google/v1/projects/demo/books"))
        .query(&[("filter", "status = \"won\"")]);
    let books: Vec<Book> = BooksPage::stream(request)
        .page_size(30)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = with_status(300, "won")
        .into_iter()
        .map(|n| paginated_mock::apis::google::book_name("demo", n))
        .collect();
    assert_eq!(books.into_iter().map(|b| b.name).collect::<Vec<_>>(), expected);
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|r| r.params("filter") == ["status = \"won\""]));
    assert_eq!(requests[2].params("pageToken").len(), 1);
}

#[test]
fn google_page_tokens_blocking() {
    let server = server(120);
    let books: Vec<Book> =
        BooksPage::iter(reqwest::blocking::Client::new().get(server.url("/google/v1/projects/demo/books")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(books.len(), 120);
    // The default page size of 50.
    assert_eq!(server.request_count(), 3);
}

/// Temporal: the same name both ways, standard base64 (`+`, `/`, `=`), `""` at the end.
#[derive(Debug, Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(
    cursor = "next_page_token",
    cursor_param = "nextPageToken",
    limit_param = "pageSize"
)]
struct NamespacesPage {
    namespaces: Vec<Namespace>,
    next_page_token: String,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Namespace {
    namespace_info: NamespaceInfo,
}

#[derive(Debug, Deserialize)]
struct NamespaceInfo {
    name: String,
}

#[tokio::test]
async fn temporal_token_with_the_same_name_both_ways() {
    let server = server(35);
    let namespaces: Vec<Namespace> =
        NamespacesPage::stream(reqwest::Client::new().get(server.url("/temporal/api/v1/namespaces")))
            .page_size(10)
            .try_collect()
            .await
            .unwrap();
    let names: Vec<String> = namespaces.into_iter().map(|n| n.namespace_info.name).collect();
    let expected: Vec<String> = (1..=35)
        .map(paginated_mock::apis::temporal::namespace_name)
        .collect();
    assert_eq!(names, expected);
    let requests = server.requests();
    assert_eq!(requests.len(), 4);
    // The token's `+`, `/` and `=` arrive intact, percent-encoded once.
    let token = &requests[1].params("nextPageToken")[0];
    assert!(token.contains('+') && token.ends_with('='), "{token}");
}

#[test]
fn temporal_token_blocking() {
    let server = server(35);
    let namespaces: Vec<Namespace> = NamespacesPage::iter(
        reqwest::blocking::Client::new().get(server.url("/temporal/api/v1/namespaces?pageSize=20")),
    )
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(namespaces.len(), 35);
    assert_eq!(server.request_count(), 2);
}

/// OData / Microsoft Graph: `$top` on the first request, then `@odata.nextLink` as it is.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "value",
    next_url = "next_link",
    total = "count",
    limit_param = "$top",
    max_page_size = 999
)]
struct UsersPage {
    value: Vec<GraphUser>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
    #[serde(rename = "@odata.count")]
    count: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct GraphUser {
    id: String,
    job_title: String,
}

#[tokio::test]
async fn odata_next_link_with_top_and_skiptoken() {
    let server = server(250);
    let request = reqwest::Client::new()
        .get(server.url("/odata/v1.0/users"))
        .query(&[("$filter", "jobTitle eq 'admin'"), ("$count", "true")])
        .header("ConsistencyLevel", "eventual");
    let users: Vec<GraphUser> = UsersPage::stream(request)
        .page_size(20)
        .try_collect()
        .await
        .unwrap();
    let admins: Vec<u64> = (1..=250)
        .filter(|&n| Record::generate(n, 250).role == "admin")
        .collect();
    assert_eq!(
        users.iter().map(|u| u.id.clone()).collect::<Vec<_>>(),
        admins
            .iter()
            .map(|&n| paginated_mock::apis::odata::user_id(n))
            .collect::<Vec<_>>()
    );
    assert!(users.iter().all(|u| u.job_title == "admin"));
    let requests = server.requests();
    assert_eq!(requests.len(), admins.len().div_ceil(20));
    assert_eq!(requests[0].params("$top"), ["20"]);
    assert!(requests[0].params("$skiptoken").is_empty());
    for request in &requests[1..] {
        assert_eq!(request.params("$top"), ["20"]);
        assert_eq!(request.params("$skiptoken").len(), 1);
        assert_eq!(request.header("consistencylevel"), Some("eventual"));
    }
}

#[test]
fn odata_next_link_blocking() {
    let server = server(250);
    let users: Vec<GraphUser> =
        UsersPage::iter(reqwest::blocking::Client::new().get(server.url("/odata/v1.0/users")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(users.len(), 250);
    assert_eq!(server.request_count(), 3);
}

/// Salesforce: a relative `nextRecordsUrl`; the batch size is a request header the user sets.
#[derive(Debug, Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(items = "records", next_url = "next_records_url", total = "total_size")]
struct QueryPage {
    records: Vec<Account>,
    total_size: u64,
    next_records_url: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Account {
    id: String,
}

#[tokio::test]
async fn salesforce_relative_next_records_url() {
    let server = server(450);
    let request = reqwest::Client::new()
        .get(server.url("/services/data/v58.0/query"))
        .query(&[("q", "SELECT Id, Name FROM Account")])
        .header("Sforce-Query-Options", "batchSize=200");
    let accounts: Vec<Account> = QueryPage::stream(request).try_collect().await.unwrap();
    assert_eq!(
        accounts.into_iter().map(|a| a.id).collect::<Vec<_>>(),
        (1..=450)
            .map(paginated_mock::apis::salesforce::account_id)
            .collect::<Vec<_>>()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[0].path, "/services/data/v58.0/query");
    assert!(requests[1].path.starts_with("/services/data/v58.0/query/01g"));
    assert!(requests[2].path.ends_with("-400"));
    assert!(requests
        .iter()
        .all(|r| r.header("sforce-query-options") == Some("batchSize=200")));
}

#[test]
fn salesforce_relative_next_records_url_blocking() {
    let server = server(450);
    let request = reqwest::blocking::Client::new()
        .get(server.url("/services/data/v58.0/query?q=SELECT+Id+FROM+Account"))
        .header("Sforce-Query-Options", "batchSize=300");
    let accounts: Vec<Account> = QueryPage::iter(request).collect::<Result<_, _>>().unwrap();
    assert_eq!(accounts.len(), 450);
    assert_eq!(server.request_count(), 2);
}

/// Slack: `response_metadata.next_cursor` (`""` at the end), errors as `{"ok": false, "error": ..}`.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "response_metadata?.next_cursor", errors = "error")]
struct ChannelsPage {
    ok: bool,
    #[serde(default)]
    channels: Vec<Channel>,
    error: Option<String>,
    response_metadata: Option<ResponseMetadata>,
}

#[derive(Debug, Deserialize)]
struct ResponseMetadata {
    next_cursor: String,
}

#[derive(Debug, Deserialize)]
struct Channel {
    id: String,
    is_archived: bool,
}

#[tokio::test]
async fn slack_cursor_with_short_and_empty_pages() {
    let server = server(60);
    let request =
        reqwest::Client::new().get(server.url("/slack/api/conversations.list?exclude_archived=true"));
    let channels: Vec<Channel> = ChannelsPage::stream(request)
        .page_size(4)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = (1..=60)
        .filter(|&n| Record::generate(n, 60).status != "lost")
        .map(paginated_mock::apis::slack::channel_id)
        .collect();
    assert_eq!(
        channels.iter().map(|c| c.id.clone()).collect::<Vec<_>>(),
        expected
    );
    assert!(channels.iter().all(|c| !c.is_archived));
    let requests = server.requests();
    assert_eq!(requests.len(), 15);
    assert!(requests.iter().all(|r| r.params("exclude_archived") == ["true"]));
}

#[test]
fn slack_error_is_a_typed_error_before_any_item_blocking() {
    let server = server(60);
    let page = reqwest::blocking::get(server.url("/slack/api/conversations.list?cursor=bogus"))
        .unwrap()
        .json::<ChannelsPage>()
        .unwrap();
    assert!(!page.ok);
    let mut walk = ChannelsPage::iter(
        reqwest::blocking::Client::new().get(server.url("/slack/api/conversations.list?cursor=bogus")),
    );
    match kind_of(&walk.next()) {
        Some(ErrorKind::Api { message }) => assert_eq!(message, "invalid_cursor"),
        other => panic!("{other:?}"),
    }
    assert!(walk.next().is_none());

    server.clear_requests();
    let channels: Vec<Channel> =
        ChannelsPage::iter(reqwest::blocking::Client::new().get(server.url("/slack/api/conversations.list")))
            .page_size(25)
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(channels.len(), 60);
    assert_eq!(server.request_count(), 3);
}
