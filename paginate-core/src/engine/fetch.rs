//! The interface between the engines and the transports: a transport turns a [`PageRequest`] into a
//! page's parts plus what the guards need to know about the answer.

#[cfg(feature = "async")]
use std::future::Future;
#[cfg(feature = "async")]
use std::pin::Pin;

use std::time::Duration;

use crate::protocol::error::Result;
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::request::PageRequest;
use crate::protocol::signals::PageParts;
use crate::protocol::walk::Endpoint;

/// One page as a transport received it.
pub(crate) struct Received<T> {
    pub(crate) parts: PageParts<T>,
    /// The URL the page finally came from, after redirects (boxed: pages move through the engine).
    pub(crate) url: Option<Box<url::Url>>,
    /// The fingerprint of what the page contains.
    pub(crate) content: Option<Fingerprint>,
}

impl<T> Received<T> {
    #[inline]
    pub(crate) fn parts(parts: PageParts<T>, content: Option<Fingerprint>) -> Self {
        Received {
            parts,
            url: None,
            content,
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
    /// The first request: its URL (for relative next URLs and the origin check), its binding and its
    /// secrets.
    fn endpoint(&self) -> Endpoint {
        Endpoint::default()
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
    fn endpoint(&self) -> Endpoint {
        Endpoint::default()
    }
    fn size_hint(&self) -> Option<u64> {
        None
    }
}

/// How a request is named in an error (credentials redacted): its URL when it has one, else the
/// endpoint's.
#[cfg(feature = "async")]
pub(crate) fn describe(request: &PageRequest, endpoint: &Endpoint) -> String {
    use crate::protocol::redact::redact_with;
    match (request.url(), &endpoint.url) {
        (Some(url), _) => redact_with(url, &endpoint.secrets),
        (None, Some(url)) => redact_with(url.as_str(), &endpoint.secrets),
        (None, None) => "-".into(),
    }
}
