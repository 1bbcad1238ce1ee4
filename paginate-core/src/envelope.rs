//! The trait `#[derive(Paginate)]` implements, and what an envelope hands to the state machine.

use std::future::Future;

#[cfg(feature = "reqwest")]
use serde::de::DeserializeOwned;

use crate::blocking::BlockingPaginator;
use crate::error::BoxError;
use crate::request::PageRequest;
use crate::source::{BlockingFnSource, Fetched, FnSource};
use crate::spec::Spec;
use crate::stream::Paginator;

/// A response envelope of a list endpoint: a page of items plus the signals that say where the next page
/// is. Implemented by `#[derive(Paginate)]`; SDK authors may implement it by hand.
///
/// The provided methods start walks: [`Paginate::stream`] and [`Paginate::iter`] over reqwest,
/// [`Paginate::from_fn`] and [`Paginate::from_fn_blocking`] over any transport.
///
/// ```
/// use paginate_core::{PageParts, Paginate, Signals, Spec, Strategy};
///
/// struct NumbersPage {
///     data: Vec<u32>,
///     next: Option<String>,
/// }
///
/// impl Paginate for NumbersPage {
///     type Item = u32;
///     const SPEC: Spec = Spec::new(Strategy::Cursor);
///     fn into_parts(self) -> PageParts<u32> {
///         PageParts::new(self.data, Signals { cursor: self.next, ..Signals::default() })
///     }
/// }
///
/// let parts = NumbersPage { data: vec![1, 2], next: Some("c2".into()) }.into_parts();
/// assert_eq!(parts.items, vec![1, 2]);
/// assert_eq!(parts.signals.cursor.as_deref(), Some("c2"));
/// ```
pub trait Paginate: Sized {
    /// The type of one item of the list.
    type Item;
    /// Strategy, stop signals and parameter names.
    const SPEC: Spec;
    /// Splits the envelope into its items and its pagination signals.
    fn into_parts(self) -> PageParts<Self::Item>;

