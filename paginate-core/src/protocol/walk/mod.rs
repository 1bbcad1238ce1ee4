//! The sans-IO pagination state machine. It is told what each page said and answers with the next
//! request or the end; it never performs I/O and has no clock, so every transport and engine drives
//! the same rules. This file reports pages and guards them; the strategies' rules are in `decide`,
//! origins in `origin`, checkpoints and resumed walks in `resume`.

mod decide;
mod origin;
mod resume;

use url::Url;

use self::decide::Next;
use crate::error::{Error, ErrorKind, Result, SNIPPET_CHARS};
use crate::protocol::checkpoint::Counters;
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::guard::{History, RequestGuard, CONTENT_WINDOW};
use crate::protocol::page::ReceivedPage;
use crate::protocol::page_size;
use crate::protocol::redact::{redact, snippet, Secrets};
use crate::protocol::request::{PageRequest, Position};
use crate::protocol::signals::Signals;
use crate::protocol::spec::{Spec, Strategy};
use crate::protocol::url::{normalized, with_params};

/// Pages in a row without a new item a walk accepts by default.
pub const DEFAULT_MAX_STALLED_PAGES: u32 = 1_000;

/// What to do with a page on another origin than the walk's first request (and than the origins
/// named with `.allow_origin(..)`): a next URL or `Link`, a redirect, a resumed position.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CrossOrigin {
    /// Fail with [`ErrorKind::CrossOrigin`] (default); nothing from the other origin is yielded.
    #[default]
    Refuse,
    /// Follow it, sending only headers known to carry no credential (`Accept`, `Accept-Language`,
    /// `User-Agent`, `Content-Type`, ...): `Authorization`, cookies and every custom header such as
    /// `X-Api-Key` stay home. A request with a body is refused there: a body goes only to named
    /// origins.
    FollowWithoutCredentials,
}

/// Run-time limits and guards of one walk.
///
/// ```
/// use paginated_core::WalkConfig;
/// let config = WalkConfig { page_size: Some(50), max_items: Some(120), ..WalkConfig::default() };
/// assert_eq!(config.max_stalled_pages, Some(1_000));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkConfig {
    /// Items to ask for per page (`None`: the API's default). Clamped to the envelope's `max_page_size`.
    pub page_size: Option<u64>,
    /// Stop after yielding this many items.
    pub max_items: Option<u64>,
    /// Stop after fetching this many pages.
    pub max_pages: Option<u64>,
    /// Pages in a row without a new item (empty, or repeated with `allow_repeated_pages`) before
    /// [`ErrorKind::Stalled`] (default 1,000; `None`: no limit). A repeated position is a loop either
    /// way.
    pub max_stalled_pages: Option<u32>,
    /// Accept a page whose items are the same as an earlier page's (an API whose events carry no id
    /// can serve identical pages honestly). By default such a page is [`ErrorKind::RepeatedPage`].
    pub allow_repeated_pages: bool,
    /// Policy for pages on another origin.
    pub cross_origin: CrossOrigin,
    /// Origins the walk treats as its own (`https://eu.api.example.com`): next URLs and resumed
    /// positions there are followed with the whole request (credentials and body).
    pub allowed_origins: Vec<String>,
    /// Fail with [`ErrorKind::Truncated`] when a walk ends before the API's `total`, and with
    /// [`ErrorKind::CapExceeded`] when more records match than the cap lets a query reach (default
    /// true). When false, a capped walk yields what it can reach and logs a warning.
    pub detect_truncation: bool,
    /// The most records one query can reach; overrides the envelope's `cap`.
    pub cap: Option<u64>,
}

impl Default for WalkConfig {
    fn default() -> Self {
        WalkConfig {
            page_size: None,
            max_items: None,
            max_pages: None,
            max_stalled_pages: Some(DEFAULT_MAX_STALLED_PAGES),
            allow_repeated_pages: false,
            cross_origin: CrossOrigin::Refuse,
            allowed_origins: Vec::new(),
            detect_truncation: true,
            cap: None,
        }
    }
}

