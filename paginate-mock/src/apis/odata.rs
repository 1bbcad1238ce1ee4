//! OData v4 server-driven paging, as Microsoft Graph serves it: `GET /odata/v1.0/users?$top=N&$filter=..`,
//! then the `@odata.nextLink` URLs.
//!
//! As Microsoft Graph documents it for `users`:
//! - `$top` between 1 and 999, default 100; other values are refused (`Invalid page size specified`).
//! - the answer is `{"@odata.context": ".../$metadata#users", "value": [...], "@odata.nextLink": ".."}`.
//!   The next link is an absolute URL carrying `$top`, an opaque `$skiptoken` and the other query
//!   options of the request (`$filter`, `$count`); clients must follow it as it is. It is absent on
//!   the last page: the only end signal.
//! - `$filter` supports `<property> eq '<text>'` on `jobTitle`, `displayName` and `mail`, and
//!   `startswith(displayName,'<text>')`. The skip token belongs to its filter: sent with another
//!   filter, or altered, it is refused.
//! - `$count=true` adds `@odata.count`, and needs the header `ConsistencyLevel: eventual` (advanced
//!   query), without which it is `400 Request_UnsupportedQuery`.
//! - errors are `{"error": {"code": "..", "message": "..", "innerError": {"date", "request-id",
//!   "client-request-id"}}}`.
//!
//! Users are `{"id": user_id(n), "displayName": "Record 00000n", "userPrincipalName":
//! "user00000n@contoso.example", "mail": (same), "jobTitle": role}` in `n` order ([`user_id`]).
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(250));
//! let get = |url: &str| -> serde_json::Value {
//!     serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
//! };
//! let first = get(&server.url("/odata/v1.0/users"));
//! assert_eq!(first["value"].as_array().unwrap().len(), 100);
//! let second = get(first["@odata.nextLink"].as_str().unwrap());
//! let third = get(second["@odata.nextLink"].as_str().unwrap());
//! assert_eq!(third["value"].as_array().unwrap().len(), 50);
//! assert_eq!(third["value"][49]["id"], paginated_mock::apis::odata::user_id(250));
//! assert!(third.get("@odata.nextLink").is_none());
//! ```

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{json, Value};

use super::AppState;
use crate::data::Record;
use crate::http::{encode_value, json, token, Params};

/// The object id of user `n`: a GUID whose last group is `n` (`00000000-0000-0000-0000-000000000042`).
pub fn user_id(n: u64) -> String {
    format!("00000000-0000-0000-0000-{n:012}")
}

/// A `400` error answer, not yet sent.
struct Failure {
    code: &'static str,
    message: String,
}

fn fail(code: &'static str, message: impl Into<String>) -> Failure {
    Failure {
        code,
        message: message.into(),
    }
}

impl Failure {
    fn response(self) -> Response {
        json(
            StatusCode::BAD_REQUEST,
            json!({"error": {
                "code": self.code,
                "message": self.message,
                "innerError": {
                    "date": "2024-01-01T00:00:00",
                    "request-id": "00000000-0000-0000-0000-000000000000",
                    "client-request-id": "00000000-0000-0000-0000-000000000000",
                },
            }}),
        )
    }
}

/// A filter: a property compared for equality, or a display-name prefix.
enum Filter {
    Equals(String, String),
    StartsWith(String),
}

/// `'text'` with `''` for a quote, as OData writes string literals.
fn literal(text: &str) -> Option<String> {
    let inner = text.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    (!inner.replace("''", "").contains('\'')).then(|| inner.replace("''", "'"))
}

fn parse_filter(text: &str) -> Option<Filter> {
    if let Some(arguments) = text
        .trim()
        .strip_prefix("startswith(")
        .and_then(|rest| rest.strip_suffix(')'))
    {
        let (property, value) = arguments.split_once(',')?;
        return (property.trim() == "displayName").then_some(Filter::StartsWith(literal(value)?));
    }
    let (property, value) = text.split_once(" eq ")?;
    let property = property.trim();
    ["jobTitle", "displayName", "mail"]
        .contains(&property)
        .then(|| Some(Filter::Equals(property.to_owned(), literal(value)?)))
        .flatten()
}

