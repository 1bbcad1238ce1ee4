//! Why detection gave no answer. The texts are sentences for a user's terminal: they name members,
//! headers and parameters, never a value of the exchange (a cursor or a query may hold a secret).

use std::fmt::Write;

use super::detection::Format;

/// Why [`detect`](crate::detect) could not name the pagination of an exchange.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DetectError {
    /// The response is not a success.
    #[error("the first response has HTTP status {status}, not a success: there is no page to detect pagination from")]
    Status {
        /// The response's status.
        status: u16,
    },
    /// The response has no body.
    #[error("the first response has an empty body: there is no page to detect pagination from")]
    EmptyBody,
    /// The body is not valid JSON or XML.
    #[error("the first response's body is not valid {format}: {reason}")]
    Body {
        /// The format the body was read as.
        format: Format,
        /// The parser's message (a position, never the content).
        reason: String,
    },
    /// The request's URL is not an absolute URL.
    #[error("the request URL cannot be read: {reason}")]
    Url {
        /// The URL parser's message.
        reason: String,
    },
    /// No list in the body.
    #[error(
        "the first response holds no list of items: detection needs a list endpoint (an array, or an \
         object with one); name the items with --paginate 'items = \"path\", ...' if they are there"
    )]
    NoItems,
    /// Several readings fit the exchange; detection does not guess.
    #[error("{}", ambiguous_message(*.about, .readings))]
    Ambiguous {
        /// What the readings disagree on.
        about: Ambiguity,
        /// Each reading, as complete attribute text with its evidence.
        readings: Vec<Reading>,
    },
    /// A GraphQL query that cannot be walked: its connection takes no cursor variable, so every page
    /// would be the first.
    #[error(
        "the GraphQL query passes no variable as its connection's `after` argument, so every request \
         would fetch the first page again: declare `$after: String`, write `after: $after` in the \
         connection's arguments, and run again"
    )]
    NoCursorVariable,
    /// A GraphQL answer with errors and no data.
    #[error("the GraphQL response holds `errors` and no `data`: fix the query, then run again")]
    GraphQlErrors {
        /// The first error's `message` (the whole error when it has none), as the API wrote it: not in
        /// the error's text, which shows no value of the exchange; a program shows it, redacted.
        message: String,
    },
    /// A pagination the attribute language cannot express.
    #[error("{reason}")]
    Unsupported {
        /// What it is and what to do instead.
        reason: String,
    },
}

/// What the readings of [`DetectError::Ambiguous`] disagree on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Ambiguity {
    /// Two signals name the next page differently (a next URL and a cursor that is not in it).
    Strategy,
    /// Two lists could hold the items.
    Items,
    /// More items follow, but neither the response nor the request says whether the position is a
    /// page number or an offset.
    PageOrOffset,
    /// A GraphQL answer with several connections that have a next page.
    Connection,
}

/// One way to read an ambiguous exchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub(crate) attribute: String,
    pub(crate) evidence: String,
}

impl Reading {
    /// The reading as complete attribute text, to pass to `--paginate`.
    pub fn attribute(&self) -> &str {
        &self.attribute
    }

    /// Why it fits.
    pub fn evidence(&self) -> &str {
        &self.evidence
    }
}

fn ambiguous_message(about: Ambiguity, readings: &[Reading]) -> String {
    let (what, hint) = match about {
        Ambiguity::Strategy => (
            "two signals name the next page differently",
            "choose one with --paginate '<reading>'",
        ),
        Ambiguity::Items => (
            "several lists could hold the items",
            "choose one with --paginate '<reading>'",
        ),
        Ambiguity::PageOrOffset => (
            "more items follow, but nothing says whether the position is a page number or an offset",
            "put the position in the URL (`page=1` or `offset=0`) and run again, or choose a reading with \
             --paginate '<reading>'",
        ),
        Ambiguity::Connection => (
            "several connections have a next page, and a walk follows one",
            "choose its reading with --paginate '<reading>'",
        ),
    };
    let mut message = format!(
        "{} readings fit the first response ({what}), and detection does not guess:",
        readings.len()
    );
    for (index, reading) in readings.iter().enumerate() {
        let _ = write!(
            message,
            "\n  {}. {}\n     ({})",
            index + 1,
            reading.attribute,
            reading.evidence
        );
    }
    let _ = write!(message, "\n{hint}");
    message
}

/// `text` fit for a terminal: control characters escaped, at most `max` characters (then `…`).
pub(crate) fn printable(text: &str, max: usize) -> String {
    let mut shown = String::with_capacity(text.len().min(max));
    for c in text.chars().take(max) {
        if c.is_control() {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    if text.chars().count() > max {
        shown.push('…');
    }
    shown
}
