//! The protocol layer: what an envelope declares ([`Spec`](spec::Spec)), what a page says
//! ([`Signals`](signals::Signals)), what to ask for next ([`PageRequest`](request::PageRequest)), and
//! the state machine that decides ([`Walk`](walk::Walk)), with its guards and checkpoints. No I/O, no
//! clock: the engines above drive it, and it imports nothing from them.

pub(crate) mod binding;
pub(crate) mod checkpoint;
pub(crate) mod error;
pub(crate) mod extract;
pub(crate) mod fingerprint;
pub(crate) mod guard;
pub(crate) mod redact;
pub(crate) mod request;
pub(crate) mod signals;
pub(crate) mod spec;
pub(crate) mod url;
pub(crate) mod walk;
