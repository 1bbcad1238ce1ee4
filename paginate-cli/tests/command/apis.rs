//! Every emulated API, walked with no pagination option (the request as the API's documentation
//! shows it): the items written are the records the mock holds, each once.

use std::io::Write;

use paginated_mock::{MockConfig, MockServer};
use serde_json::json;

use crate::support::{paginated, sorted_ids};

const RECORDS: u64 = 250;

fn server() -> MockServer {
    MockServer::start(MockConfig::with_records(RECORDS))
}

/// Runs `paginated URL ARGS...` for `path` and checks that the items are records 1..=RECORDS, each
/// once, by the number in the member at `id`.
///
/// No request goes out twice: the first page, fetched to detect the pagination, is the walk's first
/// page too.
fn walks(server: &MockServer, path: &str, args: &[&str], id: &[&str]) {
    let url = server.url(path);
    let mut all = vec![url.as_str()];
    all.extend_from_slice(args);
    let before = server.requests().len();
    let run = paginated(&all);
    assert_eq!(run.status, 0, "{path}: {}", run.stderr);
    assert_eq!(
        sorted_ids(&run.items(), id),
        (1..=RECORDS).collect::<Vec<_>>(),
        "{path}"
    );
    let mut sent: Vec<_> = server.requests()[before..]
        .iter()
        .map(|request| {
            (
                request.method.clone(),
                request.path.clone(),
                request.query.clone(),
                request.body.clone(),
            )
        })
        .collect();
    let count = sent.len();
    sent.sort();
    sent.dedup();
    assert_eq!(sent.len(), count, "{path}: a request went out twice: {sent:#?}");
}

#[test]
fn cursor_apis() {
    let server = server();
    walks(&server, "/playbook/api/v1/users", &[], &["id"]);
    walks(&server, "/headers/cursor", &[], &["id"]);
    walks(&server, "/google/v1/projects/demo/books", &[], &["name"]);
    walks(&server, "/slack/api/conversations.list?limit=50", &[], &["id"]);
    walks(&server, "/oxide/organizations?limit=50", &[], &["name"]);
    walks(&server, "/v2/meetings", &[], &["id", "meeting_id"]);
}

#[test]
fn next_url_and_link_apis() {
    let server = server();
    walks(&server, "/v1/calls", &[], &["id"]);
    walks(&server, "/v1/contacts?per_page=50", &[], &["id"]);
    walks(&server, "/repos/octo/hello/issues", &[], &["number"]);
    walks(&server, "/odata/v1.0/users", &[], &["id"]);
    walks(
        &server,
        "/services/data/v58.0/query?q=SELECT+Id,Name+FROM+Account",
        &[],
        &["Name"],
    );
    walks(&server, "/gitlab/api/v4/projects", &[], &["id"]);
}

#[test]
fn offset_and_page_apis() {
    let server = server();
    for (path, id) in [
        ("/v1/numbers?limit=20&offset=0", "id"),
        ("/v1/conversations?limit=20&offset=0", "id"),
        ("/v1/agents?limit=20&offset=0", "id"),
    ] {
        walks(&server, path, &[], &[id]);
    }
    walks(&server, "/v2/notes?limit=10&offset=0", &[], &["id", "note_id"]);
    walks(&server, "/api/v1/leads?page=1&pageSize=20", &[], &["id"]);
    walks(&server, "/headers/items?_page=1", &[], &["id"]);
    walks(&server, "/wp-json/wp/v2/posts", &[], &["id"]);
}

#[test]
fn keyset_apis() {
    let server = server();
    walks(&server, "/stripe/v1/customers", &[], &["id"]);
}

#[test]
fn xml_apis() {
    let server = server();
    walks(&server, "/s3/bucket?list-type=2&max-keys=100", &[], &["Key"]);
    walks(&server, "/s3/bucket?max-keys=100", &[], &["Key"]);
    walks(
        &server,
        "/azure/box?restype=container&comp=list&maxresults=100",
        &[],
        &["Name"],
    );
}

#[test]
fn body_apis() {
    let server = server();
    let scan = json!({"TableName": "records", "Limit": 50}).to_string();
    walks(
        &server,
        "/dynamodb",
        &["-H", "X-Amz-Target: DynamoDB_20120810.Scan", "-d", &scan],
        &["n", "N"],
    );
    let sorted = json!({"size": 50, "sort": [{"created_at": "asc"}, {"id": "asc"}]}).to_string();
    walks(&server, "/es/records/_search", &["-d", &sorted], &["_id"]);
    let from_size = json!({"size": 50}).to_string();
    walks(&server, "/es/records/_search", &["-d", &from_size], &["_id"]);
}

#[test]
fn graphql() {
    let server = server();
    let mut query = tempfile();
    write!(
        query.1,
        "query($owner: String!, $name: String!, $first: Int!, $after: String) {{ repository(owner: $owner, name: $name) {{ \
         issues(first: $first, after: $after) {{ totalCount nodes {{ number title }} pageInfo {{ endCursor hasNextPage }} }} }} }}"
    )
    .unwrap();
    let path = query.0.to_str().unwrap().to_owned();
    walks(
        &server,
        "/graphql",
        &[
            "--graphql",
            &path,
            "--var",
            "owner=octo",
            "--var",
            "name=hello",
            "--var",
            "first=50",
        ],
        &["number"],
    );
}

/// Temporal answers like Google and takes its token back under another name, which one exchange
/// cannot show: the walk stops at the second page with the advice to name the parameter, which
/// then walks it.
#[test]
fn a_parameter_one_exchange_cannot_name() {
    let server = server();
    let url = server.url("/temporal/api/v1/namespaces?pageSize=50");
    let run = paginated(&[&url]);
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert_eq!(run.items().len(), 50, "the first page, once");
    assert!(
        run.stderr.contains("taken from a known convention"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("cursor_param"), "{}", run.stderr);
    walks(
        &server,
        "/temporal/api/v1/namespaces?pageSize=50",
        &[
            "--paginate",
            r#"items = "namespaces", cursor = "nextPageToken", cursor_param = "nextPageToken""#,
        ],
        &["namespaceInfo", "name"],
    );
}

/// A temporary file that is removed when dropped.
pub struct TempFile(pub std::path::PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn tempfile() -> (std::path::PathBuf, std::fs::File, TempFile) {
    let path = std::env::temp_dir().join(format!(
        "paginated-cli-{}-{:?}.graphql",
        std::process::id(),
        std::thread::current().id()
    ));
    let file = std::fs::File::create(&path).unwrap();
    (path.clone(), file, TempFile(path))
}
