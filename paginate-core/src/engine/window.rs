//! Window splitting for capped APIs: a time range is walked window by window, and a window whose first
//! page announces more records than the cap is split (using that page's `total`, so splitting costs one
//! request per split window) until every window fits.

use std::collections::VecDeque;
use std::ops::Range;

use crate::engine::dedupe::Dedupe;
use crate::engine::driver::Delivered;
use crate::engine::options::{Options, Progress, ProgressFn};
use crate::protocol::checkpoint::{Checkpoint, WindowMark};
use crate::protocol::error::{Error, ErrorKind, Result};
use crate::protocol::spec::Spec;
use crate::protocol::walk::{Endpoint, Walk};

/// A half-open time window `[start, end)`, in the unit of the range given (UNIX seconds for Aircall).
/// Windows of one walk are disjoint and cover the range, so every record is in exactly one.
///
/// ```
/// use paginated_core::Window;
/// let window = Window { start: 100, end: 200 };
/// // An API whose `to` is inclusive (Aircall: "maximum creation date") takes `last()`.
/// assert_eq!((window.start, window.last()), (100, 199));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// First instant in the window.
    pub start: i64,
    /// First instant after the window.
    pub end: i64,
}

impl Window {
    /// The last instant in the window, for APIs whose upper bound is inclusive.
    pub fn last(&self) -> i64 {
        self.end.saturating_sub(1)
    }

    /// Splits into `parts` windows of (nearly) equal width, in order.
    fn split(self, parts: i64) -> impl DoubleEndedIterator<Item = Window> {
        let width = i128::from(self.end) - i128::from(self.start);
        let parts = parts.max(1);
        (0..parts).map(move |i| {
            let at = |i: i64| (i128::from(self.start) + width * i128::from(i) / i128::from(parts)) as i64;
            Window {
                start: at(i),
                end: at(i + 1),
            }
        })
    }
}

/// The sans-IO plan of a window-split walk: which window comes next, and whether a window's first page
/// says it fits under the cap.
pub(crate) struct WindowPlan {
    queue: VecDeque<Window>,
    cap: u64,
    windows_done: u64,
    total: Option<u64>,
}

/// What to do after a window's first page.
enum FirstPage {
    /// The window fits: walk it.
    Walk,
    /// The window was split; drop its first page and go on with the next window.
    Split,
    /// The window is over the cap and cannot be split further (one instant holds more records than
    /// the cap).
    Unsplittable { total: u64 },
}

impl WindowPlan {
    pub(crate) fn new(range: Range<i64>, cap: u64) -> Self {
        let mut queue = VecDeque::new();
        if range.start < range.end {
            queue.push_back(Window {
                start: range.start,
                end: range.end,
            });
        }
        WindowPlan {
            queue,
            cap,
            windows_done: 0,
            total: None,
        }
    }

    fn next_window(&mut self) -> Option<Window> {
        self.queue.pop_front()
    }

    /// The first page of `window` says `total` records match.
    fn on_first_page(&mut self, window: Window, total: Option<u64>) -> Result<FirstPage> {
        let Some(total) = total else {
            return Err(ErrorKind::InvalidRequest(
                "window splitting needs the envelope's `total` to see which windows are over the cap".into(),
            )
            .into());
        };
        self.total.get_or_insert(total);
        if total <= self.cap {
            return Ok(FirstPage::Walk);
        }
        let width = window.end.saturating_sub(window.start);
        if width < 2 {
            return Ok(FirstPage::Unsplittable { total });
        }
        // Aim at windows of three quarters of the cap, so that uneven data rarely needs a second split.
        let parts = (total
            .div_ceil((self.cap.saturating_mul(3) / 4).max(1))
            .clamp(2, i64::MAX as u64) as i64)
            .min(width);
        for part in window.split(parts).rev() {
            self.queue.push_front(part);
        }
        Ok(FirstPage::Split)
    }
}

/// The sans-IO part of a window-split walk, driven by the async and the blocking window loops: which
/// window comes next and with which options, what to do with each page, limits, de-duplication and
/// progress across windows, and checkpoints that name the window.
pub(crate) struct WindowWalk<T> {
    plan: WindowPlan,
    spec: Spec,
    envelope: String,
    /// The options of each window's walk; checkpoints are signed and checked at the window level.
    options: Options,
    key: Option<crate::protocol::checkpoint::CheckpointKey>,
    range_end: i64,
    /// The window being walked, and whether its first page was checked against the cap.
    current: Option<(Window, bool)>,
    /// Items and pages of the windows before the current one, and of the current one.
    yielded_before: u64,
    pages_before: u64,
    yielded: u64,
    pages: u64,
    /// A checkpoint to resume the first window from.
    resume: Option<Checkpoint>,
    dedupe: Option<Box<dyn Dedupe<T>>>,
    progress: Option<ProgressFn>,
    detect_truncation: bool,
}

