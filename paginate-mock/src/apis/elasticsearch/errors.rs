//! Elasticsearch's error answers: `{"error": {"root_cause": [{"type", "reason"}], "type", "reason"},
//! "status": N}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::http::json;

/// An Elasticsearch error answer, not yet rendered.
pub(super) enum Failure {
    /// `400` with this error `type` and `reason`.
    BadRequest { kind: &'static str, reason: String },
    /// `404`: no scroll or point in time has this context number (never opened, or cleared).
    ContextMissing(u64),
}

/// A `400` whose error `type` is `kind`.
pub(super) fn fail(kind: &'static str, reason: impl Into<String>) -> Failure {
    Failure::BadRequest {
        kind,
        reason: reason.into(),
    }
}

/// A `400` `action_request_validation_exception`, worded as Elasticsearch words a single failed
/// validation.
pub(super) fn validation(reason: &str) -> Failure {
    fail(
        "action_request_validation_exception",
        format!("Validation Failed: 1: {reason};"),
    )
}

/// A `400` for setting `name` given `text`, which is not a time value.
pub(super) fn invalid_time(name: &str, text: &str) -> Failure {
    fail(
        "illegal_argument_exception",
        format!("failed to parse setting [{name}] with value [{text}] as a time value: unit is missing or unrecognized"),
    )
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        match self {
            Failure::BadRequest { kind, reason } => bad_request(kind, reason),
            Failure::ContextMissing(context) => context_missing(context),
        }
    }
}

fn bad_request(kind: &str, reason: String) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        json!({
            "error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason},
            "status": StatusCode::BAD_REQUEST.as_u16(),
        }),
    )
}

/// Elasticsearch's answer to a search on an unknown context: the search fails on every shard.
fn context_missing(context: u64) -> Response {
    let missing = json!({"type": "search_context_missing_exception", "reason": format!("No search context found for id [{context}]")});
    json(
        StatusCode::NOT_FOUND,
        json!({
            "error": {
                "root_cause": [missing],
                "type": "search_phase_execution_exception",
                "reason": "all shards failed",
                "phase": "query",
                "grouped": true,
                "failed_shards": [{"shard": -1, "index": null, "reason": missing}],
                "caused_by": missing,
            },
            "status": 404,
        }),
    )
}
