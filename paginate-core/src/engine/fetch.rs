//! The interface between the engines and the transports: a transport turns a [`PageRequest`] into a
//! page's parts plus what the guards need to know about the answer.

#[cfg(feature = "async")]
use std::future::Future;
#[cfg(feature = "async")]
use std::pin::Pin;

use url::Url;

use crate::protocol::error::Result;
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::request::PageRequest;
use crate::protocol::signals::PageParts;

/// One page as a transport received it.
pub(crate) struct Received<T> {
    pub(crate) parts: PageParts<T>,
    /// The URL the page finally came from, after redirects.
    pub(crate) url: Option<Url>,
    /// The fingerprint of the body.
    pub(crate) body: Option<Fingerprint>,
}

impl<T> Received<T> {
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

/// An async source of pages.
#[cfg(feature = "async")]
pub(crate) trait Fetch<T>: Send + Sync + 'static {
    fn fetch(&self, request: &PageRequest) -> PageFuture<T>;
    /// The URL of the first request, for resolving relative next URLs and the origin check.
    fn endpoint(&self) -> Option<Url> {
        None
    }
    /// A page size already present in the user's request.
    fn size_hint(&self) -> Option<u64> {
        None
    }
}

/// A blocking source of pages.
#[cfg(feature = "blocking")]
pub(crate) trait FetchBlocking<T>: Send + 'static {
    fn fetch(&self, request: &PageRequest) -> Result<Received<T>>;
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
