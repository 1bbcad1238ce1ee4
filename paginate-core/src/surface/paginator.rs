//! The walks users hold: [`Paginator`] item by item and [`Pages`] page by page, one type each for both
//! modes: a `futures::Stream` in [`Async`] mode, an `Iterator` in [`Blocking`] mode. Every setting is
//! a method of [`Paginator`], written once for both modes; the modes differ only in how a page is
//! awaited (`poll_page` and `next_page` below).

use std::ops::Range;
use std::sync::Arc;
use std::time::Duration;

use crate::engine::dedupe::{Dedupe, KeyDedupe};
use crate::engine::driver::Driver;
use crate::engine::mode::sealed::ModeImpl;
use crate::engine::mode::{Async, Blocking, Mode};
use crate::engine::options::{InvalidCursor, Options, Progress};
use crate::engine::pacing::Pacer;
use crate::engine::retry::RetryPolicy;
use crate::engine::timer::Timer;
use crate::engine::windows::{Window, WindowWalk};
use crate::error::{Error, Result};
use crate::protocol::checkpoint::{Checkpoint, CheckpointKey};
use crate::protocol::envelope::Envelope;
use crate::protocol::page::Page;
use crate::protocol::walk::{CrossOrigin, Endpoint};
use crate::surface::item_cursor::ItemCursor;

/// Makes the transport of one window of a window-split walk.
pub(crate) type MakeSource<T, M> = Box<dyn Fn(Window) -> Box<<M as ModeImpl>::Source<T>> + Send + Sync>;

/// What a walk goes over: one request, or the windows of a time range (over reqwest).
#[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
pub(crate) enum Plan<T: 'static, M: Mode> {
    Single(Box<M::Source<T>>),
    Windows {
        range: Range<i64>,
        make: MakeSource<T, M>,
    },
}

/// Where a walk is.
enum State<T: 'static, M: Mode> {
    /// Not started (nothing is requested before the first page is asked for).
    Ready(Plan<T, M>),
    /// Walking one request (its engine is large: it lives on the heap, the walk stays small to move).
    Single(Box<M::Engine<T>>),
    /// Walking a range window by window.
    Windows(Box<WindowRun<T, M>>),
    /// A window-split walk that ended with an error, and the checkpoint it ended at.
    Failed(Box<Checkpoint>),
}

/// A window-split walk under way: the window walk, how to reach a window, and the current window's
/// engine.
struct WindowRun<T: 'static, M: Mode> {
    walk: WindowWalk<T>,
    make: MakeSource<T, M>,
    current: Option<M::Engine<T>>,
}

/// A walk over every item of a paginated endpoint: a `Stream<Item = Result<T>>` in [`Async`] mode (the
/// default), an `Iterator<Item = Result<T>>` in [`Blocking`] mode. Every setting below works in both.
///
/// Configure it with the builder methods, then poll or iterate it (or call [`Paginator::pages`] for
/// whole pages). Nothing is requested before the first item is asked for. An async walk runs under any
/// executor: retries, pacing and deadlines sleep on the walk's [`Timer`].
///
/// ```
/// use futures::TryStreamExt;
/// use paginated_core::{PageParts, PageRequest, Paginate, Signals, Spec, Strategy};
///
/// struct Numbers { data: Vec<u64> }
/// impl Paginate for Numbers {
///     type Item = u64;
///     const SPEC: Spec = Spec::new(Strategy::Offset);
///     fn into_parts(self) -> PageParts<u64> { PageParts::new(self.data, Signals::default()) }
/// }
/// let page = |request: &PageRequest| {
///     let (offset, size) = (request.offset().unwrap(), request.page_size().unwrap());
///     Numbers { data: (offset..(offset + size).min(25)).collect() }
/// };
///
/// // Async: a stream.
/// let all: Vec<u64> = futures::executor::block_on(
///     Numbers::from_fn(move |request: PageRequest| async move { Ok::<_, std::io::Error>(page(&request)) })
///         .page_size(10)
///         .max_items(22)
///         .try_collect(),
/// )?;
/// assert_eq!(all, (0..22).collect::<Vec<_>>());
///
/// // Blocking: an iterator, the same settings.
/// let mut numbers = Numbers::from_fn_blocking(move |request: PageRequest| Ok::<_, std::io::Error>(page(&request)))
///     .page_size(10)
///     .max_items(22);
/// for number in numbers.by_ref() {
///     assert!(number? < 22);
/// }
/// assert_eq!(numbers.checkpoint().items_yielded(), 22);
/// # Ok::<_, paginated_core::Error>(())
/// ```
#[must_use = "a walk does nothing until it is polled or iterated"]
pub struct Paginator<T: 'static, M: Mode = Async> {
    pages: Pages<T, M>,
    cursor: ItemCursor<T>,
}

