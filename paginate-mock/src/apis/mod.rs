//! One module per emulated API, each following that API's documented pagination (described in its header).

pub mod agentphone;
pub mod aircall;
pub mod airclou;
pub mod attio;
pub mod azure;
pub mod dynamodb;
pub mod elasticsearch;
pub mod github;
pub mod gitlab;
pub mod google;
pub mod graphql;
pub mod headers;
pub mod leads;
pub mod odata;
pub mod oxide;
pub mod s3;
pub mod salesforce;
pub mod slack;
pub mod stripe;
pub mod temporal;
pub mod wordpress;

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::Value;

use crate::server::Shared;

pub(crate) type AppState = Arc<Shared>;

pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/v1/calls", get(aircall::calls))
        .route("/v1/contacts", get(aircall::contacts))
        .route("/v1/numbers", get(agentphone::numbers))
        .route("/v1/conversations", get(agentphone::conversations))
        .route("/v1/agents", get(agentphone::agents))
        .route("/v1/numbers/{id}/messages", get(agentphone::messages))
        .route("/playbook/api/v1/users", get(airclou::users))
        .route("/v2/notes", get(attio::notes))
        .route("/v2/objects/people/records/query", post(attio::query_people))
        .route("/v2/meetings", get(attio::meetings))
        .route("/api/v1/leads", get(leads::leads))
        .route("/repos/octo/hello/issues", get(github::issues))
        .route("/graphql", post(graphql::graphql))
        .route("/dynamodb", post(dynamodb::scan))
        .route("/json-key/items", get(dynamodb::json_key_items))
        .route(
            "/es/{index}/_search",
            post(elasticsearch::search_index).get(elasticsearch::search_index),
        )
        .route(
            "/es/_search",
            post(elasticsearch::search_all).get(elasticsearch::search_all),
        )
        .route(
            "/es/_search/scroll",
            post(elasticsearch::scroll).delete(elasticsearch::clear_scroll),
        )
        .route("/es/{index}/_pit", post(elasticsearch::open_pit))
        .route("/es/_pit", delete(elasticsearch::close_pit))
        .route("/headers/items", get(headers::items))
        .route("/headers/cursor", get(headers::cursor))
        .route("/gitlab/api/v4/projects", get(gitlab::projects))
        .route("/wp-json/wp/v2/posts", get(wordpress::posts))
        .route("/s3/{bucket}", get(s3::list))
        .route("/azure/{container}", get(azure::list))
        .route("/stripe/v1/customers", get(stripe::customers))
        .route("/google/v1/projects/{project}/books", get(google::books))
        .route("/temporal/api/v1/namespaces", get(temporal::namespaces))
        .route("/odata/v1.0/users", get(odata::users))
        .route("/services/data/{version}/query", get(salesforce::query))
        .route("/services/data/{version}/query/{locator}", get(salesforce::more))
        .route("/slack/api/conversations.list", get(slack::conversations_list))
        .route("/oxide/organizations", get(oxide::organizations))
        .route("/oxide/system/metrics/{metric_name}", get(oxide::system_metric))
        .merge(crate::hostile::routes())
}

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// Query parameters, decoded, in order. A pagination parameter given twice is a client bug the
/// emulations reject, so tests catch it.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(query: Option<&str>) -> Result<Params, String> {
        serde_urlencoded::from_str(query.unwrap_or_default())
            .map(Params)
            .map_err(|error| format!("malformed query: {error}"))
    }

    pub(crate) fn get(&self, name: &str) -> Result<Option<&str>, String> {
        let mut values = self
            .0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(format!("parameter `{name}` given more than once"));
        }
        Ok(first)
    }

    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, String> {
        match self.get(name)? {
            None => Ok(None),
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| format!("parameter `{name}` must be an integer, got `{text}`")),
        }
    }

    /// All pairs except `name`, re-encoded: the rest of the query for building next-page links.
    pub(crate) fn without(&self, names: &[&str]) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(key, _)| !names.contains(&key.as_str()))
            .cloned()
            .collect()
    }
}

/// `origin + path + ?query` with `pairs` encoded.
pub(crate) fn link(origin: &str, path: &str, pairs: &[(String, String)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    format!("{origin}{path}?{query}")
}

/// A response with a body of `content_type`.
pub(crate) fn typed(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, [(axum::http::header::CONTENT_TYPE, content_type)], body).into_response()
}

/// An XML response (`application/xml`).
pub(crate) fn xml(status: StatusCode, body: String) -> Response {
    typed(status, "application/xml", body)
}