impl<T> WindowWalk<T> {
    /// A walk over `range`, or the error that prevents it (no cap; a checkpoint of another walk).
    pub(crate) fn new(
        range: Range<i64>,
        spec: Spec,
        envelope: String,
        options: &Options,
        dedupe: Option<Box<dyn Dedupe<T>>>,
    ) -> Result<Self> {
        let cap = options.walk.cap.or(spec.cap_value()).ok_or_else(|| {
            Error::from(ErrorKind::InvalidRequest(
                "window splitting needs a cap: `#[paginate(cap = ...)]` or `.cap(n)`".into(),
            ))
        })?;
        let mut walk = WindowWalk {
            plan: WindowPlan::new(range.clone(), cap),
            spec,
            envelope,
            options: options.clone(),
            key: options.key.clone(),
            range_end: range.end,
            current: None,
            yielded_before: 0,
            pages_before: 0,
            yielded: 0,
            pages: 0,
            resume: None,
            dedupe,
            progress: options.progress.clone(),
            detect_truncation: options.walk.detect_truncation,
        };
        walk.options.progress = None;
        walk.options.resume = None;
        walk.options.key = None;
        if let Some(checkpoint) = &options.resume {
            walk.resume_from(checkpoint.clone(), range)?;
        }
        Ok(walk)
    }

    fn resume_from(&mut self, mut checkpoint: Checkpoint, range: Range<i64>) -> Result<()> {
        let invalid = |reason: &str| {
            Error::from(ErrorKind::InvalidCheckpoint {
                reason: reason.into(),
            })
        };
        if let Some(key) = &self.key {
            if !checkpoint.verify(key) {
                return Err(invalid("its signature is missing or does not match the key"));
            }
        }
        checkpoint.mac = None;
        let mark = checkpoint
            .window
            .take()
            .ok_or_else(|| invalid("it was not taken by a window-split walk"))?;
        let complete = mark.start == range.end && mark.end == range.end;
        if mark.range_end != range.end
            || mark.start < range.start
            || mark.end > range.end
            || (mark.start >= mark.end && !complete)
        {
            return Err(invalid("its window is not inside this walk's range"));
        }
        // Every check the plain walk makes happens when the window's walk resumes.
        self.plan = WindowPlan::new(mark.end..range.end, self.plan.cap);
        if !complete {
            self.plan.queue.push_front(Window {
                start: mark.start,
                end: mark.end,
            });
        }
        self.yielded_before = mark.yielded_before;
        self.pages_before = mark.pages_before;
        self.resume = Some(checkpoint);
        Ok(())
    }

    /// The next window and the options of its walk, or `None` when the range is done or a limit is
    /// reached.
    pub(crate) fn next_window(&mut self) -> Option<(Window, Options)> {
        let yielded = self.yielded_before;
        let pages = self.pages_before;
        let walk = &self.options.walk;
        if walk.max_items.is_some_and(|max| yielded >= max) || walk.max_pages.is_some_and(|max| pages >= max)
        {
            return None;
        }
        let window = self.plan.next_window()?;
        let mut options = self.options.clone();
        options.walk.max_items = walk.max_items.map(|max| max - yielded);
        options.walk.max_pages = walk.max_pages.map(|max| max - pages);
        let resumed = self.resume.take();
        let checked = resumed
            .as_ref()
            .is_some_and(|checkpoint| checkpoint.counters.pages > 0 || checkpoint.skip > 0);
        options.resume = resumed;
        self.current = Some((window, checked));
        self.yielded = 0;
        self.pages = 0;
        Some((window, options))
    }

    /// A page of the current window: its items to yield, or `None` when the window was split (drop its
    /// walk and go on with the next window).
    pub(crate) fn on_page(&mut self, mut page: Delivered<T>) -> Result<Option<Delivered<T>>> {
        let Some((window, checked)) = &mut self.current else {
            return Err(ErrorKind::Protocol {
                reason: "a window page arrived outside a window".into(),
            }
            .into());
        };
        self.pages = page.number;
        if !*checked {
            *checked = true;
            match self.plan.on_first_page(*window, page.total)? {
                FirstPage::Walk => {}
                FirstPage::Split => {
                    self.finish_window();
                    return Ok(None);
                }
                FirstPage::Unsplittable { total } if self.detect_truncation => {
                    return Err(ErrorKind::CapExceeded {
                        cap: self.plan.cap,
                        total: Some(total),
                    }
                    .into());
                }
                FirstPage::Unsplittable { total } => {
                    tracing::warn!(
                        cap = self.plan.cap,
                        total,
                        ?window,
                        "one instant holds more records than the cap: walking what it can reach"
                    );
                }
            }
        }
        self.yielded = self.yielded.saturating_add(page.items.len() as u64);
        if let Some(dedupe) = &mut self.dedupe {
            let items = std::mem::take(&mut page.items);
            let mut kept_at = Vec::new();
            let mut dropped = false;
            for (position, item) in items.into_iter().enumerate() {
                if dedupe.admit(&item) {
                    page.items.push(item);
                    kept_at.push(page.kept_at.as_ref().map_or(position, |at| at[position]));
                } else {
                    dropped = true;
                }
            }
            if dropped {
                page.kept_at = Some(kept_at);
            }
        }
        if let Some(report) = &self.progress {
            report(&self.progress());
        }
        Ok(Some(page))
    }

