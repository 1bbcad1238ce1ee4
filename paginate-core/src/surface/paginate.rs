//! The trait `#[derive(Paginate)]` implements. Its provided methods start walks: they hand the
//! envelope's [`Spec`] and [`Paginate::into_parts`] to a transport and the transport to a
//! [`Paginator`].

#[cfg(feature = "async")]
use crate::engine::fetch::Fetch;
#[cfg(feature = "blocking")]
use crate::engine::fetch::FetchBlocking;
#[cfg(doc)]
use crate::engine::mode::Async;
#[cfg(any(feature = "blocking", doc))]
use crate::engine::mode::Blocking;
#[cfg(feature = "reqwest")]
use crate::engine::windows::Window;
use crate::error::BoxError;
use crate::protocol::envelope::Envelope;
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::page::PageParts;
use crate::protocol::request::PageRequest;
use crate::protocol::spec::Spec;
use crate::surface::paginator::{Paginator, Plan};
#[cfg(feature = "blocking")]
use crate::transport::closure::BlockingFnSource;
use crate::transport::closure::Fetched;
#[cfg(feature = "async")]
use crate::transport::closure::FnSource;
#[cfg(feature = "reqwest")]
use crate::transport::reqwest_request::Request;
use crate::transport::splitter::Splitter;

/// A response envelope of a list endpoint: a page of items plus the signals that say where the next page
/// is. Implemented by `#[derive(Paginate)]` (or `impl_paginate!` for types you do not own); SDK authors
/// may implement it by hand.
///
/// The provided methods start walks: [`Paginate::stream`] and `Paginate::iter` (feature
/// `reqwest-blocking`) over reqwest, [`Paginate::from_fn`] and [`Paginate::from_fn_blocking`] over any
/// transport, [`Paginate::windows`] over a capped API's time range.
///
/// ```
/// use paginated_core::{PageParts, Paginate, Signals, Spec, Strategy, Token};
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
///         PageParts::new(self.data, Signals { cursor: self.next.map(Token::Text), ..Signals::default() })
///     }
/// }
///
/// let parts = NumbersPage { data: vec![1, 2], next: Some("c2".into()) }.into_parts();
/// assert_eq!(parts.items, vec![1, 2]);
/// assert_eq!(parts.signals.cursor, Some(Token::text("c2")));
/// ```
pub trait Paginate: Sized {
    /// The type of one item of the list.
    type Item;
    /// Strategy, stop signals and parameter names.
    const SPEC: Spec;
    /// Splits the envelope into its items and its pagination signals.
    fn into_parts(self) -> PageParts<Self::Item>;

    /// The fingerprint of a page's items, which the repeat guard compares with the pages before it
    /// (a page whose items repeat an earlier page's is refused before any is yielded). Walks over
    /// reqwest fingerprint a JSON body's items themselves; walks over a closure transport rely on this
    /// method, and have no repeat guard where it returns `None` (the default). `#[derive(Paginate)]`
    /// implements it by the first of `Hash`, `Serialize` and `Debug` that the item type implements
    /// ([`Fingerprint::of_items`](crate::Fingerprint::of_items),
    /// [`Fingerprint::of_serialized`](crate::Fingerprint::of_serialized),
    /// [`Fingerprint::of_debug`](crate::Fingerprint::of_debug)).
    fn items_fingerprint(items: &[Self::Item]) -> Option<Fingerprint> {
        let _ = items;
        None
    }

