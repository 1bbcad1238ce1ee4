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

fn error(code: &str, message: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        json!({"error": {"code": code, "message": message}}),
    )
}

fn invalid_cursor() -> Response {
    error("invalid_cursor", "The provided cursor is invalid or expired")
}

pub(crate) async fn users(
    State(state): State<AppState>,
    Extension(RequestNumber(number)): Extension<RequestNumber>,
    RawQuery(query): RawQuery,
) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let text = |name: &str| params.get(name).map(|value| value.map(str::to_owned));
        Ok((
            params.int("limit")?,
            text("cursor")?,
            text("role")?,
            text("sort")?,
            text("order")?,
        ))
    };
    let (limit, cursor, role, sort, order) = match read() {
        Ok(values) => values,
        Err(message) => return error("invalid_parameter", &message),
    };
    let limit = limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return error("invalid_parameter", "limit must be between 1 and 100");
    }
    if cursor.is_some() && state.config.faults.reject_cursor_at == Some(number) {
        return invalid_cursor();
    }
    let cursor = match cursor.as_deref().map(decode) {
        None => None,
        Some(None) => return invalid_cursor(),
        Some(Some(cursor)) => {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |e| e.as_secs());
            if now.saturating_sub(cursor.ts) >= state.config.cursor_ttl.as_secs() {
                return invalid_cursor();
            }
            Some(cursor)
        }
    };
    // The cursor maintains the filters and sort of the query that issued it.
    let (role, sort, order, page) = match &cursor {
        Some(cursor) => (
            cursor.role.clone(),
            cursor.sort.clone(),
            cursor.order.clone(),
            cursor.page,
        ),
        None => (
            role,
            sort.unwrap_or_else(|| "created_at".into()),
            order.unwrap_or_else(|| "asc".into()),
            1,
        ),
    };
    if !["created_at", "name", "id"].contains(&sort.as_str()) || !["asc", "desc"].contains(&order.as_str()) {
        return error(
            "invalid_parameter",
            "sort must be created_at, name or id; order asc or desc",
        );
    }
    let records = state.records();
    // Names, ids and creation times all sort records in id order.
    let mut matching: Vec<&Record> = records
        .iter()
        .filter(|record| role.as_deref().is_none_or(|role| record.role == role))
        .collect();
    if order == "desc" {
        matching.reverse();
    }
    let start = match &cursor {
        None => 0,
        Some(cursor) => match matching.iter().position(|record| record.id == cursor.id) {
            Some(position) => position + 1,
            None => return invalid_cursor(),
        },
    };
    let faults = &state.config.faults;
    let empty = faults.empty_pages_after.is_some_and(|after| page > after);
    let end = if empty {
        start
    } else {
        (start + limit as usize).min(matching.len())
    };
    let items: Vec<Value> = matching[start..end].iter().map(|record| render(record)).collect();
    let has_more = empty || end < matching.len();
    let issue = |id: u64, page: u64| Cursor {
        id,
        ts: state.started,
        role: role.clone(),
        sort: sort.clone(),
        order: order.clone(),
        page,
    };
    let next_cursor = if !has_more {
        None
    } else if faults.cursor_cycle_after.is_some_and(|after| page >= after) {
        // Back to the cursor page 1 issued: A → B → A.
        let first_page_last = matching.get(limit as usize - 1).map_or(0, |record| record.id);
        Some(encode(&issue(first_page_last, 2)))
    } else {
        let last = if empty {
            matching.get(start.saturating_sub(1))
        } else {
            matching.get(end - 1)
        };
        // An empty page leads to a page further on: a distinct cursor each time.
        Some(encode(&issue(last.map_or(0, |record| record.id), page + 1)))
    };
    json(
        StatusCode::OK,
        json!({
            "data": items,
            "pagination": {
                "next_cursor": next_cursor,
                "has_more": has_more,
                "total_count": matching.len().min(state.config.record_cap as usize),
            }
        }),
    )
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
