//! The async walk: a `futures::Stream` of items or pages, `Send + 'static`. The engine is a small
//! poll-driven state machine around the shared [`Driver`]: pace, fetch, back off, accept.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use futures::future::BoxFuture;
use futures::stream::Stream;

use crate::checkpoint::Checkpoint;
use crate::envelope::{PageParts, Paginate};
use crate::error::{Error, Result};
use crate::options::{builder_methods, dedupe_methods, Options};
use crate::page::{checkpoint_of, Driver, ItemCursor, Page};
use crate::request::PageRequest;
use crate::source::Fetch;

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
            pages: Pages::with_options(Arc::new(source), Options::default()),
            cursor: ItemCursor::default(),
        }
    }

    builder_methods!(pages.options);

    dedupe_methods!();

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
        checkpoint_of(
            self.engine.as_ref().map(|engine| &engine.driver),
            P::SPEC,
            &self.options,
            consumed,
        )
    }
}

/// A page request on its way: a task on the tokio runtime (so it progresses while the consumer works on
/// the previous page), or, outside a runtime, a future polled in place.
enum Fetching<T> {
    Spawned(tokio::task::JoinHandle<Result<PageParts<T>>>),
    Local(BoxFuture<'static, Result<PageParts<T>>>),
}

impl<T> Fetching<T> {
    fn abort(&self) {
        if let Fetching::Spawned(task) = self {
            task.abort();
        }
    }
}

impl<T: Send + 'static> Fetching<T> {
    fn start(future: BoxFuture<'static, Result<PageParts<T>>>, wait: Duration) -> Self {
        let future: BoxFuture<'static, Result<PageParts<T>>> = if wait.is_zero() {
            future
        } else {
            Box::pin(async move {
                tokio::time::sleep(wait).await;
                future.await
            })
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => Fetching::Spawned(runtime.spawn(future)),
            Err(_) => Fetching::Local(future),
        }
    }

    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<Result<PageParts<T>>> {
        match self {
            Fetching::Local(future) => future.as_mut().poll(cx),
            Fetching::Spawned(task) => Pin::new(task).poll(cx).map(|joined| {
                joined.unwrap_or_else(|error| {
                    Err(Error::Transport(
                        format!("page fetch task failed: {error}").into(),
                    ))
                })
            }),
        }
    }
}

/// The async engine: requests in flight, in walk order. The front is always the state machine's next
/// request; behind it, with `.concurrency(n)`, requests predicted from the known total.
struct Engine<T> {
    driver: Driver,
    in_flight: VecDeque<(PageRequest, Fetching<T>)>,
    backoff: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<T> Drop for Engine<T> {
    fn drop(&mut self) {
        self.abort_all();
    }
}

impl<T> Engine<T> {
    fn abort_all(&mut self) {
        for (_, fetching) in self.in_flight.drain(..) {
            fetching.abort();
        }
    }
}

impl<T: Send + 'static> Engine<T> {
    /// Makes the front of `in_flight` the walk's next request and fills up to the concurrency.
    fn fill<P: Paginate<Item = T> + 'static>(&mut self, source: &Arc<dyn Fetch<P>>, options: &Options) {
        let Some(next) = self.driver.peek_request().cloned() else {
            self.abort_all();
            return;
        };
        if self.in_flight.front().map(|(request, _)| request) != Some(&next) {
            // A prediction missed (a short page, a clamped size): the state machine decides.
            self.abort_all();
            self.start(next, source, options);
        }
        while self.in_flight.len() < options.concurrency.max(1) {
            let last = &self.in_flight.back().expect("front started above").0;
            match self.driver.predict(last) {
                Some(predicted) => self.start(predicted, source, options),
                None => break,
            }
        }
    }

    fn start<P: Paginate<Item = T> + 'static>(
        &mut self,
        request: PageRequest,
        source: &Arc<dyn Fetch<P>>,
        options: &Options,
    ) {
        let wait = options
            .pacer
            .as_ref()
            .map_or(Duration::ZERO, |pacer| pacer.reserve());
        let fetching = Fetching::start(source.fetch(&request, &options.fetch), wait);
        self.in_flight.push_back((request, fetching));
    }
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
            in_flight: VecDeque::new(),
            backoff: None,
        });
        loop {
            if let Some(sleep) = &mut engine.backoff {
                ready!(sleep.as_mut().poll(cx));
                engine.backoff = None;
            }
            match engine.driver.next_request() {
                None => {
                    engine.abort_all();
                    return Poll::Ready(None);
                }
                Some(Err(error)) => {
                    engine.abort_all();
                    return Poll::Ready(Some(Err(error)));
                }
                Some(Ok(_)) => engine.fill(source, options),
            }
            let (_, fetching) = engine.in_flight.front_mut().expect("filled above");
            let fetched = ready!(fetching.poll(cx));
            let (request, _) = engine.in_flight.pop_front().expect("polled above");
            match fetched {
                Ok(parts) => {
                    let page = engine.driver.accept(request, parts);
                    if options.prefetch {
                        // The next page is fetched while the consumer works on this one.
                        engine.fill(source, options);
                    }
                    return Poll::Ready(Some(Ok(page)));
                }
                Err(error) => {
                    if let Some(delay) = engine.driver.on_failure(error) {
                        engine.backoff = Some(Box::pin(tokio::time::sleep(delay)));
                    }
                }
            }
        }
    }
}
