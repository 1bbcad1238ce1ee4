//! The sans-IO pagination state machine. It is told what each page said and answers with the next
//! request or the end; it never performs I/O, so every transport drives the same rules.

use std::collections::HashSet;

use url::Url;

use crate::checkpoint::Checkpoint;
use crate::envelope::Signals;
use crate::error::{Error, Result};
use crate::request::{PageRequest, Position};
use crate::spec::{Spec, Strategy};

/// What to do with a next URL or `Link` on another origin than the first request's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CrossOrigin {
    /// Fail with [`Error::CrossOrigin`] (default).
    #[default]
    Refuse,
    /// Follow it, without the `Authorization`, `Cookie` and `Proxy-Authorization` headers.
    FollowWithoutCredentials,
}

/// Run-time limits and guards of one walk.
///
/// ```
/// use paginate_core::WalkConfig;
/// let config = WalkConfig { page_size: Some(50), max_items: Some(120), ..WalkConfig::default() };
/// assert_eq!(config.max_empty_pages, 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkConfig {
    /// Items to ask for per page (`None`: the API's default). Clamped to the envelope's `max_page_size`.
    pub page_size: Option<u64>,
    /// Stop after yielding this many items.
    pub max_items: Option<u64>,
    /// Stop after fetching this many pages.
    pub max_pages: Option<u64>,
    /// Consecutive empty pages tolerated while the API says there is more (default 3).
    pub max_empty_pages: u32,
    /// Policy for next pages on another origin.
    pub cross_origin: CrossOrigin,
    /// Fail with [`Error::Truncated`] when a walk ends before the API's `total`, and with
    /// [`Error::CapExceeded`] when more records match than the cap lets a query reach (default true).
    /// When false, a capped walk yields what it can reach and logs a warning.
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
            max_empty_pages: 3,
            cross_origin: CrossOrigin::Refuse,
            detect_truncation: true,
            cap: None,
        }
    }
}

/// The pagination state machine of one walk.
///
/// Ask [`Walk::next_request`] what to fetch, fetch it however you like, then report the page with
/// [`Walk::on_page`], which says how many of its items to yield. When `next_request` is `None` the walk
/// is over.
///
/// ```
/// use paginate_core::{Signals, Spec, Strategy, Walk, WalkConfig};
///
/// const SPEC: Spec = Spec::new(Strategy::Cursor).has_more();
/// let mut walk = Walk::new(SPEC, WalkConfig::default()).unwrap();
/// assert_eq!(walk.next_request().unwrap().cursor(), None);
///
/// let page_one = Signals { cursor: Some("c2".into()), has_more: Some(true), ..Signals::default() };
/// assert_eq!(walk.on_page(&page_one, 10).unwrap(), 10);
/// assert_eq!(walk.next_request().unwrap().cursor(), Some("c2"));
///
/// let page_two = Signals { has_more: Some(false), ..Signals::default() };
/// walk.on_page(&page_two, 4).unwrap();
/// assert!(walk.next_request().is_none());
/// ```
#[derive(Debug, Clone)]
pub struct Walk {
    spec: Spec,
    config: WalkConfig,
    next: Option<PageRequest>,
    origin: Option<Url>,
    current_url: Option<Url>,
    seen: HashSet<String>,
    pages: u64,
    received: u64,
    yielded: u64,
    empty_run: u32,
    last_page_number: Option<u64>,
    total: Option<u64>,
    /// The state before the last page was reported, for checkpoints inside that page.
    before_last: Option<Snapshot>,
    /// The token the page being reported added to the loop guard.
    inserted: Option<String>,
}

/// The counters of a walk before a page, and the token that page added to the loop guard.
#[derive(Debug, Clone)]
struct Snapshot {
    request: Option<PageRequest>,
    pages: u64,
    received: u64,
    yielded: u64,
    last_page_number: Option<u64>,
    total: Option<u64>,
    current_url: Option<Url>,
    inserted: Option<String>,
    /// Items of that page the walk let through.
    taken: u64,
}

/// What the strategy decided after a page.
enum Next {
    Stop,
    Continue(Position),
}

