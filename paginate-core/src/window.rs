//! Window splitting for capped APIs: a time range is walked window by window, and a window whose first
//! page announces more records than the cap is split (using that page's `total`, so splitting costs one
//! request per split window) until every window fits.

use std::collections::VecDeque;
use std::ops::Range;

use crate::error::{Error, Result};
use crate::options::{Options, Progress};

/// A half-open time window `[start, end)`, in the unit of the range given (UNIX seconds for seed 000).
/// Windows of one walk are disjoint and cover the range, so every record is in exactly one.
///
/// ```
/// use paginate_core::Window;
/// let window = Window { start: 100, end: 200 };
/// // An API whose `to` is inclusive (seed 000: "maximum creation date") takes `last()`.
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
        self.end - 1
    }

    /// Splits into `parts` windows of (nearly) equal width, in order.
    fn split(self, parts: i64) -> impl DoubleEndedIterator<Item = Window> {
        let width = self.end - self.start;
        (0..parts).map(move |i| Window {
            start: self.start + width * i / parts,
            end: self.start + width * (i + 1) / parts,
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
    pages: u64,
    items: u64,
}

/// What to do after a window's first page.
pub(crate) enum FirstPage {
    /// The window fits: walk it.
    Walk,
    /// The window was split; drop its first page and go on with the next window.
    Split,
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
            pages: 0,
            items: 0,
        }
    }

    pub(crate) fn next_window(&mut self) -> Option<Window> {
        self.queue.pop_front()
    }

    /// The first page of `window` says `total` records match.
    pub(crate) fn on_first_page(&mut self, window: Window, total: Option<u64>) -> Result<FirstPage> {
        let Some(total) = total else {
            return Err(Error::InvalidRequest(
                "window splitting needs the envelope's `total` to see which windows are over the cap".into(),
            ));
        };
        self.total.get_or_insert(total);
        if total <= self.cap {
            return Ok(FirstPage::Walk);
        }
        let width = window.end - window.start;
        if width < 2 {
            return Err(Error::CapExceeded {
                cap: self.cap,
                total: Some(total),
            });
        }
        // Aim at windows of three quarters of the cap, so that uneven data rarely needs a second split.
        let parts = (total.div_ceil(self.cap * 3 / 4).max(2) as i64).min(width);
        for part in window.split(parts).rev() {
            self.queue.push_front(part);
        }
        Ok(FirstPage::Split)
    }

    pub(crate) fn on_page(&mut self, items: usize) {
        self.pages += 1;
        self.items += items as u64;
    }

    pub(crate) fn window_done(&mut self) {
        self.windows_done += 1;
    }

    pub(crate) fn progress(&self) -> Progress {
        Progress {
            pages: self.pages,
            items: self.items,
            total: self.total,
            windows_done: self.windows_done,
            windows: self.windows_done + self.queue.len() as u64 + 1,
        }
    }
}

/// The cap a window-split walk works with, and the options of the walk inside each window.
pub(crate) fn window_options(options: &Options, spec_cap: Option<u64>) -> Result<(u64, Options)> {
    let cap = options.walk.cap.or(spec_cap).ok_or_else(|| {
        Error::InvalidRequest("window splitting needs a cap: `#[paginate(cap = ...)]` or `.cap(n)`".into())
    })?;
    let mut inner = options.clone();
    inner.walk.detect_truncation = true;
    inner.progress = None;
    inner.resume = None;
    Ok((cap, inner))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            Err(Error::CapExceeded { .. })
        ));
    }
}
