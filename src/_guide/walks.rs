//! # Walks
//!
//! A walk is a [`Paginator<T, M>`](crate::Paginator): every item of a paginated endpoint, requested
//! page by page as the consumer asks for items. In [`Async`](crate::Async) mode (the default) it is a
//! `futures::Stream<Item = Result<T, Error>>`, in [`Blocking`](crate::Blocking) mode an
//! `Iterator<Item = Result<T, Error>>`. Both modes have the same settings, each one method written
//! once, so an async walk and a blocking walk of the same envelope read the same apart from
//! `while let` and `for`. Nothing is requested before the first item is asked for.
//!
//! | the transport | async (`Stream`) | blocking (`Iterator`) |
//! |---|---|---|
//! | a reqwest request, repeated with each page's parameters | [`Envelope::stream(request)`](crate::Paginate::stream) | `Envelope::iter(request)` (feature `reqwest-blocking`) |
//! | a capped API's time range ([windows](super::windows)) | [`Envelope::windows(range, f)`](crate::Paginate::windows) | `Envelope::windows_blocking(range, f)` |
//! | any transport: a closure, typically over a generated SDK | [`Envelope::from_fn(f)`](crate::Paginate::from_fn) | [`Envelope::from_fn_blocking(f)`](crate::Paginate::from_fn_blocking) |
//!
//! `stream` and `iter` take a reqwest `RequestBuilder`, or a [`Request`](crate::Request) that adds the
//! transport's own settings (the body cap, [`Request::max_body_bytes`](crate::Request::max_body_bytes)).
//! The request's method, query, headers and body are kept on every page, byte for byte (a signed URL
//! stays valid); the walk only sets its pagination parameters, replacing earlier values rather than
//! adding to them. [`http::client`](crate::http::client) and `http::blocking_client` build reqwest
//! clients with safe defaults (timeouts, no redirect to another origin, a user agent): see
//! [security](super::security).
//!
//! # Items or pages
//!
//! [`.pages()`](crate::Paginator::pages) turns a walk into a walk of [`Page`](crate::Page)s: the items
//! of each page with its number, the request that fetched it, the latest `total` and the page's
//! [`Signals`](crate::Signals). Every setting still applies, de-duplication included.
//!
//! ```
//! use paginated::Paginate;
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! struct User { id: String }
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(
//!     cursor = "pagination.next_cursor",
//!     has_more = "pagination.has_more",
//!     total = "pagination.total_count"
//! )]
//! struct UsersPage { data: Vec<User>, pagination: Pagination }
//!
//! #[derive(Deserialize)]
//! struct Pagination { next_cursor: Option<String>, has_more: bool, total_count: u64 }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
//! # let url = server.url("/playbook/api/v1/users");
//! let client = paginated::http::blocking_client().build()?;
//! for page in UsersPage::iter(client.get(&url)).page_size(50).pages() {
//!     let page = page?;
//!     println!("page {}: {} of {:?} users", page.number, page.items.len(), page.total);
//!     assert!(page.items[0].id.starts_with("usr_"));
//! }
//! # assert_eq!(server.request_count(), 3);
//! # Ok(()) }
//! ```
//!
//! # Settings
//!
//! Every setting is a method of [`Paginator`](crate::Paginator), written once for both modes and every
//! transport (`concurrency` and `prefetch` only exist for async walks); a window walk applies each one
//! to the whole range.
//!
//! | method | what it does | default |
//! |---|---|---|
//! | [`page_size(n)`](crate::Paginator::page_size) | items asked for per page, clamped to the envelope's `max_page_size` | the size already in the request (`?limit=25`), else the API's |
//! | [`max_items(n)`](crate::Paginator::max_items), [`max_pages(n)`](crate::Paginator::max_pages) | stop after `n` items or pages; they always win over the API's signals | none |
//! | [`retry(policy)`](crate::Paginator::retry) | retries and deadlines, a [`RetryPolicy`](crate::RetryPolicy) | 5 attempts, 30 s an attempt, 2 minutes a page |
//! | [`min_interval(d)`](crate::Paginator::min_interval), [`pacer(p)`](crate::Paginator::pacer) | space requests; clones of one [`Pacer`](crate::Pacer) pace several walks together | no pacing |
//! | [`concurrency(n)`](crate::Paginator::concurrency) | async walks: up to `n` pages at once, for offset and page walks once the first page gave the `total` | 1 |
//! | [`prefetch(b)`](crate::Paginator::prefetch) | async walks: request the next page while the consumer works on this one | true |
//! | [`dedupe_by(key)`](crate::Paginator::dedupe_by), [`dedupe_by_bounded(key, n)`](crate::Paginator::dedupe_by_bounded) | skip items whose key was already yielded (data changing during the walk) | off |
//! | [`on_invalid_cursor(p)`](crate::Paginator::on_invalid_cursor), [`cursor_rejected_when(f)`](crate::Paginator::cursor_rejected_when) | what an expired cursor does ([`InvalidCursor::Restart`](crate::InvalidCursor::Restart) starts over), and how it is recognised | fail |
//! | [`resume(checkpoint)`](crate::Paginator::resume), [`sign_checkpoints(key)`](crate::Paginator::sign_checkpoints) | continue from a [`Checkpoint`](crate::Checkpoint); sign the ones this walk takes | |
//! | [`allow_origin(o)`](crate::Paginator::allow_origin), [`cross_origin(p)`](crate::Paginator::cross_origin) | pages on other origins ([security](super::security)) | refuse |
//! | [`allow_repeated_pages(b)`](crate::Paginator::allow_repeated_pages), [`max_stalled_pages(n)`](crate::Paginator::max_stalled_pages) | the repeat guard, and pages in a row without a new item ([errors](super::errors)) | guard on, 1,000 |
//! | [`detect_truncation(b)`](crate::Paginator::detect_truncation), [`cap(n)`](crate::Paginator::cap) | a walk ending short of `total`, and a capped API ([windows](super::windows)) | on, the envelope's `cap` |
//! | [`on_progress(f)`](crate::Paginator::on_progress) | a callback after every page with the [`Progress`](crate::Progress) | none |
//! | [`timer(t)`](crate::Paginator::timer) | the clock and sleeps of backoff, pacing and deadlines | [`DefaultTimer`](crate::DefaultTimer) |
//!
//! The page size is decided once: `.page_size(n)`, else the size the request already carries, else
//! none (the API's default); a size above the envelope's `max_page_size` is clamped, with a `tracing`
//! warning. Async walks run under any executor (tokio, smol, `futures::executor`): fetches are polled
//! in place, never spawned, and time goes through the walk's [`Timer`](crate::Timer), tokio's inside
//! a tokio runtime, async-io's with the `async-io` feature, a portable timer thread otherwise.
//!
//! # Any transport
//!
//! An SDK brings its own client. [`from_fn`](crate::Paginate::from_fn) and
//! [`from_fn_blocking`](crate::Paginate::from_fn_blocking) call a closure with each page's
//! [`PageRequest`](crate::PageRequest): its position (`cursor()`, `offset()`, `page()`, `keyset()`,
//! `url()`), its `page_size()`, and the deadline of the attempt (`timeout()`). The closure returns the
//! envelope, or a [`Fetched`](crate::Fetched) when signals come from response headers, and any error
//! type. This one needs no tokio: it runs under `futures::executor`.
//!
//! ```
//! use futures::TryStreamExt;
//! use paginated::{PageRequest, Paginate};
//!
//! #[derive(Paginate)]
//! #[paginate(offset, has_more = "has_more")]
//! struct NumbersPage { data: Vec<u64>, has_more: bool }
//!
//! /// A generated SDK's list call.
//! async fn list_numbers(offset: u64, limit: u64) -> Result<NumbersPage, std::io::Error> {
//!     let data: Vec<u64> = (offset..(offset + limit).min(95)).collect();
//!     Ok(NumbersPage { has_more: offset + limit < 95, data })
//! }
//!
//! let walk = NumbersPage::from_fn(|request: PageRequest| async move {
//!     list_numbers(request.offset().unwrap_or(0), request.page_size().unwrap_or(20)).await
//! })
//! .page_size(10);
//! let numbers: Vec<u64> = futures::executor::block_on(walk.try_collect())?;
//! assert_eq!(numbers, (0..95).collect::<Vec<_>>());
//! # Ok::<_, paginated::Error>(())
//! ```
//!
//! An error the closure returns ends the walk with [`ErrorKind::Transport`](crate::ErrorKind::Transport),
//! not retried; a closure that wants a retry returns a transient [`Error`](crate::Error) itself, such
//! as [`Error::connection`](crate::Error::connection) or [`Error::status`](crate::Error::status) with
//! a `503`. A blocking closure cannot be interrupted from outside: it should hand
//! `request.timeout()` to its client.
//!
//! # Checkpoints
//!
//! [`.checkpoint()`](crate::Paginator::checkpoint) says where a walk stands after the last item it
//! yielded, at any time, also after an error. It is serde data of bounded size, whatever the walk's
//! length; [`.resume(checkpoint)`](crate::Paginator::resume), in this process or another, yields
//! exactly the items not yet yielded. Every error a walk yields carries the checkpoint of its last
//! good item ([`Error::checkpoint`](crate::Error::checkpoint)), so a failed `try_collect` still knows
//! where to resume.
//!
//! ```
//! use paginated::{Checkpoint, Paginate, RetryPolicy};
//! use paginated_mock::{Faults, MockConfig, MockServer};
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! struct User { id: String }
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(cursor = "pagination.next_cursor", has_more = "pagination.has_more")]
//! struct UsersPage { data: Vec<User>, pagination: Pagination }
//!
//! #[derive(Deserialize)]
//! struct Pagination { next_cursor: Option<String>, has_more: bool }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // An API that goes down on the third request, then comes back.
//! let server = MockServer::start(MockConfig {
//!     faults: Faults { outage: Some(3..4), ..Faults::default() },
//!     ..MockConfig::with_records(100)
//! });
//! let client = paginated::http::blocking_client().build()?;
//! let users = || client.get(server.url("/playbook/api/v1/users")).bearer_auth("key");
//!
//! let walk = UsersPage::iter(users()).page_size(30).retry(RetryPolicy::disabled());
//! let error = walk.collect::<Result<Vec<User>, _>>().unwrap_err();
//! assert_eq!(error.checkpoint().unwrap().items_yielded(), 60);
//!
//! // Store it anywhere: it holds no credential (the resuming request brings them again).
//! let saved = serde_json::to_string(error.checkpoint().unwrap())?;
//! let checkpoint: Checkpoint = serde_json::from_str(&saved)?;
//! let rest: Vec<User> =
//!     UsersPage::iter(users()).page_size(30).resume(checkpoint).collect::<Result<_, _>>()?;
//! assert_eq!(rest.len(), 40);
//! assert_eq!(rest[0].id, "usr_061");
//! # Ok(()) }
//! ```
//!
//! A checkpoint is checked when a walk resumes from it, and can be signed when it leaves the process:
//! see [security](super::security).
//!
//! # Envelopes described at run time
//!
//! When the envelope is known only at run time (from a configuration file, a user, or the first
//! response), [`DynamicEnvelope`](crate::DynamicEnvelope) says with the attribute's keys where the
//! items and signals are, as JSON paths or headers, and walks like a derived envelope, every setting
//! included. Its items are [`RawItem`](crate::RawItem)s: each item's JSON text as the body held it,
//! neither decoded nor re-encoded.
//!
//! ```
//! use futures::TryStreamExt;
//! use paginated::{DynamicEnvelope, JsonPath, Source, Strategy};
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let pagination = JsonPath::member("pagination");
//! let envelope = DynamicEnvelope::new(Strategy::Cursor, JsonPath::member("data"))
//!     .cursor(Source::Body(pagination.clone().then("next_cursor")))
//!     .has_more(Source::Body(pagination.then("has_more")));
//! let client = paginated::http::client().build()?;
//! let request = client.get(server.url("/playbook/api/v1/users"));
//! let users: Vec<_> = envelope.stream(request)?.page_size(50).try_collect().await?;
//! assert_eq!(users.len(), 120);
//! assert!(users[0].get().starts_with('{'));
//! # Ok::<_, Box<dyn std::error::Error>>(()) })?;
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```
//!
//! The `paginated` command of the `paginated-cli` package is built on it: it reads the attribute
//! language at run time (`--paginate 'items = "data", cursor = "meta.next"'`), or detects the
//! envelope from the first response, and writes every item as a line of JSON.
