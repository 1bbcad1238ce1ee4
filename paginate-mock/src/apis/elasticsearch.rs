//! Elasticsearch / OpenSearch search pagination: `from`/`size`, `search_after` with a point in time
//! (PIT), and the scroll API, under `/es`.
//!
//! Every index holds the records as documents `{"id": doc_id(n), "title", "status", "role",
//! "created_at": ISO 8601}` with `_id` = [`doc_id`]`(n)`. Routes:
//!
//! - `POST /es/{index}/_search` (and `POST /es/_search`, which a search with `pit` must use): body
//!   `size` (default 10), `from` (default 0; `from + size` at most 10,000, the `index.max_result_window`),
//!   `sort`, `search_after`, `query`, `pit`, `track_total_hits`, `_source`. Query parameter `scroll`
//!   (`1m`, `30s`, …) opens a scroll.
//! - `POST /es/_search/scroll` body `{"scroll": "1m", "scroll_id": ".."}`: the next batch;
//!   `DELETE /es/_search/scroll` body `{"scroll_id": ".." | [..]}` clears scrolls.
//! - `POST /es/{index}/_pit?keep_alive=1m` opens a point in time: `{"id": ".."}`;
//!   `DELETE /es/_pit` body `{"id": ".."}` closes it.
//!
//! As Elasticsearch documents it:
//! - `sort` is a list of `"field"`, `{"field": "asc"}` or `{"field": {"order": "desc"}}`, on
//!   `created_at` (sort value: epoch milliseconds), `id` (a keyword: the `_id` text), `_doc`, and
//!   `_shard_doc` (PIT only). Each hit then carries `sort`, the values to pass as `search_after` for the
//!   next page; without `sort`, hits are in index order and carry none.
//! - a search with a PIT gets an implicit tiebreaker: `_shard_doc` is appended to its `sort`, so its
//!   hits' `sort` arrays have one more value, and `search_after` must have as many values as that
//!   full sort. A PIT search must not name an index (`[indices] cannot be used with point in time`),
//!   sees the records as they were when the PIT was opened, and answers with a `pit_id` that changes
//!   on each search (the older ids stay valid; use the latest).
//! - `search_after` needs a `sort` with as many fields, and `from` 0. The end is a page with empty
//!   `hits.hits`.
//! - `hits.total` is `{"value", "relation"}`, counted up to 10,000 (`"relation": "gte"` beyond) unless
//!   `track_total_hits` is `true` (exact) or a number (that bound); `false` omits it.
//! - `query` supports `match_all`, `term` (on `status`, `role` or `id`, as `{"term": {"status": "won"}}`
//!   or `{"term": {"status": {"value": "won"}}}`) and `bool` with `filter`/`must` lists of those.
//! - a scroll snapshots the matching documents at its first request and returns them `size` at a time,
//!   then empty batches; each answer carries a fresh `_scroll_id` (older ids of the same scroll still
//!   work, and continue from where the scroll is). `from` and `search_after` are refused in a scroll
//!   context. A cleared or unknown scroll is `404` with `search_context_missing_exception` as root
//!   cause. Keep-alive values are checked for syntax but never expire here.
//! - errors are `{"error": {"root_cause": [{"type", "reason"}], "type", "reason"}, "status": N}`.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(25));
//! let client = reqwest::blocking::Client::new();
//! let search = |body: serde_json::Value| -> serde_json::Value {
//!     let response = client.post(server.url("/es/records/_search")).body(body.to_string()).send().unwrap();
//!     serde_json::from_str(&response.text().unwrap()).unwrap()
//! };
//! let sort = serde_json::json!([{"created_at": "asc"}, {"id": "asc"}]);
//! let first = search(serde_json::json!({"size": 20, "sort": sort}));
//! assert_eq!(first["hits"]["total"]["value"], 25);
//! let last = first["hits"]["hits"][19]["sort"].clone();
//! let second = search(serde_json::json!({"size": 20, "sort": sort, "search_after": last}));
//! assert_eq!(second["hits"]["hits"].as_array().unwrap().len(), 5);
//! assert_eq!(second["hits"]["hits"][0]["_id"], paginated_mock::apis::elasticsearch::doc_id(21));
//! ```

use std::cmp::Ordering;
use std::collections::HashMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::AppState;
use crate::data::{iso8601, Record};
use crate::http::{json, json_body, token, Params};

