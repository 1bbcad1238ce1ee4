//! Salesforce REST API queries: `GET /services/data/v58.0/query?q=SELECT+Id+FROM+Account`, then the
//! relative `nextRecordsUrl` of each batch.
//!
//! As Salesforce documents it:
//! - the batch size comes from the request header `Sforce-Query-Options: batchSize=N`: default 2,000,
//!   minimum 200, maximum 2,000 (values outside are brought within; a value that is not a number is
//!   `400 INVALID_QUERY_OPTIONS`, a code of this emulation).
//! - the answer is `{"totalSize": T, "done": b, "nextRecordsUrl": "/services/data/v58.0/query/01g…-2000",
//!   "records": [{"attributes": {"type": "Account", "url": ".."}, "Id": ..}]}`: `nextRecordsUrl` is
//!   relative (resolve it against the instance URL), made of a query locator and the offset of the
//!   next batch, and absent when `done` is `true`.
//! - `GET /services/data/{version}/query/{locator}-{offset}` serves the next batch of the query the
//!   locator belongs to, as it was when first run (records created since are not in it). An unknown or
//!   altered locator is `400 [{"errorCode": "INVALID_QUERY_LOCATOR", "message": "invalid query
//!   locator"}]`.
//! - errors are a JSON array of `{"message", "errorCode"}`: `MALFORMED_QUERY` (no `q`, a repeated
//!   `q`, or SOQL outside the supported subset), `INVALID_TYPE` (an object other than `Account`),
//!   `INVALID_FIELD` (a field other than `Id`, `Name`, `CreatedDate`), `NOT_FOUND` (a version not
//!   written `vNN.N`).
//!
//! SOQL supported: `SELECT <fields> FROM Account [ORDER BY <field> [ASC|DESC]] [LIMIT n]`, keywords in
//! any case. Accounts have `Id` = [`account_id`]`(n)`, `Name` = `Record 00000n` and `CreatedDate`
//! (`2024-01-01T00:00:00.000+0000`); the default order is by `Id`.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(450));
//! let client = reqwest::blocking::Client::new();
//! let get = |path: &str| -> serde_json::Value {
//!     let response = client.get(server.url(path)).header("Sforce-Query-Options", "batchSize=200").send().unwrap();
//!     serde_json::from_str(&response.text().unwrap()).unwrap()
//! };
//! let first = get("/services/data/v58.0/query?q=SELECT+Id,Name+FROM+Account");
//! assert_eq!((first["totalSize"].as_u64(), first["done"].as_bool()), (Some(450), Some(false)));
//! let next = first["nextRecordsUrl"].as_str().unwrap();
//! assert!(next.starts_with("/services/data/v58.0/query/01g") && next.ends_with("-200"));
//! let second = get(next);
//! let third = get(second["nextRecordsUrl"].as_str().unwrap());
//! assert_eq!(third["records"].as_array().unwrap().len(), 50);
//! assert_eq!(third["records"][49]["Id"], paginated_mock::apis::salesforce::account_id(450));
//! assert_eq!(third["done"], true);
//! assert!(third.get("nextRecordsUrl").is_none());
//! ```

use std::collections::HashMap;

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Map, Value};

use super::AppState;
use crate::data::{iso8601, Record};
use crate::http::{json, Params};

const DEFAULT_BATCH: usize = 2000;
const MIN_BATCH: usize = 200;

/// The 18-character id of account `n`: `001`, twelve digits, `AAA` (`001000000000042AAA`).
pub fn account_id(n: u64) -> String {
    format!("001{n:012}AAA")
}

/// Queries run so far, by locator number: what the next batches serve.
#[derive(Default)]
pub(crate) struct Locators {
    queries: HashMap<u64, Query>,
    next: u64,
}

struct Query {
    fields: Vec<&'static str>,
    /// The records the query matched when it ran, in order.
    records: Vec<Record>,
    batch: usize,
}

/// A refused request: Salesforce answers a list of `{"message", "errorCode"}`.
struct Failure {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl Failure {
    fn response(self) -> Response {
        json(
            self.status,
            json!([{"message": self.message, "errorCode": self.code}]),
        )
    }
}

fn errors(status: StatusCode, code: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        status,
        code,
        message: message.into(),
    }
}

