//! The one error type of a walk. Every way a walk can end early is a variant, with the context needed to
//! act on it.

use std::time::Duration;

use crate::checkpoint::Checkpoint;

/// Boxed error of a user transport (closure) or of the HTTP client.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a walk stopped before its natural end.
///
/// ```
/// use paginate_core::Error;
/// let error = Error::LoopDetected { repeated: "abc".into() };
/// assert_eq!(error.to_string(), "pagination loop: the API returned `abc` a second time in this walk");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with a non-success status.
    #[error("HTTP {status} from {url}: {body}")]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The URL requested.
        url: String,
        /// The start of the response body.
        body: String,
        /// The `Retry-After` the API sent, if any.
        retry_after: Option<Duration>,
    },
    /// The API said the cursor is invalid or expired (see the invalid-cursor predicate).
    #[error("cursor rejected by {url} (HTTP {status}): {body}")]
    CursorRejected {
        /// The HTTP status code.
        status: u16,
        /// The URL requested.
        url: String,
        /// The start of the response body.
        body: String,
    },
    /// The body is not the declared envelope.
    #[error("cannot decode the page from {url} at `{path}`: {message}; body starts with: {snippet}")]
    Decode {
        /// The URL requested.
        url: String,
        /// JSON path of the failing value (`pagination.next_cursor`).
        path: String,
        /// What serde said.
        message: String,
        /// The start of the response body.
        snippet: String,
    },
    /// The body ended before the JSON did (a connection cut mid-body by a proxy or the server).
    #[error("the response body from {url} ends before its JSON does")]
    IncompleteBody {
        /// The URL requested.
        url: String,
    },
    /// The body is larger than the configured cap.
    #[error("the response body from {url} is larger than {limit} bytes")]
    BodyTooLarge {
        /// The URL requested.
        url: String,
        /// The cap, in bytes.
        limit: u64,
    },
    /// The connection failed, timed out, or dropped mid-response: transient, retried.
    #[error("connection error: {0}")]
    Connection(#[source] BoxError),
    /// A closure transport failed with its own error: not retried, unless the closure returns a
    /// transient [`Error`] itself (for example [`Error::Connection`]).
    #[error("transport error: {0}")]
    Transport(#[source] BoxError),
    /// A transient failure persisted through every attempt the [`RetryPolicy`](crate::RetryPolicy)
    /// allows.
    #[error("gave up after {attempts} attempts: {last}")]
    RetriesExhausted {
        /// Attempts made for the page.
        attempts: u32,
        /// The last failure.
        #[source]
        last: Box<Error>,
        /// Where the walk stood: [`resume`](crate::Paginator::resume) from it once the API is back.
        checkpoint: Box<Checkpoint>,
    },
    /// A cursor, next URL or key came back a second time: following it would loop forever.
    #[error("pagination loop: the API returned `{repeated}` a second time in this walk")]
    LoopDetected {
        /// The repeated cursor, URL or key.
        repeated: String,
    },
    /// The walk cannot advance (page number not increasing, `has_more` with empty pages).
    #[error("pagination does not advance: {reason}")]
    NoProgress {
        /// What did not advance.
        reason: String,
    },
    /// The envelope contradicts itself (for example `has_more: true` without a next cursor).
    #[error("inconsistent page: {reason}")]
    Protocol {
        /// The contradiction.
        reason: String,
    },
    /// The walk ended before `total` items were received: the API stopped serving (a cap or a
    /// truncated listing) and items are missing.
    #[error("listing truncated: received {received} of {total} items")]
    Truncated {
        /// Items received.
        received: u64,
        /// Items the API said exist.
        total: u64,
    },
    /// More records match the query than the API's cap lets one query reach: split the query (for
    /// example with [`Paginate::windows`](crate::Paginate::windows)) or accept a partial walk with
    /// `.detect_truncation(false)`.
    #[error("{} records match but a query reaches at most {cap}: split the query", total.map_or_else(|| "more".to_owned(), |t| t.to_string()))]
    CapExceeded {
        /// The cap.
        cap: u64,
        /// The records that match, when the API says.
        total: Option<u64>,
    },
    /// A next URL or `Link` points at another origin; not followed by default.
    #[error("refusing to follow a next page on another origin: {url}")]
    CrossOrigin {
        /// The refused URL.
        url: String,
    },
    /// The request cannot be paginated as configured (unrepeatable body, body that is not a JSON object
    /// while `params_in = "body"`, a page size of zero, an unparsable next URL).
    #[error("invalid pagination request: {0}")]
    InvalidRequest(String),
}

impl Error {
    /// Wraps a transport error. A boxed [`Error`] is unwrapped, so a closure transport can report a
    /// transient failure (`Error::Connection`, `Error::Status` with a 5xx) and get it retried.
    pub fn transport(error: impl Into<BoxError>) -> Self {
        match error.into().downcast::<Error>() {
            Ok(error) => *error,
            Err(other) => Error::Transport(other),
        }
    }

    /// Whether retrying the same request may succeed: `429`, `408`, `5xx`, connection failures and
    /// bodies cut short.
    ///
    /// ```
    /// use paginate_core::Error;
    /// let busy = Error::Status { status: 503, url: "https://api.test".into(), body: String::new(), retry_after: None };
    /// assert!(busy.is_transient());
    /// assert!(!Error::LoopDetected { repeated: "c".into() }.is_transient());
    /// ```
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Status { status, .. } => matches!(status, 408 | 429 | 500..=599),
            Error::Connection(_) | Error::IncompleteBody { .. } => true,
            _ => false,
        }
    }

    /// The checkpoint of the last good item, for errors after which a walk can resume where it
    /// stopped ([`Error::RetriesExhausted`]). Any paginator also keeps it: `.checkpoint()`.
    pub fn checkpoint(&self) -> Option<&Checkpoint> {
        match self {
            Error::RetriesExhausted { checkpoint, .. } => Some(checkpoint),
            _ => None,
        }
    }

    /// The wait the API asked for with `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
