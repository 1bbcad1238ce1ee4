//! Which origins a walk goes to: its own, the ones named with `.allow_origin(..)`, and others only
//! as the [`CrossOrigin`] policy allows; next URLs are resolved and checked here.

use url::Url;

use super::{protocol, CrossOrigin, Walk};
use crate::error::{CrossOriginReason, ErrorKind, Result};
use crate::protocol::redact::{escape, redact};
use crate::protocol::request::{PageRequest, Position};

impl Walk {
    /// A page URL must stay on the walk's origin (or an allowed one) unless the policy follows other
    /// origins; says whether it is foreign (followed without credentials). A walk without an endpoint
    /// (a closure transport) takes the origin of the first absolute URL it meets.
    pub(super) fn check_origin(&mut self, url: Url) -> Result<(Url, bool)> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ErrorKind::InvalidRequest(format!(
                "page URL `{}` is not an http(s) URL",
                redact(url.as_str())
            ))
            .into());
        }
        let origin = url.origin();
        match &self.origin {
            Some(own) if origin != *own && !self.allowed.contains(&origin) => {
                if self.config.cross_origin == CrossOrigin::Refuse {
                    return Err(ErrorKind::CrossOrigin {
                        url: redact(url.as_str()),
                        reason: CrossOriginReason::Refused,
                    }
                    .into());
                }
                Ok((url, true))
            }
            Some(_) => Ok((url, false)),
            None => {
                self.origin = Some(origin);
                Ok((url, false))
            }
        }
    }

    /// A page must come from the origin it was asked of: an HTTP client that followed a redirect to
    /// another origin (not the walk's, nor an allowed one) may have sent it the request's credentials.
    pub(super) fn check_answer_origin(&self, request: &PageRequest, answered: &Url) -> Result<()> {
        let asked = match request.position() {
            Position::Url(url) => Url::parse(url).ok(),
            _ => self.endpoint.url.clone(),
        };
        let origin = answered.origin();
        let expected = asked.map_or_else(|| self.origin.clone(), |asked| Some(asked.origin()));
        let trusted = self.origin.as_ref() == Some(&origin) || self.allowed.contains(&origin);
        if expected.is_none_or(|expected| expected == origin) || trusted {
            return Ok(());
        }
        Err(ErrorKind::CrossOrigin {
            url: redact(answered.as_str()),
            reason: CrossOriginReason::FollowedByClient,
        }
        .into())
    }

    /// Resolves a next URL against the current page's URL and checks it (and says whether it is
    /// foreign); without any URL yet (a closure transport), a relative reference must be a path,
    /// never `//host`. Text that is not a URL reference (spaces, `<`, `>`, quotes: a `Link` header
    /// value read as a URL) is refused, never requested.
    pub(super) fn resolve(&mut self, next: &str) -> Result<(String, bool)> {
        if let Some(bad) = next
            .chars()
            .find(|&c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`'))
        {
            return Err(protocol(format!(
                "the next page URL `{}` is not a URL: it contains {}",
                redact(next),
                escape(&format!("{bad:?}"))
            )));
        }
        let resolved = match &self.current_url {
            Some(current) => current.join(next),
            None => Url::parse(next),
        };
        match resolved {
            Ok(url) => self
                .check_origin(url)
                .map(|(url, foreign)| (String::from(url), foreign)),
            Err(url::ParseError::RelativeUrlWithoutBase)
                if !next.starts_with("//") && !next.starts_with('\\') =>
            {
                Ok((next.to_owned(), false))
            }
            Err(error) => Err(ErrorKind::InvalidRequest(format!(
                "next page URL `{}` is not a URL: {error}",
                redact(next)
            ))
            .into()),
        }
    }
}

/// The origin of an http(s) URL or bare origin text.
pub(super) fn parse_origin(text: &str) -> Option<url::Origin> {
    let url = Url::parse(text.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.origin())
}
