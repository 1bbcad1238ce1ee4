//! # Performance
//!
//! A walk costs a fixed amount per page on top of its transport: building the request, the state
//! machine with its guards and checkpoint counters, and one boxed fetch. Items are handed out from the
//! decoded page by an item path that inlines into the consumer, and `fold`-based consumers of a
//! blocking walk (`sum`, `for_each`, collecting into a `Vec`) iterate each page in a tight loop. Memory
//! is constant whatever the walk's length: the current page and the pages in flight, and guards of
//! fixed size; a checkpoint's size does not grow either.
//!
//! The benchmarks compare the walk with iterating the same in-memory pages by hand, and measure the
//! state machine's cost per page:
//!
//! ```sh
//! cargo bench
//! ```
