//! Amazon DynamoDB `Scan` (`POST /dynamodb`), and a GET API whose cursor is a JSON object carried in
//! the query string (`GET /json-key/items`).
//!
//! # `POST /dynamodb`
//!
//! The request names its operation in the header `X-Amz-Target: DynamoDB_20120810.Scan` (another
//! operation, or none, is `400 UnknownOperationException`) and carries a JSON body:
//! `TableName` (required; any name is accepted, every table holds the records), `Limit`,
//! `ExclusiveStartKey`, `FilterExpression` with `ExpressionAttributeNames` and
//! `ExpressionAttributeValues`, and `Segment` / `TotalSegments` for a parallel scan.
//!
//! Items are `{"pk": {"S": "rec#000042"}, "status": {"S": "won"}, "n": {"N": "42"}}` ([`key`] gives
//! the partition key); the table's key is `pk` alone. The scan runs in `n` order (a real table scans in
//! hash order, which is unspecified).
//!
//! As DynamoDB documents it:
//! - `Limit` (at least 1) is the number of items *evaluated*, not returned; without it a page stops
//!   after 1 MB of evaluated items (item sizes counted as attribute names plus values).
//! - the filter is applied after, so a page may hold fewer items than `Limit`, or none, while the
//!   scan goes on. `Count` is the number of items returned, `ScannedCount` the number evaluated.
//! - `LastEvaluatedKey` is the key of the last item evaluated, present whenever the page stopped
//!   because of `Limit` or the size cap, even if nothing is left: a scan whose last page ends exactly
//!   at `Limit` gets one more, empty page without `LastEvaluatedKey`. Its absence is the only end
//!   signal.
//! - `FilterExpression` here supports comparisons (`=`, `<>`, `<`, `<=`, `>`, `>=`) between an attribute
//!   (`status`, or a `#name` placeholder) and a `:value` placeholder (`{"S": ..}` or `{"N": ..}`),
//!   joined by `AND`. Undefined or unused placeholders are refused, as DynamoDB refuses them.
//! - with `TotalSegments` T, segment S holds the items with `(n - 1) % T == S`; a start key from
//!   another segment is refused.
//! - errors are `400 {"__type": "com.amazon.coral.validate#ValidationException", "message": ".."}`
//!   (a malformed `ExclusiveStartKey`, and here also one naming no item of the table), and
//!   `400 {"__type": "com.amazon.coral.service#SerializationException", "Message": ..}` for a body
//!   that is not JSON or a field of the wrong JSON type (a `Limit` in quotes, an `ExclusiveStartKey`
//!   that is not a map). Responses have `content-type: application/x-amz-json-1.0`.
//!
//! # `GET /json-key/items?limit=N&start_key=<JSON>`
//!
//! For APIs that send an object cursor in the query: `limit` (default 20, 1–100, larger values
//! clamped) items `{"id": n, "created_at": unix, "status": ..}` in `id` order, and `last_key`, the
//! key of the last item as a JSON object `{"created_at": unix, "id": n}` ([`json_key`]), or `null` on
//! the last page. The next request sends it back as the URL-encoded JSON text of `start_key`. A
//! `start_key` that is not such an object, or names no record, is `400 {"error": ".."}`.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(10));
//! let scan = serde_json::json!({
//!     "TableName": "records",
//!     "Limit": 4,
//!     "FilterExpression": "#s = :s",
//!     "ExpressionAttributeNames": {"#s": "status"},
//!     "ExpressionAttributeValues": {":s": {"S": "won"}},
//! });
//! let response = reqwest::blocking::Client::new()
//!     .post(server.url("/dynamodb"))
//!     .header("x-amz-target", "DynamoDB_20120810.Scan")
//!     .body(scan.to_string())
//!     .send()
//!     .unwrap();
//! let page: serde_json::Value = serde_json::from_str(&response.text().unwrap()).unwrap();
//! // Four evaluated (1..=4), one of them won (n % 4 == 2).
//! assert_eq!((page["ScannedCount"].as_u64(), page["Count"].as_u64()), (Some(4), Some(1)));
//! assert_eq!(page["Items"][0]["pk"]["S"], paginated_mock::apis::dynamodb::key(2));
//! assert_eq!(page["LastEvaluatedKey"]["pk"]["S"], "rec#000004");
//! ```

