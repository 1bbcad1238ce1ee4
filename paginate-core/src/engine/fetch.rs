//! The interface between the engines and the transports: a transport turns a [`PageRequest`] into the
//! page it received. The async and blocking interfaces differ only in how the answer comes.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use crate::error::Result;
use crate::protocol::page::ReceivedPage;
use crate::protocol::request::PageRequest;
use crate::protocol::walk::Endpoint;

/// A page fetch in progress.
pub type PageFuture<T> = Pin<Box<dyn Future<Output = Result<ReceivedPage<T>>> + Send>>;

/// An async source of pages. `timeout` is the attempt's deadline (the engine enforces it too).
pub trait Fetch<T>: Send + Sync + 'static {
    fn fetch(&self, request: &PageRequest, timeout: Duration) -> PageFuture<T>;
    /// The first request: its URL (for relative next URLs and the origin check), its binding, its
    /// page size and its secrets.
    fn endpoint(&self) -> Endpoint {
        Endpoint::default()
    }
}

/// A blocking source of pages. `timeout` is the attempt's deadline, which the transport applies.
pub trait FetchBlocking<T>: Send + 'static {
    fn fetch(&self, request: &PageRequest, timeout: Duration) -> Result<ReceivedPage<T>>;
    /// Whether the transport can take time (the network): its page's deadline then counts from its
    /// first attempt. A closure that cannot be interrupted counts it from its first failure, so an
    /// instant transport never reads the clock.
    fn waits(&self) -> bool {
        true
    }
    /// As [`Fetch::endpoint`].
    fn endpoint(&self) -> Endpoint {
        Endpoint::default()
    }
}

/// How a request is named in an error (credentials redacted): its URL when it has one, else the
/// endpoint's.
pub(crate) fn describe(request: &PageRequest, endpoint: &Endpoint) -> String {
    use crate::protocol::redact::redact_with;
    match (request.url(), &endpoint.url) {
        (Some(url), _) => redact_with(url, &endpoint.secrets),
        (None, Some(url)) => redact_with(url.as_str(), &endpoint.secrets),
        (None, None) => "-".into(),
    }
}
