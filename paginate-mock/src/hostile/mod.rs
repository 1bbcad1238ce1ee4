//! Misbehaving servers, under `/hostile/...`: each route breaks one assumption a pagination client might
//! make, so a test can show that the client notices (a timeout, a loop guard, a redacted error) instead
//! of hanging, looping or leaking.
//!
//! | route | misbehaviour |
//! |---|---|
//! | `GET /hostile/silent` | reads the request and never answers; the connection stays open |
//! | `GET /hostile/trickle` | `200`, headers at once, then [`TRICKLE_BODY`] one byte per [`MockConfig::trickle_interval`](crate::MockConfig::trickle_interval) |
//! | `GET /hostile/short-body` | `200`, `Content-Length: 200`, the first 100 bytes of [`SHORT_BODY`], then silence (the connection stays open) |
//! | `GET /hostile/rate-limited?retry_after=` | `429` with `Retry-After: {retry_after}` (seconds, default 3600, any integer ≥ 0) and `{"error": "rate_limited", "message": "..."}`, every time |
//! | `GET /hostile/clamped?page=&per_page=` | `{"data": [{"id": n}]}` only; a page past the end repeats the last page |
//! | `GET /hostile/last-page-forever?page=&per_page=` | page numbers over the records (`per_page` default 10); `{"data", "request_id"}` only, `request_id` fresh in every answer; a page past the last answers the last page again |
//! | `GET /hostile/alternating-tail?page=&per_page=` | like `last-page-forever`, but past the end the last two pages alternate: last+1 → last−1, last+2 → last, last+3 → last−1, …; with fewer than two pages, the last page again |
//! | `GET /hostile/ignores-offset?offset=&limit=` | the first `limit` records whatever the `offset` (still checked: an integer ≥ 0), with `"total"` (the record count) and a `"generated_at"` timestamp (`YYYY-MM-DDTHH:MM:SS.mmmZ`) that differs in every answer |
//! | `GET /hostile/self-link?limit=` | `{"data", "next"}` where `next` is the request's own URL, parameters reordered |
//! | `GET /hostile/fragment-link?limit=` | like `self-link`, plus a fragment that changes every time (`#p=2`, `#p=3`, …) |
//! | `ANY /hostile/next-elsewhere?page=` | `page=1` (the default): `{"data": [ids 1..=5], "next": "{other}/hostile/next-elsewhere?page=2"}`, absolute on another origin; `page=2`: ids `6..=10`, `"next": null`; any other page is `400`; any method, any body |
//! | `GET /hostile/repeat-cursor?cursor=&limit=` | the first page for every cursor, with a fresh `next_cursor` every time |
//! | `GET /hostile/cursor-cycle?cycle=&limit=&fresh=&cursor=` | cursors go round `cycle` pages (default 50, 1 to 100,000): page k (0-based; no cursor: page 0) holds ids `k*limit+1..=(k+1)*limit` (not tied to the records), `next_cursor` leads to page (k+1) mod `cycle`, `"has_more": true` always. `fresh=true`: every cursor text is new (page and a fresh sequence number); `fresh=false` (the default): one text per page; any other `fresh` is `400`. A cursor that is not one of this route's, or names a page ≥ `cycle`: `400 {"error": "invalid cursor"}` |
//! | `GET /hostile/identical-pages?pages=&cursor=` | an honest cursor walk of `pages` pages (default 3, 1 to 1,000) whose events have no id: every page is `[{"event": "tick"}, {"event": "tick"}]`, with `"has_more": true` and a fresh `next_cursor` (the next page's index and a fresh sequence number), the last with `"has_more": false`, `"next_cursor": null`. A cursor that is not one of this route's, or names a page ≥ `pages`: `400 {"error": "invalid cursor"}` |
//! | `GET /hostile/huge-cursor?size=&cursor=` | `{"data": [{"id": 1}], "next_cursor": "<size URL-safe characters>", "has_more": true}`, `size` default 70,000, 1 to 1,000,000; with a non-empty `cursor` (any): `{"data": [{"id": 2}], "next_cursor": null, "has_more": false}`. The default cannot come back in a query: URIs of the `http` crate stop short of 64 KiB, so reqwest refuses to build the request and this server answers `414 URI Too Long` (beyond about 400 KB, `431`), before recording it |
//! | `GET /hostile/tenant-items?tenant=&cursor=&limit=` | an honest cursor walk over `{"id": "{tenant}-{n}"}` for records n `1..`; `tenant` required and non-empty; `next_cursor` is the next offset in base64 and `has_more`; a cursor is not bound to its tenant: one issued for a tenant is accepted for another |
//! | `GET /hostile/endless-empty?cursor=` | `{"data": [], "next_cursor": <fresh>, "has_more": true}` forever |
//! | `ANY /hostile/redirect/{*rest}` | `302` to `{other}/{rest}?{query}`: another origin |
//! | `ANY /hostile/redirect-307/{*rest}` | `307 Temporary Redirect` to `{other}/{rest}?{query}`: another origin, and a client repeats the method and body |
//! | `ANY /hostile/redirect-same/{*rest}` | `302` to `/{rest}?{query}`: same origin, relative |
//! | `GET /hostile/trailing-garbage` | a valid JSON page followed by ` trailing` ([`TRAILING_GARBAGE_BODY`]) |
//! | `GET /hostile/html-page` | `200`, `text/html`: a sign-in page ([`HTML_PAGE_BODY`]) with a list, where an API answers JSON |
//! | `GET /hostile/evil-error` | `400`, `text/plain`, terminal escapes, CR/LF, a fake log line and the raw query echoed |
//! | `ANY /hostile/echo-secrets` | `401`, `application/json`: `"authorization"` and `"x_api_key"` echo those request headers (`null` when absent), every query pair is a member (`"api_key": "..."`; a name given more than once: an array of its values), `"body"` is the raw request body, `"message"` holds U+2028, U+2029 and CR/LF; these fixed members win over query pairs of the same name |
//!
//! `{other}` is [`MockConfig::redirect_origin`](crate::MockConfig::redirect_origin), or this server's own
//! origin when it is `None`.
//!
//! Page sizes (`limit`, `per_page`) default to 10 (`clamped`: 20); values above 100 are clamped to 100,
//! as real APIs do. `page` defaults to 1. A parameter given twice, a non-integer, a page or page size
//! below 1, or any other parameter outside its range (`cycle`, `pages`, `size`, `offset`, `retry_after`:
//! clamping those would silently change the misbehaviour) is `400 {"error": "..."}`; `echo-secrets`
//! checks nothing. Where the table does not say otherwise, items are `{"id": n}` for records `1..`, so
//! the same position always holds the same item and a client's walk can be compared with the records.
//!
//! Routes that never finish (`silent`, `short-body`) and `trickle` give up when the [`MockServer`] is
//! dropped, so it can shut down. A `silent` request counts as [in flight](crate::RecordedRequest::in_flight)
//! until then or until the client hangs up; `short-body` and `trickle` have produced their response
//! (they no longer count) and hold the connection open while their body is (not) sent.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(45));
//! let page = |n: u32| -> serde_json::Value {
//!     let url = server.url(&format!("/hostile/clamped?per_page=20&page={n}"));
//!     serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
//! };
//! assert_eq!(page(3)["data"][0]["id"], 41);
//! // No end signal: page 4 and beyond repeat page 3.
//! assert_eq!(page(4), page(3));
//! assert_eq!(page(99), page(3));
//! ```
//!
//! [`MockServer`]: crate::MockServer

