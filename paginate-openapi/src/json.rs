//! The report as data: what `paginated-openapi DOCUMENT --report --format json` prints, and what
//! [`Report::to_json`] returns, for generators, CI checks and dashboards that would otherwise scrape
//! the text report.
//!
//! # Schema, version 1
//!
//! [`SCHEMA_VERSION`] is the `schema_version` of this layout. A field added later keeps the version;
//! a field removed, renamed or given another meaning raises it. Fields that do not apply are `null`
//! (or `[]` for lists), never left out.
//!
//! The top-level object ([`JsonReport`]):
//!
//! | field | type | what it is |
//! |---|---|---|
//! | `schema_version` | integer | `1` |
//! | `document` | object | `file` (the file name, or `null` for a document not read from a file), `title` and `api_version` (`info.title`, `info.version`), `spec_version` (`"OpenAPI 3.0"`, `"OpenAPI 3.1"`, `"Swagger 2.0"`) |
//! | `target` | string | what the code was generated for: `"envelopes"` or `"progenitor"` (the `attribute` and `generated` of each record are for it) |
//! | `counts` | object | `operations` (all of the document's), `by_extension`, `by_convention` (paginated), `not_paginated`, `unclassified` |
//! | `operations` | array | one record per reported operation, in document order (paths sorted, then methods): every paginated operation, every one an extension declares unpaginated, and every one that takes a pagination parameter or returns a pagination signal but could not be decided; other operations are not listed |
//!
//! Each record ([`OperationRecord`]):
//!
//! | field | type | what it is |
//! |---|---|---|
//! | `document` | string | the document: its file name, or its `info.title` when it was not read from a file |
//! | `operation_id` | string | `operationId`, or `get /path` when the document gives none (several operations may share one: look them up with [`JsonReport::operation`]) |
//! | `method` | string | `GET`, `POST`, ... |
//! | `path` | string | the path template |
//! | `status` | string | `"paginated"`, `"not_paginated"` (an extension says one response holds every item) or `"unclassified"` |
//! | `paginated` | boolean | `status == "paginated"` |
//! | `source` | string | where the decision came from: the extension's name (`"x-speakeasy-pagination"`, `"x-fern-pagination"`, `"x-ms-pageable"`, `"x-dropshot-pagination"`) or `"convention"` (parameter and field names) |
//! | `strategy` | string or `null` | `"cursor"`, `"next_url"`, `"link_header"`, `"offset"`, `"page"` or `"keyset"`, for paginated operations |
//! | `confidence` | string or `null` | `"high"` (an extension declares it), `"medium"` (names the document declares), `"low"` (something the schema does not declare, taken from the documented example or a parameter's description); `null` for unclassified operations |
//! | `request` | object or `null` | the parameters the walk sends, for paginated operations: `cursor`, `page`, `offset`, `size`, `keyset`, each `null` or `{"name": "...", "in": "query" \| "body"}`; `max_page_size` (integer or `null`); `first_page` (`0` or `1` for strategy `page`, else `null`) |
//! | `response` | object or `null` | where the response holds what the walk reads, for paginated operations: `items`, and `next_cursor`, `next_url`, `has_more`, `total`, `total_pages`, `page` (the echoed page number), each `null` or a location; `keyset`, a list of locations (the last item's fields) |
//! | `attribute` | string or `null` | the `#[paginate(...)]` attribute the generated code carries, on one line, for paginated operations |
//! | `generated` | string or `null` | the name of the generated envelope, or of progenitor's type the impl is for |
//! | `evidence` | array of strings | what the decision rests on |
//! | `notes` | array of strings | remarks on the generated code |
//! | `reasons` | array of strings | why an operation is unclassified, or what its extension says of an unpaginated one; empty for paginated operations |
//!
//! A location ([`Location`]) is `{"in": "body", "json_path": "$.response_metadata.next_cursor"}` (an
//! RFC 9535 JSONPath: `$` is the body itself, `$['@odata.nextLink']` a member whose name needs quoting,
//! `$.data[-1].id` the last item's `id`) or `{"in": "header", "name": "Link"}`.
//!
//! # Example
//!
//! ```
//! use paginated_openapi::json::{JsonReport, Status, SCHEMA_VERSION};
//! use paginated_openapi::{generate, Document, Options};
//!
//! let document = Document::parse(r#"
//! openapi: 3.0.3
//! info: { title: Shop, version: "1" }
//! paths:
//!   /orders:
//!     get:
//!       operationId: listOrders
//!       parameters:
//!         - { name: cursor, in: query, schema: { type: string } }
//!         - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
//!       responses:
//!         "200":
//!           description: A page of orders
//!           content:
//!             application/json:
//!               schema:
//!                 type: object
//!                 required: [data]
//!                 properties:
//!                   data: { type: array, items: { type: object } }
//!                   meta: { type: object, properties: { next_cursor: { type: string } } }
//! "#)?;
//! let report = generate(&document, &Options::default())?.report.to_json();
//! let expected = serde_json::json!({
//!   "schema_version": 1,
//!   "document": { "file": null, "title": "Shop", "api_version": "1", "spec_version": "OpenAPI 3.0" },
//!   "target": "envelopes",
//!   "counts": { "operations": 1, "by_extension": 0, "by_convention": 1, "not_paginated": 0, "unclassified": 0 },
//!   "operations": [{
//!     "document": "Shop",
//!     "operation_id": "listOrders",
//!     "method": "GET",
//!     "path": "/orders",
//!     "status": "paginated",
//!     "paginated": true,
//!     "source": "convention",
//!     "strategy": "cursor",
//!     "confidence": "medium",
//!     "request": {
//!       "cursor": { "name": "cursor", "in": "query" },
//!       "page": null,
//!       "offset": null,
//!       "size": { "name": "limit", "in": "query" },
//!       "keyset": null,
//!       "max_page_size": 100,
//!       "first_page": null
//!     },
//!     "response": {
//!       "items": { "in": "body", "json_path": "$.data" },
//!       "next_cursor": { "in": "body", "json_path": "$.meta.next_cursor" },
//!       "next_url": null,
//!       "keyset": [],
//!       "has_more": null,
//!       "total": null,
//!       "total_pages": null,
//!       "page": null
//!     },
//!     "attribute": "#[paginate(cursor = \"meta?.next_cursor\", max_page_size = 100)]",
//!     "generated": "ListOrdersPage",
//!     "evidence": [
//!       "items: `data`: its only array",
//!       "cursor: parameter `cursor`, response `meta.next_cursor`",
//!       "page size parameter `limit`"
//!     ],
//!     "notes": [],
//!     "reasons": []
//!   }]
//! });
//! assert_eq!(serde_json::to_value(&report)?, expected);
//! assert_eq!(report.schema_version, SCHEMA_VERSION);
//!
//! // Read back, and looked up by operation id (or by `GET /orders`).
//! let read: JsonReport = serde_json::from_value(expected)?;
//! let record = read.operation("listOrders")?;
//! assert_eq!(record.status, Status::Paginated);
//! assert_eq!(read.operation("get /orders")?, record);
//! assert_eq!(
//!     record.attribute.as_deref(),
//!     Some(r#"#[paginate(cursor = "meta?.next_cursor", max_page_size = 100)]"#)
//! );
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use serde::{Deserialize, Serialize};

