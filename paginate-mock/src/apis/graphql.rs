//! GitHub's GraphQL API: Relay cursor connections, at `POST /graphql`.
//!
//! The body is `{"query": "...", "variables": {...}}`. The query text is not parsed: every query is
//! answered as `repository(owner: $owner, name: $name) { issues(first: $first, after: $after) {...} }`,
//! over the records as issues (oldest first), from the variables `first` and `after` (forward) or
//! `last` and `before` (backward). `owner` and `name` are ignored.
//!
//! As on GitHub:
//! - every connection needs `first` or `last`, at most 100: without one, `MISSING_PAGINATION_BOUNDARIES`;
//!   above 100, `EXCESSIVE_PAGINATION`; both together are refused. (Below 1 is refused here too, with
//!   `MISSING_PAGINATION_BOUNDARIES`.)
//! - cursors are opaque base64 strings, one per edge; `pageInfo` carries `hasNextPage`, `endCursor`
//!   (the last edge's cursor, `null` when there are no edges), `hasPreviousPage` and `startCursor`.
//! - the connection also has `totalCount`, `edges { cursor node }` and the shortcut `nodes`.
//! - errors come with status `200`: `{"data": null, "errors": [{"type", "path", "locations",
//!   "message"}]}`; an `after` or `before` that is not a cursor of this connection is
//!   `INVALID_CURSOR_ARGUMENTS`. A variable of the wrong JSON type is a validation error without `data`.
//!   A body that is not JSON is `400 {"message": "Problems parsing JSON"}`.
//! - [`Faults::graphql_error_at`](crate::Faults::graphql_error_at) answers one request with
//!   GitHub's internal-error shape: `200`, `data: null`, one error without `type`.
//!
//! Nodes are `{"id": issue_id(n), "number": n, "title": "Record 00000n"}` ([`issue_id`]).
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(150));
//! let client = reqwest::blocking::Client::new();
//! let query = |variables: serde_json::Value| -> serde_json::Value {
//!     let body = serde_json::json!({"query": "query($first: Int!, $after: String) {...}", "variables": variables});
//!     let text = client.post(server.url("/graphql")).body(body.to_string()).send().unwrap().text().unwrap();
//!     serde_json::from_str(&text).unwrap()
//! };
//! let first = query(serde_json::json!({"owner": "octo", "name": "hello", "first": 100}));
//! let issues = &first["data"]["repository"]["issues"];
//! assert_eq!(issues["totalCount"], 150);
//! assert_eq!(issues["pageInfo"]["hasNextPage"], true);
//! let second = query(serde_json::json!({"first": 100, "after": issues["pageInfo"]["endCursor"]}));
//! let issues = &second["data"]["repository"]["issues"];
//! assert_eq!(issues["nodes"].as_array().unwrap().len(), 50);
//! assert_eq!(issues["nodes"][0]["id"], paginated_mock::apis::graphql::issue_id(101));
//! assert_eq!(issues["pageInfo"]["hasNextPage"], false);
//! ```

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use base64::Engine;
use serde_json::{json, Map, Value};

use super::AppState;
use crate::data::Record;
use crate::http::json;
use crate::state::RequestNumber;

/// The most nodes one connection page may ask for.
const MAX_NODES: i64 = 100;

/// The GraphQL node id of issue `number`: `I_` and six digits (`I_000042`).
pub fn issue_id(number: u64) -> String {
    format!("I_{number:06}")
}

fn cursor(number: u64) -> String {
    base64::engine::general_purpose::STANDARD.encode(format!("cursor:v2:{number}"))
}

fn decode_cursor(text: &str) -> Option<u64> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text).ok()?;
    String::from_utf8(bytes)
        .ok()?
        .strip_prefix("cursor:v2:")?
        .parse()
        .ok()
}

/// An answer not yet sent: its status and JSON body.
type Answer = (StatusCode, Value);