fn malformed(message: impl Into<String>) -> Failure {
    errors(StatusCode::BAD_REQUEST, "MALFORMED_QUERY", message)
}

fn check_version(version: &str) -> Result<(), Failure> {
    let valid = version
        .strip_prefix('v')
        .and_then(|number| number.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major
                    .chars()
                    .chain(minor.chars())
                    .all(|character| character.is_ascii_digit())
        });
    if valid {
        Ok(())
    } else {
        Err(errors(
            StatusCode::NOT_FOUND,
            "NOT_FOUND",
            "The requested resource does not exist",
        ))
    }
}

/// The batch size the `Sforce-Query-Options` header asks for.
fn batch_size(headers: &HeaderMap) -> Result<Option<usize>, Failure> {
    let Some(value) = headers.get("sforce-query-options") else {
        return Ok(None);
    };
    let text = value.to_str().unwrap_or_default();
    for option in text.split(',') {
        if let Some((name, value)) = option.split_once('=') {
            if name.trim().eq_ignore_ascii_case("batchSize") {
                return match value.trim().parse::<i64>() {
                    Ok(size) => Ok(Some((size.max(0) as usize).clamp(MIN_BATCH, DEFAULT_BATCH))),
                    Err(_) => Err(errors(
                        StatusCode::BAD_REQUEST,
                        "INVALID_QUERY_OPTIONS",
                        format!("batchSize must be a number, got {value}"),
                    )),
                };
            }
        }
    }
    Ok(None)
}

/// A parsed query: its fields, descending order, and limit.
struct Soql {
    fields: Vec<&'static str>,
    descending: bool,
    limit: Option<usize>,
}

fn field(name: &str) -> Option<&'static str> {
    ["Id", "Name", "CreatedDate"]
        .into_iter()
        .find(|field| field.eq_ignore_ascii_case(name))
}

fn parse_soql(text: &str) -> Result<Soql, Failure> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let keyword = |index: usize, expected: &str| {
        words
            .get(index)
            .is_some_and(|word| word.eq_ignore_ascii_case(expected))
    };
    if !keyword(0, "SELECT") {
        return Err(malformed(format!(
            "unexpected token: '{}'",
            words.first().unwrap_or(&"")
        )));
    }
    let from = (1..words.len())
        .find(|&index| keyword(index, "FROM"))
        .ok_or_else(|| malformed("unexpected token: <EOF>: FROM expected"))?;
    let mut fields = Vec::new();
    for name in words[1..from].join(" ").split(',').map(str::trim) {
        match field(name) {
            Some(field) if !fields.contains(&field) => fields.push(field),
            Some(_) => return Err(malformed(format!("duplicate field selected: {name}"))),
            None if name.is_empty() => return Err(malformed("unexpected token: FROM")),
            None => {
                return Err(errors(
                    StatusCode::BAD_REQUEST,
                    "INVALID_FIELD",
                    format!("No such column '{name}' on entity 'Account'."),
                ))
            }
        }
    }
    let object = words.get(from + 1).copied().unwrap_or_default();
    if !object.eq_ignore_ascii_case("Account") {
        return Err(errors(
            StatusCode::BAD_REQUEST,
            "INVALID_TYPE",
            format!("sObject type '{object}' is not supported."),
        ));
    }
    let mut index = from + 2;
    let mut soql = Soql {
        fields,
        descending: false,
        limit: None,
    };
    if keyword(index, "ORDER") && keyword(index + 1, "BY") {
        let name = words.get(index + 2).copied().unwrap_or_default();
        if field(name).is_none() {
            return Err(errors(
                StatusCode::BAD_REQUEST,
                "INVALID_FIELD",
                format!("No such column '{name}' on entity 'Account'."),
            ));
        }
        index += 3;
        if keyword(index, "DESC") {
            soql.descending = true;
            index += 1;
        } else if keyword(index, "ASC") {
            index += 1;
        }
    }
    if keyword(index, "LIMIT") {
        let limit = words.get(index + 1).and_then(|word| word.parse::<usize>().ok());
        soql.limit = Some(limit.ok_or_else(|| malformed("LIMIT must be a non-negative integer"))?);
        index += 2;
    }
    if let Some(word) = words.get(index) {
        return Err(malformed(format!("unexpected token: '{word}'")));
    }
    Ok(soql)
}

