//! Settings of a walk, as the builders collect them and the engines read them.

use std::sync::Arc;

use crate::engine::pacing::Pacer;
use crate::engine::retry::RetryPolicy;
use crate::engine::timer::{DefaultTimer, Timer};
use crate::protocol::checkpoint::{Checkpoint, CheckpointKey};
use crate::protocol::walk::WalkConfig;

/// What to do when the API rejects a cursor as invalid or expired
/// ([`ErrorKind::CursorRejected`](crate::ErrorKind::CursorRejected)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InvalidCursor {
    /// End the walk with the error (default).
    #[default]
    Fail,
    /// Start again from the first page, at most 3 times. Item walks then need `dedupe_by` so that items
    /// already yielded are not yielded again.
    Restart,
}

/// Decides from a non-success status and the start of its body whether the API rejected the cursor
/// (or next URL, or key) it was sent.
pub(crate) type CursorRejected = Arc<dyn Fn(u16, &str) -> bool + Send + Sync>;

/// A progress callback.
pub(crate) type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

#[derive(Clone)]
pub struct Options {
    pub(crate) walk: WalkConfig,
    pub(crate) retry: RetryPolicy,
    pub(crate) pacer: Option<Pacer>,
    pub(crate) invalid_cursor: InvalidCursor,
    pub(crate) cursor_rejected: CursorRejected,
    pub(crate) resume: Option<Checkpoint>,
    pub(crate) key: Option<CheckpointKey>,
    pub(crate) progress: Option<ProgressFn>,
    pub(crate) timer: Arc<dyn Timer>,
    /// Pages fetched at once when the walk can predict them (async walks).
    pub(crate) concurrency: usize,
    /// Fetch the next page while the consumer works on the current one (async walks).
    pub(crate) prefetch: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            walk: WalkConfig::default(),
            retry: RetryPolicy::default(),
            pacer: None,
            invalid_cursor: InvalidCursor::default(),
            cursor_rejected: Arc::new(default_cursor_rejected),
            resume: None,
            key: None,
            progress: None,
            timer: Arc::new(DefaultTimer),
            concurrency: 1,
            prefetch: true,
        }
    }
}

/// The default invalid-cursor predicate: a client error whose body names the cursor (Airclou:
/// `400 {"error": {"code": "invalid_cursor"}}`).
fn default_cursor_rejected(status: u16, body: &str) -> bool {
    matches!(status, 400 | 404 | 410 | 422) && body.to_ascii_lowercase().contains("cursor")
}

/// How far a walk has come, reported after every page by `on_progress`.
///
/// ```
/// use paginated_core::Progress;
/// let progress = Progress { pages: 3, items: 150, total: Some(1_000), windows_done: 0, windows: 0 };
/// assert_eq!(progress.fraction(), Some(0.15));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Progress {
    /// Pages fetched.
    pub pages: u64,
    /// Items yielded (before de-duplication).
    pub items: u64,
    /// Items the API says match, when it says.
    pub total: Option<u64>,
    /// Windows finished, in a window-split walk.
    pub windows_done: u64,
    /// Windows known so far, in a window-split walk (grows as capped windows are split).
    pub windows: u64,
}

impl Progress {
    /// Items yielded as a fraction of `total`, when known.
    pub fn fraction(&self) -> Option<f64> {
        self.total
            .filter(|&total| total > 0)
            .map(|total| (self.items as f64 / total as f64).min(1.0))
    }
}