/// `200` with one GraphQL error on `repository.issues`.
fn error(kind: Option<&str>, message: String) -> Answer {
    let mut error = json!({
        "path": ["repository", "issues"],
        "locations": [{"line": 1, "column": 1}],
        "message": message,
    });
    if let Some(kind) = kind {
        error["type"] = json!(kind);
    }
    (StatusCode::OK, json!({"data": null, "errors": [error]}))
}

/// `200` with a variable validation error (no `data`).
fn invalid_variable(name: &str, kind: &str, value: &Value) -> Answer {
    (
        StatusCode::OK,
        json!({"errors": [{
            "extensions": {"value": value, "problems": [{"path": [], "explanation": format!("Could not coerce value {value} to {kind}")}]},
            "locations": [{"line": 1, "column": 7}],
            "message": format!("Variable ${name} of type {kind} was provided invalid value"),
        }]}),
    )
}

/// The pagination variables of a query.
struct Variables {
    first: Option<i64>,
    last: Option<i64>,
    after: Option<String>,
    before: Option<String>,
}

pub(crate) async fn graphql(
    State(state): State<AppState>,
    Extension(RequestNumber(number)): Extension<RequestNumber>,
    body: Bytes,
) -> Response {
    let (status, body) = issues_page(&state, number, &body).unwrap_or_else(|error| error);
    json(status, body)
}

/// The answer to request `number`: a page of the `issues` connection, or (`Err`) a GraphQL error.
fn issues_page(state: &AppState, number: u64, body: &[u8]) -> Result<Answer, Answer> {
    let body = query_body(body)?;
    if state.config.faults.graphql_error_at == Some(number) {
        return Err((
            StatusCode::OK,
            json!({"data": null, "errors": [{"message": format!(
                "Something went wrong while executing your query. Please include `{number:04X}:0000:0000000:0000000:00000000` when reporting this issue."
            )}]}),
        ));
    }
    let variables = read_variables(&body)?;
    let limit = page_size(&variables)?;
    let records = state.records();
    let (after, before) = match (
        position(&records, &variables.after),
        position(&records, &variables.before),
    ) {
        (Ok(after), Ok(before)) => (after, before),
        (Err(text), _) | (_, Err(text)) => {
            return Err(error(
                Some("INVALID_CURSOR_ARGUMENTS"),
                format!("`{text}` does not appear to be a valid cursor."),
            ))
        }
    };
    // Relay: cut the edges to after/before, then take the first or last `limit`.
    let mut start = after.map_or(0, |position| position + 1);
    let mut end = before.unwrap_or(records.len()).max(start);
    if variables.first.is_some() {
        end = end.min(start + limit);
    } else {
        start = start.max(end.saturating_sub(limit));
    }
    Ok((StatusCode::OK, connection(&records, start, end)))
}

/// The request body, a JSON object with a `query` string.
fn query_body(body: &[u8]) -> Result<Map<String, Value>, Answer> {
    let Ok(Value::Object(body)) = serde_json::from_slice::<Value>(body) else {
        return Err((
            StatusCode::BAD_REQUEST,
            json!({"message": "Problems parsing JSON", "documentation_url": "https://docs.github.com/graphql"}),
        ));
    };
    if !body.get("query").is_some_and(Value::is_string) {
        return Err((
            StatusCode::OK,
            json!({"errors": [{"message": "A query attribute must be specified and must be a string."}]}),
        ));
    }
    Ok(body)
}

/// `first`, `last`, `after` and `before` of `variables`, each absent, `null` or of its type.
fn read_variables(body: &Map<String, Value>) -> Result<Variables, Answer> {
    let none = Map::new();
    let variables = match body.get("variables") {
        None | Some(Value::Null) => &none,
        Some(Value::Object(variables)) => variables,
        Some(other) => return Err(invalid_variable("variables", "Object", other)),
    };
    let count = |name: &str| match variables.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_i64()
            .map(Some)
            .ok_or_else(|| invalid_variable(name, "Int", value)),
    };
    let text = |name: &str| match variables.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(value) => Err(invalid_variable(name, "String", value)),
    };
    Ok(Variables {
        first: count("first")?,
        last: count("last")?,
        after: text("after")?,
        before: text("before")?,
    })
}

