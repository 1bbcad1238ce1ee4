//! Next links and redirects: links back to the same page, links and redirects to another origin.

use std::sync::atomic::Ordering;

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::{bad_request, first_page, other_origin, within, AppState};
use crate::http::{json, Params};

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

pub(super) async fn self_link(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match first_page(&state, query.as_deref()) {
        Ok((params, data)) => {
            let next = own_url(&state, "/hostile/self-link", &params);
            json(StatusCode::OK, json!({"data": data, "next": next}))
        }
        Err(message) => bad_request(message),
    }
}

pub(super) async fn fragment_link(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
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

/// Any method, any body: the body is read (and recorded) by the server, and ignored here.
pub(super) async fn next_elsewhere(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<i64, String> {
        let params = Params::parse(query.as_deref())?;
        within(&params, "page", 1, 1..=2)
    };
    let body = match read() {
        Ok(1) => {
            let next = format!("{}/hostile/next-elsewhere?page=2", other_origin(&state));
            json!({"data": ids(1..=5), "next": next})
        }
        Ok(_) => json!({"data": ids(6..=10), "next": null}),
        Err(message) => return bad_request(message),
    };
    json(StatusCode::OK, body)
}

/// `{"id": n}` for each `n`.
fn ids(range: std::ops::RangeInclusive<u64>) -> Vec<Value> {
    range.map(|id| json!({"id": id})).collect()
}

/// A redirect with `status` to `location`.
fn redirect_to(status: StatusCode, location: &str) -> Response {
    match HeaderValue::from_str(location) {
        Ok(value) => (status, [(header::LOCATION, value)]).into_response(),
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

pub(super) async fn redirect(State(state): State<AppState>, uri: Uri) -> Response {
    let target = rest_of(&uri, "/hostile/redirect/");
    redirect_to(StatusCode::FOUND, &format!("{}{target}", other_origin(&state)))
}

pub(super) async fn redirect_307(State(state): State<AppState>, uri: Uri) -> Response {
    let target = rest_of(&uri, "/hostile/redirect-307/");
    redirect_to(
        StatusCode::TEMPORARY_REDIRECT,
        &format!("{}{target}", other_origin(&state)),
    )
}

pub(super) async fn redirect_same(uri: Uri) -> Response {
    redirect_to(StatusCode::FOUND, &rest_of(&uri, "/hostile/redirect-same/"))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use crate::testing::{get, get_with, numeric_ids, post};
    use crate::{MockConfig, MockServer};

    fn ids(body: &Value) -> Vec<u64> {
        numeric_ids(&body["data"])
    }

    /// A server whose "other origin" is `other`.
    fn pointing_at(other: &MockServer) -> MockServer {
        MockServer::start(MockConfig {
            redirect_origin: Some(other.base_url().to_owned()),
            ..MockConfig::with_records(5)
        })
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
    fn next_elsewhere_links_to_another_origin() {
        let other = MockServer::start(MockConfig::with_records(0));
        let server = pointing_at(&other);
        let first = get(&server.url("/hostile/next-elsewhere")).json();
        assert_eq!(ids(&first), [1, 2, 3, 4, 5]);
        let next = first["next"].as_str().unwrap();
        assert_eq!(next, other.url("/hostile/next-elsewhere?page=2"));
        // The link works: the other server serves page 2.
        let second = get(next).json();
        assert_eq!(
            second,
            json!({"data": [{"id": 6}, {"id": 7}, {"id": 8}, {"id": 9}, {"id": 10}], "next": null})
        );
        assert_eq!(other.requests()[0].path, "/hostile/next-elsewhere");
        assert_eq!(other.requests()[0].query, "page=2");

        // POST, with a body and a credential: same pages; what a careless client sends on to the
        // other origin shows in its recorded requests.
        let query = json!({"filter": "secret-filter"});
        let reply = post(
            &server.url("/hostile/next-elsewhere?page=1"),
            &query,
            &[("authorization", "Bearer s3cret")],
        );
        assert_eq!(reply.json(), first);
        let reply = post(next, &query, &[("authorization", "Bearer s3cret")]);
        assert_eq!(reply.json(), second);
        let leaked = other.requests().pop().unwrap();
        assert_eq!(
            (leaked.method.as_str(), leaked.body.as_str()),
            ("POST", r#"{"filter":"secret-filter"}"#)
        );
        assert_eq!(leaked.header("authorization"), Some("Bearer s3cret"));
        let put = reqwest::blocking::Client::new()
            .put(server.url("/hostile/next-elsewhere?page=2"))
            .send()
            .unwrap();
        assert_eq!(put.status(), 200);

        // Without `redirect_origin`: this server's own origin.
        let alone = MockServer::start(MockConfig::with_records(0));
        let first = get(&alone.url("/hostile/next-elsewhere?page=1")).json();
        assert_eq!(first["next"], alone.url("/hostile/next-elsewhere?page=2"));

        for bad in ["page=0", "page=3", "page=x", "page=1&page=1"] {
            let reply = get(&server.url(&format!("/hostile/next-elsewhere?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert!(reply.json()["error"].is_string());
        }
    }

    #[test]
    fn redirects_keep_path_and_query() {
        let other = MockServer::start(MockConfig::with_records(5));
        let server = pointing_at(&other);
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
    fn redirect_307_makes_clients_repeat_method_and_body() {
        let other = MockServer::start(MockConfig::with_records(5));
        let server = pointing_at(&other);
        let reply = get(&server.url("/hostile/redirect-307/hostile/next-elsewhere?page=2"));
        assert_eq!(reply.status, 307);
        assert_eq!(
            reply.header("location"),
            Some(other.url("/hostile/next-elsewhere?page=2").as_str())
        );

        // reqwest follows a 307 with the same method and body; the other server records both.
        let client = reqwest::blocking::Client::new();
        let response = client
            .post(server.url("/hostile/redirect-307/hostile/next-elsewhere?page=2"))
            .header("content-type", "application/json")
            .body(r#"{"password":"hunter2"}"#)
            .send()
            .unwrap();
        assert_eq!(response.status(), 200);
        let arrived = other.requests().pop().unwrap();
        assert_eq!(arrived.method, "POST");
        assert_eq!(arrived.path, "/hostile/next-elsewhere");
        assert_eq!(arrived.body, r#"{"password":"hunter2"}"#);

        let reply = get(&server.url("/hostile/redirect-307/v1/agents"));
        assert_eq!(reply.header("location"), Some(other.url("/v1/agents").as_str()));
        let alone = MockServer::start(MockConfig::with_records(5));
        let reply = get(&alone.url("/hostile/redirect-307/v1/agents?limit=1"));
        assert_eq!(
            reply.header("location"),
            Some(alone.url("/v1/agents?limit=1").as_str())
        );
    }
}