fn matches(filter: &Option<Filter>, record: &Record) -> bool {
    match filter {
        None => true,
        Some(Filter::StartsWith(prefix)) => record.name().starts_with(prefix.as_str()),
        Some(Filter::Equals(property, value)) => match property.as_str() {
            "jobTitle" => record.role == value,
            "displayName" => record.name() == *value,
            _ => mail(record) == *value,
        },
    }
}

fn mail(record: &Record) -> String {
    format!("user{:06}@contoso.example", record.id)
}

/// A request's options, read and checked.
struct UsersRequest {
    top: usize,
    /// `$filter`, as given: the skip token is bound to it, and the next link carries it.
    filter_text: Option<String>,
    filter: Option<Filter>,
    count: bool,
    /// Where the page starts, from `$skiptoken`.
    start: usize,
}

pub(crate) async fn users(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let request = match read_request(query.as_deref(), &headers) {
        Ok(request) => request,
        Err(failure) => return failure.response(),
    };
    let records = state.records();
    let matching: Vec<&Record> = records
        .iter()
        .filter(|record| matches(&request.filter, record))
        .collect();
    let start = request.start.min(matching.len());
    let end = (start + request.top).min(matching.len());
    let value: Vec<Value> = matching[start..end].iter().map(|record| render(record)).collect();
    let mut body = json!({"@odata.context": format!("{}/odata/v1.0/$metadata#users", state.base_url)});
    if request.count {
        body["@odata.count"] = json!(matching.len());
    }
    body["value"] = json!(value);
    if end < matching.len() {
        body["@odata.nextLink"] = json!(next_link(&state, &request, end));
    }
    json(StatusCode::OK, body)
}

fn read_request(query: Option<&str>, headers: &HeaderMap) -> Result<UsersRequest, Failure> {
    let read = || -> Result<_, String> {
        let params = Params::parse(query)?;
        Ok((
            params.get("$top")?.map(str::to_owned),
            params.get("$skiptoken")?.map(str::to_owned),
            params.get("$filter")?.map(str::to_owned),
            params.get("$count")?.map(str::to_owned),
        ))
    };
    let (top, skip_token, filter_text, count) = read().map_err(|message| fail("BadRequest", message))?;
    let top = match top.as_deref().map(str::parse::<i64>) {
        None => 100,
        Some(Ok(top)) if (1..=999).contains(&top) => top as usize,
        Some(_) => {
            return Err(fail(
                "Request_UnsupportedQuery",
                format!(
                    "Invalid page size specified: '{}'. Must be between 1 and 999 inclusive.",
                    top.unwrap_or_default()
                ),
            ))
        }
    };
    let filter = match filter_text.as_deref() {
        None => None,
        Some(text) => match parse_filter(text) {
            Some(filter) => Some(filter),
            None => return Err(fail("BadRequest", format!("Invalid filter clause: {text}"))),
        },
    };
    let count = read_count(count.as_deref(), headers)?;
    let start = match &skip_token {
        None => 0,
        Some(text) => skip_token_start(text, filter_text.as_deref())
            .ok_or_else(|| fail("BadRequest", "Invalid skip token."))?,
    };
    Ok(UsersRequest {
        top,
        filter_text,
        filter,
        count,
        start,
    })
}

/// `$count`: `true` needs the header `ConsistencyLevel: eventual`.
fn read_count(count: Option<&str>, headers: &HeaderMap) -> Result<bool, Failure> {
    match count {
        None | Some("false") => Ok(false),
        Some("true") => {
            let eventual = headers
                .get("consistencylevel")
                .and_then(|value| value.to_str().ok())
                .is_some_and(|value| value.eq_ignore_ascii_case("eventual"));
            if !eventual {
                return Err(fail(
                    "Request_UnsupportedQuery",
                    "$count is only supported with the ConsistencyLevel header set to eventual.",
                ));
            }
            Ok(true)
        }
        Some(other) => Err(fail("BadRequest", format!("Invalid value for $count: {other}"))),
    }
}

/// What a skip token binds to: the filter it was issued for.
fn binding(filter_text: Option<&str>) -> String {
    format!("{}\n", filter_text.unwrap_or_default())
}

/// Where the skip token `text` starts, if it was issued for the filter `filter_text`.
fn skip_token_start(text: &str, filter_text: Option<&str>) -> Option<usize> {
    token::decode(text, "odata\n")?
        .strip_prefix(&binding(filter_text))?
        .parse::<usize>()
        .ok()
}

