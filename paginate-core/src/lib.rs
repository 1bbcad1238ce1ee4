//! The runtime of the `paginated` toolkit: the [`Paginate`] trait that `#[derive(Paginate)]`
//! implements, the sans-IO state machine [`Walk`], and the walk users hold, [`Paginator`]: a stream in
//! [`Async`] mode, an iterator in [`Blocking`] mode, over reqwest or any closure transport.
//!
//! Users depend on the `paginated` facade crate, which re-exports this crate and the derive; its
//! documentation has the guide, and the architecture: which file owns what.
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
// Without `async` or `blocking` no walk is started: only the sans-IO protocol is used.
#![cfg_attr(
    not(any(feature = "async", feature = "blocking")),
    allow(dead_code, unused_imports)
)]

mod engine;
mod error;
mod protocol;
mod surface;
mod transport;

pub use engine::mode::{Async, Blocking, Mode};
pub use engine::options::{InvalidCursor, Progress};
pub use engine::pacing::Pacer;
pub use engine::retry::RetryPolicy;
#[cfg(feature = "async-io")]
pub use engine::timer::AsyncIoTimer;
#[cfg(feature = "tokio")]
pub use engine::timer::TokioTimer;
pub use engine::timer::{DefaultTimer, Sleep, ThreadTimer, Timer};
pub use engine::windows::Window;
pub use error::{BoxError, CrossOriginReason, Error, ErrorKind, Result, TimeoutScope};
pub use protocol::checkpoint::{Checkpoint, CheckpointKey, KeyTooShort, MIN_KEY_BYTES};
pub use protocol::fingerprint::Fingerprint;
pub use protocol::page::{Page, PageParts, ReceivedPage};
pub use protocol::request::{PageRequest, ParamValue, Position, Token};
pub use protocol::signals::{next_link, Signals};
pub use protocol::spec::{Format, HeaderSignals, ParamsIn, Spec, Strategy};
pub use protocol::walk::{CrossOrigin, Endpoint, PageOutcome, Walk, WalkConfig, DEFAULT_MAX_STALLED_PAGES};
#[cfg(feature = "reqwest")]
pub use surface::dynamic::{DynamicEnvelope, RawItem, Source};
pub use surface::fields::{CountValue, CursorValue, ErrorValue, FlagValue, ItemsOf, ItemsValue, KeyPart};
pub use surface::paginate::Paginate;
pub use surface::paginator::{Pages, Paginator};
pub use transport::closure::Fetched;
#[cfg(feature = "reqwest")]
pub use transport::json_body::{JsonPath, JsonStep};
#[cfg(feature = "reqwest")]
pub use transport::reqwest_request::{HttpMode, Request};

/// reqwest clients with safe defaults for paginated walks: bounded timeouts, redirects only within one
/// origin, a user agent; and the walks' redaction, for messages about requests made outside a walk.
#[cfg(feature = "reqwest")]
pub mod http {
    #[cfg(feature = "reqwest-blocking")]
    pub use crate::transport::client::blocking_client;
    pub use crate::transport::client::client;
    pub use crate::transport::redactor::Redactor;
    pub use crate::transport::reqwest_request::FirstResponse;
}

/// Paths used by the code `#[derive(Paginate)]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::protocol::fingerprint::Fingerprint;
    pub use crate::protocol::page::PageParts;
    pub use crate::protocol::request::Token;
    pub use crate::protocol::signals::Signals;
    pub use crate::protocol::spec::{
        xml_format, Format, HeaderSignals, ParamsIn, Spec, Strategy, XmlFeature, XmlSupport,
    };
    pub use crate::surface::fields::{
        count, count_at, cursor, cursor_at, error, error_at, filter_map_items, flag, flag_at, into_items,
        key_part, key_part_at, keyset_key, last_item, last_mapped, map_items, next_url, next_url_at,
        ItemsByDebug, ItemsBySerialize, ItemsProbe, ItemsUnknown, ItemsValue, Segment, SegmentFallback,
        SegmentRef, NO_SIGNALS,
    };
    pub use crate::surface::paginate::Paginate;
    pub use core::option::Option::{self, None, Some};
}