/// A walk page by page, from [`Paginator::pages`]: a `Stream<Item = Result<Page<T>>>` in [`Async`]
/// mode, an `Iterator` in [`Blocking`] mode. Configure the walk on the [`Paginator`] before turning it
/// into pages.
#[must_use = "a walk does nothing until it is polled or iterated"]
pub struct Pages<T: 'static, M: Mode = Async> {
    envelope: Envelope,
    options: Options,
    dedupe: Option<Box<dyn Dedupe<T>>>,
    /// Whether pages carry their request and signals (a page walk), or only their items.
    whole_pages: bool,
    state: State<T, M>,
}

impl<T: 'static, M: Mode> Paginator<T, M> {
    pub(crate) fn new(envelope: Envelope, plan: Plan<T, M>) -> Self {
        Paginator {
            pages: Pages {
                envelope,
                options: Options::default(),
                dedupe: None,
                whole_pages: false,
                state: State::Ready(plan),
            },
            cursor: ItemCursor::default(),
        }
    }

    /// Items to ask for per page; clamped to the envelope's `max_page_size`. Without it, the size
    /// already in the request (`?limit=25`), else the API's default.
    pub fn page_size(mut self, size: u64) -> Self {
        self.pages.options.walk.page_size = Some(size);
        self
    }

    /// Stop after this many items; always wins over the API's signals.
    pub fn max_items(mut self, max: u64) -> Self {
        self.pages.options.walk.max_items = Some(max);
        self
    }

    /// Stop after this many pages (a runaway guard); always wins over the API's signals.
    pub fn max_pages(mut self, max: u64) -> Self {
        self.pages.options.walk.max_pages = Some(max);
        self
    }

    /// End with [`ErrorKind::Stalled`](crate::ErrorKind::Stalled) after more than `max` pages in a row
    /// without a new item: empty pages (a filtered scan may serve many), and pages accepted by
    /// [`allow_repeated_pages`](Self::allow_repeated_pages). Default 1,000; `u32::MAX` lifts it. A
    /// repeated position is a loop either way.
    pub fn max_stalled_pages(mut self, max: u32) -> Self {
        self.pages.options.walk.max_stalled_pages = (max != u32::MAX).then_some(max);
        self
    }

    /// Accept pages whose items are the same as an earlier page's: for APIs that honestly serve
    /// identical pages (events without an id). By default such a page ends the walk with
    /// [`ErrorKind::RepeatedPage`](crate::ErrorKind::RepeatedPage) before any of its items is yielded.
    /// Accepted repeats still count toward [`max_stalled_pages`](Self::max_stalled_pages).
    pub fn allow_repeated_pages(mut self, allow: bool) -> Self {
        self.pages.options.walk.allow_repeated_pages = allow;
        self
    }

    /// Treats `origin` (`https://eu.api.example.com`) as the walk's own: next URLs, `Link`s and
    /// resumed positions there are followed with the whole request, credentials and body included.
    /// Text that is not an http(s) origin ends the walk with
    /// [`ErrorKind::InvalidRequest`](crate::ErrorKind::InvalidRequest) before any request.
    pub fn allow_origin(mut self, origin: impl Into<String>) -> Self {
        self.pages.options.walk.allowed_origins.push(origin.into());
        self
    }

    /// Policy for pages on other origins than the walk's and the allowed ones: next URLs, `Link`s,
    /// redirects and resumed positions (default: refuse).
    pub fn cross_origin(mut self, policy: CrossOrigin) -> Self {
        self.pages.options.walk.cross_origin = policy;
        self
    }

    /// Whether ending before the API's `total` is [`ErrorKind::Truncated`](crate::ErrorKind::Truncated)
    /// and more records than the cap is [`ErrorKind::CapExceeded`](crate::ErrorKind::CapExceeded)
    /// (default true). When false, the walk yields what it can reach and logs a warning.
    pub fn detect_truncation(mut self, detect: bool) -> Self {
        self.pages.options.walk.detect_truncation = detect;
        self
    }

    /// The most records one query can reach (overrides the envelope's `cap`).
    pub fn cap(mut self, cap: u64) -> Self {
        self.pages.options.walk.cap = Some(cap);
        self
    }

    /// Calls `report` after every page with the walk's [`Progress`].
    pub fn on_progress(mut self, report: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.pages.options.progress = Some(Arc::new(report));
        self
    }

    /// Retry policy and deadlines (default: [`RetryPolicy::default`]); [`RetryPolicy::disabled`] turns
    /// retries off.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.pages.options.retry = policy;
        self
    }

    /// Spaces requests with `pacer`; clones of one pacer pace several walks together.
    pub fn pacer(mut self, pacer: Pacer) -> Self {
        self.pages.options.pacer = Some(pacer);
        self
    }

    /// At least `interval` between two requests of this walk.
    pub fn min_interval(self, interval: Duration) -> Self {
        self.pacer(Pacer::new(interval))
    }

    /// The clock and sleeps of the walk (default [`DefaultTimer`](crate::DefaultTimer)).
    pub fn timer(mut self, timer: impl Timer) -> Self {
        self.pages.options.timer = Arc::new(timer);
        self
    }

    /// What to do when the API rejects a cursor (default [`InvalidCursor::Fail`]).
    pub fn on_invalid_cursor(mut self, policy: InvalidCursor) -> Self {
        self.pages.options.invalid_cursor = policy;
        self
    }

    /// How to recognise a rejected cursor from a non-success status and the start of the body (from
    /// any transport; a closure reports one with [`Error::status`]). The default is a `400`, `404`,
    /// `410` or `422` whose body mentions "cursor", answering a request that carried a cursor, next URL
    /// or key.
    pub fn cursor_rejected_when(
        mut self,
        predicate: impl Fn(u16, &str) -> bool + Send + Sync + 'static,
    ) -> Self {
        self.pages.options.cursor_rejected = Arc::new(predicate);
        self
    }

    /// Continues a walk from a [`Checkpoint`]: yields exactly the items not yet yielded when it was
    /// taken. A checkpoint of another walk is refused with
    /// [`ErrorKind::InvalidCheckpoint`](crate::ErrorKind::InvalidCheckpoint).
    pub fn resume(mut self, checkpoint: Checkpoint) -> Self {
        self.pages.options.resume = Some(checkpoint);
        self
    }

    /// Signs every checkpoint this walk takes with `key`, and refuses to resume from a checkpoint
    /// without a valid signature: for checkpoints that leave the process.
    pub fn sign_checkpoints(mut self, key: CheckpointKey) -> Self {
        self.pages.options.key = Some(key);
        self
    }

    /// Skips items whose `key` was already yielded in this walk, for data that changes while it is
    /// walked (an item moving to a later page) and for [`InvalidCursor::Restart`]. Applies to pages
    /// too. Remembers every key: memory grows with the number of distinct items
    /// ([`dedupe_by_bounded`](Self::dedupe_by_bounded) caps it).
    pub fn dedupe_by<K, F>(mut self, key: F) -> Self
    where
        F: FnMut(&T) -> K + Send + 'static,
        K: std::hash::Hash + Eq + Clone + Send + 'static,
    {
        self.pages.dedupe = Some(Box::new(KeyDedupe::new(key, None)));
        self
    }

    /// Like [`dedupe_by`](Self::dedupe_by), remembering only the last `window` keys: constant memory,
    /// and duplicates further apart than `window` items pass through.
    pub fn dedupe_by_bounded<K, F>(mut self, key: F, window: usize) -> Self
    where
        F: FnMut(&T) -> K + Send + 'static,
        K: std::hash::Hash + Eq + Clone + Send + 'static,
    {
        self.pages.dedupe = Some(Box::new(KeyDedupe::new(key, Some(window))));
        self
    }

    /// Walks page by page instead of item by item; every setting applies, de-duplication included.
    pub fn pages(self) -> Pages<T, M> {
        Pages {
            whole_pages: true,
            ..self.pages
        }
    }

    /// Where the walk stands after the last item yielded (also after an error: the last good item).
    /// Resume with [`Paginator::resume`].
    pub fn checkpoint(&self) -> Checkpoint {
        self.pages.checkpoint_at(self.cursor.consumed())
    }
}

