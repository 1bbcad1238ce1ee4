//! The report: per operation, what was decided, from what, and what could not be decided and why.

use std::fmt;

use crate::pagination::Source;

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
}

/// Counts of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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

    /// The reasoning for one operation, by `operationId` (or `get /path`), in full.
    pub fn explain(&self, operation_id: &str) -> Option<String> {
        let operation = self
            .operations
            .iter()
            .find(|operation| operation.operation_id == operation_id)?;
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
            writeln!(out, "    {strategy} [{source}] {attribute}")?;
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