/// The link to the page starting at `end`: `$top`, a skip token, and the request's other options.
fn next_link(state: &AppState, request: &UsersRequest, end: usize) -> String {
    let filter_text = request.filter_text.as_deref();
    let skip = token::encode(&format!("odata\n{}{end}", binding(filter_text)));
    let mut next = format!(
        "{}/odata/v1.0/users?$top={}&$skiptoken={skip}",
        state.link_origin(),
        request.top
    );
    if let Some(filter) = filter_text {
        next.push_str(&format!("&$filter={}", encode_value(filter)));
    }
    if request.count {
        next.push_str("&$count=true");
    }
    next
}

fn render(record: &Record) -> Value {
    json!({
        "id": user_id(record.id),
        "displayName": record.name(),
        "userPrincipalName": mail(record),
        "mail": mail(record),
        "jobTitle": record.role,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::user_id;
    use crate::testing::{get, get_with, text_ids};
    use crate::{MockConfig, MockServer};

    fn ids(page: &Value) -> Vec<String> {
        text_ids(&page["value"], "id")
    }

    fn walk(first: &str, headers: &[(&str, &str)]) -> (Vec<String>, usize, Vec<Value>) {
        let mut url = first.to_owned();
        let (mut seen, mut pages, mut bodies) = (Vec::new(), 0, Vec::new());
        loop {
            let reply = get_with(&url, headers);
            assert_eq!(reply.status, 200, "{}", reply.text);
            let page = reply.json();
            seen.extend(ids(&page));
            pages += 1;
            let next = page
                .get("@odata.nextLink")
                .and_then(Value::as_str)
                .map(str::to_owned);
            bodies.push(page);
            match next {
                Some(next) => url = next,
                None => break,
            }
        }
        (seen, pages, bodies)
    }

    #[test]
    fn follows_next_links() {
        let server = MockServer::start(MockConfig::with_records(25));
        let (seen, pages, bodies) = walk(&server.url("/odata/v1.0/users?$top=10"), &[]);
        assert_eq!((seen, pages), ((1..=25).map(user_id).collect::<Vec<_>>(), 3));
        let next = bodies[0]["@odata.nextLink"].as_str().unwrap();
        assert!(
            next.starts_with(&server.url("/odata/v1.0/users?$top=10&$skiptoken=")),
            "{next}"
        );
        assert!(bodies[0]["@odata.context"]
            .as_str()
            .unwrap()
            .ends_with("/odata/v1.0/$metadata#users"));
    }

    #[test]
    fn filters_and_counts_travel_in_the_link() {
        let server = MockServer::start(MockConfig::with_records(25));
        let url = server.url("/odata/v1.0/users?$top=3&$filter=jobTitle%20eq%20%27admin%27&$count=true");
        let (seen, pages, bodies) = walk(&url, &[("ConsistencyLevel", "eventual")]);
        let admins: Vec<String> = (1..=25).filter(|n| n % 3 == 0).map(user_id).collect();
        assert_eq!((seen, pages), (admins, 3));
        assert_eq!(bodies[1]["@odata.count"], 8);
        let refused = get(&url);
        assert_eq!(refused.status, 400, "$count needs ConsistencyLevel");
        assert_eq!(refused.json()["error"]["code"], "Request_UnsupportedQuery");
        let prefix =
            get(&server.url("/odata/v1.0/users?$filter=startswith(displayName,%27Record%2000001%27)")).json();
        assert_eq!(ids(&prefix), (10..=19).map(user_id).collect::<Vec<_>>());
    }

    #[test]
    fn errors() {
        let server = MockServer::start(MockConfig::with_records(25));
        let first = get(&server.url("/odata/v1.0/users?$top=3&$filter=jobTitle%20eq%20%27admin%27")).json();
        let next = first["@odata.nextLink"].as_str().unwrap();
        let swapped = next.replace("admin", "member");
        assert_eq!(get(&swapped).status, 400, "a token belongs to its filter");
        for bad in [
            "$top=1000",
            "$top=0",
            "$top=x",
            "$skiptoken=bogus",
            "$filter=age%20gt%203",
            "$top=1&$top=1",
        ] {
            let reply = get(&server.url(&format!("/odata/v1.0/users?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert!(reply.json()["error"]["message"].is_string());
        }
    }
}
