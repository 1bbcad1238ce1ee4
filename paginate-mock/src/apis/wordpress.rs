//! The WordPress REST API: `GET /wp-json/wp/v2/posts?page=N&per_page=M`, totals in headers and a bare
//! JSON array as the body.
//!
//! As WordPress documents it:
//! - `page` (default 1, at least 1) and `per_page` (default 10, between 1 and 100: other values are
//!   refused, not clamped); `order` `desc` (the default: newest first) or `asc`.
//! - headers `X-WP-Total` (posts) and `X-WP-TotalPages`, and a `Link` header with `prev` and `next`
//!   relations (absolute URLs keeping the other parameters).
//! - a page past the last one is an error, not an empty page:
//!   `400 {"code": "rest_post_invalid_page_number", "message": "The page number requested is larger
//!   than the number of pages available.", "data": {"status": 400}}` (when there are no posts at all,
//!   page 1 is an empty array).
//! - invalid parameters are `400 {"code": "rest_invalid_param", "message": "Invalid parameter(s):
//!   <name>", "data": {"status": 400, "params": {"<name>": ".."}}}`; a repeated parameter too (where
//!   PHP would silently keep the last one).
//!
//! Posts are `{"id": n, "date": "2024-01-01T00:00:00", "date_gmt", "slug": "record-00000n", "status":
//! "publish", "link", "title": {"rendered": "Record 00000n"}}`.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(25));
//! let page = |n: u32| reqwest::blocking::get(server.url(&format!("/wp-json/wp/v2/posts?page={n}"))).unwrap();
//! let third = page(3);
//! assert_eq!(third.headers()["x-wp-total"], "25");
//! assert_eq!(third.headers()["x-wp-totalpages"], "3");
//! let past = page(4);
//! assert_eq!(past.status(), 400);
//! assert!(past.text().unwrap().contains("rest_post_invalid_page_number"));
//! ```

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::headers::array_with_headers;
use super::AppState;
use crate::data::{iso8601, Record};
use crate::http::{json, link, Params};

const PATH: &str = "/wp-json/wp/v2/posts";

fn invalid_param(name: &str, reason: String) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        json!({
            "code": "rest_invalid_param",
            "message": format!("Invalid parameter(s): {name}"),
            "data": {"status": 400, "params": {name: reason}},
        }),
    )
}

fn render(origin: &str, record: &Record) -> Value {
    let date = iso8601(record.created_at);
    let date = date.trim_end_matches(".000Z");
    json!({
        "id": record.id,
        "date": date,
        "date_gmt": date,
        "slug": format!("record-{:06}", record.id),
        "status": "publish",
        "link": format!("{origin}/?p={}", record.id),
        "title": {"rendered": record.name()},
    })
}

/// A request's parameters, read and checked.
struct PostsRequest {
    page: u64,
    per_page: u64,
    /// `order=desc`, the default: newest first.
    descending: bool,
    /// The parameters other than `page`, for the links.
    rest: Vec<(String, String)>,
}

pub(crate) async fn posts(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let request = match read_request(query.as_deref()) {
        Ok(request) => request,
        Err((name, reason)) => return invalid_param(name, reason),
    };
    let (page, per_page) = (request.page, request.per_page);
    let records = state.records();
    let total = records.len() as u64;
    let total_pages = total.div_ceil(per_page);
    if page > total_pages && total > 0 {
        return json(
            StatusCode::BAD_REQUEST,
            json!({
                "code": "rest_post_invalid_page_number",
                "message": "The page number requested is larger than the number of pages available.",
                "data": {"status": 400},
            }),
        );
    }
    let mut ordered: Vec<&Record> = records.iter().collect();
    if request.descending {
        ordered.reverse();
    }
    let start = (page - 1).saturating_mul(per_page).min(total) as usize;
    let end = (start + per_page as usize).min(ordered.len());
    let items: Vec<Value> = ordered[start..end]
        .iter()
        .map(|record| render(&state.base_url, record))
        .collect();
    let mut headers = vec![
        ("x-wp-total", total.to_string()),
        ("x-wp-totalpages", total_pages.to_string()),
    ];
    if let Some(links) = links(&state, &request, total_pages) {
        headers.push(("link", links));
    }
    array_with_headers(items, headers)
}

