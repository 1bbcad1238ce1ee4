//! The settings every walk kind takes, written once. Each walk type that holds `Options` (and a
//! de-duplication slot) gets these methods; settings only async walks honour are written on the async
//! types themselves.

/// The shared builder methods of a walk type, given the path to its `Options` and to its
/// `Option<Box<dyn Dedupe<P::Item>>>`.
macro_rules! shared_options {
    ($($options:ident).+ ; $($dedupe:ident).+) => {
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
        /// End with [`ErrorKind::Stalled`](crate::ErrorKind::Stalled) after more than `max` pages in
        /// a row without a new item: empty pages (a filtered scan may serve many), and pages accepted
        /// by [`allow_repeated_pages`](Self::allow_repeated_pages). Default 1,000;
        /// `u32::MAX` lifts it. A repeated position is a loop either way.
        pub fn max_stalled_pages(mut self, max: u32) -> Self {
            self.$($options).+.walk.max_stalled_pages = (max != u32::MAX).then_some(max);
            self
        }
        /// Accept pages whose items are the same as an earlier page's: for APIs that honestly serve
        /// identical pages (events without an id). By default such a page ends the walk with
        /// [`ErrorKind::RepeatedPage`](crate::ErrorKind::RepeatedPage) before any of its items is
        /// yielded. Accepted repeats still count toward [`max_stalled_pages`](Self::max_stalled_pages).
        pub fn allow_repeated_pages(mut self, allow: bool) -> Self {
            self.$($options).+.walk.allow_repeated_pages = allow;
            self
        }
        /// Treats `origin` (`https://eu.api.example.com`) as the walk's own: next URLs, `Link`s and
        /// resumed positions there are followed with the whole request, credentials and body
        /// included. Text that is not an http(s) origin makes the walk end with
        /// [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest) before any request.
        pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
            self.$($options).+.walk.allowed_origins.push(origin.into());
            self
        }
        /// Policy for pages on another origin: next URLs, `Link`s, redirects and resumed positions
        /// (default: refuse).
        pub fn cross_origin(mut self, policy: $crate::CrossOrigin) -> Self {
            self.$($options).+.walk.cross_origin = policy;
            self
        }
        /// Whether ending before the API's `total` is [`ErrorKind::Truncated`](crate::ErrorKind::Truncated)
        /// and more records than the cap is [`ErrorKind::CapExceeded`](crate::ErrorKind::CapExceeded)
        /// (default true). When false, the walk yields what it can reach and logs a warning.
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
        /// Retry policy and deadlines (default: [`RetryPolicy::default`](crate::RetryPolicy));
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
        /// The clock and sleeps of the walk (default [`DefaultTimer`](crate::DefaultTimer)).
        pub fn timer(mut self, timer: impl $crate::Timer) -> Self {
            self.$($options).+.timer = std::sync::Arc::new(timer);
            self
        }
        /// What to do when the API rejects a cursor (default [`InvalidCursor::Fail`](crate::InvalidCursor)).
        pub fn on_invalid_cursor(mut self, policy: $crate::InvalidCursor) -> Self {
            self.$($options).+.invalid_cursor = policy;
            self
        }
        /// How to recognise a rejected cursor from a non-success status and the start of the body
        /// (from any transport; a closure reports one with [`Error::status`](crate::Error::status)).
        /// The default is a `400`, `404`, `410` or `422` whose body mentions "cursor", answering a
        /// request that carried a cursor, next URL or key.
        pub fn cursor_rejected_when(
            mut self,
            predicate: impl Fn(u16, &str) -> bool + Send + Sync + 'static,
        ) -> Self {
            self.$($options).+.cursor_rejected = std::sync::Arc::new(predicate);
            self
        }
        /// Continues a walk from a [`Checkpoint`](crate::Checkpoint): yields exactly the items not yet
        /// yielded when it was taken. A checkpoint of another walk is refused with
        /// [`ErrorKind::InvalidCheckpoint`](crate::ErrorKind::InvalidCheckpoint).
        pub fn resume(mut self, checkpoint: $crate::Checkpoint) -> Self {
            self.$($options).+.resume = Some(checkpoint);
            self
        }
        /// Signs every checkpoint this walk takes with `key`, and refuses to resume from a checkpoint
        /// without a valid signature: for checkpoints that leave the process.
        pub fn sign_checkpoints(mut self, key: $crate::CheckpointKey) -> Self {
            self.$($options).+.key = Some(key);
            self
        }
        /// Skips items whose `key` was already yielded in this walk, for data that changes while it is
        /// walked (an item moving to a later page) and for
        /// [`InvalidCursor::Restart`](crate::InvalidCursor). Applies to pages too. Remembers every key:
        /// memory grows with the number of distinct items (`dedupe_by_bounded` caps it).
        pub fn dedupe_by<K, F>(mut self, key: F) -> Self
        where
            F: FnMut(&T) -> K + Send + 'static,
            K: std::hash::Hash + Eq + Clone + Send + 'static,
        {
            self.$($dedupe).+ = Some(Box::new($crate::engine::dedupe::KeyDedupe::new(key, None)));
            self
        }
        /// Like `dedupe_by`, remembering only the last `window` keys: constant memory, and duplicates
        /// further apart than `window` items pass through.
        pub fn dedupe_by_bounded<K, F>(mut self, key: F, window: usize) -> Self
        where
            F: FnMut(&T) -> K + Send + 'static,
            K: std::hash::Hash + Eq + Clone + Send + 'static,
        {
            self.$($dedupe).+ = Some(Box::new($crate::engine::dedupe::KeyDedupe::new(key, Some(window))));
            self
        }
    };
}
pub(crate) use shared_options;

/// The settings only async walks honour.
#[cfg(feature = "async")]
macro_rules! async_options {
    ($($options:ident).+) => {
        /// Fetches up to `pages` pages at once, for offset and page envelopes once the first page gave
        /// the `total` (with the page size asked for, or else the first page's size); items still come
        /// in order, and rate limits, retries and stop rules hold. Cursor, next URL and keyset walks
        /// cannot know a page's position before the previous page arrives: for them only prefetch
        /// overlaps. Default 1.
        pub fn concurrency(mut self, pages: usize) -> Self {
            self.$($options).+.concurrency = pages.max(1);
            self
        }
        /// Whether the walk requests the next page as soon as it is known, while the consumer works on
        /// the current one (default true). Inside a tokio runtime a fetch that is still waiting when a
        /// page is handed out (a connection to open, a slow answer) runs on as a task of its own,
        /// ended with the walk, when the consumer works on its pages: on the first page, and whenever
        /// the consumer took at least a sixteenth of the last fetch's wait over its last page. A
        /// consumer that comes straight back polls the fetch itself, which is faster than a task. Under
        /// other executors a waiting fetch progresses whenever the walk is polled.
        pub fn prefetch(mut self, prefetch: bool) -> Self {
            self.$($options).+.prefetch = prefetch;
            self
        }
    };
}
#[cfg(feature = "async")]
pub(crate) use async_options;
