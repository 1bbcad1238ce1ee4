//! The sans-IO pagination state machine. It is told what each page said and answers with the next
//! request or the end; it never performs I/O and has no clock, so every transport and engine drives
//! the same rules.

use url::Url;

use crate::protocol::binding::{with_credentials, without_credentials};
use crate::protocol::checkpoint::{Checkpoint, CheckpointKey, Counters, VERSION};
use crate::protocol::error::{CrossOriginReason, Error, ErrorKind, Result, SNIPPET_CHARS};
use crate::protocol::fingerprint::{Fingerprint, PartsHasher};
use crate::protocol::guard::{History, RequestGuard, CONTENT_WINDOW};
use crate::protocol::redact::{escape, redact, snippet, Secrets};
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

/// One page as the transport received it, reported to [`Walk::on_response`].
#[derive(Debug, Clone, Copy)]
pub struct PageReport<'a> {
    /// What the page said.
    pub signals: &'a Signals,
    /// How many items it held.
    pub items: usize,
    /// The URL the page finally came from, after redirects.
    pub url: Option<&'a Url>,
    /// The fingerprint of what it contains ([`Fingerprint::of_json_items`], [`Fingerprint::of_items`]):
    /// a page whose items repeat an earlier page's is refused before any of them is yielded.
    pub content: Option<Fingerprint>,
}

/// What the walk decided about a reported page.
#[derive(Debug)]
pub struct PageOutcome {
    /// How many of the page's items to yield (fewer only at `max_items`).
    pub take: usize,
    /// The error that ends the walk, reported after those items.
    pub error: Option<Error>,
    /// The page itself is refused (another origin, a repeat of the previous page, an API error in
    /// it): none of it is used, the error is all there is.
    pub refused: bool,
}

/// The pagination state machine of one walk.
///
/// Ask [`Walk::next_request`] what to fetch, fetch it however you like, then report the page with
/// [`Walk::on_page`] (or [`Walk::on_response`] with its URL and body fingerprint), which says how many
/// of its items to yield. When `next_request` is `None` the walk is over.
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

/// What the strategy decided after a page: stop, or go on at a position (on a foreign origin, for a
/// URL followed without credentials).
enum Next {
    Stop,
    Continue(Position, bool),
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
    /// Starts a walk without an endpoint (a closure transport). Fails on a page size of zero.
    pub fn new(spec: Spec, config: WalkConfig) -> Result<Self> {
        Walk::start(spec, config, Endpoint::default())
    }

    /// Starts a walk at `endpoint`. Fails on a page size of zero.
    pub fn start(spec: Spec, config: WalkConfig, endpoint: Endpoint) -> Result<Self> {
        if config.page_size == Some(0) {
            return Err(ErrorKind::InvalidRequest("page size must be at least 1".into()).into());
        }
        if let Some(bad) = config
            .allowed_origins
            .iter()
            .find(|text| parse_origin(text).is_none())
        {
            return Err(ErrorKind::InvalidRequest(format!(
                "allowed origin `{}` is not an http(s) origin such as `https://api.example.com`",
                redact(bad)
            ))
            .into());
        }
        Ok(Walk::begin(spec, config, endpoint))
    }