/// Where a walk runs: the URL of its first request (relative next URLs resolve against the pages'
/// URLs, other origins follow the [`CrossOrigin`] policy), the envelope's name, and the fingerprint
/// of the whole request. The name and the fingerprint go into checkpoints, which a walk over another
/// envelope or request refuses.
#[derive(Debug, Clone, Default)]
pub struct Endpoint {
    /// The first request's URL, when the transport has one.
    pub url: Option<Url>,
    /// The envelope type's name.
    pub envelope: Option<String>,
    /// The fingerprint of the request that starts the walk (method, URL and body, without credentials
    /// and pagination parameters), when the transport has one.
    pub binding: Option<Fingerprint>,
    /// The page size the first request already asks for (`?limit=25`), when `.page_size(n)` was not
    /// called: the size pages are served in.
    pub size_in_request: Option<u64>,
    /// Secrets the transport sends, scrubbed from error messages.
    pub(crate) secrets: Secrets,
}

impl Endpoint {
    /// A walk whose first request goes to `url`.
    ///
    /// ```
    /// use paginated_core::{Endpoint, Spec, Strategy};
    /// let url = "https://api.test/v1/items?tenant=a&api_key=k".parse().unwrap();
    /// let endpoint = Endpoint::at(url).named("ItemsPage").bound_to("GET", None, &Spec::new(Strategy::Cursor));
    /// assert!(endpoint.binding.is_some());
    /// ```
    pub fn at(url: Url) -> Self {
        Endpoint {
            url: Some(url),
            ..Endpoint::default()
        }
    }

    /// The envelope's name, which checkpoints record.
    pub fn named(self, envelope: impl Into<String>) -> Self {
        Endpoint {
            envelope: Some(envelope.into()),
            ..self
        }
    }

    /// Binds checkpoints to the whole first request: `method`, this endpoint's URL and `body`, without
    /// credentials and the pagination parameters of `spec`.
    pub fn bound_to(self, method: &str, body: Option<&[u8]>, spec: &Spec) -> Self {
        let binding = self
            .url
            .as_ref()
            .map(|url| crate::protocol::binding::binding(method, url, body, spec));
        Endpoint { binding, ..self }
    }
}

/// What the walk decided about a reported page.
#[derive(Debug)]
pub struct PageOutcome {
    /// How many of the page's items to yield (fewer only at `max_items`).
    pub take: usize,
    /// The error that ends the walk, reported after those items.
    pub error: Option<Error>,
    /// The page itself is refused (another origin, a repeat of an earlier page, an API error in
    /// it): none of it is used, the error is all there is.
    pub refused: bool,
}

/// The pagination state machine of one walk.
///
/// Ask [`Walk::next_request`] what to fetch, fetch it however you like, then report the page with
/// [`Walk::on_response`] (or [`Walk::on_page`] with its signals and item count alone), which says how
/// many of its items to yield. When `next_request` is `None` the walk is over.
///
/// ```
/// use paginated_core::{Signals, Spec, Strategy, Token, Walk, WalkConfig};
///
/// const SPEC: Spec = Spec::new(Strategy::Cursor).has_more();
/// let mut walk = Walk::new(SPEC, WalkConfig::default()).unwrap();
/// assert_eq!(walk.next_request().unwrap().cursor(), None);
///
/// let page_one = Signals { cursor: Some(Token::text("c2")), has_more: Some(true), ..Signals::default() };
/// assert_eq!(walk.on_page(&page_one, 10).unwrap(), 10);
/// assert_eq!(walk.next_request().unwrap().cursor(), Some(&Token::text("c2")));
///
/// let page_two = Signals { has_more: Some(false), ..Signals::default() };
/// walk.on_page(&page_two, 4).unwrap();
/// assert!(walk.next_request().is_none());
/// ```
#[derive(Debug, Clone)]
pub struct Walk {
    spec: Spec,
    config: WalkConfig,
    endpoint: Endpoint,
    origin: Option<url::Origin>,
    /// `config.allowed_origins`, parsed.
    allowed: Vec<url::Origin>,
    /// The URL of the page being answered: relative next URLs resolve against it.
    current_url: Option<Url>,
    next: Option<PageRequest>,
    counters: Counters,
    requests: RequestGuard,
    /// What each page contained, one entry per page reported.
    content: History,
    /// Pages in a row without a new item.
    stalled_run: u64,
    /// The first page's size when no page size was asked for: the API's default, for predictions.
    observed_size: Option<u64>,
    /// Kept in one heap slot, updated in place page after page.
    rewind: Option<Box<Rewind>>,
    /// The last page ended the walk with an error.
    failed: bool,
}

