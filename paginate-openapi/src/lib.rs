//! Pagination for generated SDKs, decided from the OpenAPI document.
//!
//! Most Rust SDKs are generated, and their types cannot carry `#[derive(Paginate)]`. This crate reads
//! an OpenAPI 3.0, 3.1 or Swagger 2.0 document (JSON or YAML), decides for every list operation how it
//! paginates, and writes Rust for the `paginated` toolkit:
//!
//! - [`Target::Envelopes`]: envelope structs with `#[derive(serde::Deserialize, paginated::Paginate)]`,
//!   holding only the members pagination reads, for SDKs that bring no types;
//! - [`Target::Progenitor`]: `paginated::impl_paginate! { #[paginate(..)] types::X }` for the types
//!   progenitor generated, named the way progenitor names them.
//!
//! It is a library (for `build.rs`) and a binary, `paginated-openapi`:
//!
//! ```text
//! paginated-openapi <DOCUMENT> [--progenitor] [--crate PATH] [--out FILE] [--report] [--explain OPERATION] [--format text|json]
//! ```
//!
//! # Deciding
//!
//! An operation's pagination extension decides when it has one: `x-speakeasy-pagination`
//! (`offsetLimit`, `cursor`, `url`; inputs in the query or the body; `$[-1].id` is the last item's id,
//! a keyset), `x-fern-pagination` (cursor, offset — a page number without `step` —, next URI),
//! `x-ms-pageable` (`nextLinkName`, `itemName`; `nextLinkName: null` means one page) and
//! `x-dropshot-pagination`. Without one, names decide: request parameters (`cursor`, `page_token`,
//! `starting_after`, `page`, `offset`, `limit`, `per_page`, `$top`, ...), response fields
//! (`next_cursor`, `nextPageToken`, `@odata.nextLink`, `next`, `has_more`, `total`, ...) and a
//! declared `Link` header. The items are the body when it is an array (or an `anyOf`/`oneOf` of
//! arrays), else its one list; a list marked deprecated gives way to one that is not, an alternate
//! representation ("either this or `history` will be set") to the primary one, and with no list at
//! the top level, the one list in an object named like what the operation lists (`history.events`
//! for `GetWorkflowExecutionHistory`) is taken. An operation that takes a pagination parameter but
//! whose schema does not say enough is read again with the documented example of its response, the
//! place of the next cursor its cursor parameter's description gives ("a `next_cursor` attribute
//! returned by a previous request's `response_metadata`") and a `Link` header a parameter's
//! description refers to: at low confidence, as the report says. Operations that take a pagination
//! parameter or return a pagination signal but fit no strategy get no code, and a report entry
//! saying why (for example "cursor parameter `cursor` but no response field carries the next
//! cursor").
//!
//! ```
//! use paginated_openapi::{generate, Document, Options, Target};
//!
//! let document = Document::parse(r##"{
//!   "openapi": "3.0.3",
//!   "info": { "title": "Payments", "version": "2024-01-01" },
//!   "paths": { "/v1/customers": { "get": {
//!     "operationId": "GetCustomers",
//!     "parameters": [
//!       { "name": "starting_after", "in": "query", "schema": { "type": "string" } },
//!       { "name": "limit", "in": "query", "schema": { "type": "integer", "maximum": 100 } }
//!     ],
//!     "responses": { "200": { "description": "", "content": { "application/json": { "schema": {
//!       "type": "object", "required": ["data", "has_more"],
//!       "properties": {
//!         "data": { "type": "array", "items": { "$ref": "#/components/schemas/customer" } },
//!         "has_more": { "type": "boolean" }
//!       }
//!     } } } } }
//!   } } },
//!   "components": { "schemas": { "customer": {
//!     "type": "object", "required": ["id"], "properties": { "id": { "type": "string" } }
//!   } } }
//! }"##)?;
//!
//! // Envelopes: Stripe's `starting_after` takes the last item's id.
//! let output = generate(&document, &Options::default())?;
//! assert!(output.code.contains(r#"#[paginate(
//!     keyset = "id",
//!     has_more = "has_more",
//!     keyset_param = "starting_after",
//!     max_page_size = 100
//! )]
//! pub struct GetCustomersPage {
//!     pub data: Vec<GetCustomersPageItem>,
//!     pub has_more: bool,
//! }"#));
//!
//! // progenitor's types, through a re-exported facade.
//! let options = Options::default().target(Target::Progenitor).crate_path("paginated");
//! let output = generate(&document, &options)?;
//! assert!(output.code.contains("paginated::impl_paginate! {"));
//! assert!(output.code.contains("    types::GetCustomersResponse\n}"));
//! assert!(output.report.to_string().contains("1 paginated (0 by extension, 1 by convention)"));
//! # Ok::<_, paginated_openapi::Error>(())
//! ```
//!
//! # The report
//!
//! [`Output::report`] says, per operation, what was decided and why: as text (its `Display`, what
//! `--report` prints), or as data ([`Report::to_json`], what `--report --format json` prints), in the
//! versioned layout the [`json`] module documents. An operation is looked up by its id, or as
//! `METHOD /path` ([`json::JsonReport::operation`]). Each decision has a [`Confidence`]: `high` when a
//! vendor extension declares it, `medium` from the names the document declares, `low` when it rests on
//! the documented example of the response or on a parameter's description.
//!
//! In `build.rs`, write the code to `OUT_DIR` and `include!` it:
//!
//! ```no_run
//! // build.rs
//! let document = paginated_openapi::Document::read("openapi.yaml").unwrap();
//! let output = paginated_openapi::generate(&document, &Default::default()).unwrap();
//! let out = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("pagination.rs");
//! std::fs::write(out, output.code).unwrap();
//! println!("cargo::rerun-if-changed=openapi.yaml");
//! ```
//!
//! The generated envelopes name `serde::Deserialize` and `serde_json::Value`: the crate that includes
//! them depends on `serde` (with `derive`) and `serde_json`, as well as on the facade.
//!
//! # Dependencies
//!
//! JSON is read with `serde_json`. YAML is read with `serde-saphyr`: `serde_yaml` is deprecated and
//! archived, and its forks are either unmaintained (`serde_yml`, itself deprecated) or C-bound;
//! `serde-saphyr` is maintained, pure Rust, returns errors rather than panicking on malformed input, and
//! bounds what a hostile document can make it allocate. Neither typed OpenAPI model crate is used:
//! each reads one version and rejects the others (`openapiv3` rejects 3.1, `oas3` rejects 3.0), while
//! what decides pagination sits in the same few places in all three. Names are cased with `heck` and
//! `unicode-ident`, the two crates progenitor's type generator cases with, so field and type names
//! match its own. The binary's arguments are read with `lexopt`.

#![warn(missing_docs)]

mod classify;
mod conventions;
mod document;
mod emit;
mod error;
mod extensions;
mod generate;
pub mod json;
mod naming;
mod operation;
mod pagination;
mod report;
mod schema;

pub use document::{Document, SpecVersion};
pub use emit::Target;
pub use error::Error;
pub use generate::{generate, Options, Output};
pub use pagination::Source;
pub use report::{
    Confidence, Counts, Location, OperationReport, Outcome, Parameter, ParameterLocation, Report,
    RequestParameters, ResponseLocations,
};