/// `text` escaped for XML character data and attribute values.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all, even escaped.
            '\t' | '\n' | '\r' => escaped.push(character),
            control if (control as u32) < 0x20 => escaped.push('\u{fffd}'),
            other => escaped.push(other),
        }
    }
    escaped
}

/// `value` encoded for a query string (form encoding: a space is `+`).
pub(crate) fn encode_value(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|pair| pair[1..].to_owned())
        .unwrap_or_default()
}

/// Opaque tokens: `text` in URL-safe base64 without padding, and back.
pub(crate) mod token {
    use base64::Engine;

    const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

    pub(crate) fn encode(text: &str) -> String {
        ENGINE.encode(text)
    }

    /// The text of a token that starts with `prefix`, without it.
    pub(crate) fn decode(token: &str, prefix: &str) -> Option<String> {
        let bytes = ENGINE.decode(token).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        text.strip_prefix(prefix).map(str::to_owned)
    }
}

/// A JSON request body: `Ok(None)` when empty, `Err` when not a JSON object.
pub(crate) fn json_body(body: &[u8]) -> Result<Option<serde_json::Map<String, Value>>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(Some(object)),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(error) => Err(format!("the body is not valid JSON: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Absurd values get an answer (an error or a page), never a panic that drops the connection.
    #[test]
    fn extreme_values_never_panic() {
        use crate::testing::{get, post};
        use crate::{MockConfig, MockServer};
        use serde_json::json;

        let huge = i64::MAX.to_string();
        let server = MockServer::start(MockConfig::with_records(0));
        let busy = MockServer::start(MockConfig::with_records(30));
        let big = |name: &str| format!("{name}={huge}");
        let paths = [
            format!("/v1/calls?{}&{}", big("page"), big("per_page")),
            format!("/v1/numbers?{}&{}", big("limit"), big("offset")),
            format!("/v2/notes?{}", big("offset")),
            format!(
                "/v2/meetings?cursor={}",
                token::encode(&format!("meetings:{}", usize::MAX))
            ),
            format!("/api/v1/leads?{}&{}", big("page"), big("pageSize")),
            format!("/repos/octo/hello/issues?{}&{}", big("page"), big("per_page")),
            format!("/headers/items?{}&{}", big("_page"), big("_limit")),
            format!("/headers/cursor?{}", big("limit")),
            format!("/gitlab/api/v4/projects?{}&{}", big("page"), big("per_page")),
            format!("/wp-json/wp/v2/posts?{}", big("page")),
            format!("/s3/bucket?list-type=2&{}", big("max-keys")),
            format!("/azure/box?restype=container&comp=list&{}", big("maxresults")),
            format!("/stripe/v1/customers?{}", big("limit")),
            format!("/google/v1/projects/p/books?{}", big("pageSize")),
            format!("/temporal/api/v1/namespaces?{}", big("pageSize")),
            format!("/odata/v1.0/users?$top={huge}"),
            format!("/slack/api/conversations.list?{}", big("limit")),
            format!("/oxide/organizations?{}", big("limit")),
            format!(
                "/oxide/system/metrics/cpus_provisioned?id=3fa85f64-5717-4562-b3fc-2c963f66afa6&{}",
                big("limit")
            ),
            format!("/json-key/items?{}", big("limit")),
            format!("/hostile/clamped?{}&{}", big("page"), big("per_page")),
            format!("/hostile/self-link?{}", big("limit")),
        ];
        for server in [&server, &busy] {
            for path in &paths {
                let reply = get(&server.url(path));
                assert!(
                    reply.status == 200 || reply.status == 400,
                    "{path}: {}",
                    reply.status
                );
            }
            for body in [json!({"from": i64::MAX, "size": 10}), json!({"size": i64::MAX})] {
                assert_eq!(post(&server.url("/es/records/_search"), &body, &[]).status, 400);
            }
            let scan = json!({"TableName": "t", "Limit": i64::MAX, "Segment": 0, "TotalSegments": 1});
            let reply = post(
                &server.url("/dynamodb"),
                &scan,
                &[("x-amz-target", "DynamoDB_20120810.Scan")],
            );
            assert_eq!(reply.status, 200);
            let query = json!({"query": "{}", "variables": {"first": i64::MAX}});
            assert_eq!(post(&server.url("/graphql"), &query, &[]).status, 200);
        }
    }

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape_xml("a<b>&\"c\"'d'\u{1b}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\u{fffd}\n"
        );
    }

    #[test]
    fn tokens_round_trip() {
        assert_eq!(token::decode(&token::encode("k:42"), "k:").as_deref(), Some("42"));
        assert_eq!(token::decode(&token::encode("k:42"), "x:"), None);
        assert_eq!(token::decode("%%%", ""), None);
        assert_eq!(encode_value("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
