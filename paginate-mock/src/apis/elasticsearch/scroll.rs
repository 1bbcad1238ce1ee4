//! Scrolls: a search with `?scroll=` keeps all its hits and hands them out a batch at a time through
//! `POST /es/_search/scroll`; `DELETE /es/_search/scroll` clears scrolls.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::contexts::{context_id, context_of, lock, Contexts, Kind};
use super::errors::{fail, invalid_time, validation, Failure};
use super::render::search_page;
use super::request::{body_object, is_time_value};
use super::AppState;
use crate::http::json;

/// An open scroll.
pub(super) struct Scroll {
    /// Every hit of the search, rendered, in order.
    hits: Vec<Value>,
    /// Hits already returned.
    position: usize,
    /// Hits per batch.
    size: usize,
    /// Ids issued so far (each answer gets a new one).
    issued: u64,
    /// `hits.total` of every batch, when the search counted it.
    total: Option<Value>,
}

impl Contexts {
    /// Opens a scroll over `hits`, and answers its first batch of `size`.
    pub(super) fn open_scroll(&mut self, hits: Vec<Value>, size: usize, total: Option<Value>) -> Response {
        let context = self.allocate();
        let first: Vec<Value> = hits.iter().take(size).cloned().collect();
        let scroll = Scroll {
            position: first.len(),
            hits,
            size,
            issued: 1,
            total: total.clone(),
        };
        self.scrolls.insert(context, scroll);
        search_page(
            first,
            total,
            Some(("_scroll_id", context_id(Kind::Scroll, context, 1))),
        )
    }
}

/// `POST /es/_search/scroll` with `{"scroll": "1m", "scroll_id": ".."}`: the next batch, empty at
/// the end.
pub(super) async fn next_batch(State(state): State<AppState>, body: Bytes) -> Result<Response, Failure> {
    let body = body_object(&body)?;
    if let Some(keep_alive) = body.get("scroll") {
        if !keep_alive.as_str().is_some_and(is_time_value) {
            return Err(invalid_time("scroll", &keep_alive.to_string()));
        }
    }
    let Some(id) = body.get("scroll_id").and_then(Value::as_str) else {
        return Err(validation("scrollId is missing"));
    };
    let context = context_of(id, Kind::Scroll).ok_or_else(unparsable_id)?;
    let mut contexts = lock(&state);
    let scroll = contexts
        .scrolls
        .get_mut(&context)
        .ok_or(Failure::ContextMissing(context))?;
    let end = (scroll.position + scroll.size).min(scroll.hits.len());
    let hits = scroll.hits[scroll.position..end].to_vec();
    scroll.position = end;
    scroll.issued += 1;
    let id = context_id(Kind::Scroll, context, scroll.issued);
    Ok(search_page(hits, scroll.total.clone(), Some(("_scroll_id", id))))
}

/// `DELETE /es/_search/scroll` with `{"scroll_id": ".." | [..]}`: `404` when none was open. The ids
/// are cleared in order; an id that is not a scroll id stops there with a `400`.
pub(super) async fn clear_scroll(State(state): State<AppState>, body: Bytes) -> Result<Response, Failure> {
    let body = body_object(&body)?;
    let ids: Vec<&str> = match body.get("scroll_id") {
        Some(Value::String(id)) => vec![id.as_str()],
        Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).collect(),
        _ => return Err(validation("no scroll ids specified")),
    };
    let mut contexts = lock(&state);
    let mut freed = 0;
    for id in ids {
        let context = context_of(id, Kind::Scroll).ok_or_else(unparsable_id)?;
        freed += usize::from(contexts.scrolls.remove(&context).is_some());
    }
    let status = if freed == 0 {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    Ok(json(status, json!({"succeeded": true, "num_freed": freed})))
}

fn unparsable_id() -> Failure {
    fail("illegal_argument_exception", "Cannot parse scroll id")
}
