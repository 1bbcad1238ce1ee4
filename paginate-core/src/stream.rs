//! The async walk: a `futures::Stream` of items or pages, `Send + 'static`. The engine is a small
//! poll-driven state machine around the shared [`Driver`]: pace, fetch, back off, accept.

use std::future::Future;
use std::hash::Hash;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::stream::Stream;

use crate::checkpoint::Checkpoint;
use crate::dedupe::KeyDedupe;
use crate::envelope::{PageParts, Paginate};
use crate::error::Result;
use crate::options::{builder_methods, Options};
use crate::page::{Driver, ItemCursor, Page};
use crate::request::PageRequest;
use crate::source::Fetch;
use crate::walk::Walk;

/// An async walk over every item of a paginated endpoint; a `Stream<Item = Result<P::Item>>`.
///
/// Configure it with the builder methods, then poll it (or call [`Paginator::pages`] for whole pages).
/// Nothing is requested before the first poll. Retries and pacing sleep on the tokio timer.
///
/// ```
/// use futures::TryStreamExt;
/// use paginate_core::{PageParts, PageRequest, Paginate, Signals, Spec, Strategy};
///
/// struct Numbers { data: Vec<u64> }
/// impl Paginate for Numbers {
///     type Item = u64;
///     const SPEC: Spec = Spec::new(Strategy::Offset);
///     fn into_parts(self) -> PageParts<u64> { PageParts::new(self.data, Signals::default()) }
/// }
///
/// # tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap().block_on(async {
/// let all: Vec<u64> = Numbers::from_fn(|request: PageRequest| async move {
///     let (offset, size) = (request.offset().unwrap(), request.page_size().unwrap());
///     Ok::<_, std::io::Error>(Numbers { data: (offset..(offset + size).min(25)).collect() })
/// })
/// .page_size(10)
/// .max_items(22)
/// .try_collect()
/// .await?;
/// assert_eq!(all, (0..22).collect::<Vec<_>>());
/// # Ok::<_, paginate_core::Error>(()) }).unwrap();
/// ```
#[must_use = "a paginator does nothing until polled"]
pub struct Paginator<P: Paginate> {
    pages: Pages<P>,
    cursor: ItemCursor<P::Item>,
}

impl<P> Paginator<P>
where
    P: Paginate + 'static,
    P::Item: Send + 'static,
{
    pub(crate) fn new(source: impl Fetch<P>) -> Self {
        Paginator {
            pages: Pages {
                source: Arc::new(source),
                options: Options::default(),
                engine: None,
            },
            cursor: ItemCursor::default(),
        }
    }

    builder_methods!(pages.options);

    /// Skips items whose `key` was already yielded in this walk, for data that changes while it is
    /// walked (an item moving to a later page) and for [`InvalidCursor::Restart`](crate::InvalidCursor).
    /// Remembers every key: memory grows with the number of distinct items (see
    /// [`Paginator::dedupe_by_bounded`] for a cap).
    pub fn dedupe_by<K, F>(self, key: F) -> Self
    where
        F: FnMut(&P::Item) -> K + Send + 'static,
        K: Hash + Eq + Clone + Send + 'static,
    {
        self.dedupe_with(key, None)
    }

    /// Like [`Paginator::dedupe_by`], remembering only the last `window` keys: constant memory,
    /// duplicates further apart than `window` items pass through.
    pub fn dedupe_by_bounded<K, F>(self, key: F, window: usize) -> Self
    where
        F: FnMut(&P::Item) -> K + Send + 'static,
        K: Hash + Eq + Clone + Send + 'static,
    {
        self.dedupe_with(key, Some(window))
    }

    fn dedupe_with<K, F>(mut self, key: F, window: Option<usize>) -> Self
    where
        F: FnMut(&P::Item) -> K + Send + 'static,
        K: Hash + Eq + Clone + Send + 'static,
    {
        self.cursor.dedupe = Some(Box::new(KeyDedupe::new(key, window)));
        self
    }

    /// Walks page by page instead of item by item.
    pub fn pages(self) -> Pages<P> {
        self.pages
    }

    /// Where the walk stands after the last item yielded (also after an error: the last good item).
    /// Resume with [`Paginator::resume`].
    pub fn checkpoint(&self) -> Checkpoint {
        self.pages.checkpoint_at(self.cursor.consumed())
    }
}

