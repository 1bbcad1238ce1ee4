//! Misbehaving servers, under `/hostile/...`: each route breaks one assumption a pagination client might
//! make, so a test can show that the client notices (a timeout, a loop guard, a redacted error) instead
//! of hanging, looping or leaking.
//!
//! | route | misbehaviour |
//! |---|---|
//! | `GET /hostile/silent` | reads the request and never answers; the connection stays open |
//! | `GET /hostile/trickle` | `200`, headers at once, then [`TRICKLE_BODY`] one byte per [`MockConfig::trickle_interval`](crate::MockConfig::trickle_interval) |
//! | `GET /hostile/short-body` | `200`, `Content-Length: 200`, the first 100 bytes of [`SHORT_BODY`], then silence (the connection stays open) |
//! | `GET /hostile/clamped?page=&per_page=` | `{"data": [{"id": n}]}` only; a page past the end repeats the last page |
//! | `GET /hostile/self-link?limit=` | `{"data", "next"}` where `next` is the request's own URL, parameters reordered |
//! | `GET /hostile/fragment-link?limit=` | like `self-link`, plus a fragment that changes every time (`#p=2`, `#p=3`, …) |
//! | `GET /hostile/repeat-cursor?cursor=&limit=` | the first page for every cursor, with a fresh `next_cursor` every time |
//! | `ANY /hostile/redirect/{*rest}` | `302` to `{redirect_origin}/{rest}?{query}`: another origin |
//! | `ANY /hostile/redirect-same/{*rest}` | `302` to `/{rest}?{query}`: same origin, relative |
//! | `GET /hostile/trailing-garbage` | a valid JSON page followed by ` trailing` ([`TRAILING_GARBAGE_BODY`]) |
//! | `GET /hostile/evil-error` | `400`, `text/plain`, terminal escapes, CR/LF, a fake log line and the raw query echoed |
//! | `GET /hostile/endless-empty?cursor=` | `{"data": [], "next_cursor": <fresh>, "has_more": true}` forever |
//!
//! `limit` (self-link, fragment-link, repeat-cursor) defaults to 10; values above 100 are clamped;
//! `per_page` (clamped) defaults to 20, clamped at 100; `page` defaults to 1. A parameter given twice,
//! a non-integer or a value below 1 is `400 {"error": "..."}`. Items are `{"id": n}` for records `1..`.
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

use std::io;
use std::ops::Deref;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};
use axum::Router;
use base64::Engine;
use futures::StreamExt;
use serde_json::{json, Value};

use crate::http::{json, Params};
use crate::state::Shared;

/// The body `/hostile/trickle` sends, one byte at a time.
pub const TRICKLE_BODY: &str = r#"{"data":[{"id":1},{"id":2},{"id":3}],"next_cursor":null}"#;

/// The whole body `/hostile/short-body` announces (200 bytes: a JSON page padded with spaces); it sends
/// only the first 100.
pub const SHORT_BODY: &str = concat!(
    r#"{"data":[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5},{"id":6},{"id":7},{"id":8},{"id":9},"#,
    r#"{"id":10},{"id":11},{"id":12}],"next_cursor":null}"#,
    "                                                            ",
);

/// What `/hostile/trailing-garbage` answers: a valid JSON page, then garbage.
pub const TRAILING_GARBAGE_BODY: &str = r#"{"data":[{"id":1}],"next_cursor":null} trailing"#;

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
        .route("/hostile/silent", get(silent))
        .route("/hostile/trickle", get(trickle))
        .route("/hostile/short-body", get(short_body))
        .route("/hostile/clamped", get(clamped))
        .route("/hostile/self-link", get(self_link))
        .route("/hostile/fragment-link", get(fragment_link))
        .route("/hostile/repeat-cursor", get(repeat_cursor))
        .route("/hostile/redirect/{*rest}", any(redirect))
        .route("/hostile/redirect-same/{*rest}", any(redirect_same))
        .route("/hostile/trailing-garbage", get(trailing_garbage))
        .route("/hostile/evil-error", get(evil_error))
        .route("/hostile/endless-empty", get(endless_empty))
        .with_state(state)
}

fn bad_request(message: String) -> Response {
    json(StatusCode::BAD_REQUEST, json!({"error": message}))
}

/// A body that fails at once: the connection is cut.
fn cut() -> Body {
    Body::from_stream(futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::other("the mock server is shutting down"))
    }))
}

