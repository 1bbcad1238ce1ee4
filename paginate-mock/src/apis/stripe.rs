//! Stripe list endpoints: `GET /stripe/v1/customers?limit=N&starting_after=cus_..&ending_before=cus_..`.
//!
//! As Stripe documents its lists:
//! - `limit` between 1 and 100, default 10; newest first (by `created`).
//! - cursors are object ids: `starting_after` (the last id of the page you have) returns the next,
//!   older objects; `ending_before` (the first id of the page you have) returns the objects just
//!   before it, newer ones, still newest first. Giving both is refused.
//! - the answer is `{"object": "list", "url": "/v1/customers", "has_more": b, "data": [..]}`; `has_more`
//!   says whether more objects lie beyond the page in the direction of travel (older for
//!   `starting_after` and for the first page, newer for `ending_before`).
//! - an id that names no customer is `400 {"error": {"type": "invalid_request_error", "message":
//!   "No such customer: 'cus_..'", "param": "starting_after", "code": "resource_missing"}}` (or
//!   `ending_before`); an invalid `limit` or a repeated parameter is a `400 invalid_request_error`
//!   naming its `param`.
//!
//! Customers are `{"id": customer_id(n), "object": "customer", "email": "customer{n}@example.com",
//! "name": "Record 00000n", "created": unix}` ([`customer_id`]). Records created during a walk
//! ([`MockServer::insert_record`](crate::MockServer::insert_record)) are newer than all others: a
//! `starting_after` walk never sees them.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! use paginated_mock::apis::stripe::customer_id;
//! let server = MockServer::start(MockConfig::with_records(25));
//! let list = |query: &str| -> serde_json::Value {
//!     let url = server.url(&format!("/stripe/v1/customers?{query}"));
//!     serde_json::from_str(&reqwest::blocking::get(url).unwrap().text().unwrap()).unwrap()
//! };
//! let first = list("limit=10");
//! assert_eq!(first["data"][0]["id"], customer_id(25));
//! assert_eq!(first["has_more"], true);
//! let last = list(&format!("limit=10&starting_after={}", customer_id(6)));
//! assert_eq!(last["data"].as_array().unwrap().len(), 5);
//! assert_eq!(last["has_more"], false);
//! ```

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::AppState;
use crate::data::Record;
use crate::http::{json, Params};

/// The id of customer `n`: `cus_` and six digits (`cus_000042`).
pub fn customer_id(n: u64) -> String {
    format!("cus_{n:06}")
}

fn invalid(message: String, param: Option<&str>, code: Option<&str>) -> Response {
    let mut error = json!({"type": "invalid_request_error", "message": message});
    if let Some(param) = param {
        error["param"] = json!(param);
    }
    if let Some(code) = code {
        error["code"] = json!(code);
    }
    json(StatusCode::BAD_REQUEST, json!({"error": error}))
}

fn render(record: &Record) -> Value {
    json!({
        "id": customer_id(record.id),
        "object": "customer",
        "email": format!("customer{}@example.com", record.id),
        "name": record.name(),
        "created": record.created_at,
    })
}