/// The page size: `first` or `last` (exactly one of them), from 1 to [`MAX_NODES`].
fn page_size(variables: &Variables) -> Result<usize, Answer> {
    let (limit, boundary) =
        match (variables.first, variables.last) {
            (Some(_), Some(_)) => {
                return Err(error(
                    None,
                    "Passing both `first` and `last` to paginate the `issues` connection is not supported."
                        .into(),
                ))
            }
            (None, None) => return Err(error(
                Some("MISSING_PAGINATION_BOUNDARIES"),
                "You must provide a `first` or `last` value to properly paginate the `issues` connection."
                    .into(),
            )),
            (Some(n), None) => (n, "first"),
            (None, Some(n)) => (n, "last"),
        };
    if limit < 1 {
        return Err(error(
            Some("MISSING_PAGINATION_BOUNDARIES"),
            format!("`{boundary}` on the `issues` connection must be at least 1, got {limit}."),
        ));
    }
    if limit > MAX_NODES {
        return Err(error(
            Some("EXCESSIVE_PAGINATION"),
            format!(
                "Requesting {limit} records on the `issues` connection exceeds the `{boundary}` limit of {MAX_NODES} records."
            ),
        ));
    }
    Ok(limit as usize)
}

/// The position of a cursor's record; `Err(cursor)` when it is none of this connection's.
fn position(records: &[Record], cursor: &Option<String>) -> Result<Option<usize>, String> {
    let Some(text) = cursor else { return Ok(None) };
    decode_cursor(text)
        .and_then(|number| records.iter().position(|record| record.id == number))
        .map(Some)
        .ok_or_else(|| text.clone())
}

