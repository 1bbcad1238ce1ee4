//! # Strategies and stop rules
//!
//! The strategy key of the [attribute](super::attribute) says how the API points at the next page.
//!
//! | strategy | next request | ends when |
//! |---|---|---|
//! | `cursor` | `cursor=<token>`; a JSON token as JSON: an object in a body, JSON text in a query | token missing or empty, or `has_more` false; an empty page whose token advances goes on (a filtered scan) |
//! | `next_url` | the URL from the body, a relative one resolved against the page's URL | URL missing or empty, or `has_more` false |
//! | `link_header` | the `rel="next"` target of the `Link` header | no `rel="next"`, or `has_more` false |
//! | `offset` | `offset=<offset + items received>` | `has_more` false; without `has_more`: an empty page, `total` reached, or a short page |
//! | `page` | `page=<n + 1>` | `has_more` false; without `has_more`: an empty page, `total_pages` or `total` reached, or a short page |
//! | `keyset` | the last item's key (a JSON part, such as Elasticsearch's `sort` array, as JSON) | `has_more` false, an empty page, or a short page |
//! | any, with `errors` | | a page whose errors give a message: [`ErrorKind::Api`](crate::ErrorKind::Api), before any of its items |
//! | any, with `carry` | also `carry_param=<the latest value carried>` | |
//!
//! `has_more` is authoritative when the envelope declares it: a page number API that says
//! `hasNextPage: true` goes on whatever its `totalPages` says. A short page is one with fewer items
//! than the page size asked for, so it ends a walk only when the walk knows that size (`.page_size(n)`
//! or a size in the request). [`.max_items(n)`](crate::Paginator::max_items) and
//! [`.max_pages(n)`](crate::Paginator::max_pages) always win.
//!
//! The request's own query, headers and body are kept on every page, byte for byte; pagination
//! parameters replace earlier values, never duplicate them, and cursors are percent-encoded once. A
//! walk that cannot trust these rules ends with an error rather than repeating or dropping items:
//! `has_more: true` without a cursor is [`ErrorKind::Protocol`](crate::ErrorKind::Protocol), a page
//! number that does not advance is [`ErrorKind::NoProgress`](crate::ErrorKind::NoProgress), and
//! [errors](super::errors) lists the rest.
//!
//! # A short page ends an offset walk
//!
//! ```
//! use paginated::{PageRequest, Paginate};
//!
//! #[derive(Paginate)]
//! #[paginate(offset)]
//! struct NotesPage { data: Vec<u64> }
//!
//! let notes = |request: PageRequest| {
//!     let (offset, size) = (request.offset().unwrap(), request.page_size().unwrap());
//!     Ok::<_, std::io::Error>(NotesPage { data: (offset..(offset + size).min(45)).collect() })
//! };
//! let pages: Vec<usize> = NotesPage::from_fn_blocking(notes)
//!     .page_size(20)
//!     .pages()
//!     .map(|page| page.map(|page| page.items.len()))
//!     .collect::<Result<_, _>>()?;
//! // No request for a fourth page: 5 < 20 says this was the last.
//! assert_eq!(pages, [20, 20, 5]);
//! # Ok::<_, paginated::Error>(())
//! ```
//!
//! # Keysets with ties
//!
//! A keyset walk sends back the key of the last item it received. When the key field repeats across
//! items (timestamps rounded to the second or the day), a single-field key skips the items that share
//! the last key of a page; declare a compound key, one parameter per part. AgentPhone's messages,
//! newest first, with timestamps rounded to the day:
//!
//! ```
//! use std::time::Duration;
//!
//! use paginated::Paginate;
//! use paginated_mock::{MockConfig, MockServer};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(keyset = "received_at, id", keyset_param = "before, before_id", has_more = "has_more")]
//! struct MessagesPage {
//!     data: Vec<Message>,
//!     #[serde(rename = "hasMore")]
//!     has_more: bool,
//! }
//!
//! #[derive(Deserialize)]
//! struct Message {
//!     id: String,
//!     #[serde(rename = "receivedAt")]
//!     received_at: String,
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let server = MockServer::start(MockConfig {
//!     timestamp_granularity: Duration::from_secs(86_400),
//!     ..MockConfig::with_records(600)
//! });
//! let client = paginated::http::blocking_client().build()?;
//! let messages: Vec<Message> = MessagesPage::iter(client.get(server.url("/v1/numbers/n/messages")))
//!     .page_size(100)
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(messages.len(), 600);
//! let second = &server.requests()[1];
//! assert_eq!(second.params("before"), [messages[99].received_at.clone()]);
//! assert_eq!(second.params("before_id"), [messages[99].id.clone()]);
//! # Ok(()) }
//! ```
