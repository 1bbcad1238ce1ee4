//! Points in time: `POST /es/{index}/_pit?keep_alive=..` opens one, `DELETE /es/_pit` closes it, and a
//! search through one sees the records as they were when it was opened.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::contexts::{context_id, context_of, lock, Contexts, Kind};
use super::errors::{fail, validation, Failure};
use super::request::{body_object, check_index, check_time_value};
use super::AppState;
use crate::http::{json, Params};

/// An open point in time.
pub(super) struct Pit {
    /// The index it was opened on.
    index: String,
    /// The records it sees: those that existed when it was opened.
    visible: usize,
    /// Ids issued so far (each search through it gets a new one).
    issued: u64,
}

/// What a search through a point in time sees, and the id it answers with.
pub(super) struct PitView {
    pub(super) index: String,
    /// How many records, from the first, the search sees.
    pub(super) visible: usize,
    /// The point in time's new id, for the answer's `pit_id`.
    pub(super) id: String,
}

impl Contexts {
    /// The point in time `id` names, for a search through it (which issues its next id).
    pub(super) fn search_pit(&mut self, id: &str) -> Result<PitView, Failure> {
        let context = context_of(id, Kind::Pit).ok_or_else(|| invalid_id(id))?;
        let pit = self
            .pits
            .get_mut(&context)
            .ok_or(Failure::ContextMissing(context))?;
        pit.issued += 1;
        Ok(PitView {
            index: pit.index.clone(),
            visible: pit.visible,
            id: context_id(Kind::Pit, context, pit.issued),
        })
    }
}

fn invalid_id(id: &str) -> Failure {
    fail(
        "illegal_argument_exception",
        format!("invalid id [{id}] for point in time"),
    )
}

/// `POST /es/{index}/_pit?keep_alive=1m`: `{"id": ".."}`.
pub(super) async fn open_pit(
    State(state): State<AppState>,
    Path(index): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, Failure> {
    check_index(&index)?;
    let keep_alive = keep_alive_param(query.as_deref())?;
    check_time_value("keep_alive", &keep_alive)?;
    let visible = state.records().len();
    let mut contexts = lock(&state);
    let context = contexts.allocate();
    let pit = Pit {
        index,
        visible,
        issued: 0,
    };
    contexts.pits.insert(context, pit);
    Ok(json(
        StatusCode::OK,
        json!({"id": context_id(Kind::Pit, context, 0), "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}),
    ))
}

/// The query parameter `keep_alive`, which opening a point in time requires.
fn keep_alive_param(query: Option<&str>) -> Result<String, Failure> {
    let keep_alive = Params::parse(query)
        .and_then(|params| params.get("keep_alive").map(|value| value.map(str::to_owned)))
        .map_err(|message| fail("illegal_argument_exception", message))?;
    keep_alive.ok_or_else(|| validation("[keep_alive] is not specified"))
}

/// `DELETE /es/_pit` with `{"id": ".."}`: `404` when no such point in time is open.
pub(super) async fn close_pit(State(state): State<AppState>, body: Bytes) -> Result<Response, Failure> {
    let body = body_object(&body)?;
    let Some(id) = body.get("id").and_then(Value::as_str) else {
        return Err(validation("point in time id is missing"));
    };
    let context = context_of(id, Kind::Pit).ok_or_else(|| invalid_id(id))?;
    let closed = lock(&state).pits.remove(&context).is_some();
    Ok(if closed {
        json(StatusCode::OK, json!({"succeeded": true, "num_freed": 1}))
    } else {
        json(StatusCode::NOT_FOUND, json!({"succeeded": true, "num_freed": 0}))
    })
}
