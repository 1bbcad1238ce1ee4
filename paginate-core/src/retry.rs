//! Retries: which failures are transient, and how long to wait before trying the same page again
//! (exponential backoff with full jitter, or the API's `Retry-After`), bounded by attempts and time.

use std::time::{Duration, SystemTime};

use crate::error::Error;

/// When and how often a failed page request is tried again. Only the failed page is retried, never the
/// walk from its start.
///
/// Transient failures are `429`, `408` and `5xx` answers, connection errors and timeouts, and bodies cut
/// short. The wait before attempt *n* is a random duration in `[0, min(max_backoff, initial_backoff ×
/// 2ⁿ)]` (full jitter), or the `Retry-After` the API sent (seconds or HTTP date), whichever is longer.
///
/// ```
/// use std::time::Duration;
/// use paginate_core::RetryPolicy;
/// let policy = RetryPolicy::default().max_attempts(8).max_elapsed(Duration::from_secs(30));
/// assert_eq!(policy.attempts(), 8);
/// assert_eq!(RetryPolicy::disabled().attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_elapsed: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, 200 ms initial backoff, 10 s maximum backoff, 2 minutes in all.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            max_elapsed: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No retries: the first failure ends the walk.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }
    /// Attempts per page, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }
    /// Upper bound of the first backoff.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }
    /// Upper bound of any computed backoff (a longer `Retry-After` is still honoured within
    /// `max_elapsed`).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }
    /// Total time spent on one page, waits included, after which its failure is final.
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }
    /// Attempts per page.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The wait before attempt `attempt + 1` after `error` (attempt counts from 1), or `None` when the
    /// failure is final. `elapsed` is the time spent on this page so far; `random` is in `[0, 1)`.
    pub(crate) fn delay(
        &self,
        error: &Error,
        attempt: u32,
        elapsed: Duration,
        random: f64,
    ) -> Option<Duration> {
        if !error.is_transient() || attempt >= self.max_attempts {
            return None;
        }
        let exponential = self
            .initial_backoff
            .saturating_mul(1u32 << (attempt - 1).min(20))
            .min(self.max_backoff);
        let jittered = exponential.mul_f64(random);
        let delay = jittered.max(error.retry_after().unwrap_or_default());
        (elapsed + delay <= self.max_elapsed).then_some(delay)
    }
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or_default())
}

/// A random number in `[0, 1)` for jitter: splitmix64 over the clock and a counter (jitter needs spread,
/// not cryptographic quality).
pub(crate) fn jitter() -> f64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_nanos() as u64);
    let mut z = nanos ^ COUNTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(status: u16, retry_after: Option<Duration>) -> Error {
        Error::Status {
            status,
            url: "http://api.test/".into(),
            body: String::new(),
            retry_after,
        }
    }

    #[test]
    fn backoff_grows_with_full_jitter_and_stops() {
        let policy = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_secs(1))
            .max_attempts(6);
        let error = status(503, None);
        assert_eq!(
            policy.delay(&error, 1, Duration::ZERO, 0.999),
            Some(Duration::from_millis(100).mul_f64(0.999))
        );
        assert_eq!(
            policy.delay(&error, 3, Duration::ZERO, 0.5),
            Some(Duration::from_millis(200))
        );
        assert_eq!(
            policy.delay(&error, 5, Duration::ZERO, 0.5),
            Some(Duration::from_millis(500))
        );
        assert_eq!(policy.delay(&error, 2, Duration::ZERO, 0.0), Some(Duration::ZERO));
        assert_eq!(
            policy.delay(&error, 6, Duration::ZERO, 0.5),
            None,
            "attempts exhausted"
        );
        assert_eq!(
            policy.delay(&status(404, None), 1, Duration::ZERO, 0.5),
            None,
            "not transient"
        );
        assert_eq!(
            policy.delay(&error, 1, Duration::from_secs(120), 0.5),
            None,
            "out of time"
        );
    }

    #[test]
    fn retry_after_wins_over_a_shorter_backoff() {
        let policy = RetryPolicy::default();
        let error = status(429, Some(Duration::from_secs(3)));
        assert_eq!(
            policy.delay(&error, 1, Duration::ZERO, 0.1),
            Some(Duration::from_secs(3))
        );
    }

    #[test]
    fn retry_after_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(30)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(30));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn jitter_is_in_range() {
        assert!((0..1000).map(|_| jitter()).all(|x| (0.0..1.0).contains(&x)));
    }
}
