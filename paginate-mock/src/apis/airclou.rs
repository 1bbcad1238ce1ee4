//! Airclou: cursor pagination. `limit` 1–100 (default 50), an opaque `cursor` that keeps the
//! filters (`role`) and sort (`sort`, `order`) of the first request and expires (24 hours), and
//! `pagination` with `next_cursor`, `has_more` and `total_count` capped at 10,000. An invalid or expired
//! cursor is `400 {"error": {"code": "invalid_cursor", ...}}`.

use std::time::{SystemTime, UNIX_EPOCH};

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::AppState;
use crate::data::{iso8601, Record};
use crate::http::{json, Params};
use crate::state::RequestNumber;

/// What a cursor carries: the last item, the query it belongs to, when it was issued, and the page
/// number it leads to (for the fault schedule).
#[derive(Serialize, Deserialize, Clone, PartialEq)]
struct Cursor {
    id: u64,
    ts: u64,
    role: Option<String>,
    sort: String,
    order: String,
    page: u64,
}

fn encode(cursor: &Cursor) -> String {
    let json = serde_json::to_vec(cursor).unwrap_or_default();
    base64::engine::general_purpose::STANDARD.encode(json)
}

fn decode(text: &str) -> Option<Cursor> {
    let bytes = base64::engine::general_purpose::STANDARD.decode(text).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// A `400` error answer, not yet sent.
struct Failure {
    code: &'static str,
    message: String,
}

impl Failure {
    fn response(self) -> Response {
        json(
            StatusCode::BAD_REQUEST,
            json!({"error": {"code": self.code, "message": self.message}}),
        )
    }
}

fn invalid_parameter(message: impl Into<String>) -> Failure {
    Failure {
        code: "invalid_parameter",
        message: message.into(),
    }
}

fn invalid_cursor() -> Failure {
    Failure {
        code: "invalid_cursor",
        message: "The provided cursor is invalid or expired".into(),
    }
}

/// The query parameters of a request, each given at most once.
struct UsersRequest {
    limit: usize,
    cursor: Option<String>,
    role: Option<String>,
    sort: Option<String>,
    order: Option<String>,
}

/// What a walk lists, from its first request (a cursor carries it on), and the page it is at.
struct Listing {
    role: Option<String>,
    sort: String,
    order: String,
    page: u64,
}

impl Listing {
    /// The records the listing holds, in its order.
    fn select<'a>(&self, records: &'a [Record]) -> Vec<&'a Record> {
        // Names, ids and creation times all sort records in id order.
        let mut matching: Vec<&Record> = records
            .iter()
            .filter(|record| self.role.as_deref().is_none_or(|role| record.role == role))
            .collect();
        if self.order == "desc" {
            matching.reverse();
        }
        matching
    }
}

pub(crate) async fn users(
    State(state): State<AppState>,
    Extension(RequestNumber(number)): Extension<RequestNumber>,
    RawQuery(query): RawQuery,
) -> Response {
    users_page(&state, number, query.as_deref()).unwrap_or_else(Failure::response)
}

/// The answer to request `number`.
fn users_page(state: &AppState, number: u64, query: Option<&str>) -> Result<Response, Failure> {
    let request = read_request(query)?;
    if request.cursor.is_some() && state.config.faults.reject_cursor_at == Some(number) {
        return Err(invalid_cursor());
    }
    let cursor = match request.cursor.as_deref() {
        None => None,
        Some(text) => Some(resume(state, text)?),
    };
    let limit = request.limit;
    let listing = listing(request, cursor.as_ref())?;
    let records = state.records();
    let matching = listing.select(&records);
    let start = match &cursor {
        None => 0,
        Some(cursor) => match matching.iter().position(|record| record.id == cursor.id) {
            Some(position) => position + 1,
            None => return Err(invalid_cursor()),
        },
    };
    let empty = state
        .config
        .faults
        .empty_pages_after
        .is_some_and(|after| listing.page > after);
    let end = if empty {
        start
    } else {
        (start + limit).min(matching.len())
    };
    let items: Vec<Value> = matching[start..end].iter().map(|record| render(record)).collect();
    let has_more = empty || end < matching.len();
    // An empty page goes on after the record before it, and to a page further on: a distinct cursor
    // each time.
    let last = if empty {
        matching.get(start.saturating_sub(1))
    } else {
        end.checked_sub(1).and_then(|last| matching.get(last))
    };
    let next_cursor =
        has_more.then(|| next_cursor(state, &listing, last.copied(), matching.get(limit - 1).copied()));
    Ok(json(
        StatusCode::OK,
        json!({
            "data": items,
            "pagination": {
                "next_cursor": next_cursor,
                "has_more": has_more,
                "total_count": matching.len().min(state.config.record_cap as usize),
            }
        }),
    ))
}

