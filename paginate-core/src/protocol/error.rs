//! The one error type of a walk. Every way a walk can end early is an [`ErrorKind`], with the context
//! needed to act on it; every error a walk yields carries the checkpoint of its last good item, so a
//! `try_collect` that failed still knows where to resume. Everything an error prints that came from the
//! network or from a URL is escaped and redacted.

use std::time::Duration;

use crate::protocol::checkpoint::Checkpoint;

/// Boxed error of a user transport (closure) or of the HTTP client.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a walk stopped before its natural end: an [`ErrorKind`] and, for errors a walk yields, the
/// [`Checkpoint`] to resume from.
///
/// ```
/// use paginated_core::{Error, ErrorKind};
/// let error = Error::from(ErrorKind::LoopDetected { repeated: "abc".into() });
/// assert_eq!(error.to_string(), "pagination loop: the API sent the walk back to `abc`, a request it already made");
/// assert!(matches!(error.kind(), ErrorKind::LoopDetected { .. }));
/// assert!(error.checkpoint().is_none(), "only errors of a walk carry a checkpoint");
/// ```
pub struct Error(Box<Inner>);

struct Inner {
    kind: ErrorKind,
    checkpoint: Option<Checkpoint>,
}

/// Which scope a deadline applied to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutScope {
    /// One attempt at a page: transient, retried within the page's budget.
    Attempt,
    /// The page's whole budget (all attempts and waits): final.
    Page,
}

/// What went wrong.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API answered with a non-success status.
    #[error("HTTP {status} from {url}: {body}")]
    Status {
        /// The HTTP status code.
        status: u16,
        /// The URL requested (credentials redacted).
        url: String,
        /// The start of the response body (escaped).
        body: String,
        /// The `Retry-After` the API sent, if any.
        retry_after: Option<Duration>,
    },
    /// The API said the cursor is invalid or expired (see the invalid-cursor predicate).
    #[error("cursor rejected by {url} (HTTP {status}): {body}")]
    CursorRejected {
        /// The HTTP status code.
        status: u16,
        /// The URL requested (credentials redacted).
        url: String,
        /// The start of the response body (escaped).
        body: String,
    },
    /// The body is not the declared envelope.
    #[error("cannot decode the page from {url} at `{path}`: {message}; body starts with: {snippet}")]
    Decode {
        /// The URL requested (credentials redacted).
        url: String,
        /// Path of the failing value (`pagination.next_cursor`); empty for the whole body.
        path: String,
        /// What the decoder said.
        message: String,
        /// The start of the response body (escaped).
        snippet: String,
    },
    /// The body ended before its JSON did (a connection cut mid-body by a proxy or the server).
    #[error("the response body from {url} ends before its JSON does")]
    IncompleteBody {
        /// The URL requested (credentials redacted).
        url: String,
    },
    /// The body is larger than the configured cap.
    #[error("the response body from {url} is larger than {limit} bytes")]
    BodyTooLarge {
        /// The URL requested (credentials redacted).
        url: String,
        /// The cap, in bytes.
        limit: u64,
    },
    /// The connection failed or dropped mid-response: transient, retried.
    #[error("connection error: {0}")]
    Connection(#[source] BoxError),
    /// A deadline passed: an attempt's (transient, retried) or the page's whole budget (final).
    #[error("no complete answer from {url} within {limit:?} ({scope:?} deadline)")]
    Timeout {
        /// The URL requested (credentials redacted), or `-` for a closure transport.
        url: String,
        /// The deadline.
        limit: Duration,
        /// Whether the attempt's or the page's deadline passed.
        scope: TimeoutScope,
    },
    /// A closure transport failed with its own error: not retried, unless the closure returns a
    /// transient [`Error`] itself (for example [`ErrorKind::Connection`]).
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
    },
    /// The API sent the walk back to a request it already made: following it would repeat items.
    #[error("pagination loop: the API sent the walk back to `{repeated}`, a request it already made")]
    LoopDetected {
        /// The repeated cursor, URL or key (escaped, credentials redacted).
        repeated: String,
    },
    /// The walk does not advance (page number not increasing, a page repeating the previous one,
    /// `has_more` with empty pages that cannot advance).
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
    /// The API reported an error inside a successful answer (GraphQL `errors`, `ok: false`).
    #[error("the API reported an error: {message}")]
    Api {
        /// The API's message (escaped).
        message: String,
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
    /// A next URL, `Link`, redirect or resumed position points at another origin than the walk's;
    /// refused unless [`CrossOrigin::FollowWithoutCredentials`](crate::CrossOrigin) allows it.
    #[error("refusing a page on another origin: {url}")]
    CrossOrigin {
        /// The refused URL (credentials redacted).
        url: String,
    },
    /// The request cannot be paginated as configured (unrepeatable body, body that is not a JSON object
    /// while `params_in = "body"`, a page size of zero, a next URL that is not an http(s) URL).
    #[error("invalid pagination request: {0}")]
    InvalidRequest(String),
    /// A checkpoint handed to `resume` does not belong to this walk, is malformed, or is not validly
    /// signed.
    #[error("cannot resume from this checkpoint: {reason}")]
    InvalidCheckpoint {
        /// What is wrong with it.
        reason: String,
    },
}

