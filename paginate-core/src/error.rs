//! The one error type of a walk. Every way a walk can end early is an [`ErrorKind`], with the context
//! needed to act on it; every error a walk yields carries the checkpoint of its last good item, so a
//! `try_collect` that failed still knows where to resume. Everything an error prints that came from the
//! network or from a URL is escaped and redacted.

use std::time::Duration;

use crate::protocol::checkpoint::{Checkpoint, KeyTooShort};

/// Boxed error of a user transport (closure) or of the HTTP client.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// Why a page on another origin was refused ([`ErrorKind::CrossOrigin`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CrossOriginReason {
    /// The walk's policy refuses other origins: nothing was sent there.
    Refused,
    /// The walk follows other origins without credentials, but its request has a body, which goes
    /// only to origins named with `.allow_origin(..)`: nothing was sent there.
    Body,
    /// The HTTP client followed a redirect there before the walk could refuse it: the request's
    /// headers (credentials included) and body may have reached that origin. Clients from
    /// `paginated::http::client()` never follow a redirect to another origin.
    FollowedByClient,
    /// The server redirected a request there; the client did not follow, and the walk does not
    /// either (no allowed origin changes that): nothing was sent there. Request that URL directly if
    /// it may receive the request.
    Redirected,
}

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
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The API answered with a non-success status.
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
    CursorRejected {
        /// The HTTP status code.
        status: u16,
        /// The URL requested (credentials redacted).
        url: String,
        /// The start of the response body (escaped).
        body: String,
    },
    /// The body is not the declared envelope.
    Decode {
        /// The URL requested (credentials redacted).
        url: String,
        /// Path of the failing value (`pagination.next_cursor`); empty for the whole body.
        path: String,
        /// Where in the body decoding failed, in bytes from its start, when known.
        offset: Option<u64>,
        /// What the decoder said.
        message: String,
        /// The start of the response body (escaped).
        snippet: String,
    },
    /// The body ended before its JSON did (a connection cut mid-body by a proxy or the server).
    IncompleteBody {
        /// The URL requested (credentials redacted).
        url: String,
    },
    /// The body is larger than the configured cap.
    BodyTooLarge {
        /// The URL requested (credentials redacted).
        url: String,
        /// The cap, in bytes.
        limit: u64,
    },
    /// The connection failed or dropped mid-response: transient, retried.
    Connection(BoxError),
    /// A deadline passed: an attempt's (transient, retried) or the page's whole budget (final).
    Timeout {
        /// The URL requested (credentials redacted), or `-` for a closure transport.
        url: String,
        /// The deadline; `None` when the HTTP client's own timeout fired.
        limit: Option<Duration>,
        /// Whether the attempt's or the page's deadline passed.
        scope: TimeoutScope,
    },
    /// A closure transport failed with its own error: not retried, unless the closure returns a
    /// transient [`Error`] itself (for example [`ErrorKind::Connection`]).
    Transport(BoxError),
    /// A transient failure persisted through every attempt the [`RetryPolicy`](crate::RetryPolicy)
    /// allows.
    RetriesExhausted {
        /// Attempts made for the page.
        attempts: u32,
        /// The last failure.
        last: Box<Error>,
    },
    /// The API sent the walk back to a request it already made: following it would repeat items.
    LoopDetected {
        /// The repeated cursor, URL or key (escaped, credentials redacted).
        repeated: String,
    },
    /// A page holds the same items as an earlier page of the walk (the API ignored the position it was
    /// sent, repeats its last page past the end, or cycles): refused before any of its items is
    /// yielded. An API that honestly serves identical pages is walked with `.allow_repeated_pages(true)`.
    RepeatedPage {
        /// The walk's number of the repeating page (1 for its first page).
        page: u64,
        /// The number of the earlier page it repeats.
        earlier: u64,
        /// Where the repeating page was asked for (escaped, credentials redacted).
        position: String,
    },
    /// Too many pages in a row brought no new item (empty pages, or pages repeated with
    /// `.allow_repeated_pages(true)`): the limit of `.max_stalled_pages(n)`. The error's checkpoint
    /// continues the walk where it stopped.
    Stalled {
        /// The pages in a row without a new item.
        pages: u64,
        /// The limit they passed.
        limit: u32,
    },
    /// The walk does not advance (a page number that does not increase, `has_more` with an empty
    /// page that cannot advance).
    NoProgress {
        /// What did not advance.
        reason: String,
    },
    /// The envelope contradicts itself (for example `has_more: true` without a next cursor).
    Protocol {
        /// The contradiction.
        reason: String,
    },
    /// The API reported an error inside a successful answer (GraphQL `errors`, `ok: false`).
    Api {
        /// The API's message (escaped).
        message: String,
    },
    /// The walk ended before `total` items were received: the API stopped serving (a cap or a
    /// truncated listing) and items are missing.
    Truncated {
        /// Items received.
        received: u64,
        /// Items the API said exist.
        total: u64,
    },
    /// More records match the query than the API's cap lets one query reach: split the query (for
    /// example with [`Paginate::windows`](crate::Paginate::windows)) or accept a partial walk with
    /// `.detect_truncation(false)`.
    CapExceeded {
        /// The cap.
        cap: u64,
        /// The records that match, when the API says.
        total: Option<u64>,
    },
    /// A next URL, `Link`, redirect or resumed position points at another origin than the walk's;
    /// refused unless [`CrossOrigin::FollowWithoutCredentials`](crate::CrossOrigin) or an allowed
    /// origin lets the walk go there.
    CrossOrigin {
        /// The refused URL (credentials redacted).
        url: String,
        /// Why it was refused, and whether anything may already have been sent there.
        reason: CrossOriginReason,
    },
    /// The API asked to wait (`Retry-After`) longer than the page's remaining time: the walk stops
    /// instead of waiting past its deadline. Resume from the error's checkpoint after the wait.
    RateLimited {
        /// The HTTP status code (usually 429 or 503).
        status: u16,
        /// The URL requested (credentials redacted).
        url: String,
        /// The wait the API asked for.
        retry_after: Duration,
    },
    /// A request would be longer than HTTP clients send (a cursor of tens of kilobytes in the query
    /// string): not sent.
    RequestTooLong {
        /// The length of the request's URL, in bytes.
        length: usize,
        /// The longest URL that can be sent.
        limit: usize,
    },
    /// The request cannot be paginated as configured (unrepeatable body, body that is not a JSON object
    /// while `params_in = "body"`, a page size of zero, a next URL that is not an http(s) URL).
    InvalidRequest(String),
    /// A checkpoint handed to `resume` does not belong to this walk, is malformed, or is not validly
    /// signed.
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
            body: crate::protocol::redact::snippet(
                body.as_bytes(),
                SNIPPET_CHARS,
                &crate::protocol::redact::Secrets::default(),
            ),
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
            ErrorKind::RateLimited { retry_after, .. } => Some(*retry_after),
            _ => None,
        }
    }
}

