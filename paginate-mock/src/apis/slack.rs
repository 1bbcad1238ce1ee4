//! Slack's Web API cursor pagination: `GET /slack/api/conversations.list?cursor=..&limit=N`.
//!
//! As Slack documents it:
//! - `limit` defaults to 100; values above 1,000 are lowered to 1,000. Fewer items than `limit` may
//!   come back even before the end.
//! - the answer is `{"ok": true, "channels": [..], "response_metadata": {"next_cursor": ".."}}`; the
//!   cursor is base64 of `team:<first channel id of the next page>` (as Slack's are), and on the last
//!   page `next_cursor` is an empty string: the only end signal.
//! - `exclude_archived=true` drops archived channels (records whose status is `lost`) from each page
//!   after it was cut, so pages come back short, or even empty, with a non-empty `next_cursor`.
//! - errors come with status `200`: `{"ok": false, "error": "invalid_cursor"}` for a cursor this server
//!   never issued, `{"ok": false, "error": "invalid_arguments"}` for a repeated parameter or a
//!   `limit` or `exclude_archived` that does not parse.
//!
//! Channels are `{"id": channel_id(n), "name": "channel-00000n", "is_channel": true, "is_archived": b,
//! "created": unix, "num_members": ..}` ([`channel_id`]).
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(15));
//! let list = |query: &str| -> serde_json::Value {
//!     let url = server.url(&format!("/slack/api/conversations.list?{query}"));
//!     serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
//! };
//! let first = list("limit=10");
//! let cursor = first["response_metadata"]["next_cursor"].as_str().unwrap();
//! let last = list(&format!("limit=10&cursor={}", cursor.replace('=', "%3D")));
//! assert_eq!(last["channels"][0]["id"], paginated_mock::apis::slack::channel_id(11));
//! assert_eq!(last["response_metadata"]["next_cursor"], "");
//! assert_eq!(list("cursor=bogus")["error"], "invalid_cursor");
//! ```

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};

use super::AppState;
use crate::http::{json, Params};

/// The id of channel `n`: `C` and eight digits (`C00000042`).
pub fn channel_id(n: u64) -> String {
    format!("C{n:08}")
}

fn failure(error: &str) -> Response {
    json(StatusCode::OK, json!({"ok": false, "error": error}))
}

pub(crate) async fn conversations_list(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let exclude = match params.get("exclude_archived")? {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(other) => return Err(format!("exclude_archived: {other}")),
        };
        Ok((
            params.int("limit")?,
            params.get("cursor")?.map(str::to_owned),
            exclude,
        ))
    };
    let Ok((limit, cursor, exclude_archived)) = read() else {
        return failure("invalid_arguments");
    };
    let limit = match limit {
        None => 100,
        Some(limit) if limit < 1 => return failure("invalid_arguments"),
        Some(limit) => limit.min(1000) as usize,
    };
    let engine = base64::engine::general_purpose::STANDARD;
    let records = state.records();
    let start = match cursor.as_deref().filter(|cursor| !cursor.is_empty()) {
        None => 0,
        Some(cursor) => {
            let id = engine
                .decode(cursor)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .and_then(|text| text.strip_prefix("team:").map(str::to_owned));
            match id.and_then(|id| records.iter().position(|record| channel_id(record.id) == id)) {
                Some(position) => position,
                None => return failure("invalid_cursor"),
            }
        }
    };
    let end = (start + limit).min(records.len());
    let channels: Vec<Value> = records[start..end]
        .iter()
        .filter(|record| !(exclude_archived && record.status == "lost"))
        .map(|record| {
            json!({
                "id": channel_id(record.id),
                "name": format!("channel-{:06}", record.id),
                "is_channel": true,
                "is_archived": record.status == "lost",
                "created": record.created_at,
                "num_members": record.id % 50,
            })
        })
        .collect();
    let next_cursor = records.get(end).map_or(String::new(), |next| {
        engine.encode(format!("team:{}", channel_id(next.id)))
    });
    json(
        StatusCode::OK,
        json!({"ok": true, "channels": channels, "response_metadata": {"next_cursor": next_cursor}}),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::channel_id;
    use crate::http::encode_value;
    use crate::testing::get;
    use crate::{MockConfig, MockServer};

    fn walk(server: &MockServer, query: &str) -> (Vec<String>, Vec<usize>) {
        let mut cursor = String::new();
        let (mut ids, mut sizes) = (Vec::new(), Vec::new());
        loop {
            let reply = get(&server.url(&format!("/slack/api/conversations.list?{query}&cursor={cursor}")));
            assert_eq!(reply.status, 200);
            let page = reply.json();
            assert_eq!(page["ok"], true, "{page}");
            let channels = page["channels"].as_array().unwrap();
            sizes.push(channels.len());
            ids.extend(
                channels
                    .iter()
                    .map(|channel| channel["id"].as_str().unwrap().to_owned()),
            );
            let next = page["response_metadata"]["next_cursor"].as_str().unwrap();
            if next.is_empty() {
                break;
            }
            cursor = encode_value(next);
        }
        (ids, sizes)
    }

    #[test]
    fn walk_to_an_empty_cursor() {
        let server = MockServer::start(MockConfig::with_records(25));
        let (ids, sizes) = walk(&server, "limit=10");
        assert_eq!(ids, (1..=25).map(channel_id).collect::<Vec<_>>());
        assert_eq!(sizes, [10, 10, 5]);
    }

    #[test]
    fn excluding_archived_channels_shortens_pages() {
        let server = MockServer::start(MockConfig::with_records(12));
        let (ids, sizes) = walk(&server, "limit=1&exclude_archived=true");
        let expected: Vec<String> = (1..=12).filter(|n| n % 4 != 3).map(channel_id).collect();
        assert_eq!(ids, expected);
        assert_eq!(
            sizes,
            [1, 1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1],
            "empty pages that are not the end"
        );
    }

    #[test]
    fn errors_come_with_200() {
        let server = MockServer::start(MockConfig::with_records(25));
        let error = |query: &str| -> Value {
            let reply = get(&server.url(&format!("/slack/api/conversations.list?{query}")));
            assert_eq!(reply.status, 200);
            let body = reply.json();
            assert_eq!(body["ok"], false);
            body["error"].clone()
        };
        assert_eq!(error("cursor=dGVhbTpDOTk5"), "invalid_cursor");
        assert_eq!(error("cursor=%%%"), "invalid_cursor");
        assert_eq!(error("limit=x"), "invalid_arguments");
        assert_eq!(error("limit=1&limit=2"), "invalid_arguments");
        assert_eq!(error("exclude_archived=maybe"), "invalid_arguments");
    }
}
