//! A real HTTP server on loopback that emulates the pagination of real APIs, exactly as their
//! documentation describes it, with fault injection. The `paginated` tests, examples and benchmarks run
//! against it; SDK authors can use it to test their own envelopes.
//!
//! | route | emulates | strategy |
//! |---|---|---|
//! | `GET /v1/calls`, `GET /v1/contacts` | Aircall: `page`/`per_page`, `meta`, 10,000-record cap, `from`/`to` | page, next URL |
//! | `GET /v1/numbers`, `/v1/conversations`, `/v1/agents` | AgentPhone: `limit`/`offset`, `{data, hasMore, total}` | offset |
//! | `GET /v1/numbers/{id}/messages` | AgentPhone: `before`, the ISO timestamp of the last `receivedAt` (`before_id` breaks ties) | keyset |
//! | `GET /playbook/api/v1/users` | Airclou: `cursor`, `pagination.next_cursor`, `400 invalid_cursor` | cursor |
//! | `GET /v2/notes`, `POST /v2/objects/people/records/query`, `GET /v2/meetings` | Attio | offset, offset in body, cursor |
//! | `GET /api/v1/leads` | the leads API: `page`/`pageSize`, `pagination.hasNextPage` | page |
//! | `GET /repos/octo/hello/issues` | GitHub: `Link: <...>; rel="next"` | link header |
//! | `POST /graphql` | GitHub GraphQL ([`apis::graphql`]): variables `first`/`after` (or `last`/`before`), `pageInfo { hasNextPage endCursor }`, errors with `200` | cursor (Relay) |
//! | `POST /dynamodb` | DynamoDB `Scan` ([`apis::dynamodb`]): `Limit` counts evaluated items, `ExclusiveStartKey` / `LastEvaluatedKey` | JSON key in body |
//! | `GET /json-key/items` | a JSON-object cursor in the query: `limit`, `start_key`, `last_key` ([`apis::dynamodb`]) | JSON key in query |
//! | `POST /es/{index}/_search`, `POST /es/_search`, `POST\|DELETE /es/_search/scroll`, `POST /es/{index}/_pit`, `DELETE /es/_pit` | Elasticsearch ([`apis::elasticsearch`]): `from`/`size`, `search_after` + `sort`, PIT, scroll | search after, scroll |
//! | `GET /headers/items` | json-server ([`apis::headers`]): `_page`/`_limit`, `X-Total-Count`, `Link` | page, total header |
//! | `GET /headers/cursor` | `cursor`/`limit`, `X-Next-Cursor` header ([`apis::headers`]) | cursor header |
//! | `GET /gitlab/api/v4/projects` | GitLab ([`apis::gitlab`]): `page`/`per_page`, `X-Next-Page`, `X-Total`; `pagination=keyset` | page headers, keyset link |
//! | `GET /wp-json/wp/v2/posts` | WordPress ([`apis::wordpress`]): `page`/`per_page`, `X-WP-TotalPages`, `400` past the end | page, total header |
//! | `GET /s3/{bucket}` | S3 `ListObjectsV2` / `ListObjects` ([`apis::s3`]): `max-keys`, `continuation-token`, `marker`, `prefix`, `delimiter` | XML token |
//! | `GET /azure/{container}?restype=container&comp=list` | Azure List Blobs ([`apis::azure`]): `maxresults`, `marker`, `<NextMarker>` | XML marker |
//! | `GET /stripe/v1/customers` | Stripe ([`apis::stripe`]): `limit`, `starting_after`/`ending_before`, `has_more` | object-id cursor |
//! | `GET /google/v1/projects/{project}/books` | Google AIP-158 ([`apis::google`]): `pageSize`, `pageToken`, `nextPageToken` | page token |
//! | `GET /temporal/api/v1/namespaces` | Temporal ([`apis::temporal`]): `pageSize`, `nextPageToken` both ways, `""` at the end | page token |
//! | `GET /odata/v1.0/users` | OData v4 / Microsoft Graph ([`apis::odata`]): `$top`, `@odata.nextLink` with `$skiptoken` | next link |
//! | `GET /services/data/{version}/query`, `GET /services/data/{version}/query/{locator}` | Salesforce ([`apis::salesforce`]): `Sforce-Query-Options: batchSize`, relative `nextRecordsUrl`, `done` | next URL |
//! | `GET /slack/api/conversations.list` | Slack ([`apis::slack`]): `cursor`/`limit`, `response_metadata.next_cursor` (`""` at the end) | cursor |
//! | `GET /oxide/organizations`, `GET /oxide/system/metrics/{metric_name}` | Oxide's nexus, served by dropshot ([`apis::oxide`]): `limit`, opaque `page_token`, `{items, next_page}`, an empty last page; `id` required on every metrics page | page token |
//! | `/hostile/...` | misbehaving servers: silent, trickling, short bodies, rate limits for an hour, clamped, repeated and alternating pages, ignored offsets, self links, repeated and cycling cursors, identical pages, huge cursors, cursors not bound to their tenant, next links and redirects (`302`, `307`) to another origin, garbage, hostile errors, errors echoing secrets, endless empty pages ([`hostile`]) | |
//!
//! All serve the same data set, records `1..=`[`MockConfig::records`] ([`Record`]), under ids derived
//! from the record number (each module has a helper, e.g. [`apis::stripe::customer_id`]).
//!
//! Each emulation's module under [`apis`] describes what it follows; the server itself ([`MockServer`])
//! records every request ([`RecordedRequest`], with how many were [in flight](RecordedRequest::in_flight)),
//! can hold all responses ([`MockServer::pause`]) and injects [`Faults`].
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(120));
//! let body = reqwest::blocking::get(server.url("/v1/numbers?limit=100&offset=100")).unwrap().text().unwrap();
//! let body: serde_json::Value = serde_json::from_str(&body).unwrap();
//! assert_eq!(body["data"].as_array().unwrap().len(), 20);
//! assert_eq!(body["hasMore"], false);
//! assert_eq!(server.request_count(), 1);
//! ```