    /// Walks every item, asynchronously, by repeating `request` with each page's parameters. The
    /// request's query, headers and body are kept on every page. Takes a `reqwest::RequestBuilder`,
    /// or a [`Request`] with transport settings.
    ///
    /// ```
    /// # use paginated_core::{PageParts, Paginate, Signals, Spec, Strategy, Token};
    /// # #[derive(serde::Deserialize)] struct User { id: String }
    /// # #[derive(serde::Deserialize)] struct Pagination { next_cursor: Option<String> }
    /// # #[derive(serde::Deserialize)] struct UsersPage { data: Vec<User>, pagination: Pagination }
    /// # impl Paginate for UsersPage {
    /// #     type Item = User;
    /// #     const SPEC: Spec = Spec::new(Strategy::Cursor);
    /// #     fn into_parts(self) -> PageParts<User> {
    /// #         PageParts::new(self.data, Signals { cursor: self.pagination.next_cursor.map(Token::Text), ..Signals::default() })
    /// #     }
    /// # }
    /// # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
    /// # let url = server.url("/playbook/api/v1/users");
    /// use futures::TryStreamExt;
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let client = paginated_core::http::client().build().unwrap();
    /// let users: Vec<User> = UsersPage::stream(client.get(&url))
    ///     .page_size(100)
    ///     .try_collect()
    ///     .await?;
    /// assert_eq!(users.len(), 120);
    /// # Ok::<_, paginated_core::Error>(()) }).unwrap();
    /// ```
    #[cfg(feature = "reqwest")]
    fn stream(request: impl Into<Request>) -> Paginator<Self::Item>
    where
        Self: serde::de::DeserializeOwned + 'static,
        Self::Item: Send + 'static,
    {
        let source = request.into().into_source(splitter::<Self>());
        Paginator::new(Envelope::of::<Self>(&Self::SPEC), Plan::Single(source))
    }

    /// [`Paginate::stream`] with a blocking client: the same walk, iterated. Takes a
    /// `reqwest::blocking::RequestBuilder`, or a [`Request<Blocking>`](Request). Needs the
    /// `reqwest-blocking` feature.
    ///
    /// ```
    /// # use paginated_core::{PageParts, Paginate, Signals, Spec, Strategy, Token};
    /// # #[derive(serde::Deserialize)] struct User { id: String }
    /// # #[derive(serde::Deserialize)] struct Pagination { next_cursor: Option<String> }
    /// # #[derive(serde::Deserialize)] struct UsersPage { data: Vec<User>, pagination: Pagination }
    /// # impl Paginate for UsersPage {
    /// #     type Item = User;
    /// #     const SPEC: Spec = Spec::new(Strategy::Cursor);
    /// #     fn into_parts(self) -> PageParts<User> {
    /// #         PageParts::new(self.data, Signals { cursor: self.pagination.next_cursor.map(Token::Text), ..Signals::default() })
    /// #     }
    /// # }
    /// # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
    /// # let url = server.url("/playbook/api/v1/users");
    /// let client = paginated_core::http::blocking_client().build().unwrap();
    /// for user in UsersPage::iter(client.get(&url)) {
    ///     assert!(user?.id.starts_with("usr_"));
    /// }
    /// # Ok::<_, paginated_core::Error>(())
    /// ```
    #[cfg(feature = "reqwest-blocking")]
    fn iter(request: impl Into<Request<Blocking>>) -> Paginator<Self::Item, Blocking>
    where
        Self: serde::de::DeserializeOwned + 'static,
        Self::Item: 'static,
    {
        let source = request.into().into_source(splitter::<Self>());
        Paginator::new(Envelope::of::<Self>(&Self::SPEC), Plan::Single(source))
    }

