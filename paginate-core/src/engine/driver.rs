//! The [`Driver`] shared by the async and blocking engines: it asks the state machine what to fetch,
//! decides about retries, restarts, deadlines and resumes, filters duplicates, and keeps an error found
//! while reading a page for after that page's items, with the checkpoint of the last good item.

use std::cell::Cell;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::engine::dedupe::Dedupe;
use crate::engine::options::{CursorRejected, InvalidCursor, Options, Progress, ProgressFn};
use crate::engine::retry::{jitter, GiveUp, RetryPolicy, Verdict};
use crate::engine::timer::Timer;
use crate::error::{Error, ErrorKind, Result, TimeoutScope};
use crate::protocol::checkpoint::{Checkpoint, CheckpointKey};
use crate::protocol::page::{Page, ReceivedPage};
use crate::protocol::request::PageRequest;
use crate::protocol::spec::Spec;
use crate::protocol::walk::{Endpoint, Walk};

/// How many times an invalid cursor may restart a walk before the rejection is final.
const MAX_RESTARTS: u32 = 3;

pub struct Driver<T> {
    walk: Walk,
    /// The checkpoint a walk was asked to resume from and refused: it stays the walk's checkpoint.
    refused: Option<Box<Checkpoint>>,
    pending: Option<Error>,
    finished: bool,
    retry: RetryPolicy,
    invalid_cursor: InvalidCursor,
    cursor_rejected: CursorRejected,
    key: Option<CheckpointKey>,
    timer: Arc<dyn Timer>,
    progress: Option<ProgressFn>,
    attempt: u32,
    /// When the current page started waiting on its transport: read from the clock only once a fetch
    /// has to wait, so an in-memory transport never reads it.
    page_started: Cell<Option<Instant>>,
    restarts: u32,
    /// Items to drop from the next page (a resumed checkpoint's position inside its page).
    skip: u64,
    /// Items dropped that way from the last page, for checkpoints inside it.
    skipped: u64,
    dedupe: Option<Box<dyn Dedupe<T>>>,
    /// Whether pages carry their request and signals (page walks).
    whole_pages: bool,
    /// The deadline of a page's first attempt (computed once: no clock read for it).
    first_attempt_timeout: Duration,
}

impl<T> Driver<T> {
    /// The driver of a walk over `spec` at `endpoint`; `whole_pages`: pages carry their request and
    /// signals (a page walk).
    pub(crate) fn new(
        spec: Spec,
        options: &Options,
        endpoint: Endpoint,
        dedupe: Option<Box<dyn Dedupe<T>>>,
        whole_pages: bool,
    ) -> Self {
        let started = match &options.resume {
            Some(checkpoint) => Walk::resume(
                spec,
                options.walk.clone(),
                endpoint.clone(),
                checkpoint.clone(),
                options.key.as_ref(),
            ),
            None => Walk::start(spec, options.walk.clone(), endpoint.clone()),
        };
        let (walk, pending, refused) = match started {
            Ok(walk) => (walk, None, None),
            // The walk reports the error and ends; its checkpoint stays the one it was given, if any.
            Err(error) => (
                Walk::begin(spec, options.walk.clone(), endpoint),
                Some(error),
                options.resume.clone().map(Box::new),
            ),
        };
        Driver {
            walk,
            refused,
            pending,
            finished: false,
            retry: options.retry,
            invalid_cursor: options.invalid_cursor,
            cursor_rejected: options.cursor_rejected.clone(),
            key: options.key.clone(),
            timer: options.timer.clone(),
            progress: options.progress.clone(),
            attempt: 0,
            page_started: Cell::new(None),
            restarts: 0,
            skip: options.resume.as_ref().map_or(0, Checkpoint::skip),
            skipped: 0,
            dedupe,
            whole_pages,
            first_attempt_timeout: options.retry.attempt_budget(Duration::ZERO),
        }
    }

