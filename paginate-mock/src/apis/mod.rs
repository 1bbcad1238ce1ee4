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

use std::ops::Deref;
use std::sync::{Arc, Mutex};

use axum::routing::{get, post};
use axum::Router;

use crate::state::Shared;

/// What the emulations' handlers see: the server's shared state, plus the state that only some
/// emulations keep (held here rather than in [`Shared`], which must not depend on the routes).
pub(crate) struct ApiState {
    /// The server's records, request log and configuration.
    shared: Arc<Shared>,
    /// Elasticsearch scrolls and points in time.
    pub(crate) search: Mutex<elasticsearch::Contexts>,
    /// Salesforce query locators.
    pub(crate) soql: Mutex<salesforce::Locators>,
}

/// Handlers read the shared state through this, as `state.records()`.
impl Deref for ApiState {
    type Target = Shared;

    fn deref(&self) -> &Shared {
        &self.shared
    }
}

/// The state handlers extract (axum clones it per request, hence the `Arc`).
pub(crate) type AppState = Arc<ApiState>;

/// Every emulation's routes, with their state, for a server whose state is `shared`.
pub(crate) fn routes(shared: Arc<Shared>) -> Router {
    let state = Arc::new(ApiState {
        shared,
        search: Mutex::default(),
        soql: Mutex::default(),
    });
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
        .merge(elasticsearch::routes())
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
        .with_state(state)
}

#[cfg(test)]
mod tests {
    /// Absurd values get an answer (an error or a page), never a panic that drops the connection.
    #[test]
    fn extreme_values_never_panic() {
        use crate::http::token;
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
}
