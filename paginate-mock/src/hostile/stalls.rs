//! Routes that cost a client time: a silent socket, a trickled body, a body cut short, a rate limit
//! that asks for an hour.

use std::io;

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use serde_json::json;

use super::{bad_request, within, AppState};
use crate::http::Params;

/// The body `/hostile/trickle` sends, one byte at a time.
pub const TRICKLE_BODY: &str = r#"{"data":[{"id":1},{"id":2},{"id":3}],"next_cursor":null}"#;

/// The whole body `/hostile/short-body` announces (200 bytes: a JSON page padded with spaces); it sends
/// only the first 100.
pub const SHORT_BODY: &str = concat!(
    r#"{"data":[{"id":1},{"id":2},{"id":3},{"id":4},{"id":5},{"id":6},{"id":7},{"id":8},{"id":9},"#,
    r#"{"id":10},{"id":11},{"id":12}],"next_cursor":null}"#,
    "                                                            ",
);

/// A body that fails at once: the connection is cut.
fn cut() -> Body {
    Body::from_stream(futures::stream::once(async {
        Err::<Bytes, io::Error>(io::Error::other("the mock server is shutting down"))
    }))
}

pub(super) async fn silent(State(state): State<AppState>) -> Response {
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

pub(super) async fn trickle(State(state): State<AppState>) -> Response {
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

pub(super) async fn short_body(State(state): State<AppState>) -> Response {
    let first = Bytes::from_static(&SHORT_BODY.as_bytes()[..100]);
    let chunks = futures::stream::once(async move { Ok::<Bytes, io::Error>(first) }).chain(
        futures::stream::once(async move {
            state.stopped().await;
            Err(io::Error::other("the mock server is shutting down"))
        }),
    );
    streamed(Body::from_stream(chunks), SHORT_BODY.len())
}

pub(super) async fn rate_limited(RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<i64, String> {
        let params = Params::parse(query.as_deref())?;
        within(&params, "retry_after", 3600, 0..=i64::MAX)
    };
    let retry_after = match read() {
        Ok(seconds) => seconds,
        Err(message) => return bad_request(message),
    };
    let body = json!({
        "error": "rate_limited",
        "message": format!("too many requests; retry after {retry_after} seconds"),
    });
    (
        StatusCode::TOO_MANY_REQUESTS,
        [(header::RETRY_AFTER, HeaderValue::from(retry_after))],
        axum::Json(body),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::time::Duration;

    use serde_json::Value;

    use super::{SHORT_BODY, TRICKLE_BODY};
    use crate::testing::get;
    use crate::{MockConfig, MockServer};

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

        // With the default interval (a second a byte), the head and the first byte come at once,
        // and the body is still incomplete when the read stops.
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
    fn rate_limited_always_asks_to_come_back_later() {
        let server = MockServer::start(MockConfig::with_records(10));
        for _ in 0..3 {
            let reply = get(&server.url("/hostile/rate-limited"));
            assert_eq!(reply.status, 429);
            assert_eq!(reply.header("retry-after"), Some("3600"));
            assert_eq!(reply.header("content-type"), Some("application/json"));
            assert_eq!(reply.json()["error"], "rate_limited");
        }
        for seconds in ["0", "5", "86400"] {
            let reply = get(&server.url(&format!("/hostile/rate-limited?retry_after={seconds}")));
            assert_eq!(reply.status, 429);
            assert_eq!(reply.header("retry-after"), Some(seconds));
        }
        for bad in [
            "retry_after=-1",
            "retry_after=soon",
            "retry_after=1&retry_after=2",
        ] {
            let reply = get(&server.url(&format!("/hostile/rate-limited?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert!(reply.header("retry-after").is_none());
            assert!(reply.json()["error"].is_string());
        }
    }
}