// One file per group of routes: connections that cost a client time (`stalls`), page-number and offset
// APIs that repeat (`pages`), cursor APIs (`cursors`), next links and redirects to other origins
// (`links`), bodies that are broken or echo secrets (`bodies`).
mod bodies;
mod cursors;
mod links;
mod pages;
mod stalls;

pub use bodies::{HTML_PAGE_BODY, TRAILING_GARBAGE_BODY};
pub use stalls::{SHORT_BODY, TRICKLE_BODY};

use std::ops::{Deref, RangeInclusive};
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{any, get};
use axum::Router;
use serde_json::{json, Value};

use crate::http::{json, token, Params};
use crate::state::Shared;

/// What the hostile handlers see: the server's shared state, plus the hostile routes' own counters
/// (kept here, per server, so [`Shared`] needs nothing from this module).
struct HostileState {
    /// The server's records, configuration and stop signal.
    shared: Arc<Shared>,
    /// Answers of `/hostile/fragment-link` so far.
    fragments: AtomicU64,
}

/// Handlers read the shared state through this, as `state.records()`.
impl Deref for HostileState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.shared
    }
}

/// The state handlers extract (axum clones it per request, hence the `Arc`).
type AppState = Arc<HostileState>;

/// The hostile routes, with their state, for a server whose state is `shared`.
pub(crate) fn routes(shared: Arc<Shared>) -> Router {
    let state = Arc::new(HostileState {
        shared,
        fragments: AtomicU64::new(0),
    });
    Router::new()
        .route("/hostile/silent", get(stalls::silent))
        .route("/hostile/trickle", get(stalls::trickle))
        .route("/hostile/short-body", get(stalls::short_body))
        .route("/hostile/rate-limited", get(stalls::rate_limited))
        .route("/hostile/clamped", get(pages::clamped))
        .route("/hostile/last-page-forever", get(pages::last_page_forever))
        .route("/hostile/alternating-tail", get(pages::alternating_tail))
        .route("/hostile/ignores-offset", get(pages::ignores_offset))
        .route("/hostile/self-link", get(links::self_link))
        .route("/hostile/fragment-link", get(links::fragment_link))
        .route("/hostile/next-elsewhere", any(links::next_elsewhere))
        .route("/hostile/repeat-cursor", get(cursors::repeat_cursor))
        .route("/hostile/cursor-cycle", get(cursors::cursor_cycle))
        .route("/hostile/identical-pages", get(cursors::identical_pages))
        .route("/hostile/huge-cursor", get(cursors::huge_cursor))
        .route("/hostile/tenant-items", get(cursors::tenant_items))
        .route("/hostile/endless-empty", get(cursors::endless_empty))
        .route("/hostile/redirect/{*rest}", any(links::redirect))
        .route("/hostile/redirect-307/{*rest}", any(links::redirect_307))
        .route("/hostile/redirect-same/{*rest}", any(links::redirect_same))
        .route("/hostile/trailing-garbage", get(bodies::trailing_garbage))
        .route("/hostile/html-page", get(bodies::html_page))
        .route("/hostile/evil-error", get(bodies::evil_error))
        .route("/hostile/echo-secrets", any(bodies::echo_secrets))
        .with_state(state)
}

