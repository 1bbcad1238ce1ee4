//! A GraphQL cursor connection (Relay, as GitHub, Shopify and GitLab serve them): `POST` the query with
//! `variables.first` and `variables.after`, read `pageInfo { hasNextPage endCursor }`, take each edge's
//! `node`, and turn GraphQL's `errors` (sent with a `200`) into a typed error. Against the embedded mock
//! server.
//!
//! Run: `cargo run --example graphql`

use futures::TryStreamExt;
use paginated::{Error, ErrorKind, ErrorValue, Paginate};
use paginated_mock::{Faults, MockConfig, MockServer};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize, Paginate)]
#[paginate(
    // `[]` takes every edge, and the item is its `node`.
    items = "data?.repository.issues.edges[].node",
    item = Issue,
    cursor = "data?.repository.issues.page_info.end_cursor",
    has_more = "data?.repository.issues.page_info.has_next_page",
    total = "data?.repository.issues.total_count",
    errors = "errors",
    // The cursor and the page size are members of the JSON body's `variables`.
    params_in = "body",
    cursor_param = "variables.after",
    limit_param = "variables.first",
    max_page_size = 100
)]
struct IssuesPage {
    data: Option<Data>,
    errors: Option<Vec<GraphQlError>>,
}

#[derive(Deserialize)]
struct Data {
    repository: Repository,
}

#[derive(Deserialize)]
struct Repository {
    issues: Connection,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Connection {
    total_count: u64,
    page_info: PageInfo,
    edges: Vec<Edge>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    has_next_page: bool,
    end_cursor: Option<String>,
}

#[derive(Deserialize)]
struct Edge {
    node: Issue,
}

#[derive(Debug, Deserialize)]
struct Issue {
    number: u64,
    title: String,
}

#[derive(Deserialize)]
struct GraphQlError {
    message: String,
    #[serde(rename = "type")]
    kind: Option<String>,
}

/// How one GraphQL error reads in `ErrorKind::Api`.
impl ErrorValue for GraphQlError {
    fn error_message(&self) -> Option<String> {
        Some(match &self.kind {
            Some(kind) => format!("{kind}: {}", self.message),
            None => self.message.clone(),
        })
    }
}

const QUERY: &str = "query($owner: String!, $name: String!, $first: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    issues(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } edges { node { number title } }
    }
  }
}";

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(250));
    let client = paginated::http::client().build().map_err(Error::transport)?;
    let query = || {
        client
            .post(server.url("/graphql"))
            .json(&json!({"query": QUERY, "variables": {"owner": "octo", "name": "hello"}}))
    };

    let issues: Vec<Issue> = IssuesPage::stream(query()).page_size(100).try_collect().await?;
    let afters: Vec<String> = server
        .requests()
        .iter()
        .map(|request| {
            let body: serde_json::Value = serde_json::from_str(&request.body).unwrap_or_default();
            body["variables"]["after"].to_string()
        })
        .collect();
    println!(
        "graphql: {} issues (#{} {:?} … #{}) in {} requests; variables.after: {}",
        issues.len(),
        issues[0].number,
        issues[0].title,
        issues[issues.len() - 1].number,
        afters.len(),
        afters.join(", ")
    );

    // The API's errors come with a `200`: the failed page yields nothing, the walk ends with them.
    let failing = MockServer::start(MockConfig {
        faults: Faults {
            graphql_error_at: Some(2),
            ..Faults::default()
        },
        ..MockConfig::with_records(250)
    });
    let request = client
        .post(failing.url("/graphql"))
        .json(&json!({"query": QUERY, "variables": {"owner": "octo", "name": "hello"}}));
    let mut walk = IssuesPage::stream(request).page_size(100);
    let mut received = 0;
    while let Some(outcome) = walk.try_next().await.transpose() {
        match outcome {
            Ok(_) => received += 1,
            Err(error) => {
                let ErrorKind::Api { message } = error.kind() else {
                    return Err(error);
                };
                println!("graphql: {received} issues, then the API's error: {message}");
            }
        }
    }
    Ok(())
}
