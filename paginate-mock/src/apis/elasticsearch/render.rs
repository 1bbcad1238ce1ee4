//! Search answers: the hits, `hits.total`, and the page around them.

use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::doc_id;
use super::sort::SortClause;
use crate::data::{iso8601, Record};
use crate::http::json;

/// Hits counted exactly by default.
const DEFAULT_TRACK_TOTAL_HITS: u64 = 10_000;

/// The hit of `record` in `index`: with `_source` when `source`, and with its `sort` values when the
/// search is sorted (unsorted hits have a `_score` instead).
pub(super) fn render_hit(index: &str, record: &Record, sort: &[SortClause], source: bool) -> Value {
    let mut hit = json!({
        "_index": index,
        "_id": doc_id(record.id),
        "_score": if sort.is_empty() { json!(1.0) } else { Value::Null },
    });
    if source {
        hit["_source"] = json!({
            "id": doc_id(record.id),
            "title": record.name(),
            "status": record.status,
            "role": record.role,
            "created_at": iso8601(record.created_at),
        });
    }
    if !sort.is_empty() {
        hit["sort"] = sort.iter().map(|clause| clause.field.value(record)).collect();
    }
    hit
}

/// `hits.total` for `count` matching records, as `track_total_hits` asks: exact up to its bound
/// (`"relation": "gte"` beyond), `None` for `false`.
pub(super) fn total_hits(count: usize, track_total_hits: &Value) -> Option<Value> {
    let count = count as u64;
    let bound = match track_total_hits {
        Value::Bool(false) => return None,
        Value::Bool(true) => u64::MAX,
        Value::Number(number) => number.as_u64().unwrap_or(DEFAULT_TRACK_TOTAL_HITS),
        _ => DEFAULT_TRACK_TOTAL_HITS,
    };
    Some(if count > bound {
        json!({"value": bound, "relation": "gte"})
    } else {
        json!({"value": count, "relation": "eq"})
    })
}

/// A `200` search answer holding `hits`, with `total` when counted, and `context_id` (`pit_id` or
/// `_scroll_id` and its value) when the search used or opened a context.
pub(super) fn search_page(
    hits: Vec<Value>,
    total: Option<Value>,
    context_id: Option<(&str, String)>,
) -> Response {
    let max_score = if hits.iter().any(|hit| hit["_score"].is_number()) {
        json!(1.0)
    } else {
        Value::Null
    };
    let mut hits_object = json!({"max_score": max_score, "hits": hits});
    if let Some(total) = total {
        hits_object["total"] = total;
    }
    let mut body = json!({
        "took": 1,
        "timed_out": false,
        "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0},
        "hits": hits_object,
    });
    if let Some((name, id)) = context_id {
        body[name] = json!(id);
    }
    json(StatusCode::OK, body)
}
