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
//! # Without the document
//!
//! The document is not part of the repository: the build script reads it from the directory named by
//! `PAGINATE_OPENAPI_SPECS`, or from an `openapi-specs` directory beside the workspace. Without it the
//! crate still builds, with a cargo warning: [`DOCUMENT_FOUND`] is `false`, `nexus` and the walks do
//! not exist, and the binary and the tests print `skipped: ...`.

#![warn(missing_docs)]

/// Whether the build script found the Oxide nexus OpenAPI document (and so generated `nexus`).
pub const DOCUMENT_FOUND: bool = cfg!(oxide_nexus);

/// Where the build script read the document from (empty without it).
pub const DOCUMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/document.txt"));

/// The report `paginated-openapi` wrote while generating the pagination: how it classified each list
/// operation of the document, and why (empty without the document).
pub const REPORT: &str = include_str!(concat!(env!("OUT_DIR"), "/report.txt"));

/// The pagination code `paginated-openapi` generated, as `nexus` includes it (empty without the
/// document).
pub const PAGINATION: &str = include_str!(concat!(env!("OUT_DIR"), "/pagination.rs"));

/// The generated SDK: progenitor's client (`Client`, `types`, `Error`, `ResponseValue`), followed by
/// the `paginated::impl_paginate!` blocks `paginated-openapi` emitted for its types.
#[cfg(oxide_nexus)]
#[allow(missing_docs, clippy::all, clippy::pedantic, rustdoc::all)]
pub mod nexus {
    include!(concat!(env!("OUT_DIR"), "/client.rs"));
    include!(concat!(env!("OUT_DIR"), "/pagination.rs"));
}

#[cfg(oxide_nexus)]
mod walks;
#[cfg(oxide_nexus)]
pub use walks::{limit, organizations, system_metric};
