//! The runtime of [`paginate`](https://docs.rs/paginate): the [`Paginate`] trait that
//! `#[derive(Paginate)]` implements, the sans-IO state machine [`Walk`], and the async ([`Paginator`])
//! and blocking ([`BlockingPaginator`]) walks over reqwest or any closure transport.
//!
//! Users depend on the `paginate` facade crate, which re-exports this crate and the derive.
//!
//! ```
//! use paginate_core::{PageParts, PageRequest, Paginate, Signals, Spec, Strategy};
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
//! # Ok::<_, paginate_core::Error>(())
//! ```
#![warn(missing_docs)]

mod blocking;
mod checkpoint;
mod dedupe;
mod envelope;
mod error;
mod extract;
#[cfg(feature = "reqwest")]
mod http;
mod options;
mod pacing;
mod page;
mod request;
#[cfg(feature = "reqwest")]
mod reqwest_source;
mod retry;
mod source;
mod spec;
mod stream;
mod walk;
mod window;
#[cfg(feature = "reqwest")]
mod windowed;

pub use blocking::{BlockingPages, BlockingPaginator};
pub use checkpoint::Checkpoint;
pub use envelope::{PageParts, Paginate, Signals};
pub use error::{BoxError, Error, Result};
pub use extract::{CountValue, CursorValue, FlagValue, ItemsOf, ItemsValue, KeyPart};
pub use options::{InvalidCursor, Progress};
pub use pacing::Pacer;
pub use page::Page;
pub use request::{PageRequest, ParamValue, Position};
pub use retry::RetryPolicy;
pub use source::Fetched;
pub use spec::{ParamsIn, Spec, Strategy};
pub use stream::{Pages, Paginator};
pub use walk::{CrossOrigin, Walk, WalkConfig};
pub use window::Window;
#[cfg(feature = "blocking")]
pub use windowed::BlockingWindowed;
#[cfg(feature = "reqwest")]
pub use windowed::Windowed;

/// Paths used by the code `#[derive(Paginate)]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::extract::{count, cursor, flag, into_items, key_part, keyset_key, last_item};
    pub use crate::extract::{Segment, SegmentFallback, SegmentRef};
    pub use crate::{ItemsValue, PageParts, Paginate, ParamsIn, Signals, Spec, Strategy};
    pub use core::option::Option::{self, None, Some};
}
