//! A real HTTP server on loopback that emulates the pagination of real APIs, exactly as their
//! documentation describes it, with fault injection. The `paginate` tests, examples and benchmarks run
//! against it; SDK authors can use it to test their own envelopes.
//!
//! | route | emulates | strategy |
//! |---|---|---|
//! | `GET /v1/calls`, `GET /v1/contacts` | seed 000 (Aircall): `page`/`per_page`, `meta`, 10,000-record cap, `from`/`to` | page, next URL |
//! | `GET /v1/numbers`, `/v1/conversations`, `/v1/agents` | seed 001 (AgentPhone): `limit`/`offset`, `{data, hasMore, total}` | offset |
//! | `GET /v1/numbers/{id}/messages` | seed 001: `before`, the ISO timestamp of the last `receivedAt` (`before_id` breaks ties) | keyset |
//! | `GET /playbook/api/v1/users` | seed 002 (Airclou): `cursor`, `pagination.next_cursor`, `400 invalid_cursor` | cursor |
//! | `GET /v2/notes`, `POST /v2/objects/people/records/query`, `GET /v2/meetings` | seed 003 (Attio) | offset, offset in body, cursor |
//! | `GET /api/v1/leads` | seed 004: `page`/`pageSize`, `pagination.hasNextPage` | page |
//! | `GET /repos/octo/hello/issues` | GitHub: `Link: <...>; rel="next"` | link header |
//! | `/hostile/...` | misbehaving servers: silent, trickling, short bodies, self links, redirects, … (see [`hostile`]) | |
//!
//! Each emulation's module under [`apis`] describes what it follows; the server itself ([`MockServer`])
//! records every request ([`RecordedRequest`], with how many were [in flight](RecordedRequest::in_flight)),
//! can hold all responses ([`MockServer::pause`]) and injects [`Faults`].
//!
//! ```
//! use paginate_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(120));
//! let body = reqwest::blocking::get(server.url("/v1/numbers?limit=100&offset=100")).unwrap().text().unwrap();
//! let body: serde_json::Value = serde_json::from_str(&body).unwrap();
//! assert_eq!(body["data"].as_array().unwrap().len(), 20);
//! assert_eq!(body["hasMore"], false);
//! assert_eq!(server.request_count(), 1);
//! ```

pub mod apis;
mod data;
mod faults;
pub mod hostile;
mod server;

pub use data::{iso8601, parse_iso8601, Record, EPOCH, SPAN_SECONDS};
pub use faults::{Faults, RateLimit};
pub use server::{MockServer, RecordedRequest};

use std::time::Duration;

/// What the server serves and how it misbehaves.
///
/// ```
/// use std::time::Duration;
/// use paginate_mock::{Faults, MockConfig};
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
    /// Records one query can reach on capped endpoints (seed 000: 10,000).
    pub record_cap: u64,
    /// How long a seed 002 cursor stays valid (the API says 24 hours).
    pub cursor_ttl: Duration,
    /// Seed 001 `receivedAt` timestamps are rounded down to this step (default 1 s); a coarse step
    /// makes messages share timestamps, which a single-field keyset cannot page through.
    pub timestamp_granularity: Duration,
    /// Injected faults.
    pub faults: Faults,
    /// `/hostile/trickle` sends its body one byte per this interval (default 1 s).
    pub trickle_interval: Duration,
    /// The origin `/hostile/redirect/{*rest}` redirects to, e.g. another [`MockServer`]'s
    /// [`base_url`](MockServer::base_url); `None` (the default): this server's own origin.
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