async fn silent(State(state): State<AppState>) -> Response {
    state.stopped().await;
    Response::new(cut())
}

/// A `200` JSON response with a streamed body and an explicit `Content-Length`.
fn streamed(body: Body, length: usize) -> Response {
    let mut response = Response::new(body);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
    response
}

async fn trickle(State(state): State<AppState>) -> Response {
    let interval = state.config.trickle_interval;
    let bytes = TRICKLE_BODY.as_bytes();
    let chunks = futures::stream::unfold((0, state), move |(sent, state)| async move {
        if sent >= bytes.len() {
            return None;
        }
        if sent > 0 {
            let pause = Box::pin(tokio::time::sleep(interval));
            let stopped = Box::pin(state.stopped());
            let stop = matches!(
                futures::future::select(pause, stopped).await,
                futures::future::Either::Right(_)
            );
            if stop {
                let error = io::Error::other("the mock server is shutting down");
                return Some((Err(error), (bytes.len(), state)));
            }
        }
        Some((Ok(Bytes::from_static(&bytes[sent..=sent])), (sent + 1, state)))
    });
    streamed(Body::from_stream(chunks), bytes.len())
}

async fn short_body(State(state): State<AppState>) -> Response {
    let first = Bytes::from_static(&SHORT_BODY.as_bytes()[..100]);
    let chunks = futures::stream::once(async move { Ok::<Bytes, io::Error>(first) }).chain(
        futures::stream::once(async move {
            state.stopped().await;
            Err(io::Error::other("the mock server is shutting down"))
        }),
    );
    streamed(Body::from_stream(chunks), SHORT_BODY.len())
}

/// Reads an integer parameter that must be at least 1; `default` when absent, `max` caps it.
fn positive(params: &Params, name: &str, default: i64, max: i64) -> Result<u64, String> {
    let value = params.int(name)?.unwrap_or(default);
    if value < 1 {
        return Err(format!("`{name}` must be at least 1"));
    }
    Ok(value.min(max) as u64)
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

async fn clamped(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        Ok((
            positive(&params, "page", 1, i64::MAX)?,
            positive(&params, "per_page", 20, 100)?,
        ))
    };
    let (page, per_page) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let total = state.records().len() as u64;
    let last = total.div_ceil(per_page).max(1);
    let page = page.min(last);
    let data = items(&state, ((page - 1) * per_page) as usize, per_page as usize);
    json(StatusCode::OK, json!({"data": data}))
}

/// The absolute URL of this request, its parameters sorted in descending order.
fn own_url(state: &AppState, path: &str, params: &Params) -> String {
    let mut pairs = params.without(&[]);
    pairs.sort_by(|a, b| b.cmp(a));
    let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    if query.is_empty() {
        format!("{}{path}", state.base_url)
    } else {
        format!("{}{path}?{query}", state.base_url)
    }
}

/// The first page of a `limit` walk, and the query it came with.
fn first_page(state: &AppState, query: Option<&str>) -> Result<(Params, Vec<Value>), String> {
    let params = Params::parse(query)?;
    let limit = positive(&params, "limit", 10, 100)?;
    params.get("cursor")?;
    let data = items(state, 0, limit as usize);
    Ok((params, data))
}

async fn self_link(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match first_page(&state, query.as_deref()) {
        Ok((params, data)) => {
            let next = own_url(&state, "/hostile/self-link", &params);
            json(StatusCode::OK, json!({"data": data, "next": next}))
        }
        Err(message) => bad_request(message),
    }
}

async fn fragment_link(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match first_page(&state, query.as_deref()) {
        Ok((params, data)) => {
            let fragment = state.fragments.fetch_add(1, Ordering::SeqCst) + 2;
            let next = format!(
                "{}#p={fragment}",
                own_url(&state, "/hostile/fragment-link", &params)
            );
            json(StatusCode::OK, json!({"data": data, "next": next}))
        }
        Err(message) => bad_request(message),
    }
}

/// A token never issued before by this server.
fn fresh_token(state: &AppState, kind: &str) -> String {
    let text = format!("{kind}:{}", state.next_sequence());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(text)
}

async fn repeat_cursor(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match first_page(&state, query.as_deref()) {
        Ok((_, data)) => json(
            StatusCode::OK,
            json!({"data": data, "next_cursor": fresh_token(&state, "repeat")}),
        ),
        Err(message) => bad_request(message),
    }
}

