//! One decision per operation: its extension when it has one, conventions otherwise.

use crate::conventions::{self, Convention};
use crate::document::Document;
use crate::extensions::{self, Declared};
use crate::operation::Operation;
use crate::pagination::{Pagination, Source};

/// What was decided about one operation.
#[derive(Debug)]
pub(crate) enum Decision {
    Paginated {
        pagination: Box<Pagination>,
        source: Source,
        evidence: Vec<String>,
    },
    NotPaginated {
        source: Source,
        reason: String,
    },
    Unclassified {
        source: Source,
        reasons: Vec<String>,
    },
    /// Neither a pagination parameter nor a pagination signal: not reported.
    NotAList,
}

pub(crate) fn classify<'d>(document: &'d Document, operation: &Operation<'d>) -> Decision {
    let mut decision = match extensions::declared(document, operation) {
        Some((source, Declared::Paginated(pagination, evidence))) => Decision::Paginated {
            pagination,
            source,
            evidence,
        },
        Some((source, Declared::NotPaginated(reason))) => Decision::NotPaginated { source, reason },
        Some((source, Declared::Unreadable(reason))) => Decision::Unclassified {
            source,
            reasons: vec![reason],
        },
        None => match conventions::classify(document, operation) {
            Convention::Paginated(pagination, evidence) => Decision::Paginated {
                pagination,
                source: Source::Convention,
                evidence,
            },
            Convention::Unclassified(reasons) => Decision::Unclassified {
                source: Source::Convention,
                reasons,
            },
            Convention::NotAList => Decision::NotAList,
        },
    };
    // A `$ref` that could not be followed may hide the very parameter or field that decides: say so
    // wherever the operation is reported.
    let problems = operation.problems.iter().map(|problem| problem.to_string());
    match &mut decision {
        Decision::Paginated { evidence, .. } => evidence.extend(problems.map(|p| format!("note: {p}"))),
        Decision::Unclassified { reasons, .. } => reasons.extend(problems),
        Decision::NotAList if !operation.problems.is_empty() => {
            decision = Decision::Unclassified {
                source: Source::Convention,
                reasons: problems.collect(),
            }
        }
        Decision::NotPaginated { .. } | Decision::NotAList => {}
    }
    decision
}
