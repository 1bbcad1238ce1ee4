//! Time for the engines. Backoff, pacing and deadlines sleep and read the clock through a [`Timer`],
//! so an async walk runs under any executor (tokio, `futures::executor`, smol/async-io) and tests can
//! run walks on a virtual clock.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, Instant};

/// A sleep in progress.
pub type Sleep = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The clock and sleeps of a walk. [`DefaultTimer`] picks the runtime's timer; inject another with
/// `.timer(..)` (a virtual clock in tests, a runtime of your own).
///
/// ```
/// use std::time::{Duration, Instant};
/// use paginated_core::{Sleep, Timer};
///
/// /// A timer that never waits: every sleep completes at once.
/// struct Impatient;
/// impl Timer for Impatient {
///     fn now(&self) -> Instant { Instant::now() }
///     fn sleep(&self, _: Duration) -> Sleep { Box::pin(std::future::ready(())) }
///     fn sleep_blocking(&self, _: Duration) {}
/// }
/// Impatient.sleep_blocking(Duration::from_secs(3600));
/// ```
pub trait Timer: Send + Sync + 'static {
    /// The current instant.
    fn now(&self) -> Instant;
    /// A future that completes after `duration` (async walks).
    fn sleep(&self, duration: Duration) -> Sleep;
    /// Blocks the thread for `duration` (blocking walks).
    fn sleep_blocking(&self, duration: Duration) {
        std::thread::sleep(duration);
    }
}

/// The default timer: tokio's inside a tokio runtime (feature `tokio`, on by default; the runtime needs
/// its time driver, which `#[tokio::main]` enables), else async-io's (feature `async-io`), else a
/// portable timer thread. Blocking walks sleep the thread.
#[derive(Debug, Clone, Copy, Default)]
pub struct DefaultTimer;

impl Timer for DefaultTimer {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        #[cfg(feature = "tokio")]
        if tokio::runtime::Handle::try_current().is_ok() {
            return TokioTimer.sleep(duration);
        }
        #[cfg(feature = "async-io")]
        return AsyncIoTimer.sleep(duration);
        #[allow(unreachable_code)]
        ThreadTimer.sleep(duration)
    }
}

/// tokio's timer. Needs a tokio runtime with its time driver.
#[cfg(feature = "tokio")]
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioTimer;

#[cfg(feature = "tokio")]
impl Timer for TokioTimer {
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// async-io's timer (smol's), which works under any executor.
#[cfg(feature = "async-io")]
#[derive(Debug, Clone, Copy, Default)]
pub struct AsyncIoTimer;

#[cfg(feature = "async-io")]
impl Timer for AsyncIoTimer {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(async move {
            async_io::Timer::after(duration).await;
        })
    }
}

/// A portable timer on a helper thread, which works under any executor: futures-timer's thread (feature
/// `futures-timer`), else a tokio runtime of its own on a thread of its own (feature `tokio`, so that a
/// walk outside a tokio runtime builds no other timer), else async-io's thread (feature `async-io`).
/// Without any of these features (a build without async walks), each sleep waits on a thread of its own.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadTimer;

#[cfg(all(
    feature = "async",
    not(any(feature = "tokio", feature = "async-io", feature = "futures-timer"))
))]
compile_error!(
    "async walks need a timer: enable the `tokio`, `async-io` or `futures-timer` feature of paginated-core"
);

impl Timer for ThreadTimer {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        #[cfg(feature = "futures-timer")]
        return Box::pin(futures_timer::Delay::new(duration));
        #[cfg(all(feature = "tokio", not(feature = "futures-timer")))]
        return {
            let _runtime = timer_runtime().enter();
            Box::pin(tokio::time::sleep(duration))
        };
        #[cfg(all(feature = "async-io", not(any(feature = "tokio", feature = "futures-timer"))))]
        return AsyncIoTimer.sleep(duration);
        #[cfg(not(any(feature = "tokio", feature = "async-io", feature = "futures-timer")))]
        Box::pin(thread_sleep(duration))
    }
}

/// A tokio runtime that only drives timers, on a thread of its own: a tokio sleep created inside it
/// may be polled by any executor.
#[cfg(all(feature = "tokio", not(feature = "futures-timer")))]
fn timer_runtime() -> &'static tokio::runtime::Handle {
    static HANDLE: std::sync::OnceLock<tokio::runtime::Handle> = std::sync::OnceLock::new();
    HANDLE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a tokio runtime with only a timer starts");
        let handle = runtime.handle().clone();
        std::thread::Builder::new()
            .name("paginated-timer".into())
            .spawn(move || runtime.block_on(std::future::pending::<()>()))
            .expect("the timer thread starts");
        handle
    })
}

/// A sleep on a thread of its own, for builds without an async timer.
#[cfg(not(any(feature = "tokio", feature = "async-io", feature = "futures-timer")))]
fn thread_sleep(duration: Duration) -> impl Future<Output = ()> + Send {
    use std::sync::{Arc, Mutex};
    use std::task::{Poll, Waker};
    // Whether the sleep is over, and the task to wake when it is.
    let state: Arc<Mutex<(bool, Option<Waker>)>> = Arc::default();
    let mut thread = Some((Arc::clone(&state), duration));
    std::future::poll_fn(move |context| {
        if let Some((state, duration)) = thread.take() {
            std::thread::spawn(move || {
                std::thread::sleep(duration);
                let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                state.0 = true;
                if let Some(waker) = state.1.take() {
                    waker.wake();
                }
            });
        }
        let mut state = state.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if state.0 {
            return Poll::Ready(());
        }
        state.1 = Some(context.waker().clone());
        Poll::Pending
    })
}
