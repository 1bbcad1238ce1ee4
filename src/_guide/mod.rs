//! The guide: how to describe an API's pagination, what a walk does with it, and how the crates are
//! built. These modules hold documentation only. Every example in them is a doctest, run by
//! `cargo test` against [`paginated-mock`](https://docs.rs/paginated-mock)'s loopback server, so it
//! works offline as written.
//!
//! | chapter | read it for |
//! |---|---|
//! | [`walks`] | async and blocking walks, items and pages, every setting, any transport, checkpoints, envelopes described at run time |
//! | [`attribute`] | every key of `#[paginate(...)]`, paths, field attributes, `impl_paginate!` |
//! | [`strategies`] | how each strategy forms the next request, and when a walk ends |
//! | [`errors`] | retries and deadlines, the guards, and what happens in every situation |
//! | [`security`] | what is sent to which origin, checkpoints, what errors may print |
//! | [`windows`] | capped APIs split by time range, and progress reports |
//! | [`protocols`] | GraphQL, JSON cursors, header signals, carried values, errors in a `200`, XML |
//! | [`mock`] | `paginated-mock`: the emulated APIs, faults, recorded requests, hostile routes |
//! | [`sdks`] | generated SDKs: `paginated-openapi`, `impl_paginate!`, closures over an SDK |
//! | [`performance`] | what the benchmarks measure, and how to run them |
//! | [`architecture`] | the layers of the runtime, and the one file that owns each concept |
//!
//! # Cargo features
//!
//! | feature | default | what it adds |
//! |---|---|---|
//! | `async` | yes | async walks ([`Paginate::from_fn`](crate::Paginate::from_fn); with `reqwest`, [`stream`](crate::Paginate::stream) and [`windows`](crate::Paginate::windows)) |
//! | `blocking` | yes | blocking walks ([`Paginate::from_fn_blocking`](crate::Paginate::from_fn_blocking)) |
//! | `tokio` | yes | backoff, pacing and deadlines on tokio's timer inside a tokio runtime |
//! | `reqwest` | yes | the reqwest transport and [`http::client`](crate::http::client) |
//! | `reqwest-blocking` | no | walks over `reqwest::blocking`: `Paginate::iter`, `Paginate::windows_blocking`, `http::blocking_client` (off by default: reqwest's blocking client costs every clean build that does not use it) |
//! | `async-io` | no | the same timers on async-io, for smol or `futures::executor` without tokio |
//! | `xml` | no | XML envelopes, `#[paginate(format = "xml")]`, decoded with quick-xml |
//!
//! Blocking walks over your own transport, without tokio or reqwest:
//! `cargo add paginated --no-default-features --features blocking`. Async walks under smol:
//! `--no-default-features --features async,async-io`.

pub mod architecture;
pub mod attribute;
pub mod errors;
pub mod mock;
pub mod performance;
pub mod protocols;
pub mod sdks;
pub mod security;
pub mod strategies;
pub mod walks;
pub mod windows;
