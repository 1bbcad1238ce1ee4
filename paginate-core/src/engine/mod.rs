//! The engines: they drive the protocol layer's state machine, own time (through a [`Timer`]), retries,
//! pacing and de-duplication, and call a transport through the interfaces in `fetch`. Walks run in a
//! [`Mode`](mode::Mode): the async and the blocking engine share one [`Driver`](driver::Driver);
//! window-split walks add a [`WindowWalk`](windows::WindowWalk).
//!
//! [`Timer`]: timer::Timer

// Async walks are polled through `futures::Stream`, which the `async` feature brings.
#[cfg_attr(not(feature = "async"), allow(dead_code))]
pub(crate) mod async_engine;
pub(crate) mod blocking_engine;
pub(crate) mod dedupe;
#[cfg_attr(not(feature = "async"), allow(dead_code))]
pub(crate) mod detach;
pub(crate) mod driver;
pub(crate) mod fetch;
pub(crate) mod mode;
pub(crate) mod options;
pub(crate) mod pacing;
pub(crate) mod retry;
pub(crate) mod timer;
pub(crate) mod windows;
