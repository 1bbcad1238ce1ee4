//! The open scrolls and points in time of one server, and the ids that name them.
//!
//! Scrolls and points in time share one sequence of context numbers. An id names its kind, its
//! context and how many ids that context had issued (`pit:{context}:{issued}`, opaque to clients): a
//! context issues a new id with every answer, and any of its ids names it.

use std::collections::HashMap;
use std::sync::MutexGuard;

use super::pit::Pit;
use super::scroll::Scroll;
use super::AppState;
use crate::http::token;

/// Open scrolls and points in time, per server.
#[derive(Default)]
pub(crate) struct Contexts {
    /// The last context number given out.
    next: u64,
    pub(super) scrolls: HashMap<u64, Scroll>,
    pub(super) pits: HashMap<u64, Pit>,
}

impl Contexts {
    /// A context number no scroll or point in time has had.
    pub(super) fn allocate(&mut self) -> u64 {
        self.next += 1;
        self.next
    }
}

/// The server's contexts, locked (a handler that panicked while holding them leaves them usable).
pub(super) fn lock(state: &AppState) -> MutexGuard<'_, Contexts> {
    state
        .search
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The two kinds of context, each with its own ids.
#[derive(Clone, Copy)]
pub(super) enum Kind {
    Pit,
    Scroll,
}

impl Kind {
    fn prefix(self) -> &'static str {
        match self {
            Kind::Pit => "pit",
            Kind::Scroll => "scroll",
        }
    }
}

/// The id of `kind` `context` after it has issued `issued` ids.
pub(super) fn context_id(kind: Kind, context: u64, issued: u64) -> String {
    token::encode(&format!("{}:{context}:{issued}", kind.prefix()))
}

/// The context number an id of `kind` names; `None` when `text` is not such an id.
pub(super) fn context_of(text: &str, kind: Kind) -> Option<u64> {
    let rest = token::decode(text, &format!("{}:", kind.prefix()))?;
    let (context, issued) = rest.split_once(':')?;
    issued.parse::<u64>().ok()?;
    context.parse().ok()
}