    /// Starts a walk whose configuration is known to be valid.
    pub(crate) fn begin(spec: Spec, mut config: WalkConfig, endpoint: Endpoint) -> Self {
        config.page_size = config.page_size.filter(|&size| size > 0);
        if let (Some(size), Some(max)) = (config.page_size, spec.max_page_size_value()) {
            config.page_size = Some(size.min(max));
        }
        let first = PageRequest::first(&spec, config.page_size);
        let allowed = config
            .allowed_origins
            .iter()
            .filter_map(|text| parse_origin(text))
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

    /// Continues a walk from a [`Checkpoint`], after checking that it belongs to this walk: same
    /// format version, strategy, envelope and request, a position that fits the strategy and stays on
    /// the origin, sane counters and guards, and a valid signature when `key` is given. Credential
    /// parameters the checkpoint's URLs left out are put back from the endpoint's URL. The first page
    /// reported is the checkpoint's page; the caller skips its first [`Checkpoint::skip`] items.
    pub fn resume(
        spec: Spec,
        config: WalkConfig,
        endpoint: Endpoint,
        checkpoint: Checkpoint,
        key: Option<&CheckpointKey>,
    ) -> Result<Self> {
        if checkpoint.version != VERSION {
            return Err(invalid_checkpoint(format!(
                "format version {}; this walk reads version {VERSION}",
                checkpoint.version
            )));
        }
        if let Some(key) = key {
            if !checkpoint.verify(key) {
                return Err(invalid_checkpoint(
                    "its signature is missing or does not match the key",
                ));
            }
        }
        if checkpoint.window.is_some() {
            return Err(invalid_checkpoint("it was taken by a window-split walk"));
        }
        if checkpoint.strategy != spec.strategy().name() {
            return Err(invalid_checkpoint(format!(
                "it was taken by a `{}` walk, not a `{}` walk",
                escape(&checkpoint.strategy),
                spec.strategy().name()
            )));
        }
        if let (Some(taken), Some(resumed)) = (&checkpoint.envelope, &endpoint.envelope) {
            if taken != resumed {
                return Err(invalid_checkpoint(format!(
                    "it was taken by a walk over `{}`, not `{resumed}`",
                    escape(taken)
                )));
            }
        }
        match (checkpoint.binding, endpoint.binding) {
            (Some(taken), Some(resumed)) if taken != resumed => {
                return Err(invalid_checkpoint(
                    "it was taken by a walk over another request (its method, URL or body differ, \
                     credentials and pagination parameters aside)",
                ))
            }
            (Some(_), None) => {
                return Err(invalid_checkpoint(
                    "it was taken by a walk over an HTTP request, and this walk has none",
                ))
            }
            _ => {}
        }
        let counters = &checkpoint.counters;
        if counters.yielded > counters.received {
            return Err(invalid_checkpoint("it counts more items yielded than received"));
        }
        let mut config = config;
        if let Some(request) = &checkpoint.request {
            match (config.page_size, request.page_size()) {
                (None, size) => config.page_size = size,
                (Some(asked), Some(taken))
                    if asked != taken && matches!(spec.strategy(), Strategy::Page { .. }) =>
                {
                    return Err(invalid_checkpoint(format!(
                        "its page numbers count pages of {taken} items, this walk asks for {asked}"
                    )))
                }
                _ => {}
            }
        }
        let mut walk = Walk::start(spec, config, endpoint)?;
        walk.requests = RequestGuard::restore(&checkpoint.requests).map_err(invalid_checkpoint)?;
        walk.content = History::restore(CONTENT_WINDOW, &checkpoint.content).map_err(invalid_checkpoint)?;
        walk.counters = checkpoint.counters;
        let from = walk.endpoint.url.clone();
        let restore = |url: &str| match &from {
            Some(from) => with_credentials(url, &checkpoint.removed, from),
            None => url.to_owned(),
        };
        if let Some(current) = &checkpoint.current_url {
            let current = restore(current);
            let current = Url::parse(&current)
                .map_err(|_| invalid_checkpoint("its current URL is not a URL"))
                .and_then(|url| {
                    walk.check_origin(url)
                        .map(|(url, _)| url)
                        .map_err(|error| invalid_checkpoint(error.to_string()))
                })?;
            walk.current_url = Some(current);
        }
        walk.next = match checkpoint.request {
            None => None,
            Some(_) if walk.limit_reached() => None,
            Some(request) => {
                let size = walk.config.page_size;
                let carry = request.carried().cloned();
                let position = match request.position() {
                    Position::Url(url) => Position::Url(restore(url)),
                    other => other.clone(),
                };
                let (position, foreign) = walk.check_resumed_position(position)?;
                Some(PageRequest::carrying(position, size, carry).foreign(foreign))
            }
        };
        Ok(walk)
    }

    /// A resumed position must be one this strategy produces, and a URL must pass the same checks as a
    /// next URL. Also says whether the position is on a foreign origin.
    fn check_resumed_position(&mut self, position: Position) -> Result<(Position, bool)> {
        let fits = match (self.spec.strategy(), &position) {
            (Strategy::Cursor, Position::First | Position::Cursor(_)) => true,
            (Strategy::NextUrl | Strategy::LinkHeader, Position::First | Position::Url(_)) => true,
            (Strategy::Offset, Position::Offset(_)) => true,
            (Strategy::Page { first }, Position::Page(page)) => page >= &first,
            (Strategy::Keyset, Position::First) => true,
            (Strategy::Keyset, Position::Keyset(parts)) => !parts.is_empty(),
            _ => false,
        };
        if !fits {
            return Err(invalid_checkpoint(format!(
                "its position {} does not belong to a `{}` walk",
                describe(&position),
                self.spec.strategy().name()
            )));
        }
        match position {
            Position::Url(url) => self
                .resolve(&url)
                .map(|(url, foreign)| (Position::Url(url), foreign))
                .map_err(|error| invalid_checkpoint(error.to_string())),
            other => Ok((other, false)),
        }
    }

    /// Where the walk stands after `consumed` items of the last reported page were yielded (`None`: all
    /// of them). Resuming from it yields exactly the items not yet yielded. After an error, it points
    /// at the failing page, past the items already yielded from it.
    pub fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        let mut request = self.next.clone();
        let mut counters = self.counters;
        let mut current_url = self.current_url.as_ref();
        let mut skip = 0;
        let (mut admitted, mut recorded) = (false, false);
        if let Some(rewind) = &self.rewind {
            if self.failed || consumed.is_some_and(|consumed| consumed < rewind.taken) {
                request = Some(rewind.request.clone());
                skip = consumed.unwrap_or(rewind.taken).min(rewind.taken);
                counters = rewind.counters;
                current_url = rewind.current_url.as_ref().or(current_url);
                (admitted, recorded) = (rewind.admitted, rewind.recorded);
            }
        }
        // URLs lose their credential parameters: the resuming request supplies them again.
        let mut removed = Vec::new();
        let mut keep = |url: &str| {
            let (kept, names) = without_credentials(url, &self.spec);
            for name in names {
                if !removed.contains(&name) {
                    removed.push(name);
                }
            }
            kept
        };
        if let Some(request) = &mut request {
            if let Position::Url(url) = request.position() {
                let kept = keep(url);
                request.set_position(Position::Url(kept));
            }
        }
        let current_url = current_url.map(|url| keep(url.as_str()));
        Checkpoint {
            version: VERSION,
            strategy: self.spec.strategy().name().to_owned(),
            envelope: self.endpoint.envelope.clone(),
            binding: self.endpoint.binding,
            request,
            skip,
            counters,
            current_url,
            removed,
            requests: self.requests.state(admitted),
            content: self.content.state(recorded),
            window: None,
            mac: None,
        }
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
        let outcome = self.on_response(PageReport {
            signals,
            items: received,
            url: None,
            content: None,
        });
        match outcome.error {
            Some(error) => Err(error),
            None => Ok(outcome.take),
        }
    }

