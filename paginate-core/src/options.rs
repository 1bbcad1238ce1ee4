//! Builder settings shared by the async and blocking paginators.

use std::sync::Arc;

use crate::checkpoint::Checkpoint;
use crate::pacing::Pacer;
use crate::retry::RetryPolicy;
use crate::source::FetchOptions;
use crate::walk::WalkConfig;

/// What to do when the API rejects a cursor as invalid or expired ([`Error::CursorRejected`]).
///
/// [`Error::CursorRejected`]: crate::Error::CursorRejected
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvalidCursor {
    /// End the walk with the error (default).
    #[default]
    Fail,
    /// Start again from the first page, at most 3 times. Item walks then need
    /// [`dedupe_by`](crate::Paginator::dedupe_by) so that items already yielded are not yielded again.
    Restart,
}

#[derive(Clone)]
pub(crate) struct Options {
    pub(crate) walk: WalkConfig,
    pub(crate) fetch: FetchOptions,
    pub(crate) retry: RetryPolicy,
    pub(crate) pacer: Option<Pacer>,
    pub(crate) invalid_cursor: InvalidCursor,
    pub(crate) resume: Option<Checkpoint>,
    pub(crate) progress: Option<ProgressFn>,
    /// Pages fetched at once when the walk can predict them (async walks).
    pub(crate) concurrency: usize,
    /// Fetch the next page while the consumer works on the current one (async walks).
    pub(crate) prefetch: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            walk: WalkConfig::default(),
            fetch: FetchOptions::default(),
            retry: RetryPolicy::default(),
            pacer: None,
            invalid_cursor: InvalidCursor::default(),
            resume: None,
            progress: None,
            concurrency: 1,
            prefetch: true,
        }
    }
}

/// A progress callback.
pub(crate) type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// How far a walk has come, reported after every page by
/// [`on_progress`](crate::Paginator::on_progress).
///
/// ```
/// use paginate_core::Progress;
/// let progress = Progress { pages: 3, items: 150, total: Some(1_000), windows_done: 0, windows: 0 };
/// assert_eq!(progress.fraction(), Some(0.15));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Pages fetched.
    pub pages: u64,
    /// Items yielded (before de-duplication).
    pub items: u64,
    /// Items the API says match, when it says.
    pub total: Option<u64>,
    /// Windows finished, in a window-split walk.
    pub windows_done: u64,
    /// Windows known so far, in a window-split walk (grows as capped windows are split).
    pub windows: u64,
}

impl Progress {
    /// Items yielded as a fraction of `total`, when known.
    pub fn fraction(&self) -> Option<f64> {
        self.total
            .filter(|&total| total > 0)
            .map(|total| (self.items as f64 / total as f64).min(1.0))
    }
}

