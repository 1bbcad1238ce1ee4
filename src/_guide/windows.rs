//! # Capped APIs, windows and progress
//!
//! Some APIs serve at most so many records per query, however it is paged: Aircall stops at 10,000
//! and tells users to split by time. Declare the cap (`#[paginate(cap = 10000)]`, or `.cap(n)` on the
//! walk) and a walk knows when it cannot reach everything: a first page announcing a larger `total`
//! is [`ErrorKind::CapExceeded`](crate::ErrorKind::CapExceeded), and a walk that ends short of its
//! `total` is [`ErrorKind::Truncated`](crate::ErrorKind::Truncated). `.detect_truncation(false)` walks
//! what is reachable instead, with a warning.
//!
//! A window walk covers a time range: [`Paginate::windows`](crate::Paginate::windows) (async) or
//! `Paginate::windows_blocking` call your function with each [`Window`](crate::Window), a half-open
//! range `[start, end)`, to build its request. A window whose first page announces more records than
//! the cap is split, using that page's `total` (one request per split), until every window fits.
//! Windows are disjoint and cover the range, so every record comes once, in window order. The
//! envelope needs `total`.
//!
//! ```
//! use futures::TryStreamExt;
//! use paginated::Paginate;
//! use paginated_mock::{MockConfig, MockServer, EPOCH, SPAN_SECONDS};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(
//!     items = "calls",
//!     page = "meta.current_page",
//!     total = "meta.total",
//!     limit_param = "per_page",
//!     max_page_size = 50,
//!     cap = 10000
//! )]
//! struct CallsPage { calls: Vec<Call>, meta: Meta }
//!
//! #[derive(Deserialize)]
//! struct Meta { current_page: u64, total: u64 }
//!
//! #[derive(Deserialize)]
//! struct Call { id: u64 }
//!
//! #[tokio::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     // The emulation's cap is lowered to 1,000 to keep the example short.
//!     let server = MockServer::start(MockConfig { record_cap: 1_000, ..MockConfig::with_records(2_500) });
//!     let client = paginated::http::client().build()?;
//!     let url = server.url("/v1/calls");
//!     let calls: Vec<Call> = CallsPage::windows(EPOCH..EPOCH + SPAN_SECONDS, move |window| {
//!         // This API's `to` is inclusive, hence `last()`.
//!         client.get(&url).query(&[("from", window.start), ("to", window.last())])
//!     })
//!     .cap(1_000)
//!     .page_size(50)
//!     .on_progress(|progress| eprintln!("{} calls, {} windows", progress.items, progress.windows))
//!     .try_collect()
//!     .await?;
//!     assert!(calls.iter().map(|call| call.id).eq(1..=2_500));
//!     Ok(())
//! }
//! ```
//!
//! Window walks take every setting of a walk, and each holds for the whole range:
//! `.max_items(n)`, `.max_pages(n)` and `.dedupe_by(..)` count across windows, `.concurrency(n)`
//! fetches up to `n` pages of a window at once, `.retry(..)`, `.min_interval(..)` and
//! `.on_progress(..)` apply to every window. `.checkpoint()` names the window and the position inside
//! it, and `.resume(..)` continues there (the rest of the range is split again as needed). A window
//! that no split brings under the cap (more records at one instant than a query reaches) is
//! `CapExceeded`, or, with `.detect_truncation(false)`, walked as far as the API lets a query reach.
//!
//! # Progress
//!
//! [`.on_progress(f)`](crate::Paginator::on_progress) calls `f` after every page with a
//! [`Progress`](crate::Progress): pages fetched, items yielded, the `total` when the API gives one
//! ([`Progress::fraction`](crate::Progress::fraction)), and for window walks the windows done and
//! known so far. The repository's `examples/progress.rs` draws a terminal progress bar with indicatif
//! over a window walk (`cargo run --release --example progress`).
