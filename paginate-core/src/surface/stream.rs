//! The async walks: [`Paginator`], a `futures::Stream` of items, and [`Pages`], a stream of pages; both
//! `Send + 'static`.

use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::engine::dedupe::Dedupe;
use crate::engine::driver::{Delivered, Driver};
use crate::engine::fetch::Fetch;
use crate::engine::options::Options;
use crate::engine::stream::{Engine, EngineSettings};
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::error::Result;
use crate::surface::options::{async_options, shared_options};
use crate::surface::page::{Envelope, ItemCursor, Page};

/// An async walk over every item of a paginated endpoint; a `Stream<Item = Result<T>>`.
///
/// Configure it with the builder methods, then poll it (or call [`Paginator::pages`] for whole pages).
/// Nothing is requested before the first poll. It runs under any executor: retries, pacing and
/// deadlines sleep on the walk's [`Timer`](crate::Timer).
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
///
/// let all: Vec<u64> = futures::executor::block_on(
///     Numbers::from_fn(|request: PageRequest| async move {
///         let (offset, size) = (request.offset().unwrap(), request.page_size().unwrap());
///         Ok::<_, std::io::Error>(Numbers { data: (offset..(offset + size).min(25)).collect() })
///     })
///     .page_size(10)
///     .max_items(22)
///     .try_collect(),
/// )?;
/// assert_eq!(all, (0..22).collect::<Vec<_>>());
/// # Ok::<_, paginated_core::Error>(())
/// ```
#[must_use = "a paginator does nothing until polled"]
pub struct Paginator<T> {
    pages: Pages<T>,
    cursor: ItemCursor<T>,
}

/// An async walk page by page: a `Stream<Item = Result<Page<T>>>`, from [`Paginator::pages`].
/// Configure the walk on the [`Paginator`] before turning it into pages.
#[must_use = "a page stream does nothing until polled"]
pub struct Pages<T> {
    envelope: Envelope,
    /// Whether pages are handed out (with their request and signals), or only their items.
    whole_pages: bool,
    options: Options,
    dedupe: Option<Box<dyn Dedupe<T>>>,
    /// The transport, until the first poll starts the engine.
    source: Option<Box<dyn Fetch<T>>>,
    engine: Option<Engine<T>>,
}

impl<T: Send + 'static> Paginator<T> {
    pub(crate) fn new(envelope: Envelope, source: impl Fetch<T>) -> Self {
        Paginator {
            pages: Pages {
                envelope,
                whole_pages: false,
                options: Options::default(),
                dedupe: None,
                source: Some(Box::new(source)),
                engine: None,
            },
            cursor: ItemCursor::default(),
        }
    }

    shared_options!(pages.options ; pages.dedupe);
    async_options!(pages.options);

    /// Walks page by page instead of item by item; every setting applies, de-duplication included.
    pub fn pages(self) -> Pages<T> {
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

impl<T: Send + 'static> Pages<T> {
    /// Where the walk stands after the last page yielded.
    pub fn checkpoint(&self) -> Checkpoint {
        self.checkpoint_at(None)
    }

    fn checkpoint_at(&self, consumed: Option<u64>) -> Checkpoint {
        match (&self.engine, &self.source) {
            (Some(engine), _) => engine.checkpoint(consumed),
            (None, Some(source)) => self.envelope.checkpoint_before_start::<T>(
                &self.options,
                source.endpoint(),
                source.size_hint(),
            ),
            (None, None) => unreachable!("a walk has its transport until its engine starts"),
        }
    }

    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Delivered<T>>>> {
        let engine = match &mut self.engine {
            Some(engine) => engine,
            None => {
                let source = self
                    .source
                    .take()
                    .expect("a walk has its transport until its engine starts");
                let options = std::mem::take(&mut self.options);
                self.engine.insert(start_engine(
                    &self.envelope,
                    source,
                    options,
                    self.dedupe.take(),
                    self.whole_pages,
                ))
            }
        };
        engine.poll_page(cx)
    }
}

/// Starts the engine of a walk from its parts.
pub(crate) fn start_engine<T: Send + 'static>(
    envelope: &Envelope,
    source: Box<dyn Fetch<T>>,
    options: Options,
    dedupe: Option<Box<dyn Dedupe<T>>>,
    whole_pages: bool,
) -> Engine<T> {
    let mut driver = Driver::new(
        envelope.spec,
        &options,
        envelope.endpoint(source.endpoint()),
        source.size_hint(),
        dedupe,
    );
    if whole_pages {
        driver.keep_meta();
    }
    let settings = EngineSettings {
        pacer: options.pacer.clone(),
        concurrency: options.concurrency,
        prefetch: options.prefetch,
    };
    Engine::new(source, driver, settings)
}

impl<T: Send + 'static> Stream for Paginator<T> {
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

impl<T: Send + 'static> Paginator<T> {
    /// Loads pages until one has an item (de-duplication can empty a page), and yields its first.
    #[inline(never)]
    fn poll_next_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        loop {
            match self.pages.poll_page(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Some(Ok(page))) => self.cursor.load(page),
                Poll::Ready(Some(Err(error))) => return Poll::Ready(Some(Err(error))),
                Poll::Ready(None) => return Poll::Ready(None),
            }
            if let Some(item) = self.cursor.next() {
                return Poll::Ready(Some(Ok(item)));
            }
        }
    }
}

impl<T: Send + 'static> Stream for Pages<T> {
    type Item = Result<Page<T>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.poll_page(cx)
            .map(|page| page.map(|page| page.map(Page::from_delivered)))
    }
}

// Nothing is pinned structurally: the futures inside are boxed.
impl<T> Unpin for Paginator<T> {}
impl<T> Unpin for Pages<T> {}