use std::cmp::Ordering;
use std::collections::HashSet;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::AppState;
use crate::data::Record;
use crate::http::{json, json_body, typed, Params};

/// A page stops after this many bytes of evaluated items when the request has no `Limit`.
const MAX_PAGE_BYTES: usize = 1 << 20;

/// The partition key (`pk`) of record `n`: `rec#` and six digits (`rec#000042`).
pub fn key(n: u64) -> String {
    format!("rec#{n:06}")
}

/// The `last_key` / `start_key` object of `GET /json-key/items` for a record:
/// `{"created_at": unix, "id": n}`.
pub fn json_key(record: &Record) -> Value {
    json!({"created_at": record.created_at, "id": record.id})
}

fn reply(status: StatusCode, body: &Value) -> Response {
    typed(status, "application/x-amz-json-1.0", body.to_string())
}

/// A refused request: DynamoDB's two client errors.
enum Failure {
    Validation(String),
    Serialization(String),
}

impl Failure {
    fn response(self) -> Response {
        let body = match self {
            Failure::Validation(message) => {
                json!({"__type": "com.amazon.coral.validate#ValidationException", "message": message})
            }
            Failure::Serialization(message) => {
                json!({"__type": "com.amazon.coral.service#SerializationException", "Message": message})
            }
        };
        reply(StatusCode::BAD_REQUEST, &body)
    }
}

fn validation(message: impl Into<String>) -> Failure {
    Failure::Validation(message.into())
}

fn serialization(message: impl Into<String>) -> Failure {
    Failure::Serialization(message.into())
}

/// A typed attribute value.
#[derive(Debug, Clone, PartialEq)]
enum Attribute {
    S(String),
    N(f64),
}

impl Attribute {
    fn parse(value: &Value) -> Option<Attribute> {
        let object = value.as_object().filter(|object| object.len() == 1)?;
        match object.iter().next()? {
            (kind, Value::String(text)) if kind == "S" => Some(Attribute::S(text.clone())),
            (kind, Value::String(text)) if kind == "N" => text.parse().ok().map(Attribute::N),
            _ => None,
        }
    }

    fn compare(&self, other: &Attribute) -> Option<Ordering> {
        match (self, other) {
            (Attribute::S(a), Attribute::S(b)) => Some(a.cmp(b)),
            (Attribute::N(a), Attribute::N(b)) => a.partial_cmp(b),
            _ => None,
        }
    }
}

fn attribute(record: &Record, name: &str) -> Option<Attribute> {
    match name {
        "pk" => Some(Attribute::S(key(record.id))),
        "status" => Some(Attribute::S(record.status.to_owned())),
        "n" => Some(Attribute::N(record.id as f64)),
        _ => None,
    }
}

fn item(record: &Record) -> Value {
    json!({"pk": {"S": key(record.id)}, "status": {"S": record.status}, "n": {"N": record.id.to_string()}})
}

/// DynamoDB's item size: attribute names plus values.
fn item_size(record: &Record) -> usize {
    "pk".len() + key(record.id).len() + "status".len() + record.status.len() + 1 + record.id.to_string().len()
}

/// One comparison of a filter: attribute name, operator, value.
struct Condition {
    name: String,
    operator: String,
    value: Attribute,
}