pub use crate::report::LookupError;
use crate::report::{lookup, OperationReport, Outcome, Report};

pub use crate::emit::Target;
pub use crate::report::{
    Confidence, Counts, Location, Parameter, ParameterLocation, RequestParameters, ResponseLocations,
};

/// The version of the layout [`JsonReport`] serializes to.
pub const SCHEMA_VERSION: u32 = 1;

/// The whole report as data; see the [module docs](self) for the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct JsonReport {
    /// [`SCHEMA_VERSION`] when this crate wrote it.
    pub schema_version: u32,
    /// The document.
    pub document: DocumentInfo,
    /// What the code was generated for.
    pub target: Target,
    /// The counts of each outcome.
    pub counts: Counts,
    /// One record per reported operation.
    pub operations: Vec<OperationRecord>,
}

/// Which document a report is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DocumentInfo {
    /// The file name, when the document was read from a file.
    pub file: Option<String>,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub api_version: String,
    /// `OpenAPI 3.0`, `OpenAPI 3.1` or `Swagger 2.0`.
    pub spec_version: String,
}

/// What was decided about an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Paginated: `strategy`, `request`, `response` and `attribute` say how.
    Paginated,
    /// An extension says one response holds every item.
    NotPaginated,
    /// It takes a pagination parameter or returns a pagination signal, but no strategy could be
    /// decided: `reasons` say why.
    Unclassified,
}

