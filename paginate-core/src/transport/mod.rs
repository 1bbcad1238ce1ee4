//! The transports, at the edge: closures (any SDK), and reqwest (async and blocking) with the HTTP
//! handling they share and clients with safe defaults. Each splits the envelopes it receives with a
//! [`Splitter`](splitter::Splitter).

#[cfg(feature = "reqwest")]
pub(crate) mod client;
pub(crate) mod closure;
#[cfg(feature = "reqwest")]
pub(crate) mod http;
#[cfg(feature = "reqwest")]
pub(crate) mod json_body;
#[cfg(feature = "reqwest")]
pub(crate) mod redactor;
#[cfg(feature = "reqwest")]
pub(crate) mod reqwest_request;
pub(crate) mod splitter;