/// How much of a body error messages quote.
pub(crate) const SNIPPET_CHARS: usize = 200;

impl From<KeyTooShort> for Error {
    fn from(short: KeyTooShort) -> Self {
        ErrorKind::InvalidRequest(short.to_string()).into()
    }
}

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

// Written out rather than derived: a proc macro would be built in every clean build of a user's crate.
impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ErrorKind::Status {
                status, url, body, ..
            } => write!(f, "HTTP {status} from {url}: {body}"),
            ErrorKind::CursorRejected { status, url, body } => {
                write!(f, "cursor rejected by {url} (HTTP {status}): {body}")
            }
            ErrorKind::Decode {
                url,
                path,
                offset,
                message,
                snippet,
            } => {
                write!(f, "cannot decode the page from {url}")?;
                if !path.is_empty() {
                    write!(f, " at `{path}`")?;
                }
                if let Some(offset) = offset {
                    write!(f, " (byte {offset})")?;
                }
                write!(f, ": {message}; body starts with: {snippet}")
            }
            ErrorKind::IncompleteBody { url } => {
                write!(f, "the response body from {url} ends before its JSON does")
            }
            ErrorKind::BodyTooLarge { url, limit } => {
                write!(f, "the response body from {url} is larger than {limit} bytes")
            }
            ErrorKind::Connection(error) => write!(f, "connection error: {error}"),
            ErrorKind::Timeout {
                url,
                limit: Some(limit),
                scope,
            } => write!(
                f,
                "no complete answer from {url} within {limit:?} ({scope:?} deadline)"
            ),
            ErrorKind::Timeout { url, limit: None, .. } => write!(
                f,
                "no complete answer from {url} within the HTTP client's own timeout"
            ),
            ErrorKind::Transport(error) => write!(f, "transport error: {error}"),
            ErrorKind::RetriesExhausted { attempts, last } => {
                write!(f, "gave up after {attempts} attempts: {last}")
            }
            ErrorKind::LoopDetected { repeated } => write!(
                f,
                "pagination loop: the API sent the walk back to `{repeated}`, a request it already made"
            ),
            ErrorKind::RepeatedPage {
                page,
                earlier,
                position,
            } => write!(
                f,
                "page {page} ({position}) holds the same items as page {earlier}: the API (or a transport \
                 that does not send `PageRequest::position`) served them again, so they were not yielded; \
                 if this API really serves identical pages, walk it with `.allow_repeated_pages(true)`"
            ),
            ErrorKind::Stalled { pages, limit } => write!(
                f,
                "{pages} pages in a row brought no new item (at most {limit} allowed): resume from this \
                 error's checkpoint to go on, or raise `.max_stalled_pages(n)`"
            ),
            ErrorKind::NoProgress { reason } => write!(f, "pagination does not advance: {reason}"),
            ErrorKind::Protocol { reason } => write!(f, "inconsistent page: {reason}"),
            ErrorKind::Api { message } => write!(f, "the API reported an error: {message}"),
            ErrorKind::Truncated { received, total } => {
                write!(f, "listing truncated: received {received} of {total} items")
            }
            ErrorKind::CapExceeded { cap, total } => {
                match total {
                    Some(total) => write!(f, "{total}")?,
                    None => f.write_str("more")?,
                }
                write!(
                    f,
                    " records match but a query reaches at most {cap}: split the query"
                )
            }
            ErrorKind::CrossOrigin { url, reason } => match reason {
                CrossOriginReason::Refused => write!(
                    f,
                    "refusing a page on another origin: {url} (name it with `.allow_origin(..)` to follow it)"
                ),
                CrossOriginReason::Body => write!(
                    f,
                    "refusing to send the request body to another origin: {url} (name it with \
                     `.allow_origin(..)` if it may receive it)"
                ),
                CrossOriginReason::Redirected => write!(
                    f,
                    "refusing a redirect to another origin, {url}: not followed (request that URL \
                     directly if it may receive the request)"
                ),
                CrossOriginReason::FollowedByClient => write!(
                    f,
                    "the HTTP client followed a redirect to another origin, {url}: the request's headers \
                     (credentials included) and body may have been sent there; build the client with \
                     `paginated::http::client()`, which never follows a redirect to another origin"
                ),
            },
            ErrorKind::RateLimited {
                status,
                url,
                retry_after,
            } => write!(
                f,
                "rate limited by {url} (HTTP {status}): the API asks to wait {retry_after:?}, longer than \
                 the page's deadline leaves; resume from this error's checkpoint after the wait"
            ),
            ErrorKind::RequestTooLong { length, limit } => write!(
                f,
                "the request URL would be {length} bytes, longer than the {limit} an HTTP request can \
                 carry (a cursor that large can only travel in a body: `params_in = \"body\"`)"
            ),
            ErrorKind::InvalidRequest(reason) => write!(f, "invalid pagination request: {reason}"),
            ErrorKind::InvalidCheckpoint { reason } => {
                write!(f, "cannot resume from this checkpoint: {reason}")
            }
        }
    }
}