/// The state before the last reported page, for checkpoints inside that page.
#[derive(Debug, Clone)]
struct Rewind {
    request: PageRequest,
    counters: Counters,
    current_url: Option<Url>,
    /// Whether deciding after the page admitted a request to the loop guard.
    admitted: bool,
    /// Whether the page's content was recorded.
    recorded: bool,
    /// Items of that page the walk let through.
    taken: u64,
}

fn protocol(reason: impl Into<String>) -> Error {
    ErrorKind::Protocol {
        reason: reason.into(),
    }
    .into()
}

fn no_progress(reason: impl Into<String>) -> Error {
    ErrorKind::NoProgress {
        reason: reason.into(),
    }
    .into()
}

fn invalid_checkpoint(reason: impl Into<String>) -> Error {
    ErrorKind::InvalidCheckpoint {
        reason: reason.into(),
    }
    .into()
}

impl Walk {
    /// Starts a walk without an endpoint (a closure transport).
    pub fn new(spec: Spec, config: WalkConfig) -> Result<Self> {
        Walk::start(spec, config, Endpoint::default())
    }

    /// Starts a walk at `endpoint`. Fails on a page size of zero and on an allowed origin that is not
    /// an origin.
    pub fn start(spec: Spec, mut config: WalkConfig, endpoint: Endpoint) -> Result<Self> {
        config.page_size = page_size::decide(&spec, config.page_size, endpoint.size_in_request)?;
        if let Some(bad) = config
            .allowed_origins
            .iter()
            .find(|text| origin::parse_origin(text).is_none())
        {
            return Err(ErrorKind::InvalidRequest(format!(
                "allowed origin `{}` is not an http(s) origin such as `https://api.example.com`",
                redact(bad)
            ))
            .into());
        }
        Ok(Walk::begin(spec, config, endpoint))
    }

    /// Starts a walk whose configuration was checked (its page size decided) by [`Walk::start`].
    pub(crate) fn begin(spec: Spec, config: WalkConfig, endpoint: Endpoint) -> Self {
        let first = PageRequest::first(&spec, config.page_size);
        let allowed = config
            .allowed_origins
            .iter()
            .filter_map(|text| origin::parse_origin(text))
            .collect();
        let mut walk = Walk {
            spec,
            config,
            origin: endpoint.url.as_ref().map(Url::origin),
            allowed,
            current_url: endpoint.url.clone(),
            endpoint,
            next: None,
            counters: Counters::default(),
            requests: RequestGuard::default(),
            content: History::new(CONTENT_WINDOW),
            stalled_run: 0,
            observed_size: None,
            rewind: None,
            failed: false,
        };
        if walk.guarded() {
            walk.requests.admit(walk.fingerprint(&first));
        }
        walk.next = (!walk.limit_reached()).then_some(first);
        walk
    }

    /// The same walk started again from its first page, its guards and counters fresh.
    pub(crate) fn restarted(&self) -> Walk {
        Walk::begin(self.spec, self.config.clone(), self.endpoint.clone())
    }

    /// `max_items` or `max_pages` reached (also by a resumed walk's counters, or a limit of zero).
    fn limit_reached(&self) -> bool {
        self.config
            .max_items
            .is_some_and(|max| self.counters.yielded >= max)
            || self
                .config
                .max_pages
                .is_some_and(|max| self.counters.pages >= max)
    }

    /// The request to make next, or `None` when the walk is over.
    pub fn next_request(&self) -> Option<&PageRequest> {
        self.next.as_ref()
    }

    /// The request the last reported page answered.
    pub fn last_request(&self) -> Option<&PageRequest> {
        self.rewind.as_ref().map(|rewind| &rewind.request)
    }

    /// The page size the walk asks for, after clamping to `max_page_size`.
    pub fn page_size(&self) -> Option<u64> {
        self.config.page_size
    }

    /// Pages reported so far.
    pub fn pages(&self) -> u64 {
        self.counters.pages
    }

    /// Items yielded so far.
    pub fn items_yielded(&self) -> u64 {
        self.counters.yielded
    }

