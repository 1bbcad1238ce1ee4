//! AgentPhone: offset endpoints (`limit` default 20, max 100; `offset` default 0) answering
//! `{data, hasMore, total}`, and the messages endpoint paginated by `receivedAt` timestamps (`limit`
//! default 50, max 200; `before`/`after` ISO timestamps), newest first.

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::AppState;
use crate::data::{iso8601, parse_iso8601, Record, EPOCH};
use crate::http::{json, Params};

fn bad_request(message: String) -> Response {
    json(StatusCode::BAD_REQUEST, json!({"error": message}))
}

pub(crate) async fn numbers(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    offset_list(&state, query.as_deref(), |record| {
        json!({
            "id": format!("num_{:06}", record.id),
            "phoneNumber": format!("+1555{:07}", record.id),
            "createdAt": iso8601(record.created_at),
        })
    })
}

pub(crate) async fn conversations(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    offset_list(
        &state,
        query.as_deref(),
        |record| json!({"id": format!("conv_{:06}", record.id), "createdAt": iso8601(record.created_at)}),
    )
}

pub(crate) async fn agents(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    offset_list(
        &state,
        query.as_deref(),
        |record| json!({"id": format!("agent_{:06}", record.id), "name": record.name()}),
    )
}

fn offset_list(state: &AppState, query: Option<&str>, render: fn(&Record) -> Value) -> Response {
    let read = || -> Result<(i64, i64), String> {
        let params = Params::parse(query)?;
        Ok((
            params.int("limit")?.unwrap_or(20),
            params.int("offset")?.unwrap_or(0),
        ))
    };
    let (limit, offset) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    if limit < 1 || offset < 0 {
        return bad_request("limit must be positive and offset non-negative".into());
    }
    let limit = limit.min(100) as usize;
    let offset = offset as usize;
    let records = state.records();
    let items: Vec<Value> = records.iter().skip(offset).take(limit).map(render).collect();
    let has_more = offset + items.len() < records.len();
    json(
        StatusCode::OK,
        json!({"data": items, "hasMore": has_more, "total": records.len()}),
    )
}

pub(crate) async fn messages(
    State(state): State<AppState>,
    Path(number): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let time = |name: &str| -> Result<Option<i64>, String> {
            params
                .get(name)?
                .map(|text| {
                    parse_iso8601(text)
                        .ok_or_else(|| format!("`{name}` must be an ISO timestamp, got `{text}`"))
                })
                .transpose()
        };
        let id = |name: &str| params.get(name).map(|value| value.map(str::to_owned));
        Ok((
            params.int("limit")?.unwrap_or(50),
            time("before")?,
            id("before_id")?,
            time("after")?,
        ))
    };
    let (limit, before, before_id, after) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    if limit < 1 {
        return bad_request("limit must be positive".into());
    }
    let limit = limit.min(200) as usize;
    let granularity = state.config.timestamp_granularity.as_secs().max(1) as i64;
    let received_at =
        |record: &Record| record.created_at - (record.created_at - EPOCH).rem_euclid(granularity);
    let message_id = |record: &Record| format!("msg_{:06}", record.id);
    let records = state.records();
    // Newest first: by receivedAt, then id, both descending. `before` alone is the documented cursor;
    // `before_id` (an extension for compound keys) breaks ties between equal timestamps.
    let mut matching = records
        .iter()
        .rev()
        .filter(|record| match (before, &before_id) {
            (None, _) => true,
            (Some(before), None) => received_at(record) < before,
            (Some(before), Some(id)) => (received_at(record), message_id(record)) < (before, id.clone()),
        })
        .filter(|record| after.is_none_or(|after| received_at(record) > after));
    let items: Vec<Value> = matching
        .by_ref()
        .take(limit)
        .map(|record| {
            json!({
                "id": message_id(record),
                "numberId": number,
                "body": format!("message {}", record.id),
                "receivedAt": iso8601(received_at(record)),
            })
        })
        .collect();
    let has_more = matching.next().is_some();
    json(StatusCode::OK, json!({"data": items, "hasMore": has_more}))
}