    /// Walks a time range of a capped API window by window: `request` builds the request for one
    /// [`Window`] (`from`/`to` filters), and a window whose first page announces more
    /// records than the cap (`#[paginate(cap = 10000)]` or `.cap(n)`) is split until each fits. Every
    /// record in the range is yielded exactly once, in window order. Needs `total` in the envelope.
    ///
    /// ```
    /// # use paginated_core::{PageParts, Paginate, Signals, Spec, Strategy};
    /// # #[derive(serde::Deserialize)] struct Call { id: u64 }
    /// # #[derive(serde::Deserialize)] struct Meta { total: u64 }
    /// # #[derive(serde::Deserialize)] struct CallsPage { calls: Vec<Call>, meta: Meta }
    /// # impl Paginate for CallsPage {
    /// #     type Item = Call;
    /// #     const SPEC: Spec = Spec::new(Strategy::Page { first: 1 }).total().cap(10_000);
    /// #     fn into_parts(self) -> PageParts<Call> {
    /// #         PageParts::new(self.calls, Signals { total: Some(self.meta.total), ..Signals::default() })
    /// #     }
    /// # }
    /// # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(300));
    /// # let url = server.url("/v1/calls");
    /// use futures::TryStreamExt;
    /// # tokio::runtime::Runtime::new().unwrap().block_on(async {
    /// let client = paginated_core::http::client().build().unwrap();
    /// let year_2024 = 1_704_067_200..1_735_689_600;
    /// let calls: Vec<Call> = CallsPage::windows(year_2024, move |window| {
    ///     let (from, to) = (window.start.to_string(), window.last().to_string());
    ///     client.get(&url).query(&[("from", from), ("to", to)])
    /// })
    /// .page_size(50)
    /// .try_collect()
    /// .await?;
    /// assert_eq!(calls.len(), 300);
    /// # Ok::<_, paginated_core::Error>(()) }).unwrap();
    /// ```
    #[cfg(feature = "reqwest")]
    fn windows<F, R>(range: std::ops::Range<i64>, request: F) -> Paginator<Self::Item>
    where
        Self: serde::de::DeserializeOwned + 'static,
        Self::Item: Send + 'static,
        F: Fn(Window) -> R + Send + Sync + 'static,
        R: Into<Request>,
    {
        let make = move |window| request(window).into().into_source(splitter::<Self>());
        let plan = Plan::Windows {
            range,
            make: Box::new(make),
        };
        Paginator::new(Envelope::of::<Self>(&Self::SPEC), plan)
    }

    /// [`Paginate::windows`] with a blocking client: the same walk, iterated. Needs the
    /// `reqwest-blocking` feature.
    #[cfg(feature = "reqwest-blocking")]
    fn windows_blocking<F, R>(range: std::ops::Range<i64>, request: F) -> Paginator<Self::Item, Blocking>
    where
        Self: serde::de::DeserializeOwned + 'static,
        Self::Item: 'static,
        F: Fn(Window) -> R + Send + Sync + 'static,
        R: Into<Request<Blocking>>,
    {
        let make = move |window| request(window).into().into_source(splitter::<Self>());
        let plan = Plan::Windows {
            range,
            make: Box::new(make),
        };
        Paginator::new(Envelope::of::<Self>(&Self::SPEC), plan)
    }

    /// Walks every item through any async transport, typically a generated SDK: `fetch` receives each
    /// [`PageRequest`] and returns the envelope (or a [`Fetched`] with response headers).
    ///
    /// See [`Paginator`] for an example.
    #[cfg(feature = "async")]
    fn from_fn<F, Fut, R, E>(fetch: F) -> Paginator<Self::Item>
    where
        Self: 'static,
        Self::Item: Send + 'static,
        F: Fn(PageRequest) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<R, E>> + Send + 'static,
        R: Into<Fetched<Self>>,
        E: Into<BoxError>,
    {
        let source: Box<dyn Fetch<Self::Item>> = Box::new(FnSource {
            fetch: std::sync::Arc::new(fetch),
            splitter: splitter::<Self>(),
        });
        Paginator::new(Envelope::of::<Self>(&Self::SPEC), Plan::Single(source))
    }

    /// Walks every item through any blocking transport: [`Paginate::from_fn`] with a closure that
    /// returns the envelope itself, iterated.
    #[cfg(feature = "blocking")]
    fn from_fn_blocking<F, R, E>(fetch: F) -> Paginator<Self::Item, Blocking>
    where
        Self: 'static,
        Self::Item: 'static,
        F: Fn(PageRequest) -> Result<R, E> + Send + 'static,
        R: Into<Fetched<Self>>,
        E: Into<BoxError>,
    {
        let source: Box<dyn FetchBlocking<Self::Item>> = Box::new(BlockingFnSource {
            fetch,
            splitter: splitter::<Self>(),
        });
        Paginator::new(Envelope::of::<Self>(&Self::SPEC), Plan::Single(source))
    }
}

/// How transports split envelopes `P` into pages.
fn splitter<P: Paginate>() -> Splitter<P, P::Item> {
    Splitter {
        spec: &P::SPEC,
        into_parts: P::into_parts,
        content: P::items_fingerprint,
    }
}