/// One operation of the report; see the [module docs](self) for the fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OperationRecord {
    /// The document: its file name, or its `info.title`.
    pub document: String,
    /// `operationId`, or `get /path`.
    pub operation_id: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template.
    pub path: String,
    /// The outcome.
    pub status: Status,
    /// Whether `status` is [`Status::Paginated`].
    pub paginated: bool,
    /// The extension's name, or `convention`.
    pub source: String,
    /// `cursor`, `next_url`, `link_header`, `offset`, `page` or `keyset`, when paginated.
    pub strategy: Option<String>,
    /// How much the decision rests on what the document declares; `None` when unclassified.
    pub confidence: Option<Confidence>,
    /// The parameters the walk sends, when paginated.
    pub request: Option<RequestParameters>,
    /// Where the response holds the items and signals, when paginated.
    pub response: Option<ResponseLocations>,
    /// The `#[paginate(...)]` attribute of the generated code, on one line, when paginated.
    pub attribute: Option<String>,
    /// The generated envelope's name, or the progenitor type the impl is for.
    pub generated: Option<String>,
    /// What the decision rests on.
    pub evidence: Vec<String>,
    /// Remarks on the generated code.
    pub notes: Vec<String>,
    /// Why it is unclassified, or what its extension says of it when not paginated.
    pub reasons: Vec<String>,
}

impl JsonReport {
    /// The one operation `key` names: its operation id, or `METHOD /path` when the id is shared or
    /// missing.
    ///
    /// ```
    /// use paginated_openapi::json::LookupError;
    ///
    /// let document = paginated_openapi::Document::parse(r#"{
    ///   "openapi": "3.0.3", "info": { "title": "T", "version": "1" },
    ///   "paths": {
    ///     "/a": { "get": { "operationId": "list", "parameters": [{ "name": "page", "in": "query" }],
    ///       "responses": { "200": { "description": "", "content": { "application/json": {
    ///         "schema": { "type": "array", "items": {} } } } } } } },
    ///     "/b": { "get": { "operationId": "list", "parameters": [{ "name": "page", "in": "query" }],
    ///       "responses": { "200": { "description": "", "content": { "application/json": {
    ///         "schema": { "type": "array", "items": {} } } } } } } }
    ///   }
    /// }"#)?;
    /// let report = paginated_openapi::generate(&document, &Default::default())?.report.to_json();
    /// assert_eq!(report.operation("GET /b")?.path, "/b");
    /// let Err(LookupError::Ambiguous { candidates, .. }) = report.operation("list") else { panic!() };
    /// assert_eq!(candidates, ["GET /a", "GET /b"]);
    /// assert!(matches!(report.operation("nope"), Err(LookupError::NotFound(_))));
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn operation(&self, key: &str) -> Result<&OperationRecord, LookupError> {
        lookup(&self.operations, key, |record| {
            (&record.operation_id, &record.method, &record.path)
        })
    }
}

impl Report {
    /// The report as data, in the layout the [`json`](crate::json) module documents.
    pub fn to_json(&self) -> JsonReport {
        JsonReport {
            schema_version: SCHEMA_VERSION,
            document: DocumentInfo {
                file: self.file.clone(),
                title: self.title.clone(),
                api_version: self.api_version.clone(),
                spec_version: self.spec_version.clone(),
            },
            target: self.target,
            counts: self.counts(),
            operations: self
                .operations
                .iter()
                .map(|operation| self.record(operation))
                .collect(),
        }
    }

    fn record(&self, operation: &OperationReport) -> OperationRecord {
        let (status, source, strategy, attribute, reasons) = match &operation.outcome {
            Outcome::Paginated {
                source,
                strategy,
                attribute,
            } => (
                Status::Paginated,
                source,
                Some(strategy.to_string()),
                Some(attribute.clone()),
                Vec::new(),
            ),
            Outcome::NotPaginated { source, reason } => {
                (Status::NotPaginated, source, None, None, vec![reason.clone()])
            }
            Outcome::Unclassified { source, reasons } => {
                (Status::Unclassified, source, None, None, reasons.clone())
            }
        };
        OperationRecord {
            document: self.file.clone().unwrap_or_else(|| self.title.clone()),
            operation_id: operation.operation_id.clone(),
            method: operation.method.to_owned(),
            path: operation.path.clone(),
            status,
            paginated: status == Status::Paginated,
            source: source.to_string(),
            strategy,
            confidence: operation.confidence,
            request: operation.request.clone(),
            response: operation.response.clone(),
            attribute,
            generated: operation.generated.clone(),
            evidence: operation.evidence.clone(),
            notes: operation.notes.clone(),
            reasons,
        }
    }
}
