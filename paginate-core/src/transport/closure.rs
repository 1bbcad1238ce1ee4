//! Closure transports: any async or blocking function from [`PageRequest`] to an envelope, typically a
//! call into a generated SDK.

use std::borrow::Cow;
#[cfg(feature = "async")]
use std::sync::Arc;
#[cfg(feature = "async")]
use std::task::Poll;

#[cfg(feature = "blocking")]
use crate::engine::fetch::FetchBlocking;
#[cfg(feature = "async")]
use crate::engine::fetch::{Fetch, Fetcher, Reusable};
use crate::error::{BoxError, Error, Result};
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::page::{PageParts, ReceivedPage};
use crate::protocol::request::PageRequest;
use crate::transport::splitter::Splitter;

/// What a closure transport returns for one page: the envelope, plus the response headers the envelope
/// reads signals from (`Link` for `link_header`, `X-Total-Count`, ...). A bare envelope converts into
/// it.
///
/// ```
/// use paginated_core::Fetched;
/// let fetched: Fetched<Vec<u8>> = Fetched::new(vec![1])
///     .with_next_link(Some("/items?page=2".into()))
///     .with_header("X-Total-Count", "1037");
/// assert_eq!(fetched.next_link.as_deref(), Some("/items?page=2"));
/// assert_eq!(fetched.headers, [("X-Total-Count".to_owned(), "1037".to_owned())]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched<P> {
    /// The decoded envelope.
    pub envelope: P,
    /// The `rel="next"` URL of the response's `Link` header, if any.
    pub next_link: Option<String>,
    /// Response headers, for envelopes that read signals from headers.
    pub headers: Vec<(String, String)>,
}

impl<P> Fetched<P> {
    /// A page without headers.
    pub fn new(envelope: P) -> Self {
        Fetched {
            envelope,
            next_link: None,
            headers: Vec::new(),
        }
    }
    /// Sets the `rel="next"` URL of the `Link` header.
    pub fn with_next_link(mut self, next_link: Option<String>) -> Self {
        self.next_link = next_link;
        self
    }
    /// Adds a response header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// The page: the envelope's parts, with the signals its spec reads from headers, and the
    /// fingerprint of its items where the item type has one.
    #[cfg(feature = "blocking")]
    fn into_page<T>(self, splitter: Splitter<P, T>) -> ReceivedPage<T> {
        let mut parts = (splitter.into_parts)(self.envelope);
        let content = complete(&mut parts, splitter, self.next_link, &self.headers);
        ReceivedPage {
            parts,
            url: None,
            content,
        }
    }

    /// Writes the page `into_page` builds into `outcome`: its parts are completed where the envelope
    /// split them, then moved once (a page is large).
    #[cfg(feature = "async")]
    #[inline]
    fn write_page<T>(self, splitter: Splitter<P, T>, outcome: &mut Poll<Result<ReceivedPage<T>>>) {
        let mut parts = (splitter.into_parts)(self.envelope);
        let content = complete(&mut parts, splitter, self.next_link, &self.headers);
        *outcome = Poll::Ready(Ok(ReceivedPage {
            parts,
            url: None,
            content,
        }));
    }
}

/// Completes an envelope's parts with the signals its spec reads from headers and the `Link` header's
/// next URL; returns the fingerprint of its items, where the item type has one.
#[inline]
fn complete<P, T>(
    parts: &mut PageParts<T>,
    splitter: Splitter<P, T>,
    next_link: Option<String>,
    headers: &[(String, String)],
) -> Option<Fingerprint> {
    if !headers.is_empty() {
        parts.signals.read_headers(splitter.spec, |name| {
            headers
                .iter()
                .find(|(header, _)| header.eq_ignore_ascii_case(name))
                .map(|(_, value)| Cow::Borrowed(value.as_str()))
        });
    }
    if next_link.is_some() {
        parts.signals.next_url = next_link;
    }
    match parts.items.is_empty() {
        true => None,
        false => (splitter.content)(&parts.items),
    }
}

impl<P> From<P> for Fetched<P> {
    fn from(envelope: P) -> Self {
        Fetched::new(envelope)
    }
}

/// An async closure transport over envelopes `P` with items `T`.
#[cfg(feature = "async")]
pub(crate) struct FnSource<F, P, T> {
    pub(crate) fetch: Arc<F>,
    pub(crate) splitter: Splitter<P, T>,
}

#[cfg(feature = "async")]
impl<F, Fut, R, E, P, T> Fetch<T> for FnSource<F, P, T>
where
    F: Fn(PageRequest) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = std::result::Result<R, E>> + Send + 'static,
    R: Into<Fetched<P>>,
    E: Into<BoxError>,
    P: 'static,
    T: Send + 'static,
{
    fn fetcher(&self) -> Box<dyn Fetcher<T>> {
        let (fetch, splitter) = (Arc::clone(&self.fetch), self.splitter);
        Box::new(Reusable::new(
            move |request: &PageRequest, timeout| fetch(request.with_timeout(timeout)),
            // The page is built from the reply where the engine holds it, not inside the future.
            move |reply: std::result::Result<R, E>, outcome: &mut Poll<Result<ReceivedPage<T>>>| match reply {
                Ok(reply) => reply.into().write_page(splitter, outcome),
                Err(error) => *outcome = Poll::Ready(Err(Error::transport(error))),
            },
        ))
    }
}

/// A blocking closure transport.
#[cfg(feature = "blocking")]
pub(crate) struct BlockingFnSource<F, P, T> {
    pub(crate) fetch: F,
    pub(crate) splitter: Splitter<P, T>,
}

#[cfg(feature = "blocking")]
impl<F, R, E, P, T> FetchBlocking<T> for BlockingFnSource<F, P, T>
where
    F: Fn(PageRequest) -> std::result::Result<R, E> + Send + 'static,
    R: Into<Fetched<P>>,
    E: Into<BoxError>,
    P: 'static,
    T: 'static,
{
    fn fetch(&self, request: &PageRequest, timeout: std::time::Duration) -> Result<ReceivedPage<T>> {
        match (self.fetch)(request.with_timeout(timeout)) {
            Ok(reply) => Ok(reply.into().into_page(self.splitter)),
            Err(error) => Err(Error::transport(error)),
        }
    }

    /// A closure cannot be interrupted: its page's deadline counts from its first failure, and an
    /// in-memory transport never reads the clock.
    fn waits(&self) -> bool {
        false
    }
}