async fn endless_empty(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<(), String> {
        Params::parse(query.as_deref())?.get("cursor")?;
        Ok(())
    };
    if let Err(message) = read() {
        return bad_request(message);
    }
    json(
        StatusCode::OK,
        json!({"data": [], "next_cursor": fresh_token(&state, "empty"), "has_more": true}),
    )
}

/// `302 Found` to `location`.
fn found(location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (StatusCode::FOUND, [(header::LOCATION, value)]).into_response(),
        Err(_) => bad_request("the redirect target is not a valid header value".into()),
    }
}

/// `/{rest}?{query}` of a request to `prefix/{rest}`, as the client sent it (still percent-encoded).
fn rest_of(uri: &Uri, prefix: &str) -> String {
    let rest = uri.path().strip_prefix(prefix).unwrap_or_default();
    match uri.query() {
        Some(query) if !query.is_empty() => format!("/{rest}?{query}"),
        _ => format!("/{rest}"),
    }
}

async fn redirect(State(state): State<AppState>, uri: Uri) -> Response {
    let origin = state.config.redirect_origin.as_deref().unwrap_or(&state.base_url);
    let target = rest_of(&uri, "/hostile/redirect/");
    found(&format!("{}{target}", origin.trim_end_matches('/')))
}

async fn redirect_same(uri: Uri) -> Response {
    found(&rest_of(&uri, "/hostile/redirect-same/"))
}

async fn trailing_garbage() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        TRAILING_GARBAGE_BODY,
    )
        .into_response()
}