/// `index.max_result_window`: the deepest `from + size`, and the largest scroll batch.
const MAX_RESULT_WINDOW: i64 = 10_000;
/// Hits counted exactly by default.
const DEFAULT_TRACK_TOTAL_HITS: u64 = 10_000;

/// The `_id` of record `n`: `doc-` and six digits (`doc-000042`); also its `id` field.
pub fn doc_id(n: u64) -> String {
    format!("doc-{n:06}")
}

/// Open scrolls and points in time, per server.
#[derive(Default)]
pub(crate) struct Contexts {
    next: u64,
    scrolls: HashMap<u64, Scroll>,
    pits: HashMap<u64, Pit>,
}

struct Scroll {
    /// Every hit of the search, rendered, in order.
    hits: Vec<Value>,
    /// Hits already returned.
    position: usize,
    size: usize,
    /// Ids issued so far (each answer gets a new one).
    issued: u64,
    total: Value,
}

struct Pit {
    index: String,
    /// The records the PIT sees: those that existed when it was opened.
    visible: usize,
    issued: u64,
}

fn error(status: StatusCode, kind: &str, reason: impl Into<String>) -> Response {
    let reason = reason.into();
    json(
        status,
        json!({
            "error": {"root_cause": [{"type": kind, "reason": reason}], "type": kind, "reason": reason},
            "status": status.as_u16(),
        }),
    )
}

fn bad_request(kind: &str, reason: impl Into<String>) -> Response {
    error(StatusCode::BAD_REQUEST, kind, reason)
}

/// A `400` Elasticsearch error, not yet rendered.
struct Failure {
    kind: &'static str,
    reason: String,
}

fn fail(kind: &'static str, reason: impl Into<String>) -> Failure {
    Failure {
        kind,
        reason: reason.into(),
    }
}

impl Failure {
    fn response(self) -> Response {
        bad_request(self.kind, self.reason)
    }
}

fn validation(reason: &str) -> Response {
    bad_request(
        "action_request_validation_exception",
        format!("Validation Failed: 1: {reason};"),
    )
}