impl Error {
    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.0.kind
    }

    /// What went wrong, by value.
    pub fn into_kind(self) -> ErrorKind {
        self.0.kind
    }

    /// Where the walk stood at its last good item: resume from it with `.resume(checkpoint)` once the
    /// cause is fixed. Every error a walk yields carries one.
    pub fn checkpoint(&self) -> Option<&Checkpoint> {
        self.0.checkpoint.as_ref()
    }

    pub(crate) fn with_checkpoint(mut self, checkpoint: Checkpoint) -> Self {
        self.0.checkpoint = Some(checkpoint);
        self
    }

    /// Wraps a transport error. A boxed [`Error`] is unwrapped, so a closure transport can report a
    /// transient failure (`ErrorKind::Connection`, `ErrorKind::Status` with a 5xx) and get it retried.
    pub fn transport(error: impl Into<BoxError>) -> Self {
        match error.into().downcast::<Error>() {
            Ok(error) => *error,
            Err(other) => ErrorKind::Transport(other).into(),
        }
    }

    /// A transient connection failure, for closure transports that want it retried.
    ///
    /// ```
    /// use paginated_core::Error;
    /// let error = Error::connection(std::io::Error::other("reset by peer"));
    /// assert!(error.is_transient());
    /// ```
    pub fn connection(error: impl Into<BoxError>) -> Self {
        ErrorKind::Connection(error.into()).into()
    }

    /// A non-success HTTP status, for closure transports: `429`, `408` and `5xx` are retried, honouring
    /// `retry_after`; a rejected cursor is recognised by the walk's invalid-cursor predicate.
    ///
    /// ```
    /// use paginated_core::Error;
    /// assert!(Error::status(503, "busy", None).is_transient());
    /// assert!(!Error::status(404, "no such list", None).is_transient());
    /// ```
    pub fn status(status: u16, body: &str, retry_after: Option<Duration>) -> Self {
        ErrorKind::Status {
            status,
            url: "-".into(),
            body: crate::protocol::url::snippet(body.as_bytes(), SNIPPET_CHARS),
            retry_after,
        }
        .into()
    }

    /// Whether retrying the same request may succeed: `429`, `408`, `5xx`, connection failures, an
    /// attempt's deadline, and bodies cut short.
    ///
    /// ```
    /// use paginated_core::{Error, ErrorKind};
    /// assert!(Error::status(503, "", None).is_transient());
    /// assert!(!Error::from(ErrorKind::LoopDetected { repeated: "c".into() }).is_transient());
    /// ```
    pub fn is_transient(&self) -> bool {
        match self.kind() {
            ErrorKind::Status { status, .. } => matches!(status, 408 | 429 | 500..=599),
            ErrorKind::Connection(_) | ErrorKind::IncompleteBody { .. } => true,
            ErrorKind::Timeout { scope, .. } => *scope == TimeoutScope::Attempt,
            _ => false,
        }
    }

    /// The wait the API asked for with `Retry-After`.
    pub fn retry_after(&self) -> Option<Duration> {
        match self.kind() {
            ErrorKind::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

/// How much of a body error messages quote.
pub(crate) const SNIPPET_CHARS: usize = 200;

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Self {
        Error(Box::new(Inner {
            kind,
            checkpoint: None,
        }))
    }
}

impl std::fmt::Debug for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("Error");
        debug.field("kind", &self.0.kind);
        if let Some(checkpoint) = &self.0.checkpoint {
            debug.field("resume_at_item", &checkpoint.items_yielded());
        }
        debug.finish()
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.kind.fmt(f)
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        std::error::Error::source(&self.0.kind)
    }
}

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
