//! Pagination signalled in response headers, with a bare JSON array as the body.
//!
//! # `GET /headers/items?_page=N&_limit=M` (json-server)
//!
//! As json-server paginates: `_page` (from 1) with `_limit` (default 10 when `_page` is given); the
//! response carries `X-Total-Count` (all items) and a `Link` header with `first`, `prev`, `next` and
//! `last` relations (absolute URLs, the other parameters kept), and exposes both to browsers
//! (`Access-Control-Expose-Headers`). Pages past the end are empty arrays. `_limit` alone returns the
//! first `_limit` items (with `X-Total-Count`, no `Link`); neither parameter returns every item, with
//! neither header. Items are `{"id": n, "title": "Record 00000n", "status": ..}` in `id` order.
//!
//! # `GET /headers/cursor?cursor=..&limit=M`
//!
//! A cursor API that returns its cursor in a header: `limit` default 20, larger than 100 clamped;
//! items `{"id": n, "title": ..}` in `id` order; `X-Next-Cursor: <opaque>` while more items follow, no
//! such header on the last page. An unknown cursor is `400 {"error": "invalid cursor"}`.
//!
//! Both answer `400 {"error": ".."}` for a repeated parameter, a non-integer, or a value below 1.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(25));
//! let response = reqwest::blocking::get(server.url("/headers/items?_page=3&_limit=10")).unwrap();
//! assert_eq!(response.headers()["x-total-count"], "25");
//! assert!(!response.headers()["link"].to_str().unwrap().contains("rel=\"next\""));
//! let items: serde_json::Value = serde_json::from_str(&response.text().unwrap()).unwrap();
//! assert_eq!(items.as_array().unwrap().len(), 5);
//! ```

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::AppState;
use crate::http::{json, link, token, Params};

fn bad_request(message: impl Into<String>) -> Response {
    json(StatusCode::BAD_REQUEST, json!({"error": message.into()}))
}

/// A bare JSON array with `headers`.
pub(crate) fn array_with_headers(items: Vec<Value>, headers: Vec<(&'static str, String)>) -> Response {
    let mut map = HeaderMap::new();
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(&value) {
            map.insert(HeaderName::from_static(name), value);
        }
    }
    (map, Json(items)).into_response()
}

/// An integer parameter of at least 1, if present.
fn positive(params: &Params, name: &str) -> Result<Option<u64>, String> {
    match params.int(name)? {
        Some(value) if value < 1 => Err(format!("`{name}` must be at least 1")),
        value => Ok(value.map(|value| value as u64)),
    }
}

pub(crate) async fn items(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let page = positive(&params, "_page")?;
        let limit = positive(&params, "_limit")?;
        Ok((params, page, limit))
    };
    let (params, page, limit) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let records = state.records();
    let total = records.len() as u64;
    let render = |range: std::ops::Range<u64>| -> Vec<Value> {
        let (start, end) = (range.start.min(total) as usize, range.end.min(total) as usize);
        records[start..end]
            .iter()
            .map(|record| json!({"id": record.id, "title": record.name(), "status": record.status}))
            .collect()
    };
    let expose = ("access-control-expose-headers", "X-Total-Count, Link".to_owned());
    match (page, limit) {
        (None, None) => array_with_headers(render(0..total), vec![]),
        (None, Some(limit)) => array_with_headers(
            render(0..limit),
            vec![("x-total-count", total.to_string()), expose],
        ),
        (Some(page), limit) => {
            let limit = limit.unwrap_or(10);
            let start = (page - 1).saturating_mul(limit);
            let items = render(start..start.saturating_add(limit));
            let last = total.div_ceil(limit).max(1);
            let rest = params.without(&["_page", "_limit"]);
            let target = |page: u64| {
                let mut pairs = rest.clone();
                pairs.push(("_page".into(), page.to_string()));
                pairs.push(("_limit".into(), limit.to_string()));
                link(state.link_origin(), "/headers/items", &pairs)
            };
            let mut relations = vec![format!("<{}>; rel=\"first\"", target(1))];
            if page > 1 {
                relations.push(format!("<{}>; rel=\"prev\"", target(page - 1)));
            }
            if page < last {
                relations.push(format!("<{}>; rel=\"next\"", target(page + 1)));
            }
            relations.push(format!("<{}>; rel=\"last\"", target(last)));
            array_with_headers(
                items,
                vec![
                    ("x-total-count", total.to_string()),
                    ("link", relations.join(", ")),
                    expose,
                ],
            )
        }
    }
}