/// The builder methods of a paginator type, given the path to its `Options` field.
macro_rules! builder_methods {
    ($($options:ident).+) => {
        /// Items to ask for per page; clamped to the envelope's `max_page_size`. Without it the API's
        /// default (or the size already in your request) applies.
        pub fn page_size(mut self, size: u64) -> Self {
            self.$($options).+.walk.page_size = Some(size);
            self
        }
        /// Stop after this many items; always wins over the API's signals.
        pub fn max_items(mut self, max: u64) -> Self {
            self.$($options).+.walk.max_items = Some(max);
            self
        }
        /// Stop after this many pages (a runaway guard); always wins over the API's signals.
        pub fn max_pages(mut self, max: u64) -> Self {
            self.$($options).+.walk.max_pages = Some(max);
            self
        }
        /// Consecutive empty pages tolerated while the API says there is more (default 3).
        pub fn max_empty_pages(mut self, max: u32) -> Self {
            self.$($options).+.walk.max_empty_pages = max;
            self
        }
        /// Policy for a next URL or `Link` on another origin (default: refuse).
        pub fn cross_origin(mut self, policy: $crate::CrossOrigin) -> Self {
            self.$($options).+.walk.cross_origin = policy;
            self
        }
        /// Whether ending before the API's `total` is an [`Error::Truncated`](crate::Error::Truncated)
        /// (default true).
        pub fn detect_truncation(mut self, detect: bool) -> Self {
            self.$($options).+.walk.detect_truncation = detect;
            self
        }
        /// The most records one query can reach (overrides the envelope's `cap`).
        pub fn cap(mut self, cap: u64) -> Self {
            self.$($options).+.walk.cap = Some(cap);
            self
        }
        /// Calls `report` after every page with the walk's [`Progress`](crate::Progress).
        pub fn on_progress(mut self, report: impl Fn(&$crate::Progress) + Send + Sync + 'static) -> Self {
            self.$($options).+.progress = Some(std::sync::Arc::new(report));
            self
        }
        /// Fetches up to `pages` pages at once (async walks of offset and page envelopes, once the first
        /// page gave the `total`); items still come in order, and rate limits, retries and stop rules
        /// hold. Default 1.
        pub fn concurrency(mut self, pages: usize) -> Self {
            self.$($options).+.concurrency = pages.max(1);
            self
        }
        /// Whether an async walk requests the next page as soon as it is known, while the consumer
        /// works on the current one (default true). Blocking walks never prefetch.
        pub fn prefetch(mut self, prefetch: bool) -> Self {
            self.$($options).+.prefetch = prefetch;
            self
        }
        /// Cap on one response body, in bytes (default 32 MiB).
        pub fn max_body_bytes(mut self, max: u64) -> Self {
            self.$($options).+.fetch.max_body_bytes = max;
            self
        }
        /// Retry policy for transient failures (default: [`RetryPolicy::default`](crate::RetryPolicy));
        /// [`RetryPolicy::disabled`](crate::RetryPolicy::disabled) turns retries off.
        pub fn retry(mut self, policy: $crate::RetryPolicy) -> Self {
            self.$($options).+.retry = policy;
            self
        }
        /// Spaces requests with `pacer`; clones of one pacer pace several walks together.
        pub fn pacer(mut self, pacer: $crate::Pacer) -> Self {
            self.$($options).+.pacer = Some(pacer);
            self
        }
        /// At least `interval` between two requests of this walk.
        pub fn min_interval(self, interval: std::time::Duration) -> Self {
            self.pacer($crate::Pacer::new(interval))
        }
        /// What to do when the API rejects a cursor (default [`InvalidCursor::Fail`](crate::InvalidCursor)).
        pub fn on_invalid_cursor(mut self, policy: $crate::InvalidCursor) -> Self {
            self.$($options).+.invalid_cursor = policy;
            self
        }
        /// How to recognise a rejected cursor from a non-success status and the start of the body.
        /// The default is a `400`, `404`, `410` or `422` whose body mentions "cursor", answering a
        /// request that carried a cursor, next URL or key.
        pub fn cursor_rejected_when(mut self, predicate: impl Fn(u16, &str) -> bool + Send + Sync + 'static) -> Self {
            self.$($options).+.fetch.cursor_rejected = std::sync::Arc::new(predicate);
            self
        }
        /// Continues a walk from a [`Checkpoint`](crate::Checkpoint): yields exactly the items not yet
        /// yielded when it was taken.
        pub fn resume(mut self, checkpoint: $crate::Checkpoint) -> Self {
            self.$($options).+.resume = Some(checkpoint);
            self
        }
    };
}
pub(crate) use builder_methods;

/// The de-duplication methods of an item-level paginator with a `cursor: ItemCursor` field.
macro_rules! dedupe_methods {
    () => {
        /// Skips items whose `key` was already yielded in this walk, for data that changes while it is
        /// walked (an item moving to a later page) and for
        /// [`InvalidCursor::Restart`](crate::InvalidCursor). Remembers every key: memory grows with
        /// the number of distinct items (`dedupe_by_bounded` caps it).
        pub fn dedupe_by<K, F>(mut self, key: F) -> Self
        where
            F: FnMut(&P::Item) -> K + Send + 'static,
            K: std::hash::Hash + Eq + Clone + Send + 'static,
        {
            self.cursor.dedupe_by(key, None);
            self
        }

        /// Like `dedupe_by`, remembering only the last `window` keys: constant memory, and duplicates
        /// further apart than `window` items pass through.
        pub fn dedupe_by_bounded<K, F>(mut self, key: F, window: usize) -> Self
        where
            F: FnMut(&P::Item) -> K + Send + 'static,
            K: std::hash::Hash + Eq + Clone + Send + 'static,
        {
            self.cursor.dedupe_by(key, Some(window));
            self
        }
    };
}
pub(crate) use dedupe_methods;
