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

/// A portable timer (futures-timer's helper thread), which works under any executor without a runtime
/// feature.
#[derive(Debug, Clone, Copy, Default)]
pub struct ThreadTimer;

impl Timer for ThreadTimer {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        Box::pin(futures_timer::Delay::new(duration))
    }
}
