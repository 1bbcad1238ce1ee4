//! # The mock server
//!
//! [`paginated-mock`](https://docs.rs/paginated-mock) is a real HTTP server on `127.0.0.1` (port
//! chosen by the OS), on a thread of its own, so async and blocking clients both use it. It emulates
//! the pagination of real APIs as their documentation describes it (Aircall, AgentPhone, Airclou,
//! Attio, GitHub REST and GraphQL, DynamoDB, Elasticsearch, json-server, GitLab, WordPress, S3, Azure,
//! Stripe, Google, Temporal, OData, Salesforce, Slack, Oxide), over one data set of records. This
//! crate's tests, examples and guide run against it, and so can yours:
//! `cargo add paginated-mock --dev`. Its [documentation](https://docs.rs/paginated-mock) lists every
//! route, and each emulation's module says what it follows.
//!
//! Every request is recorded (method, path, query, body, headers, arrival, requests in flight), so a
//! test checks what was sent, not only what came back; the emulations answer a repeated parameter
//! with `400`. Faults are injected by request number, reproducibly: server errors, `429` bursts,
//! connections dropped mid-body, bodies cut in half, cursors that cycle or expire, records created
//! during a walk, next links to another origin, an outage. `server.pause()` holds every request at a
//! gate until `server.resume()` (`held()`, `wait_held(n, timeout)`, `max_in_flight()`), and
//! `server.pause_after(n)` closes it after the next `n` requests: the project's tests prove
//! concurrency and prefetch with it, and stop a walk after a given page, never with a clock.
//!
//! A walk through server errors, dropped connections and truncated bodies yields every record once:
//!
//! ```
//! use std::time::Duration;
//!
//! use paginated::{Paginate, RetryPolicy};
//! use paginated_mock::{Faults, MockConfig, MockServer};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(offset, has_more = "has_more", total = "total", max_page_size = 100)]
//! struct NumbersPage {
//!     data: Vec<Number>,
//!     #[serde(rename = "hasMore")]
//!     has_more: bool,
//!     total: u64,
//! }
//!
//! #[derive(Deserialize)]
//! struct Number { id: String }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start(MockConfig {
//!     faults: Faults {
//!         server_error_rate: 0.2,         // seeded, reproducible 500/502/503
//!         seed: 7,
//!         drop_connection_every: Some(7), // the connection closed mid-body
//!         truncate_body_every: Some(11),  // JSON cut in half
//!         ..Faults::default()
//!     },
//!     ..MockConfig::with_records(1_000)
//! });
//! let fast = RetryPolicy::default().max_attempts(10).initial_backoff(Duration::from_millis(1));
//! let client = paginated::http::blocking_client().build()?;
//! let numbers: Vec<Number> = NumbersPage::iter(client.get(server.url("/v1/numbers")))
//!     .page_size(100)
//!     .retry(fast)
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(numbers.len(), 1_000);
//! assert!(server.request_count() > 10, "some pages took several attempts");
//! for request in server.requests() {
//!     assert!(request.params("offset").iter().all(|offset| offset.parse::<u64>().unwrap() % 100 == 0));
//! }
//! # Ok(()) }
//! ```
//!
//! # Hostile routes
//!
//! Misbehaving servers live under `/hostile/...`, each breaking one assumption a client might make, for
//! your tests too (the [`hostile`](https://docs.rs/paginated-mock/latest/paginated_mock/hostile/index.html)
//! module says exactly how each behaves):
//!
//! - connections that cost time: `silent` (never answers), `trickle` (one byte a second),
//!   `short-body` (a `Content-Length` never reached), `rate-limited` (`429` with a long `Retry-After`);
//! - pages that repeat or never end: `clamped`, `last-page-forever`, `alternating-tail`,
//!   `ignores-offset`;
//! - cursors that mislead: `repeat-cursor`, `cursor-cycle`, `identical-pages`, `huge-cursor`,
//!   `tenant-items`, `endless-empty`;
//! - links and redirects: `self-link`, `fragment-link`, `next-elsewhere`, `redirect` (to another
//!   origin), `redirect-307`, `redirect-same`;
//! - bodies: `trailing-garbage`, `evil-error` (terminal escapes, a fake log line, the query echoed),
//!   `echo-secrets`.
//!
//! [Errors](super::errors) and [security](super::security) walk several of them.