    /// Whether there is a request to make: `Some(Ok(()))` and [`Driver::request`] is it, the error to
    /// report (with its checkpoint), or `None` when the walk is over.
    pub(crate) fn ready(&mut self) -> Option<Result<()>> {
        if let Some(error) = self.pending.take() {
            self.finished = true;
            return Some(Err(error.with_checkpoint(self.checkpoint(None))));
        }
        if self.finished || self.walk.next_request().is_none() {
            self.finished = true;
            return None;
        }
        Some(Ok(()))
    }

    /// The request to make next (after [`Driver::ready`]).
    pub(crate) fn request(&self) -> Option<&PageRequest> {
        self.walk.next_request()
    }

    /// The time the next attempt may take: an attempt's deadline, within what is left of the page's.
    pub(crate) fn attempt_timeout(&self) -> Duration {
        match self.page_started.get() {
            Some(started) => self
                .retry
                .attempt_budget(self.timer.now().saturating_duration_since(started)),
            None => self.first_attempt_timeout,
        }
    }

    /// Whether the walk knows its next request and no error is pending (for prefetching).
    pub(crate) fn ready_to_prefetch(&self) -> bool {
        self.pending.is_none() && !self.finished && self.walk.next_request().is_some()
    }

    /// The request after `request`, if the walk can already tell (see [`Walk::predict`]).
    pub(crate) fn predict(&self, request: &PageRequest) -> Option<PageRequest> {
        self.walk.predict(request)
    }

    pub(crate) fn timer(&self) -> &Arc<dyn Timer> {
        &self.timer
    }

    /// The deadline of one whole attempt.
    pub(crate) fn attempt_deadline(&self) -> Duration {
        self.retry.attempt_deadline()
    }

    /// A fetch of the current page is about to wait on its transport: its deadline counts from now on,
    /// unless an earlier attempt already started the clock.
    pub(crate) fn page_waiting(&self) {
        if self.page_started.get().is_none() {
            self.page_started.set(Some(self.timer.now()));
        }
    }

    /// The fetch of the walk's next request failed: `Some(delay)` to try again after `delay` (the same
    /// page, or the first page after a restart), `None` when the failure is final (reported by the
    /// next [`Driver::ready`]).
    pub(crate) fn on_failure(&mut self, error: Error) -> Option<Duration> {
        let error = self.recognise_rejected_cursor(error);
        if matches!(error.kind(), ErrorKind::CursorRejected { .. })
            && self.invalid_cursor == InvalidCursor::Restart
            && self.restarts < MAX_RESTARTS
        {
            self.restarts += 1;
            self.attempt = 0;
            self.page_started.set(None);
            self.skip = 0;
            self.walk = self.walk.restarted();
            return Some(Duration::ZERO);
        }
        self.attempt = self.attempt.saturating_add(1);
        self.page_waiting();
        let started = self.page_started.get().unwrap_or_else(|| self.timer.now());
        let elapsed = self.timer.now().saturating_duration_since(started);
        let give_up = match self.retry.verdict(&error, self.attempt, elapsed, jitter()) {
            Verdict::Retry(delay) => {
                tracing::debug!(attempt = self.attempt, ?delay, %error, "retrying page");
                return Some(delay);
            }
            Verdict::GiveUp(give_up) => give_up,
        };
        self.pending = Some(match (give_up, error.kind()) {
            // Attempts that keep timing out until the page's deadline: the page's deadline passed.
            (GiveUp::Budget, ErrorKind::Timeout { url, .. }) => ErrorKind::Timeout {
                url: url.clone(),
                limit: Some(self.retry.page_deadline()),
                scope: TimeoutScope::Page,
            }
            .into(),
            // The API asked for a wait the page's deadline does not leave.
            (
                GiveUp::Budget,
                ErrorKind::Status {
                    status,
                    url,
                    retry_after: Some(retry_after),
                    ..
                },
            ) => ErrorKind::RateLimited {
                status: *status,
                url: url.clone(),
                retry_after: *retry_after,
            }
            .into(),
            (GiveUp::Attempts | GiveUp::Budget, _) if self.attempt > 1 => ErrorKind::RetriesExhausted {
                attempts: self.attempt,
                last: Box::new(error),
            }
            .into(),
            _ => error,
        });
        None
    }

