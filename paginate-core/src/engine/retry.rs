//! Retries: which failures are transient, and how long to wait before trying the same page again
//! (exponential backoff with full jitter, or the API's `Retry-After`), bounded by attempts and time.

use std::time::{Duration, SystemTime};

use crate::error::Error;

/// When and how often a failed page request is tried again, and how long a page may take. Only the
/// failed page is retried, never the walk from its start.
///
/// Transient failures are `429`, `408` and `5xx` answers, connection errors, bodies cut short and an
/// attempt that passed its deadline. The wait before attempt *n* is a random duration in
/// `[0, min(max_backoff, initial_backoff × 2ⁿ)]` (full jitter), or the `Retry-After` the API sent
/// (seconds or HTTP date), whichever is longer.
///
/// Deadlines hold with any client: an attempt that has not delivered its whole page after
/// `attempt_timeout` (default 30 s) is abandoned and retried; a page that has not arrived after
/// `page_timeout` (default 2 minutes, counted from its first attempt, waits included) ends the walk
/// with [`ErrorKind::Timeout`](crate::ErrorKind::Timeout), interrupting the attempt in progress.
///
/// ```
/// use std::time::Duration;
/// use paginated_core::RetryPolicy;
/// let policy = RetryPolicy::default().max_attempts(8).page_timeout(Duration::from_secs(30));
/// assert_eq!(policy.attempts(), 8);
/// assert_eq!(policy.page_deadline(), Duration::from_secs(30));
/// assert_eq!(RetryPolicy::disabled().attempts(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    attempt_timeout: Duration,
    page_timeout: Duration,
}

impl Default for RetryPolicy {
    /// 5 attempts, 200 ms initial backoff, 10 s maximum backoff, 30 s per attempt, 2 minutes per page.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(30),
            page_timeout: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// No retries: the first failure ends the walk (deadlines still hold).
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
    /// Upper bound of any computed backoff (a longer `Retry-After` is still honoured within the page's
    /// deadline).
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }
    /// Deadline of one attempt: connecting, sending, and receiving the whole body.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }
    /// Deadline of one page: every attempt and wait, from the first attempt on.
    pub fn page_timeout(mut self, timeout: Duration) -> Self {
        self.page_timeout = timeout;
        self
    }
    /// Attempts per page.
    pub fn attempts(&self) -> u32 {
        self.max_attempts
    }
    /// Deadline of one attempt.
    pub fn attempt_deadline(&self) -> Duration {
        self.attempt_timeout
    }
    /// Deadline of one page.
    pub fn page_deadline(&self) -> Duration {
        self.page_timeout
    }

    /// The time the next attempt may take, `elapsed` into the page.
    pub(crate) fn attempt_budget(&self, elapsed: Duration) -> Duration {
        self.attempt_timeout
            .min(self.page_timeout.saturating_sub(elapsed))
    }

    /// What to do after `error` ended attempt `attempt` (counting from 1), `elapsed` into the page;
    /// `random` is in `[0, 1)`.
    pub(crate) fn verdict(&self, error: &Error, attempt: u32, elapsed: Duration, random: f64) -> Verdict {
        if !error.is_transient() {
            return Verdict::GiveUp(GiveUp::NotTransient);
        }
        if attempt >= self.max_attempts {
            return Verdict::GiveUp(GiveUp::Attempts);
        }
        let exponential = self
            .initial_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(20))
            .min(self.max_backoff);
        let jittered = exponential.mul_f64(random.clamp(0.0, 1.0));
        let delay = jittered.max(error.retry_after().unwrap_or_default());
        // Waiting must leave time for another attempt within the page's deadline.
        if elapsed.saturating_add(delay) < self.page_timeout {
            Verdict::Retry(delay)
        } else {
            Verdict::GiveUp(GiveUp::Budget)
        }
    }

    /// The wait before the next attempt, or `None` when the failure is final.
    #[cfg(test)]
    fn delay(&self, error: &Error, attempt: u32, elapsed: Duration, random: f64) -> Option<Duration> {
        match self.verdict(error, attempt, elapsed, random) {
            Verdict::Retry(delay) => Some(delay),
            Verdict::GiveUp(_) => None,
        }
    }
}

/// What a retry policy decides after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Try the page again after this wait.
    Retry(Duration),
    /// The failure is final.
    GiveUp(GiveUp),
}

/// Why a failure is final.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GiveUp {
    /// Retrying cannot help.
    NotTransient,
    /// Every attempt the policy allows was made.
    Attempts,
    /// The page's deadline leaves no time for the wait and another attempt.
    Budget,
}

/// Parses a `Retry-After` value: delay seconds or an HTTP date.
#[cfg(any(test, feature = "reqwest"))]
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    if value.bytes().all(|byte| byte.is_ascii_digit()) && !value.is_empty() {
        // More seconds than a u64 holds: as good as forever.
        return Some(Duration::MAX);
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
        Error::status(status, "", retry_after)
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
    fn an_enormous_retry_after_ends_the_page_instead_of_overflowing() {
        let policy = RetryPolicy::default();
        let error = status(429, parse_retry_after("18446744073709551615", SystemTime::now()));
        assert_eq!(policy.delay(&error, 1, Duration::from_secs(1), 0.5), None);
        let error = status(
            429,
            parse_retry_after("99999999999999999999999", SystemTime::now()),
        );
        assert_eq!(error.retry_after(), Some(Duration::MAX));
        assert_eq!(policy.delay(&error, 2, Duration::MAX, 0.5), None);
        assert_eq!(policy.attempt_budget(Duration::MAX), Duration::ZERO);
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
