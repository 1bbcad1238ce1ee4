//! Pacing: a minimum interval between requests, shareable by several walks of the same API.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Spaces requests at least `interval` apart. Clones share one schedule, so walks that use clones of
/// the same pacer together respect the interval (Airclou recommends a delay between pages).
///
/// ```
/// use std::time::Duration;
/// use paginated_core::Pacer;
/// let pacer = Pacer::new(Duration::from_millis(100));
/// let shared = pacer.clone();
/// assert_eq!(pacer.reserve(), Duration::ZERO);
/// assert!(shared.reserve() > Duration::from_millis(50), "the second request waits for its slot");
/// ```
#[derive(Debug, Clone)]
pub struct Pacer {
    interval: Duration,
    next_slot: Arc<Mutex<Option<Instant>>>,
}

impl Pacer {
    /// A pacer allowing one request per `interval`.
    pub fn new(interval: Duration) -> Self {
        Pacer {
            interval,
            next_slot: Arc::new(Mutex::new(None)),
        }
    }

    /// Reserves the next request slot; returns how long to wait before sending.
    pub fn reserve(&self) -> Duration {
        self.reserve_at(Instant::now())
    }

    /// Reserves the next request slot as of `now` (a walk's [`Timer`](crate::Timer) clock); returns how
    /// long to wait before sending.
    pub fn reserve_at(&self, now: Instant) -> Duration {
        let mut next_slot = self
            .next_slot
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let slot = next_slot.map_or(now, |slot| slot.max(now));
        *next_slot = Some(slot.checked_add(self.interval).unwrap_or(slot));
        slot - now
    }
}
