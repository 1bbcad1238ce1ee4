//! The interface between the engines and the transports: a transport turns a [`PageRequest`] into a
//! page's parts plus what the guards need to know about the answer.

#[cfg(feature = "async")]
use std::future::Future;
#[cfg(feature = "async")]
use std::pin::Pin;

use std::time::Duration;

use url::Url;

use crate::protocol::error::Result;
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::request::PageRequest;
use crate::protocol::signals::PageParts;

/// One page as a transport received it.
pub(crate) struct Received<T> {
    pub(crate) parts: PageParts<T>,
    /// The URL the page finally came from, after redirects (boxed: pages move through the engine).
    pub(crate) url: Option<Box<Url>>,
    /// The fingerprint of the body.
    pub(crate) body: Option<Fingerprint>,
}

impl<T> Received<T> {
    #[inline]
    pub(crate) fn parts(parts: PageParts<T>) -> Self {
        Received {
            parts,
            url: None,
            body: None,
        }
    }
}

/// A page fetch in progress.
#[cfg(feature = "async")]
pub(crate) type PageFuture<T> = Pin<Box<dyn Future<Output = Result<Received<T>>> + Send>>;

/// An async source of pages. `timeout` is the attempt's deadline (the engine enforces it too).
#[cfg(feature = "async")]
pub(crate) trait Fetch<T>: Send + Sync + 'static {
    fn fetch(&self, request: &PageRequest, timeout: Duration) -> PageFuture<T>;
    /// The URL of the first request, for resolving relative next URLs and the origin check.
    fn endpoint(&self) -> Option<Url> {
        None
    }
    /// A page size already present in the user's request.
    fn size_hint(&self) -> Option<u64> {
        None
    }
}

/// A blocking source of pages. `timeout` is the attempt's deadline, which the transport applies.
#[cfg(feature = "blocking")]
pub(crate) trait FetchBlocking<T>: Send + 'static {
    fn fetch(&self, request: &PageRequest, timeout: Duration) -> Result<Received<T>>;
    /// Whether the transport can take time (the network): its page's deadline then counts from its
    /// first attempt. A closure that cannot be interrupted counts it from its first failure, so an
    /// instant transport never reads the clock.
    fn waits(&self) -> bool {
        true
    }
    fn endpoint(&self) -> Option<Url> {
        None
    }
    fn size_hint(&self) -> Option<u64> {
        None
    }
}

/// How a request is named in an error (credentials redacted): its URL when it has one, else the
/// endpoint's.
#[cfg(feature = "async")]
pub(crate) fn describe(request: &PageRequest, endpoint: Option<&Url>) -> String {
    match (request.url(), endpoint) {
        (Some(url), _) => crate::protocol::url::redact(url),
        (None, Some(endpoint)) => crate::protocol::url::redact(endpoint.as_str()),
        (None, None) => "-".into(),
    }
}