fn read_request(query: Option<&str>) -> Result<UsersRequest, Failure> {
    let read = || -> Result<_, String> {
        let params = Params::parse(query)?;
        let text = |name: &str| params.get(name).map(|value| value.map(str::to_owned));
        Ok((
            params.int("limit")?,
            text("cursor")?,
            text("role")?,
            text("sort")?,
            text("order")?,
        ))
    };
    let (limit, cursor, role, sort, order) = read().map_err(invalid_parameter)?;
    let limit = limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(invalid_parameter("limit must be between 1 and 100"));
    }
    Ok(UsersRequest {
        limit: limit as usize,
        cursor,
        role,
        sort,
        order,
    })
}

/// The cursor `text`, if this server issued it and it has not expired.
fn resume(state: &AppState, text: &str) -> Result<Cursor, Failure> {
    let cursor = decode(text).ok_or_else(invalid_cursor)?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |e| e.as_secs());
    if now.saturating_sub(cursor.ts) >= state.config.cursor_ttl.as_secs() {
        return Err(invalid_cursor());
    }
    Ok(cursor)
}

/// The listing a request continues: the cursor's, or the one its parameters start.
fn listing(request: UsersRequest, cursor: Option<&Cursor>) -> Result<Listing, Failure> {
    // The cursor maintains the filters and sort of the query that issued it.
    let listing = match cursor {
        Some(cursor) => Listing {
            role: cursor.role.clone(),
            sort: cursor.sort.clone(),
            order: cursor.order.clone(),
            page: cursor.page,
        },
        None => Listing {
            role: request.role,
            sort: request.sort.unwrap_or_else(|| "created_at".into()),
            order: request.order.unwrap_or_else(|| "asc".into()),
            page: 1,
        },
    };
    if !["created_at", "name", "id"].contains(&listing.sort.as_str())
        || !["asc", "desc"].contains(&listing.order.as_str())
    {
        return Err(invalid_parameter(
            "sort must be created_at, name or id; order asc or desc",
        ));
    }
    Ok(listing)
}

/// The cursor to the next page of `listing`, which goes on after record `last`; `first_page_last` is
/// the last record of the listing's first page, where a cycle leads back to.
fn next_cursor(
    state: &AppState,
    listing: &Listing,
    last: Option<&Record>,
    first_page_last: Option<&Record>,
) -> String {
    let issue = |record: Option<&Record>, page: u64| {
        encode(&Cursor {
            id: record.map_or(0, |record| record.id),
            ts: state.started,
            role: listing.role.clone(),
            sort: listing.sort.clone(),
            order: listing.order.clone(),
            page,
        })
    };
    let page = listing.page;
    if state
        .config
        .faults
        .cursor_cycle_after
        .is_some_and(|after| page >= after)
    {
        // Back to the cursor page 1 issued: A → B → A.
        issue(first_page_last, 2)
    } else {
        issue(last, page + 1)
    }
}

fn render(record: &Record) -> Value {
    json!({
        "id": format!("usr_{:03}", record.id),
        "email": format!("user{}@example.com", record.id),
        "name": record.name(),
        "role": record.role,
        "created_at": iso8601(record.created_at),
    })
}
