//! Two list endpoints of Oxide's control plane API (nexus), served as its HTTP framework, dropshot,
//! serves them: `GET /oxide/organizations` and `GET /oxide/system/metrics/{metric_name}`. A client
//! generated from the nexus OpenAPI document (progenitor's, for instance) takes `server.url("/oxide")`
//! as its base URL.
//!
//! As dropshot paginates:
//! - `limit` is a non-zero `u32`: absent means 100 items, more than 10,000 is lowered to 10,000
//!   (dropshot's default page sizes); `0`, a negative or a non-integer `limit` is refused.
//! - `page_token` is opaque: URL-safe base64 (with `=` padding, so it must be URL-encoded in the
//!   query) of `{"v": "v1", "page_start": {..}}`, at most 512 characters. With a `page_token`, the
//!   scan parameters of the first request (`sort_by`, `start_time`, `end_time`) come from the token and
//!   any given again are ignored.
//! - the answer is `{"items": [..], "next_page": ".."}`. A page that holds items always carries a
//!   `next_page` (the token of its last item); the end of a walk is a page with no items and
//!   `"next_page": null`, so walking `n` items in pages of `k` takes `⌈n / k⌉ + 1` requests.
//! - a bad parameter is `400` with dropshot's error body `{"request_id": "..", "message": ".."}`
//!   (`error_code` is omitted, as dropshot omits it for the errors of its own extractors), and every
//!   response carries an `x-request-id` header with the same id.
//! - the `api-version` header progenitor's clients send is accepted and ignored, as by a dropshot
//!   server without API versioning.
//!
//! `GET /oxide/organizations?limit=&page_token=&sort_by=`: `sort_by` is `name_ascending` (the default),
//! `name_descending` or `id_ascending`; the token holds the sort mode and the last name (or id) seen,
//! so records created during a walk appear in it when they sort after that point. Organizations are
//! `{"id": organization_id(n), "name": organization_name(n), "description": "Record 00000n",
//! "time_created": .., "time_modified": ..}` ([`organization_id`], [`organization_name`]); the ids are
//! scattered, so `id_ascending` is another order than by name.
//!
//! `GET /oxide/system/metrics/{metric_name}?id=<uuid>&start_time=&end_time=&limit=&page_token=`:
//! `metric_name` is `virtual_disk_space_provisioned`, `cpus_provisioned` or `ram_provisioned` (another
//! is a `400`, as dropshot refuses a path parameter it cannot parse); `id` (a UUID) is required on
//! every request, the first and those with a `page_token` alike, because it is not part of the
//! pagination parameters (which is why progenitor generates no stream for this operation);
//! `start_time` (inclusive) and `end_time` (exclusive), RFC 3339, are required on the first request
//! and carried by the token after it. There is one measurement per record, at its creation time,
//! oldest first: `{"datum": {"type": "i64", "datum": datum(metric_name, n)}, "timestamp": ..}`
//! ([`datum`]).
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! use paginated_mock::apis::oxide::organization_name;
//! let server = MockServer::start(MockConfig::with_records(15));
//! let list = |query: &str| -> serde_json::Value {
//!     let url = server.url(&format!("/oxide/organizations?{query}"));
//!     serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
//! };
//! let first = list("limit=10");
//! assert_eq!(first["items"][0]["name"], organization_name(1));
//! let token = first["next_page"].as_str().unwrap();
//! let encoded = serde_urlencoded::to_string([("page_token", token)]).unwrap();
//! let second = list(&format!("limit=10&{encoded}"));
//! assert_eq!(second["items"].as_array().unwrap().len(), 5);
//! assert!(second["next_page"].is_string(), "a page with items always has a token");
//! let encoded = serde_urlencoded::to_string([("page_token", second["next_page"].as_str().unwrap())]).unwrap();
//! let end = list(&format!("limit=10&{encoded}"));
//! assert_eq!(end["items"].as_array().unwrap().len(), 0);
//! assert!(end["next_page"].is_null());
//! ```

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use serde_json::{json, Value};

use super::AppState;
use crate::data::{iso8601, mix, parse_iso8601, Record};
use crate::http::Params;

