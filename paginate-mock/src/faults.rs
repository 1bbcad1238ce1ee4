//! Fault injection, applied to every route by request number, so tests are reproducible.

/// Faults the server injects. Request numbers count every request the server received, from 1.
///
/// ```
/// use paginated_mock::{Faults, RateLimit};
/// let faults = Faults {
///     rate_limit: Some(RateLimit { every: 10, burst: 2, retry_after: "1".into() }),
///     drop_connection_every: Some(7),
///     ..Faults::default()
/// };
/// assert!(faults.server_error_rate == 0.0);
/// ```
#[derive(Debug, Clone, Default)]
pub struct Faults {
    /// Probability of a `500`/`502`/`503` instead of the page (seeded, reproducible).
    pub server_error_rate: f64,
    /// Seed of the fault generator.
    pub seed: u64,
    /// `429 Too Many Requests` bursts.
    pub rate_limit: Option<RateLimit>,
    /// Every Nth request: the connection is closed after the headers, mid-body.
    pub drop_connection_every: Option<u64>,
    /// Every Nth request: a `200` whose JSON body is cut in half (with a matching `Content-Length`).
    pub truncate_body_every: Option<u64>,
    /// Cursor endpoints: from page N on, `next_cursor` points back to page 2 (a cycle A→B→A).
    pub cursor_cycle_after: Option<u64>,
    /// Cursor endpoints: from page N on, pages are empty but still say `has_more: true`.
    pub empty_pages_after: Option<u64>,
    /// Cursor endpoints: request N, if it carries a cursor, is answered `400 invalid_cursor` (a cursor
    /// that expired mid-walk).
    pub reject_cursor_at: Option<u64>,
    /// Every Nth request, a new record is created (it sorts first where lists are newest first).
    pub insert_every: Option<u64>,
    /// Absolute next-page links (Aircall `next_page_link`, the `Link` headers of GitHub, GitLab,
    /// WordPress and json-server, OData's `@odata.nextLink`) point at this origin instead.
    pub foreign_next_origin: Option<String>,
    /// Every response body is padded to at least this many bytes.
    pub pad_body_to: Option<usize>,
    /// `POST /graphql`: request N (counting every request, as above) is answered `200` with
    /// `{"data": null, "errors": [{"message": "Something went wrong while executing your query. ..."}]}`,
    /// as GitHub answers an internal error.
    pub graphql_error_at: Option<u64>,
    /// Requests numbered in this range are answered `503`: an API that goes down during a walk and
    /// comes back.
    pub outage: Option<std::ops::Range<u64>>,
}

/// A rate limit: in every window of `every` requests, the first `burst` get `429` with `Retry-After`.
#[derive(Debug, Clone)]
pub struct RateLimit {
    /// Window length, in requests.
    pub every: u64,
    /// Rejected requests at the start of each window.
    pub burst: u64,
    /// The `Retry-After` value: seconds (`"1"`) or an HTTP date.
    pub retry_after: String,
}

/// What the fault layer decided for one request.
pub(crate) enum Injected {
    None,
    Status(u16),
    RateLimited(String),
    Drop,
    Truncate,
}

impl Faults {
    pub(crate) fn decide(&self, request_number: u64, random: f64) -> Injected {
        let every = |n: Option<u64>| n.is_some_and(|n| n > 0 && request_number.is_multiple_of(n));
        if let Some(limit) = &self.rate_limit {
            if limit.every > 0 && (request_number - 1) % limit.every < limit.burst {
                return Injected::RateLimited(limit.retry_after.clone());
            }
        }
        if self
            .outage
            .as_ref()
            .is_some_and(|outage| outage.contains(&request_number))
        {
            return Injected::Status(503);
        }
        if random < self.server_error_rate {
            return Injected::Status([500, 502, 503][request_number as usize % 3]);
        }
        if every(self.drop_connection_every) {
            return Injected::Drop;
        }
        if every(self.truncate_body_every) {
            return Injected::Truncate;
        }
        Injected::None
    }
}
