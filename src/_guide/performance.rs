//! # Performance
//!
//! A walk costs a fixed amount per page on top of its transport: building the request, the state
//! machine with its guards and checkpoint counters, and polling the fetch. Each slot of a walk fetches
//! page after page in the same memory, and the repeat guard hashes what a page contains once into a
//! window of fixed size, so once that window is full neither allocates anything per page. Items are
//! handed out from the decoded page by an item path that inlines into the consumer, and `fold`-based
//! consumers of a blocking walk (`sum`, `for_each`, collecting into a `Vec`) iterate each page in a
//! tight loop. Memory is constant whatever the walk's length: the current page and the pages in
//! flight, and guards of fixed size; a checkpoint's size does not grow either. A page's body is read
//! into one buffer and decoded from it, never copied a second time: a large page's peak is its body,
//! its items and the transport's read buffer, less than reading the body with `bytes()` and decoding
//! it with `serde_json::from_slice` by hand.
//!
//! What `#[derive(Paginate)]` writes, rustc checks in every envelope, so it writes little: one impl
//! whose methods are `#[inline]` (compiled only where a walk uses them), a `Vec` items field moved
//! out as it is, each signal read by one call, and the item fingerprint chosen by one method lookup.
//!
//! A cursor walk costs a little more per page than an offset walk: a cursor is text the API issued,
//! which the walk moves into the next request and remembers for its loop guard, while the next offset
//! is one addition.
//!
//! `benches/compare.rs` measures the walks against what users write otherwise, side by side in one
//! run: in-memory walks against `futures::stream::try_unfold` over the same closure (the cost added
//! per page), a cursor walk over loopback HTTP against a hand-written `reqwest` loop (the client's CPU
//! per page, judged on the instructions it executes where valgrind is installed) and against
//! `try_unfold` and the page-turner crate (wall time), concurrency against `buffered(8)`, prefetch,
//! and the memory a live walk holds and a large page's peak. Each target prints one line with its
//! measured value and `pass` or `MISS`, and the run fails on a miss:
//!
//! ```sh
//! cargo bench --bench compare -- --quick
//! ```
//!
//! `cargo bench --bench build` measures what the derive costs a crate's build per envelope
//! (`cargo build` and `cargo check`, against serde's derive alone) and what depending on `paginated`
//! costs a clean build, and `cargo bench --bench engine` the state machine's cost per page.
