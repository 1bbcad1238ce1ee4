//! The report: per operation, what was decided, from what, and what could not be decided and why.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::emit::Target;
use crate::pagination::Source;
pub use crate::pagination::{
    Confidence, Location, Parameter, ParameterLocation, RequestParameters, ResponseLocations,
};

/// What was decided about one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// Paginated: the strategy, and the attribute the envelope carries.
    Paginated {
        /// Where the decision came from.
        source: Source,
        /// `cursor`, `next_url`, `link_header`, `offset`, `page` or `keyset`.
        strategy: &'static str,
        /// The `#[paginate(...)]` attribute of the generated envelope, on one line.
        attribute: String,
    },
    /// An extension says the operation returns every item in one response.
    NotPaginated {
        /// The extension.
        source: Source,
        /// What it says.
        reason: String,
    },
    /// The operation takes a pagination parameter or returns a pagination signal, but no strategy
    /// could be decided; no code is generated for it.
    Unclassified {
        /// Where the attempt came from (an extension that could not be honoured, or conventions).
        source: Source,
        /// Why.
        reasons: Vec<String>,
    },
}

impl Outcome {
    /// The report section the outcome is listed in.
    fn heading(&self) -> &'static str {
        match self {
            Outcome::Paginated { .. } => "paginated",
            Outcome::NotPaginated { .. } => "not paginated",
            Outcome::Unclassified { .. } => "unclassified",
        }
    }
}

/// One reported operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationReport {
    /// `operationId`, or `get /path` when the document gives none.
    pub operation_id: String,
    /// `GET`, `POST`, ...
    pub method: &'static str,
    /// The path template.
    pub path: String,
    /// The decision.
    pub outcome: Outcome,
    /// What the decision rests on: the extension or the parameters and fields that matched.
    pub evidence: Vec<String>,
    /// Remarks on the generated code (names inferred, types progenitor does not generate).
    pub notes: Vec<String>,
    /// The name of the generated envelope or impl target, when code was generated.
    pub generated: Option<String>,
    /// How much the decision rests on what the document declares; `None` for unclassified operations.
    pub confidence: Option<Confidence>,
    /// The request parameters, for paginated operations.
    pub request: Option<RequestParameters>,
    /// Where the items and signals are, for paginated operations.
    pub response: Option<ResponseLocations>,
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    /// Operations in the document.
    pub operations: usize,
    /// Paginated, as an extension declares.
    pub by_extension: usize,
    /// Paginated, by conventions.
    pub by_convention: usize,
    /// Declared not paginated by an extension.
    pub not_paginated: usize,
    /// Looks paginated, but undecided.
    pub unclassified: usize,
}

/// What the generator decided for a document.
///
/// ```
/// let document = paginated_openapi::Document::parse(r#"{
///   "openapi": "3.0.3", "info": { "title": "Pets", "version": "1" },
///   "paths": { "/pets": { "get": {
///     "operationId": "listPets",
///     "parameters": [{ "name": "page", "in": "query", "schema": { "type": "integer" } }],
///     "responses": { "200": { "description": "", "content": { "application/json": {
///       "schema": { "type": "object", "properties": { "note": { "type": "string" } } } } } } }
///   } } }
/// }"#)?;
/// let output = paginated_openapi::generate(&document, &Default::default())?;
/// let counts = output.report.counts();
/// assert_eq!((counts.operations, counts.unclassified), (1, 1));
/// assert!(output.report.to_string().contains("takes `page` but the response has no list field"));
/// # Ok::<_, paginated_openapi::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The document's file name, when it was read from a file ([`Document::read`](crate::Document::read)).
    pub file: Option<String>,
    /// What the code was generated for: envelopes or progenitor's types.
    pub target: Target,
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub api_version: String,
    /// The specification version, as text (`OpenAPI 3.0`).
    pub spec_version: String,
    /// How many operations the document has.
    pub operation_count: usize,
    /// The operations that are paginated, declared not paginated, or look paginated but are
    /// undecided, in document order (paths sorted, then methods).
    pub operations: Vec<OperationReport>,
}

