//! GitLab REST API v4: `GET /gitlab/api/v4/projects`, offset and keyset pagination with the answer in
//! headers and a bare JSON array as the body.
//!
//! Offset pagination (the default), as GitLab documents it:
//! - `page` (default 1) and `per_page` (default 20, values above 100 clamped to 100).
//! - headers `x-total`, `x-total-pages`, `x-page`, `x-per-page`, `x-next-page` (empty on the last
//!   page), `x-prev-page` (empty on the first), and `link` with `prev`, `next`, `first` and `last`
//!   relations (absolute URLs keeping the other parameters).
//! - when more than 10,000 projects match, GitLab leaves out `x-total`, `x-total-pages` and the
//!   `last` link, for performance.
//! - a page past the end is an empty array (its `x-next-page` empty).
//! - order: `order_by` (`id`, `name`, `path`, `created_at` — the default —, `updated_at`,
//!   `last_activity_at`) and `sort` (`desc` by default, or `asc`): newest first unless asked.
//!
//! Keyset pagination (`pagination=keyset`) needs `order_by=id` (otherwise `405` with
//! `{"error": "Keyset pagination is not yet available for this type of request"}`): the page carries
//! only a `link` header with `rel="next"`, whose URL has `id_after=N` (`sort=asc`) or `id_before=N`
//! (`sort=desc`); no `link` on the last page, and no `x-total` / `x-page` headers at all.
//!
//! Projects are `{"id": n, "name": "project-00000n", "path", "path_with_namespace":
//! "group/project-00000n", "created_at": ISO 8601}`. Invalid parameters are
//! `400 {"error": "<name> is invalid"}` (a repeated parameter too).
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(45));
//! let response = reqwest::blocking::get(server.url("/gitlab/api/v4/projects?page=3&per_page=20")).unwrap();
//! let headers = response.headers();
//! assert_eq!(headers["x-total"], "45");
//! assert_eq!(headers["x-total-pages"], "3");
//! assert_eq!(headers["x-next-page"], "");
//! assert_eq!(headers["x-prev-page"], "2");
//! let projects: serde_json::Value = serde_json::from_str(&response.text().unwrap()).unwrap();
//! // Newest first: the last page holds the five oldest projects.
//! assert_eq!(projects[4]["id"], 1);
//! ```

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::headers::array_with_headers;
use super::AppState;
use crate::data::{iso8601, Record};
use crate::http::{json, link, Params};

/// Beyond this many matches, GitLab stops counting.
const COUNT_LIMIT: u64 = 10_000;
const PATH: &str = "/gitlab/api/v4/projects";

/// `400 {"error": message}`.
fn bad_request(message: String) -> Response {
    json(StatusCode::BAD_REQUEST, json!({ "error": message }))
}

/// The message for an invalid parameter `name`.
fn invalid(name: &str) -> String {
    format!("{name} is invalid")
}

fn render(record: &Record) -> Value {
    let name = format!("project-{:06}", record.id);
    json!({
        "id": record.id,
        "name": name,
        "path": name,
        "path_with_namespace": format!("group/{name}"),
        "created_at": iso8601(record.created_at),
    })
}

/// A projects request, read and checked.
struct ProjectsRequest {
    page: u64,
    per_page: u64,
    order_by: String,
    /// `sort=asc`; newest first otherwise.
    ascending: bool,
    /// `pagination`, as given.
    pagination: Option<String>,
    id_after: Option<i64>,
    id_before: Option<i64>,
    /// The other parameters, for the links.
    rest: Vec<(String, String)>,
}

const ORDERS: [&str; 6] = [
    "id",
    "name",
    "path",
    "created_at",
    "updated_at",
    "last_activity_at",
];

