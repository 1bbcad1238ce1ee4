//! The runtime of the `paginated` toolkit: the [`Paginate`] trait that `#[derive(Paginate)]`
//! implements, the sans-IO state machine [`Walk`], and the async ([`Paginator`]) and blocking
//! ([`BlockingPaginator`]) walks over reqwest or any closure transport.
//!
//! Users depend on the `paginated` facade crate, which re-exports this crate and the derive.
//!
//! The crate is layered, each layer importing only from the layers before it:
//! `protocol` (spec, requests, signals, the state machine, guards, checkpoints; no I/O, no clock),
//! `engine` (async, blocking and window engines, timers, retries, pacing), `transport` (closures,
//! reqwest, decoding), `surface` (the trait's constructors and the walk builders).
//!
//! ```
//! use paginated_core::{PageParts, PageRequest, Paginate, Signals, Spec, Strategy};
//!
//! // What `#[derive(Paginate)] #[paginate(page, total_pages = "pages")]` generates, by hand.
//! struct Page { items: Vec<u32>, pages: u64 }
//! impl Paginate for Page {
//!     type Item = u32;
//!     const SPEC: Spec = Spec::new(Strategy::Page { first: 1 }).total_pages();
//!     fn into_parts(self) -> PageParts<u32> {
//!         PageParts::new(self.items, Signals { total_pages: Some(self.pages), ..Signals::default() })
//!     }
//! }
//!
//! let items: Vec<u32> = Page::from_fn_blocking(|request: PageRequest| {
//!     let page = request.page().unwrap() as u32;
//!     Ok::<_, std::io::Error>(Page { items: vec![page * 10, page * 10 + 1], pages: 3 })
//! })
//! .collect::<Result<_, _>>()?;
//! assert_eq!(items, [10, 11, 20, 21, 30, 31]);
//! # Ok::<_, paginated_core::Error>(())
//! ```
#![warn(missing_docs)]
// Without `async` or `blocking` only the sans-IO protocol is used: the engines stay unused. So do the
// reqwest transports without an engine that drives them (`reqwest` and `blocking` without
// `reqwest-blocking`).
#![cfg_attr(
    any(
        not(any(feature = "async", feature = "blocking")),
        all(
            feature = "reqwest",
            not(any(feature = "async", feature = "reqwest-blocking"))
        )
    ),
    allow(dead_code, unused_imports, unused_macros)
)]

mod engine;
mod protocol;
mod surface;
mod transport;

pub use engine::options::{InvalidCursor, Progress};
pub use engine::pacing::Pacer;
pub use engine::retry::RetryPolicy;
#[cfg(feature = "async-io")]
pub use engine::timer::AsyncIoTimer;
#[cfg(feature = "tokio")]
pub use engine::timer::TokioTimer;
pub use engine::timer::{DefaultTimer, Sleep, ThreadTimer, Timer};
#[cfg(feature = "reqwest")]
pub use engine::window::Window;
pub use protocol::checkpoint::{Checkpoint, CheckpointKey, MIN_KEY_BYTES};
pub use protocol::error::{BoxError, CrossOriginReason, Error, ErrorKind, Result, TimeoutScope};
pub use protocol::extract::{CountValue, CursorValue, ErrorValue, FlagValue, ItemsOf, ItemsValue, KeyPart};
pub use protocol::fingerprint::Fingerprint;
pub use protocol::request::{PageRequest, ParamValue, Position, Token};
pub use protocol::signals::{next_link, PageParts, Signals};
pub use protocol::spec::{Format, HeaderSignals, ParamsIn, Spec, Strategy};
pub use protocol::walk::{
    CrossOrigin, Endpoint, PageOutcome, PageReport, Walk, WalkConfig, DEFAULT_MAX_STALLED_PAGES,
};
#[cfg(feature = "blocking")]
pub use surface::blocking::{BlockingPages, BlockingPaginator};
pub use surface::page::Page;
pub use surface::paginate::Paginate;
#[cfg(feature = "async")]
pub use surface::stream::{Pages, Paginator};
#[cfg(feature = "reqwest-blocking")]
pub use surface::windowed::BlockingWindowed;
#[cfg(all(feature = "reqwest", feature = "async"))]
pub use surface::windowed::Windowed;
pub use transport::closure::Fetched;
#[cfg(feature = "reqwest-blocking")]
pub use transport::request::BlockingRequest;
#[cfg(all(feature = "reqwest", feature = "async"))]
pub use transport::request::Request;

/// reqwest clients with safe defaults for paginated walks: bounded timeouts, redirects only within one
/// origin, a user agent.
#[cfg(feature = "reqwest")]
pub mod http {
    #[cfg(feature = "reqwest-blocking")]
    pub use crate::transport::client::blocking_client;
    #[cfg(feature = "async")]
    pub use crate::transport::client::client;
}

/// Paths used by the code `#[derive(Paginate)]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::protocol::extract::{
        count, cursor, error, filter_map_items, flag, into_items, key_part, keyset_key, last_item,
        last_mapped, map_items, next_url, ItemsByHash, ItemsBySerialize, ItemsProbe, ItemsUnknown, Segment,
        SegmentFallback, SegmentRef,
    };
    pub use crate::protocol::fingerprint::Fingerprint;
    pub use crate::protocol::spec::{xml_format, XmlFeature, XmlSupport};
    pub use crate::{
        Format, HeaderSignals, ItemsValue, PageParts, Paginate, ParamsIn, Signals, Spec, Strategy, Token,
    };
    pub use core::option::Option::{self, None, Some};
}