async fn evil_error(RawQuery(query): RawQuery) -> Response {
    let body = format!(
        "\x1b[31mERROR\x1b[0m invalid request\r\n\
         2024-01-01T00:00:00Z INFO auth: login succeeded user=admin session=forged\r\n\
         \x1b[2K\rrequest: ?{}\n",
        query.unwrap_or_default()
    );
    (
        StatusCode::BAD_REQUEST,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;

    use serde_json::Value;

    use super::{SHORT_BODY, TRAILING_GARBAGE_BODY, TRICKLE_BODY};
    use crate::testing::{get, get_with, numeric_ids};
    use crate::{MockConfig, MockServer};

    fn ids(body: &Value) -> Vec<u64> {
        numeric_ids(&body["data"])
    }

    /// Sends a raw request and reads until `enough` holds for what arrived, the connection closes, or
    /// nothing arrives for `patience`. Returns the text and whether the server closed.
    fn raw(
        server: &MockServer,
        path: &str,
        enough: impl Fn(&str) -> bool,
        patience: Duration,
    ) -> (String, bool, TcpStream) {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nhost: mock\r\n\r\n").unwrap();
        stream.set_read_timeout(Some(patience)).unwrap();
        let mut received = Vec::new();
        let mut buffer = [0; 1024];
        loop {
            if enough(&String::from_utf8_lossy(&received)) {
                break;
            }
            match stream.read(&mut buffer) {
                Ok(0) => return (String::from_utf8_lossy(&received).into_owned(), true, stream),
                Ok(n) => received.extend_from_slice(&buffer[..n]),
                Err(_) => break,
            }
        }
        (String::from_utf8_lossy(&received).into_owned(), false, stream)
    }

    /// The body part of a raw response.
    fn body(received: &str) -> &str {
        received.split_once("\r\n\r\n").map_or("", |(_, body)| body)
    }

    #[test]
    fn constants_are_what_they_claim() {
        assert_eq!(SHORT_BODY.len(), 200);
        serde_json::from_str::<Value>(SHORT_BODY).unwrap();
        serde_json::from_str::<Value>(TRICKLE_BODY).unwrap();
        assert!(serde_json::from_str::<Value>(TRAILING_GARBAGE_BODY).is_err());
    }

    #[test]
    fn silent_never_answers_and_stays_in_flight() {
        let server = MockServer::start(MockConfig::with_records(10));
        // Nothing ever comes: the read gives up after a while, the connection still open.
        let (received, closed, _) = raw(&server, "/hostile/silent", |_| false, Duration::from_millis(200));
        assert_eq!((received.as_str(), closed), ("", false));
        assert_eq!(server.request_count(), 1);
        assert_eq!(server.requests()[0].path, "/hostile/silent");
    }

    #[test]
    fn a_silent_request_counts_until_the_client_hangs_up() {
        let server = MockServer::start(MockConfig::with_records(10));
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(stream, "GET /hostile/silent HTTP/1.1\r\nhost: mock\r\n\r\n").unwrap();
        let eventually = |expected: usize| {
            (0..30_000).any(|_| {
                let reached = server.in_flight() == expected;
                if !reached {
                    std::thread::sleep(Duration::from_millis(1));
                }
                reached
            })
        };
        assert!(eventually(1));
        drop(stream);
        assert!(eventually(0));
    }

    #[test]
    fn trickle_sends_headers_then_the_body_byte_by_byte() {
        let server = MockServer::start(MockConfig {
            trickle_interval: Duration::from_millis(1),
            ..MockConfig::with_records(10)
        });
        let reply = get(&server.url("/hostile/trickle"));
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        assert_eq!(reply.text, TRICKLE_BODY);

        // With the default interval (1 s a byte), the head and the first byte come at once; the
        // whole body would take a minute.
        let server = MockServer::start(MockConfig::with_records(10));
        let started = |text: &str| !body(text).is_empty();
        let (received, closed, _) = raw(&server, "/hostile/trickle", started, Duration::from_secs(60));
        assert!(!closed);
        assert!(received.starts_with("HTTP/1.1 200 OK\r\n"), "{received}");
        assert!(received.contains(&format!("content-length: {}\r\n", TRICKLE_BODY.len())));
        assert!(received.contains("content-type: application/json\r\n"));
        let body = body(&received);
        assert!(
            TRICKLE_BODY.starts_with(body) && body.len() < TRICKLE_BODY.len(),
            "{body:?}"
        );
    }

    #[test]
    fn short_body_announces_200_bytes_and_sends_100() {
        let server = MockServer::start(MockConfig::with_records(10));
        let hundred = |text: &str| body(text).len() >= 100;
        let (received, closed, mut stream) =
            raw(&server, "/hostile/short-body", hundred, Duration::from_secs(60));
        // Then nothing more comes, and the connection stays open.
        stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
        assert!(stream.read(&mut [0; 16]).is_err());
        assert!(!closed);
        assert!(received.starts_with("HTTP/1.1 200 OK\r\n"), "{received}");
        assert!(received.contains("content-length: 200\r\n"), "{received}");
        assert_eq!(body(&received), &SHORT_BODY[..100]);
    }

    #[test]
    fn clamped_repeats_the_last_page() {
        let server = MockServer::start(MockConfig::with_records(45));
        let page = |query: &str| get(&server.url(&format!("/hostile/clamped?{query}")));
        assert_eq!(ids(&page("").json()), (1..=20).collect::<Vec<_>>());
        assert_eq!(
            ids(&page("page=2&per_page=20").json()),
            (21..=40).collect::<Vec<_>>()
        );
        let last = page("page=3&per_page=20").json();
        assert_eq!(ids(&last), (41..=45).collect::<Vec<_>>());
        assert_eq!(last.as_object().unwrap().len(), 1, "only `data`");
        assert_eq!(page("page=4&per_page=20").json(), last);
        assert_eq!(ids(&page("per_page=500").json()).len(), 45);
        for bad in ["page=0", "per_page=x", "page=1&page=2"] {
            let reply = page(bad);
            assert_eq!(reply.status, 400, "{bad}");
            assert!(reply.json()["error"].is_string());
        }
    }

    #[test]
    fn self_link_points_at_itself() {
        let server = MockServer::start(MockConfig::with_records(45));
        let body = get(&server.url("/hostile/self-link?api_key=k&limit=5&b=2")).json();
        assert_eq!(ids(&body), [1, 2, 3, 4, 5]);
        let next = body["next"].as_str().unwrap();
        assert_eq!(next, server.url("/hostile/self-link?limit=5&b=2&api_key=k"));
        // Following it gives the same page again.
        let again = get(next).json();
        assert_eq!(again, body);
        assert_eq!(ids(&get(&server.url("/hostile/self-link")).json()).len(), 10);
        assert_eq!(get(&server.url("/hostile/self-link?limit=0")).status, 400);
    }

    #[test]
    fn fragment_link_changes_only_its_fragment() {
        let server = MockServer::start(MockConfig::with_records(45));
        let first = get(&server.url("/hostile/fragment-link?limit=3")).json();
        assert_eq!(ids(&first), [1, 2, 3]);
        let next = first["next"].as_str().unwrap();
        assert_eq!(next, server.url("/hostile/fragment-link?limit=3#p=2"));
        let second = get(next).json();
        assert_eq!(ids(&second), [1, 2, 3]);
        assert_eq!(second["next"], server.url("/hostile/fragment-link?limit=3#p=3"));
    }

    #[test]
    fn repeat_cursor_ignores_the_cursor() {
        let server = MockServer::start(MockConfig::with_records(45));
        let mut cursors = std::collections::HashSet::new();
        let mut url = server.url("/hostile/repeat-cursor?limit=4");
        for _ in 0..5 {
            let body = get(&url).json();
            assert_eq!(ids(&body), [1, 2, 3, 4]);
            let cursor = body["next_cursor"].as_str().unwrap().to_owned();
            assert!(cursors.insert(cursor.clone()), "fresh every time");
            url = server.url(&format!("/hostile/repeat-cursor?limit=4&cursor={cursor}"));
        }
        let reply = get(&server.url("/hostile/repeat-cursor?cursor=a&cursor=b"));
        assert_eq!(reply.status, 400);
    }

    #[test]
    fn endless_empty_never_ends() {
        let server = MockServer::start(MockConfig::with_records(45));
        let first = get(&server.url("/hostile/endless-empty")).json();
        assert_eq!(first["data"], serde_json::json!([]));
        assert_eq!(first["has_more"], true);
        let cursor = first["next_cursor"].as_str().unwrap();
        let second = get(&server.url(&format!("/hostile/endless-empty?cursor={cursor}"))).json();
        assert_eq!(second["has_more"], true);
        assert_ne!(second["next_cursor"], first["next_cursor"]);
        assert_eq!(
            get(&server.url("/hostile/endless-empty?cursor=a&cursor=a")).status,
            400
        );
    }

    #[test]
    fn redirects_keep_path_and_query() {
        let other = MockServer::start(MockConfig::with_records(5));
        let server = MockServer::start(MockConfig {
            redirect_origin: Some(other.base_url().to_owned()),
            ..MockConfig::with_records(5)
        });
        let reply = get_with(
            &server.url("/hostile/redirect/v1/agents?limit=2&offset=1"),
            &[("x-api-key", "secret")],
        );
        assert_eq!(reply.status, 302);
        assert_eq!(
            reply.header("location"),
            Some(other.url("/v1/agents?limit=2&offset=1").as_str())
        );
        assert_eq!(server.requests()[0].header("x-api-key"), Some("secret"));

        let reply = get(&server.url("/hostile/redirect-same/v1/agents?limit=2"));
        assert_eq!(reply.header("location"), Some("/v1/agents?limit=2"));
        let reply = get(&server.url("/hostile/redirect-same/v1/agents"));
        assert_eq!(reply.header("location"), Some("/v1/agents"));

        // Any method; a client following the redirect lands on the other server.
        let client = reqwest::blocking::Client::new();
        let response = client
            .post(server.url("/hostile/redirect/v1/agents?limit=1"))
            .send()
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(other.requests().last().unwrap().query, "limit=1");

        // Without `redirect_origin`: this server's own origin, absolute.
        let alone = MockServer::start(MockConfig::with_records(5));
        let reply = get(&alone.url("/hostile/redirect/v1/agents"));
        assert_eq!(reply.header("location"), Some(alone.url("/v1/agents").as_str()));
    }

    #[test]
    fn trailing_garbage_and_evil_error() {
        let server = MockServer::start(MockConfig::with_records(5));
        let reply = get(&server.url("/hostile/trailing-garbage"));
        assert_eq!((reply.status, reply.text.as_str()), (200, TRAILING_GARBAGE_BODY));
        assert_eq!(reply.header("content-type"), Some("application/json"));

        let reply = get(&server.url("/hostile/evil-error?api_key=hunter2&page=1"));
        assert_eq!(reply.status, 400);
        assert!(reply.text.contains("\x1b[31m"));
        assert!(reply.text.contains("\r\n2024-01-01T00:00:00Z INFO "));
        assert!(reply.text.contains("?api_key=hunter2&page=1"));
    }
}
