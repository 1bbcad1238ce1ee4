//! The static description of an envelope: which strategy it uses, which stop signals it carries, where
//! they are (body or headers) and how the next request is formed. The derive emits one `Spec` per
//! envelope as an associated constant.

/// How the position of the next page is found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Strategy {
    /// An opaque token read from the body (or a header), sent back as a query or body parameter.
    Cursor,
    /// The URL of the next page, read from the body (absolute or relative).
    NextUrl,
    /// The URL of the next page, read from an RFC 8288 `Link: <...>; rel="next"` header.
    LinkHeader,
    /// `offset` parameter; the next offset is the previous one plus the items received.
    Offset,
    /// Page number parameter, starting at `first`.
    Page {
        /// The number of the first page (usually 1).
        first: u64,
    },
    /// Key of the last item (one or several fields), sent as parameters.
    Keyset,
}

impl Strategy {
    /// A short name, as checkpoints record it.
    pub const fn name(&self) -> &'static str {
        match self {
            Strategy::Cursor => "cursor",
            Strategy::NextUrl => "next_url",
            Strategy::LinkHeader => "link_header",
            Strategy::Offset => "offset",
            Strategy::Page { .. } => "page",
            Strategy::Keyset => "keyset",
        }
    }
}

/// Where pagination parameters travel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamsIn {
    /// In the URL query string (GET endpoints).
    Query,
    /// As members of the JSON object body (POST query endpoints); a name with dots (`variables.after`)
    /// is a nested member.
    Body,
}

/// The format of response bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// JSON (the default).
    Json,
    /// XML, decoded with quick-xml's serde support (cargo feature `xml`).
    Xml,
}

/// Signals read from response headers instead of the body: the header names, when declared.
///
/// ```
/// use paginated_core::{HeaderSignals, Spec, Strategy};
/// const SPEC: Spec = Spec::new(Strategy::Page { first: 1 })
///     .total()
///     .headers(HeaderSignals { total: Some("X-Total-Count"), ..HeaderSignals::NONE });
/// assert_eq!(SPEC.header_signals().total, Some("X-Total-Count"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct HeaderSignals {
    /// The next cursor (`X-Next-Cursor`, GitLab's `X-Next-Page`).
    pub cursor: Option<&'static str>,
    /// The next page's URL.
    pub next_url: Option<&'static str>,
    /// Whether more items exist (`true`/`false`/`1`/`0`).
    pub has_more: Option<&'static str>,
    /// The total number of items (`X-Total-Count`, `X-Total`, `X-WP-Total`).
    pub total: Option<&'static str>,
    /// The total number of pages (`X-Total-Pages`, `X-WP-TotalPages`).
    pub total_pages: Option<&'static str>,
    /// The current page number (`X-Page`).
    pub page: Option<&'static str>,
}

impl HeaderSignals {
    /// No header signals.
    pub const NONE: HeaderSignals = HeaderSignals {
        cursor: None,
        next_url: None,
        has_more: None,
        total: None,
        total_pages: None,
        page: None,
    };
}

/// Everything the runtime needs to know about an envelope type, built by `#[derive(Paginate)]`.
///
/// ```
/// use paginated_core::{Spec, Strategy};
/// const SPEC: Spec = Spec::new(Strategy::Cursor).has_more().limit_param("page_size");
/// assert_eq!(SPEC.strategy(), Strategy::Cursor);
/// assert_eq!(SPEC.size_param(), "page_size");
/// assert_eq!(Spec::new(Strategy::Page { first: 1 }).size_param(), "per_page");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Spec {
    strategy: Strategy,
    has_more: bool,
    total: bool,
    total_pages: bool,
    page_read: bool,
    cursor_param: &'static str,
    offset_param: &'static str,
    size_param: Option<&'static str>,
    page_param: &'static str,
    keyset_params: &'static [&'static str],
    max_page_size: Option<u64>,
    cap: Option<u64>,
    params_in: ParamsIn,
    headers: HeaderSignals,
    format: Format,
    carry_param: Option<&'static str>,
}