/// Items per page without `limit` (dropshot's `page_default_nitems`).
pub const DEFAULT_LIMIT: u32 = 100;
/// The largest page (dropshot's `page_max_nitems`): a larger `limit` is lowered to it.
pub const MAX_LIMIT: u32 = 10_000;
/// The longest page token dropshot accepts.
const MAX_TOKEN_LENGTH: usize = 512;

/// The metrics `GET /oxide/system/metrics/{metric_name}` serves.
pub const METRIC_NAMES: [&str; 3] = [
    "virtual_disk_space_provisioned",
    "cpus_provisioned",
    "ram_provisioned",
];

/// The name of organization `n`: `org-` and six digits (`org-000042`).
pub fn organization_name(n: u64) -> String {
    format!("org-{n:06}")
}

/// The id of organization `n`: a version 4 UUID whose first half is scattered by a hash of `n` and
/// whose last group holds `n`, so ids are unique and their order is not the records' order.
pub fn organization_id(n: u64) -> String {
    let hash = mix(n);
    format!(
        "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
        hash >> 32,
        (hash >> 16) & 0xffff,
        hash & 0xfff,
        (n >> 48) & 0xfff,
        n & 0xffff_ffff_ffff
    )
}

/// The value of metric `metric_name` measured at record `n`'s creation, `None` for a metric the
/// server does not serve: `n` CPUs, `n` GiB of RAM, `n` × 10 GiB of disk.
pub fn datum(metric_name: &str, n: u64) -> Option<i64> {
    let n = i64::try_from(n).ok()?;
    match metric_name {
        "cpus_provisioned" => Some(n),
        "ram_provisioned" => n.checked_mul(1 << 30),
        "virtual_disk_space_provisioned" => n.checked_mul(10 << 30),
        _ => None,
    }
}

/// A dropshot error: `status` with `{"request_id", "message"}` and the `x-request-id` header.
fn error(request_id: &str, status: StatusCode, message: String) -> Response {
    respond(
        request_id,
        status,
        json!({"request_id": request_id, "message": message}),
    )
}

/// `400`, the message prefixed as dropshot's query extractor prefixes it.
fn bad_query(request_id: &str, message: impl std::fmt::Display) -> Response {
    error(
        request_id,
        StatusCode::BAD_REQUEST,
        format!("unable to parse query string: {message}"),
    )
}

fn respond(request_id: &str, status: StatusCode, body: Value) -> Response {
    let mut response = crate::http::json(status, body);
    if let Ok(value) = HeaderValue::from_str(request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response.into_response()
}

/// A fresh request id, shaped as dropshot's (a UUID).
fn request_id(state: &AppState) -> String {
    let n = state.next_sequence();
    format!(
        "{:08x}-0000-4000-8000-{:012x}",
        mix(n) >> 32,
        n & 0xffff_ffff_ffff
    )
}

/// `limit`: absent is the default, larger than the maximum is lowered, zero or not a `u32` refused.
fn limit(params: &Params) -> Result<usize, String> {
    match params.get("limit")? {
        None => Ok(DEFAULT_LIMIT as usize),
        Some(text) => match text.parse::<u32>() {
            Ok(0) => Err("invalid value: integer `0`, expected a nonzero u32".into()),
            Ok(limit) => Ok(limit.min(MAX_LIMIT) as usize),
            Err(error) => Err(format!("invalid value `{text}` for `limit`: {error}")),
        },
    }
}

/// A page token's `page_start`, as dropshot encodes it.
fn encode_token(page_start: Value) -> String {
    let token = json!({"v": "v1", "page_start": page_start});
    base64::engine::general_purpose::URL_SAFE.encode(token.to_string())
}

/// The `page_start` of a token, or dropshot's message for a token it cannot read.
fn decode_token(token: &str) -> Result<Value, String> {
    const LENIENT: base64::engine::GeneralPurpose = base64::engine::GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    if token.len() > MAX_TOKEN_LENGTH {
        return Err("failed to parse pagination token: too large".into());
    }
    let bytes = LENIENT
        .decode(token)
        .map_err(|error| format!("failed to parse pagination token: {error}"))?;
    let corrupted = || "failed to parse pagination token: corrupted token".to_owned();
    let mut token: Value = serde_json::from_slice(&bytes).map_err(|_| corrupted())?;
    match token.get("v") {
        Some(Value::String(version)) if version == "v1" => {}
        Some(Value::String(version)) => {
            return Err(format!(
                "failed to parse pagination token: unsupported version: {version:?}"
            ))
        }
        _ => return Err(corrupted()),
    }
    match token.get_mut("page_start").map(Value::take) {
        Some(page_start @ Value::Object(_)) => Ok(page_start),
        _ => Err(corrupted()),
    }
}

/// A string member of a token's `page_start`.
fn member<'a>(page_start: &'a Value, name: &str) -> Result<&'a str, String> {
    page_start[name]
        .as_str()
        .ok_or_else(|| "failed to parse pagination token: corrupted token".to_owned())
}

