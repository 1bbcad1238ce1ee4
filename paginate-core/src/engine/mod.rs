//! The engines: they drive the protocol layer's state machine, own time (through a [`Timer`]), retries,
//! pacing and de-duplication, and call a transport through the interface in `fetch`. The async and
//! blocking engines share one [`Driver`](driver::Driver); window-split walks share one
//! [`WindowWalk`](window::WindowWalk).
//!
//! [`Timer`]: timer::Timer

#[cfg(feature = "blocking")]
pub(crate) mod blocking;
pub(crate) mod dedupe;
#[cfg(feature = "async")]
pub(crate) mod detach;
pub(crate) mod driver;
pub(crate) mod fetch;
pub(crate) mod options;
pub(crate) mod pacing;
pub(crate) mod retry;
#[cfg(feature = "async")]
pub(crate) mod stream;
pub(crate) mod timer;
#[cfg(feature = "reqwest")]
pub(crate) mod window;
