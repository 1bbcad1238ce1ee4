//! The async walk: a `futures::Stream` of items or pages, `Send + 'static`.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::stream::{BoxStream, Stream, StreamExt, TryStreamExt};

use crate::envelope::Paginate;
use crate::error::Result;
use crate::options::{builder_methods, Options};
use crate::page::{Driver, Page};
use crate::source::Fetch;

/// An async walk over every item of a paginated endpoint; a `Stream<Item = Result<P::Item>>`.
///
/// Configure it with the builder methods, then poll it (or call [`Paginator::pages`] for whole pages).
/// Nothing is requested before the first poll.
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
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
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
    source: Arc<dyn Fetch<P>>,
    options: Options,
    items: Option<BoxStream<'static, Result<P::Item>>>,
}

impl<P> Paginator<P>
where
    P: Paginate + 'static,
    P::Item: Send + 'static,
{
    pub(crate) fn new(source: impl Fetch<P>) -> Self {
        Paginator {
            source: Arc::new(source),
            options: Options::default(),
            items: None,
        }
    }

    builder_methods!(options);

    /// Walks page by page instead of item by item.
    pub fn pages(self) -> Pages<P> {
        Pages {
            pages: page_stream(self.source, self.options),
        }
    }
}

fn page_stream<P>(source: Arc<dyn Fetch<P>>, options: Options) -> BoxStream<'static, Result<Page<P::Item>>>
where
    P: Paginate + 'static,
    P::Item: Send + 'static,
{
    let driver = Driver::new(P::SPEC, options.walk, source.base_url(), source.size_hint());
    futures::stream::unfold((driver, source), move |(mut driver, source)| async move {
        let request = match driver.next_request()? {
            Ok(request) => request,
            Err(error) => return Some((Err(error), (driver, source))),
        };
        let fetched = source.fetch(&request, options.fetch).await;
        let page = driver.accept(request, fetched);
        Some((page, (driver, source)))
    })
    .boxed()
}

impl<P> Stream for Paginator<P>
where
    P: Paginate + 'static,
    P::Item: Send + 'static,
{
    type Item = Result<P::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        let items = this.items.get_or_insert_with(|| {
            page_stream(this.source.clone(), this.options.clone())
                .map_ok(|page| futures::stream::iter(page.items.into_iter().map(Ok)))
                .try_flatten()
                .boxed()
        });
        items.poll_next_unpin(cx)
    }
}

/// An async walk page by page: a `Stream<Item = Result<Page<P::Item>>>`, from [`Paginator::pages`].
#[must_use = "a page stream does nothing until polled"]
pub struct Pages<P: Paginate> {
    pages: BoxStream<'static, Result<Page<P::Item>>>,
}

impl<P: Paginate> Stream for Pages<P> {
    type Item = Result<Page<P::Item>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.pages.poll_next_unpin(cx)
    }
}