/// The request's parameters, each given at most once; `Err` is the message of a `400`.
fn read_request(query: Option<&str>) -> Result<ProjectsRequest, String> {
    let Ok(params) = Params::parse(query) else {
        return Err(invalid("query"));
    };
    let text = |name: &'static str| params.get(name).map_err(|_| invalid(name));
    let int = |name: &'static str| params.int(name).map_err(|_| invalid(name));
    let page = int("page")?.unwrap_or(1);
    let per_page = int("per_page")?.unwrap_or(20);
    let order_by = text("order_by")?.unwrap_or("created_at");
    let sort = text("sort")?.unwrap_or("desc");
    let pagination = text("pagination")?;
    let id_after = int("id_after")?;
    let id_before = int("id_before")?;
    if page < 1 {
        return Err(invalid("page"));
    }
    if per_page < 1 {
        return Err(invalid("per_page"));
    }
    if !ORDERS.contains(&order_by) {
        return Err("order_by does not have a valid value".into());
    }
    if !["asc", "desc"].contains(&sort) {
        return Err("sort does not have a valid value".into());
    }
    Ok(ProjectsRequest {
        page: page as u64,
        per_page: per_page.min(100) as u64,
        order_by: order_by.to_owned(),
        ascending: sort == "asc",
        pagination: pagination.map(str::to_owned),
        id_after,
        id_before,
        rest: params.without(&["page", "per_page", "id_after", "id_before"]),
    })
}

pub(crate) async fn projects(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let request = match read_request(query.as_deref()) {
        Ok(request) => request,
        Err(message) => return bad_request(message),
    };
    let records = state.records();
    // Every supported order sorts projects as their ids do.
    let mut ordered: Vec<&Record> = records.iter().collect();
    if !request.ascending {
        ordered.reverse();
    }
    match request.pagination.as_deref() {
        Some("keyset") => keyset_page(&state, &request, ordered),
        None | Some("offset") => offset_page(&state, &request, &ordered),
        Some(_) => bad_request(invalid("pagination")),
    }
}

/// A keyset page: only a `link` to the next page, which goes on after (or before) its last id.
fn keyset_page(state: &AppState, request: &ProjectsRequest, ordered: Vec<&Record>) -> Response {
    if request.order_by != "id" {
        return json(
            StatusCode::METHOD_NOT_ALLOWED,
            json!({"error": "Keyset pagination is not yet available for this type of request"}),
        );
    }
    let matching: Vec<&Record> = ordered
        .into_iter()
        .filter(|record| request.id_after.is_none_or(|after| record.id as i64 > after))
        .filter(|record| request.id_before.is_none_or(|before| (record.id as i64) < before))
        .collect();
    let page: Vec<&Record> = matching.iter().take(request.per_page as usize).copied().collect();
    let mut headers = Vec::new();
    if let (true, Some(last)) = (matching.len() > page.len(), page.last()) {
        let mut pairs = request.rest.clone();
        pairs.push(("per_page".into(), request.per_page.to_string()));
        let key = if request.ascending {
            "id_after"
        } else {
            "id_before"
        };
        pairs.push((key.into(), last.id.to_string()));
        headers.push((
            "link",
            format!("<{}>; rel=\"next\"", link(state.link_origin(), PATH, &pairs)),
        ));
    }
    array_with_headers(page.into_iter().map(render).collect(), headers)
}

/// An offset page, with its `x-` headers and `link` relations (no totals nor `last` beyond
/// [`COUNT_LIMIT`]).
fn offset_page(state: &AppState, request: &ProjectsRequest, ordered: &[&Record]) -> Response {
    let (page, per_page) = (request.page, request.per_page);
    let total = ordered.len() as u64;
    let counted = total <= COUNT_LIMIT;
    let last = total.div_ceil(per_page).max(1);
    let start = (page - 1).saturating_mul(per_page).min(total) as usize;
    let end = (start + per_page as usize).min(ordered.len());
    let items: Vec<Value> = ordered[start..end].iter().map(|record| render(record)).collect();
    let target = |page: u64| {
        let mut pairs = request.rest.clone();
        pairs.push(("page".into(), page.to_string()));
        pairs.push(("per_page".into(), per_page.to_string()));
        link(state.link_origin(), PATH, &pairs)
    };
    let has_next = (end as u64) < total;
    let mut relations = Vec::new();
    if page > 1 {
        relations.push(format!("<{}>; rel=\"prev\"", target(page - 1)));
    }
    if has_next {
        relations.push(format!("<{}>; rel=\"next\"", target(page + 1)));
    }
    relations.push(format!("<{}>; rel=\"first\"", target(1)));
    if counted {
        relations.push(format!("<{}>; rel=\"last\"", target(last)));
    }
    let page_or_empty = |present: bool, page: u64| {
        if present {
            page.to_string()
        } else {
            String::new()
        }
    };
    let mut headers = vec![
        ("link", relations.join(", ")),
        ("x-next-page", page_or_empty(has_next, page + 1)),
        ("x-page", page.to_string()),
        ("x-per-page", per_page.to_string()),
        ("x-prev-page", page_or_empty(page > 1, page - 1)),
    ];
    if counted {
        headers.push(("x-total", total.to_string()));
        headers.push(("x-total-pages", last.to_string()));
    }
    array_with_headers(items, headers)
}

