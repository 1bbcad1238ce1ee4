//! Pages as the page-level iterators yield them, and the [`Driver`] shared by the async and blocking
//! engines: it asks the state machine what to fetch, decides about retries, restarts and resumes, and
//! keeps an error found while reading a page for after that page's items.

use std::time::{Duration, Instant};

use url::Url;

use crate::checkpoint::Checkpoint;
use crate::dedupe::Dedupe;
use crate::envelope::{PageParts, Signals};
use crate::error::{Error, Result};
use crate::options::{InvalidCursor, Options, Progress, ProgressFn};
use crate::request::PageRequest;
use crate::retry::{jitter, RetryPolicy};
use crate::spec::Spec;
use crate::walk::{Walk, WalkConfig};

/// How many times an invalid cursor may restart a walk before the rejection is final.
const MAX_RESTARTS: u32 = 3;

/// One page of a walk, with the request that fetched it.
///
/// ```
/// use paginate_core::{Page, PageRequest, Position, Signals};
/// let page = Page {
///     items: vec![1, 2, 3],
///     number: 1,
///     request: PageRequest::new(Position::First, Some(3)),
///     total: Some(10),
///     signals: Signals::default(),
/// };
/// assert_eq!(page.items.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of the page that the walk yields (cut short only by `max_items`, or by a resumed
    /// checkpoint's skip).
    pub items: Vec<T>,
    /// 1 for the first page of the walk, then 2, 3, …
    pub number: u64,
    /// The request that fetched this page.
    pub request: PageRequest,
    /// The latest total the API reported, if it reports one.
    pub total: Option<u64>,
    /// What the page said about the next one.
    pub signals: Signals,
}

pub(crate) struct Driver {
    spec: Spec,
    config: WalkConfig,
    base_url: Option<Url>,
    walk: Option<Walk>,
    pending: Option<Error>,
    /// An error was reported: the walk is over, but its checkpoint stays readable.
    failed: bool,
    retry: RetryPolicy,
    invalid_cursor: InvalidCursor,
    attempt: u32,
    first_failure: Option<Instant>,
    restarts: u32,
    /// Items to drop from the next page (a resumed checkpoint's position inside its page).
    skip: u64,
    /// Items dropped from the last page, for checkpoints inside it.
    skipped: u64,
    progress: Option<ProgressFn>,
}

impl Driver {
    pub(crate) fn new(spec: Spec, options: &Options, base_url: Option<Url>, size_hint: Option<u64>) -> Self {
        let mut config = options.walk.clone();
        if let (Some(size), Some(max)) = (config.page_size, spec.max_page_size_value()) {
            if size > max {
                tracing::warn!(
                    requested = size,
                    max,
                    "page size above the API's maximum, clamped"
                );
            }
        }
        if config.page_size.is_none() {
            // The size already in the user's request is what the API will serve: the short-page rule
            // needs it.
            config.page_size = size_hint.filter(|&size| size > 0);
        }
        let skip = options.resume.as_ref().map_or(0, Checkpoint::skip);
        let walk = match &options.resume {
            Some(checkpoint) => Walk::resume(spec, config.clone(), checkpoint.clone()),
            None => Walk::new(spec, config.clone()),
        };
        let mut driver = Driver {
            spec,
            config,
            base_url,
            walk: None,
            pending: None,
            failed: false,
            retry: options.retry,
            invalid_cursor: options.invalid_cursor,
            attempt: 0,
            first_failure: None,
            restarts: 0,
            skip,
            skipped: 0,
            progress: options.progress.clone(),
        };
        match walk {
            Ok(walk) => driver.walk = Some(driver.with_base(walk)),
            Err(error) => driver.pending = Some(error),
        }
        driver
    }

    fn with_base(&self, walk: Walk) -> Walk {
        match &self.base_url {
            Some(url) => walk.with_base_url(url.clone()),
            None => walk,
        }
    }

    /// The next request, or the error to report, or `None` when the walk is over.
    pub(crate) fn next_request(&mut self) -> Option<Result<PageRequest>> {
        if let Some(error) = self.pending.take() {
            self.failed = true;
            return Some(Err(error));
        }
        if self.failed {
            return None;
        }
        self.walk.as_ref()?.next_request().cloned().map(Ok)
    }

    /// The next request without consuming a pending error (for prefetching).
    pub(crate) fn peek_request(&self) -> Option<&PageRequest> {
        if self.pending.is_some() || self.failed {
            return None;
        }
        self.walk.as_ref()?.next_request()
    }

    /// The request after `request`, if the walk can already tell (see [`Walk::predict`]).
    pub(crate) fn predict(&self, request: &PageRequest) -> Option<PageRequest> {
        self.walk.as_ref()?.predict(request)
    }

