//! The options that shape a walk, against `paginated-mock`: each does what `--help` says, read off
//! the items written and the requests the mock recorded.

use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::Duration;

use paginated_mock::{MockConfig, MockServer};
use serde_json::Value;

use crate::support::{command, paginated, sorted_ids};

fn server() -> MockServer {
    MockServer::start(MockConfig::with_records(250))
}

fn all(count: u64) -> Vec<u64> {
    (1..=count).collect()
}

#[test]
fn limits_end_the_walk_as_complete() {
    let server = server();
    let url = server.url("/playbook/api/v1/users");
    let run = paginated(&[&url, "--page-size", "20", "--max-items", "45"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(sorted_ids(&run.items(), &["id"]), all(45));
    let run = paginated(&[&url, "--page-size", "20", "--max-pages", "3"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(sorted_ids(&run.items(), &["id"]), all(60));
}

#[test]
fn the_page_size_reaches_the_request() {
    let server = server();
    let run = paginated(&[&server.url("/playbook/api/v1/users"), "--page-size", "25"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let walk = &server.requests()[1..];
    assert_eq!(
        walk.len(),
        10,
        "250 items in pages of 25 (after detection's request)"
    );
    assert!(walk.iter().all(|request| request.params("limit") == ["25"]));
}

#[test]
fn concurrency_fetches_pages_at_once_in_order() {
    let server = MockServer::start(MockConfig {
        latency: Duration::from_millis(20),
        ..MockConfig::with_records(250)
    });
    let run = paginated(&[&server.url("/v1/numbers?limit=20&offset=0"), "--concurrency", "4"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let ids: Vec<u64> = run
        .items()
        .iter()
        .map(|item| crate::support::number(&item["id"]))
        .collect();
    assert_eq!(ids, all(250), "every item once, in order");
    assert!(server.max_in_flight() > 1, "requests overlapped");
}

#[test]
fn a_json_array_on_request() {
    let server = server();
    let run = paginated(&[&server.url("/playbook/api/v1/users"), "--output", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let items: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(sorted_ids(&items, &["id"]), all(250));

    let empty = MockServer::start(MockConfig::with_records(0));
    let run = paginated(&[&empty.url("/playbook/api/v1/users"), "--output", "json"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.stdout, "[]\n");
}

/// `| head`: the reader leaves, and the command ends quietly instead of failing or waiting.
#[test]
fn a_reader_that_leaves_ends_the_walk_quietly() {
    let server = MockServer::start(MockConfig::with_records(5_000));
    let mut child = command()
        .args([&server.url("/playbook/api/v1/users"), "--page-size", "100"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first: Value = serde_json::from_str(&lines.next().unwrap().unwrap()).unwrap();
    assert_eq!(first["id"], "usr_001");
    drop(lines);
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(server.request_count() < 51, "the walk stopped early");
}

#[test]
fn a_response_without_pagination_is_the_only_page_with_a_note() {
    let server = MockServer::start(MockConfig::with_records(45));
    let run = paginated(&[&server.url("/hostile/last-page-forever")]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(sorted_ids(&run.items(), &["id"]), all(10));
    assert!(run.stderr.contains("`page=1`"), "{}", run.stderr);
    let run = paginated(&[&server.url("/hostile/last-page-forever"), "-q"]);
    assert_eq!(run.stderr, "");
}

#[test]
fn a_graphql_query_without_a_cursor_variable_is_refused() {
    let server = server();
    let path = std::env::temp_dir().join(format!("paginated-cli-no-cursor-{}.graphql", std::process::id()));
    let mut file = std::fs::File::create(&path).unwrap();
    write!(
        file,
        "query($owner: String!, $name: String!, $first: Int!) {{ repository(owner: $owner, name: $name) {{ issues(first: $first) \
         {{ nodes {{ number }} pageInfo {{ endCursor hasNextPage }} }} }} }}"
    )
    .unwrap();
    let run = paginated(&[
        &server.url("/graphql"),
        "--graphql",
        path.to_str().unwrap(),
        "--var",
        "owner=octo",
        "--var",
        "name=hello",
        "--var",
        "first=50",
    ]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("after: $after"), "{}", run.stderr);
    assert!(run.items().is_empty());
}

#[test]
fn an_openapi_document_gives_the_pagination() {
    let server = server();
    let document = r#"
openapi: 3.0.3
info: { title: Airclou, version: "1" }
paths:
  /playbook/api/v1/users:
    get:
      operationId: listUsers
      parameters:
        - { name: cursor, in: query, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
      responses:
        "200":
          description: A page of users
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: { type: array, items: { type: object } }
                  pagination:
                    type: object
                    properties:
                      next_cursor: { type: string, nullable: true }
                      has_more: { type: boolean }
"#;
    let path = std::env::temp_dir().join(format!("paginated-cli-openapi-{}.yaml", std::process::id()));
    std::fs::write(&path, document).unwrap();
    let run = paginated(&[
        &server.url("/playbook/api/v1/users"),
        "--openapi",
        path.to_str().unwrap(),
        "--operation",
        "listUsers",
        "--page-size",
        "100",
    ]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(sorted_ids(&run.items(), &["id"]), all(250));
    assert_eq!(
        server.request_count(),
        3,
        "no detection request: three pages of 100"
    );
}

#[test]
fn elasticsearch_point_in_time() {
    let server = server();
    let pit: Value = reqwest::blocking::Client::new()
        .post(server.url("/es/records/_pit?keep_alive=1m"))
        .send()
        .unwrap()
        .json()
        .unwrap();
    let search = serde_json::json!({
        "size": 50,
        "sort": [{"created_at": "asc"}],
        "pit": {"id": pit["id"], "keep_alive": "1m"},
    })
    .to_string();
    let run = paginated(&[&server.url("/es/_search"), "-d", &search]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(sorted_ids(&run.items(), &["_id"]), all(250));
}

#[test]
fn a_page_size_the_api_ignores_is_reported() {
    let server = server();
    let run = paginated(&[
        &server.url("/wp-json/wp/v2/posts"),
        "--page-size",
        "7",
        "--max-pages",
        "1",
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.items().len(), 10);
    assert!(run.stderr.contains("limit_param"), "{}", run.stderr);
}

#[test]
fn files_the_walk_cannot_keep_are_refused_before_any_request() {
    let server = server();
    let url = server.url("/playbook/api/v1/users");
    let run = paginated(&[&url, "--resume", "/nonexistent/directory/users.resume"]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    let same = std::env::temp_dir().join(format!("paginated-cli-same-{}", std::process::id()));
    let same = same.to_str().unwrap();
    let run = paginated(&[&url, "--resume", same, "--out", same]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("the same file"), "{}", run.stderr);
    assert_eq!(server.request_count(), 0);
}

#[test]
fn graphql_errors_are_shown() {
    let server = server();
    let path = std::env::temp_dir().join(format!("paginated-cli-errors-{}.graphql", std::process::id()));
    std::fs::write(
        &path,
        "query($after: String) { repository(owner: \"octo\", name: \"hello\") { issues(after: $after) \
         { nodes { number } pageInfo { endCursor hasNextPage } } } }",
    )
    .unwrap();
    let run = paginated(&[&server.url("/graphql"), "--graphql", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("the first error says"), "{}", run.stderr);
}
