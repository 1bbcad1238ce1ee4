//! Where pages come from: the user's reqwest request, repeated with each page's parameters, or a
//! closure that calls an SDK. Sealed: the public constructors are on [`Paginate`](crate::Paginate).

use std::sync::Arc;

use futures::future::BoxFuture;
use url::Url;

use crate::envelope::{PageParts, Paginate};
use crate::error::{BoxError, Error, Result};
use crate::request::PageRequest;

/// Default cap on one response body: 32 MiB.
pub(crate) const DEFAULT_MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// Decides from a non-success status and the start of its body whether the API rejected the cursor
/// (or next URL, or key) it was sent.
pub(crate) type CursorRejected = Arc<dyn Fn(u16, &str) -> bool + Send + Sync>;

/// Transport settings that are not part of the pagination state.
#[derive(Clone)]
pub(crate) struct FetchOptions {
    pub(crate) max_body_bytes: u64,
    pub(crate) cursor_rejected: CursorRejected,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            cursor_rejected: Arc::new(default_cursor_rejected),
        }
    }
}

/// The default invalid-cursor predicate: a client error whose body names the cursor (seed 002:
/// `400 {"error": {"code": "invalid_cursor"}}`).
fn default_cursor_rejected(status: u16, body: &str) -> bool {
    matches!(status, 400 | 404 | 410 | 422) && body.to_ascii_lowercase().contains("cursor")
}

/// What a closure transport returns for one page: the envelope, plus the `Link` header's `rel="next"`
/// target for `link_header` envelopes. A bare envelope converts into it.
///
/// ```
/// use paginate_core::Fetched;
/// let fetched: Fetched<Vec<u8>> = Fetched::new(vec![1]).with_next_link(Some("/items?page=2".into()));
/// assert_eq!(fetched.next_link.as_deref(), Some("/items?page=2"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched<P> {
    /// The decoded envelope.
    pub envelope: P,
    /// The `rel="next"` URL of the response's `Link` header, if any.
    pub next_link: Option<String>,
}

impl<P> Fetched<P> {
    /// A page without a `Link` header.
    pub fn new(envelope: P) -> Self {
        Fetched {
            envelope,
            next_link: None,
        }
    }
    /// Sets the `rel="next"` URL of the `Link` header.
    pub fn with_next_link(mut self, next_link: Option<String>) -> Self {
        self.next_link = next_link;
        self
    }
}

impl<P> From<P> for Fetched<P> {
    fn from(envelope: P) -> Self {
        Fetched::new(envelope)
    }
}

impl<P: Paginate> Fetched<P> {
    pub(crate) fn into_parts(self) -> PageParts<P::Item> {
        let mut parts = self.envelope.into_parts();
        if self.next_link.is_some() {
            parts.signals.next_url = self.next_link;
        }
        parts
    }
}

/// An async source of pages.
pub(crate) trait Fetch<P: Paginate>: Send + Sync + 'static {
    fn fetch(
        &self,
        request: &PageRequest,
        options: &FetchOptions,
    ) -> BoxFuture<'static, Result<PageParts<P::Item>>>;
    /// The URL of the first request, for resolving relative next URLs and the origin check.
    fn base_url(&self) -> Option<Url> {
        None
    }
    /// A page size already present in the user's request.
    fn size_hint(&self) -> Option<u64> {
        None
    }
}

/// A blocking source of pages.
pub(crate) trait FetchBlocking<P: Paginate>: Send + 'static {
    fn fetch(&self, request: &PageRequest, options: &FetchOptions) -> Result<PageParts<P::Item>>;
    fn base_url(&self) -> Option<Url> {
        None
    }
    fn size_hint(&self) -> Option<u64> {
        None
    }
}

/// A closure transport.
pub(crate) struct FnSource<F>(pub(crate) F);

impl<P, F, Fut, R, E> Fetch<P> for FnSource<F>
where
    P: Paginate + 'static,
    F: Fn(PageRequest) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = std::result::Result<R, E>> + Send + 'static,
    R: Into<Fetched<P>>,
    E: Into<BoxError>,
{
    fn fetch(
        &self,
        request: &PageRequest,
        _: &FetchOptions,
    ) -> BoxFuture<'static, Result<PageParts<P::Item>>> {
        let future = (self.0)(request.clone());
        Box::pin(async move {
            match future.await {
                Ok(reply) => Ok(reply.into().into_parts()),
                Err(error) => Err(Error::transport(error)),
            }
        })
    }
}

/// A blocking closure transport.
pub(crate) struct BlockingFnSource<F>(pub(crate) F);

impl<P, F, R, E> FetchBlocking<P> for BlockingFnSource<F>
where
    P: Paginate + 'static,
    F: Fn(PageRequest) -> std::result::Result<R, E> + Send + 'static,
    R: Into<Fetched<P>>,
    E: Into<BoxError>,
{
    fn fetch(&self, request: &PageRequest, _: &FetchOptions) -> Result<PageParts<P::Item>> {
        match (self.0)(request.clone()) {
            Ok(reply) => Ok(reply.into().into_parts()),
            Err(error) => Err(Error::transport(error)),
        }
    }
}