    /// The latest `total` the API reported.
    pub fn total(&self) -> Option<u64> {
        self.counters.total
    }

    /// The origin of the walk's pages, once known: credentials are only sent there.
    pub fn origin(&self) -> Option<&url::Origin> {
        self.origin.as_ref()
    }

    /// The request that will follow `request` if its page is full, when the walk can tell before seeing
    /// it: offset and page walks whose `total` is known, with the page size asked for or, without one,
    /// the first page's size. Used to fetch ahead; the walk itself still decides from each page.
    pub fn predict(&self, request: &PageRequest) -> Option<PageRequest> {
        let size = self.config.page_size.or(self.observed_size)?;
        let total = self.counters.total.filter(|_| self.spec.declares_total())?;
        let (position, items_before) = match (self.spec.strategy(), request.position()) {
            (Strategy::Offset, Position::Offset(offset)) => {
                let next = offset.checked_add(size)?;
                (Position::Offset(next), next)
            }
            (Strategy::Page { first }, Position::Page(page)) => {
                let next = page.checked_add(1)?;
                (Position::Page(next), (next - first).checked_mul(size)?)
            }
            _ => return None,
        };
        let pages_before = items_before / size;
        let within = items_before < total
            && self.config.max_items.is_none_or(|max| items_before < max)
            && self.config.max_pages.is_none_or(|max| pages_before < max);
        within.then(|| PageRequest::carrying(position, self.config.page_size, request.carried().cloned()))
    }

    /// Reports the page answering [`Walk::next_request`]: its signals and how many items it held.
    /// Returns how many of those items to yield (fewer only when `max_items` is reached), or the error
    /// that ends the walk.
    pub fn on_page(&mut self, signals: &Signals, received: usize) -> Result<usize> {
        let outcome = self.judge(&mut signals.clone(), true, received, None, None);
        match outcome.error {
            Some(error) => Err(error),
            None => Ok(outcome.take),
        }
    }

    /// Reports the page answering [`Walk::next_request`], with the URL it came from after redirects and
    /// the fingerprint of its content: a page from an origin it was not asked of, or whose items repeat
    /// an earlier page's, is refused before any of its items is yielded.
    pub fn on_response<T>(&mut self, page: &ReceivedPage<T>) -> PageOutcome {
        let mut signals = page.parts.signals.clone();
        self.judge(
            &mut signals,
            true,
            page.parts.items.len(),
            page.url.as_deref(),
            page.content,
        )
    }

    /// [`Walk::on_response`] for an engine that owns the page: with `keep` false, the next position
    /// is taken out of the page's signals instead of copied.
    pub(crate) fn on_received<T>(&mut self, page: &mut ReceivedPage<T>, keep: bool) -> PageOutcome {
        let (received, url, content) = (page.parts.items.len(), page.url.as_deref(), page.content);
        self.judge(&mut page.parts.signals, keep, received, url, content)
    }

    fn judge(
        &mut self,
        signals: &mut Signals,
        keep: bool,
        received: usize,
        url: Option<&Url>,
        content: Option<Fingerprint>,
    ) -> PageOutcome {
        let Some(request) = self.next.take() else {
            return PageOutcome::refused(protocol("a page was reported after the walk ended"));
        };
        let mut rewind = match self.rewind.take() {
            Some(mut rewind) => {
                rewind.request = request;
                rewind
            }
            None => Box::new(Rewind {
                request,
                counters: self.counters,
                current_url: None,
                admitted: false,
                recorded: false,
                taken: 0,
            }),
        };
        // Only URL walks resolve against the page's URL; others keep the walk's constant one.
        if matches!(self.spec.strategy(), Strategy::NextUrl | Strategy::LinkHeader) {
            rewind.current_url = self.current_url.clone();
        }
        rewind.counters = self.counters;
        rewind.admitted = false;
        rewind.recorded = false;
        self.failed = false;
        let outcome = match self.admit(&mut rewind, signals, received, url, content) {
            Ok(repeated) => self.advance(&mut rewind, signals, keep, received as u64, repeated),
            Err(error) => PageOutcome::refused(error),
        };
        rewind.taken = outcome.take as u64;
        self.rewind = Some(rewind);
        if outcome.error.is_some() {
            self.failed = true;
            self.next = None;
        }
        outcome
    }

