//! # The attribute
//!
//! `#[derive(Paginate)]` reads `#[paginate(...)]` on the response envelope: one strategy key saying
//! how the API points at the next page, the signals it sends beside it, and the names of the request
//! parameters. The paths in it are Rust field paths into the envelope, checked at compile time.
//!
//! | key | meaning |
//! |---|---|
//! | `items = "data"` | the items: `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, or an `Option` of one (missing means empty). Optional when exactly one field is such a list. |
//! | `items = "data?.issues.edges[].node"` | items reached through each element of a list: `[]` takes every edge and the item is its `node` (`edges[].node?` skips elements whose `node` is `None`); needs `item = Type`. Only `items` takes `[]`, once. |
//! | `item = Type` | the item type, needed when `items` is a nested path |
//! | `cursor = "path"` | strategy: an opaque next cursor: `String`, an integer, a JSON value (`serde_json::Value`, `Map`, or your type implementing [`CursorValue`](crate::CursorValue)), or an `Option` of one; empty, `null`, `{}` or `None` ends |
//! | `next_url = "path"` | strategy: the URL of the next page in the body, absolute or relative |
//! | `link_header` | strategy: the RFC 8288 `Link: <...>; rel="next"` header |
//! | `offset` | strategy: an `offset` parameter, advanced by the items received |
//! | `page` or `page = "path"` | strategy: a page number; with a path, the page number the API echoes must advance |
//! | `keyset = "field"`, `keyset = "a, b"` | strategy: the key of the last item, compound keys allowed ([`KeyPart`](crate::KeyPart)) |
//! | `has_more = "path"` | stop signal, `bool` or `Option<bool>`; authoritative when present |
//! | `total = "path"`, `total_pages = "path"` | stop signals for offset and page walks; truncation detection; concurrency |
//! | `cursor_param`, `offset_param`, `limit_param`, `page_param`, `per_page_param` | parameter names (defaults `cursor`, `offset`, `limit`, `page`, `per_page`) |
//! | `keyset_param = "before"` | keyset parameter names: one per key part, or one for all parts joined by commas (default `after`) |
//! | `max_page_size = 100` | the API's page size cap: a larger `.page_size(n)` is clamped, with a `tracing` warning |
//! | `cap = 10000` | the most records one query can reach ([windows](super::windows)) |
//! | `first_page = 0` | the number of the first page (default 1) |
//! | `params_in = "body"` | pagination parameters go into the JSON request body (POST query endpoints); a dotted name is a nested member: `cursor_param = "variables.after"` |
//! | `cursor = header("X-Next-Cursor")` | a signal read from a response header: `cursor`, `next_url`, `has_more` (`true`/`false`/`1`/`0`), `total`, `total_pages` and `page` take `header("Name")`; never together with a body path for the same key |
//! | `errors = "errors"` | errors the API reports in a successful answer: a page whose errors give a message ends the walk with [`ErrorKind::Api`](crate::ErrorKind::Api) before any of its items ([`ErrorValue`](crate::ErrorValue)) |
//! | `carry = "pit_id"`, `carry_param = "pit.id"` | a value each answer carries that the next request sends back beside the position (an answer without one keeps the last); not with `next_url` and `link_header` |
//! | `format = "xml"` | XML bodies, decoded with quick-xml: needs the `xml` feature (without it, a compile error on the attribute says so) |
//! | `crate = "my_sdk::paginated"` | the path to this crate, for users of an SDK that re-exports it |
//!
//! [Strategies](super::strategies) says what each strategy sends and when it stops;
//! [protocols](super::protocols) shows the nested paths, header signals, `errors`, `carry` and XML at
//! work.
//!
//! # Paths
//!
//! Paths name Rust fields, not the JSON names serde reads them from: with
//! `#[serde(rename = "hasMore")] has_more: bool` the path is `"has_more"` (writing `"hasMore"` is an
//! error that says so; serde's `rename`, `rename_all` and `alias` are read for that). A path through
//! an `Option` says so with `?`, and only there: `meta?.next_page_link`. A field that is a keyword is
//! written raw: `"meta.r#continue"`.
//!
//! The keys whose value is a path can also be written on the field, as serde does:
//! `#[paginate(items)]`, `#[paginate(cursor)]`, `#[paginate(next_url)]`, `#[paginate(page)]`,
//! `#[paginate(has_more)]`, `#[paginate(total)]`, `#[paginate(total_pages)]`; a key declared both ways
//! is an error. Generic envelopes, and envelopes stamped out by `macro_rules!`, work:
//!
//! ```
//! use paginated::Paginate;
//! use serde::Deserialize;
//!
//! /// Aircall: `page`/`per_page`, the next page's URL and the total in `meta`.
//! #[derive(Deserialize, Paginate)]
//! #[paginate(next_url = "meta?.next", total = "meta?.total", limit_param = "per_page", max_page_size = 50)]
//! struct AircallPage<T> {
//!     #[paginate(items)]
//!     calls: Vec<T>,
//!     meta: Option<Meta>,
//! }
//!
//! #[derive(Deserialize)]
//! struct Meta {
//!     // The path names the Rust field, `next`, not the JSON member.
//!     #[serde(rename = "next_page_link")]
//!     next: Option<String>,
//!     total: u64,
//! }
//!
//! #[derive(Deserialize)]
//! struct Call { id: u64 }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
//! let client = paginated::http::blocking_client().build()?;
//! let calls: Vec<Call> = AircallPage::iter(client.get(server.url("/v1/calls")))
//!     .page_size(50)
//!     .collect::<Result<_, _>>()?;
//! assert!(calls.iter().map(|call| call.id).eq(1..=120));
//! assert_eq!(AircallPage::<Call>::SPEC.size_param(), "per_page");
//! # Ok(()) }
//! ```
//!
//! # Mistakes are compile errors
//!
//! A typo in a path is rustc's own error on the attribute string, with its "a field with a similar
//! name exists"; a `bool` where a cursor belongs is "`bool` cannot be used as a pagination cursor or
//! next URL"; a missing `?` through an `Option`, a `?` on a field that is not one, a list crossed
//! without `[]`, two strategies, a header signal for `items`: each is an error on the token that
//! causes it, and every mistake of an attribute is reported at once. The repository's
//! `tests/ui/*.stderr` holds each message.
//!
//! ```compile_fail
//! #[derive(serde::Deserialize, paginated::Paginate)]
//! #[paginate(cursor = "pagination.next_cusor")]
//! struct UsersPage { data: Vec<String>, pagination: Pagination }
//!
//! #[derive(serde::Deserialize)]
//! struct Pagination { next_cursor: Option<String> }
//! ```
//!
//! # Where the generated code finds `paginated`
//!
//! Generated code reaches the runtime through the `paginated` dependency in your `Cargo.toml`, renamed
//! with `package = "paginated"` or not, inherited from the workspace or not (a manifest the derive
//! cannot read falls back to `::paginated`). An SDK that re-exports paginated (`pub use paginated;`)
//! gives its users one line to write, `#[paginate(crate = "my_sdk::paginated")]`; without it, a crate
//! that does not depend on `paginated` gets one error saying so.
//!
//! # Types that cannot carry the attribute
//!
//! A generated SDK's types get the same impl from [`impl_paginate!`](crate::impl_paginate), with the
//! same keys and checks; `items` and `item` are always named, since the macro cannot see the fields.
//! Each entry is `#[paginate(...)]` and a type, optionally ended by `;`; a generic one is written
//! `impl<T> Page<T>`. As for any impl, the types must be local to the crate that invokes the macro.
//! [Generated SDKs](super::sdks) shows it over an SDK's client.