pub(crate) async fn customers(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let params = match Params::parse(query.as_deref()) {
        Ok(params) => params,
        Err(message) => return invalid(message, None, None),
    };
    let mut read = Vec::new();
    for name in ["limit", "starting_after", "ending_before"] {
        match params.get(name) {
            Ok(value) => read.push(value.map(str::to_owned)),
            Err(message) => return invalid(message, Some(name), None),
        }
    }
    let [limit, starting_after, ending_before] = <[Option<String>; 3]>::try_from(read).unwrap_or_default();
    let limit = match limit.as_deref().map(str::parse::<i64>) {
        None => 10,
        Some(Ok(limit)) if (1..=100).contains(&limit) => limit as usize,
        Some(Ok(limit)) => {
            let message = if limit < 1 {
                "This value must be greater than or equal to 1."
            } else {
                "This value must be less than or equal to 100."
            };
            return invalid(message.into(), Some("limit"), Some("parameter_invalid_integer"));
        }
        Some(Err(_)) => {
            return invalid(
                format!("Invalid integer: {}", limit.unwrap_or_default()),
                Some("limit"),
                Some("parameter_invalid_integer"),
            )
        }
    };
    if starting_after.is_some() && ending_before.is_some() {
        return invalid(
            "You may only specify one of these parameters: ending_before, starting_after.".into(),
            None,
            None,
        );
    }
    let records = state.records();
    // Newest first.
    let newest_first: Vec<&Record> = records.iter().rev().collect();
    let position = |id: &str, param: &str| {
        newest_first
            .iter()
            .position(|record| customer_id(record.id) == id)
            .ok_or_else(|| (format!("No such customer: '{id}'"), param.to_owned()))
    };
    let range = match (&starting_after, &ending_before) {
        (Some(id), _) => position(id, "starting_after").map(|at| {
            let start = at + 1;
            let end = (start + limit).min(newest_first.len());
            (start, end, end < newest_first.len())
        }),
        (None, Some(id)) => position(id, "ending_before").map(|at| {
            let start = at.saturating_sub(limit);
            (start, at, start > 0)
        }),
        (None, None) => {
            let end = limit.min(newest_first.len());
            Ok((0, end, end < newest_first.len()))
        }
    };
    let (start, end, has_more) = match range {
        Ok(range) => range,
        Err((message, param)) => return invalid(message, Some(&param), Some("resource_missing")),
    };
    let data: Vec<Value> = newest_first[start..end]
        .iter()
        .map(|record| render(record))
        .collect();
    json(
        StatusCode::OK,
        json!({"object": "list", "url": "/v1/customers", "has_more": has_more, "data": data}),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::customer_id;
    use crate::testing::{get, text_ids};
    use crate::{MockConfig, MockServer};

    fn ids(page: &Value) -> Vec<String> {
        text_ids(&page["data"], "id")
    }

    fn expected(range: impl Iterator<Item = u64>) -> Vec<String> {
        range.map(customer_id).collect()
    }

    #[test]
    fn forward_walk_newest_first() {
        let server = MockServer::start(MockConfig::with_records(25));
        let mut query = String::from("limit=10");
        let mut seen = Vec::new();
        loop {
            let page = get(&server.url(&format!("/stripe/v1/customers?{query}"))).json();
            assert_eq!(
                (page["object"].as_str(), page["url"].as_str()),
                (Some("list"), Some("/v1/customers"))
            );
            let ids = ids(&page);
            seen.extend(ids.clone());
            if page["has_more"] == false {
                break;
            }
            query = format!("limit=10&starting_after={}", ids.last().unwrap());
        }
        assert_eq!(seen, expected((1..=25).rev()));
        let middle = get(&server.url(&format!(
            "/stripe/v1/customers?limit=3&starting_after={}",
            customer_id(20)
        )))
        .json();
        assert_eq!(ids(&middle), expected([19, 18, 17].into_iter()));
        assert_eq!(middle["data"][0]["object"], "customer");
        assert_eq!(middle["data"][0]["email"], "customer19@example.com");
    }

    #[test]
    fn backward_with_ending_before() {
        let server = MockServer::start(MockConfig::with_records(25));
        let page = get(&server.url(&format!(
            "/stripe/v1/customers?limit=3&ending_before={}",
            customer_id(10)
        )))
        .json();
        assert_eq!(ids(&page), expected([13, 12, 11].into_iter()));
        assert_eq!(page["has_more"], true);
        let top = get(&server.url(&format!(
            "/stripe/v1/customers?limit=10&ending_before={}",
            customer_id(23)
        )))
        .json();
        assert_eq!(ids(&top), expected([25, 24].into_iter()));
        assert_eq!(top["has_more"], false);
    }

    #[test]
    fn errors() {
        let server = MockServer::start(MockConfig::with_records(25));
        let reply = get(&server.url("/stripe/v1/customers?starting_after=cus_999999"));
        assert_eq!(reply.status, 400);
        let error = &reply.json()["error"];
        assert_eq!(error["type"], "invalid_request_error");
        assert_eq!(error["message"], "No such customer: 'cus_999999'");
        assert_eq!(error["param"], "starting_after");
        for (query, param) in [
            ("limit=0", "limit"),
            ("limit=101", "limit"),
            ("limit=x", "limit"),
            ("limit=1&limit=2", "limit"),
        ] {
            let reply = get(&server.url(&format!("/stripe/v1/customers?{query}")));
            assert_eq!(reply.status, 400, "{query}");
            assert_eq!(reply.json()["error"]["param"], param, "{query}");
        }
        let both =
            get(&server.url("/stripe/v1/customers?starting_after=cus_000001&ending_before=cus_000002"));
        assert_eq!(both.status, 400);
    }
}
