//! Detection on the first page of every API `paginated-mock` emulates, fetched over HTTP: the
//! attribute text each gives, or why one exchange cannot tell.

mod support;

use paginated_cli::{Ambiguity, Confidence, DetectError, Strategy};
use paginated_mock::{MockConfig, MockServer};
use serde_json::json;
use support::{get, post};

fn server() -> MockServer {
    MockServer::start(MockConfig::with_records(250))
}

fn readings(error: &DetectError) -> (Ambiguity, Vec<&str>) {
    match error {
        DetectError::Ambiguous { about, readings } => (
            *about,
            readings.iter().map(|reading| reading.attribute()).collect(),
        ),
        other => panic!("not an ambiguity: {other}"),
    }
}

#[test]
fn airclou_users() {
    let server = server();
    assert_eq!(
        get(&server, "/playbook/api/v1/users").attribute(),
        r#"items = "data", cursor = "pagination.next_cursor", has_more = "pagination.has_more", total = "pagination.total_count""#
    );
}

#[test]
fn aircall_calls_and_contacts() {
    let server = server();
    // The next page link wins over the page number it carries.
    assert_eq!(
        get(&server, "/v1/calls").attribute(),
        r#"items = "calls", next_url = "meta.next_page_link", total = "meta.total", limit_param = "per_page""#
    );
    assert_eq!(
        get(&server, "/v1/contacts?per_page=50").attribute(),
        r#"items = "contacts", next_url = "meta.next_page_link", total = "meta.total", limit_param = "per_page""#
    );
}

#[test]
fn agentphone_offsets() {
    let server = server();
    for path in ["/v1/numbers", "/v1/conversations", "/v1/agents"] {
        assert_eq!(
            get(&server, &format!("{path}?limit=20&offset=0")).attribute(),
            r#"items = "data", offset, has_more = "hasMore", total = "total""#,
            "{path}"
        );
    }
}

/// `{data, hasMore, total}` says more items follow, not how to ask for them: without `offset` in the
/// request, a page number fits as well.
#[test]
fn agentphone_without_a_position_is_ambiguous() {
    let server = server();
    let error = get(&server, "/v1/numbers").error();
    assert_eq!(
        readings(&error),
        (
            Ambiguity::PageOrOffset,
            vec![
                r#"items = "data", page, has_more = "hasMore", total = "total""#,
                r#"items = "data", offset, has_more = "hasMore", total = "total""#,
            ]
        )
    );
    let message = error.to_string();
    assert!(message.contains("`page=1` or `offset=0`"), "{message}");
    assert!(message.contains("--paginate"), "{message}");
}

/// The messages endpoint walks by the last item's `receivedAt` (`before`): nothing in one answer shows
/// a keyset, so both readings offered are wrong ones, and the user must say.
#[test]
fn agentphone_messages_keyset_is_not_detectable() {
    let server = server();
    let error = get(&server, "/v1/numbers/1/messages").error();
    let (about, readings) = readings(&error);
    assert_eq!(about, Ambiguity::PageOrOffset);
    assert!(readings.iter().all(|reading| !reading.contains("keyset")));
}

#[test]
fn attio_notes_people_and_meetings() {
    let server = server();
    assert_eq!(
        get(&server, "/v2/notes?limit=10&offset=0").attribute(),
        r#"items = "data", offset"#
    );
    assert_eq!(
        post(
            &server,
            "/v2/objects/people/records/query",
            &json!({"limit": 50, "offset": 0}),
            &[]
        )
        .attribute(),
        r#"items = "data", offset, params_in = "body""#
    );
    assert_eq!(
        get(&server, "/v2/meetings").attribute(),
        r#"items = "data", cursor = "pagination.next_cursor""#
    );
}

/// Attio's notes end with a short page and say nothing else: without `offset` in the request, one
/// answer is a single page.
#[test]
fn attio_notes_without_a_position_are_a_single_page() {
    let server = server();
    let detection = get(&server, "/v2/notes").detect().unwrap();
    assert!(detection.is_single_page());
    assert_eq!(detection.attribute(), r#"items = "data""#);
}

#[test]
fn leads_pages_echoed() {
    let server = server();
    let detection = get(&server, "/api/v1/leads").detect().unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "data", page = "pagination.page", has_more = "pagination.hasNextPage", total = "pagination.total", total_pages = "pagination.totalPages", per_page_param = "pageSize""#
    );
    assert_eq!(detection.confidence(), Confidence::Conventional);
    assert_eq!(
        get(&server, "/api/v1/leads?page=1&pageSize=20")
            .detect()
            .unwrap()
            .confidence(),
        Confidence::Observed
    );
}

