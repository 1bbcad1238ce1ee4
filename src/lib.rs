//! Correct, fast, resilient API pagination from one derive.
//!
//! Annotate the response envelope of a list endpoint and walk every item, as an async `Stream` or a
//! blocking [`Iterator`]:
//!
//! ```
//! use futures::TryStreamExt;
//! use paginated::Paginate;
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! struct User { id: String, email: String }
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(cursor = "pagination.next_cursor", has_more = "pagination.has_more")]
//! struct UsersPage { data: Vec<User>, pagination: Pagination }
//!
//! #[derive(Deserialize)]
//! struct Pagination { next_cursor: Option<String>, has_more: bool }
//!
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
//! # let url = server.url("/playbook/api/v1/users");
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let client = reqwest::Client::new();
//! let users: Vec<User> = UsersPage::stream(client.get(&url).bearer_auth("key"))
//!     .page_size(50)
//!     .try_collect()
//!     .await?;
//! assert_eq!(users.len(), 120);
//! # Ok::<_, paginated::Error>(()) }).unwrap();
//!
//! let client = reqwest::blocking::Client::new();
//! for user in UsersPage::iter(client.get(&url)).page_size(50) {
//!     let user = user?;
//!     assert!(user.email.ends_with("@example.com"));
//! }
//! # Ok::<_, paginated::Error>(())
//! ```
//!
//! The async walk over reqwest is in the default features; the blocking one over `reqwest::blocking`
//! needs the `reqwest-blocking` feature (`cargo add paginated -F reqwest-blocking`). Walks over any
//! other transport need neither ([`Paginate::from_fn`], [`Paginate::from_fn_blocking`]).
//!
//! # The attribute
//!
//! Paths are Rust field paths into the envelope (`pagination.next_cursor`), checked at compile time: a
//! typo is a rustc error on the attribute string. A path through an `Option` field says so with `?`
//! (`meta?.next_page_link`). Paths name Rust fields, not the JSON names serde reads them from
//! (`"has_more"`, not `"hasMore"`). The path-valued keys can also be written on the field itself:
//! `#[paginate(items)]`, `#[paginate(cursor)]`, `#[paginate(next_url)]`, `#[paginate(page)]`,
//! `#[paginate(has_more)]`, `#[paginate(total)]`, `#[paginate(total_pages)]`. Types that cannot carry
//! the attribute get the same impl from [`impl_paginate!`].
//!
//! | key | meaning |
//! |---|---|
//! | `items = "data"` | the items: `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, or an `Option` of one (missing means empty). Optional when exactly one field is such a list. |
//! | `items = "data?.issues.edges[].node"` | items reached through each element of a list (`[]`, once, only in `items`); `edges[].node?` skips elements without one |
//! | `item = Type` | the item type, needed when `items` is a nested path |
//! | `cursor = "path"` | strategy: opaque next cursor (`String`, integer, a JSON value, or `Option` of one; empty, `null`, `{}` or `None` ends); a JSON cursor goes back as JSON |
//! | `next_url = "path"` | strategy: URL of the next page in the body (absolute or relative) |
//! | `link_header` | strategy: RFC 8288 `Link: <...>; rel="next"` header |
//! | `offset` | strategy: `offset` parameter, advanced by the items received |
//! | `page` or `page = "path"` | strategy: page number parameter; with a path, the echoed page number must advance |
//! | `keyset = "field"` or `keyset = "a, b"` | strategy: key of the last item (compound keys allowed) |
//! | `has_more = "path"` | stop signal (`bool` or `Option<bool>`); authoritative when present |
//! | `total = "path"` | stop signal for offset/page walks, truncation detection |
//! | `total_pages = "path"` | stop signal for page walks |
//! | `cursor_param`, `offset_param`, `limit_param`, `page_param`, `per_page_param` | parameter names (defaults `cursor`, `offset`, `limit`, `page`, `per_page`) |
//! | `keyset_param = "before"` | keyset parameter names: one per key part, or one for all parts joined by commas (default `after`) |
//! | `max_page_size = 100` | the API's cap; larger `.page_size(n)` is clamped, with a `tracing` warning |
//! | `first_page = 0` | first page number of the page strategy (default 1) |
//! | `params_in = "body"` | send pagination parameters as keys of the JSON request body (POST query endpoints); `variables.after` is a nested member |
//! | `total = header("X-Total-Count")` | a signal from a response header: `cursor`, `next_url`, `has_more`, `total`, `total_pages`, `page` |
//! | `errors = "errors"` | the API's errors in a successful answer: [`ErrorKind::Api`] before any item of that page ([`ErrorValue`]) |
//! | `carry = "pit_id"`, `carry_param = "pit.id"` | a value each answer carries, sent back with the next request |
//! | `format = "xml"` | XML bodies (quick-xml), with the `xml` feature |
//! | `crate = "my_sdk::paginated"` | path to this crate, for users of an SDK that re-exports it (otherwise found in your `Cargo.toml`, renamed or not) |
//!
//! # Protocols
//!
//! The forms real APIs need, each one key: items through each element of a list (GraphQL's
//! `edges[].node`), errors sent with a `200` (`errors`), parameters at nested body members
//! (`variables.after`), JSON-valued cursors and keys (DynamoDB's `LastEvaluatedKey`, Elasticsearch's
//! `sort` arrays for `search_after`), signals in response headers (`header("X-Total-Count")`), a value
//! carried from each answer into the next request (a point-in-time id), and XML bodies. A GraphQL
//! connection:
//!
//! ```
//! use paginated::{ErrorKind, Fetched, PageRequest, Paginate, Token};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(
//!     items = "data?.issues.edges[].node",
//!     item = Issue,
//!     cursor = "data?.issues.page_info.end_cursor",
//!     has_more = "data?.issues.page_info.has_next_page",
//!     total = header("X-Total-Count"),
//!     errors = "errors",
//!     params_in = "body",
//!     cursor_param = "variables.after",
//!     limit_param = "variables.first"
//! )]
//! struct IssuesPage { data: Option<Data>, errors: Option<Vec<serde_json::Value>> }
//!
//! #[derive(Deserialize)]
//! struct Data { issues: Connection }
//! #[derive(Deserialize)]
//! struct Connection { page_info: PageInfo, edges: Vec<Edge> }
//! #[derive(Deserialize)]
//! struct PageInfo { has_next_page: bool, end_cursor: Option<String> }
//! #[derive(Deserialize)]
//! struct Edge { node: Issue }
//! #[derive(Debug, Deserialize)]
//! struct Issue { number: u64 }
//!
//! // A stand-in for the API: two pages of issues, then an error in a `200` answer.
//! let answer = |after: Option<&str>| -> serde_json::Value {
//!     match after {
//!         None => serde_json::json!({"data": {"issues": {
//!             "page_info": {"has_next_page": true, "end_cursor": "c2"},
//!             "edges": [{"node": {"number": 1}}, {"node": {"number": 2}}]}}}),
//!         Some("c2") => serde_json::json!({"data": {"issues": {
//!             "page_info": {"has_next_page": true, "end_cursor": "c3"},
//!             "edges": [{"node": {"number": 3}}]}}}),
//!         Some(_) => serde_json::json!({"data": null, "errors": [{"message": "rate limited"}]}),
//!     }
//! };
//! let mut walk = IssuesPage::from_fn_blocking(move |request: PageRequest| {
//!     let page: IssuesPage = serde_json::from_value(answer(request.cursor().and_then(Token::as_str)))?;
//!     Ok::<_, serde_json::Error>(Fetched::new(page).with_header("X-Total-Count", "9"))
//! });
//! let numbers: Vec<u64> = walk.by_ref().map_while(Result::ok).map(|issue| issue.number).collect();
//! assert_eq!(numbers, [1, 2, 3]);
//! // The third answer's `errors`: a typed error, none of that page's items.
//! let mut walk = IssuesPage::from_fn_blocking(move |request: PageRequest| {
//!     serde_json::from_value::<IssuesPage>(answer(request.cursor().and_then(Token::as_str)))
//! });
//! let error = walk.find_map(Result::err).unwrap();
//! assert!(matches!(error.kind(), ErrorKind::Api { message } if message == "rate limited"));
//! ```
//!
//! A cursor may be any JSON value (DynamoDB's key object: `Option<serde_json::Value>`), sent back as
//! JSON: an object in a JSON body, JSON text in a query. The README lists the envelope of every protocol
//! the tests walk (GraphQL, DynamoDB, Elasticsearch with a point in time, json-server, GitLab,
//! WordPress, S3, Azure, Stripe, Google, Temporal, OData, Salesforce, Slack). Elasticsearch's scroll API
//! is not one walk (its continuation is another request); a point in time with `search_after` is the
//! supported form, as Elastic recommends.
//!
//! # Stop rules and guards
//!
//! A walk ends when `has_more` is false, when the cursor or next URL is missing or empty, and, for
//! offset and page walks without `has_more`, at an empty page, at `total` or `total_pages`, or at a page
//! shorter than the page size asked for. `.max_items(n)` and `.max_pages(n)` always win.
//!
//! It never repeats an item. A page whose items are the same as an earlier page's is
//! [`ErrorKind::RepeatedPage`] before any of them is yielded: an API that ignores the position it is
//! sent, answers every page past the end with its last page (or its last two in turn), or goes round a
//! cycle of cursors, whatever fresh cursors, request ids or timestamps it puts around the items. The
//! walk remembers what the last 4,096 pages contained exactly, and older pages by anchors that catch a
//! longer cycle before it has gone round once; a checkpoint carries the last 64. An API that honestly
//! serves identical pages (events without an id) is walked with `.allow_repeated_pages(true)`. A
//! request the walk already made (a cursor, next URL or key coming back, compared in a normal form:
//! fragment dropped, parameters sorted) is [`ErrorKind::LoopDetected`] before it is sent. More than
//! 1,000 pages in a row without a new item (empty pages, accepted repeats) is [`ErrorKind::Stalled`],
//! whose checkpoint goes on from there; `.max_stalled_pages(n)` changes the limit. A page number that
//! does not advance, or `has_more` with an empty offset or keyset page, is [`ErrorKind::NoProgress`].
//! Positions the walk computes (offsets, page numbers) never move past a refused page.
//!
//! What a page contains is judged on its items: over reqwest, on the arrays of a JSON body (the items
//! wherever they sit, without the scalars around them); over a closure transport, on the decoded items,
//! which `#[derive(Paginate)]` fingerprints when the item type implements `Hash` or `Serialize`. A
//! closure walk over items that implement neither, or an envelope generic over its item type, has no
//! repeat guard: only the request guard, which catches positions that come back.
//! [`Paginate::items_fingerprint`] supplies one by hand. The guards' memory is fixed: under 45 KiB a
//! walk, whatever its length.
//!
//! It never loses items silently: a walk that ends before the `total` the API announced is
//! [`ErrorKind::Truncated`], and a page that contradicts itself (`has_more` without a cursor) is
//! [`ErrorKind::Protocol`]. Errors found while reading a page come after that page's items; every error
//! carries the [`Checkpoint`] of the last good item ([`Error::checkpoint`]).
//!
//! It never hangs: every attempt has a deadline and every page a budget
//! ([`RetryPolicy::attempt_timeout`], [`RetryPolicy::page_timeout`]), whatever the client; a
//! `Retry-After` longer than the page's budget is [`ErrorKind::RateLimited`], with the wait asked for.
//!
//! # Credentials
//!
//! A walk sends the request you built to the origin you addressed, and nothing to another: next URLs,
//! redirects and resumed positions on another origin are [`ErrorKind::CrossOrigin`] unless
//! `.allow_origin("https://...")` names that origin (it then gets the whole request) or
//! [`CrossOrigin::FollowWithoutCredentials`] lets the walk go there with credential-free headers only
//! and no body. reqwest's own client follows redirects below the walk, custom credential headers
//! included: the walk refuses such a page and says so ([`CrossOriginReason::FollowedByClient`]);
//! [`http::client`] builds a client that never follows a redirect to another origin.
//!
//! A checkpoint holds no credential: credential query parameters (`api_key`, `access_token`,
//! `X-Amz-Signature`, ...) are taken out of the URLs it keeps, and headers and bodies are never stored;
//! the request you resume with supplies them again, so a rotated key resumes. It is bound to the whole
//! request that started the walk (method, URL and body, credentials and pagination parameters aside):
//! any other request refuses it with [`ErrorKind::InvalidCheckpoint`]. Sign checkpoints that leave the
//! process with `.sign_checkpoints(CheckpointKey::new(secret)?)` (32 bytes at least). Error messages
//! never print the secrets the walk sent, wherever a server echoes them, nor values under
//! credential-like names, nor control or line-separator characters.
//!
//! # Any transport
//!
//! Generated SDKs bring their own client: [`Paginate::from_fn`] and [`Paginate::from_fn_blocking`] call
//! a closure with each [`PageRequest`].
//!
//! ```
//! use futures::TryStreamExt;
//! use paginated::{PageRequest, Paginate};
//!
//! #[derive(Paginate)]
//! #[paginate(offset, has_more = "has_more")]
//! struct NumbersPage { data: Vec<u64>, has_more: bool }
//!
//! async fn sdk_list(offset: u64, limit: u64) -> Result<NumbersPage, std::io::Error> {
//!     let data: Vec<u64> = (offset..(offset + limit).min(95)).collect();
//!     Ok(NumbersPage { has_more: offset + limit < 95, data })
//! }
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let numbers: Vec<u64> = NumbersPage::from_fn(|request: PageRequest| async move {
//!     sdk_list(request.offset().unwrap_or(0), request.page_size().unwrap_or(20)).await
//! })
//! .page_size(10)
//! .try_collect()
//! .await?;
//! assert_eq!(numbers, (0..95).collect::<Vec<_>>());
//! # Ok::<_, paginated::Error>(()) }).unwrap();
//! ```

#![warn(missing_docs)]

pub use paginated_core::*;

/// Derives [`Paginate`] for a response envelope; see the [crate documentation](crate) for the
/// attribute.
///
/// ```
/// use paginated::Paginate;
/// use serde::Deserialize;
///
/// #[derive(Deserialize, Paginate)]
/// #[paginate(page, has_more = "pagination.has_next_page", max_page_size = 100, per_page_param = "pageSize")]
/// struct LeadsPage { data: Vec<serde_json::Value>, pagination: Pagination }
///
/// #[derive(Deserialize)]
/// struct Pagination {
///     #[serde(rename = "hasNextPage")]
///     has_next_page: bool,
/// }
///
/// assert_eq!(LeadsPage::SPEC.size_param(), "pageSize");
/// ```
pub use paginated_derive::Paginate;

/// Implements [`Paginate`] for types that cannot carry the attribute: the envelopes of a generated SDK
/// (progenitor and others). Same vocabulary, same compile-time path checks as the derive; each entry is
/// `#[paginate(...)]` followed by the type, optionally ended by `;`, and a generic type is written
/// `impl<T> Page<T>`.
///
/// The macro cannot see the type's fields, so `items = "..."` and `item = Type` are required, and
/// whether a path segment is an `Option` (`meta?.next`) is checked in the generated code. As for any
/// impl, the orphan rule applies: invoke the macro in the crate that defines the types (a generated
/// module inside the SDK crate is fine).
///
/// ```
/// mod types {
///     // As a code generator writes them: no attribute.
///     pub struct Group {
///         pub id: String,
///     }
///     pub struct GroupResultsPage {
///         pub items: Vec<Group>,
///         pub next_page: Option<String>,
///     }
///     pub struct Page<T> {
///         pub data: Vec<T>,
///         pub meta: Option<Meta>,
///     }
///     pub struct Meta {
///         pub has_more: bool,
///     }
/// }
///
/// paginated::impl_paginate! {
///     #[paginate(items = "items", item = types::Group, cursor = "next_page")]
///     types::GroupResultsPage;
///
///     #[paginate(items = "data", item = T, offset, has_more = "meta?.has_more")]
///     impl<T> types::Page<T>
/// }
///
/// use paginated::{PageRequest, Paginate};
///
/// let ids: Vec<String> = types::GroupResultsPage::from_fn_blocking(|request: PageRequest| {
///     let first = request.cursor().is_none();
///     Ok::<_, std::io::Error>(types::GroupResultsPage {
///         items: vec![types::Group { id: if first { "g1" } else { "g2" }.into() }],
///         next_page: first.then(|| "p2".into()),
///     })
/// })
/// .map(|group| group.map(|group| group.id))
/// .collect::<Result<_, _>>()?;
/// assert_eq!(ids, ["g1", "g2"]);
/// # Ok::<_, paginated::Error>(())
/// ```
pub use paginated_derive::impl_paginate;

/// Paths used by the code `#[derive(Paginate)]` generates. Not public API.
#[doc(hidden)]
pub mod __private {
    pub use paginated_core::__private::*;
}

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
