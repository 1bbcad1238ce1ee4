//! Progress on stderr while it is a terminal: pages, items, the rate, and with a total the share done
//! and an estimate of the time left. Silent otherwise, and with `-q`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The progress line of a walk (hidden when stderr is no terminal, or with `-q`).
#[derive(Clone)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    pub fn new(quiet: bool) -> Self {
        let bar = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            bar.set_style(counting_style());
            bar.set_message("0 pages");
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        };
        Progress { bar }
    }

    /// The walk's progress: items written so far (`items`, earlier runs included), pages, and the
    /// total when the API gives one.
    pub fn update(&self, pages: u64, items: u64, total: Option<u64>) {
        if self.bar.is_hidden() {
            return;
        }
        match total {
            Some(total) if total >= items => {
                if self.bar.length() != Some(total) {
                    self.bar.set_style(total_style());
                    self.bar.set_length(total);
                }
            }
            _ => {
                if self.bar.length().is_some() {
                    self.bar.unset_length();
                    self.bar.set_style(counting_style());
                }
            }
        }
        self.bar.set_position(items);
        let seconds = self.bar.elapsed().as_secs_f64();
        let rate = if seconds > 0.0 {
            (items as f64 / seconds).round()
        } else {
            0.0
        };
        self.bar
            .set_message(format!("{}, {rate} items/s", count(pages, "page")));
    }

    /// A line for the user on stderr, above the progress line.
    pub fn note(&self, text: &str) {
        self.bar.suspend(|| eprintln!("{text}"));
    }

    /// Clears the line before a message or the end.
    pub fn clear(&self) {
        self.bar.finish_and_clear();
    }
}

fn counting_style() -> ProgressStyle {
    ProgressStyle::with_template("{spinner} {human_pos} items, {msg}, {elapsed}")
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

fn total_style() -> ProgressStyle {
    ProgressStyle::with_template("{bar:30} {human_pos}/{human_len} items, {msg}, {eta} left")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
}

/// `1 page`, `2 pages`.
pub fn count(n: u64, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
