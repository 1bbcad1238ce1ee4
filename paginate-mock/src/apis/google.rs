//! Google APIs' list pagination (AIP-158): `GET /google/v1/projects/{project}/books?pageSize=N&pageToken=..`.
//!
//! As AIP-158 describes it:
//! - `pageSize` defaults to 50; values above 1,000 are lowered to 1,000; `0` means the default; a
//!   negative value is `INVALID_ARGUMENT`.
//! - the answer is `{"books": [...], "nextPageToken": ".."}`; the token is opaque and the field is
//!   left out on the last page (proto3 JSON omits an empty string), which is the only end signal.
//! - a page token belongs to the request that produced it: sending it with another parent project or
//!   another `filter` is `INVALID_ARGUMENT`, as is a token this server never issued. `pageSize` may
//!   change between pages.
//! - `filter` supports `status = "won"` (AIP-160 equality on the book's `status`).
//! - errors are `{"error": {"code": 400, "message": "..", "status": "INVALID_ARGUMENT"}}`.
//!
//! Books are `{"name": "projects/{project}/books/book-00000n", "displayName": "Record 00000n",
//! "status": .., "createTime": ISO 8601}` in `n` order ([`book_name`]).
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(60));
//! let get = |query: &str| -> serde_json::Value {
//!     let url = server.url(&format!("/google/v1/projects/demo/books?{query}"));
//!     serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
//! };
//! let first = get("");
//! assert_eq!(first["books"].as_array().unwrap().len(), 50);
//! let token = first["nextPageToken"].as_str().unwrap();
//! let last = get(&format!("pageToken={token}"));
//! assert_eq!(last["books"][0]["name"], paginated_mock::apis::google::book_name("demo", 51));
//! assert!(last.get("nextPageToken").is_none());
//! ```

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::AppState;
use crate::data::iso8601;
use crate::http::{json, token, Params};

/// The resource name of book `n` in `project`: `projects/{project}/books/book-00000n`.
pub fn book_name(project: &str, n: u64) -> String {
    format!("projects/{project}/books/book-{n:06}")
}

fn invalid_argument(message: impl Into<String>) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        json!({"error": {"code": 400, "message": message.into(), "status": "INVALID_ARGUMENT"}}),
    )
}

/// `status = "won"`, spaces optional.
fn parse_filter(filter: &str) -> Option<String> {
    let (field, value) = filter.split_once('=')?;
    if field.trim() != "status" {
        return None;
    }
    let value = value.trim().strip_prefix('"')?.strip_suffix('"')?;
    (!value.contains('"')).then(|| value.to_owned())
}

pub(crate) async fn books(
    State(state): State<AppState>,
    Path(project): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        Ok((
            params.int("pageSize")?,
            params.get("pageToken")?.map(str::to_owned),
            params.get("filter")?.map(str::to_owned),
        ))
    };
    let (page_size, page_token, filter) = match read() {
        Ok(values) => values,
        Err(message) => return invalid_argument(message),
    };
    let page_size = match page_size {
        None | Some(0) => 50,
        Some(size) if size < 0 => return invalid_argument("page_size must not be negative"),
        Some(size) => size.min(1000) as usize,
    };
    let filter = filter.unwrap_or_default();
    let status = if filter.is_empty() {
        None
    } else {
        match parse_filter(&filter) {
            Some(status) => Some(status),
            None => return invalid_argument(format!("invalid filter: {filter}")),
        }
    };
    // The token: the request it belongs to, and where the next page starts.
    let binding = format!("{project}\n{filter}\n");
    let start = match page_token.as_deref().filter(|token| !token.is_empty()) {
        None => 0,
        Some(text) => match token::decode(text, "books\n") {
            None => return invalid_argument("invalid page_token"),
            Some(rest) => match rest.strip_prefix(&binding).map(str::parse::<usize>) {
                Some(Ok(start)) => start,
                _ => {
                    return invalid_argument(
                        "page_token does not match the request: the parent and filter must not change",
                    )
                }
            },
        },
    };
    let records = state.records();
    let matching: Vec<_> = records
        .iter()
        .filter(|record| status.as_deref().is_none_or(|status| record.status == status))
        .collect();
    let start = start.min(matching.len());
    let end = (start + page_size).min(matching.len());
    let books: Vec<Value> = matching[start..end]
        .iter()
        .map(|record| {
            json!({
                "name": book_name(&project, record.id),
                "displayName": record.name(),
                "status": record.status,
                "createTime": iso8601(record.created_at),
            })
        })
        .collect();
    let mut body = json!({"books": books});
    if end < matching.len() {
        body["nextPageToken"] = json!(token::encode(&format!("books\n{binding}{end}")));
    }
    json(StatusCode::OK, body)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::book_name;
    use crate::testing::get;
    use crate::{MockConfig, MockServer};

    fn names(page: &Value) -> Vec<String> {
        page["books"]
            .as_array()
            .unwrap()
            .iter()
            .map(|book| book["name"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn walk_with_page_tokens() {
        let server = MockServer::start(MockConfig::with_records(25));
        let mut query = String::from("pageSize=10");
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let reply = get(&server.url(&format!("/google/v1/projects/p1/books?{query}")));
            assert_eq!(reply.status, 200);
            let page = reply.json();
            seen.extend(names(&page));
            pages += 1;
            match page.get("nextPageToken") {
                Some(token) => query = format!("pageSize=10&pageToken={}", token.as_str().unwrap()),
                None => break,
            }
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, (1..=25).map(|n| book_name("p1", n)).collect::<Vec<_>>());
        let big = get(&server.url("/google/v1/projects/p1/books?pageSize=5000")).json();
        assert_eq!(names(&big).len(), 25);
    }

    #[test]
    fn filters_bind_their_tokens() {
        let server = MockServer::start(MockConfig::with_records(25));
        let won = get(&server.url("/google/v1/projects/p1/books?pageSize=2&filter=status%20%3D%20%22won%22"))
            .json();
        assert_eq!(names(&won), [book_name("p1", 2), book_name("p1", 6)]);
        let token = won["nextPageToken"].as_str().unwrap();
        let next = get(&server.url(&format!(
            "/google/v1/projects/p1/books?pageSize=2&filter=status%3D%22won%22&pageToken={token}"
        )));
        assert_eq!(next.status, 400, "the filter text changed");
        let next = get(&server.url(&format!(
            "/google/v1/projects/p1/books?pageSize=2&filter=status%20%3D%20%22won%22&pageToken={token}"
        )));
        assert_eq!(names(&next.json()), [book_name("p1", 10), book_name("p1", 14)]);
        let other = get(&server.url(&format!(
            "/google/v1/projects/p2/books?filter=status%20%3D%20%22won%22&pageToken={token}"
        )));
        assert_eq!(other.status, 400);
        assert_eq!(other.json()["error"]["status"], "INVALID_ARGUMENT");
        for bad in [
            "pageSize=-1",
            "pageToken=bogus",
            "filter=color%3D%22red%22",
            "pageSize=1&pageSize=2",
        ] {
            let reply = get(&server.url(&format!("/google/v1/projects/p1/books?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert_eq!(reply.json()["error"]["code"], 400);
        }
    }
}