#[test]
fn github_link_header() {
    let server = server();
    let detection = get(&server, "/repos/octo/hello/issues").detect().unwrap();
    assert_eq!(detection.attribute(), r#"link_header, limit_param = "per_page""#);
    assert_eq!(detection.strategy(), Strategy::LinkHeader);
    assert_eq!(detection.confidence(), Confidence::Observed);
}

#[test]
fn graphql_connection() {
    let server = server();
    let query = json!({
        "query": "query($owner: String!, $name: String!, $first: Int!, $after: String) {...}",
        "variables": {"owner": "octo", "name": "hello", "first": 50},
    });
    assert_eq!(
        post(&server, "/graphql", &query, &[]).attribute(),
        r#"items = "data.repository.issues.nodes", cursor = "data.repository.issues.pageInfo.endCursor", has_more = "data.repository.issues.pageInfo.hasNextPage", total = "data.repository.issues.totalCount", errors = "errors", cursor_param = "variables.after", limit_param = "variables.first", params_in = "body""#
    );
}

/// The connection's arguments name the variables: read off the query, they are observed.
#[test]
fn graphql_variables_named_by_the_query() {
    let server = server();
    let query = json!({
        "query": "query($first: Int!, $after: String) { repository(owner: \"o\", name: \"r\") { issues(first: $first, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } } }",
        "variables": {"first": 50},
    });
    let detection = post(&server, "/graphql", &query, &[]).detect().unwrap();
    assert!(detection.attribute().ends_with(
        r#"cursor_param = "variables.after", limit_param = "variables.first", params_in = "body""#
    ));
    assert_eq!(detection.confidence(), Confidence::Observed);
}

/// A query with no cursor variable would fetch its first page forever: refused.
#[test]
fn graphql_without_a_cursor_variable_is_refused() {
    let server = server();
    let query = json!({"query": "query($first: Int!) {...}", "variables": {"first": 50}});
    assert_eq!(
        post(&server, "/graphql", &query, &[]).error(),
        DetectError::NoCursorVariable
    );
    let errors = json!({"query": "query($after: String) {...}", "variables": {"first": 500}});
    let error = post(&server, "/graphql", &errors, &[]).error();
    let DetectError::GraphQlErrors { message } = &error else {
        panic!("not the API's errors: {error}");
    };
    assert!(message.contains("first"), "the API's own words: {message}");
}

#[test]
fn dynamodb_scan() {
    let server = server();
    let target = [("x-amz-target", "DynamoDB_20120810.Scan")];
    assert_eq!(
        post(
            &server,
            "/dynamodb",
            &json!({"TableName": "records", "Limit": 50}),
            &target
        )
        .attribute(),
        r#"items = "Items", cursor = "LastEvaluatedKey", cursor_param = "ExclusiveStartKey", limit_param = "Limit", params_in = "body""#
    );
    // A whole table in one page: `ScannedCount` still shows the convention.
    assert_eq!(
        post(&server, "/dynamodb", &json!({"TableName": "records"}), &target).attribute(),
        r#"items = "Items", cursor = "LastEvaluatedKey", cursor_param = "ExclusiveStartKey", limit_param = "Limit", params_in = "body""#
    );
}

/// `last_key` goes back as `start_key`, which no convention and nothing in one answer says: the
/// derive's default `cursor` is assumed, and the confidence says so.
#[test]
fn json_key_in_the_query_names_no_parameter() {
    let server = server();
    let detection = get(&server, "/json-key/items").detect().unwrap();
    assert_eq!(detection.attribute(), r#"items = "items", cursor = "last_key""#);
    assert_eq!(detection.confidence(), Confidence::Assumed);
}

#[test]
fn elasticsearch_search_after_and_from_size() {
    let server = server();
    let sorted = json!({"size": 50, "sort": [{"created_at": "asc"}, {"id": "asc"}]});
    assert_eq!(
        post(&server, "/es/records/_search", &sorted, &[]).attribute(),
        r#"items = "hits.hits", keyset = "sort", total = "hits.total.value", keyset_param = "search_after", limit_param = "size", params_in = "body""#
    );
    assert_eq!(
        post(&server, "/es/records/_search", &json!({"size": 50}), &[]).attribute(),
        r#"items = "hits.hits", offset, total = "hits.total.value", offset_param = "from", limit_param = "size", params_in = "body""#
    );
}

#[test]
fn elasticsearch_point_in_time_is_carried() {
    let server = server();
    let client = reqwest::blocking::Client::new();
    let pit: serde_json::Value = client
        .post(server.url("/es/records/_pit?keep_alive=1m"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let search =
        json!({"size": 50, "sort": [{"created_at": "asc"}], "pit": {"id": pit["id"], "keep_alive": "1m"}});
    assert_eq!(
        post(&server, "/es/_search", &search, &[]).attribute(),
        r#"items = "hits.hits", keyset = "sort", total = "hits.total.value", carry = "pit_id", carry_param = "pit.id", keyset_param = "search_after", limit_param = "size", params_in = "body""#
    );
}

/// A scroll continues at `_search/scroll`, another endpoint: no attribute says that.
#[test]
fn elasticsearch_scroll_is_unsupported() {
    let server = server();
    let error = post(
        &server,
        "/es/records/_search?scroll=1m",
        &json!({"size": 50}),
        &[],
    )
    .error();
    assert!(matches!(error, DetectError::Unsupported { .. }), "{error}");
    assert!(error.to_string().contains("search_after"), "{error}");
}

#[test]
fn json_server_headers() {
    let server = server();
    assert_eq!(
        get(&server, "/headers/items?_page=1").attribute(),
        r#"link_header, total = header("X-Total-Count"), limit_param = "_limit""#
    );
    assert_eq!(
        get(&server, "/headers/items?_page=1&_limit=20").attribute(),
        r#"link_header, total = header("X-Total-Count"), limit_param = "_limit""#
    );
}

/// Without `_page`, json-server answers every item with neither header: one page, rightly.
#[test]
fn json_server_without_a_page_is_a_single_page() {
    let server = server();
    let detection = get(&server, "/headers/items").detect().unwrap();
    assert!(detection.is_single_page());
    assert_eq!(detection.attribute(), "");
}

#[test]
fn cursor_header() {
    let server = server();
    let detection = get(&server, "/headers/cursor").detect().unwrap();
    assert_eq!(detection.attribute(), r#"cursor = header("X-Next-Cursor")"#);
    assert_eq!(detection.confidence(), Confidence::Conventional);
}

/// GitLab's `X-Next-Page` is the page its `Link` leads to: one reading, the `Link`.
#[test]
fn gitlab_offset_and_keyset() {
    let server = server();
    assert_eq!(
        get(&server, "/gitlab/api/v4/projects").attribute(),
        r#"link_header, total = header("X-Total"), limit_param = "per_page""#
    );
    assert_eq!(
        get(
            &server,
            "/gitlab/api/v4/projects?pagination=keyset&order_by=id&per_page=50"
        )
        .attribute(),
        r#"link_header, limit_param = "per_page""#
    );
}

#[test]
fn wordpress_posts() {
    let server = server();
    assert_eq!(
        get(&server, "/wp-json/wp/v2/posts").attribute(),
        r#"link_header, total = header("X-WP-Total")"#
    );
    assert_eq!(
        get(&server, "/wp-json/wp/v2/posts?per_page=20").attribute(),
        r#"link_header, total = header("X-WP-Total"), limit_param = "per_page""#
    );
}

#[test]
fn s3_list_objects_v2_and_v1() {
    let server = server();
    let v2 = r#"format = "xml", items = "Contents", cursor = "NextContinuationToken", has_more = "IsTruncated", cursor_param = "continuation-token", limit_param = "max-keys""#;
    assert_eq!(
        get(&server, "/s3/bucket?list-type=2&max-keys=100").attribute(),
        v2
    );
    // The whole bucket in one page: `KeyCount` still shows `ListObjectsV2`.
    assert_eq!(get(&server, "/s3/bucket?list-type=2").attribute(), v2);
    assert_eq!(
        get(&server, "/s3/bucket?max-keys=100").attribute(),
        r#"format = "xml", items = "Contents", keyset = "Key", has_more = "IsTruncated", keyset_param = "marker", limit_param = "max-keys""#
    );
    assert_eq!(
        get(&server, "/s3/bucket?prefix=won/&delimiter=/&max-keys=10").attribute(),
        r#"format = "xml", items = "Contents", cursor = "NextMarker", has_more = "IsTruncated", cursor_param = "marker", limit_param = "max-keys""#
    );
}

#[test]
fn azure_list_blobs() {
    let server = server();
    let attribute = r#"format = "xml", items = "Blobs.Blob", cursor = "NextMarker", cursor_param = "marker", limit_param = "maxresults""#;
    assert_eq!(
        get(&server, "/azure/box?restype=container&comp=list&maxresults=100").attribute(),
        attribute
    );
    assert_eq!(
        get(&server, "/azure/box?restype=container&comp=list").attribute(),
        attribute
    );
}

#[test]
fn stripe_customers() {
    let server = server();
    let detection = get(&server, "/stripe/v1/customers").detect().unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "data", keyset = "id", has_more = "has_more", keyset_param = "starting_after""#
    );
    assert_eq!(detection.strategy(), Strategy::Keyset);
}

#[test]
fn google_books() {
    let server = server();
    assert_eq!(
        get(&server, "/google/v1/projects/demo/books").attribute(),
        r#"items = "books", cursor = "nextPageToken", cursor_param = "pageToken", limit_param = "pageSize""#
    );
}

/// Temporal answers like Google and takes its token back as `nextPageToken`, not `pageToken`: one
/// exchange cannot tell the two apart, so the Google convention applies, wrongly here, and says it is
/// a convention. A request that already sends the token names it right.
#[test]
fn temporal_shares_googles_shape() {
    let server = server();
    let detection = get(&server, "/temporal/api/v1/namespaces?pageSize=50")
        .detect()
        .unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "namespaces", cursor = "nextPageToken", cursor_param = "pageToken", limit_param = "pageSize""#
    );
    assert_eq!(detection.confidence(), Confidence::Conventional);
    let first = reqwest::blocking::get(server.url("/temporal/api/v1/namespaces?pageSize=50"))
        .unwrap()
        .json::<serde_json::Value>()
        .unwrap();
    let token = first["nextPageToken"].as_str().unwrap();
    let query = serde_urlencoded_pair("nextPageToken", token);
    let second = get(
        &server,
        &format!("/temporal/api/v1/namespaces?pageSize=50&{query}"),
    );
    let detection = second.detect().unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "namespaces", cursor = "nextPageToken", cursor_param = "nextPageToken", limit_param = "pageSize""#
    );
    assert_eq!(detection.confidence(), Confidence::Observed);
}

fn serde_urlencoded_pair(name: &str, value: &str) -> String {
    let mut url = url::Url::parse("http://x/").unwrap();
    url.query_pairs_mut().append_pair(name, value);
    url.query().unwrap().to_owned()
}

#[test]
fn odata_next_link() {
    let server = server();
    assert_eq!(
        get(&server, "/odata/v1.0/users").attribute(),
        r#"items = "value", next_url = "'@odata.nextLink'", limit_param = "$top""#
    );
    assert_eq!(
        get(&server, "/odata/v1.0/users?$top=50").attribute(),
        r#"items = "value", next_url = "'@odata.nextLink'", limit_param = "$top""#
    );
}

#[test]
fn salesforce_next_records_url() {
    let server = server();
    let client = reqwest::blocking::Client::new();
    let url = server.url("/services/data/v58.0/query?q=SELECT+Id,Name+FROM+Account");
    let response = client
        .get(&url)
        .header("Sforce-Query-Options", "batchSize=200")
        .send()
        .unwrap();
    let body = response.bytes().unwrap();
    let exchange = paginated_cli::Exchange::new("GET", &url).response(200, &body);
    let attribute = r#"items = "records", next_url = "nextRecordsUrl", total = "totalSize""#;
    assert_eq!(paginated_cli::detect(&exchange).unwrap().attribute(), attribute);
    // All accounts in one batch: `done` and `totalSize` still show the convention.
    assert_eq!(
        get(&server, "/services/data/v58.0/query?q=SELECT+Id+FROM+Account").attribute(),
        attribute
    );
}

#[test]
fn slack_conversations() {
    let server = server();
    assert_eq!(
        get(&server, "/slack/api/conversations.list?limit=50").attribute(),
        r#"items = "channels", cursor = "response_metadata.next_cursor", errors = "error""#
    );
}

#[test]
fn oxide_organizations_and_metrics() {
    let server = server();
    let attribute = r#"items = "items", cursor = "next_page", cursor_param = "page_token""#;
    assert_eq!(
        get(&server, "/oxide/organizations?limit=50").attribute(),
        attribute
    );
    let metrics = "/oxide/system/metrics/cpus_provisioned?id=3fa85f64-5717-4562-b3fc-2c963f66afa6\
                   &start_time=2024-01-01T00:00:00Z&end_time=2025-01-01T00:00:00Z&limit=50";
    assert_eq!(get(&server, metrics).attribute(), attribute);
}
