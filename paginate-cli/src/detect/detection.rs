//! What detection found: the attribute text, the evidence, and how sure it is.

use std::fmt;

/// The pagination strategy of a [`Detection`], as the attribute language names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Strategy {
    /// `cursor = "..."`: an opaque position from the body or a header.
    Cursor,
    /// `next_url = "..."`: the next page's URL in the body.
    NextUrl,
    /// `link_header`: the `rel="next"` target of the `Link` header.
    LinkHeader,
    /// `offset`: an offset advanced by the items received.
    Offset,
    /// `page`: a page number.
    Page,
    /// `keyset = "..."`: a key of the last item.
    Keyset,
    /// No pagination signal at all: the response is the only page.
    SinglePage,
}

impl Strategy {
    /// The strategy's key in the attribute language (`"cursor"`, `"link_header"`); `"single page"`
    /// for [`Strategy::SinglePage`], which has none.
    pub fn name(self) -> &'static str {
        match self {
            Strategy::Cursor => "cursor",
            Strategy::NextUrl => "next_url",
            Strategy::LinkHeader => "link_header",
            Strategy::Offset => "offset",
            Strategy::Page => "page",
            Strategy::Keyset => "keyset",
            Strategy::SinglePage => "single page",
        }
    }
}

/// The body's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// JSON (the attribute's default).
    Json,
    /// XML: the attribute says `format = "xml"`.
    Xml,
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Json => "JSON",
            Format::Xml => "XML",
        })
    }
}

/// How much of a [`Detection`] the exchange itself shows. Ordered: `Observed` is the most certain.
///
/// The response always shows the strategy and the items; what one exchange may not show is how the
/// *next request* names its parameter (a cursor's, most often), which the first request does not
/// carry yet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Confidence {
    /// A request-side name is the derive's default, backed by nothing in the exchange nor by a
    /// known convention: the walk's guards stop it if the API ignores the parameter (the second page
    /// repeats the first).
    Assumed,
    /// A request-side name comes from a known convention ([`CONVENTIONS`](crate::CONVENTIONS)), or
    /// from the name under which the API echoes it.
    Conventional,
    /// Everything was read off the exchange: a next URL or `Link` says the whole next request, or
    /// the request itself carries the parameter.
    Observed,
}

/// The result of [`detect`](crate::detect): the pagination of an endpoint, as attribute text in the
/// derive's attribute language, with the evidence for it.
///
/// ```
/// use paginated_cli::{detect, Confidence, Exchange, Strategy};
/// let body = br#"{"value": [{"id": "u1"}], "@odata.nextLink": "https://graph.example/v1.0/users?$skiptoken=x"}"#;
/// let exchange = Exchange::new("GET", "https://graph.example/v1.0/users").response(200, body);
/// let detection = detect(&exchange).unwrap();
/// assert_eq!(detection.attribute(), r#"items = "value", next_url = "'@odata.nextLink'""#);
/// assert_eq!(detection.strategy(), Strategy::NextUrl);
/// assert_eq!(detection.confidence(), Confidence::Observed);
/// assert!(detection.evidence().iter().any(|line| line.contains("@odata.nextLink")));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Detection {
    pub(crate) attribute: String,
    pub(crate) items: paginated_core::JsonPath,
    pub(crate) evidence: Vec<String>,
    pub(crate) strategy: Strategy,
    pub(crate) format: Format,
    pub(crate) confidence: Confidence,
}

impl Detection {
    /// The attribute text, as `#[paginate(...)]` takes it (paths name JSON members or XML elements):
    /// `items = "data", cursor = "pagination.next_cursor", has_more = "pagination.has_more"`.
    ///
    /// For a [`single page`](Self::is_single_page) it names only where the items are
    /// (`items = "data"`, or nothing when the body is the list itself): no strategy, so it is not a
    /// complete attribute.
    pub fn attribute(&self) -> &str {
        &self.attribute
    }

    /// Where the items are: the empty path when the body is the list. For a
    /// [single page](Self::is_single_page), all there is to read.
    pub fn items(&self) -> &paginated_core::JsonPath {
        &self.items
    }

    /// Why: one short sentence per finding, for `--explain`.
    pub fn evidence(&self) -> &[String] {
        &self.evidence
    }

    /// The strategy detected.
    pub fn strategy(&self) -> Strategy {
        self.strategy
    }

    /// Whether the response is the only page: items and no pagination signal at all.
    pub fn is_single_page(&self) -> bool {
        self.strategy == Strategy::SinglePage
    }

    /// The body's format (`format = "xml"` is part of the attribute for XML).
    pub fn format(&self) -> Format {
        self.format
    }

    /// How much of the detection the exchange itself shows.
    pub fn confidence(&self) -> Confidence {
        self.confidence
    }
}

impl fmt::Display for Detection {
    /// The attribute text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.attribute)
    }
}