pub(crate) async fn cursor(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let limit = positive(&params, "limit")?.unwrap_or(20).min(100);
        Ok((limit as usize, params.get("cursor")?.map(str::to_owned)))
    };
    let (limit, cursor) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let records = state.records();
    let start = match cursor {
        None => 0,
        Some(cursor) => {
            let after = token::decode(&cursor, "after:").and_then(|id| id.parse::<u64>().ok());
            match after.and_then(|id| records.iter().position(|record| record.id == id)) {
                Some(position) => position + 1,
                None => return bad_request("invalid cursor"),
            }
        }
    };
    let end = (start + limit).min(records.len());
    let page = &records[start..end];
    let items: Vec<Value> = page
        .iter()
        .map(|record| json!({"id": record.id, "title": record.name()}))
        .collect();
    let mut headers = Vec::new();
    if let (true, Some(last)) = (end < records.len(), page.last()) {
        headers.push(("x-next-cursor", token::encode(&format!("after:{}", last.id))));
    }
    array_with_headers(items, headers)
}

#[cfg(test)]
mod tests {
    use crate::testing::{get, numeric_ids as ids};
    use crate::{MockConfig, MockServer};

    #[test]
    fn json_server_pages() {
        let server = MockServer::start(MockConfig::with_records(25));
        let reply = get(&server.url("/headers/items?_page=1&_limit=10&q=x"));
        assert_eq!(ids(&reply.json()), (1..=10).collect::<Vec<_>>());
        assert_eq!(reply.header("x-total-count"), Some("25"));
        let link = reply.header("link").unwrap();
        assert!(link.contains(&format!(
            "<{}>; rel=\"next\"",
            server.url("/headers/items?q=x&_page=2&_limit=10")
        )));
        assert!(link.contains("rel=\"last\"") && !link.contains("rel=\"prev\""));
        let middle = get(&server.url("/headers/items?_page=2&_limit=10"));
        assert_eq!(ids(&middle.json()), (11..=20).collect::<Vec<_>>());
        let last = get(&server.url("/headers/items?_page=3&_limit=10"));
        assert_eq!(ids(&last.json()), (21..=25).collect::<Vec<_>>());
        assert!(!last.header("link").unwrap().contains("rel=\"next\""));
        let past = get(&server.url("/headers/items?_page=4&_limit=10"));
        assert_eq!((past.status, past.json()), (200, serde_json::json!([])));
        assert_eq!(ids(&get(&server.url("/headers/items?_page=1")).json()).len(), 10);
        let all = get(&server.url("/headers/items"));
        assert_eq!(ids(&all.json()).len(), 25);
        assert_eq!(all.header("x-total-count"), None);
        for bad in ["_page=0", "_page=x", "_limit=5&_limit=5"] {
            let reply = get(&server.url(&format!("/headers/items?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert!(reply.json()["error"].is_string());
        }
    }

    #[test]
    fn cursor_in_a_header() {
        let server = MockServer::start(MockConfig::with_records(45));
        let mut url = server.url("/headers/cursor?limit=20");
        let mut seen = Vec::new();
        let mut pages = 0;
        loop {
            let reply = get(&url);
            assert_eq!(reply.status, 200);
            seen.extend(ids(&reply.json()));
            pages += 1;
            match reply.header("x-next-cursor") {
                Some(cursor) => url = server.url(&format!("/headers/cursor?limit=20&cursor={cursor}")),
                None => break,
            }
        }
        assert_eq!((seen, pages), ((1..=45).collect::<Vec<_>>(), 3));
        let reply = get(&server.url("/headers/cursor?cursor=bogus"));
        assert_eq!(
            (reply.status, reply.json()["error"].as_str()),
            (400, Some("invalid cursor"))
        );
        assert_eq!(get(&server.url("/headers/cursor?limit=0")).status, 400);
        let large = MockServer::start(MockConfig::with_records(150));
        let clamped = get(&large.url("/headers/cursor?limit=1000"));
        assert_eq!(ids(&clamped.json()), (1..=100).collect::<Vec<_>>());
        assert!(clamped.header("x-next-cursor").is_some());
    }
}
