//! What one page says about the next one, from its body (the envelope's fields) and its headers.

use crate::protocol::request::Token;
use crate::protocol::spec::{Spec, Strategy};

/// What one page says about the next one. Fields the envelope does not declare stay `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// Next cursor (`None` or empty: no next page).
    pub cursor: Option<Token>,
    /// Next page URL, from the body or the `Link` header.
    pub next_url: Option<String>,
    /// Whether the API says more items exist.
    pub has_more: Option<bool>,
    /// Total number of items matching the query.
    pub total: Option<u64>,
    /// Total number of pages.
    pub total_pages: Option<u64>,
    /// The page number the API says it returned.
    pub page: Option<u64>,
    /// Key of the last item, one token per key part.
    pub keyset: Option<Vec<Token>>,
    /// An error the API reported inside a successful answer (GraphQL's `errors`, Slack's `ok: false`):
    /// the page is not used.
    pub error: Option<String>,
    /// A value to send back with the next request as [`Spec::carry_param`] (Elasticsearch's latest
    /// point-in-time id); `None` or empty keeps the one sent last.
    pub carry: Option<Token>,
}

impl Signals {
    /// Fills the signals `spec` reads from headers; `header` returns a header's value (several values
    /// of one header joined by `, `). Malformed numbers read as unknown.
    ///
    /// ```
    /// use paginated_core::{HeaderSignals, Signals, Spec, Strategy};
    /// const SPEC: Spec = Spec::new(Strategy::Cursor)
    ///     .headers(HeaderSignals { cursor: Some("X-Next-Cursor"), total: Some("X-Total-Count"), ..HeaderSignals::NONE });
    /// let mut signals = Signals::default();
    /// signals.read_headers(&SPEC, |name| match name {
    ///     "X-Next-Cursor" => Some("c2".into()),
    ///     "X-Total-Count" => Some("1037".into()),
    ///     _ => None,
    /// });
    /// assert_eq!(signals.cursor.unwrap().as_str(), Some("c2"));
    /// assert_eq!(signals.total, Some(1037));
    /// ```
    pub fn read_headers<'h>(
        &mut self,
        spec: &Spec,
        header: impl Fn(&str) -> Option<std::borrow::Cow<'h, str>>,
    ) {
        let names = spec.header_signals();
        let text = |name: Option<&'static str>| {
            name.and_then(&header)
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let count = |name| text(name).and_then(|value| value.parse::<u64>().ok());
        if names.cursor.is_some() {
            self.cursor = text(names.cursor).map(Token::Text);
        }
        if names.next_url.is_some() {
            self.next_url = text(names.next_url);
        }
        if names.has_more.is_some() {
            self.has_more =
                text(names.has_more).and_then(|value| match value.to_ascii_lowercase().as_str() {
                    "true" | "1" => Some(true),
                    "false" | "0" => Some(false),
                    _ => None,
                });
        }
        if names.total.is_some() {
            self.total = count(names.total);
        }
        if names.total_pages.is_some() {
            self.total_pages = count(names.total_pages);
        }
        if names.page.is_some() {
            self.page = count(names.page);
        }
        if spec.strategy() == Strategy::LinkHeader {
            self.next_url = header("link").and_then(|value| next_link(&value));
        }
    }
}

/// The `rel="next"` target of an RFC 8288 `Link` header value.
///
/// ```
/// use paginated_core::next_link;
/// let header = r#"<https://api.test/items?page=3>; rel="prev", <https://api.test/items?page=5>; rel="next""#;
/// assert_eq!(next_link(header).as_deref(), Some("https://api.test/items?page=5"));
/// ```
pub fn next_link(header: &str) -> Option<String> {
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        let params_end = rest[end..].find('<').map_or(rest.len(), |next| end + next);
        let params = rest[end + 1..params_end].trim().trim_end_matches(',');
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim().to_owned());
        }
        rest = &rest[params_end..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::spec::HeaderSignals;

    #[test]
    fn link_header_next_among_several_relations() {
        let header = r#"<https://api.test/items?page=3>; rel="prev", <https://api.test/items?page=5>; rel="next", <https://api.test/items?page=9>; rel="last""#;
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://api.test/items?page=5")
        );
        assert_eq!(
            next_link(r#"</x?p=2>; rel="first next""#).as_deref(),
            Some("/x?p=2")
        );
        assert_eq!(next_link("</x?p=2>; rel=next").as_deref(), Some("/x?p=2"));
        assert_eq!(next_link(r#"<https://a/?p=1>; rel="prev""#), None);
        assert_eq!(next_link("garbage"), None);
        assert_eq!(next_link("<unterminated; rel=next"), None);
    }

    #[test]
    fn header_values_that_are_not_numbers_read_as_unknown() {
        let spec = Spec::new(Strategy::Page { first: 1 }).headers(HeaderSignals {
            total: Some("X-Total"),
            has_more: Some("X-More"),
            ..HeaderSignals::NONE
        });
        let mut signals = Signals::default();
        signals.read_headers(&spec, |name| match name {
            "X-Total" => Some("lots".into()),
            "X-More" => Some("TRUE".into()),
            _ => None,
        });
        assert_eq!((signals.total, signals.has_more), (None, Some(true)));
    }
}