    /// Reports the page answering [`Walk::next_request`], with the URL it came from after redirects and
    /// its body's fingerprint: a page from another origin, or whose body repeats the previous page's,
    /// is refused before any of its items is yielded.
    pub fn on_response(&mut self, report: PageReport<'_>) -> PageOutcome {
        let Some(request) = self.next.take() else {
            return PageOutcome {
                take: 0,
                error: Some(protocol("a page was reported after the walk ended")),
                refused: true,
            };
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
        let outcome = self.advance(&mut rewind, report);
        rewind.taken = outcome.take as u64;
        self.rewind = Some(rewind);
        if outcome.error.is_some() {
            self.failed = true;
            self.next = None;
        }
        outcome
    }

    fn advance(&mut self, rewind: &mut Rewind, report: PageReport<'_>) -> PageOutcome {
        let refuse = |error: Error| PageOutcome {
            take: 0,
            error: Some(error),
            refused: true,
        };
        if let Some(url) = report.url {
            if let Err(error) = self.check_answer_origin(&rewind.request, url) {
                return refuse(error);
            }
            if matches!(self.spec.strategy(), Strategy::NextUrl | Strategy::LinkHeader) {
                self.current_url = Some(url.clone());
            }
        }
        if let Some(message) = &report.signals.error {
            let message = snippet(message.as_bytes(), SNIPPET_CHARS, &self.endpoint.secrets);
            return refuse(ErrorKind::Api { message }.into());
        }
        let content = report.content.filter(|_| report.items > 0);
        let earlier = content.and_then(|content| self.content.find(content));
        if let Some(earlier) = earlier {
            if !self.config.allow_repeated_pages {
                return refuse(
                    ErrorKind::RepeatedPage {
                        page: self.counters.pages.saturating_add(1),
                        earlier: earlier.saturating_add(1),
                        position: describe(rewind.request.position()),
                    }
                    .into(),
                );
            }
        }
        self.content.record(content);
        rewind.recorded = true;

        let signals = report.signals;
        let received = report.items as u64;
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
        self.stalled_run = if received == 0 || earlier.is_some() {
            self.stalled_run.saturating_add(1)
        } else {
            0
        };
        let take = take as usize;
        let after = |error: Error| PageOutcome {
            take,
            error: Some(error),
            refused: false,
        };
        let fine = PageOutcome {
            take,
            error: None,
            refused: false,
        };

        let limit_reached = self
            .config
            .max_items
            .is_some_and(|max| self.counters.yielded >= max)
            || self
                .config
                .max_pages
                .is_some_and(|max| self.counters.pages >= max);
        if limit_reached {
            return fine;
        }
        if let Some(cap) = self.config.cap.or(self.spec.cap_value()) {
            let total = self.counters.total;
            let over = total.is_some_and(|total| total > cap);
            if over && self.config.detect_truncation {
                return after(ErrorKind::CapExceeded { cap, total }.into());
            }
            if self.counters.received >= cap {
                // Pages past the cap are not served: stop here rather than ask for them. Without a
                // total, a page that still points further says the listing was cut.
                let more = self.has_more(signals) == Some(true)
                    || signals.cursor.is_some()
                    || signals.next_url.is_some();
                if total.is_none() && more && self.config.detect_truncation {
                    return after(ErrorKind::CapExceeded { cap, total: None }.into());
                }
                if over || more {
                    tracing::warn!(cap, total, "walk truncated at the API's cap");
                }
                return fine;
            }
        }
        if let Some(limit) = self.config.max_stalled_pages {
            if self.stalled_run > u64::from(limit) {
                return after(
                    ErrorKind::Stalled {
                        pages: self.stalled_run,
                        limit,
                    }
                    .into(),
                );
            }
        }
        let next = match self.decide(&rewind.request, signals, received) {
            Ok(next) => next,
            Err(error) => return after(error),
        };
        match next {
            Next::Stop => match self.check_complete() {
                Ok(()) => fine,
                Err(error) => after(error),
            },
            Next::Continue(position, foreign) => {
                let carry = match &signals.carry {
                    Some(carry) if self.spec.carry_param_name().is_some() && !carry.is_empty() => {
                        Some(carry.clone())
                    }
                    _ => rewind.request.carried().cloned(),
                };
                let request = PageRequest::carrying(position, self.config.page_size, carry).foreign(foreign);
                if self.guarded() {
                    if !self.requests.admit(self.fingerprint(&request)) {
                        return after(
                            ErrorKind::LoopDetected {
                                repeated: describe(request.position()),
                            }
                            .into(),
                        );
                    }
                    rewind.admitted = true;
                }
                if let Position::Url(url) = request.position() {
                    if let Ok(url) = Url::parse(url) {
                        self.current_url = Some(url);
                    }
                }
                self.next = Some(request);
                fine
            }
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
        let mut hasher = PartsHasher::default();
        match request.position() {
            Position::First => hasher.part(b"first"),
            Position::Cursor(token) => hasher.part(b"token").part(token.to_text().as_bytes()),
            Position::Keyset(parts) => parts.iter().fold(hasher.part(b"key"), |hasher, part| {
                hasher.part(part.to_text().as_bytes())
            }),
            Position::Url(url) => hasher.part(b"url").part(url.as_bytes()),
            Position::Offset(offset) => hasher.part(b"offset").part(&offset.to_le_bytes()),
            Position::Page(page) => hasher.part(b"page").part(&page.to_le_bytes()),
        };
        hasher.part(&request.page_size().unwrap_or(u64::MAX).to_le_bytes());
        hasher.finish()
    }

    fn has_more(&self, signals: &Signals) -> Option<bool> {
        signals.has_more.filter(|_| self.spec.declares_has_more())
    }

    fn decide(&mut self, request: &PageRequest, signals: &Signals, received: u64) -> Result<Next> {
        let has_more = self.has_more(signals);
        if has_more == Some(false) {
            return Ok(Next::Stop);
        }
        match (self.spec.strategy(), request.position()) {
            (Strategy::Cursor, _) => {
                let token = signals.cursor.as_ref().filter(|token| !token.is_empty());
                match (token, has_more) {
                    (Some(token), _) => Ok(Next::Continue(Position::Cursor(token.clone()), false)),
                    (None, Some(true)) => Err(protocol("has_more is true but the page has no cursor")),
                    (None, _) => Ok(Next::Stop),
                }
            }
            (Strategy::NextUrl | Strategy::LinkHeader, _) => {
                let next = signals
                    .next_url
                    .as_deref()
                    .map(str::trim)
                    .filter(|url| !url.is_empty());
                match (next, has_more) {
                    (Some(next), _) => {
                        let (url, foreign) = self.resolve(next)?;
                        Ok(Next::Continue(Position::Url(url), foreign))
                    }
                    (None, Some(true)) => Err(protocol("has_more is true but the page has no next URL")),
                    (None, _) => Ok(Next::Stop),
                }
            }
            (Strategy::Offset, Position::Offset(offset)) => {
                if received == 0 {
                    return match has_more {
                        Some(true) => Err(no_progress(format!(
                            "has_more is true but the page at offset {offset} is empty, so the offset cannot advance"
                        ))),
                        _ => Ok(Next::Stop),
                    };
                }
                let next = offset.saturating_add(received);
                if has_more.is_none() && self.ends_by_count(received, |total| next >= total) {
                    return Ok(Next::Stop);
                }
                Ok(Next::Continue(Position::Offset(next), false))
            }
            (Strategy::Page { first }, Position::Page(page)) => {
                let page = *page;
                if self.spec.reads_page() {
                    if let Some(echoed) = signals.page {
                        if self.counters.last_page_number.is_some_and(|last| echoed <= last) {
                            return Err(no_progress(format!(
                                "asked for page {page}, the API answered page {echoed} again"
                            )));
                        }
                        self.counters.last_page_number = Some(echoed);
                    }
                }
                if received == 0 && has_more != Some(true) {
                    return Ok(Next::Stop);
                }
                if has_more.is_none() {
                    let pages_done = page.saturating_sub(first).saturating_add(1);
                    let past_last = self.spec.declares_total_pages()
                        && signals.total_pages.is_some_and(|pages| pages_done >= pages);
                    let received_all = self.ends_by_count(received, |total| self.counters.received >= total);
                    if past_last || received_all {
                        return Ok(Next::Stop);
                    }
                }
                Ok(Next::Continue(Position::Page(page.saturating_add(1)), false))
            }
            (Strategy::Keyset, _) => {
                if received == 0 {
                    return match has_more {
                        Some(true) => Err(no_progress(
                            "has_more is true but the page is empty, so there is no last key to continue from",
                        )),
                        _ => Ok(Next::Stop),
                    };
                }
                if has_more.is_none() && self.ends_by_count(received, |_| false) {
                    return Ok(Next::Stop);
                }
                match &signals.keyset {
                    Some(key) if !key.is_empty() => Ok(Next::Continue(Position::Keyset(key.clone()), false)),
                    _ => Err(protocol("the last item of the page has no keyset value")),
                }
            }
            (strategy, position) => Err(protocol(format!(
                "position {} does not belong to strategy {}",
                describe(position),
                strategy.name()
            ))),
        }
    }

    /// Count-based end for strategies without `has_more`: the `total` test when the API gives a total,
    /// otherwise a page shorter than the page size asked for.
    fn ends_by_count(&self, received: u64, total_reached: impl Fn(u64) -> bool) -> bool {
        if let Some(total) = self.counters.total.filter(|_| self.spec.declares_total()) {
            if total_reached(total) {
                return true;
            }
        }
        self.config.page_size.is_some_and(|size| received < size)
    }

    /// At a natural end, items the API announced but did not serve are an error, not a silent loss.
    fn check_complete(&self) -> Result<()> {
        match self.counters.total {
            Some(total)
                if self.config.detect_truncation
                    && self.spec.declares_total()
                    && self.counters.received < total =>
            {
                Err(ErrorKind::Truncated {
                    received: self.counters.received,
                    total,
                }
                .into())
            }
            _ => Ok(()),
        }
    }

    /// A page URL must stay on the walk's origin (or an allowed one) unless the policy follows other
    /// origins; says whether it is foreign (followed without credentials). A walk without an endpoint
    /// (a closure transport) takes the origin of the first absolute URL it meets.
    fn check_origin(&mut self, url: Url) -> Result<(Url, bool)> {
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
    fn check_answer_origin(&self, request: &PageRequest, answered: &Url) -> Result<()> {
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
    fn resolve(&mut self, next: &str) -> Result<(String, bool)> {
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
fn parse_origin(text: &str) -> Option<url::Origin> {
    let url = Url::parse(text.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.origin())
}

/// A position as error messages show it: escaped, credentials redacted, long tokens shortened.
fn describe(position: &Position) -> String {
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