    /// The current window's walk ended.
    pub(crate) fn window_done(&mut self) {
        self.finish_window();
        self.plan.windows_done += 1;
    }

    /// The current window's walk failed: truncation inside a window ends only that window when
    /// truncation is not detected; anything else ends the walk.
    pub(crate) fn on_error(&mut self, error: Error) -> Option<Error> {
        let truncation = matches!(
            error.kind(),
            ErrorKind::Truncated { .. } | ErrorKind::CapExceeded { .. }
        );
        if truncation && !self.detect_truncation {
            tracing::warn!(%error, "window truncated");
            self.window_done();
            return None;
        }
        let checkpoint = self.checkpoint(error.checkpoint().cloned());
        self.plan.queue.clear();
        self.current = None;
        Some(error.with_checkpoint(checkpoint))
    }

    fn finish_window(&mut self) {
        self.yielded_before = self.yielded_before.saturating_add(self.yielded);
        self.pages_before = self.pages_before.saturating_add(self.pages);
        self.yielded = 0;
        self.pages = 0;
        self.current = None;
    }

    fn progress(&self) -> Progress {
        Progress {
            pages: self.pages_before + self.pages,
            items: self.yielded_before + self.yielded,
            total: self.plan.total,
            windows_done: self.plan.windows_done,
            windows: self.plan.windows_done + self.plan.queue.len() as u64 + 1,
        }
    }

    /// The walk's checkpoint, given the checkpoint of the current window's walk (`None` between
    /// windows: the next window from its start, or the end of the range).
    pub(crate) fn checkpoint(&self, inner: Option<Checkpoint>) -> Checkpoint {
        let (window, mut checkpoint) = match (&self.current, inner, self.plan.queue.front()) {
            (Some((window, _)), Some(inner), _) => (*window, inner),
            (_, _, Some(next)) => (*next, self.start_of_window()),
            (_, _, None) => {
                let mut complete = self.start_of_window();
                complete.request = None;
                let end = Window {
                    start: self.range_end,
                    end: self.range_end,
                };
                (end, complete)
            }
        };
        checkpoint.mac = None;
        checkpoint.window = Some(WindowMark {
            start: window.start,
            end: window.end,
            range_end: self.range_end,
            yielded_before: self.yielded_before,
            pages_before: self.pages_before,
        });
        if let Some(key) = &self.key {
            checkpoint.sign(key);
        }
        checkpoint
    }

    /// The checkpoint of a window's walk that has not started (it names no endpoint: the window's
    /// request is built only when the window is walked).
    fn start_of_window(&self) -> Checkpoint {
        let endpoint = Endpoint {
            envelope: Some(self.envelope.clone()),
            ..Endpoint::default()
        };
        Walk::begin(self.spec, self.options.walk.clone(), endpoint).checkpoint(None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extreme_ranges_split_without_overflow() {
        let parts: Vec<Window> = Window {
            start: i64::MIN,
            end: i64::MAX,
        }
        .split(3)
        .collect();
        assert_eq!((parts[0].start, parts[2].end), (i64::MIN, i64::MAX));
        assert!(parts.windows(2).all(|pair| pair[0].end == pair[1].start));
    }

    #[test]
    fn windows_cover_the_range_exactly() {
        let parts: Vec<Window> = Window { start: 10, end: 107 }.split(4).collect();
        assert_eq!(parts.first().unwrap().start, 10);
        assert_eq!(parts.last().unwrap().end, 107);
        assert!(parts.windows(2).all(|pair| pair[0].end == pair[1].start));
    }

    #[test]
    fn a_capped_window_is_split_in_order() {
        let mut plan = WindowPlan::new(0..1000, 100);
        let whole = plan.next_window().unwrap();
        assert!(matches!(
            plan.on_first_page(whole, Some(450)),
            Ok(FirstPage::Split)
        ));
        let parts: Vec<Window> = std::iter::from_fn(|| plan.next_window()).collect();
        assert_eq!(parts.len(), 6);
        assert_eq!(parts[0].start, 0);
        assert!(parts.windows(2).all(|pair| pair[0].end == pair[1].start));
        let mut tiny = WindowPlan::new(0..1, 100);
        let window = tiny.next_window().unwrap();
        assert!(matches!(
            tiny.on_first_page(window, Some(101)),
            Ok(FirstPage::Unsplittable { total: 101 })
        ));
    }
}