impl<T: 'static> Paginator<T, Async> {
    /// Fetches up to `pages` pages at once, for offset and page envelopes once the first page gave the
    /// `total` (with the page size asked for, or else the first page's size); items still come in
    /// order, and rate limits, retries and stop rules hold. Cursor, next URL and keyset walks cannot
    /// know a page's position before the previous page arrives: for them only prefetch overlaps.
    /// Default 1.
    pub fn concurrency(mut self, pages: usize) -> Self {
        self.pages.options.concurrency = pages.max(1);
        self
    }

    /// Whether the walk requests the next page as soon as it is known, while the consumer works on the
    /// current one (default true). Inside a tokio runtime a fetch that is still waiting when a page is
    /// handed out runs on as a task of its own, ended with the walk, when the consumer works on its
    /// pages; a consumer that comes straight back polls the fetch itself. Under other executors a
    /// waiting fetch progresses whenever the walk is polled.
    pub fn prefetch(mut self, prefetch: bool) -> Self {
        self.pages.options.prefetch = prefetch;
        self
    }
}

impl<T: 'static, M: Mode> Pages<T, M> {
    /// Where the walk stands after the last page yielded.
    pub fn checkpoint(&self) -> Checkpoint {
        self.checkpoint_at(None)
    }

    /// Where the walk stands after `consumed` items of its current page (`None`: all of them).
    fn checkpoint_at(&self, consumed: Option<u64>) -> Checkpoint {
        match &self.state {
            State::Ready(Plan::Single(source)) => Driver::<T>::new(
                *self.envelope.spec,
                &self.options,
                self.endpoint(source),
                None,
                false,
            )
            .checkpoint(None),
            State::Ready(Plan::Windows { range, .. }) => self.window_checkpoint_before_start(range),
            State::Single(engine) => M::checkpoint(engine, consumed),
            State::Windows(run) => run
                .walk
                .checkpoint(run.current.as_ref().map(|engine| M::checkpoint(engine, consumed))),
            State::Failed(checkpoint) => Checkpoint::clone(checkpoint),
        }
    }

    /// The checkpoint of a window-split walk that has not started: the one it resumes from, or the
    /// start of its range.
    fn window_checkpoint_before_start(&self, range: &Range<i64>) -> Checkpoint {
        if let Some(checkpoint) = &self.options.resume {
            return checkpoint.clone();
        }
        match self.window_walk(range.clone(), None) {
            Ok(walk) => walk.checkpoint(None),
            // Without a cap there is no window walk: its checkpoint is the start of a plain walk.
            Err(_) => Driver::<T>::new(
                *self.envelope.spec,
                &self.options,
                Endpoint::default(),
                None,
                false,
            )
            .checkpoint(None),
        }
    }

    /// The transport's endpoint, named after the envelope.
    fn endpoint(&self, source: &M::Source<T>) -> Endpoint {
        Endpoint {
            envelope: Some(self.envelope.name()),
            ..M::endpoint(source)
        }
    }

    fn window_walk(&self, range: Range<i64>, dedupe: Option<Box<dyn Dedupe<T>>>) -> Result<WindowWalk<T>> {
        WindowWalk::new(
            range,
            *self.envelope.spec,
            self.envelope.name(),
            &self.options,
            dedupe,
        )
    }

    /// Starts the walk: its engine, or its window walk; the error that prevents it.
    fn start(&mut self) -> Option<Error> {
        let state = std::mem::replace(
            &mut self.state,
            State::Failed(Box::new(Checkpoint::placeholder())),
        );
        let State::Ready(plan) = state else {
            self.state = state;
            return None;
        };
        match plan {
            Plan::Single(source) => {
                let endpoint = self.endpoint(&source);
                let options = &self.options;
                let driver = Driver::new(
                    *self.envelope.spec,
                    options,
                    endpoint,
                    self.dedupe.take(),
                    self.whole_pages,
                );
                self.state = State::Single(Box::new(M::start(source, driver, options)));
                None
            }
            Plan::Windows { range, make } => {
                let before = self.window_checkpoint_before_start(&range);
                let dedupe = self.dedupe.take();
                match self.window_walk(range, dedupe) {
                    Ok(walk) => {
                        let current = None;
                        self.state = State::Windows(Box::new(WindowRun { walk, make, current }));
                        None
                    }
                    Err(error) => {
                        self.state = State::Failed(Box::new(before.clone()));
                        Some(error.with_checkpoint(before))
                    }
                }
            }
        }
    }

    /// The engine of the current window, starting the next window's when none is running; `None` when
    /// the range is walked.
    fn window_engine(&mut self) -> Option<&mut M::Engine<T>> {
        let State::Windows(run) = &mut self.state else {
            return None;
        };
        let WindowRun { walk, make, current } = &mut **run;
        if current.is_none() {
            let (window, options) = walk.next_window()?;
            let source = make(window);
            let endpoint = Endpoint {
                envelope: Some(self.envelope.name()),
                ..M::endpoint(&source)
            };
            let driver = Driver::new(*self.envelope.spec, &options, endpoint, None, self.whole_pages);
            *current = Some(M::start(source, driver, &options));
        }
        current.as_mut()
    }

    /// Hands what the current window's engine gave to the window walk: a page to yield, `None` to go on
    /// with the next window, or the error that ends the walk.
    fn window_step(&mut self, outcome: Option<Result<Page<T>>>) -> Option<Result<Page<T>>> {
        let State::Windows(run) = &mut self.state else {
            return None;
        };
        let WindowRun { walk, current, .. } = &mut **run;
        match walk.step(outcome) {
            Ok(Some(page)) => Some(Ok(page)),
            Ok(None) => {
                *current = None;
                None
            }
            Err(error) => {
                let checkpoint = error
                    .checkpoint()
                    .cloned()
                    .unwrap_or_else(|| walk.checkpoint(None));
                self.state = State::Failed(Box::new(checkpoint));
                Some(Err(error))
            }
        }
    }
}