impl Spec {
    /// A spec for `strategy` with conventional parameter names and no stop signals declared.
    pub const fn new(strategy: Strategy) -> Self {
        Spec {
            strategy,
            has_more: false,
            total: false,
            total_pages: false,
            page_read: false,
            cursor_param: "cursor",
            offset_param: "offset",
            size_param: None,
            page_param: "page",
            keyset_params: &["after"],
            max_page_size: None,
            cap: None,
            params_in: ParamsIn::Query,
            headers: HeaderSignals::NONE,
            format: Format::Json,
            carry_param: None,
        }
    }
    /// The envelope carries a `has_more` flag.
    pub const fn has_more(mut self) -> Self {
        self.has_more = true;
        self
    }
    /// The envelope carries the total number of items.
    pub const fn total(mut self) -> Self {
        self.total = true;
        self
    }
    /// The envelope carries the total number of pages.
    pub const fn total_pages(mut self) -> Self {
        self.total_pages = true;
        self
    }
    /// The envelope echoes the current page number (checked to advance).
    pub const fn page_read(mut self) -> Self {
        self.page_read = true;
        self
    }
    /// Name of the cursor parameter (default `cursor`).
    pub const fn cursor_param(mut self, name: &'static str) -> Self {
        self.cursor_param = name;
        self
    }
    /// Name of the offset parameter (default `offset`).
    pub const fn offset_param(mut self, name: &'static str) -> Self {
        self.offset_param = name;
        self
    }
    /// Name of the page size parameter (default `limit`, or `per_page` for the page strategy).
    pub const fn limit_param(mut self, name: &'static str) -> Self {
        self.size_param = Some(name);
        self
    }
    /// Name of the page size parameter; the same setting as [`Spec::limit_param`], under the name page
    /// APIs use.
    pub const fn per_page_param(self, name: &'static str) -> Self {
        self.limit_param(name)
    }
    /// Name of the page number parameter (default `page`).
    pub const fn page_param(mut self, name: &'static str) -> Self {
        self.page_param = name;
        self
    }
    /// Names of the keyset parameters: one per key part, or one name that receives all parts joined by
    /// commas (default `after`).
    pub const fn keyset_params(mut self, names: &'static [&'static str]) -> Self {
        self.keyset_params = names;
        self
    }
    /// The API's largest accepted page size; larger `page_size` requests are clamped.
    pub const fn max_page_size(mut self, max: u64) -> Self {
        self.max_page_size = Some(max);
        self
    }
    /// The most records one query can reach (Aircall: 10,000); pages past it are not served.
    pub const fn cap(mut self, cap: u64) -> Self {
        self.cap = Some(cap);
        self
    }
    /// Where the pagination parameters travel.
    pub const fn params_in(mut self, place: ParamsIn) -> Self {
        self.params_in = place;
        self
    }
    /// Signals read from response headers.
    pub const fn headers(mut self, headers: HeaderSignals) -> Self {
        self.headers = headers;
        self
    }
    /// The format of response bodies (default JSON).
    pub const fn format(mut self, format: Format) -> Self {
        self.format = format;
        self
    }
    /// A value each answer carries ([`Signals::carry`](crate::Signals::carry)) is sent back with the
    /// next request as the parameter `name`, beside the position: Elasticsearch's point-in-time id
    /// (`pit.id`), which may change with every answer. An answer without one keeps the last value.
    ///
    /// ```
    /// use paginated_core::{ParamsIn, Spec, Strategy};
    /// const SPEC: Spec = Spec::new(Strategy::Keyset).params_in(ParamsIn::Body).carry_param("pit.id");
    /// assert_eq!(SPEC.carry_param_name(), Some("pit.id"));
    /// ```
    pub const fn carry_param(mut self, name: &'static str) -> Self {
        self.carry_param = Some(name);
        self
    }

    /// The strategy.
    pub const fn strategy(&self) -> Strategy {
        self.strategy
    }
    /// Whether a `has_more` flag is declared.
    pub const fn declares_has_more(&self) -> bool {
        self.has_more
    }
    /// Whether a `total` is declared.
    pub const fn declares_total(&self) -> bool {
        self.total
    }
    /// Whether a `total_pages` is declared.
    pub const fn declares_total_pages(&self) -> bool {
        self.total_pages
    }
    /// Whether the current page number is read from the envelope.
    pub const fn reads_page(&self) -> bool {
        self.page_read
    }
    /// Name of the cursor parameter.
    pub const fn cursor_param_name(&self) -> &'static str {
        self.cursor_param
    }
    /// Name of the offset parameter.
    pub const fn offset_param_name(&self) -> &'static str {
        self.offset_param
    }
    /// Name of the page number parameter.
    pub const fn page_param_name(&self) -> &'static str {
        self.page_param
    }
    /// Names of the keyset parameters.
    pub const fn keyset_param_names(&self) -> &'static [&'static str] {
        self.keyset_params
    }
    /// The parameter carrying the page size: the declared name, else `per_page` for the page strategy
    /// and `limit` for the others.
    pub const fn size_param(&self) -> &'static str {
        match (self.size_param, self.strategy) {
            (Some(name), _) => name,
            (None, Strategy::Page { .. }) => "per_page",
            (None, _) => "limit",
        }
    }
    /// The declared page size cap.
    pub const fn max_page_size_value(&self) -> Option<u64> {
        self.max_page_size
    }
    /// The declared cap on records per query.
    pub const fn cap_value(&self) -> Option<u64> {
        self.cap
    }
    /// Where parameters travel.
    pub const fn params_place(&self) -> ParamsIn {
        self.params_in
    }
    /// Signals read from headers.
    pub const fn header_signals(&self) -> HeaderSignals {
        self.headers
    }
    /// The body format.
    pub const fn body_format(&self) -> Format {
        self.format
    }
    /// The parameter a carried value is sent back as, when declared.
    pub const fn carry_param_name(&self) -> Option<&'static str> {
        self.carry_param
    }
}

/// Met when paginated is built with its `xml` feature: `#[paginate(format = "xml")]` asks for it, so an
/// XML envelope without the feature is a compile error on the attribute rather than a decode error at
/// run time.
#[diagnostic::on_unimplemented(
    message = "`format = \"xml\"` needs the `xml` feature of paginated",
    label = "enable the `xml` feature of paginated to decode this envelope",
    note = "in Cargo.toml: `paginated = {{ version = \"0.1\", features = [\"xml\"] }}`"
)]
pub trait XmlFeature {}

/// The type the `xml` feature implements [`XmlFeature`] for.
pub struct XmlSupport;

#[cfg(feature = "xml")]
impl XmlFeature for XmlSupport {}

/// `spec` with XML bodies, when the `xml` feature is on (used by generated code).
pub const fn xml_format<F: XmlFeature>(spec: Spec) -> Spec {
    spec.format(Format::Xml)
}