fn bad_request(message: String) -> Response {
    json(StatusCode::BAD_REQUEST, json!({"error": message}))
}

/// Reads an integer parameter that must be at least 1; `default` when absent, `max` caps it.
fn positive(params: &Params, name: &str, default: i64, max: i64) -> Result<u64, String> {
    let value = params.int(name)?.unwrap_or(default);
    if value < 1 {
        return Err(format!("`{name}` must be at least 1"));
    }
    Ok(value.min(max) as u64)
}

/// Reads an integer parameter that must lie in `range`; `default` when absent.
fn within(params: &Params, name: &str, default: i64, range: RangeInclusive<i64>) -> Result<i64, String> {
    let value = params.int(name)?.unwrap_or(default);
    if !range.contains(&value) {
        let (min, max) = range.into_inner();
        return Err(if max == i64::MAX {
            format!("`{name}` must be at least {min}")
        } else {
            format!("`{name}` must be between {min} and {max}")
        });
    }
    Ok(value)
}

/// `{"id": n}` for records `first..first + count` that exist.
fn items(state: &AppState, first: usize, count: usize) -> Vec<Value> {
    state
        .records()
        .iter()
        .skip(first)
        .take(count)
        .map(|record| json!({"id": record.id}))
        .collect()
}

/// A token never issued before by this server: `{kind}:{sequence}` in URL-safe base64.
fn fresh_token(state: &AppState, kind: &str) -> String {
    token::encode(&format!("{kind}:{}", state.next_sequence()))
}

/// The origin that stands for "another origin": [`MockConfig::redirect_origin`](crate::MockConfig::redirect_origin),
/// or this server's own.
fn other_origin(state: &AppState) -> &str {
    state
        .config
        .redirect_origin
        .as_deref()
        .unwrap_or(&state.base_url)
        .trim_end_matches('/')
}

/// The first page of a `limit` walk, and the query it came with.
fn first_page(state: &AppState, query: Option<&str>) -> Result<(Params, Vec<Value>), String> {
    let params = Params::parse(query)?;
    let limit = positive(&params, "limit", 10, 100)?;
    params.get("cursor")?;
    let data = items(state, 0, limit as usize);
    Ok((params, data))
}

#[cfg(test)]
mod tests {
    use crate::testing::{get, post};
    use crate::{MockConfig, MockServer};

    /// Absurd values get an answer (an error or the route's misbehaviour), never a panic that drops
    /// the connection.
    #[test]
    fn extreme_values_never_panic() {
        let huge = i64::MAX.to_string();
        let tiny = i64::MIN.to_string();
        let empty = MockServer::start(MockConfig::with_records(0));
        let busy = MockServer::start(MockConfig::with_records(30));
        let routes = [
            "last-page-forever?page={n}&per_page={n}",
            "alternating-tail?page={n}&per_page={n}",
            "ignores-offset?offset={n}&limit={n}",
            "cursor-cycle?cycle={n}&limit={n}",
            "cursor-cycle?limit={n}",
            "identical-pages?pages={n}",
            "huge-cursor?size={n}",
            "rate-limited?retry_after={n}",
            "tenant-items?tenant=t&limit={n}",
            "next-elsewhere?page={n}",
        ];
        for server in [&empty, &busy] {
            for route in routes {
                for n in [&huge, &tiny, "0", "-1"] {
                    let path = format!("/hostile/{}", route.replace("{n}", n));
                    let status = get(&server.url(&path)).status;
                    assert!([200, 400, 429].contains(&status), "{path}: {status}");
                }
            }
            let reply = post(
                &server.url(&format!("/hostile/echo-secrets?{huge}={tiny}")),
                &"x".into(),
                &[],
            );
            assert_eq!(reply.status, 401);
        }
    }
}