impl<P> Stream for Paginator<P>
where
    P: Paginate + 'static,
    P::Item: Send + 'static,
{
    type Item = Result<P::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        loop {
            if let Some(item) = this.cursor.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.cursor.load(page),
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }
}

// Nothing is pinned structurally: the futures inside are boxed.
impl<P: Paginate> Unpin for Paginator<P> {}
impl<P: Paginate> Unpin for Pages<P> {}

/// An async walk page by page: a `Stream<Item = Result<Page<P::Item>>>`, from [`Paginator::pages`].
#[must_use = "a page stream does nothing until polled"]
pub struct Pages<P: Paginate> {
    source: Arc<dyn Fetch<P>>,
    options: Options,
    engine: Option<Engine<P::Item>>,
}

impl<P> Pages<P>
where
    P: Paginate + 'static,
    P::Item: Send + 'static,
{
    pub(crate) fn with_options(source: Arc<dyn Fetch<P>>, options: Options) -> Self {
        Pages {
            source,
            options,
            engine: None,
        }
    }

    builder_methods!(options);

    /// Where the walk stands after the last page yielded.
    pub fn checkpoint(&self) -> Checkpoint {
        self.checkpoint_at(None)
    }

    fn checkpoint_at(&self, consumed: Option<u64>) -> Checkpoint {
        match &self.engine {
            Some(engine) => engine.driver.checkpoint(consumed),
            None => match &self.options.resume {
                Some(checkpoint) => checkpoint.clone(),
                None => Walk::new(P::SPEC, self.options.walk.clone())
                    .map_or_else(|_| Checkpoint::default(), |walk| walk.checkpoint(None)),
            },
        }
    }
}

/// What the engine is waiting for.
enum State<T> {
    Idle,
    /// Waiting for the pacer's slot before sending `request`.
    Paced(PageRequest, Pin<Box<tokio::time::Sleep>>),
    /// Waiting before trying again.
    Backoff(Pin<Box<tokio::time::Sleep>>),
    Fetching(PageRequest, BoxFuture<'static, Result<PageParts<T>>>),
}

struct Engine<T> {
    driver: Driver,
    state: State<T>,
}

impl<P> Stream for Pages<P>
where
    P: Paginate + 'static,
    P::Item: Send + 'static,
{
    type Item = Result<Page<P::Item>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let source = &this.source;
        let options = &this.options;
        let engine = this.engine.get_or_insert_with(|| Engine {
            driver: Driver::new(P::SPEC, options, source.base_url(), source.size_hint()),
            state: State::Idle,
        });
        loop {
            match &mut engine.state {
                State::Idle => {
                    let request = match engine.driver.next_request() {
                        None => return Poll::Ready(None),
                        Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                        Some(Ok(request)) => request,
                    };
                    let wait = options
                        .pacer
                        .as_ref()
                        .map_or(Duration::ZERO, |pacer| pacer.reserve());
                    engine.state = if wait.is_zero() {
                        let future = source.fetch(&request, &options.fetch);
                        State::Fetching(request, future)
                    } else {
                        State::Paced(request, Box::pin(tokio::time::sleep(wait)))
                    };
                }
                State::Paced(_, sleep) => {
                    ready!(sleep.as_mut().poll(cx));
                    if let State::Paced(request, _) = std::mem::replace(&mut engine.state, State::Idle) {
                        let future = source.fetch(&request, &options.fetch);
                        engine.state = State::Fetching(request, future);
                    }
                }
                State::Backoff(sleep) => {
                    ready!(sleep.as_mut().poll(cx));
                    engine.state = State::Idle;
                }
                State::Fetching(_, future) => {
                    let fetched = ready!(future.as_mut().poll(cx));
                    let State::Fetching(request, _) = std::mem::replace(&mut engine.state, State::Idle)
                    else {
                        unreachable!("matched Fetching above");
                    };
                    match fetched {
                        Ok(parts) => return Poll::Ready(Some(Ok(engine.driver.accept(request, parts)))),
                        Err(error) => {
                            if let Some(delay) = engine.driver.on_failure(error) {
                                engine.state = State::Backoff(Box::pin(tokio::time::sleep(delay)));
                            }
                        }
                    }
                }
            }
        }
    }
}
