//! Page-number and offset APIs that repeat themselves: a page past the end repeats the last page (bare,
//! or with a fresh `request_id`), the last two pages alternate, the offset is ignored.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

use super::{bad_request, fresh_token, items, positive, within, AppState};
use crate::data::iso8601;
use crate::http::{json, Params};

/// `page` (default 1) and `per_page` (default `per_page`, clamped at 100) of a page-number request.
fn page_and_size(query: Option<&str>, per_page: i64) -> Result<(u64, u64), String> {
    let params = Params::parse(query)?;
    Ok((
        positive(&params, "page", 1, i64::MAX)?,
        positive(&params, "per_page", per_page, 100)?,
    ))
}

/// The number of the last page of `per_page` records (1 when there are none).
fn last_page(state: &AppState, per_page: u64) -> u64 {
    (state.records().len() as u64).div_ceil(per_page).max(1)
}

/// The items of page `page` (from 1).
fn page_items(state: &AppState, page: u64, per_page: u64) -> Vec<serde_json::Value> {
    items(state, ((page - 1) * per_page) as usize, per_page as usize)
}

pub(super) async fn clamped(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let (page, per_page) = match page_and_size(query.as_deref(), 20) {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let page = page.min(last_page(&state, per_page));
    let data = page_items(&state, page, per_page);
    json(StatusCode::OK, json!({"data": data}))
}

/// Page `page` with a fresh `request_id`, and nothing else.
fn with_request_id(state: &AppState, page: u64, per_page: u64) -> Response {
    let data = page_items(state, page, per_page);
    let request_id = fresh_token(state, "request");
    json(StatusCode::OK, json!({"data": data, "request_id": request_id}))
}

pub(super) async fn last_page_forever(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let (page, per_page) = match page_and_size(query.as_deref(), 10) {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let page = page.min(last_page(&state, per_page));
    with_request_id(&state, page, per_page)
}

/// The page `alternating-tail` serves for `page`: itself up to `last`, then last−1, last, last−1, …
fn alternating(page: u64, last: u64) -> u64 {
    if page <= last || last < 2 {
        page.min(last)
    } else if (page - last) % 2 == 1 {
        last - 1
    } else {
        last
    }
}

pub(super) async fn alternating_tail(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let (page, per_page) = match page_and_size(query.as_deref(), 10) {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let page = alternating(page, last_page(&state, per_page));
    with_request_id(&state, page, per_page)
}

/// A timestamp no earlier answer of this server carried: the server's start plus one millisecond per
/// value of the server-wide sequence, as `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn generated_at(state: &AppState) -> String {
    let millis = state.started * 1000 + state.next_sequence();
    let seconds = iso8601((millis / 1000) as i64);
    format!("{}.{:03}Z", &seconds[..19], millis % 1000)
}

pub(super) async fn ignores_offset(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<u64, String> {
        let params = Params::parse(query.as_deref())?;
        within(&params, "offset", 0, 0..=i64::MAX)?;
        positive(&params, "limit", 10, 100)
    };
    let limit = match read() {
        Ok(limit) => limit,
        Err(message) => return bad_request(message),
    };
    let data = items(&state, 0, limit as usize);
    let total = state.records().len();
    json(
        StatusCode::OK,
        json!({"data": data, "total": total, "generated_at": generated_at(&state)}),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use serde_json::Value;

    use super::alternating;
    use crate::testing::{get, numeric_ids, Reply};
    use crate::{MockConfig, MockServer};

    fn ids(body: &Value) -> Vec<u64> {
        numeric_ids(&body["data"])
    }

    fn range(first: u64, last: u64) -> Vec<u64> {
        (first..=last).collect()
    }

    /// Each query is `400 {"error": "..."}`.
    fn assert_rejected(server: &MockServer, route: &str, queries: &[&str]) {
        for query in queries {
            let reply = get(&server.url(&format!("/hostile/{route}?{query}")));
            assert_eq!(reply.status, 400, "{route}?{query}");
            assert!(reply.json()["error"].is_string(), "{route}?{query}");
        }
    }

    const BAD_PAGES: [&str; 6] = [
        "page=0",
        "page=-1",
        "per_page=0",
        "per_page=x",
        "page=1&page=2",
        "per_page=5&per_page=5",
    ];

    #[test]
    fn clamped_repeats_the_last_page() {
        let server = MockServer::start(MockConfig::with_records(45));
        let page = |query: &str| get(&server.url(&format!("/hostile/clamped?{query}")));
        assert_eq!(ids(&page("").json()), range(1, 20));
        assert_eq!(ids(&page("page=2&per_page=20").json()), range(21, 40));
        let last = page("page=3&per_page=20").json();
        assert_eq!(ids(&last), range(41, 45));
        assert_eq!(last.as_object().unwrap().len(), 1, "only `data`");
        assert_eq!(page("page=4&per_page=20").json(), last);
        assert_eq!(ids(&page("per_page=500").json()).len(), 45);
        assert_rejected(&server, "clamped", &BAD_PAGES);
    }

    /// The `request_id` of an answer, after checking that `data` and it are the only members.
    fn request_id(reply: &Reply) -> String {
        let body = reply.json();
        let mut members: Vec<&String> = body.as_object().unwrap().keys().collect();
        members.sort();
        assert_eq!(members, ["data", "request_id"]);
        body["request_id"].as_str().unwrap().to_owned()
    }

    #[test]
    fn last_page_forever_answers_the_last_page_past_the_end() {
        let server = MockServer::start(MockConfig::with_records(45));
        let page = |query: &str| get(&server.url(&format!("/hostile/last-page-forever?{query}")));
        let mut request_ids = HashSet::new();
        let first = page("");
        assert_eq!(ids(&first.json()), range(1, 10), "per_page defaults to 10");
        assert!(request_ids.insert(request_id(&first)));
        assert_eq!(ids(&page("page=2&per_page=20").json()), range(21, 40));
        for n in [3, 4, 5, 99, i64::MAX as u64] {
            let reply = page(&format!("page={n}&per_page=20"));
            assert_eq!(ids(&reply.json()), range(41, 45), "page {n}");
            assert!(request_ids.insert(request_id(&reply)), "a fresh request_id");
        }
        assert_rejected(&server, "last-page-forever", &BAD_PAGES);

        let many = MockServer::start(MockConfig::with_records(250));
        let reply = get(&many.url("/hostile/last-page-forever?per_page=500&page=9"));
        assert_eq!(ids(&reply.json()), range(201, 250), "per_page clamped at 100");

        let none = MockServer::start(MockConfig::with_records(0));
        let reply = get(&none.url("/hostile/last-page-forever?page=7"));
        assert_eq!(ids(&reply.json()), range(1, 0));
    }

    #[test]
    fn alternating_tail_alternates_between_the_last_two_pages() {
        assert_eq!(
            (1..=9).map(|page| alternating(page, 5)).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 4, 5, 4, 5]
        );
        assert_eq!(alternating(i64::MAX as u64, 5), 5);
        assert_eq!(alternating(i64::MAX as u64 - 1, 5), 4);
        assert_eq!([1, 2, 3].map(|page| alternating(page, 1)), [1, 1, 1]);

        // 45 records, 10 a page: page 4 is 31..=40, page 5 (the last) is 41..=45.
        let server = MockServer::start(MockConfig::with_records(45));
        let page = |n: u64| get(&server.url(&format!("/hostile/alternating-tail?page={n}")));
        let mut request_ids = HashSet::new();
        let walk: Vec<Vec<u64>> = (1..=9)
            .map(|n| {
                let reply = page(n);
                assert!(request_ids.insert(request_id(&reply)), "a fresh request_id");
                ids(&reply.json())
            })
            .collect();
        let (fourth, last) = (range(31, 40), range(41, 45));
        assert_eq!(
            walk[..5],
            [
                range(1, 10),
                range(11, 20),
                range(21, 30),
                fourth.clone(),
                last.clone()
            ]
        );
        assert_eq!(walk[5..], [fourth.clone(), last.clone(), fourth, last]);
        assert_rejected(&server, "alternating-tail", &BAD_PAGES);

        // One page: it comes back, as with last-page-forever.
        let small = MockServer::start(MockConfig::with_records(5));
        for n in 1..=4 {
            let reply = get(&small.url(&format!("/hostile/alternating-tail?page={n}")));
            assert_eq!(ids(&reply.json()), range(1, 5), "page {n}");
        }
    }

    #[test]
    fn ignores_offset_always_answers_the_first_records() {
        let server = MockServer::start(MockConfig::with_records(45));
        let mut stamps = HashSet::new();
        for offset in [
            "",
            "offset=0",
            "offset=10",
            "offset=40",
            "offset=9223372036854775807",
        ] {
            let body = get(&server.url(&format!("/hostile/ignores-offset?{offset}"))).json();
            assert_eq!(ids(&body), range(1, 10), "{offset}");
            assert_eq!(body["total"], 45);
            let stamp = body["generated_at"].as_str().unwrap().to_owned();
            assert!(crate::parse_iso8601(&stamp).is_some(), "{stamp}");
            assert!(stamps.insert(stamp), "a new timestamp every answer");
        }
        let body = get(&server.url("/hostile/ignores-offset?offset=20&limit=3")).json();
        assert_eq!(ids(&body), [1, 2, 3]);
        assert_rejected(
            &server,
            "ignores-offset",
            &[
                "offset=-1",
                "offset=x",
                "offset=1&offset=2",
                "limit=0",
                "limit=1.5",
            ],
        );

        let many = MockServer::start(MockConfig::with_records(250));
        let body = get(&many.url("/hostile/ignores-offset?limit=500&offset=100")).json();
        assert_eq!(ids(&body), range(1, 100), "limit clamped at 100");
        assert_eq!(body["total"], 250);
    }
}