impl Walk {
    /// Starts a walk. Fails on a page size of zero.
    pub fn new(spec: Spec, mut config: WalkConfig) -> Result<Self> {
        if config.page_size == Some(0) {
            return Err(Error::InvalidRequest("page size must be at least 1".into()));
        }
        if let (Some(size), Some(max)) = (config.page_size, spec.max_page_size_value()) {
            config.page_size = Some(size.min(max));
        }
        let first = PageRequest::first(&spec, config.page_size);
        let next = (config.max_items != Some(0) && config.max_pages != Some(0)).then_some(first);
        Ok(Walk {
            spec,
            config,
            next,
            origin: None,
            current_url: None,
            seen: HashSet::new(),
            pages: 0,
            received: 0,
            yielded: 0,
            empty_run: 0,
            last_page_number: None,
            total: None,
            before_last: None,
            inserted: None,
        })
    }

    /// Continues a walk from a [`Checkpoint`]. The first page reported is the checkpoint's page; the
    /// caller skips its first [`Checkpoint::skip`] items.
    pub fn resume(spec: Spec, config: WalkConfig, checkpoint: Checkpoint) -> Result<Self> {
        let mut walk = Walk::new(spec, config)?;
        walk.next = checkpoint.request;
        walk.pages = checkpoint.pages;
        walk.received = checkpoint.received;
        walk.yielded = checkpoint.yielded;
        walk.seen = checkpoint.seen.into_iter().collect();
        walk.last_page_number = checkpoint.last_page_number;
        walk.total = checkpoint.total;
        walk.current_url = checkpoint.current_url.and_then(|url| Url::parse(&url).ok());
        Ok(walk)
    }