fn render(version: &str, fields: &[&str], record: &Record) -> Value {
    let id = account_id(record.id);
    let mut object = Map::new();
    object.insert(
        "attributes".into(),
        json!({"type": "Account", "url": format!("/services/data/{version}/sobjects/Account/{id}")}),
    );
    for field in fields {
        let value = match *field {
            "Id" => json!(id),
            "Name" => json!(record.name()),
            _ => json!(iso8601(record.created_at).replace('Z', "+0000")),
        };
        object.insert((*field).into(), value);
    }
    Value::Object(object)
}

/// One batch of `query` from `offset`.
fn batch(version: &str, locator: u64, query: &Query, offset: usize, batch: usize) -> Response {
    let end = (offset + batch).min(query.records.len());
    let records: Vec<Value> = query.records[offset..end]
        .iter()
        .map(|record| render(version, &query.fields, record))
        .collect();
    let done = end >= query.records.len();
    let mut body = json!({"totalSize": query.records.len(), "done": done});
    if !done {
        body["nextRecordsUrl"] = json!(format!("/services/data/{version}/query/01g{locator:015}-{end}"));
    }
    body["records"] = json!(records);
    json(StatusCode::OK, body)
}

pub(crate) async fn query(
    State(state): State<AppState>,
    Path(version): Path<String>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    if let Err(failure) = check_version(&version) {
        return failure.response();
    }
    let batch_size = match batch_size(&headers) {
        Ok(size) => size.unwrap_or(DEFAULT_BATCH),
        Err(failure) => return failure.response(),
    };
    let text = match Params::parse(raw.as_deref())
        .and_then(|params| params.get("q").map(|q| q.map(str::to_owned)))
    {
        Ok(Some(text)) => text,
        Ok(None) => return malformed("A query string has to be specified").response(),
        Err(message) => return malformed(message).response(),
    };
    let soql = match parse_soql(&text) {
        Ok(soql) => soql,
        Err(failure) => return failure.response(),
    };
    let mut records: Vec<Record> = state.records().clone();
    if soql.descending {
        records.reverse();
    }
    if let Some(limit) = soql.limit {
        records.truncate(limit);
    }
    let query = Query {
        fields: soql.fields,
        records,
        batch: batch_size,
    };
    let mut locators = state.soql.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    locators.next += 1;
    let locator = locators.next;
    let response = batch(&version, locator, &query, 0, batch_size);
    locators.queries.insert(locator, query);
    response
}