impl std::error::Error for ErrorKind {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ErrorKind::Connection(error) | ErrorKind::Transport(error) => Some(error.as_ref()),
            ErrorKind::RetriesExhausted { last, .. } => Some(last.as_ref()),
            _ => None,
        }
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

#[cfg(test)]
mod tests {
    use std::error::Error as _;

    use super::*;

    #[test]
    fn every_kind_says_what_happened() {
        let url = || "https://api.example.com/v1/items".to_owned();
        let cases: Vec<(ErrorKind, &str)> = vec![
            (
                ErrorKind::Status {
                    status: 503,
                    url: url(),
                    body: "busy".into(),
                    retry_after: None,
                },
                "HTTP 503 from https://api.example.com/v1/items: busy",
            ),
            (
                ErrorKind::CursorRejected {
                    status: 400,
                    url: url(),
                    body: "expired".into(),
                },
                "cursor rejected by https://api.example.com/v1/items (HTTP 400): expired",
            ),
            (
                ErrorKind::Decode {
                    url: url(),
                    path: "pagination.has_more".into(),
                    offset: Some(31),
                    message: "invalid type".into(),
                    snippet: "{\"data\"".into(),
                },
                "cannot decode the page from https://api.example.com/v1/items at `pagination.has_more` \
                 (byte 31): invalid type; body starts with: {\"data\"",
            ),
            (
                ErrorKind::IncompleteBody { url: url() },
                "the response body from https://api.example.com/v1/items ends before its JSON does",
            ),
            (
                ErrorKind::BodyTooLarge {
                    url: url(),
                    limit: 1024,
                },
                "the response body from https://api.example.com/v1/items is larger than 1024 bytes",
            ),
            (
                ErrorKind::Connection("reset by peer".into()),
                "connection error: reset by peer",
            ),
            (
                ErrorKind::Timeout {
                    url: url(),
                    limit: Some(Duration::from_secs(30)),
                    scope: TimeoutScope::Page,
                },
                "no complete answer from https://api.example.com/v1/items within 30s (Page deadline)",
            ),
            (
                ErrorKind::Timeout {
                    url: url(),
                    limit: None,
                    scope: TimeoutScope::Attempt,
                },
                "no complete answer from https://api.example.com/v1/items within the HTTP client's own timeout",
            ),
            (
                ErrorKind::Transport("sdk failed".into()),
                "transport error: sdk failed",
            ),
            (
                ErrorKind::RetriesExhausted {
                    attempts: 4,
                    last: Box::new(ErrorKind::Connection("reset".into()).into()),
                },
                "gave up after 4 attempts: connection error: reset",
            ),
            (
                ErrorKind::LoopDetected {
                    repeated: "abc".into(),
                },
                "pagination loop: the API sent the walk back to `abc`, a request it already made",
            ),
            (
                ErrorKind::NoProgress {
                    reason: "page 3 again".into(),
                },
                "pagination does not advance: page 3 again",
            ),
            (
                ErrorKind::Protocol {
                    reason: "has_more without a cursor".into(),
                },
                "inconsistent page: has_more without a cursor",
            ),
            (
                ErrorKind::Api {
                    message: "rate limited".into(),
                },
                "the API reported an error: rate limited",
            ),
            (
                ErrorKind::Truncated {
                    received: 90,
                    total: 100,
                },
                "listing truncated: received 90 of 100 items",
            ),
            (
                ErrorKind::CapExceeded {
                    cap: 10_000,
                    total: Some(12_345),
                },
                "12345 records match but a query reaches at most 10000: split the query",
            ),
            (
                ErrorKind::CapExceeded {
                    cap: 10_000,
                    total: None,
                },
                "more records match but a query reaches at most 10000: split the query",
            ),
            (
                ErrorKind::CrossOrigin {
                    url: url(),
                    reason: CrossOriginReason::Refused,
                },
                "refusing a page on another origin: https://api.example.com/v1/items (name it with \
                 `.allow_origin(..)` to follow it)",
            ),
            (
                ErrorKind::CrossOrigin {
                    url: url(),
                    reason: CrossOriginReason::Body,
                },
                "refusing to send the request body to another origin: https://api.example.com/v1/items \
                 (name it with `.allow_origin(..)` if it may receive it)",
            ),
            (
                ErrorKind::CrossOrigin {
                    url: url(),
                    reason: CrossOriginReason::FollowedByClient,
                },
                "the HTTP client followed a redirect to another origin, https://api.example.com/v1/items: \
                 the request's headers (credentials included) and body may have been sent there; build \
                 the client with `paginated::http::client()`, which never follows a redirect to another \
                 origin",
            ),
            (
                ErrorKind::RepeatedPage {
                    page: 5,
                    earlier: 4,
                    position: "page 5".into(),
                },
                "page 5 (page 5) holds the same items as page 4: the API (or a transport that does not \
                 send `PageRequest::position`) served them again, so they were not yielded; if this API \
                 really serves identical pages, walk it with `.allow_repeated_pages(true)`",
            ),
            (
                ErrorKind::Stalled {
                    pages: 1001,
                    limit: 1000,
                },
                "1001 pages in a row brought no new item (at most 1000 allowed): resume from this \
                 error's checkpoint to go on, or raise `.max_stalled_pages(n)`",
            ),
            (
                ErrorKind::RateLimited {
                    status: 429,
                    url: url(),
                    retry_after: Duration::from_secs(3600),
                },
                "rate limited by https://api.example.com/v1/items (HTTP 429): the API asks to wait \
                 3600s, longer than the page's deadline leaves; resume from this error's checkpoint \
                 after the wait",
            ),
            (
                ErrorKind::RequestTooLong {
                    length: 70_100,
                    limit: 65_534,
                },
                "the request URL would be 70100 bytes, longer than the 65534 an HTTP request can carry \
                 (a cursor that large can only travel in a body: `params_in = \"body\"`)",
            ),
            (
                ErrorKind::InvalidRequest("page size 0".into()),
                "invalid pagination request: page size 0",
            ),
            (
                ErrorKind::InvalidCheckpoint {
                    reason: "bad signature".into(),
                },
                "cannot resume from this checkpoint: bad signature",
            ),
        ];
        for (kind, expected) in cases {
            assert_eq!(kind.to_string(), expected);
            assert_eq!(Error::from(kind).to_string(), expected);
        }
    }

    #[test]
    fn wrapped_failures_are_sources() {
        let connection = Error::from(ErrorKind::Connection("reset by peer".into()));
        assert_eq!(
            connection.source().map(ToString::to_string).as_deref(),
            Some("reset by peer")
        );
        let transport = Error::transport(std::io::Error::other("sdk failed"));
        assert_eq!(
            transport.source().map(ToString::to_string).as_deref(),
            Some("sdk failed")
        );
        let exhausted = Error::from(ErrorKind::RetriesExhausted {
            attempts: 2,
            last: Box::new(connection),
        });
        let last = exhausted.source().expect("the last failure");
        assert_eq!(last.to_string(), "connection error: reset by peer");
        assert_eq!(
            last.source().map(ToString::to_string).as_deref(),
            Some("reset by peer")
        );
        assert!(Error::from(ErrorKind::LoopDetected { repeated: "c".into() })
            .source()
            .is_none());
    }
}
