//! Bodies a client must not trust: JSON with garbage after it, a web page where JSON was expected, an
//! error made to forge log lines, an error that echoes the request's secrets.

use axum::body::Bytes;
use axum::extract::RawQuery;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::http::json;

/// What `/hostile/trailing-garbage` answers: a valid JSON page, then garbage.
pub const TRAILING_GARBAGE_BODY: &str = r#"{"data":[{"id":1}],"next_cursor":null} trailing"#;

/// The `message` of `/hostile/echo-secrets`: JavaScript's line separators (U+2028, U+2029), which
/// JSON leaves unescaped, and a CR/LF followed by a fake log line.
const ECHO_MESSAGE: &str =
    "unauthorized\u{2028}check your credentials\u{2029}below\r\n2024-01-01T00:00:00Z INFO auth: ok";

pub(super) async fn trailing_garbage() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        TRAILING_GARBAGE_BODY,
    )
        .into_response()
}

/// What `/hostile/html-page` answers: a sign-in page, as a site (or a proxy in front of an API)
/// serves instead of the API's JSON.
pub const HTML_PAGE_BODY: &str = "<!DOCTYPE html>\n<html><head><title>Sign in</title></head>\n\
<body><form action=\"/login\" method=\"post\"><ul><li><input name=\"user\"></li>\n\
<li><input name=\"password\" type=\"password\"></li></ul></form></body></html>\n";

pub(super) async fn html_page() -> Response {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        HTML_PAGE_BODY,
    )
        .into_response()
}

pub(super) async fn evil_error(RawQuery(query): RawQuery) -> Response {
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

/// The first value of header `name`, as text (invalid UTF-8 replaced), or `null`.
fn header_text(headers: &HeaderMap, name: &str) -> Value {
    headers.get(name).map_or(Value::Null, |value| {
        String::from_utf8_lossy(value.as_bytes()).into()
    })
}

/// Every query pair as a member; a name given more than once has an array of its values.
fn query_members(query: Option<&str>) -> Map<String, Value> {
    // Decoding into strings cannot fail: invalid UTF-8 is replaced.
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_str(query.unwrap_or_default()).unwrap_or_default();
    let mut members = Map::new();
    for (name, value) in pairs {
        match members.get_mut(&name) {
            Some(Value::Array(values)) => values.push(value.into()),
            Some(first) => *first = Value::Array(vec![first.take(), value.into()]),
            None => {
                members.insert(name, value.into());
            }
        }
    }
    members
}

/// Checks nothing: whatever came, it is echoed.
pub(super) async fn echo_secrets(headers: HeaderMap, RawQuery(query): RawQuery, body: Bytes) -> Response {
    let mut echo = query_members(query.as_deref());
    echo.insert("error".into(), "unauthorized".into());
    echo.insert("message".into(), ECHO_MESSAGE.into());
    echo.insert("authorization".into(), header_text(&headers, "authorization"));
    echo.insert("x_api_key".into(), header_text(&headers, "x-api-key"));
    echo.insert("body".into(), String::from_utf8_lossy(&body).into());
    json(StatusCode::UNAUTHORIZED, Value::Object(echo))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::{query_members, ECHO_MESSAGE, TRAILING_GARBAGE_BODY};
    use crate::testing::{get, post};
    use crate::{MockConfig, MockServer};

    #[test]
    fn trailing_garbage_and_evil_error() {
        assert!(serde_json::from_str::<Value>(TRAILING_GARBAGE_BODY).is_err());
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

    #[test]
    fn echo_secrets_echoes_every_secret() {
        let server = MockServer::start(MockConfig::with_records(5));
        let reply = post(
            &server.url("/hostile/echo-secrets?api_key=q-s3cret&page=2&tag=a&tag=b&message=mine"),
            &json!({"password": "hunter2"}),
            &[("authorization", "Bearer b-s3cret"), ("x-api-key", "k-s3cret")],
        );
        assert_eq!(reply.status, 401);
        assert_eq!(reply.header("content-type"), Some("application/json"));
        let body = reply.json();
        assert_eq!(body["authorization"], "Bearer b-s3cret");
        assert_eq!(body["x_api_key"], "k-s3cret");
        assert_eq!(body["api_key"], "q-s3cret");
        assert_eq!(body["page"], "2");
        assert_eq!(body["tag"], json!(["a", "b"]));
        assert_eq!(body["body"], r#"{"password":"hunter2"}"#);
        assert_eq!(body["error"], "unauthorized");
        // The fixed members win over query pairs of the same name.
        assert_eq!(body["message"], ECHO_MESSAGE);
        for separator in ['\u{2028}', '\u{2029}'] {
            assert!(ECHO_MESSAGE.contains(separator));
            // Unescaped in the JSON text itself, as serde_json writes them.
            assert!(reply.text.contains(separator));
        }
        assert!(ECHO_MESSAGE.contains("\r\n"));

        // Any method; what is absent is `null` or empty.
        let reply = get(&server.url("/hostile/echo-secrets"));
        assert_eq!(reply.status, 401);
        let body = reply.json();
        assert_eq!(
            (body["authorization"].clone(), body["x_api_key"].clone()),
            (Value::Null, Value::Null)
        );
        assert_eq!(body["body"], "");
        let client = reqwest::blocking::Client::new();
        let reply = client
            .delete(server.url("/hostile/echo-secrets?token=t"))
            .send()
            .unwrap();
        assert_eq!(reply.status(), 401);

        // The server recorded what was echoed.
        let recorded = &server.requests()[0];
        assert_eq!(recorded.method, "POST");
        assert_eq!(recorded.params("api_key"), ["q-s3cret"]);
        assert_eq!(recorded.header("x-api-key"), Some("k-s3cret"));
    }

    #[test]
    fn query_members_keep_every_value() {
        let members = query_members(Some("a=%FF&b=1&b=2&b=3&c"));
        assert_eq!(members["a"], "\u{fffd}");
        assert_eq!(members["b"], json!(["1", "2", "3"]));
        assert_eq!(members["c"], "");
        assert!(query_members(None).is_empty());
    }
}
