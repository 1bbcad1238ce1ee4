//! The trait `#[derive(Paginate)]` implements. Its provided methods start walks: they hand the
//! envelope's [`Spec`] and [`Paginate::into_parts`] to a transport and the transport to an engine.

use crate::protocol::signals::PageParts;
use crate::protocol::spec::Spec;
#[cfg(feature = "blocking")]
use crate::surface::blocking::BlockingPaginator;
use crate::surface::page::Envelope;
#[cfg(feature = "async")]
use crate::surface::stream::Paginator;

/// A response envelope of a list endpoint: a page of items plus the signals that say where the next page
/// is. Implemented by `#[derive(Paginate)]` (or `impl_paginate!` for types you do not own); SDK authors
/// may implement it by hand.
///
/// The provided methods start walks: [`Paginate::stream`] and [`Paginate::iter`] over reqwest,
/// [`Paginate::from_fn`] and [`Paginate::from_fn_blocking`] over any transport, [`Paginate::windows`]
/// over a capped API's time range.
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
    /// implements it when the item type implements `Hash` or `Serialize`
    /// ([`Fingerprint::of_items`](crate::Fingerprint::of_items),
    /// [`Fingerprint::of_serialized`](crate::Fingerprint::of_serialized)).
    fn items_fingerprint(items: &[Self::Item]) -> Option<crate::Fingerprint> {
        let _ = items;
        None
    }

    /// Walks every item, asynchronously, by repeating `request` with each page's parameters. The
    /// request's query, headers and body are kept on every page. Takes a `reqwest::RequestBuilder`,
    /// or a [`Request`](crate::Request) with transport settings.
    ///
    /// ```no_run
    /// # use paginated_core::{PageParts, Paginate, Signals, Spec, Strategy, Token};
    /// # #[derive(serde::Deserialize)] struct UsersPage { data: Vec<String>, next_cursor: Option<String> }
    /// # impl Paginate for UsersPage {
    /// #     type Item = String;
    /// #     const SPEC: Spec = Spec::new(Strategy::Cursor);
    /// #     fn into_parts(self) -> PageParts<String> {
    /// #         PageParts::new(self.data, Signals { cursor: self.next_cursor.map(Token::Text), ..Signals::default() })
    /// #     }
    /// # }
    /// use futures::TryStreamExt;
    /// # async fn run() -> Result<(), paginated_core::Error> {
    /// let client = paginated_core::http::client().build().unwrap();
    /// let users: Vec<String> = UsersPage::stream(client.get("http://127.0.0.1:8080/v1/users"))
    ///     .page_size(100)
    ///     .try_collect()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    #[cfg(all(feature = "async", feature = "reqwest"))]
    fn stream(request: impl Into<crate::Request>) -> Paginator<Self::Item>
    where
        Self: serde::de::DeserializeOwned + 'static,
        Self::Item: Send + 'static,
    {
        let source = crate::transport::request::ReqwestSource::new(request.into(), decoder::<Self>());
        Paginator::new(Envelope::of::<Self>(Self::SPEC), source)
    }

    /// Walks every item with a blocking client, by repeating `request` with each page's parameters.
    /// Takes a `reqwest::blocking::RequestBuilder`, or a [`BlockingRequest`](crate::BlockingRequest).
    /// Needs the `reqwest-blocking` feature.
    ///
    /// ```no_run
    /// # use paginated_core::{PageParts, Paginate, Signals, Spec, Strategy, Token};
    /// # #[derive(serde::Deserialize)] struct UsersPage { data: Vec<String>, next_cursor: Option<String> }
    /// # impl Paginate for UsersPage {
    /// #     type Item = String;
    /// #     const SPEC: Spec = Spec::new(Strategy::Cursor);
    /// #     fn into_parts(self) -> PageParts<String> {
    /// #         PageParts::new(self.data, Signals { cursor: self.next_cursor.map(Token::Text), ..Signals::default() })
    /// #     }
    /// # }
    /// let client = paginated_core::http::blocking_client().build().unwrap();
    /// for user in UsersPage::iter(client.get("http://127.0.0.1:8080/v1/users")) {
    ///     println!("{}", user?);
    /// }
    /// # Ok::<_, paginated_core::Error>(())
    /// ```
    #[cfg(feature = "reqwest-blocking")]
    fn iter(request: impl Into<crate::BlockingRequest>) -> BlockingPaginator<Self::Item>
    where
        Self: serde::de::DeserializeOwned + 'static,
    {
        let source = crate::transport::request::BlockingReqwestSource::new(request.into(), decoder::<Self>());
        BlockingPaginator::new(Envelope::of::<Self>(Self::SPEC), source)
    }

    /// Walks a time range of a capped API window by window: `request` builds the request for one
    /// [`Window`](crate::Window) (`from`/`to` filters), and a window whose first page announces more
    /// records than the cap (`#[paginate(cap = 10000)]` or `.cap(n)`) is split until each fits. Every
    /// record in the range is yielded exactly once, in window order. Needs `total` in the envelope.
    ///
    /// ```no_run
    /// # use paginated_core::{PageParts, Paginate, Signals, Spec, Strategy};
    /// # #[derive(serde::Deserialize)] struct CallsPage { calls: Vec<u64>, total: u64 }
    /// # impl Paginate for CallsPage {
    /// #     type Item = u64;
    /// #     const SPEC: Spec = Spec::new(Strategy::Page { first: 1 }).total().cap(10_000);
    /// #     fn into_parts(self) -> PageParts<u64> {
    /// #         PageParts::new(self.calls, Signals { total: Some(self.total), ..Signals::default() })
    /// #     }
    /// # }
    /// use futures::TryStreamExt;
    /// # async fn run() -> Result<(), paginated_core::Error> {
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
    #[cfg(all(feature = "async", feature = "reqwest"))]
    fn windows<F, R>(range: std::ops::Range<i64>, request: F) -> crate::Windowed<Self::Item>
    where
        Self: serde::de::DeserializeOwned + 'static,
        Self::Item: Send + 'static,
        F: Fn(crate::Window) -> R + Send + Sync + 'static,
        R: Into<crate::Request>,
    {
        crate::Windowed::new(Envelope::of::<Self>(Self::SPEC), range, move |window| {
            Box::new(crate::transport::request::ReqwestSource::new(
                request(window).into(),
                decoder::<Self>(),
            ))
        })
    }

    /// The blocking twin of [`Paginate::windows`]. Needs the `reqwest-blocking` feature.
    #[cfg(feature = "reqwest-blocking")]
    fn windows_blocking<F, R>(range: std::ops::Range<i64>, request: F) -> crate::BlockingWindowed<Self::Item>
    where
        Self: serde::de::DeserializeOwned + 'static,
        F: Fn(crate::Window) -> R + Send + 'static,
        R: Into<crate::BlockingRequest>,
    {
        crate::BlockingWindowed::new(Envelope::of::<Self>(Self::SPEC), range, move |window| {
            Box::new(crate::transport::request::BlockingReqwestSource::new(
                request(window).into(),
                decoder::<Self>(),
            ))
        })
    }

    /// Walks every item through any async transport, typically a generated SDK: `fetch` receives each
    /// [`PageRequest`](crate::PageRequest) and returns the envelope (or a [`Fetched`](crate::Fetched)
    /// with response headers).
    ///
    /// See [`Paginator`] for an example.
    #[cfg(feature = "async")]
    fn from_fn<F, Fut, R, E>(fetch: F) -> Paginator<Self::Item>
    where
        Self: 'static,
        Self::Item: Send + 'static,
        F: Fn(crate::PageRequest) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<R, E>> + Send + 'static,
        R: Into<crate::Fetched<Self>>,
        E: Into<crate::BoxError>,
    {
        let source = crate::transport::closure::FnSource {
            fetch,
            spec: &Self::SPEC,
            into_parts: Self::into_parts,
            content: Self::items_fingerprint,
        };
        Paginator::new(Envelope::of::<Self>(Self::SPEC), source)
    }

    /// Walks every item through any blocking transport.
    ///
    /// See [`BlockingPaginator`] for an example.
    #[cfg(feature = "blocking")]
    fn from_fn_blocking<F, R, E>(fetch: F) -> BlockingPaginator<Self::Item>
    where
        Self: 'static,
        F: Fn(crate::PageRequest) -> Result<R, E> + Send + 'static,
        R: Into<crate::Fetched<Self>>,
        E: Into<crate::BoxError>,
    {
        let source = crate::transport::closure::BlockingFnSource {
            fetch,
            spec: &Self::SPEC,
            into_parts: Self::into_parts,
            content: Self::items_fingerprint,
        };
        BlockingPaginator::new(Envelope::of::<Self>(Self::SPEC), source)
    }
}

/// How a transport decodes and splits envelopes `P`.
#[cfg(feature = "reqwest")]
fn decoder<P: Paginate>() -> crate::transport::http::Envelope<P, P::Item> {
    crate::transport::http::Envelope {
        spec: &P::SPEC,
        into_parts: P::into_parts,
        content: P::items_fingerprint,
    }
}