fn context_missing(id: u64) -> Response {
    let missing = json!({"type": "search_context_missing_exception", "reason": format!("No search context found for id [{id}]")});
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

/// `1m`, `30s`, `500ms`, …: Elasticsearch's time values.
fn time_value(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && ["d", "h", "m", "s", "ms", "micros", "nanos"].contains(&&text[digits..])
}

fn invalid_time(name: &str, text: &str) -> Response {
    bad_request(
        "illegal_argument_exception",
        format!("failed to parse setting [{name}] with value [{text}] as a time value: unit is missing or unrecognized"),
    )
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    CreatedAt,
    Id,
    Doc,
    ShardDoc,
}

impl Field {
    fn parse(name: &str) -> Option<Field> {
        match name {
            "created_at" => Some(Field::CreatedAt),
            "id" => Some(Field::Id),
            "_doc" => Some(Field::Doc),
            "_shard_doc" => Some(Field::ShardDoc),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Field::CreatedAt => "created_at",
            Field::Id => "id",
            Field::Doc => "_doc",
            Field::ShardDoc => "_shard_doc",
        }
    }

    fn value(self, record: &Record) -> Value {
        match self {
            Field::CreatedAt => json!(record.created_at * 1000),
            Field::Id => json!(doc_id(record.id)),
            Field::Doc | Field::ShardDoc => json!(record.id - 1),
        }
    }

    /// Compares a record's value with a `search_after` value; `None` when the value has the wrong type.
    fn compare(self, record: &Record, after: &Value) -> Option<Ordering> {
        match self {
            Field::Id => after.as_str().map(|after| doc_id(record.id).as_str().cmp(after)),
            _ => {
                let after = match after {
                    Value::String(text) => text.parse::<i64>().ok()?,
                    other => other.as_i64()?,
                };
                self.value(record).as_i64().map(|value| value.cmp(&after))
            }
        }
    }
}

/// One sort clause: a field, descending or not.
type Sort = (Field, bool);

fn parse_sort(value: &Value) -> Result<Vec<Sort>, Failure> {
    let clauses = match value {
        Value::Array(clauses) => clauses.clone(),
        other => vec![other.clone()],
    };
    let field = |name: &str| {
        Field::parse(name).ok_or_else(|| {
            fail(
                "query_shard_exception",
                format!("No mapping found for [{name}] in order to sort on"),
            )
        })
    };
    let order = |text: Option<&str>| match text {
        Some("asc") => Ok(false),
        Some("desc") => Ok(true),
        other => Err(fail(
            "parsing_exception",
            format!("[sort] unknown order [{}]", other.unwrap_or("null")),
        )),
    };
    clauses
        .iter()
        .map(|clause| match clause {
            Value::String(name) => Ok((field(name)?, false)),
            Value::Object(object) if object.len() == 1 => {
                let Some((name, spec)) = object.iter().next() else {
                    return Err(fail("parsing_exception", "malformed sort clause"));
                };
                let descending = match spec {
                    Value::String(text) => order(Some(text))?,
                    Value::Object(options) => order(options.get("order").and_then(Value::as_str))?,
                    _ => order(None)?,
                };
                Ok((field(name)?, descending))
            }
            _ => Err(fail("parsing_exception", "malformed sort clause")),
        })
        .collect()
}

/// The name and value of an object with exactly one member, as Elasticsearch's query clauses are.
fn single_entry(value: &Value) -> Option<(&String, &Value)> {
    value
        .as_object()
        .filter(|object| object.len() == 1)
        .and_then(|object| object.iter().next())
}

/// A `query`, reduced to term filters (`field`, value); `match_all` is none.
fn parse_query(query: &Value, terms: &mut Vec<(String, String)>) -> Result<(), Failure> {
    let unknown = |name: &str| fail("parsing_exception", format!("unknown query [{name}]"));
    let Some((kind, body)) = single_entry(query) else {
        return Err(fail(
            "parsing_exception",
            "[query] malformed query, expected a single query object",
        ));
    };
    match kind.as_str() {
        "match_all" => Ok(()),
        "term" => {
            let Some((field, value)) = single_entry(body) else {
                return Err(fail(
                    "parsing_exception",
                    "[term] query malformed, no field specified",
                ));
            };
            if !["status", "role", "id"].contains(&field.as_str()) {
                return Err(fail(
                    "query_shard_exception",
                    format!("No mapping found for field [{field}]"),
                ));
            }
            let value = match value {
                Value::Object(options) => options.get("value").cloned().unwrap_or(Value::Null),
                other => other.clone(),
            };
            let Value::String(value) = value else {
                return Err(fail(
                    "parsing_exception",
                    "[term] query does not support this value",
                ));
            };
            terms.push((field.clone(), value));
            Ok(())
        }
        "bool" => {
            let Some(clauses) = body.as_object() else {
                return Err(fail("parsing_exception", "[bool] malformed query"));
            };
            for (occur, list) in clauses {
                if !["filter", "must"].contains(&occur.as_str()) {
                    return Err(fail(
                        "parsing_exception",
                        format!("[bool] query does not support [{occur}]"),
                    ));
                }
                let list = match list {
                    Value::Array(list) => list.clone(),
                    other => vec![other.clone()],
                };
                for query in &list {
                    parse_query(query, terms)?;
                }
            }
            Ok(())
        }
        other => Err(unknown(other)),
    }
}

fn matches(record: &Record, terms: &[(String, String)]) -> bool {
    terms.iter().all(|(field, value)| match field.as_str() {
        "status" => record.status == value,
        "role" => record.role == value,
        _ => doc_id(record.id) == *value,
    })
}

fn render(index: &str, record: &Record, sort: &[Sort], source: bool) -> Value {
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
        hit["sort"] = sort.iter().map(|(field, _)| field.value(record)).collect();
    }
    hit
}