impl<T: 'static> Pages<T, Blocking> {
    /// The next page, blocking the thread until it arrives.
    fn next_page(&mut self) -> Option<Result<Page<T>>> {
        loop {
            match &mut self.state {
                State::Ready(_) => {
                    if let Some(error) = self.start() {
                        return Some(Err(error));
                    }
                }
                State::Single(engine) => return engine.next_page(),
                State::Windows(_) => {
                    let outcome = self.window_engine()?.next_page();
                    if let Some(page) = self.window_step(outcome) {
                        return Some(page);
                    }
                }
                State::Failed(_) => return None,
            }
        }
    }
}

impl<T: 'static> Iterator for Pages<T, Blocking> {
    type Item = Result<Page<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_page()
    }
}

impl<T: 'static> Iterator for Paginator<T, Blocking> {
    type Item = Result<T>;

    // The item path inlines into the `for` loop; the engine, with its large frame, stays out of line
    // and runs once per page.
    #[inline]
    fn next(&mut self) -> Option<Self::Item> {
        match self.cursor.next() {
            Some(item) => Some(Ok(item)),
            None => self.next_from_next_page(),
        }
    }

    /// Page by page, with a tight loop over each page's items: `for_each`, `sum`, `count` and
    /// collecting into a `Vec` cost no more than iterating the decoded pages by hand.
    fn fold<B, F>(mut self, init: B, mut f: F) -> B
    where
        F: FnMut(B, Self::Item) -> B,
    {
        let mut acc = self.cursor.rest().fold(init, |acc, item| f(acc, Ok(item)));
        while let Some(page) = self.pages.next_page() {
            acc = match page {
                Ok(page) => page.items.into_iter().fold(acc, |acc, item| f(acc, Ok(item))),
                Err(error) => f(acc, Err(error)),
            };
        }
        acc
    }
}