impl Report {
    /// The counts of each outcome.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts {
            operations: self.operation_count,
            ..Counts::default()
        };
        for operation in &self.operations {
            match &operation.outcome {
                Outcome::Paginated {
                    source: Source::Extension(_),
                    ..
                } => counts.by_extension += 1,
                Outcome::Paginated { .. } => counts.by_convention += 1,
                Outcome::NotPaginated { .. } => counts.not_paginated += 1,
                Outcome::Unclassified { .. } => counts.unclassified += 1,
            }
        }
        counts
    }

    /// The one operation `key` names: its operation id, or `METHOD /path` when the id is shared or
    /// missing, as the JSON report's `JsonReport::operation` does.
    pub fn operation(&self, key: &str) -> Result<&OperationReport, LookupError> {
        lookup(&self.operations, key, |operation| {
            (&operation.operation_id, operation.method, &operation.path)
        })
    }

    /// The reasoning for one operation, named as [`Report::operation`] names it, in full; `None`
    /// when no single operation has that name.
    pub fn explain(&self, key: &str) -> Option<String> {
        let operation = self.operation(key).ok()?;
        let mut out = String::new();
        write_operation(&mut out, operation, true).ok()?;
        Some(out)
    }

    /// The counts on one line.
    pub fn summary(&self) -> String {
        let counts = self.counts();
        format!(
            "{} operations: {} paginated ({} by extension, {} by convention), {} not paginated by extension, {} unclassified",
            counts.operations,
            counts.by_extension + counts.by_convention,
            counts.by_extension,
            counts.by_convention,
            counts.not_paginated,
            counts.unclassified
        )
    }
}

fn write_operation(out: &mut impl fmt::Write, operation: &OperationReport, full: bool) -> fmt::Result {
    writeln!(
        out,
        "{}  {} {}",
        operation.operation_id, operation.method, operation.path
    )?;
    match &operation.outcome {
        Outcome::Paginated {
            source,
            strategy,
            attribute,
        } => {
            let low = if operation.confidence == Some(Confidence::Low) {
                ", low confidence"
            } else {
                ""
            };
            writeln!(out, "    {strategy} [{source}{low}] {attribute}")?;
        }
        Outcome::NotPaginated { source, reason } => writeln!(out, "    not paginated [{source}]: {reason}")?,
        Outcome::Unclassified { source, reasons } => {
            writeln!(out, "    unclassified [{source}]")?;
            for reason in reasons {
                writeln!(out, "    - {reason}")?;
            }
        }
    }
    if full || !matches!(operation.outcome, Outcome::Unclassified { .. }) {
        for line in &operation.evidence {
            writeln!(out, "    . {line}")?;
        }
    }
    if full {
        if let Some(name) = &operation.generated {
            writeln!(out, "    generated: {name}")?;
        }
        for note in &operation.notes {
            writeln!(out, "    note: {note}")?;
        }
    }
    Ok(())
}

impl fmt::Display for Report {
    /// The whole report: a heading, the counts, then the paginated, not paginated and unclassified
    /// operations with their evidence.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "paginated-openapi report: {} {} ({})",
            self.title, self.api_version, self.spec_version
        )?;
        writeln!(f, "{}", self.summary())?;
        for heading in ["paginated", "not paginated", "unclassified"] {
            let operations: Vec<&OperationReport> = self
                .operations
                .iter()
                .filter(|operation| operation.outcome.heading() == heading)
                .collect();
            if operations.is_empty() {
                continue;
            }
            writeln!(f, "\n## {heading} ({})", operations.len())?;
            for operation in operations {
                write_operation(f, operation, false)?;
            }
        }
        Ok(())
    }
}

/// Why [`Report::explain`] (or `JsonReport::operation`) found no single operation.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LookupError {
    /// No reported operation has that id or method and path.
    #[error(
        "no reported operation is `{0}`: the report lists the operations that are paginated, declared \
         unpaginated, or look paginated (by operation id, or as `GET /path`)"
    )]
    NotFound(String),
    /// Several operations share the id; each is listed as `METHOD /path`, which names one.
    #[error("`{id}` names {} operations: {}; name one as `METHOD /path`", .candidates.len(), .candidates.join(", "))]
    Ambiguous {
        /// The id looked up.
        id: String,
        /// The operations that have it, as `METHOD /path`.
        candidates: Vec<String>,
    },
}

/// The one operation `key` names: by operation id, or as `METHOD /path` (method in any case).
pub(crate) fn lookup<'a, T>(
    operations: &'a [T],
    key: &str,
    fields: impl Fn(&T) -> (&str, &str, &str),
) -> Result<&'a T, LookupError> {
    let by_id: Vec<&T> = operations
        .iter()
        .filter(|operation| fields(operation).0 == key)
        .collect();
    let found = if by_id.is_empty() {
        operations
            .iter()
            .filter(|operation| {
                let (_, method, path) = fields(operation);
                key.split_once(' ')
                    .is_some_and(|(m, p)| m.eq_ignore_ascii_case(method) && p == path)
            })
            .collect()
    } else {
        by_id
    };
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(LookupError::NotFound(key.to_owned())),
        several => Err(LookupError::Ambiguous {
            id: key.to_owned(),
            candidates: several
                .iter()
                .map(|operation| {
                    let (_, method, path) = fields(operation);
                    format!("{method} {path}")
                })
                .collect(),
        }),
    }
}