    /// Whether the page may be used at all: from the origin it was asked of, without an API error,
    /// not a repeat of an earlier page (unless repeats are allowed: then says it is one). Records its
    /// content.
    fn admit(
        &mut self,
        rewind: &mut Rewind,
        signals: &Signals,
        received: usize,
        url: Option<&Url>,
        content: Option<Fingerprint>,
    ) -> Result<bool> {
        if let Some(url) = url {
            self.check_answer_origin(&rewind.request, url)?;
            if matches!(self.spec.strategy(), Strategy::NextUrl | Strategy::LinkHeader) {
                self.current_url = Some(url.clone());
            }
        }
        if let Some(message) = &signals.error {
            let message = snippet(message.as_bytes(), SNIPPET_CHARS, &self.endpoint.secrets);
            return Err(ErrorKind::Api { message }.into());
        }
        let content = content.filter(|_| received > 0);
        let earlier = content.and_then(|content| self.content.find(content));
        if let (Some(earlier), false) = (earlier, self.config.allow_repeated_pages) {
            return Err(ErrorKind::RepeatedPage {
                page: self.counters.pages.saturating_add(1),
                earlier: earlier.saturating_add(1),
                position: describe(rewind.request.position()),
            }
            .into());
        }
        self.content.record(content);
        rewind.recorded = true;
        Ok(earlier.is_some())
    }

    /// Counts an admitted page, then decides what follows it: the next request, the end, or the error
    /// that ends the walk after the page's items.
    fn advance(
        &mut self,
        rewind: &mut Rewind,
        signals: &mut Signals,
        keep: bool,
        received: u64,
        repeated: bool,
    ) -> PageOutcome {
        let take = self.count(signals, received, repeated);
        let after = |error: Error| PageOutcome {
            take,
            error: Some(error),
            refused: false,
        };
        match self.stop_rule(signals) {
            Some(Ok(())) => return after_none(take),
            Some(Err(error)) => return after(error),
            None => {}
        }
        let next = match self.decide(&rewind.request, signals, keep, received) {
            Ok(next) => next,
            Err(error) => return after(error),
        };
        let (position, foreign) = match next {
            Next::Stop => {
                return match self.check_complete() {
                    Ok(()) => after_none(take),
                    Err(error) => after(error),
                }
            }
            Next::Continue(position, foreign) => (position, foreign),
        };
        let carried = self.spec.carry_param_name().is_some()
            && signals.carry.as_ref().is_some_and(|carry| !carry.is_empty());
        let carry = match (carried, keep) {
            (true, true) => signals.carry.clone(),
            (true, false) => signals.carry.take(),
            (false, _) => rewind.request.carried().cloned(),
        };
        let request = PageRequest::carrying(position, self.config.page_size, carry).foreign(foreign);
        if self.guarded() {
            if !self.requests.admit(self.fingerprint(&request)) {
                let repeated = describe(request.position());
                return after(ErrorKind::LoopDetected { repeated }.into());
            }
            rewind.admitted = true;
        }
        if let Position::Url(url) = request.position() {
            if let Ok(url) = Url::parse(url) {
                self.current_url = Some(url);
            }
        }
        self.next = Some(request);
        after_none(take)
    }

    /// Counts the page's items and pages; returns how many of its items to yield.
    fn count(&mut self, signals: &Signals, received: u64, repeated: bool) -> usize {
        let counters = &mut self.counters;
        counters.pages = counters.pages.saturating_add(1);
        counters.received = counters.received.saturating_add(received);
        let take = match self.config.max_items {
            Some(max) => received.min(max.saturating_sub(counters.yielded)),
            None => received,
        };
        counters.yielded = counters.yielded.saturating_add(take);
        if signals.total.is_some() {
            counters.total = signals.total;
        }
        if self.config.page_size.is_none() && counters.pages == 1 && received > 0 {
            self.observed_size = Some(received);
        }
        self.stalled_run = if received == 0 || repeated {
            self.stalled_run.saturating_add(1)
        } else {
            0
        };
        take as usize
    }