    /// A non-success status answering a request that carried a cursor, next URL or key is a rejected
    /// cursor when the predicate says so, whichever transport reported it.
    fn recognise_rejected_cursor(&self, error: Error) -> Error {
        let issued = self
            .walk
            .next_request()
            .is_some_and(PageRequest::carries_issued_position);
        match error.kind() {
            ErrorKind::Status {
                status, url, body, ..
            } if issued && (self.cursor_rejected)(*status, body) => ErrorKind::CursorRejected {
                status: *status,
                url: url.clone(),
                body: body.clone(),
            }
            .into(),
            _ => error,
        }
    }

    /// Accepts the page fetched for the walk's next request; `None` when the walk refused it (nothing
    /// of it is yielded; the error follows). The page is read where it lies (it is large): its items,
    /// and for a page walk its signals, are taken out of it.
    pub(crate) fn accept(&mut self, received: &mut ReceivedPage<T>) -> Option<Page<T>> {
        self.attempt = 0;
        self.page_started.set(None);
        let outcome = self.walk.on_received(received, self.whole_pages);
        if outcome.refused {
            self.pending = outcome.error;
            return None;
        }
        let mut items = std::mem::take(&mut received.parts.items);
        if self.skip > items.len() as u64 && outcome.error.is_none() {
            self.pending = Some(
                ErrorKind::InvalidCheckpoint {
                    reason: format!(
                        "it skips {} items of a page that now holds {}",
                        self.skip,
                        items.len()
                    ),
                }
                .into(),
            );
            items.clear();
        }
        items.truncate(outcome.take);
        if let Some(error) = outcome.error {
            self.pending = Some(error);
        }
        self.skipped = self.skip.min(items.len() as u64);
        if self.skipped > 0 {
            items.drain(..self.skipped as usize);
        }
        self.skip = 0;
        let kept_at = match &mut self.dedupe {
            Some(dedupe) => dedupe_page(dedupe.as_mut(), &mut items),
            None => None,
        };
        let walk = &self.walk;
        if let Some(report) = &self.progress {
            report(&Progress {
                pages: walk.pages(),
                items: walk.items_yielded(),
                total: walk.total(),
                ..Progress::default()
            });
        }
        // Only a page walk hands out the request and signals.
        let meta = match (self.whole_pages, walk.last_request()) {
            (true, Some(request)) => Some(Box::new((
                request.clone(),
                std::mem::take(&mut received.parts.signals),
            ))),
            _ => None,
        };
        Some(Page {
            items,
            number: walk.pages(),
            total: walk.total(),
            meta,
            kept_at,
        })
    }

    /// Where the walk stands after `consumed` of the last page's items (counted before
    /// de-duplication; `None`: all of them), signed when the walk has a key.
    pub(crate) fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        if let Some(refused) = &self.refused {
            return Checkpoint::clone(refused);
        }
        let mut checkpoint = self
            .walk
            .checkpoint(consumed.map(|consumed| consumed + self.skipped));
        if consumed.is_none() && self.skip > 0 {
            // Resumed, and the checkpoint's page not fetched yet: its position inside that page holds.
            checkpoint.skip = self.skip;
        }
        if let Some(key) = &self.key {
            checkpoint.sign(key);
        }
        checkpoint
    }
}

/// Drops the items whose key was seen before; returns the positions of the kept ones when any was
/// dropped.
fn dedupe_page<T>(dedupe: &mut dyn Dedupe<T>, items: &mut Vec<T>) -> Option<Vec<usize>> {
    let mut kept_at = Vec::new();
    let mut position = 0;
    let mut dropped = false;
    items.retain(|item| {
        let admitted = dedupe.admit(item);
        if admitted {
            kept_at.push(position);
        } else {
            dropped = true;
        }
        position += 1;
        admitted
    });
    dropped.then_some(kept_at)
}
