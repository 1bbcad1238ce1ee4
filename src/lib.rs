//! Correct, fast, resilient API pagination from one derive.
//!
//! Annotate the response envelope of a list endpoint with `#[derive(Paginate)]`: the attribute says
//! where the items are and how the API points at the next page. Every item of the endpoint then comes
//! from one walk, a [`Paginator`]: a `futures::Stream` in [`Async`] mode, an [`Iterator`] in
//! [`Blocking`] mode, over reqwest or over any transport an SDK brings. A walk yields every item
//! exactly once, or ends with a typed [`Error`] that says what happened and carries the [`Checkpoint`]
//! to resume from.
//!
//! ```
//! use futures::StreamExt;
//! use paginated::Paginate;
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! struct User { id: String, email: String }
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(cursor = "pagination.next_cursor", has_more = "pagination.has_more", max_page_size = 100)]
//! struct UsersPage { data: Vec<User>, pagination: Pagination }
//!
//! #[derive(Deserialize)]
//! struct Pagination { next_cursor: Option<String>, has_more: bool }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
//! # let url = server.url("/playbook/api/v1/users");
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! // Async: a `Stream` of items.
//! let client = paginated::http::client().build()?;
//! let mut users = UsersPage::stream(client.get(&url).bearer_auth("key")).page_size(50);
//! while let Some(user) = users.next().await {
//!     let user = user?;
//!     assert!(user.id.starts_with("usr_"));
//! }
//! # Ok::<_, Box<dyn std::error::Error>>(()) })?;
//!
//! // Blocking: an `Iterator` of the same items, with the same settings.
//! let client = paginated::http::blocking_client().build()?;
//! let users = UsersPage::iter(client.get(&url).bearer_auth("key")).page_size(50);
//! for user in users {
//!     let user = user?;
//!     assert!(user.email.ends_with("@example.com"));
//! }
//! # Ok(()) }
//! ```
//!
//! [`Paginate::stream`] is in the default features; `Paginate::iter` over `reqwest::blocking` needs
//! the `reqwest-blocking` feature (`cargo add paginated -F reqwest-blocking`). Walks over any other
//! transport need neither ([`Paginate::from_fn`], [`Paginate::from_fn_blocking`]).
//!
//! # Guide
//!
//! The [guide](_guide) is part of these docs, and every example in it runs as a doctest against
//! `paginated-mock`'s loopback server:
//!
//! - [Walks](_guide::walks): async and blocking, items and pages, settings, any transport, checkpoints.
//! - [The attribute](_guide::attribute): every key of `#[paginate(...)]` and `impl_paginate!`.
//! - [Strategies and stop rules](_guide::strategies): how the next request is formed and when a walk
//!   ends.
//! - [Errors and what happens when](_guide::errors): retries, deadlines, guards, every [`ErrorKind`].
//! - [Security](_guide::security): what is sent where, checkpoints, redaction.
//! - [Capped APIs, windows and progress](_guide::windows).
//! - [Protocols](_guide::protocols): GraphQL, JSON cursors, header signals, carried values, XML.
//! - [The mock server](_guide::mock), [generated SDKs](_guide::sdks),
//!   [performance](_guide::performance), and the [architecture](_guide::architecture): which file owns
//!   which concept.

#![warn(missing_docs)]

pub use paginated_core::*;

pub mod _guide;

/// Derives [`Paginate`] for a response envelope; [the attribute](_guide::attribute) is described in
/// the guide.
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
/// module inside the SDK crate is fine). [Generated SDKs](_guide::sdks) shows it over an SDK's client.
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