impl Condition {
    fn holds(&self, record: &Record) -> bool {
        let Some(ordering) = attribute(record, &self.name).and_then(|value| value.compare(&self.value))
        else {
            // A missing attribute, or one of another type, never matches (even `<>`).
            return false;
        };
        match self.operator.as_str() {
            "=" => ordering == Ordering::Equal,
            "<>" => ordering != Ordering::Equal,
            "<" => ordering == Ordering::Less,
            "<=" => ordering != Ordering::Greater,
            ">" => ordering == Ordering::Greater,
            _ => ordering != Ordering::Less,
        }
    }
}

/// Splits a filter expression into words and operators.
fn tokens(expression: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut chars = expression.chars().peekable();
    while let Some(&character) = chars.peek() {
        if character.is_whitespace() {
            chars.next();
        } else if "=<>".contains(character) {
            let mut operator = String::new();
            while let Some(&next) = chars.peek().filter(|next| "=<>".contains(**next)) {
                operator.push(next);
                chars.next();
            }
            tokens.push(operator);
        } else {
            let mut word = String::new();
            while let Some(&next) = chars
                .peek()
                .filter(|next| !next.is_whitespace() && !"=<>".contains(**next))
            {
                word.push(next);
                chars.next();
            }
            tokens.push(word);
        }
    }
    tokens
}

/// Parses `FilterExpression` with its placeholders, checking that every placeholder is defined and used.
fn filter(
    expression: &str,
    names: &Map<String, Value>,
    values: &Map<String, Value>,
) -> Result<Vec<Condition>, String> {
    let tokens = tokens(expression);
    let (mut used_names, mut used_values) = (HashSet::new(), HashSet::new());
    let mut conditions = Vec::new();
    for clause in tokens.split(|token| token.eq_ignore_ascii_case("AND")) {
        let [left, operator, right] = clause else {
            return Err(format!(
                "Invalid FilterExpression: Syntax error; token: \"{}\", near: \"{expression}\"",
                clause.first().map_or("<EOF>", String::as_str)
            ));
        };
        if !["=", "<>", "<", "<=", ">", ">="].contains(&operator.as_str()) {
            return Err(format!(
                "Invalid FilterExpression: Syntax error; token: \"{operator}\", near: \"{left} {operator} {right}\""
            ));
        }
        let name = if let Some(placeholder) = left.strip_prefix('#') {
            used_names.insert(left.clone());
            names.get(left).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| {
                format!("Invalid FilterExpression: An expression attribute name used in the document path is not defined; attribute name: #{placeholder}")
            })?
        } else if left.starts_with(':') {
            return Err(format!(
                "Invalid FilterExpression: the left operand must be an attribute, got {left}"
            ));
        } else {
            left.clone()
        };
        if !right.starts_with(':') {
            return Err(format!(
                "Invalid FilterExpression: the right operand must be a value placeholder, got {right}"
            ));
        }
        used_values.insert(right.clone());
        let value = values.get(right).ok_or_else(|| {
            format!("Invalid FilterExpression: An expression attribute value used in expression is not defined; attribute value: {right}")
        })?;
        let value = Attribute::parse(value).ok_or_else(|| {
            format!("ExpressionAttributeValues contains invalid value: One or more parameter values were invalid: Supported AttributeValue types are S and N here, for key {right}")
        })?;
        conditions.push(Condition {
            name,
            operator: operator.clone(),
            value,
        });
    }
    if let Some(unused) = names.keys().find(|name| !used_names.contains(*name)) {
        return Err(format!(
            "Value provided in ExpressionAttributeNames unused in expressions: keys: {{{unused}}}"
        ));
    }
    if let Some(unused) = values.keys().find(|value| !used_values.contains(*value)) {
        return Err(format!(
            "Value provided in ExpressionAttributeValues unused in expressions: keys: {{{unused}}}"
        ));
    }
    Ok(conditions)
}

/// A scan request, read and checked.
struct Scan {
    limit: Option<usize>,
    start: Option<u64>,
    conditions: Vec<Condition>,
    segment: Option<(u64, u64)>,
}