#[cfg(test)]
mod tests {
    use crate::testing::{get, numeric_ids as ids};
    use crate::{MockConfig, MockServer};

    #[test]
    fn offset_pages_with_headers() {
        let server = MockServer::start(MockConfig::with_records(45));
        let first = get(&server.url("/gitlab/api/v4/projects?per_page=20&sort=asc"));
        assert_eq!(ids(&first.json()), (1..=20).collect::<Vec<_>>());
        assert_eq!(first.header("x-next-page"), Some("2"));
        assert_eq!(first.header("x-prev-page"), Some(""));
        assert_eq!(first.header("x-per-page"), Some("20"));
        let next = server.url("/gitlab/api/v4/projects?sort=asc&page=2&per_page=20");
        assert!(first
            .header("link")
            .unwrap()
            .contains(&format!("<{next}>; rel=\"next\"")));
        let middle = get(&next);
        assert_eq!(ids(&middle.json()), (21..=40).collect::<Vec<_>>());
        let last = get(&server.url("/gitlab/api/v4/projects?per_page=20&sort=asc&page=3"));
        assert_eq!(ids(&last.json()), (41..=45).collect::<Vec<_>>());
        assert_eq!(last.header("x-next-page"), Some(""));
        assert!(!last.header("link").unwrap().contains("rel=\"next\""));
        let past = get(&server.url("/gitlab/api/v4/projects?per_page=20&page=9"));
        assert_eq!(ids(&past.json()), Vec::<u64>::new());
        let default = get(&server.url("/gitlab/api/v4/projects"));
        assert_eq!(
            ids(&default.json()),
            (26..=45).rev().collect::<Vec<_>>(),
            "20, newest first"
        );
        assert_eq!(
            get(&server.url("/gitlab/api/v4/projects?per_page=500")).header("x-per-page"),
            Some("100")
        );
        for bad in [
            "page=0",
            "per_page=x",
            "page=1&page=2",
            "order_by=stars",
            "sort=up",
        ] {
            let reply = get(&server.url(&format!("/gitlab/api/v4/projects?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert!(reply.json()["error"].is_string());
        }
    }

    #[test]
    fn no_counts_beyond_ten_thousand() {
        let server = MockServer::start(MockConfig::with_records(10_001));
        let reply = get(&server.url("/gitlab/api/v4/projects?per_page=1"));
        assert_eq!(reply.header("x-total"), None);
        assert_eq!(reply.header("x-total-pages"), None);
        assert!(!reply.header("link").unwrap().contains("rel=\"last\""));
        assert_eq!(reply.header("x-next-page"), Some("2"));
    }

    #[test]
    fn keyset_follows_next_links() {
        let server = MockServer::start(MockConfig::with_records(45));
        let mut url =
            server.url("/gitlab/api/v4/projects?pagination=keyset&order_by=id&sort=asc&per_page=20");
        let mut seen = Vec::new();
        loop {
            let reply = get(&url);
            assert_eq!(reply.status, 200);
            assert_eq!(reply.header("x-total"), None);
            seen.extend(ids(&reply.json()));
            let Some(link) = reply.header("link") else { break };
            url = link.trim_start_matches('<').split('>').next().unwrap().to_owned();
            assert!(url.contains("id_after="));
        }
        assert_eq!(seen, (1..=45).collect::<Vec<_>>());
        let desc =
            get(&server.url("/gitlab/api/v4/projects?pagination=keyset&order_by=id&id_before=10&per_page=3"));
        assert_eq!(ids(&desc.json()), [9, 8, 7]);
        assert!(desc.header("link").unwrap().contains("id_before=7"));
        let refused = get(&server.url("/gitlab/api/v4/projects?pagination=keyset"));
        assert_eq!(refused.status, 405);
    }
}
