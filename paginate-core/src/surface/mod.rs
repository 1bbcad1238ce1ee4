//! The surface: the trait users implement (by derive), the walk it starts ([`Paginator`], one type for
//! both modes, with every setting written once), and the helpers the derive's code calls.
//!
//! [`Paginator`]: paginator::Paginator

#[cfg(feature = "reqwest")]
pub(crate) mod dynamic;
pub(crate) mod fields;
pub(crate) mod item_cursor;
pub(crate) mod paginate;
pub(crate) mod paginator;
