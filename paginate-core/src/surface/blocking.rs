//! The blocking walks: [`BlockingPaginator`], an `Iterator` of items, and [`BlockingPages`], an
//! iterator of pages, built on blocking transports (no runtime is started underneath).

use crate::engine::blocking::BlockingEngine;
use crate::engine::dedupe::Dedupe;
use crate::engine::driver::{Delivered, Driver};
use crate::engine::fetch::FetchBlocking;
use crate::engine::options::Options;
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::error::Result;
use crate::surface::options::shared_options;
use crate::surface::page::{Envelope, ItemCursor, Page};

/// A blocking walk over every item of a paginated endpoint; an `Iterator<Item = Result<T>>`.
///
/// ```
/// use paginated_core::{PageParts, PageRequest, Paginate, Signals, Spec, Strategy, Token};
///
/// struct Letters { data: Vec<char>, next: Option<String> }
/// impl Paginate for Letters {
///     type Item = char;
///     const SPEC: Spec = Spec::new(Strategy::Cursor);
///     fn into_parts(self) -> PageParts<char> {
///         PageParts::new(self.data, Signals { cursor: self.next.map(Token::Text), ..Signals::default() })
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
/// # Ok::<_, paginated_core::Error>(())
/// ```
#[must_use = "a paginator does nothing until iterated"]
pub struct BlockingPaginator<T> {
    pages: BlockingPages<T>,
    cursor: ItemCursor<T>,
}

/// A blocking walk page by page: an `Iterator<Item = Result<Page<T>>>`, from
/// [`BlockingPaginator::pages`]. Configure the walk on the [`BlockingPaginator`] before turning it
/// into pages.
#[must_use = "a page iterator does nothing until iterated"]
pub struct BlockingPages<T> {
    envelope: Envelope,
    /// Whether pages are handed out (with their request and signals), or only their items.
    whole_pages: bool,
    options: Options,
    dedupe: Option<Box<dyn Dedupe<T>>>,
    source: Option<Box<dyn FetchBlocking<T>>>,
    engine: Option<BlockingEngine<T>>,
}

impl<T: 'static> BlockingPaginator<T> {
    pub(crate) fn new(envelope: Envelope, source: impl FetchBlocking<T>) -> Self {
        BlockingPaginator {
            pages: BlockingPages {
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

    /// Walks page by page instead of item by item; every setting applies, de-duplication included.
    pub fn pages(self) -> BlockingPages<T> {
        BlockingPages {
            whole_pages: true,
            ..self.pages
        }
    }

    /// Where the walk stands after the last item yielded (also after an error: the last good item).
    pub fn checkpoint(&self) -> Checkpoint {
        self.pages.checkpoint_at(self.cursor.consumed())
    }

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

impl<T: 'static> Iterator for BlockingPaginator<T> {
    type Item = Result<T>;

    // The item path inlines into the `for` loop; the engine, with its large frame, stays out of
    // line and runs once per page.
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

impl<T: 'static> BlockingPages<T> {
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

    fn next_page(&mut self) -> Option<Result<Delivered<T>>> {
        let engine = match &mut self.engine {
            Some(engine) => engine,
            None => {
                let source = self
                    .source
                    .take()
                    .expect("a walk has its transport until its engine starts");
                let options = std::mem::take(&mut self.options);
                self.engine.insert(start_blocking_engine(
                    &self.envelope,
                    source,
                    options,
                    self.dedupe.take(),
                    self.whole_pages,
                ))
            }
        };
        engine.next_page()
    }
}

impl<T: 'static> Iterator for BlockingPages<T> {
    type Item = Result<Page<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_page().map(|page| page.map(Page::from_delivered))
    }
}

/// Starts the blocking engine of a walk from its parts.
pub(crate) fn start_blocking_engine<T: 'static>(
    envelope: &Envelope,
    source: Box<dyn FetchBlocking<T>>,
    options: Options,
    dedupe: Option<Box<dyn Dedupe<T>>>,
    whole_pages: bool,
) -> BlockingEngine<T> {
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
    BlockingEngine::new(source, driver, options.pacer)
}