fn read_scan(body: &Map<String, Value>, state: &AppState) -> Result<Scan, Failure> {
    check_table_name(body)?;
    let limit = match integer(body, "Limit")? {
        Some(limit) if limit < 1 => {
            return Err(validation(format!(
                "1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"
            )))
        }
        limit => limit.map(|limit| limit as usize),
    };
    let segment = read_segment(body)?;
    let start = match object(body, "ExclusiveStartKey")? {
        None => None,
        Some(start_key) => Some(read_start_key(start_key, segment, state)?),
    };
    Ok(Scan {
        limit,
        start,
        conditions: read_conditions(body)?,
        segment,
    })
}

/// Body member `name`, a JSON object, when present.
fn object<'a>(body: &'a Map<String, Value>, name: &str) -> Result<Option<&'a Map<String, Value>>, Failure> {
    match body.get(name) {
        None => Ok(None),
        Some(Value::Object(object)) => Ok(Some(object)),
        Some(_) => Err(serialization(format!("{name}: expected an object"))),
    }
}

/// Body member `name`, an integer, when present.
fn integer(body: &Map<String, Value>, name: &str) -> Result<Option<i64>, Failure> {
    match body.get(name) {
        None => Ok(None),
        Some(value) => value
            .as_i64()
            .map(Some)
            .ok_or_else(|| serialization(format!("{name}: NUMBER_VALUE cannot be converted to Integer"))),
    }
}

/// `TableName` is required; any name is accepted.
fn check_table_name(body: &Map<String, Value>) -> Result<(), Failure> {
    match body.get("TableName") {
        Some(Value::String(name)) if !name.is_empty() => Ok(()),
        Some(Value::String(_)) | None => Err(validation(
            "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
        )),
        Some(_) => Err(serialization("TableName: expected a string")),
    }
}

/// `Segment` and `TotalSegments`, both or neither: the segment and the segment count.
fn read_segment(body: &Map<String, Value>) -> Result<Option<(u64, u64)>, Failure> {
    match (integer(body, "Segment")?, integer(body, "TotalSegments")?) {
        (None, None) => Ok(None),
        (Some(_), None) => Err(validation(
            "The TotalSegments parameter is required but was not present in the request when Segment parameter is present",
        )),
        (None, Some(_)) => Err(validation(
            "The Segment parameter is required but was not present in the request when parameter TotalSegments is present",
        )),
        (Some(segment), Some(total)) => {
            if !(1..=1_000_000).contains(&total) {
                return Err(validation(format!(
                    "1 validation error detected: Value '{total}' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and 1000000"
                )));
            }
            if segment < 0 || segment >= total {
                return Err(validation(format!(
                    "The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {total}"
                )));
            }
            Ok(Some((segment as u64, total as u64)))
        }
    }
}

/// The record an `ExclusiveStartKey` names: `{"pk": {"S": "rec#000042"}}`, an item of the table, in
/// the scan's segment.
fn read_start_key(
    start_key: &Map<String, Value>,
    segment: Option<(u64, u64)>,
    state: &AppState,
) -> Result<u64, Failure> {
    let invalid = || {
        validation("The provided starting key is invalid: The provided key element does not match the schema")
    };
    if start_key.len() != 1 {
        return Err(invalid());
    }
    let pk = match start_key.get("pk").and_then(Attribute::parse) {
        Some(Attribute::S(pk)) => pk,
        _ => return Err(invalid()),
    };
    let n = pk
        .strip_prefix("rec#")
        .filter(|digits| digits.len() == 6)
        .and_then(|digits| digits.parse::<u64>().ok())
        .ok_or_else(invalid)?;
    if !state.records().iter().any(|record| record.id == n) {
        return Err(validation(format!(
            "The provided starting key is invalid: no item of the table has the key {pk}"
        )));
    }
    if segment.is_some_and(|(segment, total)| (n - 1) % total != segment) {
        return Err(validation(
            "The provided Exclusive start key does not map to the provided segment",
        ));
    }
    Ok(n)
}

