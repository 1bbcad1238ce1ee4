//! A generated SDK, paginated end to end: progenitor's client for Oxide's control plane API (nexus),
//! with the pagination `paginated-openapi` decides from the same OpenAPI document.
//!
//! The build script generates both into `OUT_DIR`, and the module `nexus` includes them: first the client
//! (`Client`, its `types` module), then the pagination, one `paginated::impl_paginate!` per paginated
//! response type (`types::OrganizationResultsPage`, `types::MeasurementResultsPage`, ...). Nothing in
//! this crate implements `Paginate` by hand.
//!
//! Two list operations are walked (by the functions `organizations` and `system_metric`):
//!
//! - `organization_list` (`GET /organizations`): progenitor pages it itself
//!   (`Client::organization_list_stream`), so the two walks can be compared;
//! - `system_metric` (`GET /system/metrics/{metric_name}`): marked for pagination too, but progenitor
//!   generates no stream for it, because its `id` query parameter is required and progenitor's
//!   streams send only the page token after the first page. The walk here keeps `id` on every page.
//!
//! # The document
//!
//! The build script reads the copy of the document vendored in this repository ([`DOCUMENT`]); a
//! missing document fails the build.

#![warn(missing_docs)]

/// The OpenAPI document the build script generates the SDK from, relative to the workspace root: a
/// third-party document vendored for tests (its license is listed beside it, in `SOURCES.md`).
pub const DOCUMENT: &str = "paginate-openapi/tests/documents/oxide-nexus.json";

/// The report `paginated-openapi` wrote while generating the pagination: how it classified each list
/// operation of the document, and why.
pub const REPORT: &str = include_str!(concat!(env!("OUT_DIR"), "/report.txt"));

/// The pagination code `paginated-openapi` generated, as `nexus` includes it.
pub const PAGINATION: &str = include_str!(concat!(env!("OUT_DIR"), "/pagination.rs"));

/// The generated SDK: progenitor's client (`Client`, `types`, `Error`, `ResponseValue`), followed by
/// the `paginated::impl_paginate!` blocks `paginated-openapi` emitted for its types.
#[allow(missing_docs, clippy::all, clippy::pedantic, rustdoc::all)]
pub mod nexus {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
    include!(concat!(env!("OUT_DIR"), "/pagination.rs"));
}

mod walks;
pub use walks::{limit, organizations, system_metric};
