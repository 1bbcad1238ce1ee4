//! The blocking walk: an `Iterator` of items or pages, built on blocking transports (no runtime is
//! started underneath). Same [`Driver`] as the async walk; sleeps are `std::thread::sleep`.

use crate::checkpoint::Checkpoint;
use crate::envelope::Paginate;
use crate::error::Result;
use crate::options::{builder_methods, dedupe_methods, Options};
use crate::page::{checkpoint_of, Driver, ItemCursor, Page};
use crate::source::FetchBlocking;

/// A blocking walk over every item of a paginated endpoint; an `Iterator<Item = Result<P::Item>>`.
///
/// ```
/// use paginate_core::{PageParts, PageRequest, Paginate, Signals, Spec, Strategy};
///
/// struct Letters { data: Vec<char>, next: Option<String> }
/// impl Paginate for Letters {
///     type Item = char;
///     const SPEC: Spec = Spec::new(Strategy::Cursor);
///     fn into_parts(self) -> PageParts<char> {
///         PageParts::new(self.data, Signals { cursor: self.next, ..Signals::default() })
///     }
/// }
///
/// let letters: Vec<char> = Letters::from_fn_blocking(|request: PageRequest| {
///     Ok::<_, std::io::Error>(match request.cursor() {
///         None => Letters { data: vec!['a', 'b'], next: Some("2".into()) },
///         Some(_) => Letters { data: vec!['c'], next: None },
///     })
/// })
/// .collect::<Result<_, _>>()?;
/// assert_eq!(letters, ['a', 'b', 'c']);
/// # Ok::<_, paginate_core::Error>(())
/// ```
#[must_use = "a paginator does nothing until iterated"]
pub struct BlockingPaginator<P: Paginate + 'static> {
    pages: BlockingPages<P>,
    cursor: ItemCursor<P::Item>,
}

impl<P: Paginate + 'static> BlockingPaginator<P> {
    pub(crate) fn new(source: impl FetchBlocking<P>) -> Self {
        BlockingPaginator {
            pages: BlockingPages::with_options(Box::new(source), Options::default()),
            cursor: ItemCursor::default(),
        }
    }

    builder_methods!(pages.options);

    dedupe_methods!();

    /// Walks page by page instead of item by item.
    pub fn pages(self) -> BlockingPages<P> {
        self.pages
    }

    /// Where the walk stands after the last item yielded (also after an error: the last good item).
    pub fn checkpoint(&self) -> Checkpoint {
        self.pages.checkpoint_at(self.cursor.consumed())
    }
}

impl<P: Paginate + 'static> Iterator for BlockingPaginator<P> {
    type Item = Result<P::Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.cursor.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.cursor.load(page),
                Err(error) => return Some(Err(error)),
            }
        }
    }

    /// Page by page, with a tight loop over each page's items: `for_each`, `sum`, `count` and
    /// collecting into a `Vec` cost no more than iterating the decoded pages by hand.
    fn fold<B, F>(mut self, init: B, mut f: F) -> B
    where
        F: FnMut(B, Self::Item) -> B,
    {
        let mut acc = init;
        while let Some(item) = self.cursor.next() {
            acc = f(acc, Ok(item));
        }
        let mut dedupe = self.cursor.dedupe.take();
        for page in self.pages {
            match page {
                Ok(page) => match &mut dedupe {
                    None => acc = page.items.into_iter().fold(acc, |acc, item| f(acc, Ok(item))),
                    Some(dedupe) => {
                        for item in page.items {
                            if dedupe.admit(&item) {
                                acc = f(acc, Ok(item));
                            }
                        }
                    }
                },
                Err(error) => acc = f(acc, Err(error)),
            }
        }
        acc
    }
}

/// A blocking walk page by page: an `Iterator<Item = Result<Page<P::Item>>>`, from
/// [`BlockingPaginator::pages`].
#[must_use = "a page iterator does nothing until iterated"]
pub struct BlockingPages<P: Paginate + 'static> {
    source: Box<dyn FetchBlocking<P>>,
    options: Options,
    driver: Option<Driver>,
}

impl<P: Paginate + 'static> BlockingPages<P> {
    pub(crate) fn with_options(source: Box<dyn FetchBlocking<P>>, options: Options) -> Self {
        BlockingPages {
            source,
            options,
            driver: None,
        }
    }

    builder_methods!(options);

    /// Where the walk stands after the last page yielded.
    pub fn checkpoint(&self) -> Checkpoint {
        self.checkpoint_at(None)
    }

    fn checkpoint_at(&self, consumed: Option<u64>) -> Checkpoint {
        checkpoint_of(self.driver.as_ref(), P::SPEC, &self.options, consumed)
    }
}

impl<P: Paginate + 'static> Iterator for BlockingPages<P> {
    type Item = Result<Page<P::Item>>;

    fn next(&mut self) -> Option<Self::Item> {
        let source = &self.source;
        let options = &self.options;
        let driver = self
            .driver
            .get_or_insert_with(|| Driver::new(P::SPEC, options, source.base_url(), source.size_hint()));
        loop {
            let request = match driver.next_request()? {
                Ok(request) => request,
                Err(error) => return Some(Err(error)),
            };
            if let Some(pacer) = &options.pacer {
                std::thread::sleep(pacer.reserve());
            }
            match source.fetch(&request, &options.fetch) {
                Ok(parts) => return Some(Ok(driver.accept(request, parts))),
                Err(error) => {
                    if let Some(delay) = driver.on_failure(error) {
                        std::thread::sleep(delay);
                    }
                }
            }
        }
    }
}
