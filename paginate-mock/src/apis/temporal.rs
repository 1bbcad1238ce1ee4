//! Temporal's HTTP API, `ListNamespaces`: `GET /temporal/api/v1/namespaces?pageSize=N&nextPageToken=..`,
//! where the request and the response name the token the same way.
//!
//! As Temporal's gRPC-gateway HTTP API behaves:
//! - `pageSize` at most 1,000 (larger values lowered); zero, negative or absent means 100 here.
//! - the token is protobuf `bytes`, carried as standard base64 (`+`, `/` and `=` padding included, so
//!   it must be URL-encoded in the query; URL-safe base64 is accepted too).
//! - the answer is `{"namespaces": [...], "nextPageToken": ".."}`, and on the last page
//!   `"nextPageToken": ""` — an empty string, not a missing field.
//! - errors are gRPC statuses as JSON: `400 {"code": 3, "message": "..", "details": []}`
//!   (3 = `INVALID_ARGUMENT`), for a token this server never issued, a repeated parameter or a
//!   non-integer `pageSize`.
//!
//! Namespaces are `{"namespaceInfo": {"name": namespace_name(n), "state": "NAMESPACE_STATE_REGISTERED",
//! "id": ..}, "config": {"workflowExecutionRetentionTtl": "259200s"}, "isGlobalNamespace": false}`
//! ([`namespace_name`]).
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(15));
//! let list = |query: &str| -> serde_json::Value {
//!     let url = server.url(&format!("/temporal/api/v1/namespaces?{query}"));
//!     serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
//! };
//! let first = list("pageSize=10");
//! let token = first["nextPageToken"].as_str().unwrap();
//! assert!(token.contains('+') && token.ends_with('='), "standard base64: {token}");
//! let encoded = serde_urlencoded::to_string([("nextPageToken", token)]).unwrap();
//! let last = list(&format!("pageSize=10&{encoded}"));
//! assert_eq!(last["namespaces"].as_array().unwrap().len(), 5);
//! assert_eq!(last["nextPageToken"], "");
//! ```

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};

use super::AppState;
use crate::http::{json, Params};

/// Token bytes start with these, so that their base64 text holds `+` and `/`.
const MAGIC: [u8; 3] = [0xFB, 0xFF, 0xBF];

/// The name of namespace `n`: `ns-` and six digits (`ns-000042`).
pub fn namespace_name(n: u64) -> String {
    format!("ns-{n:06}")
}

fn invalid_argument(message: impl Into<String>) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        json!({"code": 3, "message": message.into(), "details": []}),
    )
}

fn encode(offset: u32) -> String {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&offset.to_be_bytes());
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

fn decode(text: &str) -> Option<u32> {
    let engines = [
        base64::engine::general_purpose::STANDARD,
        base64::engine::general_purpose::URL_SAFE,
    ];
    let bytes = engines.iter().find_map(|engine| engine.decode(text).ok())?;
    let offset = bytes.strip_prefix(&MAGIC)?;
    Some(u32::from_be_bytes(offset.try_into().ok()?))
}

pub(crate) async fn namespaces(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        Ok((
            params.int("pageSize")?,
            params.get("nextPageToken")?.map(str::to_owned),
        ))
    };
    let (page_size, token) = match read() {
        Ok(values) => values,
        Err(message) => return invalid_argument(message),
    };
    let page_size = match page_size {
        Some(size) if size > 0 => size.min(1000) as usize,
        _ => 100,
    };
    let start = match token.as_deref().filter(|token| !token.is_empty()) {
        None => 0,
        Some(text) => match decode(text) {
            Some(offset) => offset as usize,
            None => return invalid_argument(format!("invalid page token: {text}")),
        },
    };
    let records = state.records();
    let start = start.min(records.len());
    let end = (start + page_size).min(records.len());
    let namespaces: Vec<Value> = records[start..end]
        .iter()
        .map(|record| {
            json!({
                "namespaceInfo": {
                    "name": namespace_name(record.id),
                    "state": "NAMESPACE_STATE_REGISTERED",
                    "description": "",
                    "id": format!("00000000-0000-4000-8000-{:012}", record.id),
                },
                "config": {"workflowExecutionRetentionTtl": "259200s"},
                "isGlobalNamespace": false,
            })
        })
        .collect();
    let next = if end < records.len() {
        encode(end as u32)
    } else {
        String::new()
    };
    json(
        StatusCode::OK,
        json!({"namespaces": namespaces, "nextPageToken": next}),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::namespace_name;
    use crate::testing::get;
    use crate::{MockConfig, MockServer};

    fn names(page: &Value) -> Vec<String> {
        page["namespaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|namespace| namespace["namespaceInfo"]["name"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn walk_with_the_same_token_name() {
        let server = MockServer::start(MockConfig::with_records(25));
        let mut query = String::from("pageSize=10");
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let page = get(&server.url(&format!("/temporal/api/v1/namespaces?{query}"))).json();
            seen.extend(names(&page));
            pages += 1;
            let token = page["nextPageToken"].as_str().unwrap();
            if token.is_empty() {
                break;
            }
            let encoded = serde_urlencoded::to_string([("nextPageToken", token)]).unwrap();
            query = format!("pageSize=10&{encoded}");
        }
        assert_eq!(
            (seen, pages),
            ((1..=25).map(namespace_name).collect::<Vec<_>>(), 3)
        );
        assert_eq!(
            names(&get(&server.url("/temporal/api/v1/namespaces")).json()).len(),
            25
        );
    }

    #[test]
    fn an_unencoded_token_is_refused() {
        let server = MockServer::start(MockConfig::with_records(25));
        let first = get(&server.url("/temporal/api/v1/namespaces?pageSize=10")).json();
        let token = first["nextPageToken"].as_str().unwrap();
        // Sent raw, its `+` decodes as a space.
        let reply = get(&server.url(&format!(
            "/temporal/api/v1/namespaces?pageSize=10&nextPageToken={token}"
        )));
        assert_eq!(reply.status, 400);
        assert_eq!(reply.json()["code"], 3);
        for bad in ["pageSize=x", "nextPageToken=AAAA", "pageSize=1&pageSize=1"] {
            assert_eq!(
                get(&server.url(&format!("/temporal/api/v1/namespaces?{bad}"))).status,
                400,
                "{bad}"
            );
        }
    }
}
