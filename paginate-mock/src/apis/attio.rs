//! Attio: limit/offset on a GET (`/v2/notes`, the end is a page shorter than `limit`),
//! limit/offset in the JSON body of a POST query (`/v2/objects/people/records/query`), and an opaque
//! cursor (`/v2/meetings`, `pagination.next_cursor`).

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::Engine;
use serde_json::{json, Value};

use super::AppState;
use crate::data::{iso8601, Record};
use crate::http::{json, Params};

fn validation_error(message: &str) -> Response {
    json(
        StatusCode::BAD_REQUEST,
        json!({"status_code": 400, "type": "invalid_request_error", "code": "validation_type", "message": message}),
    )
}

fn note(record: &Record) -> Value {
    json!({"id": {"note_id": format!("note_{:06}", record.id)}, "title": record.name(), "created_at": iso8601(record.created_at)})
}

pub(crate) async fn notes(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        Ok((
            params.int("limit")?.unwrap_or(10),
            params.int("offset")?.unwrap_or(0),
        ))
    };
    let (limit, offset) = match read() {
        Ok(values) => values,
        Err(message) => return validation_error(&message),
    };
    if !(1..=50).contains(&limit) || offset < 0 {
        return validation_error("limit must be between 1 and 50, offset non-negative");
    }
    let records = state.records();
    let items: Vec<Value> = records
        .iter()
        .skip(offset as usize)
        .take(limit as usize)
        .map(note)
        .collect();
    json(StatusCode::OK, json!({"data": items}))
}

pub(crate) async fn query_people(State(state): State<AppState>, body: Bytes) -> Response {
    let body: Value = match serde_json::from_slice(&body) {
        Ok(Value::Object(object)) => Value::Object(object),
        Ok(_) | Err(_) if body.is_empty() => json!({}),
        _ => return validation_error("the body must be a JSON object"),
    };
    let number = |name: &str, default: u64| match body.get(name) {
        None => Ok(default),
        Some(value) => value
            .as_u64()
            .ok_or_else(|| format!("`{name}` must be a non-negative integer")),
    };
    let (limit, offset) = match (number("limit", 500), number("offset", 0)) {
        (Ok(limit), Ok(offset)) if (1..=500).contains(&limit) => (limit, offset),
        (Err(message), _) | (_, Err(message)) => return validation_error(&message),
        _ => return validation_error("limit must be between 1 and 500"),
    };
    let role = body.pointer("/filter/role").and_then(Value::as_str);
    let records = state.records();
    let items: Vec<Value> = records
        .iter()
        .filter(|record| role.is_none_or(|role| record.role == role))
        .skip(offset as usize)
        .take(limit as usize)
        .map(|record| {
            json!({
                "id": {"record_id": format!("person_{:06}", record.id)},
                "values": {"name": record.name(), "role": record.role},
            })
        })
        .collect();
    json(StatusCode::OK, json!({"data": items}))
}

pub(crate) async fn meetings(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        Ok((
            params.int("limit")?.unwrap_or(50),
            params.get("cursor")?.map(str::to_owned),
        ))
    };
    let (limit, cursor) = match read() {
        Ok(values) => values,
        Err(message) => return validation_error(&message),
    };
    if !(1..=200).contains(&limit) {
        return validation_error("limit must be between 1 and 200");
    }
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let start = match cursor {
        None => 0,
        Some(cursor) => {
            let decoded = engine
                .decode(&cursor)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok());
            match decoded
                .as_deref()
                .and_then(|text| text.strip_prefix("meetings:"))
                .map(str::parse::<usize>)
            {
                Some(Ok(start)) => start,
                _ => return validation_error("cursor is not valid"),
            }
        }
    };
    let records = state.records();
    let end = start.saturating_add(limit as usize).min(records.len());
    let items: Vec<Value> = records
        .get(start..end)
        .unwrap_or_default()
        .iter()
        .map(|record| {
            json!({"id": {"meeting_id": format!("meeting_{:06}", record.id)}, "title": record.name(), "start": iso8601(record.created_at)})
        })
        .collect();
    let next_cursor = (end < records.len()).then(|| engine.encode(format!("meetings:{end}")));
    json(
        StatusCode::OK,
        json!({"data": items, "pagination": {"next_cursor": next_cursor}}),
    )
}