/// How `GET /oxide/organizations` sorts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SortBy {
    NameAscending,
    NameDescending,
    IdAscending,
}

impl SortBy {
    fn parse(text: &str) -> Option<SortBy> {
        match text {
            "name_ascending" => Some(SortBy::NameAscending),
            "name_descending" => Some(SortBy::NameDescending),
            "id_ascending" => Some(SortBy::IdAscending),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            SortBy::NameAscending => "name_ascending",
            SortBy::NameDescending => "name_descending",
            SortBy::IdAscending => "id_ascending",
        }
    }

    /// The key a record sorts by (ascending; `name_descending` reverses it).
    fn key(self, record: &Record) -> String {
        match self {
            SortBy::NameAscending | SortBy::NameDescending => organization_name(record.id),
            SortBy::IdAscending => organization_id(record.id),
        }
    }

    /// Whether `key` comes after `last_seen` in this order.
    fn after(self, key: &str, last_seen: &str) -> bool {
        match self {
            SortBy::NameDescending => key < last_seen,
            SortBy::NameAscending | SortBy::IdAscending => key > last_seen,
        }
    }
}

fn organization(record: &Record) -> Value {
    let time = iso8601(record.created_at);
    json!({
        "id": organization_id(record.id),
        "name": organization_name(record.id),
        "description": record.name(),
        "time_created": time,
        "time_modified": time,
    })
}

pub(crate) async fn organizations(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let request_id = request_id(&state);
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let limit = limit(&params)?;
        let start = match params.get("page_token")? {
            Some(token) => {
                let page_start = decode_token(token)?;
                let sort_by = SortBy::parse(member(&page_start, "sort_by")?)
                    .ok_or("failed to parse pagination token: corrupted token")?;
                (sort_by, Some(member(&page_start, "last_seen")?.to_owned()))
            }
            None => match params.get("sort_by")? {
                None => (SortBy::NameAscending, None),
                Some(text) => (
                    SortBy::parse(text).ok_or_else(|| {
                        format!(
                            "unknown variant `{text}`, expected one of `name_ascending`, \
                             `name_descending`, `id_ascending`"
                        )
                    })?,
                    None,
                ),
            },
        };
        Ok((limit, start))
    };
    let (limit, (sort_by, last_seen)) = match read() {
        Ok(values) => values,
        Err(message) => return bad_query(&request_id, message),
    };
    let mut keyed: Vec<(String, Record)> = state
        .records()
        .iter()
        .map(|record| (sort_by.key(record), record.clone()))
        .filter(|(key, _)| last_seen.as_deref().is_none_or(|last| sort_by.after(key, last)))
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    if sort_by == SortBy::NameDescending {
        keyed.reverse();
    }
    keyed.truncate(limit);
    let items: Vec<Value> = keyed.iter().map(|(_, record)| organization(record)).collect();
    let next_page = keyed
        .last()
        .map(|(key, _)| encode_token(json!({"sort_by": sort_by.as_str(), "last_seen": key})));
    respond(
        &request_id,
        StatusCode::OK,
        json!({"items": items, "next_page": next_page}),
    )
}

/// Whether `text` is a UUID as the `uuid` crate reads one: hyphenated or 32 hex digits.
fn is_uuid(text: &str) -> bool {
    let hex = |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_hexdigit());
    let parts: Vec<&str> = text.split('-').collect();
    match parts.as_slice() {
        [simple] => hex(simple, 32),
        [a, b, c, d, e] => hex(a, 8) && hex(b, 4) && hex(c, 4) && hex(d, 4) && hex(e, 12),
        _ => false,
    }
}