impl<T: 'static> Paginator<T, Blocking> {
    /// Loads pages until one has an item (de-duplication can empty a page), and yields its first.
    #[inline(never)]
    fn next_from_next_page(&mut self) -> Option<Result<T>> {
        loop {
            match self.pages.next_page()? {
                Ok(page) => self.cursor.load(page),
                Err(error) => return Some(Err(error)),
            }
            if let Some(item) = self.cursor.next() {
                return Some(Ok(item));
            }
        }
    }
}

#[cfg(feature = "async")]
mod stream {
    use std::pin::Pin;
    use std::task::{ready, Context, Poll};

    use futures_core::Stream;

    use super::{Pages, Paginator, State};
    use crate::engine::mode::Async;
    use crate::error::Result;
    use crate::protocol::page::Page;

    impl<T: Send + 'static> Pages<T, Async> {
        /// The next page, when it has arrived.
        pub(super) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>>>> {
            loop {
                match &mut self.state {
                    State::Ready(_) => {
                        if let Some(error) = self.start() {
                            return Poll::Ready(Some(Err(error)));
                        }
                    }
                    State::Single(engine) => return engine.poll_page(cx),
                    State::Windows(_) => {
                        let Some(engine) = self.window_engine() else {
                            return Poll::Ready(None);
                        };
                        let outcome = ready!(engine.poll_page(cx));
                        if let Some(page) = self.window_step(outcome) {
                            return Poll::Ready(Some(page));
                        }
                    }
                    State::Failed(_) => return Poll::Ready(None),
                }
            }
        }
    }

    impl<T: Send + 'static> Stream for Pages<T, Async> {
        type Item = Result<Page<T>>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            self.poll_page(cx)
        }
    }

    impl<T: Send + 'static> Stream for Paginator<T, Async> {
        type Item = Result<T>;

        // The item path inlines into the consumer; the engine's poll, with its large frame, stays out
        // of line and runs once per page.
        #[inline]
        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = &mut *self;
            match this.cursor.next() {
                Some(item) => Poll::Ready(Some(Ok(item))),
                None => this.poll_next_page(cx),
            }
        }
    }

    impl<T: Send + 'static> Paginator<T, Async> {
        /// Loads pages until one has an item (de-duplication can empty a page), and yields its first.
        #[inline(never)]
        fn poll_next_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
            loop {
                match ready!(self.pages.poll_page(cx)) {
                    Some(Ok(page)) => self.cursor.load(page),
                    Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                    None => return Poll::Ready(None),
                }
                if let Some(item) = self.cursor.next() {
                    return Poll::Ready(Some(Ok(item)));
                }
            }
        }
    }
}

// Nothing is pinned structurally: the futures inside are boxed.
impl<T: 'static, M: Mode> Unpin for Paginator<T, M> {}
impl<T: 'static, M: Mode> Unpin for Pages<T, M> {}