    /// Walks every item, asynchronously, by repeating `request` with each page's parameters. The
    /// request's query, headers and body are kept on every page.
    ///
    /// ```no_run
    /// # use paginate_core::{PageParts, Paginate, Signals, Spec, Strategy};
    /// # #[derive(serde::Deserialize)] struct UsersPage { data: Vec<String>, next_cursor: Option<String> }
    /// # impl Paginate for UsersPage {
    /// #     type Item = String;
    /// #     const SPEC: Spec = Spec::new(Strategy::Cursor);
    /// #     fn into_parts(self) -> PageParts<String> {
    /// #         PageParts::new(self.data, Signals { cursor: self.next_cursor, ..Signals::default() })
    /// #     }
    /// # }
    /// use futures::TryStreamExt;
    /// # async fn run() -> Result<(), paginate_core::Error> {
    /// let client = reqwest::Client::new();
    /// let users: Vec<String> = UsersPage::stream(client.get("http://127.0.0.1:8080/v1/users"))
    ///     .page_size(100)
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "reqwest")]
    fn stream(request: reqwest::RequestBuilder) -> Paginator<Self>
    where
        Self: DeserializeOwned + 'static,
        Self::Item: Send + 'static,
    {
        Paginator::new(crate::reqwest_source::ReqwestSource::new(request))
    }

    /// Walks every item with a blocking client, by repeating `request` with each page's parameters.
    ///
    /// ```no_run
    /// # use paginate_core::{PageParts, Paginate, Signals, Spec, Strategy};
    /// # #[derive(serde::Deserialize)] struct UsersPage { data: Vec<String>, next_cursor: Option<String> }
    /// # impl Paginate for UsersPage {
    /// #     type Item = String;
    /// #     const SPEC: Spec = Spec::new(Strategy::Cursor);
    /// #     fn into_parts(self) -> PageParts<String> {
    /// #         PageParts::new(self.data, Signals { cursor: self.next_cursor, ..Signals::default() })
    /// #     }
    /// # }
    /// let client = reqwest::blocking::Client::new();
    /// for user in UsersPage::iter(client.get("http://127.0.0.1:8080/v1/users")) {
    ///     println!("{}", user?);
    /// }
    /// # Ok::<_, paginate_core::Error>(())
    /// ```
    #[cfg(feature = "blocking")]
    fn iter(request: reqwest::blocking::RequestBuilder) -> BlockingPaginator<Self>
    where
        Self: DeserializeOwned + 'static,
    {
        BlockingPaginator::new(crate::reqwest_source::BlockingReqwestSource::new(request))
    }

    /// Walks a time range of a capped API window by window: `request` builds the request for one
    /// [`Window`](crate::Window) (`from`/`to` filters), and a window whose first page announces more
    /// records than the cap (`#[paginate(cap = 10000)]` or `.cap(n)`) is split until each fits. Every
    /// record in the range is yielded exactly once, in window order. Needs `total` in the envelope.
    ///
    /// ```no_run
    /// # use paginate_core::{PageParts, Paginate, Signals, Spec, Strategy};
    /// # #[derive(serde::Deserialize)] struct CallsPage { calls: Vec<u64>, total: u64 }
    /// # impl Paginate for CallsPage {
    /// #     type Item = u64;
    /// #     const SPEC: Spec = Spec::new(Strategy::Page { first: 1 }).total().cap(10_000);
    /// #     fn into_parts(self) -> PageParts<u64> {
    /// #         PageParts::new(self.calls, Signals { total: Some(self.total), ..Signals::default() })
    /// #     }
    /// # }
    /// use futures::TryStreamExt;
    /// # async fn run() -> Result<(), paginate_core::Error> {
    /// let client = reqwest::Client::new();
    /// let year_2024 = 1_704_067_200..1_735_689_600;
    /// let calls: Vec<u64> = CallsPage::windows(year_2024, move |window| {
    ///     let (from, to) = (window.start.to_string(), window.last().to_string());
    ///     client.get("http://127.0.0.1:8080/v1/calls").query(&[("from", from), ("to", to)])
    /// })
    /// .page_size(50)
    /// .try_collect()
    /// .await?;
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "reqwest")]
    fn windows<F>(range: std::ops::Range<i64>, request: F) -> crate::Windowed<Self>
    where
        Self: DeserializeOwned + 'static,
        Self::Item: Send + 'static,
        F: Fn(crate::Window) -> reqwest::RequestBuilder + Send + Sync + 'static,
    {
        crate::Windowed::new(range, std::sync::Arc::new(request))
    }

    /// The blocking twin of [`Paginate::windows`].
    #[cfg(feature = "blocking")]
    fn windows_blocking<F>(range: std::ops::Range<i64>, request: F) -> crate::BlockingWindowed<Self>
    where
        Self: DeserializeOwned + 'static,
        F: Fn(crate::Window) -> reqwest::blocking::RequestBuilder + Send + 'static,
    {
        crate::BlockingWindowed::new(range, Box::new(request))
    }

    /// Walks every item through any async transport, typically a generated SDK: `fetch` receives each
    /// [`PageRequest`] and returns the envelope (or a [`Fetched`] with a `Link` header).
    ///
    /// See [`Paginator`] for an example.
    fn from_fn<F, Fut, R, E>(fetch: F) -> Paginator<Self>
    where
        Self: 'static,
        Self::Item: Send + 'static,
        F: Fn(PageRequest) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<R, E>> + Send + 'static,
        R: Into<Fetched<Self>>,
        E: Into<BoxError>,
    {
        Paginator::new(FnSource(fetch))
    }

    /// Walks every item through any blocking transport.
    ///
    /// See [`BlockingPaginator`] for an example.
    fn from_fn_blocking<F, R, E>(fetch: F) -> BlockingPaginator<Self>
    where
        Self: 'static,
        F: Fn(PageRequest) -> Result<R, E> + Send + 'static,
        R: Into<Fetched<Self>>,
        E: Into<BoxError>,
    {
        BlockingPaginator::new(BlockingFnSource(fetch))
    }
}

/// What one page says about the next one. Fields the envelope does not declare stay `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Signals {
    /// Next cursor (`None` or empty: no next page).
    pub cursor: Option<String>,
    /// Next page URL, from the body or the `Link` header.
    pub next_url: Option<String>,
    /// Whether the API says more items exist.
    pub has_more: Option<bool>,
    /// Total number of items matching the query.
    pub total: Option<u64>,
    /// Total number of pages.
    pub total_pages: Option<u64>,
    /// The page number the API says it returned.
    pub page: Option<u64>,
    /// Key of the last item, one string per key part.
    pub keyset: Option<Vec<String>>,
}

/// An envelope split into its items and signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageParts<T> {
    /// The items of the page, in API order.
    pub items: Vec<T>,
    /// The pagination signals of the page.
    pub signals: Signals,
}

impl<T> PageParts<T> {
    /// Builds the parts of one page.
    ///
    /// ```
    /// use paginate_core::{PageParts, Signals};
    /// let parts = PageParts::new(vec!["a"], Signals::default());
    /// assert_eq!(parts.items.len(), 1);
    /// ```
    pub fn new(items: Vec<T>, signals: Signals) -> Self {
        PageParts { items, signals }
    }
}