/// RFC 3339 (`Z` or a `±HH:MM` offset) to UNIX seconds; years have four digits.
fn parse_rfc3339(text: &str) -> Option<i64> {
    let year = text.get(..5)?;
    if !(year[..4].bytes().all(|b| b.is_ascii_digit()) && year.ends_with('-')) {
        return None;
    }
    if let Some(utc) = text.strip_suffix('Z').or_else(|| text.strip_suffix('z')) {
        return parse_iso8601(&format!("{utc}Z"));
    }
    let split = text.len().checked_sub(6)?;
    let (local, offset) = (text.get(..split)?, text.get(split..)?);
    let sign = match offset.as_bytes()[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (hours, minutes) = offset[1..].split_once(':')?;
    let (hours, minutes) = (hours.parse::<i64>().ok()?, minutes.parse::<i64>().ok()?);
    if !(0..=23).contains(&hours) || !(0..=59).contains(&minutes) {
        return None;
    }
    let utc = parse_iso8601(&format!("{local}Z"))?;
    Some(utc - sign * (hours * 3600 + minutes * 60))
}

fn time_param(params: &Params, name: &str) -> Result<Option<i64>, String> {
    match params.get(name)? {
        None => Ok(None),
        Some(text) => parse_rfc3339(text)
            .map(Some)
            .ok_or_else(|| format!("invalid value `{text}` for `{name}`: not an RFC 3339 date-time")),
    }
}

pub(crate) async fn system_metric(
    State(state): State<AppState>,
    Path(metric_name): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let request_id = request_id(&state);
    if !METRIC_NAMES.contains(&metric_name.as_str()) {
        return error(
            &request_id,
            StatusCode::BAD_REQUEST,
            format!(
                "bad parameter in URL path: unknown variant `{metric_name}`, expected one of {}",
                METRIC_NAMES.map(|name| format!("`{name}`")).join(", ")
            ),
        );
    }
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        match params.get("id")? {
            None => return Err("missing field `id`".into()),
            Some(id) if !is_uuid(id) => return Err(format!("invalid value `{id}` for `id`: not a UUID")),
            Some(_) => {}
        }
        let limit = limit(&params)?;
        let window = match params.get("page_token")? {
            Some(token) => {
                let page_start = decode_token(token)?;
                let corrupted = || "failed to parse pagination token: corrupted token".to_owned();
                let time = |name: &str| -> Result<i64, String> {
                    parse_rfc3339(member(&page_start, name)?).ok_or_else(corrupted)
                };
                (time("start_time")?, time("end_time")?, Some(time("last_seen")?))
            }
            None => {
                let start = time_param(&params, "start_time")?.ok_or("missing field `start_time`")?;
                let end = time_param(&params, "end_time")?.ok_or("missing field `end_time`")?;
                (start, end, None)
            }
        };
        Ok((limit, window))
    };
    let (limit, (start, end, last_seen)) = match read() {
        Ok(values) => values,
        Err(message) => return bad_query(&request_id, message),
    };
    let from = last_seen.map_or(start, |last| last.saturating_add(1).max(start));
    let records: Vec<Record> = state
        .records()
        .iter()
        .filter(|record| record.created_at >= from && record.created_at < end)
        .take(limit)
        .cloned()
        .collect();
    let items: Vec<Value> = records
        .iter()
        .map(|record| {
            json!({
                "datum": {"type": "i64", "datum": datum(&metric_name, record.id)},
                "timestamp": iso8601(record.created_at),
            })
        })
        .collect();
    let next_page = records.last().map(|record| {
        encode_token(json!({
            "start_time": iso8601(start),
            "end_time": iso8601(end),
            "last_seen": iso8601(record.created_at),
        }))
    });
    respond(
        &request_id,
        StatusCode::OK,
        json!({"items": items, "next_page": next_page}),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::testing::{get, get_with, Reply};
    use crate::{MockConfig, MockServer, EPOCH, SPAN_SECONDS};

    fn encode(name: &str, value: &str) -> String {
        serde_urlencoded::to_string([(name, value)]).unwrap()
    }

    /// Walks `path?query` to the end, as a dropshot client does; the pages' items and the replies.
    fn walk(server: &MockServer, path: &str, first: &str, every: &str) -> (Vec<Value>, usize) {
        let mut query = format!("{first}&{every}");
        let mut items = Vec::new();
        let mut requests = 0;
        loop {
            let reply = get(&server.url(&format!("{path}?{query}")));
            assert_eq!(reply.status, 200, "{}", reply.text);
            requests += 1;
            let page = reply.json();
            let page_items = page["items"].as_array().unwrap();
            match page["next_page"].as_str() {
                Some(token) => {
                    assert!(!page_items.is_empty(), "a token on an empty page");
                    query = format!("{}&{every}", encode("page_token", token));
                }
                None => {
                    assert!(page_items.is_empty(), "the end is an empty page");
                    assert!(page["next_page"].is_null());
                    return (items, requests);
                }
            }
            items.extend(page_items.iter().cloned());
        }
    }

    fn names(items: &[Value]) -> Vec<String> {
        items
            .iter()
            .map(|item| item["name"].as_str().unwrap().to_owned())
            .collect()
    }

    fn assert_dropshot_error(reply: &Reply, needle: &str) {
        assert_eq!(reply.status, 400, "{}", reply.text);
        let body = reply.json();
        assert!(
            body["message"].as_str().unwrap().contains(needle),
            "{needle}: {}",
            body["message"]
        );
        let request_id = body["request_id"].as_str().unwrap();
        assert!(is_uuid(request_id), "{request_id}");
        assert_eq!(reply.header("x-request-id"), Some(request_id));
        assert!(body.get("error_code").is_none());
    }

    #[test]
    fn organizations_by_name_both_ways_and_by_id() {
        let server = MockServer::start(MockConfig::with_records(25));
        let (items, requests) = walk(
            &server,
            "/oxide/organizations",
            "sort_by=name_ascending",
            "limit=10",
        );
        assert_eq!(names(&items), (1..=25).map(organization_name).collect::<Vec<_>>());
        assert_eq!(requests, 4, "three pages and the empty end");
        let first = get(&server.url("/oxide/organizations?limit=1")).json();
        let token = first["next_page"].as_str().unwrap();
        assert!(token.ends_with('='), "padded URL-safe base64: {token}");
        assert_eq!(
            items[0],
            serde_json::json!({
                "id": organization_id(1),
                "name": "org-000001",
                "description": "Record 000001",
                "time_created": "2024-01-01T00:00:00.000Z",
                "time_modified": "2024-01-01T00:00:00.000Z",
            })
        );

        let (items, _) = walk(
            &server,
            "/oxide/organizations",
            "sort_by=name_descending",
            "limit=7",
        );
        assert_eq!(
            names(&items),
            (1..=25).rev().map(organization_name).collect::<Vec<_>>()
        );

        let (items, _) = walk(&server, "/oxide/organizations", "sort_by=id_ascending", "limit=4");
        let ids: Vec<&str> = items.iter().map(|item| item["id"].as_str().unwrap()).collect();
        let mut sorted = ids.clone();
        sorted.sort();
        assert_eq!(ids, sorted);
        assert_eq!(ids.len(), 25);
        assert_ne!(names(&items), (1..=25).map(organization_name).collect::<Vec<_>>());

        // Without `limit`: 100 a page; a huge one is lowered to 10,000.
        let page = get(&server.url("/oxide/organizations")).json();
        assert_eq!(page["items"].as_array().unwrap().len(), 25);
        let page = get(&server.url("/oxide/organizations?limit=4294967295")).json();
        assert_eq!(page["items"].as_array().unwrap().len(), 25);
    }

    #[test]
    fn the_token_carries_the_sort_and_ignores_a_new_one() {
        let server = MockServer::start(MockConfig::with_records(6));
        let first = get(&server.url("/oxide/organizations?limit=2&sort_by=name_descending")).json();
        let token = first["next_page"].as_str().unwrap();
        let second = get(&server.url(&format!(
            "/oxide/organizations?limit=2&sort_by=name_ascending&{}",
            encode("page_token", token)
        )))
        .json();
        assert_eq!(
            names(second["items"].as_array().unwrap()),
            ["org-000004", "org-000003"]
        );
    }

    #[test]
    fn organizations_created_during_a_walk_are_reached() {
        let server = MockServer::start(MockConfig::with_records(5));
        let first = get(&server.url("/oxide/organizations?limit=3")).json();
        server.insert_record();
        let token = first["next_page"].as_str().unwrap();
        let (rest, _) = walk(
            &server,
            "/oxide/organizations",
            &encode("page_token", token),
            "limit=3",
        );
        assert_eq!(names(&rest), ["org-000004", "org-000005", "org-000006"]);
    }

    #[test]
    fn organization_errors_are_dropshot_errors() {
        let server = MockServer::start(MockConfig::with_records(5));
        let cases = [
            ("limit=0", "nonzero"),
            ("limit=-1", "limit"),
            ("limit=x", "limit"),
            ("limit=4294967296", "limit"),
            ("limit=1&limit=2", "more than once"),
            ("sort_by=newest", "unknown variant `newest`"),
            ("page_token=%25%25", "failed to parse pagination token"),
            ("page_token=e30", "corrupted token"),
        ];
        for (query, needle) in cases {
            let reply = get(&server.url(&format!("/oxide/organizations?{query}")));
            assert_dropshot_error(&reply, needle);
        }
        let long = encode_token(serde_json::json!({"last_seen": "x".repeat(600)}));
        let reply = get(&server.url(&format!("/oxide/organizations?{}", encode("page_token", &long))));
        assert_dropshot_error(&reply, "too large");
        let v2 = base64::engine::general_purpose::URL_SAFE.encode(r#"{"v":"v2","page_start":{}}"#);
        let reply = get(&server.url(&format!("/oxide/organizations?{}", encode("page_token", &v2))));
        assert_dropshot_error(&reply, "unsupported version");
    }

    #[test]
    fn a_metrics_walk_needs_its_id_on_every_page() {
        let server = MockServer::start(MockConfig::with_records(12));
        let id = "id=3fa85f64-5717-4562-b3fc-2c963f66afa6";
        let window = format!(
            "start_time={}&end_time={}",
            iso8601(EPOCH),
            iso8601(EPOCH + SPAN_SECONDS)
        );
        let path = "/oxide/system/metrics/ram_provisioned";
        let (items, requests) = walk(&server, path, &window, &format!("{id}&limit=5"));
        assert_eq!(requests, 4);
        let expected: Vec<Value> = crate::data::records(12)
            .iter()
            .map(|record| {
                serde_json::json!({
                    "datum": {"type": "i64", "datum": (record.id as i64) << 30},
                    "timestamp": iso8601(record.created_at),
                })
            })
            .collect();
        assert_eq!(items, expected);

        // The second page without `id` is refused, though the token says where to go on.
        let first = get(&server.url(&format!("{path}?{id}&{window}&limit=5"))).json();
        let token = encode("page_token", first["next_page"].as_str().unwrap());
        assert_dropshot_error(
            &get(&server.url(&format!("{path}?{token}&limit=5"))),
            "missing field `id`",
        );
        let second = get(&server.url(&format!("{path}?{id}&{token}&limit=5")));
        assert_eq!(second.status, 200);
        assert_eq!(second.json()["items"][0], expected[5]);
    }

    #[test]
    fn a_metrics_window_is_start_inclusive_end_exclusive_with_offsets() {
        let records = crate::data::records(10);
        let server = MockServer::start(MockConfig::with_records(10));
        // Records 3..=6: the end (record 7's time, exclusive) written in another offset.
        let start = iso8601(records[2].created_at);
        let end = iso8601(records[6].created_at + 2 * 3600).replace(".000Z", "+02:00");
        let window = format!("{}&{}", encode("start_time", &start), encode("end_time", &end));
        let (items, _) = walk(
            &server,
            "/oxide/system/metrics/cpus_provisioned",
            &window,
            "id=3FA85F64571745620000000000000000",
        );
        let data: Vec<i64> = items
            .iter()
            .map(|item| item["datum"]["datum"].as_i64().unwrap())
            .collect();
        assert_eq!(data, [3, 4, 5, 6]);
    }

    #[test]
    fn metric_errors_are_dropshot_errors() {
        let server = MockServer::start(MockConfig::with_records(5));
        let window = format!("start_time={}&end_time={}", iso8601(EPOCH), iso8601(EPOCH + 60));
        let id = "id=3fa85f64-5717-4562-b3fc-2c963f66afa6";
        let cases = [
            (
                format!("/oxide/system/metrics/cpus_provisioned?{window}"),
                "missing field `id`",
            ),
            (
                format!("/oxide/system/metrics/cpus_provisioned?id=42&{window}"),
                "not a UUID",
            ),
            (
                format!("/oxide/system/metrics/cpus_provisioned?{id}"),
                "missing field `start_time`",
            ),
            (
                format!("/oxide/system/metrics/cpus_provisioned?{id}&start_time=2024-01-01T00:00:00Z"),
                "missing field `end_time`",
            ),
            (
                format!("/oxide/system/metrics/cpus_provisioned?{id}&start_time=yesterday&end_time=now"),
                "RFC 3339",
            ),
            (
                format!("/oxide/system/metrics/cpus_provisioned?{id}&{window}&limit=0"),
                "nonzero",
            ),
            (
                format!("/oxide/system/metrics/gpus?{id}&{window}"),
                "bad parameter in URL path",
            ),
        ];
        for (path, needle) in cases {
            assert_dropshot_error(&get(&server.url(&path)), needle);
        }
        // An organizations token is not a metrics token.
        let first = get(&server.url("/oxide/organizations?limit=1")).json();
        let token = encode("page_token", first["next_page"].as_str().unwrap());
        let reply = get(&server.url(&format!("/oxide/system/metrics/cpus_provisioned?{id}&{token}")));
        assert_dropshot_error(&reply, "corrupted token");
    }

    #[test]
    fn the_api_version_header_is_accepted() {
        let server = MockServer::start(MockConfig::with_records(3));
        let reply = get_with(&server.url("/oxide/organizations"), &[("api-version", "0.0.1")]);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.json()["items"].as_array().unwrap().len(), 3);
        assert_eq!(server.requests()[0].header("api-version"), Some("0.0.1"));
        assert!(reply.header("x-request-id").is_some_and(is_uuid));
    }

    #[test]
    fn extreme_values_get_an_answer() {
        let server = MockServer::start(MockConfig::with_records(3));
        let path = "/oxide/system/metrics/cpus_provisioned?id=3fa85f64-5717-4562-b3fc-2c963f66afa6";
        let reply = get(&server.url(&format!(
            "{path}&start_time=9999-12-31T23:59:59Z&end_time=0000-01-01T00:00:00Z"
        )));
        assert_eq!(reply.status, 200);
        assert!(reply.json()["next_page"].is_null());
        let reply = get(&server.url(&format!(
            "{path}&start_time=99999999999999999-01-01T00:00:00Z&end_time=0000-01-01T00:00:00Z"
        )));
        assert_eq!(reply.status, 400);
        let token = encode_token(serde_json::json!({
            "start_time": "0000-01-01T00:00:00Z",
            "end_time": "9999-12-31T23:59:59Z",
            "last_seen": "9999-12-31T23:59:59Z",
        }));
        let reply = get(&server.url(&format!("{path}&{}", encode("page_token", &token))));
        assert_eq!(reply.status, 200);
        assert_eq!(datum("cpus_provisioned", u64::MAX), None);
        assert_eq!(datum("ram_provisioned", u64::MAX >> 1), None);
        assert_eq!(datum("gpus", 1), None);
    }

    #[test]
    fn uuids_and_offsets() {
        assert!(is_uuid(&organization_id(1)));
        assert!(is_uuid(&organization_id(u64::MAX)));
        assert!(!is_uuid("3fa85f64-5717-4562-b3fc"));
        assert_eq!(parse_rfc3339("2024-01-01T02:00:00+02:00"), Some(EPOCH));
        assert_eq!(parse_rfc3339("2023-12-31T23:30:00.5-00:30"), Some(EPOCH));
        assert_eq!(parse_rfc3339("2024-01-01T00:00:00z"), Some(EPOCH));
        assert_eq!(parse_rfc3339("2024-01-01T00:00:00+25:00"), None);
        for bad in [
            "",
            "é",
            "aéaaaaa",
            "2024-01-01T00:00:00é+0:00",
            "+2024-01-01T00:00:00Z",
            "2024-01-01",
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
