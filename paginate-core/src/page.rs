//! Pages as the page-level iterators yield them, and the step shared by the async and blocking drivers:
//! hand a fetched page to the state machine and keep any error for after the page's items.

use url::Url;

use crate::envelope::{PageParts, Signals};
use crate::error::{Error, Result};
use crate::request::PageRequest;
use crate::spec::Spec;
use crate::walk::{Walk, WalkConfig};

/// One page of a walk, with the request that fetched it.
///
/// ```
/// use paginate_core::{Page, PageRequest, Position, Signals};
/// let page = Page {
///     items: vec![1, 2, 3],
///     number: 1,
///     request: PageRequest::new(Position::First, Some(3)),
///     total: Some(10),
///     signals: Signals::default(),
/// };
/// assert_eq!(page.items.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of the page that the walk yields (cut short only by `max_items`).
    pub items: Vec<T>,
    /// 1 for the first page of the walk, then 2, 3, …
    pub number: u64,
    /// The request that fetched this page.
    pub request: PageRequest,
    /// The latest total the API reported, if it reports one.
    pub total: Option<u64>,
    /// What the page said about the next one.
    pub signals: Signals,
}

/// Drives a [`Walk`] from fetched pages. An error found while reading a page (a loop, a truncation) is
/// reported after the page, so its items are not lost.
#[derive(Debug)]
pub(crate) struct Driver {
    walk: Option<Walk>,
    pending: Option<Error>,
}

impl Driver {
    pub(crate) fn new(
        spec: Spec,
        mut config: WalkConfig,
        base_url: Option<Url>,
        size_hint: Option<u64>,
    ) -> Self {
        if let (Some(size), Some(max)) = (config.page_size, spec.max_page_size_value()) {
            if size > max {
                tracing::warn!(
                    requested = size,
                    max,
                    "page size above the API's maximum, clamped"
                );
            }
        }
        if config.page_size.is_none() {
            // The size already in the user's request is what the API will serve: the short-page rule
            // needs it.
            config.page_size = size_hint.filter(|&size| size > 0);
        }
        match Walk::new(spec, config) {
            Ok(walk) => Driver {
                walk: Some(match base_url {
                    Some(url) => walk.with_base_url(url),
                    None => walk,
                }),
                pending: None,
            },
            Err(error) => Driver {
                walk: None,
                pending: Some(error),
            },
        }
    }

    /// The next request, or the error to report, or `None` when the walk is over.
    pub(crate) fn next_request(&mut self) -> Option<Result<PageRequest>> {
        if let Some(error) = self.pending.take() {
            self.walk = None;
            return Some(Err(error));
        }
        self.walk.as_ref()?.next_request().cloned().map(Ok)
    }

    /// Accepts the outcome of fetching `request`.
    pub(crate) fn accept<T>(
        &mut self,
        request: PageRequest,
        fetched: Result<PageParts<T>>,
    ) -> Result<Page<T>> {
        let walk = self.walk.as_mut().expect("accept follows next_request");
        let parts = match fetched {
            Ok(parts) => parts,
            Err(error) => {
                self.walk = None;
                return Err(error);
            }
        };
        let PageParts { mut items, signals } = parts;
        match walk.on_page(&signals, items.len()) {
            Ok(take) => items.truncate(take),
            Err(error) => self.pending = Some(error),
        }
        Ok(Page {
            items,
            number: walk.pages(),
            request,
            total: walk.total(),
            signals,
        })
    }
}