/// The request's parameters; `Err` names the invalid one and says why.
fn read_request(query: Option<&str>) -> Result<PostsRequest, (&'static str, String)> {
    let params = Params::parse(query).map_err(|message| ("query", message))?;
    // Reads an integer in 1..=max; `Err` is the reason it is invalid.
    let integer = |name: &str, default: i64, max: i64| -> Result<i64, String> {
        let Some(text) = params.get(name)? else {
            return Ok(default);
        };
        let value: i64 = text
            .parse()
            .map_err(|_| format!("{name} is not of type integer."))?;
        if value < 1 || value > max {
            return Err(if max == i64::MAX {
                format!("{name} must be greater than or equal to 1")
            } else {
                format!("{name} must be between 1 (inclusive) and {max} (inclusive)")
            });
        }
        Ok(value)
    };
    let page = integer("page", 1, i64::MAX).map_err(|reason| ("page", reason))? as u64;
    let per_page = integer("per_page", 10, 100).map_err(|reason| ("per_page", reason))? as u64;
    let descending = match params.get("order") {
        Ok(None | Some("desc")) => true,
        Ok(Some("asc")) => false,
        Ok(Some(_)) => return Err(("order", "order is not one of asc, desc.".into())),
        Err(message) => return Err(("order", message)),
    };
    Ok(PostsRequest {
        page,
        per_page,
        descending,
        rest: params.without(&["page"]),
    })
}

/// The `Link` header: `prev` and `next` relations, when there are such pages.
fn links(state: &AppState, request: &PostsRequest, total_pages: u64) -> Option<String> {
    let page = request.page;
    let target = |page: u64| {
        let mut pairs = request.rest.clone();
        pairs.push(("page".into(), page.to_string()));
        link(state.link_origin(), PATH, &pairs)
    };
    let mut relations = Vec::new();
    if page > 1 {
        relations.push(format!("<{}>; rel=\"prev\"", target(page - 1)));
    }
    if page < total_pages {
        relations.push(format!("<{}>; rel=\"next\"", target(page + 1)));
    }
    (!relations.is_empty()).then(|| relations.join(", "))
}

#[cfg(test)]
mod tests {
    use crate::testing::{get, numeric_ids as ids};
    use crate::{MockConfig, MockServer};

    #[test]
    fn pages_newest_first_then_an_error() {
        let server = MockServer::start(MockConfig::with_records(25));
        let first = get(&server.url("/wp-json/wp/v2/posts"));
        assert_eq!(ids(&first.json()), (16..=25).rev().collect::<Vec<_>>());
        assert_eq!(first.header("x-wp-total"), Some("25"));
        assert_eq!(first.header("x-wp-totalpages"), Some("3"));
        let next = server.url("/wp-json/wp/v2/posts?page=2");
        assert_eq!(
            first.header("link"),
            Some(format!("<{next}>; rel=\"next\"").as_str())
        );
        assert_eq!(first.json()[0]["title"]["rendered"], "Record 000025");
        let middle = get(&server.url("/wp-json/wp/v2/posts?page=2&per_page=10"));
        assert_eq!(ids(&middle.json()), (6..=15).rev().collect::<Vec<_>>());
        let last = get(&server.url("/wp-json/wp/v2/posts?page=3"));
        assert_eq!(ids(&last.json()), (1..=5).rev().collect::<Vec<_>>());
        assert!(!last.header("link").unwrap().contains("next"));
        let past = get(&server.url("/wp-json/wp/v2/posts?page=4"));
        assert_eq!(past.status, 400);
        assert_eq!(past.json()["code"], "rest_post_invalid_page_number");
        assert_eq!(past.json()["data"]["status"], 400);
        let asc = get(&server.url("/wp-json/wp/v2/posts?order=asc&per_page=100"));
        assert_eq!(ids(&asc.json()), (1..=25).collect::<Vec<_>>());
        for bad in [
            "per_page=101",
            "per_page=0",
            "page=x",
            "page=0",
            "page=1&page=2",
            "order=up",
        ] {
            let reply = get(&server.url(&format!("/wp-json/wp/v2/posts?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert_eq!(reply.json()["code"], "rest_invalid_param", "{bad}");
        }
    }

    #[test]
    fn no_posts_is_an_empty_first_page() {
        let server = MockServer::start(MockConfig::with_records(0));
        let reply = get(&server.url("/wp-json/wp/v2/posts"));
        assert_eq!((reply.status, reply.text.as_str()), (200, "[]"));
        assert_eq!(reply.header("x-wp-totalpages"), Some("0"));
    }
}