    /// The rules that end a walk whatever its strategy says: the caller's limits, the API's cap, and
    /// the stalled pages' limit. `Some(Ok(()))` ends it quietly.
    fn stop_rule(&self, signals: &Signals) -> Option<Result<()>> {
        if self.limit_reached() {
            return Some(Ok(()));
        }
        if let Some(cap) = self.config.cap.or(self.spec.cap_value()) {
            let total = self.counters.total;
            let over = total.is_some_and(|total| total > cap);
            if over && self.config.detect_truncation {
                return Some(Err(ErrorKind::CapExceeded { cap, total }.into()));
            }
            if self.counters.received >= cap {
                // Pages past the cap are not served: stop here rather than ask for them. Without a
                // total, a page that still points further says the listing was cut.
                let more = self.has_more(signals) == Some(true)
                    || signals.cursor.is_some()
                    || signals.next_url.is_some();
                if total.is_none() && more && self.config.detect_truncation {
                    return Some(Err(ErrorKind::CapExceeded { cap, total: None }.into()));
                }
                if over || more {
                    tracing::warn!(cap, total, "walk truncated at the API's cap");
                }
                return Some(Ok(()));
            }
        }
        match self.config.max_stalled_pages {
            Some(limit) if self.stalled_run > u64::from(limit) => Some(Err(ErrorKind::Stalled {
                pages: self.stalled_run,
                limit,
            }
            .into())),
            _ => None,
        }
    }

    /// Strategies whose positions can repeat: the loop guard watches them. Offsets and page numbers
    /// only grow.
    fn guarded(&self) -> bool {
        !matches!(self.spec.strategy(), Strategy::Offset | Strategy::Page { .. })
    }

    /// The fingerprint of a request as it is sent: URL walks by the normal form of the URL (so a next
    /// URL that differs only by its fragment or parameter order is the same request), others by their
    /// position and size.
    fn fingerprint(&self, request: &PageRequest) -> Fingerprint {
        let url_walk = matches!(self.spec.strategy(), Strategy::NextUrl | Strategy::LinkHeader);
        let url = match (request.position(), &self.endpoint.url) {
            (Position::Url(url), _) => Url::parse(url).ok(),
            (Position::First, Some(base)) if url_walk => Some(with_params(base, &request.params(&self.spec))),
            _ => None,
        };
        if let Some(url) = url {
            return Fingerprint::of(normalized(&url).as_bytes());
        }
        // One hash of the position's bytes, seeded with its kind and the page size (a key's parts
        // chained, each seeding the next).
        let size = request.page_size().unwrap_or(u64::MAX);
        let seed = |kind: u64| size.rotate_left(17) ^ kind.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        match request.position() {
            Position::First => Fingerprint::seeded(b"", seed(1)),
            Position::Cursor(token) => Fingerprint::seeded(token.to_text().as_bytes(), seed(2)),
            Position::Keyset(parts) => parts.iter().fold(Fingerprint::seeded(b"", seed(3)), |key, part| {
                Fingerprint::seeded(part.to_text().as_bytes(), key.value())
            }),
            Position::Url(url) => Fingerprint::seeded(url.as_bytes(), seed(4)),
            Position::Offset(offset) => Fingerprint::seeded(&offset.to_le_bytes(), seed(5)),
            Position::Page(page) => Fingerprint::seeded(&page.to_le_bytes(), seed(6)),
        }
    }
}

/// The outcome of a page whose items are all used, without an error.
fn after_none(take: usize) -> PageOutcome {
    PageOutcome {
        take,
        error: None,
        refused: false,
    }
}

impl PageOutcome {
    /// A page refused whole: none of its items is used.
    fn refused(error: Error) -> Self {
        PageOutcome {
            take: 0,
            error: Some(error),
            refused: true,
        }
    }
}

/// A position as error messages show it: escaped, credentials redacted, long tokens shortened.
pub(super) fn describe(position: &Position) -> String {
    let shorten = |text: &str| snippet(text.as_bytes(), 120, &Secrets::default());
    match position {
        Position::First => "the first page".into(),
        Position::Cursor(token) => shorten(&token.to_text()),
        Position::Url(url) => redact(url),
        Position::Offset(offset) => format!("offset {offset}"),
        Position::Page(page) => format!("page {page}"),
        Position::Keyset(parts) => {
            let parts: Vec<String> = parts.iter().map(|part| shorten(&part.to_text())).collect();
            format!("key {}", parts.join(","))
        }
    }
}
