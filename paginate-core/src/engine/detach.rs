//! Fetches that run ahead of the consumer. Once a page is handed out, a prefetched or concurrent
//! fetch still waiting on its transport has to keep going while the consumer works, although nothing
//! polls the walk: an HTTP client may need several polls (a connection to open, a pooled one not yet
//! back) before its request leaves. Inside a tokio runtime such a fetch moves to a task of its own,
//! aborted when the walk drops it; elsewhere it progresses whenever the walk is polled. A fetch that
//! answers at once (an in-memory source) never gets here, nor does one whose consumer comes straight
//! back (the engine decides, `Engine::detach`).

use crate::engine::fetch::PageFuture;

/// Lets `future` progress without the walk being polled, where the executor allows it.
#[cfg(feature = "tokio")]
pub(crate) fn detach<T: Send + 'static>(future: PageFuture<T>) -> PageFuture<T> {
    match tokio::runtime::Handle::try_current() {
        Ok(runtime) => Box::pin(task::Detached(runtime.spawn(future))),
        Err(_) => future,
    }
}

/// Lets `future` progress without the walk being polled, where the executor allows it.
#[cfg(not(feature = "tokio"))]
pub(crate) fn detach<T>(future: PageFuture<T>) -> PageFuture<T> {
    future
}

#[cfg(feature = "tokio")]
mod task {
    use std::future::Future;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use crate::error::{Error, Result};
    use crate::protocol::page::ReceivedPage;

    /// A fetch running as a task: its outcome, or its panic unwound into the consumer's poll as if
    /// the fetch had run in place. Dropping it (a deadline, a missed prediction, the walk dropped)
    /// aborts the task.
    pub(super) struct Detached<T>(pub(super) tokio::task::JoinHandle<Result<ReceivedPage<T>>>);

    impl<T> Future for Detached<T> {
        type Output = Result<ReceivedPage<T>>;

        fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
            match Pin::new(&mut self.0).poll(cx) {
                Poll::Pending => Poll::Pending,
                Poll::Ready(Ok(outcome)) => Poll::Ready(outcome),
                Poll::Ready(Err(failed)) => match failed.try_into_panic() {
                    Ok(panic) => std::panic::resume_unwind(panic),
                    // Cancelled: the runtime is shutting down under the walk.
                    Err(cancelled) => Poll::Ready(Err(Error::transport(cancelled))),
                },
            }
        }
    }

    impl<T> Drop for Detached<T> {
        fn drop(&mut self) {
            self.0.abort();
        }
    }
}
