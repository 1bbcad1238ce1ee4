//! Aircall: `page`/`per_page` (default 20, maximum 50), a `meta` object with count, total,
//! current_page, per_page, next_page_link and previous_page_link, `from`/`to` UNIX-timestamp filters,
//! and at most 10,000 records per query: pages past it are not accessible. Creation times are rounded
//! down to [`MockConfig::timestamp_granularity`](crate::MockConfig::timestamp_granularity), so a coarse
//! step puts many calls at one instant (a window that no split can bring under the cap).

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::AppState;
use crate::data::{Record, EPOCH};
use crate::http::{json, link, Params};

const DEFAULT_PER_PAGE: i64 = 20;
const MAX_PER_PAGE: i64 = 50;

pub(crate) async fn calls(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    list(&state, query.as_deref(), "/v1/calls", "calls", |record| {
        json!({
            "id": record.id,
            "direction": if record.id % 2 == 0 { "inbound" } else { "outbound" },
            "status": "done",
            "started_at": record.created_at,
            "duration": record.id % 600,
        })
    })
}

pub(crate) async fn contacts(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    list(&state, query.as_deref(), "/v1/contacts", "contacts", |record| {
        json!({
            "id": record.id,
            "first_name": "Contact",
            "last_name": format!("{:06}", record.id),
            "created_at": record.created_at,
        })
    })
}

fn bad_request(troubleshoot: String) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        json!({"error": "Bad Request", "troubleshoot": troubleshoot}),
    )
}

/// A list request's parameters, read and checked.
struct ListRequest {
    page: u64,
    /// Lowered to [`MAX_PER_PAGE`].
    per_page: u64,
    /// Creation times from `from` to `to` (UNIX seconds, inclusive).
    from: Option<i64>,
    to: Option<i64>,
}

/// The request's parameters; `Err` is the `troubleshoot` text.
fn read_request(params: &Params) -> Result<ListRequest, String> {
    let page = params.int("page")?.unwrap_or(1);
    let per_page = params.int("per_page")?.unwrap_or(DEFAULT_PER_PAGE);
    let (from, to) = (params.int("from")?, params.int("to")?);
    if page < 1 || per_page < 1 {
        return Err("page and per_page must be positive".into());
    }
    Ok(ListRequest {
        page: page as u64,
        per_page: per_page.min(MAX_PER_PAGE) as u64,
        from,
        to,
    })
}

/// `created_at` rounded down to a multiple of `granularity` seconds since [`EPOCH`].
fn rounded(created_at: i64, granularity: i64) -> i64 {
    created_at - (created_at - EPOCH).rem_euclid(granularity)
}

/// The records whose rounded creation time is between `from` and `to`, inclusive.
fn window(records: &[Record], granularity: i64, from: Option<i64>, to: Option<i64>) -> &[Record] {
    let created_at = |record: &Record| rounded(record.created_at, granularity);
    // Records are in creation order (rounding keeps it): the window is a range of them.
    let first = from.map_or(0, |from| {
        records.partition_point(|record| created_at(record) < from)
    });
    let past = to.map_or(records.len(), |to| {
        records.partition_point(|record| created_at(record) <= to)
    });
    records.get(first..past.max(first)).unwrap_or_default()
}

fn list(
    state: &AppState,
    query: Option<&str>,
    path: &str,
    key: &str,
    render: fn(&Record) -> Value,
) -> Response {
    let params = match Params::parse(query) {
        Ok(params) => params,
        Err(message) => return bad_request(message),
    };
    let request = match read_request(&params) {
        Ok(request) => request,
        Err(message) => return bad_request(message),
    };
    let (page, per_page) = (request.page, request.per_page);
    let cap = state.config.record_cap;
    let start = (page - 1).saturating_mul(per_page);
    if start >= cap {
        return bad_request(format!(
            "Pagination is limited to {cap} records: use the `from` and `to` filters to split the query"
        ));
    }
    let records = state.records();
    let granularity = state.config.timestamp_granularity.as_secs().max(1) as i64;
    let in_window = window(&records, granularity, request.from, request.to);
    let total = in_window.len() as u64;
    let reachable = total.min(cap);
    let end = (start + per_page).min(reachable);
    let items: Vec<Value> = in_window
        .get(start as usize..end.max(start) as usize)
        .unwrap_or_default()
        .iter()
        .map(|record| {
            render(&Record {
                created_at: rounded(record.created_at, granularity),
                ..record.clone()
            })
        })
        .collect();
    let rest = params.without(&["page", "per_page"]);
    let page_link = |page: u64| {
        let mut pairs = vec![
            ("page".to_owned(), page.to_string()),
            ("per_page".to_owned(), per_page.to_string()),
        ];
        pairs.extend(rest.iter().cloned());
        link(state.link_origin(), path, &pairs)
    };
    let next = (end < reachable).then(|| page_link(page + 1));
    let previous = (page > 1).then(|| page_link(page - 1));
    json(
        StatusCode::OK,
        json!({
            "meta": {
                "count": items.len(),
                "total": total,
                "current_page": page,
                "per_page": per_page,
                "next_page_link": next,
                "previous_page_link": previous,
            },
            key: items,
        }),
    )
}
