//! The blocking walk: an `Iterator` of items or pages, built on blocking transports (no runtime is
//! started underneath).

use crate::envelope::Paginate;
use crate::error::Result;
use crate::options::{builder_methods, Options};
use crate::page::{Driver, Page};
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
    current: std::vec::IntoIter<P::Item>,
}

impl<P: Paginate + 'static> BlockingPaginator<P> {
    pub(crate) fn new(source: impl FetchBlocking<P>) -> Self {
        BlockingPaginator {
            pages: BlockingPages {
                source: Box::new(source),
                options: Options::default(),
                driver: None,
            },
            current: Vec::new().into_iter(),
        }
    }

    builder_methods!(pages.options);

    /// Walks page by page instead of item by item.
    pub fn pages(self) -> BlockingPages<P> {
        self.pages
    }
}

impl<P: Paginate + 'static> Iterator for BlockingPaginator<P> {
    type Item = Result<P::Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.current.next() {
                return Some(Ok(item));
            }
            match self.pages.next()? {
                Ok(page) => self.current = page.items.into_iter(),
                Err(error) => return Some(Err(error)),
            }
        }
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
    builder_methods!(options);
}

impl<P: Paginate + 'static> Iterator for BlockingPages<P> {
    type Item = Result<Page<P::Item>>;

    fn next(&mut self) -> Option<Self::Item> {
        let source = &self.source;
        let options = &self.options;
        let driver = self.driver.get_or_insert_with(|| {
            Driver::new(
                P::SPEC,
                options.walk.clone(),
                source.base_url(),
                source.size_hint(),
            )
        });
        let request = match driver.next_request()? {
            Ok(request) => request,
            Err(error) => return Some(Err(error)),
        };
        let fetched = source.fetch(&request, options.fetch);
        Some(driver.accept(request, fetched))
    }
}
