//! Messages about a request made outside a walk, with the walk's redaction.

use crate::error::SNIPPET_CHARS;
use crate::protocol::redact::{escape, redact_text, redact_with, snippet, Secrets};
use crate::transport::http::secrets_of;

/// What a request sends that must never be shown (credential headers, credential query values,
/// credential members of its body), to scrub from messages about that request: for a request a tool
/// makes outside a walk (a first request that decides how to walk), with the same redaction a walk's
/// errors get.
///
/// ```
/// let request = reqwest::Client::new()
///     .get("https://api.example.com/v1/users?api_key=k3y-0f-th3-us3r")
///     .header("X-Api-Token", "t0k3n-0f-th3-us3r")
///     .build()
///     .unwrap();
/// let redactor = paginated_core::http::Redactor::of(&request);
/// let url = redactor.url(request.url().as_str());
/// assert!(!url.contains("k3y-0f-th3-us3r"), "{url}");
/// let body = redactor.body(br#"{"error": "bad token t0k3n-0f-th3-us3r"}"#);
/// assert!(!body.contains("t0k3n-0f-th3-us3r"), "{body}");
/// ```
#[derive(Clone, Debug)]
pub struct Redactor {
    secrets: Secrets,
}

impl Redactor {
    /// The secrets `request` sends.
    pub fn of(request: &reqwest::Request) -> Self {
        let body = request.body().and_then(reqwest::Body::as_bytes);
        Redactor {
            secrets: secrets_of(request.url(), request.headers(), body),
        }
    }

    /// A URL fit for a message: user info removed, credential query values replaced by `REDACTED`,
    /// the request's secrets scrubbed, control characters escaped.
    pub fn url(&self, url: &str) -> String {
        redact_with(url, &self.secrets)
    }

    /// Text fit for a message: the request's secrets scrubbed, credential-like values redacted,
    /// control characters escaped.
    pub fn text(&self, text: &str) -> String {
        escape(&redact_text(&self.secrets.scrub(text)))
    }

    /// The start of a response body fit for a message, as a walk's errors show it.
    pub fn body(&self, body: &[u8]) -> String {
        snippet(body, SNIPPET_CHARS, &self.secrets)
    }
}
