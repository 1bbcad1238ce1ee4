//! # Generated SDKs
//!
//! Most Rust SDKs are generated (progenitor, openapi-generator, Speakeasy, Fern, Stainless), and a
//! generated type cannot carry `#[derive(Paginate)]`. Three tools cover them:
//!
//! - [`impl_paginate!`](crate::impl_paginate) implements [`Paginate`](crate::Paginate) for types
//!   defined without the attribute, with the derive's keys and checks;
//! - [`from_fn`](crate::Paginate::from_fn) and [`from_fn_blocking`](crate::Paginate::from_fn_blocking)
//!   walk through the SDK's own methods, which keep every argument of the call on every page;
//! - [`paginated-openapi`](https://docs.rs/paginated-openapi) decides from the API's OpenAPI document
//!   how each list operation pages, and writes the `impl_paginate!` blocks, or envelope structs.
//!
//! # A closure over an SDK
//!
//! A progenitor client for Oxide's API, reduced to one list call, walked with the impl
//! `paginated-openapi --progenitor` writes for its response type:
//!
//! ```
//! use futures::TryStreamExt;
//! use paginated::{PageRequest, Paginate};
//!
//! /// As the generator wrote it: no attribute on the types.
//! mod sdk {
//!     pub mod types {
//!         #[derive(Debug, serde::Deserialize)]
//!         pub struct Organization { pub id: String, pub name: String }
//!         #[derive(Debug, serde::Deserialize)]
//!         pub struct OrganizationResultsPage { pub items: Vec<Organization>, pub next_page: Option<String> }
//!     }
//!
//!     #[derive(Clone)]
//!     pub struct Client { pub base: String, pub http: reqwest::Client }
//!
//!     impl Client {
//!         pub async fn organization_list(
//!             &self,
//!             limit: Option<u64>,
//!             page_token: Option<&str>,
//!         ) -> Result<types::OrganizationResultsPage, reqwest::Error> {
//!             let mut call = self.http.get(format!("{}/organizations", self.base));
//!             if let Some(limit) = limit {
//!                 call = call.query(&[("limit", limit)]);
//!             }
//!             if let Some(token) = page_token {
//!                 call = call.query(&[("page_token", token)]);
//!             }
//!             call.send().await?.error_for_status()?.json().await
//!         }
//!     }
//!
//!     // What `paginated-openapi --progenitor` writes for it.
//!     paginated::impl_paginate! {
//!         #[paginate(
//!             items = "items",
//!             item = types::Organization,
//!             cursor = "next_page",
//!             cursor_param = "page_token"
//!         )]
//!         types::OrganizationResultsPage
//!     }
//! }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(250));
//! # tokio::runtime::Runtime::new()?.block_on(async {
//! let client = sdk::Client { base: server.url("/oxide"), http: paginated::http::client().build()? };
//! let organizations: Vec<sdk::types::Organization> =
//!     sdk::types::OrganizationResultsPage::from_fn(move |request: PageRequest| {
//!         let client = client.clone();
//!         let token = request.cursor().map(|token| token.to_text().into_owned());
//!         async move { client.organization_list(request.page_size(), token.as_deref()).await }
//!     })
//!     .page_size(100)
//!     .try_collect()
//!     .await?;
//! assert_eq!(organizations.len(), 250);
//! // Dropshot ends a walk with an empty page: 100 + 100 + 50 + 0.
//! assert_eq!(server.request_count(), 4);
//! # Ok::<_, Box<dyn std::error::Error>>(()) })?;
//! # Ok(()) }
//! ```
//!
//! # `paginated-openapi`
//!
//! `paginated-openapi` reads OpenAPI 3.0, 3.1 and Swagger 2.0 documents (JSON or YAML), decides how
//! each list operation pages, and writes Rust, with a report of what it decided and why:
//!
//! ```sh
//! cargo install paginated-openapi
//! paginated-openapi openapi.json --progenitor --out src/pagination.rs   # impls for progenitor's types
//! paginated-openapi openapi.yaml --out src/pagination.rs                # envelope structs
//! paginated-openapi openapi.yaml --report                               # per operation: strategy, evidence
//! paginated-openapi openapi.yaml --explain GetCustomers                 # one operation's reasoning
//! ```
//!
//! An operation's pagination extension decides when it has one (`x-speakeasy-pagination`,
//! `x-fern-pagination`, `x-ms-pageable`, `x-dropshot-pagination`); otherwise the names of its
//! parameters and response fields do, and when several strategies fit, the server-driven one wins. An
//! operation it cannot classify gets no code, never a guess: the report says what is missing.
//! `--crate PATH` makes generated code name the facade by another path, as `crate = ".."` does. The
//! same is a library for `build.rs`: `paginated_openapi::generate(&document, &options)` returns the
//! code and the report; its documentation describes the decisions and the JSON report.
//!
//! Without progenitor, it writes envelopes holding only what pagination reads (serde skips the rest),
//! with the item type a parameter that defaults to `serde_json::Value`. Slack's `conversations.list`,
//! as generated:
//!
//! ```
//! /// A page of `GET /conversations.list` (`conversations_list`).
//! #[derive(Debug, Clone, serde::Deserialize, paginated::Paginate)]
//! #[paginate(cursor = "response_metadata?.next_cursor")]
//! pub struct ConversationsListPage<T = serde_json::Value> {
//!     pub channels: Vec<T>,
//!     pub response_metadata: Option<ConversationsListPageResponseMetadata>,
//! }
//!
//! /// The `response_metadata` object of [`ConversationsListPage`].
//! #[derive(Debug, Clone, serde::Deserialize)]
//! pub struct ConversationsListPageResponseMetadata {
//!     pub next_cursor: Option<String>,
//! }
//! # use paginated::Paginate;
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(150));
//! # let client = paginated::http::blocking_client().build()?;
//! # let url = server.url("/slack/api/conversations.list");
//! # let channels: Vec<serde_json::Value> =
//! #     ConversationsListPage::iter(client.get(url)).page_size(40).collect::<Result<_, _>>()?;
//! # assert_eq!(channels.len(), 150);
//! # Ok(()) }
//! ```
//!
//! The repository's `examples/oxide-sdk` crate is a generated SDK paginated end to end: its build
//! script runs progenitor and `paginated-openapi` on the same OpenAPI document, and its tests walk the
//! client against the mock server's emulation of the API.