/// The conditions of `FilterExpression`, with its placeholders, which only an expression may have.
fn read_conditions(body: &Map<String, Value>) -> Result<Vec<Condition>, Failure> {
    let names = object(body, "ExpressionAttributeNames")?
        .cloned()
        .unwrap_or_default();
    let values = object(body, "ExpressionAttributeValues")?
        .cloned()
        .unwrap_or_default();
    match body.get("FilterExpression") {
        None => {
            if !names.is_empty() || !values.is_empty() {
                return Err(validation(
                    "ExpressionAttributeNames and ExpressionAttributeValues can only be specified when using expressions",
                ));
            }
            Ok(Vec::new())
        }
        Some(Value::String(expression)) => filter(expression, &names, &values).map_err(validation),
        Some(_) => Err(serialization("FilterExpression: expected a string")),
    }
}

pub(crate) async fn scan(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let target = headers.get("x-amz-target").and_then(|value| value.to_str().ok());
    if target != Some("DynamoDB_20120810.Scan") {
        return reply(
            StatusCode::BAD_REQUEST,
            &json!({"__type": "com.amazon.coral.service#UnknownOperationException", "message": null}),
        );
    }
    let body = match json_body(&body) {
        Ok(body) => body.unwrap_or_default(),
        Err(message) => return serialization(message).response(),
    };
    let scan = match read_scan(&body, &state) {
        Ok(scan) => scan,
        Err(failure) => return failure.response(),
    };
    let records = state.records();
    let candidates = records
        .iter()
        .filter(|record| {
            scan.segment
                .is_none_or(|(segment, total)| (record.id - 1) % total == segment)
        })
        .skip_while(|record| scan.start.is_some_and(|start| record.id <= start));
    let (mut items, mut scanned, mut bytes) = (Vec::new(), 0, 0);
    // The key of the last item evaluated, when the page stopped at `Limit` or at the size cap.
    let mut stopped_at = None;
    for record in candidates {
        scanned += 1;
        bytes += item_size(record);
        if scan.conditions.iter().all(|condition| condition.holds(record)) {
            items.push(item(record));
        }
        if scan.limit.is_some_and(|limit| scanned >= limit) || bytes >= MAX_PAGE_BYTES {
            stopped_at = Some(record.id);
            break;
        }
    }
    let mut page = json!({"Items": items, "Count": items.len(), "ScannedCount": scanned});
    if let Some(last) = stopped_at {
        page["LastEvaluatedKey"] = json!({"pk": {"S": key(last)}});
    }
    reply(StatusCode::OK, &page)
}