pub(crate) async fn more(
    State(state): State<AppState>,
    Path((version, locator)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(failure) = check_version(&version) {
        return failure.response();
    }
    let invalid = || {
        errors(
            StatusCode::BAD_REQUEST,
            "INVALID_QUERY_LOCATOR",
            "invalid query locator",
        )
        .response()
    };
    let Some((number, offset)) = locator
        .strip_prefix("01g")
        .and_then(|rest| rest.split_once('-'))
        .filter(|(number, _)| number.len() == 15)
        .and_then(|(number, offset)| Some((number.parse::<u64>().ok()?, offset.parse::<usize>().ok()?)))
    else {
        return invalid();
    };
    let requested = match batch_size(&headers) {
        Ok(size) => size,
        Err(failure) => return failure.response(),
    };
    let locators = state.soql.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    match locators.queries.get(&number) {
        Some(query) if offset < query.records.len() => {
            batch(&version, number, query, offset, requested.unwrap_or(query.batch))
        }
        _ => invalid(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::account_id;
    use crate::testing::{get_with, text_ids};
    use crate::{MockConfig, MockServer};

    fn ids(batch: &Value) -> Vec<String> {
        text_ids(&batch["records"], "Id")
    }

    #[test]
    fn default_batches_of_two_thousand() {
        let server = MockServer::start(MockConfig::with_records(4_500));
        let mut path = String::from("/services/data/v58.0/query?q=SELECT+Id+FROM+Account");
        let (mut seen, mut sizes) = (Vec::new(), Vec::new());
        loop {
            let reply = get_with(&server.url(&path), &[]);
            assert_eq!(reply.status, 200, "{}", reply.text);
            let batch = reply.json();
            assert_eq!(batch["totalSize"], 4_500);
            sizes.push(ids(&batch).len());
            seen.extend(ids(&batch));
            match batch.get("nextRecordsUrl") {
                Some(next) => path = next.as_str().unwrap().to_owned(),
                None => {
                    assert_eq!(batch["done"], true);
                    break;
                }
            }
        }
        assert_eq!(sizes, [2000, 2000, 500]);
        assert_eq!(seen, (1..=4_500).map(account_id).collect::<Vec<_>>());
    }

    #[test]
    fn batch_sizes_are_clamped_and_queries_are_snapshots() {
        let server = MockServer::start(MockConfig::with_records(450));
        let small = [("Sforce-Query-Options", "batchSize=10")];
        let first = get_with(
            &server.url(
                "/services/data/v58.0/query?q=select+Id,+Name,+CreatedDate+from+account+order+by+Id+desc",
            ),
            &small,
        )
        .json();
        assert_eq!(ids(&first).len(), 200, "at least 200");
        assert_eq!(first["records"][0]["Id"], account_id(450));
        assert_eq!(first["records"][0]["Name"], "Record 000450");
        assert!(first["records"][0]["CreatedDate"]
            .as_str()
            .unwrap()
            .ends_with(".000+0000"));
        assert_eq!(first["records"][0]["attributes"]["type"], "Account");
        server.insert_record();
        let next = get_with(&server.url(first["nextRecordsUrl"].as_str().unwrap()), &small).json();
        assert_eq!(next["totalSize"], 450, "the query's records as when it ran");
        assert_eq!(next["records"][0]["Id"], account_id(250));
        let big = get_with(
            &server.url("/services/data/v58.0/query?q=SELECT+Id+FROM+Account+LIMIT+5"),
            &[("Sforce-Query-Options", "batchSize=9000")],
        )
        .json();
        assert_eq!((ids(&big).len(), big["done"].as_bool()), (5, Some(true)));
    }

    #[test]
    fn errors_are_arrays() {
        let server = MockServer::start(MockConfig::with_records(450));
        for (path, code) in [
            ("/services/data/v58.0/query", "MALFORMED_QUERY"),
            (
                "/services/data/v58.0/query?q=SELECT+Id+FROM+Account&q=SELECT+Id+FROM+Account",
                "MALFORMED_QUERY",
            ),
            (
                "/services/data/v58.0/query?q=SELECT+Id+FROM+Contact",
                "INVALID_TYPE",
            ),
            (
                "/services/data/v58.0/query?q=SELECT+Phone+FROM+Account",
                "INVALID_FIELD",
            ),
            (
                "/services/data/v58.0/query?q=SELECT+Id+FROM+Account+WHERE+x",
                "MALFORMED_QUERY",
            ),
            (
                "/services/data/v58.0/query/01g000000000099-200",
                "INVALID_QUERY_LOCATOR",
            ),
            ("/services/data/v58.0/query/bogus", "INVALID_QUERY_LOCATOR"),
            (
                "/services/data/latest/query?q=SELECT+Id+FROM+Account",
                "NOT_FOUND",
            ),
        ] {
            let reply = get_with(&server.url(path), &[]);
            assert!(reply.status == 400 || reply.status == 404, "{path}");
            assert_eq!(reply.json()[0]["errorCode"], code, "{path}");
        }
        let reply = get_with(
            &server.url("/services/data/v58.0/query?q=SELECT+Id+FROM+Account"),
            &[("Sforce-Query-Options", "batchSize=many")],
        );
        assert_eq!(reply.json()[0]["errorCode"], "INVALID_QUERY_OPTIONS");
    }
}
