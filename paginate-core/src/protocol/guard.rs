//! The loop guard: has this request been sent before in this walk? Bounded memory whatever the walk's
//! length: the first request, a window of the most recent ones (a repeat inside the window is caught
//! before it is sent, so no item is yielded twice), and Brent's cycle detection for cycles longer than
//! the window (caught within twice the cycle's length, however long).

use std::collections::{HashSet, VecDeque};

use serde::{Deserialize, Serialize};

use crate::protocol::fingerprint::Fingerprint;

/// Requests remembered exactly: 1024 fingerprints, 16 KiB (plus the index).
const WINDOW: usize = 1024;
/// Of those, the most recent ones a checkpoint carries (its size stays constant).
const CHECKPOINT_WINDOW: usize = 16;

/// Brent's cycle detection over the sequence of requests: one saved fingerprint, compared with every
/// new one; the saved one moves forward at powers of two.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Brent {
    saved: Option<Fingerprint>,
    power: u64,
    length: u64,
}

impl Default for Brent {
    fn default() -> Self {
        Brent {
            saved: None,
            power: 1,
            length: 0,
        }
    }
}

impl Brent {
    fn step(&mut self, fingerprint: Fingerprint) {
        self.length += 1;
        if self.saved.is_none() || self.length >= self.power {
            self.saved = Some(fingerprint);
            self.power = self.power.saturating_mul(2);
            self.length = 0;
        }
    }
}

/// What a checkpoint keeps of the loop guard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct GuardState {
    first: Option<Fingerprint>,
    recent: Vec<Fingerprint>,
    brent: Brent,
}

#[derive(Debug, Clone, Default)]
pub(crate) struct LoopGuard {
    first: Option<Fingerprint>,
    recent: VecDeque<Fingerprint>,
    index: HashSet<Fingerprint>,
    brent: Brent,
}

impl LoopGuard {
    /// Records a request about to be sent; `false` when it was sent before (a loop).
    pub(crate) fn admit(&mut self, fingerprint: Fingerprint) -> bool {
        if self.first == Some(fingerprint)
            || self.brent.saved == Some(fingerprint)
            || self.index.contains(&fingerprint)
        {
            return false;
        }
        if self.first.is_none() {
            self.first = Some(fingerprint);
        } else {
            self.recent.push_back(fingerprint);
            self.index.insert(fingerprint);
            if self.recent.len() > WINDOW {
                if let Some(oldest) = self.recent.pop_front() {
                    self.index.remove(&oldest);
                }
            }
        }
        self.brent.step(fingerprint);
        true
    }

    pub(crate) fn brent(&self) -> Brent {
        self.brent
    }

    /// The state to save; `rewound` gives the state before the last admitted request (for a checkpoint
    /// taken inside the page that decided it), with the Brent state of that time.
    pub(crate) fn state(&self, rewound: Option<Brent>) -> GuardState {
        let skip_last = usize::from(rewound.is_some() && !self.recent.is_empty());
        let end = self.recent.len() - skip_last;
        let start = end.saturating_sub(CHECKPOINT_WINDOW);
        GuardState {
            first: self.first,
            recent: self.recent.range(start..end).copied().collect(),
            brent: rewound.unwrap_or(self.brent),
        }
    }

    pub(crate) fn restore(state: GuardState) -> Self {
        let recent: VecDeque<Fingerprint> = state.recent.into_iter().rev().take(WINDOW).rev().collect();
        LoopGuard {
            first: state.first,
            index: recent.iter().copied().collect(),
            recent,
            brent: state.brent,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(n: u64) -> Fingerprint {
        Fingerprint::of(&n.to_le_bytes())
    }

    #[test]
    fn repeats_inside_the_window_are_caught_at_once() {
        let mut guard = LoopGuard::default();
        assert!((0..100).all(|n| guard.admit(fp(n))));
        assert!(!guard.admit(fp(57)));
        assert!(!guard.admit(fp(0)), "the first request is always remembered");
    }

    #[test]
    fn a_cycle_longer_than_the_window_is_caught_within_two_turns() {
        let cycle = 5_000;
        let mut guard = LoopGuard::default();
        let steps = (0..10 * cycle)
            .take_while(|n| guard.admit(fp(1 + n % cycle)))
            .count() as u64;
        assert!(
            steps >= cycle && steps <= 3 * cycle,
            "caught after {steps} requests"
        );
    }

    #[test]
    fn memory_is_bounded_and_a_restored_guard_keeps_its_recent_requests() {
        let mut guard = LoopGuard::default();
        for n in 0..10_000 {
            assert!(guard.admit(fp(n)));
        }
        assert_eq!(guard.recent.len(), WINDOW);
        assert_eq!(guard.index.len(), WINDOW);
        let state = guard.state(None);
        assert_eq!(state.recent.len(), CHECKPOINT_WINDOW);
        let mut restored = LoopGuard::restore(state);
        assert!(!restored.admit(fp(9_999)));
        assert!(!restored.admit(fp(0)));
        assert!(restored.admit(fp(10_000)));
    }
}