pub(crate) async fn json_key_items(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let bad_request = |message: String| json(StatusCode::BAD_REQUEST, json!({"error": message}));
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let limit = params.int("limit")?.unwrap_or(20);
        if limit < 1 {
            return Err("`limit` must be at least 1".into());
        }
        let start = match params.get("start_key")? {
            None => None,
            Some(text) => {
                let invalid =
                    || format!("`start_key` must be a JSON object {{\"created_at\", \"id\"}}, got `{text}`");
                let key: Map<String, Value> = serde_json::from_str(text).map_err(|_| invalid())?;
                let field = |name: &str| key.get(name).and_then(Value::as_i64).ok_or_else(invalid);
                if key.len() != 2 {
                    return Err(invalid());
                }
                Some((field("created_at")?, field("id")?))
            }
        };
        Ok((limit.min(100) as usize, start))
    };
    let (limit, start) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let records = state.records();
    let first = match start {
        None => 0,
        Some((created_at, id)) => {
            match records
                .iter()
                .position(|record| record.id as i64 == id && record.created_at == created_at)
            {
                Some(position) => position + 1,
                None => return bad_request(format!("`start_key` names no record: {created_at}, {id}")),
            }
        }
    };
    let end = (first + limit).min(records.len());
    let page = &records[first.min(end)..end];
    let items: Vec<Value> = page
        .iter()
        .map(|record| json!({"id": record.id, "created_at": record.created_at, "status": record.status}))
        .collect();
    let last_key = (end < records.len()).then(|| page.last().map(json_key)).flatten();
    json(StatusCode::OK, json!({"items": items, "last_key": last_key}))
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::key;
    use crate::testing::{get, post};
    use crate::{MockConfig, MockServer, Record};

    fn scan(server: &MockServer, body: Value) -> (u16, Value) {
        let reply = post(
            &server.url("/dynamodb"),
            &body,
            &[("x-amz-target", "DynamoDB_20120810.Scan")],
        );
        assert_eq!(reply.header("content-type"), Some("application/x-amz-json-1.0"));
        (reply.status, reply.json())
    }

    fn ns(page: &Value) -> Vec<u64> {
        page["Items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["n"]["N"].as_str().unwrap().parse().unwrap())
            .collect()
    }

    #[test]
    fn limit_counts_evaluated_items_and_pages_can_be_empty() {
        let server = MockServer::start(MockConfig::with_records(12));
        let request = |start: Option<Value>| {
            let mut body = json!({
                "TableName": "t",
                "Limit": 3,
                "FilterExpression": "#s = :won",
                "ExpressionAttributeNames": {"#s": "status"},
                "ExpressionAttributeValues": {":won": {"S": "won"}},
            });
            if let Some(start) = start {
                body["ExclusiveStartKey"] = start;
            }
            scan(&server, body)
        };
        let mut start = None;
        let mut pages = Vec::new();
        loop {
            let (status, page) = request(start);
            assert_eq!(status, 200);
            assert_eq!(page["Count"].as_u64().unwrap() as usize, ns(&page).len());
            pages.push((ns(&page), page["ScannedCount"].as_u64().unwrap()));
            match page.get("LastEvaluatedKey") {
                Some(key) => start = Some(key.clone()),
                None => break,
            }
        }
        // `won` is n % 4 == 2: 2, 6, 10. Three evaluated per page; the fourth page ends exactly at
        // Limit, so a fifth, empty page without a key follows.
        let expected: Vec<(Vec<u64>, u64)> = vec![
            (vec![2], 3),
            (vec![6], 3),
            (vec![], 3),
            (vec![10], 3),
            (vec![], 0),
        ];
        assert_eq!(pages, expected);
    }

    #[test]
    fn without_limit_the_whole_table_fits_one_page() {
        let server = MockServer::start(MockConfig::with_records(500));
        let (status, page) = scan(&server, json!({"TableName": "t"}));
        assert_eq!(status, 200);
        assert_eq!(ns(&page), (1..=500).collect::<Vec<_>>());
        assert!(page.get("LastEvaluatedKey").is_none());
        let (_, middle) = scan(
            &server,
            json!({"TableName": "t", "Limit": 2, "ExclusiveStartKey": {"pk": {"S": key(42)}}}),
        );
        assert_eq!(ns(&middle), [43, 44]);
        assert_eq!(middle["LastEvaluatedKey"], json!({"pk": {"S": "rec#000044"}}));
    }

    #[test]
    fn parallel_segments_partition_the_table() {
        let server = MockServer::start(MockConfig::with_records(20));
        let mut all = Vec::new();
        for segment in 0..3 {
            let (_, page) = scan(
                &server,
                json!({"TableName": "t", "Segment": segment, "TotalSegments": 3}),
            );
            all.extend(ns(&page));
        }
        all.sort_unstable();
        assert_eq!(all, (1..=20).collect::<Vec<_>>());
        let (status, _) = scan(
            &server,
            json!({"TableName": "t", "Segment": 0, "TotalSegments": 3, "ExclusiveStartKey": {"pk": {"S": key(2)}}}),
        );
        assert_eq!(status, 400);
    }

    #[test]
    fn bad_requests_get_dynamodb_errors() {
        let server = MockServer::start(MockConfig::with_records(20));
        let kind = |body: Value| {
            let (status, page) = scan(&server, body);
            assert_eq!(status, 400);
            page["__type"]
                .as_str()
                .unwrap()
                .rsplit('#')
                .next()
                .unwrap()
                .to_owned()
        };
        for start in [
            json!({"pk": {"S": "rec#99"}}),
            json!({"pk": {"N": "4"}}),
            json!({"pk": {"S": "rec#000004"}, "sk": {"S": "x"}}),
            json!({"pk": {"S": "rec#000999"}}),
        ] {
            assert_eq!(
                kind(json!({"TableName": "t", "ExclusiveStartKey": start})),
                "ValidationException"
            );
        }
        assert_eq!(kind(json!({"TableName": "t", "Limit": 0})), "ValidationException");
        assert_eq!(kind(json!({"Limit": 5})), "ValidationException");
        assert_eq!(
            kind(json!({"TableName": "t", "Limit": "5"})),
            "SerializationException"
        );
        assert_eq!(
            kind(
                json!({"TableName": "t", "FilterExpression": "#s = :s", "ExpressionAttributeNames": {"#s": "status"}})
            ),
            "ValidationException"
        );
        assert_eq!(
            kind(
                json!({"TableName": "t", "FilterExpression": "status = :s", "ExpressionAttributeValues": {":s": {"S": "won"}, ":x": {"S": "x"}}})
            ),
            "ValidationException"
        );
        let reply = post(
            &server.url("/dynamodb"),
            &json!({"TableName": "t"}),
            &[("x-amz-target", "DynamoDB_20120810.Query")],
        );
        assert_eq!(reply.status, 400);
        assert!(reply.json()["__type"]
            .as_str()
            .unwrap()
            .ends_with("#UnknownOperationException"));
    }

    #[test]
    fn numeric_filters_and_conjunctions() {
        let server = MockServer::start(MockConfig::with_records(20));
        let (_, page) = scan(
            &server,
            json!({"TableName": "t", "FilterExpression": "n > :low AND n <= :high AND #s <> :s",
                   "ExpressionAttributeNames": {"#s": "status"},
                   "ExpressionAttributeValues": {":low": {"N": "10"}, ":high": {"N": "15"}, ":s": {"S": "new"}}}),
        );
        assert_eq!(ns(&page), [11, 13, 14, 15]);
    }

    #[test]
    fn json_key_walk() {
        let server = MockServer::start(MockConfig::with_records(45));
        let mut url = server.url("/json-key/items?limit=20");
        let mut seen = Vec::new();
        loop {
            let reply = get(&url);
            assert_eq!(reply.status, 200);
            let page = reply.json();
            seen.extend(
                page["items"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|item| item["id"].as_u64().unwrap()),
            );
            if page["last_key"].is_null() {
                break;
            }
            let key = serde_urlencoded::to_string([("start_key", page["last_key"].to_string())]).unwrap();
            url = server.url(&format!("/json-key/items?limit=20&{key}"));
        }
        assert_eq!(seen, (1..=45).collect::<Vec<_>>());
        let key = super::json_key(&Record::generate(20, 45));
        let key = serde_urlencoded::to_string([("start_key", key.to_string())]).unwrap();
        let middle = get(&server.url(&format!("/json-key/items?limit=5&{key}"))).json();
        assert_eq!(middle["items"][0]["id"], 21);
        assert_eq!(middle["last_key"]["id"], 25);
        for bad in [
            "start_key=%7B%7D",
            "start_key=42",
            "start_key=%7B%22id%22%3A1%2C%22created_at%22%3A5%7D",
            "limit=0",
            "limit=1&limit=2",
        ] {
            let reply = get(&server.url(&format!("/json-key/items?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert!(reply.json()["error"].is_string());
        }
    }
}
