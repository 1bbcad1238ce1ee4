//! # Errors and what happens when
//!
//! Every item comes exactly once, or the walk ends with a typed [`Error`](crate::Error), within bounded
//! time and memory. [`error.kind()`](crate::Error::kind) says what happened (an
//! [`ErrorKind`](crate::ErrorKind)); [`error.checkpoint()`](crate::Error::checkpoint) says where to
//! resume ([walks](super::walks#checkpoints)). An error found while reading a page comes after that
//! page's items, and the walk ends after it.
//!
//! | situation | what the walk does |
//! |---|---|
//! | `429`, `408`, `5xx`, a connection refused or dropped, a body cut short, an attempt past its deadline | retries **that page** with exponential backoff and full jitter, waiting at least the `Retry-After` (seconds or an HTTP date); then [`RetriesExhausted`](crate::ErrorKind::RetriesExhausted) with the last error |
//! | the server accepts and never answers, answers one byte a second, or announces more body than it sends | every attempt has a deadline (30 s: connect, send, the whole body) and every page a budget (2 minutes: all its attempts and waits), with any client, async or blocking; the budget interrupts the attempt in progress: [`Timeout`](crate::ErrorKind::Timeout) with [`TimeoutScope::Page`](crate::TimeoutScope::Page) |
//! | a `Retry-After` longer than what is left of the page's budget | [`RateLimited`](crate::ErrorKind::RateLimited) with the wait asked for, at once; resume from its checkpoint later |
//! | another `4xx` | [`Status`](crate::ErrorKind::Status) with the status and the start of the body |
//! | the API rejects the cursor (Airclou: `400 invalid_cursor`) | [`CursorRejected`](crate::ErrorKind::CursorRejected); `.on_invalid_cursor(InvalidCursor::Restart)` starts over, with `.dedupe_by(..)` so nothing is yielded twice; `.cursor_rejected_when(..)` says how to recognise one |
//! | the body is not the envelope, or has bytes after its JSON | [`Decode`](crate::ErrorKind::Decode) with the path of the failing value (`pagination.next_cursor`), the byte offset and the start of the body |
//! | a body over [`Request::max_body_bytes`](crate::Request::max_body_bytes) (32 MiB) | [`BodyTooLarge`](crate::ErrorKind::BodyTooLarge), before reading it when `Content-Length` says so |
//! | the API sends the walk back to a request it already made (a cursor, next URL or key again, a next URL that differs only by its `#fragment` or parameter order, a self-link) | [`LoopDetected`](crate::ErrorKind::LoopDetected), before the repeat is sent |
//! | a page holds the items of an earlier page (a page number past the end answered with the last page, or the last two in turn; an ignored `page`, `offset` or `cursor`; a cycle of cursors), whatever fresh cursors, request ids or timestamps surround them | [`RepeatedPage`](crate::ErrorKind::RepeatedPage), before any of its items; `.allow_repeated_pages(true)` walks an API that honestly serves identical pages |
//! | empty pages whose position advances (a filtered scan) | walked: up to 1,000 in a row (accepted repeats included), then [`Stalled`](crate::ErrorKind::Stalled), whose checkpoint goes on; `.max_stalled_pages(n)` changes the limit |
//! | `has_more: true` with an empty offset or keyset page, or a page number that does not advance | [`NoProgress`](crate::ErrorKind::NoProgress) |
//! | a page that contradicts itself (`has_more: true` without a cursor) | [`Protocol`](crate::ErrorKind::Protocol) |
//! | the API's errors inside a successful answer (GraphQL `errors`) | [`Api`](crate::ErrorKind::Api), none of that page's items |
//! | the walk ends before the `total` the API announced | [`Truncated`](crate::ErrorKind::Truncated) with what was received; `.detect_truncation(false)` accepts it |
//! | more records match than the API's `cap` lets one query reach | [`CapExceeded`](crate::ErrorKind::CapExceeded) on the first page; [windows](super::windows) split the query |
//! | a next URL, `Link`, redirect or resumed position on another origin | [`CrossOrigin`](crate::ErrorKind::CrossOrigin), nothing of it yielded ([security](super::security)) |
//! | a cursor too long for a URL (64 KiB) | [`RequestTooLong`](crate::ErrorKind::RequestTooLong), not sent |
//! | a request that cannot be paginated as configured (a streaming body, `params_in = "body"` without a JSON object body, a page size of 0) | [`InvalidRequest`](crate::ErrorKind::InvalidRequest), before any request |
//! | a checkpoint of another walk (strategy, envelope, or request: method, URL or body), edited, unsigned where signatures are required, or with counters that cannot be | [`InvalidCheckpoint`](crate::ErrorKind::InvalidCheckpoint), before any request |
//! | a closure transport fails | [`Transport`](crate::ErrorKind::Transport) with its error, not retried unless it returns a transient [`Error`](crate::Error) itself |
//! | a transport panics | the panic unwinds into the consumer's poll or `next()`: walks spawn nothing |
//! | data changes during the walk (records created mid-walk move items to later pages) | `.dedupe_by(\|item\| key)` skips items already yielded (`.dedupe_by_bounded(key, n)` keeps the last `n` keys) |
//! | the API asks for a delay between requests | `.min_interval(d)`, or `.pacer(pacer)` with clones of one [`Pacer`](crate::Pacer) shared by several walks |
//!
//! # Retries and deadlines
//!
//! A [`RetryPolicy`](crate::RetryPolicy) sets attempts, backoff and deadlines: by default 5 attempts
//! per page, backoff from 200 ms up to 10 s, 30 s an attempt and 2 minutes a page. Only the failed page
//! is retried, never the walk from its start. Deadlines hold with any client: an async walk abandons
//! an attempt at its deadline; a blocking closure transport is told its deadline
//! ([`PageRequest::timeout`](crate::PageRequest::timeout)), since nothing can interrupt it from outside.
//!
//! ```
//! use std::time::Duration;
//! use paginated::{ErrorKind, Paginate, RetryPolicy};
//! # use serde::Deserialize;
//! # #[derive(Debug, Deserialize)] struct Item { id: u64 }
//! # #[derive(Deserialize, Paginate)] #[paginate(page)] struct ItemsPage { data: Vec<Item> }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(10));
//! // Answers `429 Retry-After: 3600`: more than a page's budget, so the walk does not wait.
//! let client = paginated::http::blocking_client().build()?;
//! let policy = RetryPolicy::default().max_attempts(8).page_timeout(Duration::from_secs(60));
//! let mut walk = ItemsPage::iter(client.get(server.url("/hostile/rate-limited"))).retry(policy);
//! let error = walk.next().unwrap().unwrap_err();
//! let ErrorKind::RateLimited { retry_after, .. } = error.kind() else { panic!("{error}") };
//! assert_eq!(retry_after.as_secs(), 3600);
//! assert!(walk.next().is_none());
//! # Ok(()) }
//! ```
//!
//! # The guards
//!
//! A walk remembers, in fixed memory, the requests it made and what each page contained. A request
//! coming back (compared in a normal form: fragment dropped, parameters sorted) is a loop, refused
//! before it is sent. A page whose items are those of an earlier page is refused before any of them
//! is yielded: the walk remembers the last 4,096 pages exactly, older ones by anchors that catch a
//! longer cycle within one lap, and a checkpoint carries the last 64.
//!
//! What a page contains is judged on its items: over reqwest, on the arrays of a JSON body (the items
//! wherever they sit, without the scalars around them); over a closure transport, on the decoded items,
//! which `#[derive(Paginate)]` fingerprints by the first of `Hash`, `Serialize` and `Debug` that the
//! item type implements. `Debug` text is hashed as it is written, never kept; a `Debug` that hides
//! what tells two items apart makes different pages look the same, so give such items `Hash`. For an
//! envelope generic in its item type, the derive sees what the parameter declares:
//! `struct Page<T: Serialize>` is fingerprinted, `struct Page<T>` is not. A closure walk over items
//! that have no fingerprint has only the request guard, which a page number or offset API that
//! ignores the position does not trip: give such items `Debug` (or implement
//! [`Paginate`](crate::Paginate) by hand with
//! [`Paginate::items_fingerprint`](crate::Paginate::items_fingerprint)), or bound the walk with
//! [`max_pages`](crate::Paginator::max_pages).
//!
//! A page number API that answers every page past the end with its last page, and has no other end
//! signal:
//!
//! ```
//! use paginated::{ErrorKind, Paginate};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct Item { id: u64 }
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(page)]
//! struct ItemsPage { data: Vec<Item> }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(40));
//! let client = paginated::http::blocking_client().build()?;
//! let mut ids = Vec::new();
//! for item in ItemsPage::iter(client.get(server.url("/hostile/clamped"))).page_size(10) {
//!     match item {
//!         Ok(item) => ids.push(item.id),
//!         Err(error) => {
//!             assert!(matches!(error.kind(), ErrorKind::RepeatedPage { page: 5, earlier: 4, .. }))
//!         }
//!     }
//! }
//! assert_eq!(ids, (1..=40).collect::<Vec<_>>());
//! # Ok(()) }
//! ```
//!
//! Empty pages that keep saying there is more are walked up to the limit, then the walk stops with a
//! checkpoint that goes on from there:
//!
//! ```
//! use paginated::{ErrorKind, Paginate};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(cursor = "next_cursor", has_more = "has_more")]
//! struct EventsPage { data: Vec<serde_json::Value>, next_cursor: Option<String>, has_more: bool }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(10));
//! let client = paginated::http::blocking_client().build()?;
//! let mut walk = EventsPage::iter(client.get(server.url("/hostile/endless-empty"))).max_stalled_pages(5);
//! let error = walk.next().unwrap().unwrap_err();
//! assert!(matches!(error.kind(), ErrorKind::Stalled { limit: 5, .. }));
//! assert!(!error.checkpoint().unwrap().is_complete());
//! # Ok(()) }
//! ```