    /// A fetch failed: `Some(delay)` to try again after `delay` (the same page, or the first page after
    /// a restart), `None` when the failure is final (reported by the next `next_request`).
    pub(crate) fn on_failure(&mut self, error: Error) -> Option<Duration> {
        if matches!(error, Error::CursorRejected { .. })
            && self.invalid_cursor == InvalidCursor::Restart
            && self.restarts < MAX_RESTARTS
        {
            self.restarts += 1;
            self.attempt = 0;
            self.first_failure = None;
            self.skip = 0;
            match Walk::new(self.spec, self.config.clone()) {
                Ok(walk) => self.walk = Some(self.with_base(walk)),
                Err(error) => self.pending = Some(error),
            }
            return Some(Duration::ZERO);
        }
        self.attempt += 1;
        let first_failure = *self.first_failure.get_or_insert_with(Instant::now);
        match self
            .retry
            .delay(&error, self.attempt, first_failure.elapsed(), jitter())
        {
            Some(delay) => {
                tracing::debug!(attempt = self.attempt, ?delay, %error, "retrying page");
                Some(delay)
            }
            None => {
                self.pending = Some(if self.attempt > 1 {
                    // Reported when the consumer asks for the next page, so every item before it
                    // was consumed: the checkpoint is at the failed page.
                    Error::RetriesExhausted {
                        attempts: self.attempt,
                        last: Box::new(error),
                        checkpoint: Box::new(self.checkpoint(None)),
                    }
                } else {
                    error
                });
                None
            }
        }
    }

    /// Accepts the page fetched for `request`.
    pub(crate) fn accept<T>(&mut self, request: PageRequest, parts: PageParts<T>) -> Page<T> {
        self.attempt = 0;
        self.first_failure = None;
        let walk = self.walk.as_mut().expect("accept follows next_request");
        let PageParts { mut items, signals } = parts;
        match walk.on_page(&signals, items.len()) {
            Ok(take) => items.truncate(take),
            Err(error) => self.pending = Some(error),
        }
        self.skipped = self.skip.min(items.len() as u64);
        items.drain(..self.skipped as usize);
        self.skip = 0;
        if let Some(report) = &self.progress {
            report(&Progress {
                pages: walk.pages(),
                items: walk.items_yielded(),
                total: walk.total(),
                ..Progress::default()
            });
        }
        Page {
            items,
            number: walk.pages(),
            request,
            total: walk.total(),
            signals,
        }
    }

    /// Where the walk stands after `consumed` items of the last page's yielded items (`None`: all).
    pub(crate) fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        let Some(walk) = &self.walk else {
            return Checkpoint::default();
        };
        let mut checkpoint = walk.checkpoint(consumed.map(|consumed| consumed + self.skipped));
        if consumed.is_none() && self.skip > 0 {
            // Resumed, and the checkpoint's page not fetched yet: its position inside that page holds.
            checkpoint.skip = self.skip;
        }
        checkpoint
    }
}

/// The checkpoint of a walk: from its driver once started, else where it will start.
pub(crate) fn checkpoint_of(
    driver: Option<&Driver>,
    spec: Spec,
    options: &Options,
    consumed: Option<u64>,
) -> Checkpoint {
    match (driver, &options.resume) {
        (Some(driver), _) => driver.checkpoint(consumed),
        (None, Some(checkpoint)) => checkpoint.clone(),
        (None, None) => Walk::new(spec, options.walk.clone())
            .map_or_else(|_| Checkpoint::default(), |walk| walk.checkpoint(None)),
    }
}

/// The items of the current page, handed out one by one (through the de-duplication filter), with
/// the count consumed for checkpoints.
pub(crate) struct ItemCursor<T> {
    items: std::vec::IntoIter<T>,
    consumed: Option<u64>,
    pub(crate) dedupe: Option<Box<dyn Dedupe<T>>>,
}

impl<T> Default for ItemCursor<T> {
    fn default() -> Self {
        ItemCursor {
            items: Vec::new().into_iter(),
            consumed: None,
            dedupe: None,
        }
    }
}

impl<T> ItemCursor<T> {
    pub(crate) fn dedupe_by<K, F>(&mut self, key: F, window: Option<usize>)
    where
        F: FnMut(&T) -> K + Send + 'static,
        K: std::hash::Hash + Eq + Clone + Send + 'static,
    {
        self.dedupe = Some(Box::new(crate::dedupe::KeyDedupe::new(key, window)));
    }

    pub(crate) fn load(&mut self, page: Page<T>) {
        self.items = page.items.into_iter();
        self.consumed = Some(0);
    }

    pub(crate) fn next(&mut self) -> Option<T> {
        loop {
            let item = self.items.next()?;
            *self.consumed.get_or_insert(0) += 1;
            let admitted = match &mut self.dedupe {
                Some(dedupe) => dedupe.admit(&item),
                None => true,
            };
            if admitted {
                return Some(item);
            }
        }
    }

    /// Items of the current page consumed so far (`None` before the first page).
    pub(crate) fn consumed(&self) -> Option<u64> {
        self.consumed
    }
}
