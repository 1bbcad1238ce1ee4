//! The interface between the engines and the transports: a transport turns a [`PageRequest`] into the
//! page it received. The async and blocking interfaces differ only in how the answer comes.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use crate::error::{ErrorKind, Result};
use crate::protocol::page::ReceivedPage;
use crate::protocol::request::PageRequest;
use crate::protocol::walk::Endpoint;

/// A page fetch in progress.
pub type PageFuture<T> = Pin<Box<dyn Future<Output = Result<ReceivedPage<T>>> + Send>>;

/// An async source of pages.
pub trait Fetch<T>: Send + Sync + 'static {
    /// A fetcher of this source's pages: one fetch at a time, in memory reused from one to the next.
    fn fetcher(&self) -> Box<dyn Fetcher<T>>;
    /// Whether every fetch crosses a network: its next page is worth requesting ahead even when an
    /// answer came at the first poll (a loopback server can be that fast). A source that is not
    /// (a closure) is judged by how it answers.
    fn networked(&self) -> bool {
        false
    }
    /// The first request: its URL (for relative next URLs and the origin check), its binding, its
    /// page size and its secrets.
    fn endpoint(&self) -> Endpoint {
        Endpoint::default()
    }
}

/// Fetches pages one at a time, each in the memory the one before used: a walk fetches its next page
/// with the same fetcher page after page, and allocates nothing for it.
pub trait Fetcher<T>: Send {
    /// Starts fetching `request` within `timeout`, the attempt's deadline (the engine enforces it
    /// too); a fetch still under way is dropped.
    fn start(&mut self, request: &PageRequest, timeout: Duration);
    /// Polls the fetch started last into `outcome` (written in place: a page is large); once it is
    /// ready, the fetcher is idle.
    fn poll_fetch(&mut self, cx: &mut Context<'_>, outcome: &mut Poll<Result<ReceivedPage<T>>>);
    /// Drops the fetch under way, if any.
    fn cancel(&mut self);
    /// The fetch under way, moved out to run elsewhere (see `detach`).
    fn take(&mut self) -> Option<PageFuture<T>>;
}

/// A [`Fetcher`] whose fetches are the futures `make` returns, each pinned in the same allocation.
pub(crate) struct Reusable<Make, Fut> {
    make: Make,
    fetch: Pin<Box<Option<Fut>>>,
}

impl<Make, Fut> Reusable<Make, Fut> {
    pub(crate) fn new(make: Make) -> Self
    where
        Make: Fn(&PageRequest, Duration) -> Fut,
    {
        Reusable {
            make,
            fetch: Box::pin(None),
        }
    }
}

impl<T, Make, Fut> Fetcher<T> for Reusable<Make, Fut>
where
    Make: Fn(&PageRequest, Duration) -> Fut + Send,
    Fut: Future<Output = Result<ReceivedPage<T>>> + Send + 'static,
{
    fn start(&mut self, request: &PageRequest, timeout: Duration) {
        self.fetch.set(Some((self.make)(request, timeout)));
    }

    fn poll_fetch(&mut self, cx: &mut Context<'_>, outcome: &mut Poll<Result<ReceivedPage<T>>>) {
        let Some(fetch) = self.fetch.as_mut().as_pin_mut() else {
            *outcome = Poll::Ready(Err(ErrorKind::Protocol {
                reason: "a page was awaited that was never asked for".into(),
            }
            .into()));
            return;
        };
        *outcome = fetch.poll(cx);
        if outcome.is_ready() {
            self.fetch.set(None);
        }
    }

    fn cancel(&mut self) {
        self.fetch.set(None);
    }

    fn take(&mut self) -> Option<PageFuture<T>> {
        self.fetch.as_ref().get_ref().as_ref()?;
        let fetch = std::mem::replace(&mut self.fetch, Box::pin(None));
        Some(Box::pin(Moved(fetch)))
    }
}

/// A fetch moved out of its fetcher, in the allocation it was pinned in.
struct Moved<Fut>(Pin<Box<Option<Fut>>>);

impl<Fut: Future> Future for Moved<Fut> {
    type Output = Fut::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Fut::Output> {
        match self.0.as_mut().as_pin_mut() {
            Some(fetch) => fetch.poll(cx),
            // Only a fetch under way is moved.
            None => Poll::Pending,
        }
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
