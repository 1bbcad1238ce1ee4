//! The surface: the trait users implement (by derive) and the walks it starts, one builder per walk
//! kind, each offering only settings that work on it.

#[cfg(feature = "blocking")]
pub(crate) mod blocking;
pub(crate) mod options;
pub(crate) mod page;
pub(crate) mod paginate;
#[cfg(feature = "async")]
pub(crate) mod stream;
#[cfg(feature = "reqwest")]
pub(crate) mod windowed;