    /// Where the walk stands after `consumed` items of the last reported page were yielded (`None`: all
    /// of them). Resuming from it yields exactly the items not yet yielded.
    pub fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        let mut seen: Vec<String> = self.seen.iter().cloned().collect();
        match (&self.before_last, consumed) {
            (Some(before), Some(consumed)) if consumed < before.taken => {
                seen.retain(|token| Some(token) != before.inserted.as_ref());
                Checkpoint {
                    request: before.request.clone(),
                    skip: consumed,
                    pages: before.pages,
                    received: before.received,
                    yielded: before.yielded,
                    seen,
                    last_page_number: before.last_page_number,
                    total: before.total,
                    current_url: before.current_url.as_ref().map(Url::to_string),
                }
            }
            _ => Checkpoint {
                request: self.next.clone(),
                skip: 0,
                pages: self.pages,
                received: self.received,
                yielded: self.yielded,
                seen,
                last_page_number: self.last_page_number,
                total: self.total,
                current_url: self.current_url.as_ref().map(Url::to_string),
            },
        }
    }

    /// Sets the URL of the first request: relative next URLs resolve against the current page's URL, and
    /// next pages on another origin follow the [`CrossOrigin`] policy.
    pub fn with_base_url(mut self, url: Url) -> Self {
        self.seen.insert(url.as_str().to_owned());
        self.origin = Some(url.clone());
        // A resumed walk already knows the URL of its current page.
        self.current_url.get_or_insert(url);
        self
    }

    /// The request to make next, or `None` when the walk is over.
    pub fn next_request(&self) -> Option<&PageRequest> {
        self.next.as_ref()
    }

    /// The page size the walk asks for, after clamping to `max_page_size`.
    pub fn page_size(&self) -> Option<u64> {
        self.config.page_size
    }

    /// Pages reported so far.
    pub fn pages(&self) -> u64 {
        self.pages
    }

    /// Items yielded so far.
    pub fn items_yielded(&self) -> u64 {
        self.yielded
    }

    /// The latest `total` the API reported.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// The request that will follow `request` if its page is full, when the walk can tell before seeing
    /// it: offset and page walks whose page size and `total` are known. Used to fetch ahead; the walk
    /// itself still decides from each page.
    pub fn predict(&self, request: &PageRequest) -> Option<PageRequest> {
        let size = self.config.page_size?;
        let total = self.total.filter(|_| self.spec.declares_total())?;
        let position = match (self.spec.strategy(), request.position()) {
            (Strategy::Offset, Position::Offset(offset)) => {
                let next = offset + size;
                (next < total).then_some(Position::Offset(next))?
            }
            (Strategy::Page { first }, Position::Page(page)) => {
                let next = page + 1;
                ((next - first) * size < total).then_some(Position::Page(next))?
            }
            _ => return None,
        };
        let items_before = match &position {
            Position::Offset(offset) => *offset,
            Position::Page(page) => (page - self.first_page()) * size,
            _ => unreachable!("offset or page positions only"),
        };
        let pages_before = items_before / size;
        let within_limits = self.config.max_items.is_none_or(|max| items_before < max)
            && self.config.max_pages.is_none_or(|max| pages_before < max);
        within_limits.then(|| PageRequest::new(position, Some(size)))
    }

    fn first_page(&self) -> u64 {
        match self.spec.strategy() {
            Strategy::Page { first } => first,
            _ => 0,
        }
    }

    /// Reports the page answering [`Walk::next_request`]: its signals and how many items it held. Returns
    /// how many of those items to yield (fewer only when `max_items` is reached).
    pub fn on_page(&mut self, signals: &Signals, received: usize) -> Result<usize> {
        let Some(request) = self.next.take() else {
            return Err(Error::Protocol {
                reason: "a page was reported after the walk ended".into(),
            });
        };
        let uses_urls = matches!(self.spec.strategy(), Strategy::NextUrl | Strategy::LinkHeader);
        let mut before = Snapshot {
            request: None,
            pages: self.pages,
            received: self.received,
            yielded: self.yielded,
            last_page_number: self.last_page_number,
            total: self.total,
            current_url: if uses_urls { self.current_url.clone() } else { None },
            inserted: None,
            taken: 0,
        };
        self.inserted = None;
        let (take, outcome) = self.advance(&request, signals, received as u64);
        before.request = Some(request);
        before.inserted = self.inserted.take();
        before.taken = take;
        self.before_last = Some(before);
        outcome.map(|()| take as usize)
    }

    /// Counts the page and decides what follows; returns the items to yield and the outcome.
    fn advance(&mut self, request: &PageRequest, signals: &Signals, received: u64) -> (u64, Result<()>) {
        self.pages += 1;
        self.received += received;
        let take = match self.config.max_items {
            Some(max) => received.min(max - self.yielded),
            None => received,
        };
        self.yielded += take;
        if signals.total.is_some() {
            self.total = signals.total;
        }
        self.empty_run = if received == 0 { self.empty_run + 1 } else { 0 };

        let limit_reached = self.config.max_items.is_some_and(|max| self.yielded >= max)
            || self.config.max_pages.is_some_and(|max| self.pages >= max);
        if limit_reached {
            return (take, Ok(()));
        }
        if let Some(cap) = self.config.cap.or(self.spec.cap_value()) {
            let over = self.total.is_some_and(|total| total > cap);
            if over && self.config.detect_truncation {
                return (
                    take,
                    Err(Error::CapExceeded {
                        cap,
                        total: self.total,
                    }),
                );
            }
            if self.received >= cap {
                // Pages past the cap are not served: stop here rather than ask for them. Without a
                // total, a page that still points further says the listing was cut.
                let more = self.has_more(signals) == Some(true)
                    || signals.cursor.is_some()
                    || signals.next_url.is_some();
                if self.total.is_none() && more && self.config.detect_truncation {
                    return (take, Err(Error::CapExceeded { cap, total: None }));
                }
                if over || more {
                    tracing::warn!(cap, total = self.total, "walk truncated at the API's cap");
                }
                return (take, Ok(()));
            }
        }
        let outcome = self
            .decide(request, signals, received)
            .and_then(|next| match next {
                Next::Stop => self.check_complete(),
                Next::Continue(position) => {
                    if let Position::Url(url) = &position {
                        self.current_url = Url::parse(url).ok();
                    }
                    self.next = Some(PageRequest::new(position, self.config.page_size));
                    Ok(())
                }
            });
        (take, outcome)
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
            (Strategy::Cursor, _) => self.follow_token(signals.cursor.as_deref(), has_more, "cursor"),
            (Strategy::NextUrl | Strategy::LinkHeader, _) => {
                let next = signals.next_url.as_deref().filter(|url| !url.is_empty());
                match next.map(|url| self.resolve(url)).transpose()? {
                    Some(url) => self
                        .follow_token(Some(&url), has_more, "next URL")
                        .map(|next| match next {
                            Next::Continue(Position::Cursor(url)) => Next::Continue(Position::Url(url)),
                            other => other,
                        }),
                    None => self.follow_token(None, has_more, "next URL"),
                }
            }
            (Strategy::Offset, Position::Offset(offset)) => {
                let next = offset + received;
                if received == 0 {
                    return match has_more {
                        Some(true) => Err(Error::NoProgress {
                            reason: format!("has_more is true but the page at offset {offset} is empty"),
                        }),
                        _ => Ok(Next::Stop),
                    };
                }
                if has_more.is_none() && self.ends_by_count(received, |total| next >= total) {
                    return Ok(Next::Stop);
                }
                Ok(Next::Continue(Position::Offset(next)))
            }
            (Strategy::Page { first }, Position::Page(page)) => {
                let page = *page;
                if self.spec.reads_page() {
                    if let Some(echoed) = signals.page {
                        if self.last_page_number.is_some_and(|last| echoed <= last) {
                            return Err(Error::NoProgress {
                                reason: format!(
                                    "asked for page {page}, the API answered page {echoed} again"
                                ),
                            });
                        }
                        self.last_page_number = Some(echoed);
                    }
                }
                if received == 0 {
                    if has_more != Some(true) {
                        return Ok(Next::Stop);
                    }
                    self.check_empty_run()?;
                }
                if has_more.is_none() {
                    let pages_done = page + 1 - first;
                    let past_last = self.spec.declares_total_pages()
                        && signals.total_pages.is_some_and(|pages| pages_done >= pages);
                    let received_all = self.ends_by_count(received, |total| self.received >= total);
                    if past_last || received_all {
                        return Ok(Next::Stop);
                    }
                }
                Ok(Next::Continue(Position::Page(page + 1)))
            }
            (Strategy::Keyset, _) => {
                if received == 0 {
                    return match has_more {
                        Some(true) => Err(Error::NoProgress {
                            reason: "has_more is true but the page is empty, so there is no last key".into(),
                        }),
                        _ => Ok(Next::Stop),
                    };
                }
                if has_more.is_none() && self.ends_by_count(received, |_| false) {
                    return Ok(Next::Stop);
                }
                let Some(key) = signals.keyset.clone() else {
                    return Err(Error::Protocol {
                        reason: "the last item of the page has no keyset value".into(),
                    });
                };
                let joined = key.join(",");
                if !self.remember(&joined) {
                    return Err(Error::LoopDetected { repeated: joined });
                }
                Ok(Next::Continue(Position::Keyset(key)))
            }
            (strategy, position) => Err(Error::Protocol {
                reason: format!("position {position:?} does not belong to strategy {strategy:?}"),
            }),
        }
    }

    /// Cursor-like strategies: follow a token unless absent, and never follow the same token twice.
    fn follow_token(&mut self, token: Option<&str>, has_more: Option<bool>, what: &str) -> Result<Next> {
        let Some(token) = token.filter(|token| !token.is_empty()) else {
            return match has_more {
                Some(true) => Err(Error::Protocol {
                    reason: format!("has_more is true but the page has no {what}"),
                }),
                _ => Ok(Next::Stop),
            };
        };
        if self.empty_run > 0 {
            self.check_empty_run()?;
        }
        if !self.remember(token) {
            return Err(Error::LoopDetected {
                repeated: token.to_owned(),
            });
        }
        Ok(Next::Continue(Position::Cursor(token.to_owned())))
    }

    /// Adds a token to the loop guard; `false` when it was there already.
    fn remember(&mut self, token: &str) -> bool {
        if !self.seen.insert(token.to_owned()) {
            return false;
        }
        self.inserted = Some(token.to_owned());
        true
    }

    fn check_empty_run(&self) -> Result<()> {
        if self.empty_run > self.config.max_empty_pages {
            return Err(Error::NoProgress {
                reason: format!(
                    "{} empty pages in a row while the API says there is more",
                    self.empty_run
                ),
            });
        }
        Ok(())
    }

    /// Count-based end for strategies without `has_more`: the `total` test when the API gives a total,
    /// otherwise a page shorter than the page size asked for.
    fn ends_by_count(&self, received: u64, total_reached: impl Fn(u64) -> bool) -> bool {
        if let Some(total) = self.total.filter(|_| self.spec.declares_total()) {
            if total_reached(total) {
                return true;
            }
        }
        self.config.page_size.is_some_and(|size| received < size)
    }

    /// At a natural end, items the API announced but did not serve are an error, not a silent loss.
    fn check_complete(&self) -> Result<()> {
        match self.total {
            Some(total)
                if self.config.detect_truncation && self.spec.declares_total() && self.received < total =>
            {
                Err(Error::Truncated {
                    received: self.received,
                    total,
                })
            }
            _ => Ok(()),
        }
    }

    fn resolve(&self, next: &str) -> Result<String> {
        let Some(current) = &self.current_url else {
            return Ok(next.to_owned());
        };
        let url = current.join(next).map_err(|error| {
            Error::InvalidRequest(format!("next page URL `{next}` is not a URL: {error}"))
        })?;
        let same_origin = self
            .origin
            .as_ref()
            .is_none_or(|origin| origin.origin() == url.origin());
        if !same_origin && self.config.cross_origin == CrossOrigin::Refuse {
            return Err(Error::CrossOrigin { url: url.into() });
        }
        Ok(url.into())
    }
}