/// The `issues` connection holding `records[start..end]`.
fn connection(records: &[Record], start: usize, end: usize) -> Value {
    let nodes: Vec<Value> = records[start..end]
        .iter()
        .map(|record| json!({"id": issue_id(record.id), "number": record.id, "title": record.name()}))
        .collect();
    let edges: Vec<Value> = records[start..end]
        .iter()
        .zip(&nodes)
        .map(|(record, node)| json!({"cursor": cursor(record.id), "node": node}))
        .collect();
    let edge_cursor = |index: Option<usize>| index.map(|index| cursor(records[index].id));
    let (start_cursor, end_cursor) = if start < end {
        (edge_cursor(Some(start)), edge_cursor(Some(end - 1)))
    } else {
        (None, None)
    };
    json!({"data": {"repository": {"issues": {
        "totalCount": records.len(),
        "pageInfo": {
            "hasNextPage": end < records.len(),
            "endCursor": end_cursor,
            "hasPreviousPage": start > 0,
            "startCursor": start_cursor,
        },
        "edges": edges,
        "nodes": nodes,
    }}}})
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{cursor, issue_id};
    use crate::testing::post;
    use crate::{Faults, MockConfig, MockServer};

    fn query(server: &MockServer, variables: Value) -> Value {
        let reply = post(
            &server.url("/graphql"),
            &json!({"query": "query { ... }", "variables": variables}),
            &[],
        );
        assert_eq!(reply.status, 200, "{}", reply.text);
        reply.json()
    }

    fn numbers(body: &Value) -> Vec<u64> {
        body["data"]["repository"]["issues"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|node| node["number"].as_u64().unwrap())
            .collect()
    }

    #[test]
    fn walks_forward_to_the_end() {
        let server = MockServer::start(MockConfig::with_records(25));
        let mut after = Value::Null;
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let body = query(&server, json!({"owner": "octo", "first": 10, "after": after}));
            let issues = &body["data"]["repository"]["issues"];
            assert_eq!(issues["totalCount"], 25);
            let edges = issues["edges"].as_array().unwrap();
            for (edge, node) in edges.iter().zip(issues["nodes"].as_array().unwrap()) {
                assert_eq!(&edge["node"], node);
            }
            let info = &issues["pageInfo"];
            assert_eq!(info["endCursor"], edges.last().unwrap()["cursor"]);
            assert_eq!(info["startCursor"], edges[0]["cursor"]);
            assert_eq!(info["hasPreviousPage"], pages > 0);
            seen.extend(numbers(&body));
            pages += 1;
            if info["hasNextPage"] == false {
                break;
            }
            after = info["endCursor"].clone();
        }
        assert_eq!(pages, 3);
        assert_eq!(seen, (1..=25).collect::<Vec<_>>());
        let middle = query(&server, json!({"first": 10, "after": cursor(10)}));
        assert_eq!(numbers(&middle), (11..=20).collect::<Vec<_>>());
        assert_eq!(
            middle["data"]["repository"]["issues"]["nodes"][0]["id"],
            issue_id(11)
        );
    }

    #[test]
    fn walks_backward() {
        let server = MockServer::start(MockConfig::with_records(25));
        let body = query(&server, json!({"last": 10}));
        assert_eq!(numbers(&body), (16..=25).collect::<Vec<_>>());
        let info = &body["data"]["repository"]["issues"]["pageInfo"];
        assert_eq!(
            (info["hasPreviousPage"].clone(), info["hasNextPage"].clone()),
            (json!(true), json!(false))
        );
        let body = query(&server, json!({"last": 10, "before": info["startCursor"]}));
        assert_eq!(numbers(&body), (6..=15).collect::<Vec<_>>());
    }

    #[test]
    fn an_empty_connection_has_null_cursors() {
        let server = MockServer::start(MockConfig::with_records(0));
        let body = query(&server, json!({"first": 10}));
        let info = &body["data"]["repository"]["issues"]["pageInfo"];
        assert_eq!(info["endCursor"], Value::Null);
        assert_eq!(info["hasNextPage"], false);
    }

    #[test]
    fn errors_come_with_200() {
        let server = MockServer::start(MockConfig::with_records(25));
        let kind = |variables: Value| {
            let body = query(&server, variables);
            assert_eq!(body["data"], Value::Null);
            body["errors"][0]["type"].clone()
        };
        assert_eq!(kind(json!({})), "MISSING_PAGINATION_BOUNDARIES");
        assert_eq!(kind(json!({"first": 0})), "MISSING_PAGINATION_BOUNDARIES");
        assert_eq!(kind(json!({"first": 101})), "EXCESSIVE_PAGINATION");
        assert_eq!(
            kind(json!({"first": 10, "after": "bogus"})),
            "INVALID_CURSOR_ARGUMENTS"
        );
        assert_eq!(
            kind(json!({"first": 10, "after": cursor(26)})),
            "INVALID_CURSOR_ARGUMENTS"
        );
        assert_eq!(kind(json!({"first": 10, "last": 10})), Value::Null);
        let body = query(&server, json!({"first": "10"}));
        assert!(body.get("data").is_none());
        assert!(body["errors"][0]["message"].as_str().unwrap().contains("$first"));
        let reply = post(&server.url("/graphql"), &json!("not an object"), &[]);
        assert_eq!(reply.status, 400);
        assert_eq!(reply.json()["message"], "Problems parsing JSON");
    }

    #[test]
    fn injected_error_at_one_request() {
        let server = MockServer::start(MockConfig {
            faults: Faults {
                graphql_error_at: Some(2),
                ..Faults::default()
            },
            ..MockConfig::with_records(25)
        });
        assert_eq!(numbers(&query(&server, json!({"first": 5}))).len(), 5);
        let failed = query(&server, json!({"first": 5}));
        assert_eq!(failed["data"], Value::Null);
        assert!(failed["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Something went wrong"));
        assert_eq!(numbers(&query(&server, json!({"first": 5}))).len(), 5);
    }
}
