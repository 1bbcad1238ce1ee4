//! The interface between the engines and the transports: a transport turns a [`PageRequest`] into the
//! page it received. The async and blocking interfaces differ only in how the answer comes.

use std::future::Future;
#[cfg(any(feature = "async", feature = "reqwest"))]
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

#[cfg(any(feature = "async", feature = "reqwest"))]
use crate::error::ErrorKind;
use crate::error::Result;
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

/// A [`Fetcher`] whose fetches are the futures `make` returns, each pinned in the same allocation;
/// `finish` writes what a fetch returns into its outcome, where the engine holds it (a page is large:
/// it is built there rather than moved out of the future).
#[cfg(any(feature = "async", feature = "reqwest"))]
pub(crate) struct Reusable<Make, Fut, Finish> {
    make: Make,
    finish: Finish,
    fetch: Pin<Box<Option<Fut>>>,
}

#[cfg(any(feature = "async", feature = "reqwest"))]
impl<Make, Fut, Finish> Reusable<Make, Fut, Finish>
where
    Fut: Future,
{
    pub(crate) fn new(make: Make, finish: Finish) -> Self
    where
        Make: Fn(&PageRequest, Duration) -> Fut,
    {
        Reusable {
            make,
            finish,
            fetch: Box::pin(None),
        }
    }
}

#[cfg(any(feature = "async", feature = "reqwest"))]
impl<T, Make, Fut, Finish> Fetcher<T> for Reusable<Make, Fut, Finish>
where
    T: 'static,
    Make: Fn(&PageRequest, Duration) -> Fut + Send,
    Fut: Future + Send + 'static,
    Finish: Fn(Fut::Output, &mut Poll<Result<ReceivedPage<T>>>) + Clone + Send + Unpin + 'static,
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
        if let Poll::Ready(output) = fetch.poll(cx) {
            self.fetch.set(None);
            (self.finish)(output, outcome);
        }
    }

    fn cancel(&mut self) {
        self.fetch.set(None);
    }

    fn take(&mut self) -> Option<PageFuture<T>> {
        self.fetch.as_ref().get_ref().as_ref()?;
        let fetch = std::mem::replace(&mut self.fetch, Box::pin(None));
        Some(Box::pin(Moved {
            fetch,
            finish: self.finish.clone(),
            output: PhantomData,
        }))
    }
}

/// A fetch moved out of its fetcher, in the allocation it was pinned in.
#[cfg(any(feature = "async", feature = "reqwest"))]
struct Moved<Fut, Finish, O> {
    fetch: Pin<Box<Option<Fut>>>,
    finish: Finish,
    output: PhantomData<fn() -> O>,
}

#[cfg(any(feature = "async", feature = "reqwest"))]
impl<Fut, Finish, O> Future for Moved<Fut, Finish, O>
where
    Fut: Future,
    Finish: Fn(Fut::Output, &mut Poll<O>) + Unpin,
{
    type Output = O;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<O> {
        let mut outcome = Poll::Pending;
        // Only a fetch under way is moved.
        if let Some(fetch) = self.fetch.as_mut().as_pin_mut() {
            if let Poll::Ready(output) = fetch.poll(cx) {
                (self.finish)(output, &mut outcome);
            }
        }
        outcome
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

#[cfg(test)]
mod tests {
    use std::task::Waker;

    use super::*;
    use crate::protocol::page::PageParts;
    use crate::protocol::request::Position;
    use crate::protocol::signals::Signals;

    /// A fetch of `request` that waits once, then answers with its offset.
    fn make(request: &PageRequest, _: Duration) -> impl Future<Output = Option<u64>> + Send + 'static {
        let (offset, mut waited) = (request.offset(), false);
        std::future::poll_fn(move |_| match std::mem::replace(&mut waited, true) {
            true => Poll::Ready(offset),
            false => Poll::Pending,
        })
    }

    /// The page holding the offset the fetch answered.
    fn finish(offset: Option<u64>, outcome: &mut Poll<Result<ReceivedPage<u64>>>) {
        let parts = PageParts::new(offset.into_iter().collect(), Signals::default());
        *outcome = Poll::Ready(Ok(ReceivedPage::new(parts)));
    }

    fn items(outcome: Poll<Result<ReceivedPage<u64>>>) -> Option<Vec<u64>> {
        match outcome {
            Poll::Ready(Ok(page)) => Some(page.parts.items),
            _ => None,
        }
    }

    #[test]
    fn a_fetch_ends_the_same_in_place_and_moved_out() {
        let mut cx = Context::from_waker(Waker::noop());
        let mut fetcher = Reusable::new(make, finish);
        let mut outcome = Poll::Pending;

        // In place, twice in the same memory.
        for offset in [10, 20] {
            fetcher.start(&PageRequest::new(Position::Offset(offset), None), Duration::ZERO);
            fetcher.poll_fetch(&mut cx, &mut outcome);
            assert!(outcome.is_pending());
            fetcher.poll_fetch(&mut cx, &mut outcome);
            assert_eq!(
                items(std::mem::replace(&mut outcome, Poll::Pending)),
                Some(vec![offset])
            );
        }

        // Moved out while it waits: it finishes wherever it is polled, and the fetcher is idle.
        fetcher.start(&PageRequest::new(Position::Offset(30), None), Duration::ZERO);
        fetcher.poll_fetch(&mut cx, &mut outcome);
        let mut moved = Fetcher::<u64>::take(&mut fetcher).expect("a fetch under way");
        assert!(Fetcher::<u64>::take(&mut fetcher).is_none());
        assert_eq!(items(moved.as_mut().poll(&mut cx)), Some(vec![30]));
        fetcher.poll_fetch(&mut cx, &mut outcome);
        assert!(
            matches!(outcome, Poll::Ready(Err(_))),
            "nothing was asked of the fetcher since"
        );
    }
}
