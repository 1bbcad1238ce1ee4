//! # Architecture
//!
//! | package (directory) | what it is |
//! |---|---|
//! | `paginated` (the root) | the facade users depend on: re-exports the runtime and the derive, and holds this guide |
//! | `paginated-core` (`paginate-core/`) | the runtime, in four layers |
//! | `paginated-attr` (`paginate-attr/`) | the attribute language: its model, parser, the checks that need no Rust type, and the canonical text |
//! | `paginated-derive` (`paginate-derive/`) | `#[derive(Paginate)]` and `impl_paginate!`: parse (with `paginated-attr`), check, expand |
//! | `paginated-mock` (`paginate-mock/`) | the loopback server emulating real APIs, with faults and hostile routes |
//! | `paginated-openapi` (`paginate-openapi/`) | pagination for generated SDKs from OpenAPI documents: library and binary |
//! | `paginated-cli` (`paginate-cli/`) | the `paginated` command, and detection of an endpoint's pagination from its first response |
//!
//! # The layers of the runtime
//!
//! `paginate-core/src/` has four layers. Each imports only from the layers before it, never from one
//! after it, and each module imports from the module that owns what it uses (the crate root only
//! presents the public face):
//!
//! 1. **`protocol/`**: what an envelope declares, what a page says, what to ask for next, and the
//!    state machine that decides, with its guards and checkpoints. No I/O and no clock.
//! 2. **`engine/`**: drives the state machine: modes, retries, deadlines, pacing, de-duplication,
//!    window splitting, and the interface a transport implements (`engine/fetch.rs`).
//! 3. **`transport/`**: closures and reqwest, async and blocking, at the edge.
//! 4. **`surface/`**: what users hold: the [`Paginate`](crate::Paginate) trait and its constructors,
//!    the walk types, the field traits the derive's generated code uses.
//!
//! `error.rs`, at the crate root beside them, holds the one [`Error`](crate::Error) every layer
//! returns; it imports only the protocol's checkpoints (an error carries one) and redaction (what an
//! error may print).
//!
//! Because the protocol layer does no I/O, anything can drive it. [`Walk`](crate::Walk) says which
//! request to make, and is told what each page said:
//!
//! ```
//! use paginated::{PageRequest, Paginate, Walk, WalkConfig};
//!
//! #[derive(Paginate)]
//! #[paginate(cursor = "next")]
//! struct NumbersPage { data: Vec<u64>, next: Option<u64> }
//!
//! let fetch = |request: &PageRequest| {
//!     let start: u64 = request.cursor().map_or(0, |cursor| cursor.to_text().parse().unwrap());
//!     let end = (start + 4).min(10);
//!     NumbersPage { data: (start..end).collect(), next: (end < 10).then_some(end) }
//! };
//!
//! let mut walk = Walk::new(NumbersPage::SPEC, WalkConfig { page_size: Some(4), ..WalkConfig::default() })?;
//! let mut numbers = Vec::new();
//! while let Some(request) = walk.next_request().cloned() {
//!     let parts = fetch(&request).into_parts();
//!     let take = walk.on_page(&parts.signals, parts.items.len())?;
//!     numbers.extend(parts.items.into_iter().take(take));
//! }
//! assert_eq!(numbers, (0..10).collect::<Vec<_>>());
//! # Ok::<_, paginated::Error>(())
//! ```
//!
//! # Who owns what
//!
//! Each concept has one file that owns it. Paths are relative to `paginate-core/src/` unless they
//! name another package.
//!
//! | concept | owner |
//! |---|---|
//! | what an envelope declares ([`Spec`](crate::Spec)) | `protocol/spec.rs` |
//! | what a page says about the next ([`Signals`](crate::Signals)) | `protocol/signals.rs` |
//! | page size | `protocol/page_size.rs` |
//! | position and page request ([`Position`](crate::Position), [`PageRequest`](crate::PageRequest)) | `protocol/request.rs`; chosen per strategy in `protocol/walk/decide.rs` |
//! | the state machine ([`Walk`](crate::Walk)) | `protocol/walk/mod.rs` |
//! | pages ([`PageParts`](crate::PageParts), [`ReceivedPage`](crate::ReceivedPage), [`Page`](crate::Page)) | `protocol/page.rs` |
//! | settings | the builder methods in `surface/paginator.rs`, collected in `engine/options.rs` (`Options`) and `protocol/walk/mod.rs` ([`WalkConfig`](crate::WalkConfig)) |
//! | checkpoints ([`Checkpoint`](crate::Checkpoint)) | format and signature: `protocol/checkpoint.rs`; taking and resuming: `protocol/walk/resume.rs`; what binds them and what of a URL they keep: `protocol/binding.rs` |
//! | repeat and loop guards | `protocol/guard.rs`, with `protocol/fingerprint.rs` |
//! | origins | `protocol/walk/origin.rs` |
//! | redaction | `protocol/redact.rs`; for requests made outside a walk, `transport/redactor.rs` ([`http::Redactor`](crate::http::Redactor)) |
//! | envelopes described at run time ([`DynamicEnvelope`](crate::DynamicEnvelope)) | `surface/dynamic.rs`, reading bodies in place with `transport/json_body.rs` ([`JsonPath`](crate::JsonPath)) |
//! | URLs: parameters replaced, the loop guard's normal form | `protocol/url.rs` |
//! | errors ([`Error`](crate::Error), [`ErrorKind`](crate::ErrorKind)) | `error.rs` |
//! | retry and deadlines ([`RetryPolicy`](crate::RetryPolicy)) | the policy: `engine/retry.rs`; enforced by `engine/driver.rs` (the page budget) and the engines (each attempt's deadline) |
//! | modes ([`Async`](crate::Async), [`Blocking`](crate::Blocking), [`Mode`](crate::Mode)) | `engine/mode.rs` |
//! | engines | `engine/async_engine.rs`, `engine/blocking_engine.rs`, around the driver both share, `engine/driver.rs` |
//! | time ([`Timer`](crate::Timer)), pacing ([`Pacer`](crate::Pacer)), de-duplication | `engine/timer.rs`, `engine/pacing.rs`, `engine/dedupe.rs` |
//! | windows ([`Window`](crate::Window)) | `engine/windows.rs` |
//! | transports | `transport/closure.rs` (closures, [`Fetched`](crate::Fetched)), `transport/reqwest_request.rs` ([`Request`](crate::Request)), `transport/http.rs` (what the two reqwest transports share), `transport/client.rs` ([`http::client`](crate::http::client)), `transport/splitter.rs` (how a transport splits envelopes into pages) |
//! | the trait ([`Paginate`](crate::Paginate)) | `surface/paginate.rs` |
//! | the walk types ([`Paginator`](crate::Paginator), [`Pages`](crate::Pages)) | `surface/paginator.rs` |
//! | the field types an attribute path may name ([`CursorValue`](crate::CursorValue), [`KeyPart`](crate::KeyPart), ...) | `surface/fields.rs` |
//! | the attribute language | `paginate-attr/src/`: the model (`model.rs`, `path.rs`), parse (`parse.rs`; text read at run time, `runtime.rs`), the checks without types (`check.rs`), the canonical text (`canonical.rs`); errors collected in `ctxt.rs` |
//! | the derive | `paginate-derive/src/`: the envelope's fields (`ast.rs`, `serde.rs`), check (`valid.rs`), expand (`expand.rs`); `impl_paginate!` in `remote.rs`, the crate path in `krate.rs` and `manifest.rs`, a stub impl after an error in `fallback.rs` |
//! | the command | `paginate-cli/src/`: detection in `detect/` (one file per signal family, the conventions in `conventions.rs`); the command in `command/`: options (`args.rs`), the first request and probe (`request.rs`, `probe.rs`), how the endpoint paginates (`decide.rs`), attribute text to an envelope (`envelope.rs`, `openapi.rs`), the walk (`walk.rs`), output and resume file (`output.rs`, `resume.rs`), `--explain` (`explain.rs`, `sketch.rs`), exit statuses (`exit.rs`) |
//!
//! # Tests
//!
//! The repository's `tests/` walk each emulated API (`seeds.rs`), the runtime's behaviour
//! (`walks.rs`), every setting (`options.rs`), faults and resume (`resilience.rs`), hostile servers
//! (`trust.rs`, and `exactly_once.rs` over every transport), protocols (`protocols.rs`, and `xml.rs`
//! with `--features xml`), capped APIs and windows (`capped.rs`), concurrency (`concurrency.rs`), and
//! the derive's errors (`ui.rs`, `ui_lints.rs`: each message is a committed `.stderr`); property tests
//! of the state machine and other executors are in `paginate-core/tests/`. The command's tests
//! (`paginate-cli/tests/`) run the binary against every emulated API and a cross-section of the
//! hostile routes, kill it and resume it, and keep its help and messages as snapshots (`cmd/`).
//! `cargo test --workspace && cargo test --features xml --test xml` runs them all;
//! `TRYBUILD=overwrite cargo test --test ui` records the derive's messages again after an intended
//! change (the reference compiler is the one `rust-toolchain.toml` pins).
