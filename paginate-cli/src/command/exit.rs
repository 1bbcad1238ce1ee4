//! How the command ends: its exit status, and the message stderr gets.

use std::fmt;
use std::process::ExitCode;

use paginated_cli::{Confidence, Detection};
use paginated_core::{CrossOriginReason, Error, ErrorKind};

/// The exit statuses `--help` documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Every item was written, or a limit the user set was reached.
    Success,
    /// An error no other status names.
    Failure,
    /// Bad input: options, the attribute, files, a resume file of another request, an endpoint whose
    /// pagination one response cannot tell.
    Usage,
    /// The API ended the list before the total it announced, or more items exist than it serves.
    Truncated,
    /// The API repeats itself.
    Loop,
    /// Credentials rejected, or a next page on another origin refused.
    Credentials,
    /// The network, timeouts, rate limits.
    Network,
    /// Ctrl-C.
    Interrupted,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Usage => 2,
            Exit::Truncated => 3,
            Exit::Loop => 4,
            Exit::Credentials => 5,
            Exit::Network => 6,
            Exit::Interrupted => 130,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit.code())
    }
}

/// Why the command stopped short: the status, and what to tell the user.
#[derive(Debug)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Self {
        Failure {
            exit,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Failure::new(Exit::Usage, message)
    }

    /// The same failure, its message followed by `note` on a line of its own.
    pub fn note(mut self, note: impl fmt::Display) -> Self {
        self.message = format!("{}\n{note}", self.message);
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A walk's error: its message (the library redacts credentials from it) and its status.
impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure::new(exit_of(error.kind()), describe(error.kind()))
    }
}

/// A walk's error as the command says it: the library's message, except where that names what a
/// program calls (`.allow_origin(..)`, a checkpoint) and the command has an option or a resume file
/// instead.
pub fn describe(kind: &ErrorKind) -> String {
    match kind {
        ErrorKind::RepeatedPage {
            page,
            earlier,
            position,
        } => format!(
            "page {page} ({position}) holds the same items as page {earlier}: the API served them again, \
             so they were not written"
        ),
        ErrorKind::Stalled { pages, .. } => {
            format!("{pages} pages in a row brought no new item (--max-stalled-pages sets how many may)")
        }
        ErrorKind::CrossOrigin {
            url,
            reason: CrossOriginReason::Refused | CrossOriginReason::Body,
        } => format!("refusing a page on another origin, {url}: nothing was sent there"),
        ErrorKind::RateLimited {
            status,
            url,
            retry_after,
        } => format!(
            "rate limited by {url} (HTTP {status}): the API asks to wait {} s, longer than --timeout and \
             --retries leave for a page",
            retry_after.as_secs()
        ),
        ErrorKind::Timeout {
            url,
            limit: Some(limit),
            ..
        } => format!("no complete answer from {url} within {} s", limit.as_secs_f64()),
        ErrorKind::CapExceeded { cap, total } => match total {
            Some(total) => format!("{total} items match, but the API serves at most {cap} of one query"),
            None => format!("more items match than the {cap} the API serves of one query"),
        },
        ErrorKind::RetriesExhausted { attempts, last } => {
            format!("gave up after {attempts} attempts: {}", describe(last.kind()))
        }
        other => other.to_string(),
    }
}

/// The status of a walk's error.
pub fn exit_of(kind: &ErrorKind) -> Exit {
    match kind {
        ErrorKind::Status {
            status: 401 | 403, ..
        }
        | ErrorKind::CrossOrigin { .. } => Exit::Credentials,
        ErrorKind::Status { status: 429, .. }
        | ErrorKind::Connection(_)
        | ErrorKind::Timeout { .. }
        | ErrorKind::IncompleteBody { .. }
        | ErrorKind::RateLimited { .. } => Exit::Network,
        ErrorKind::RetriesExhausted { last, .. } => match exit_of(last.kind()) {
            Exit::Network | Exit::Credentials => exit_of(last.kind()),
            _ => Exit::Failure,
        },
        ErrorKind::LoopDetected { .. }
        | ErrorKind::RepeatedPage { .. }
        | ErrorKind::Stalled { .. }
        | ErrorKind::NoProgress { .. } => Exit::Loop,
        ErrorKind::Truncated { .. } | ErrorKind::CapExceeded { .. } => Exit::Truncated,
        ErrorKind::InvalidRequest(_) | ErrorKind::InvalidCheckpoint { .. } => Exit::Usage,
        _ => Exit::Failure,
    }
}

/// What the command line can do about a walk's error, beside the library's message.
pub fn advice(kind: &ErrorKind, attribute: &str, detection: Option<&Detection>) -> Option<String> {
    let guessed = detection
        .map(Detection::confidence)
        .filter(|confidence| *confidence != Confidence::Observed);
    let mut notes = Vec::new();
    if let (ErrorKind::RepeatedPage { page: 2, .. } | ErrorKind::LoopDetected { .. }, Some(confidence)) =
        (kind, guessed)
    {
        notes.push(format!(
            "The request parameter this walk sends its position in was not read off the first exchange \
             but {} (`{attribute}`): if the API takes another name, name it with --paginate \
             (`cursor_param = \"...\"`); --explain shows the evidence.",
            match confidence {
                Confidence::Assumed => "assumed",
                _ => "taken from a known convention",
            }
        ));
    }
    match kind {
        ErrorKind::RepeatedPage { .. } => notes
            .push("If the API really serves identical pages, run with --allow-repeated-pages.".to_owned()),
        ErrorKind::CapExceeded { .. } => notes.push(
            "The API serves only part of what matches one query: narrow it (a filter or a time range in \
             the URL) and walk each part."
                .to_owned(),
        ),
        ErrorKind::CrossOrigin {
            reason: CrossOriginReason::Redirected,
            ..
        } => notes.push(
            "The server redirects there: request that URL directly if you trust it with your headers."
                .to_owned(),
        ),
        ErrorKind::CrossOrigin { .. } => notes
            .push("If you trust that origin with your headers, run with --allow-origin ORIGIN.".to_owned()),
        _ => {}
    }
    (!notes.is_empty()).then(|| notes.join("\n"))
}
