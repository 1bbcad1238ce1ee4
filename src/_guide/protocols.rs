//! # Protocols
//!
//! Each form real APIs need is one key of the [attribute](super::attribute): items through each
//! element of a list (GraphQL's `edges[].node`), errors sent with a `200` (`errors`), parameters at
//! nested body members (`variables.after`), JSON-valued cursors and keys (DynamoDB's
//! `LastEvaluatedKey`, Elasticsearch's `sort` arrays), signals in response headers
//! (`header("X-Total-Count")`), a value carried from each answer into the next request (a point-in-time
//! id), and XML bodies. Each row below is emulated by [`paginated-mock`](super::mock), walked async and
//! blocking by the repository's tests, and shown by an example (`cargo run --example <name>`).
//!
//! | API or protocol | envelope (pagination keys) | example |
//! |---|---|---|
//! | Airclou users | `cursor = "pagination.next_cursor", has_more = "pagination.has_more", total = "pagination.total_count", max_page_size = 100` | `airclou` |
//! | Aircall calls | `items = "calls", next_url = "meta.next_page_link", total = "meta.total", limit_param = "per_page", max_page_size = 50`, or `page = "meta.current_page"` with `cap = 10000` ([windows](super::windows)) | `aircall`, `progress` |
//! | AgentPhone numbers, messages | `offset, has_more = "has_more", total = "total", max_page_size = 100` on a generic `OffsetPage<T>`; `keyset = "received_at", keyset_param = "before", has_more = "has_more"` | `agentphone` |
//! | Attio notes, record queries, meetings | `offset, max_page_size = 50` (a short page ends); `offset, params_in = "body"`; `cursor = "pagination.next_cursor"` | `attio` |
//! | a leads API | `page = "pagination.page", has_more = "pagination.has_next_page", total_pages = "pagination.total_pages", per_page_param = "pageSize"`, with `.dedupe_by(..)` for records created mid-walk | `leads` |
//! | GraphQL cursor connections (Relay: GitHub, Shopify, GitLab) | `items = "data?.repository.issues.edges[].node", item = Issue, cursor = "data?.repository.issues.page_info.end_cursor", has_more = "data?.repository.issues.page_info.has_next_page", errors = "errors", params_in = "body", cursor_param = "variables.after", limit_param = "variables.first"` | `graphql` |
//! | DynamoDB `Scan` | `cursor = "last_evaluated_key", cursor_param = "ExclusiveStartKey", limit_param = "Limit", params_in = "body"`, with `last_evaluated_key: Option<serde_json::Value>` | `dynamodb` |
//! | Elasticsearch / OpenSearch `search_after` in a point in time | `items = "hits.hits", item = Hit, keyset = "sort", keyset_param = "search_after", params_in = "body", limit_param = "size", carry = "pit_id", carry_param = "pit.id"` | `search_after` |
//! | json-server | `#[serde(transparent)]`, `page, page_param = "_page", limit_param = "_limit", total = header("X-Total-Count")` | `headers` |
//! | GitLab REST | `cursor = header("X-Next-Page"), cursor_param = "page", total = header("X-Total"), limit_param = "per_page"` | `headers` |
//! | WordPress REST | `page, total = header("X-WP-Total"), total_pages = header("X-WP-TotalPages")` | `headers` |
//! | GitHub REST | `#[serde(transparent)]`, `link_header, limit_param = "per_page"` | `github` |
//! | S3 `ListObjectsV2` (XML) | `format = "xml", items = "contents", cursor = "next_continuation_token", has_more = "is_truncated", cursor_param = "continuation-token", limit_param = "max-keys"` | `xml` |
//! | Azure Blob `List Blobs` (XML) | `format = "xml", items = "blobs.blob", item = Blob, cursor = "next_marker", cursor_param = "marker", limit_param = "maxresults"` | `xml` |
//! | Stripe | `keyset = "id", keyset_param = "starting_after", has_more = "has_more"` | `conventions` |
//! | Google AIP-158 | `cursor = "next_page_token", cursor_param = "pageToken", limit_param = "pageSize"` | `conventions` |
//! | Temporal | `cursor = "next_page_token", cursor_param = "nextPageToken", limit_param = "pageSize"` | `conventions` |
//! | OData / Microsoft Graph | `items = "value", next_url = "next_link", limit_param = "$top"`, with `#[serde(rename = "@odata.nextLink")]` | `conventions` |
//! | Salesforce SOQL | `items = "records", next_url = "next_records_url", total = "total_size"` | `conventions` |
//! | Slack Web API | `cursor = "response_metadata?.next_cursor", errors = "error"` | `conventions` |
//!
//! Elasticsearch's scroll API is not one walk, on purpose: its continuation is another request (another
//! path and body), and Elastic recommends a point in time with `search_after` for deep pagination
//! instead, carrying the latest point-in-time id into each request, as `carry` does.
//!
//! # GraphQL
//!
//! `[]` takes every element of a list and the item is the path after it; the cursor and the page size
//! are members of the JSON body's `variables`; GraphQL's `errors`, sent with a `200`, end the walk with
//! [`ErrorKind::Api`](crate::ErrorKind::Api) before any item of that answer.
//!
//! ```
//! use paginated::{ErrorKind, Paginate};
//! use paginated_mock::{Faults, MockConfig, MockServer};
//! use serde::Deserialize;
//! use serde_json::json;
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(
//!     items = "data?.repository.issues.edges[].node",
//!     item = Issue,
//!     cursor = "data?.repository.issues.page_info.end_cursor",
//!     has_more = "data?.repository.issues.page_info.has_next_page",
//!     errors = "errors",
//!     params_in = "body",
//!     cursor_param = "variables.after",
//!     limit_param = "variables.first"
//! )]
//! struct IssuesPage { data: Option<Data>, errors: Option<Vec<serde_json::Value>> }
//!
//! #[derive(Deserialize)]
//! struct Data { repository: Repository }
//! #[derive(Deserialize)]
//! struct Repository { issues: Connection }
//! #[derive(Deserialize)]
//! #[serde(rename_all = "camelCase")]
//! struct Connection { page_info: PageInfo, edges: Vec<Edge> }
//! #[derive(Deserialize)]
//! #[serde(rename_all = "camelCase")]
//! struct PageInfo { has_next_page: bool, end_cursor: Option<String> }
//! #[derive(Deserialize)]
//! struct Edge { node: Issue }
//! #[derive(Deserialize)]
//! struct Issue { number: u64 }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The third request is answered `200` with `{"data": null, "errors": [...]}`.
//! let server = MockServer::start(MockConfig {
//!     faults: Faults { graphql_error_at: Some(3), ..Faults::default() },
//!     ..MockConfig::with_records(250)
//! });
//! let client = paginated::http::blocking_client().build()?;
//! let query = json!({
//!     "query": "query($owner: String!, $first: Int!, $after: String) { ... }",
//!     "variables": {"owner": "octo"},
//! });
//! let mut numbers = Vec::new();
//! for issue in IssuesPage::iter(client.post(server.url("/graphql")).json(&query)).page_size(100) {
//!     match issue {
//!         Ok(issue) => numbers.push(issue.number),
//!         Err(error) => assert!(matches!(error.kind(), ErrorKind::Api { .. })),
//!     }
//! }
//! assert_eq!(numbers, (1..=200).collect::<Vec<_>>());
//! let second: serde_json::Value = serde_json::from_str(&server.requests()[1].body)?;
//! assert_eq!(second["variables"]["first"], 100);
//! assert_eq!(second["variables"]["owner"], "octo");
//! # Ok(()) }
//! ```
//!
//! # JSON cursors
//!
//! A cursor may be any JSON value (`serde_json::Value`, a `Map`, or your type implementing
//! [`CursorValue`](crate::CursorValue)); it goes back as JSON: an object in a JSON body, JSON text in
//! a query. DynamoDB's `Scan` sends `LastEvaluatedKey` back as `ExclusiveStartKey`, and a filtered
//! scan's pages may be empty while the key advances: the walk goes on until the key is gone.
//!
//! ```
//! use paginated::Paginate;
//! use serde::Deserialize;
//! use serde_json::{json, Value};
//!
//! #[derive(Deserialize, Paginate)]
//! #[serde(rename_all = "PascalCase")]
//! #[paginate(
//!     cursor = "last_evaluated_key",
//!     cursor_param = "ExclusiveStartKey",
//!     limit_param = "Limit",
//!     params_in = "body"
//! )]
//! struct ScanPage { items: Vec<Value>, last_evaluated_key: Option<Value> }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(200));
//! let client = paginated::http::blocking_client().build()?;
//! let scan = client
//!     .post(server.url("/dynamodb"))
//!     .header("x-amz-target", "DynamoDB_20120810.Scan")
//!     .json(&json!({"TableName": "records"}));
//! let items: Vec<Value> = ScanPage::iter(scan).page_size(60).collect::<Result<_, _>>()?;
//! assert_eq!(items.len(), 200);
//! let second: Value = serde_json::from_str(&server.requests()[1].body)?;
//! assert!(second["ExclusiveStartKey"].is_object());
//! # Ok(()) }
//! ```
//!
//! # Header signals
//!
//! `cursor`, `next_url`, `has_more`, `total`, `total_pages` and `page` can be read from a response
//! header: `total = header("X-Total-Count")`. A bare JSON array body is an envelope with
//! `#[serde(transparent)]`. A closure transport hands the headers over with
//! [`Fetched::with_header`](crate::Fetched::with_header), and the `Link` target with
//! [`Fetched::with_next_link`](crate::Fetched::with_next_link). With a `total`, an offset or page walk
//! knows every page's position after the first, so [`.concurrency(n)`](crate::Paginator::concurrency)
//! fetches pages at once.
//!
//! ```
//! use futures::TryStreamExt;
//! use paginated::Paginate;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Paginate)]
//! #[serde(transparent)]
//! #[paginate(page, page_param = "_page", limit_param = "_limit", total = header("X-Total-Count"))]
//! struct ItemsPage { items: Vec<Item> }
//!
//! #[derive(Deserialize)]
//! struct Item { id: u64 }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(437));
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let client = paginated::http::client().build()?;
//! let items: Vec<Item> = ItemsPage::stream(client.get(server.url("/headers/items")))
//!     .page_size(50)
//!     .concurrency(4)
//!     .try_collect()
//!     .await?;
//! assert!(items.iter().map(|item| item.id).eq(1..=437));
//! assert_eq!(server.request_count(), 9);
//! # Ok::<_, Box<dyn std::error::Error>>(()) })?;
//! # Ok(()) }
//! ```
//!
//! # Carried values
//!
//! Elasticsearch answers a search in a point in time with the latest point-in-time id, which the next
//! search must send: `carry = "pit_id", carry_param = "pit.id"` carries it beside the position (here a
//! keyset: the last hit's `sort` array, sent back whole as `search_after`). An answer without one keeps
//! the last.
//!
//! ```
//! use paginated::Paginate;
//! use serde::Deserialize;
//! use serde_json::{json, Value};
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(
//!     items = "hits.hits",
//!     item = Hit,
//!     keyset = "sort",
//!     keyset_param = "search_after",
//!     params_in = "body",
//!     limit_param = "size",
//!     carry = "pit_id",
//!     carry_param = "pit.id"
//! )]
//! struct SearchPage { hits: Hits, pit_id: Option<String> }
//!
//! #[derive(Deserialize)]
//! struct Hits { hits: Vec<Hit> }
//!
//! #[derive(Deserialize)]
//! struct Hit { sort: Vec<Value> }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(250));
//! let client = paginated::http::blocking_client().build()?;
//! let opened: Value = client.post(server.url("/es/records/_pit?keep_alive=1m")).send()?.json()?;
//! let search = client.post(server.url("/es/_search")).json(&json!({
//!     "sort": [{"created_at": "asc"}],
//!     "pit": {"id": opened["id"], "keep_alive": "1m"},
//! }));
//! let hits: Vec<Hit> = SearchPage::iter(search).page_size(100).collect::<Result<_, _>>()?;
//! assert_eq!(hits.len(), 250);
//! let searches = server.requests();
//! let body = |n: usize| serde_json::from_str::<Value>(&searches[n].body);
//! assert_ne!(body(2)?["pit"]["id"], body(3)?["pit"]["id"], "each search sends the latest id");
//! # Ok(()) }
//! ```
//!
//! # XML
//!
//! With the `xml` feature, `format = "xml"` decodes bodies with quick-xml; paths and every other key
//! work as for JSON. S3's `ListObjectsV2`:
//!
#![cfg_attr(feature = "xml", doc = "```")]
#![cfg_attr(not(feature = "xml"), doc = "```ignore")]
//! use paginated::Paginate;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Paginate)]
//! #[serde(rename_all = "PascalCase")]
//! #[paginate(
//!     format = "xml",
//!     items = "contents",
//!     cursor = "next_continuation_token",
//!     has_more = "is_truncated",
//!     cursor_param = "continuation-token",
//!     limit_param = "max-keys"
//! )]
//! struct ListBucketResult {
//!     // A listing without keys has no `<Contents>` element at all.
//!     #[serde(default)]
//!     contents: Vec<Object>,
//!     is_truncated: bool,
//!     next_continuation_token: Option<String>,
//! }
//!
//! #[derive(Deserialize)]
//! #[serde(rename_all = "PascalCase")]
//! struct Object { key: String }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(300));
//! let client = paginated::http::blocking_client().build()?;
//! let objects: Vec<Object> = ListBucketResult::iter(client.get(server.url("/s3/my-bucket?list-type=2")))
//!     .page_size(100)
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(objects.len(), 300);
//! assert!(objects[0].key < objects[299].key);
//! # Ok(()) }
//! ```