// Layers, each importing only from those below it: `server` (the lifecycle and the fault layer, which
// assembles the router) over the route families `apis` and `hostile`, over `http` (request and response
// helpers) and `state` (what every route shares), over `data` and `faults`.
pub mod apis;
mod data;
mod faults;
pub mod hostile;
mod http;
mod server;
mod state;

pub use data::{iso8601, parse_iso8601, Record, EPOCH, SPAN_SECONDS};
pub use faults::{Faults, RateLimit};
pub use server::MockServer;
pub use state::RecordedRequest;

use std::time::Duration;

/// What the server serves and how it misbehaves.
///
/// ```
/// use std::time::Duration;
/// use paginated_mock::{Faults, MockConfig};
/// let config = MockConfig {
///     latency: Duration::from_millis(20),
///     faults: Faults { server_error_rate: 0.2, ..Faults::default() },
///     ..MockConfig::with_records(1_000)
/// };
/// assert_eq!(config.records, 1_000);
/// ```
#[derive(Debug, Clone)]
pub struct MockConfig {
    /// Number of records in the data set (ids `1..=records`, spread over 2024).
    pub records: u64,
    /// Added before every response.
    pub latency: Duration,
    /// Records one query can reach on capped endpoints (Aircall: 10,000).
    pub record_cap: u64,
    /// How long a Airclou cursor stays valid (the API says 24 hours).
    pub cursor_ttl: Duration,
    /// AgentPhone `receivedAt` and Aircall creation times are rounded down to this step (default 1 s);
    /// a coarse step makes records share timestamps, which a single-field keyset cannot page through
    /// and no time window can split.
    pub timestamp_granularity: Duration,
    /// Injected faults.
    pub faults: Faults,
    /// `/hostile/trickle` sends its body one byte per this interval (default 1 s).
    pub trickle_interval: Duration,
    /// The "other origin" of the hostile routes: where `/hostile/redirect/{*rest}` and
    /// `/hostile/redirect-307/{*rest}` redirect to and `/hostile/next-elsewhere` links to, e.g. another
    /// [`MockServer`]'s [`base_url`](MockServer::base_url); `None` (the default): this server's own
    /// origin.
    pub redirect_origin: Option<String>,
}

impl MockConfig {
    /// Defaults with `records` records.
    pub fn with_records(records: u64) -> Self {
        MockConfig {
            records,
            ..MockConfig::default()
        }
    }
}

impl Default for MockConfig {
    fn default() -> Self {
        MockConfig {
            records: 250,
            latency: Duration::ZERO,
            record_cap: 10_000,
            cursor_ttl: Duration::from_secs(24 * 3600),
            timestamp_granularity: Duration::from_secs(1),
            faults: Faults::default(),
            trickle_interval: Duration::from_secs(1),
            redirect_origin: None,
        }
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A blocking client for the crate's own tests.

    use std::time::Duration;

    use reqwest::blocking::Client;
    use reqwest::header::HeaderMap;
    use serde_json::Value;

    /// A response, read whole.
    pub(crate) struct Reply {
        pub(crate) status: u16,
        pub(crate) headers: HeaderMap,
        pub(crate) text: String,
    }

    impl Reply {
        /// The body as JSON (panics if it is not: tests only).
        pub(crate) fn json(&self) -> Value {
            serde_json::from_str(&self.text).unwrap_or_else(|error| panic!("{error}: {}", self.text))
        }

        /// A header's value as text.
        pub(crate) fn header(&self, name: &str) -> Option<&str> {
            self.headers.get(name).map(|value| value.to_str().unwrap())
        }
    }

    /// The numeric `id` of every item of a JSON array (panics on another shape: tests only).
    pub(crate) fn numeric_ids(list: &Value) -> Vec<u64> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_u64().unwrap())
            .collect()
    }

    /// The text of field `key` of every item of a JSON array (panics on another shape: tests only).
    pub(crate) fn text_ids(list: &Value, key: &str) -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|item| item[key].as_str().unwrap().to_owned())
            .collect()
    }

    fn client() -> Client {
        Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap()
    }

    fn read(response: reqwest::blocking::Response) -> Reply {
        Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            text: response.text().unwrap(),
        }
    }

    /// `GET url` with extra headers.
    pub(crate) fn get_with(url: &str, headers: &[(&str, &str)]) -> Reply {
        let mut request = client().get(url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.send().unwrap())
    }

    /// `GET url`.
    pub(crate) fn get(url: &str) -> Reply {
        get_with(url, &[])
    }

    /// `DELETE url` with a JSON body.
    pub(crate) fn delete(url: &str, body: &Value) -> Reply {
        let request = client()
            .delete(url)
            .header("content-type", "application/json")
            .body(body.to_string());
        read(request.send().unwrap())
    }

    /// `POST url` with a JSON body and extra headers.
    pub(crate) fn post(url: &str, body: &Value, headers: &[(&str, &str)]) -> Reply {
        let mut request = client()
            .post(url)
            .header("content-type", "application/json")
            .body(body.to_string());
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        read(request.send().unwrap())
    }
}