fn total(count: usize, track: &Value) -> Option<Value> {
    let count = count as u64;
    let bound = match track {
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

fn page(hits: Vec<Value>, total: Option<Value>, extra: (&str, String)) -> Response {
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
    if !extra.0.is_empty() {
        body[extra.0] = json!(extra.1);
    }
    json(StatusCode::OK, body)
}

fn pit_token(context: u64, issued: u64) -> String {
    token::encode(&format!("pit:{context}:{issued}"))
}

fn scroll_token(context: u64, issued: u64) -> String {
    token::encode(&format!("scroll:{context}:{issued}"))
}

/// The context number a PIT or scroll token names.
fn context_of(text: &str, kind: &str) -> Option<u64> {
    let rest = token::decode(text, &format!("{kind}:"))?;
    let (context, issued) = rest.split_once(':')?;
    issued.parse::<u64>().ok()?;
    context.parse().ok()
}

fn check_index(index: &str) -> Result<(), Failure> {
    let valid = !index.is_empty()
        && !index.starts_with(['_', '-', '+'])
        && !index
            .chars()
            .any(|character| character.is_ascii_uppercase() || "\\/*?\"<>| ,#:".contains(character));
    if valid {
        Ok(())
    } else {
        Err(fail(
            "invalid_index_name_exception",
            format!(
                "Invalid index name [{index}], must be lowercase and must not start with '_', '-', or '+'"
            ),
        ))
    }
}

pub(crate) async fn search_index(
    State(state): State<AppState>,
    Path(index): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    if let Err(failure) = check_index(&index) {
        return failure.response();
    }
    search(&state, Some(index), query.as_deref(), &body)
}

pub(crate) async fn search_all(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    search(&state, None, query.as_deref(), &body)
}

fn search(state: &AppState, index: Option<String>, query: Option<&str>, body: &[u8]) -> Response {
    let params = match Params::parse(query) {
        Ok(params) => params,
        Err(message) => return bad_request("illegal_argument_exception", message),
    };
    let scroll = match params.get("scroll") {
        Ok(scroll) => scroll.map(str::to_owned),
        Err(message) => return bad_request("illegal_argument_exception", message),
    };
    if let Some(scroll) = &scroll {
        if !time_value(scroll) {
            return invalid_time("scroll", scroll);
        }
    }
    let body = match json_body(body) {
        Ok(body) => body.unwrap_or_default(),
        Err(message) => return bad_request("parse_exception", message),
    };
    const KNOWN: [&str; 8] = [
        "size",
        "from",
        "sort",
        "search_after",
        "query",
        "pit",
        "track_total_hits",
        "_source",
    ];
    if let Some(unknown) = body.keys().find(|key| !KNOWN.contains(&key.as_str())) {
        return bad_request(
            "parsing_exception",
            format!("Unknown key for a START_OBJECT in [{unknown}]."),
        );
    }
    let integer = |name: &str, default: i64| match body.get(name) {
        None => Ok(default),
        Some(value) => match value.as_i64() {
            Some(number) if number >= 0 => Ok(number),
            _ => Err(fail(
                "illegal_argument_exception",
                format!("[{name}] parameter cannot be negative or non-integer, found [{value}]"),
            )),
        },
    };
    let (size, from) = match (integer("size", 10), integer("from", 0)) {
        (Ok(size), Ok(from)) => (size, from),
        (Err(failure), _) | (_, Err(failure)) => return failure.response(),
    };
    let mut sort = match body.get("sort") {
        None => Vec::new(),
        Some(value) => match parse_sort(value) {
            Ok(sort) => sort,
            Err(failure) => return failure.response(),
        },
    };
    let mut terms = Vec::new();
    if let Some(query) = body.get("query") {
        if let Err(failure) = parse_query(query, &mut terms) {
            return failure.response();
        }
    }
    let source = body
        .get("_source")
        .is_none_or(|source| source != &Value::Bool(false));
    let track = body.get("track_total_hits").cloned().unwrap_or(Value::Null);
    let search_after = match body.get("search_after") {
        None => None,
        Some(Value::Array(values)) => Some(values.clone()),
        Some(_) => return bad_request("parsing_exception", "[search_after] must be an array"),
    };
    let pit = match body.get("pit") {
        None => None,
        Some(pit) => match (pit.get("id").and_then(Value::as_str), pit.get("keep_alive")) {
            (None, _) => return bad_request("parsing_exception", "[pit] requires an [id]"),
            (Some(_), Some(keep_alive)) if !keep_alive.as_str().is_some_and(time_value) => {
                return invalid_time("keep_alive", &keep_alive.to_string())
            }
            (Some(id), _) => Some(id.to_owned()),
        },
    };
    if pit.is_some() && index.is_some() {
        return validation(
            "[indices] cannot be used with point in time. Do not specify any index with point in time.",
        );
    }
    if sort.iter().any(|(field, _)| *field == Field::ShardDoc) && pit.is_none() {
        return bad_request(
            "illegal_argument_exception",
            "[_shard_doc] sort field cannot be used without [point in time]",
        );
    }
    if scroll.is_some() {
        if pit.is_some() {
            return validation("using [point in time] is not allowed in a scroll context");
        }
        if from > 0 {
            return validation("using [from] is not allowed in a scroll context");
        }
        if search_after.is_some() {
            return bad_request(
                "search_context_exception",
                "`search_after` cannot be used in a scroll context.",
            );
        }
        if size > MAX_RESULT_WINDOW {
            return bad_request("illegal_argument_exception", format!(
                "Batch size is too large, size must be less than or equal to: [{MAX_RESULT_WINDOW}] but was [{size}]. Scroll batch sizes cost as much memory as result windows so they are controlled by the [index.max_result_window] index level setting."
            ));
        }
    } else if from.saturating_add(size) > MAX_RESULT_WINDOW {
        return bad_request("illegal_argument_exception", format!(
            "Result window is too large, from + size must be less than or equal to: [{MAX_RESULT_WINDOW}] but was [{}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting.",
            from.saturating_add(size)
        ));
    }
    let mut contexts = state
        .search
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    // With a PIT: its index, its snapshot, an implicit `_shard_doc` tiebreaker and a fresh id.
    let (index, visible, pit_id) = match &pit {
        None => (index.unwrap_or_else(|| "records".into()), usize::MAX, None),
        Some(id) => {
            let Some(context) = context_of(id, "pit") else {
                return bad_request(
                    "illegal_argument_exception",
                    format!("invalid id [{id}] for point in time"),
                );
            };
            let Some(pit) = contexts.pits.get_mut(&context) else {
                return context_missing(context);
            };
            pit.issued += 1;
            if !sort.is_empty() && !sort.iter().any(|(field, _)| *field == Field::ShardDoc) {
                sort.push((Field::ShardDoc, false));
            }
            (
                pit.index.clone(),
                pit.visible,
                Some(pit_token(context, pit.issued)),
            )
        }
    };
    if let Some(after) = &search_after {
        if sort.is_empty() {
            return bad_request(
                "illegal_argument_exception",
                "Sort must contain at least one field.",
            );
        }
        if from > 0 {
            return bad_request(
                "illegal_argument_exception",
                "`from` parameter must be set to 0 when `search_after` is used.",
            );
        }
        if after.len() != sort.len() {
            return bad_request(
                "illegal_argument_exception",
                format!(
                    "search_after has {} value(s) but sort has {}.",
                    after.len(),
                    sort.len()
                ),
            );
        }
    }
    let records = state.records();
    let mut matching: Vec<&Record> = records
        .iter()
        .take(visible)
        .filter(|record| matches(record, &terms))
        .collect();
    let ordering = |a: &Record, b: &Record| {
        sort.iter()
            .map(|(field, descending)| {
                let ordering = match field {
                    Field::Id => doc_id(a.id).cmp(&doc_id(b.id)),
                    _ => field.value(a).as_i64().cmp(&field.value(b).as_i64()),
                };
                if *descending {
                    ordering.reverse()
                } else {
                    ordering
                }
            })
            .find(|ordering| ordering.is_ne())
            .unwrap_or(Ordering::Equal)
    };
    matching.sort_by(|a, b| ordering(a, b));
    let total_hits = total(matching.len(), &track);
    let start = match &search_after {
        None => from as usize,
        Some(after) => {
            // The first record strictly after the `search_after` values, in sort order.
            let mut start = matching.len();
            for (position, record) in matching.iter().enumerate() {
                let mut comparison = Ordering::Equal;
                for ((field, descending), value) in sort.iter().zip(after) {
                    let Some(ordering) = field.compare(record, value) else {
                        return bad_request(
                            "illegal_argument_exception",
                            format!("Failed to parse search_after value for field [{}].", field.name()),
                        );
                    };
                    comparison = if *descending { ordering.reverse() } else { ordering };
                    if comparison.is_ne() {
                        break;
                    }
                }
                if comparison.is_gt() {
                    start = position;
                    break;
                }
            }
            start
        }
    };
    if scroll.is_some() {
        let hits: Vec<Value> = matching
            .iter()
            .map(|record| render(&index, record, &sort, source))
            .collect();
        contexts.next += 1;
        let context = contexts.next;
        let size = size as usize;
        let first: Vec<Value> = hits.iter().take(size).cloned().collect();
        let total = total_hits.clone().unwrap_or(Value::Null);
        contexts.scrolls.insert(
            context,
            Scroll {
                position: first.len(),
                hits,
                size,
                issued: 1,
                total,
            },
        );
        return page(first, total_hits, ("_scroll_id", scroll_token(context, 1)));
    }
    let hits: Vec<Value> = matching
        .iter()
        .skip(start)
        .take(size as usize)
        .map(|record| render(&index, record, &sort, source))
        .collect();
    match pit_id {
        Some(pit_id) => page(hits, total_hits, ("pit_id", pit_id)),
        None => page(hits, total_hits, ("", String::new())),
    }
}

pub(crate) async fn scroll(State(state): State<AppState>, body: Bytes) -> Response {
    let body = match json_body(&body) {
        Ok(body) => body.unwrap_or_default(),
        Err(message) => return bad_request("parse_exception", message),
    };
    if let Some(keep_alive) = body.get("scroll") {
        if !keep_alive.as_str().is_some_and(time_value) {
            return invalid_time("scroll", &keep_alive.to_string());
        }
    }
    let Some(id) = body.get("scroll_id").and_then(Value::as_str) else {
        return validation("scrollId is missing");
    };
    let Some(context) = context_of(id, "scroll") else {
        return bad_request("illegal_argument_exception", "Cannot parse scroll id");
    };
    let mut contexts = state
        .search
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let Some(scroll) = contexts.scrolls.get_mut(&context) else {
        return context_missing(context);
    };
    let end = (scroll.position + scroll.size).min(scroll.hits.len());
    let hits = scroll.hits[scroll.position..end].to_vec();
    scroll.position = end;
    scroll.issued += 1;
    let total = Some(scroll.total.clone()).filter(|total| !total.is_null());
    page(hits, total, ("_scroll_id", scroll_token(context, scroll.issued)))
}

pub(crate) async fn clear_scroll(State(state): State<AppState>, body: Bytes) -> Response {
    let body = match json_body(&body) {
        Ok(body) => body.unwrap_or_default(),
        Err(message) => return bad_request("parse_exception", message),
    };
    let ids: Vec<&str> = match body.get("scroll_id") {
        Some(Value::String(id)) => vec![id.as_str()],
        Some(Value::Array(ids)) => ids.iter().filter_map(Value::as_str).collect(),
        _ => return validation("no scroll ids specified"),
    };
    let mut contexts = state
        .search
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let mut freed = 0;
    for id in ids {
        let Some(context) = context_of(id, "scroll") else {
            return bad_request("illegal_argument_exception", "Cannot parse scroll id");
        };
        freed += usize::from(contexts.scrolls.remove(&context).is_some());
    }
    let status = if freed == 0 {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::OK
    };
    json(status, json!({"succeeded": true, "num_freed": freed}))
}

pub(crate) async fn open_pit(
    State(state): State<AppState>,
    Path(index): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(failure) = check_index(&index) {
        return failure.response();
    }
    let keep_alive = match Params::parse(query.as_deref())
        .and_then(|params| params.get("keep_alive").map(|value| value.map(str::to_owned)))
    {
        Ok(Some(keep_alive)) => keep_alive,
        Ok(None) => return validation("[keep_alive] is not specified"),
        Err(message) => return bad_request("illegal_argument_exception", message),
    };
    if !time_value(&keep_alive) {
        return invalid_time("keep_alive", &keep_alive);
    }
    let visible = state.records().len();
    let mut contexts = state
        .search
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    contexts.next += 1;
    let context = contexts.next;
    contexts.pits.insert(
        context,
        Pit {
            index,
            visible,
            issued: 0,
        },
    );
    json(
        StatusCode::OK,
        json!({"id": pit_token(context, 0), "_shards": {"total": 1, "successful": 1, "skipped": 0, "failed": 0}}),
    )
}

pub(crate) async fn close_pit(State(state): State<AppState>, body: Bytes) -> Response {
    let body = match json_body(&body) {
        Ok(body) => body.unwrap_or_default(),
        Err(message) => return bad_request("parse_exception", message),
    };
    let Some(id) = body.get("id").and_then(Value::as_str) else {
        return validation("point in time id is missing");
    };
    let Some(context) = context_of(id, "pit") else {
        return bad_request(
            "illegal_argument_exception",
            format!("invalid id [{id}] for point in time"),
        );
    };
    let mut contexts = state
        .search
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match contexts.pits.remove(&context) {
        Some(_) => json(StatusCode::OK, json!({"succeeded": true, "num_freed": 1})),
        None => json(StatusCode::NOT_FOUND, json!({"succeeded": true, "num_freed": 0})),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::doc_id;
    use crate::testing::{delete, post, text_ids};
    use crate::{MockConfig, MockServer};

    fn search(server: &MockServer, path: &str, body: Value) -> (u16, Value) {
        let reply = post(&server.url(path), &body, &[]);
        (reply.status, reply.json())
    }

    fn ids(page: &Value) -> Vec<String> {
        text_ids(&page["hits"]["hits"], "_id")
    }

    fn expected(range: impl Iterator<Item = u64>) -> Vec<String> {
        range.map(doc_id).collect()
    }

    #[test]
    fn search_after_walks_to_an_empty_page() {
        let server = MockServer::start(MockConfig::with_records(25));
        let sort = json!([{"created_at": "asc"}, {"id": {"order": "asc"}}]);
        let mut after = None;
        let mut seen = Vec::new();
        loop {
            let mut body = json!({"size": 10, "sort": sort});
            if let Some(after) = after {
                body["search_after"] = after;
            }
            let (status, page) = search(&server, "/es/records/_search", body);
            assert_eq!(status, 200, "{page}");
            assert_eq!(page["hits"]["total"], json!({"value": 25, "relation": "eq"}));
            let hits = page["hits"]["hits"].as_array().unwrap();
            if hits.is_empty() {
                break;
            }
            let last = hits.last().unwrap();
            assert_eq!(last["sort"][1], last["_id"]);
            assert_eq!(last["sort"][0].as_i64().unwrap() % 1000, 0, "epoch milliseconds");
            after = Some(last["sort"].clone());
            seen.extend(ids(&page));
        }
        assert_eq!(seen, expected(1..=25));
        let (_, descending) = search(
            &server,
            "/es/records/_search",
            json!({"size": 3, "sort": [{"id": "desc"}], "search_after": [doc_id(10)]}),
        );
        assert_eq!(ids(&descending), expected([9, 8, 7].into_iter()));
    }

    #[test]
    fn from_size_filters_and_totals() {
        let server = MockServer::start(MockConfig::with_records(25));
        let (_, page) = search(&server, "/es/records/_search", json!({}));
        assert_eq!(ids(&page), expected(1..=10));
        assert!(page["hits"]["hits"][0].get("sort").is_none());
        let (_, page) = search(&server, "/es/records/_search", json!({"from": 20, "size": 10}));
        assert_eq!(ids(&page), expected(21..=25));
        let (_, won) = search(
            &server,
            "/es/records/_search",
            json!({"size": 100, "query": {"bool": {"filter": [{"term": {"status": {"value": "won"}}}]}}}),
        );
        assert_eq!(ids(&won), expected((1..=25).filter(|n| n % 4 == 2)));
        assert_eq!(won["hits"]["hits"][0]["_source"]["status"], "won");
        let (_, capped) = search(
            &server,
            "/es/records/_search",
            json!({"size": 0, "track_total_hits": 10}),
        );
        assert_eq!(capped["hits"]["total"], json!({"value": 10, "relation": "gte"}));
    }

    #[test]
    fn pit_snapshots_and_adds_a_tiebreaker() {
        let server = MockServer::start(MockConfig::with_records(25));
        let opened = post(&server.url("/es/records/_pit?keep_alive=1m"), &json!({}), &[]).json();
        let pit = opened["id"].as_str().unwrap().to_owned();
        server.insert_record();
        let sort = json!([{"created_at": "asc"}]);
        let (status, page) = search(
            &server,
            "/es/_search",
            json!({"size": 20, "sort": sort, "pit": {"id": pit, "keep_alive": "1m"}}),
        );
        assert_eq!(status, 200, "{page}");
        assert_eq!(
            page["hits"]["total"]["value"], 25,
            "the record inserted after opening is not seen"
        );
        let pit_id = page["pit_id"].as_str().unwrap().to_owned();
        assert_ne!(pit_id, pit);
        let last = page["hits"]["hits"][19]["sort"].clone();
        assert_eq!(last.as_array().unwrap().len(), 2, "implicit _shard_doc");
        let (status, error) = search(
            &server,
            "/es/_search",
            json!({"size": 20, "sort": sort, "pit": {"id": pit_id}, "search_after": [last[0]]}),
        );
        assert_eq!(status, 400);
        assert_eq!(error["error"]["type"], "illegal_argument_exception");
        let (_, rest) = search(
            &server,
            "/es/_search",
            json!({"size": 20, "sort": sort, "pit": {"id": pit_id}, "search_after": last}),
        );
        assert_eq!(ids(&rest), expected(21..=25));
        let (status, error) = search(&server, "/es/records/_search", json!({"pit": {"id": pit_id}}));
        assert_eq!(status, 400);
        assert_eq!(error["error"]["type"], "action_request_validation_exception");
        assert_eq!(
            delete(&server.url("/es/_pit"), &json!({"id": pit_id})).status,
            200
        );
        let (status, gone) = search(&server, "/es/_search", json!({"pit": {"id": pit_id}}));
        assert_eq!(status, 404);
        assert_eq!(
            gone["error"]["root_cause"][0]["type"],
            "search_context_missing_exception"
        );
    }

    #[test]
    fn scroll_to_the_end_then_clear() {
        let server = MockServer::start(MockConfig::with_records(25));
        let (status, first) = search(&server, "/es/records/_search?scroll=1m", json!({"size": 10}));
        assert_eq!(status, 200);
        let mut seen = ids(&first);
        let mut scroll_id = first["_scroll_id"].as_str().unwrap().to_owned();
        let mut batches = 1;
        loop {
            let (status, batch) = search(
                &server,
                "/es/_search/scroll",
                json!({"scroll": "1m", "scroll_id": scroll_id}),
            );
            assert_eq!(status, 200);
            assert_eq!(batch["hits"]["total"]["value"], 25);
            let next = batch["_scroll_id"].as_str().unwrap().to_owned();
            assert_ne!(next, scroll_id, "a fresh id each batch");
            scroll_id = next;
            if batch["hits"]["hits"].as_array().unwrap().is_empty() {
                break;
            }
            seen.extend(ids(&batch));
            batches += 1;
        }
        assert_eq!((seen, batches), (expected(1..=25), 3));
        assert_eq!(
            delete(
                &server.url("/es/_search/scroll"),
                &json!({"scroll_id": [scroll_id]})
            )
            .status,
            200
        );
        let (status, gone) = search(
            &server,
            "/es/_search/scroll",
            json!({"scroll": "1m", "scroll_id": scroll_id}),
        );
        assert_eq!(status, 404);
        assert_eq!(
            gone["error"]["root_cause"][0]["type"],
            "search_context_missing_exception"
        );
        assert_eq!(gone["status"], 404);
    }

    #[test]
    fn bad_searches_get_es_errors() {
        let server = MockServer::start(MockConfig::with_records(25));
        let kind = |path: &str, body: Value| {
            let (status, page) = search(&server, path, body);
            assert_eq!(status, 400, "{page}");
            page["error"]["type"].as_str().unwrap().to_owned()
        };
        assert_eq!(
            kind("/es/records/_search", json!({"size": 10_001})),
            "illegal_argument_exception"
        );
        assert_eq!(
            kind("/es/records/_search", json!({"from": 9_995, "size": 10})),
            "illegal_argument_exception"
        );
        assert_eq!(
            kind("/es/records/_search", json!({"search_after": [1]})),
            "illegal_argument_exception"
        );
        assert_eq!(
            kind(
                "/es/records/_search",
                json!({"sort": ["created_at"], "search_after": ["x"]})
            ),
            "illegal_argument_exception"
        );
        assert_eq!(
            kind("/es/records/_search", json!({"sort": ["nope"]})),
            "query_shard_exception"
        );
        assert_eq!(
            kind("/es/records/_search", json!({"query": {"fuzzy": {}}})),
            "parsing_exception"
        );
        assert_eq!(
            kind("/es/records/_search", json!({"sizee": 1})),
            "parsing_exception"
        );
        assert_eq!(
            kind("/es/records/_search?scroll=1m", json!({"from": 10})),
            "action_request_validation_exception"
        );
        assert_eq!(
            kind("/es/records/_search?scroll=soon", json!({})),
            "illegal_argument_exception"
        );
        assert_eq!(
            kind("/es/records/_search?scroll=1m&scroll=1m", json!({})),
            "illegal_argument_exception"
        );
        assert_eq!(
            kind("/es/Records/_search", json!({})),
            "invalid_index_name_exception"
        );
        assert_eq!(
            kind("/es/_search/scroll", json!({"scroll_id": "garbage"})),
            "illegal_argument_exception"
        );
    }
}
