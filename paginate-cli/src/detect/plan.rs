//! What a detection decided, before it is written as attribute text: the strategy and its signal,
//! the stop signals, the request-side names, and the evidence for each.

use super::detection::{Confidence, Format, Strategy};
use super::items::Items;
use super::path::Path;

/// Where a signal is read: a member of the body, or a response header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Source<'a> {
    Body(Path<'a>),
    Header(&'static str),
}

/// The strategy and what it reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    Cursor(Source<'a>),
    NextUrl(Path<'a>),
    LinkHeader,
    Offset,
    /// A page number, optionally the one the API echoes.
    Page(Option<Source<'a>>),
    /// A key of the last item: its member name.
    Keyset(&'a str),
    Single,
}

impl Step<'_> {
    pub(crate) fn strategy(&self) -> Strategy {
        match self {
            Step::Cursor(_) => Strategy::Cursor,
            Step::NextUrl(_) => Strategy::NextUrl,
            Step::LinkHeader => Strategy::LinkHeader,
            Step::Offset => Strategy::Offset,
            Step::Page(_) => Strategy::Page,
            Step::Keyset(_) => Strategy::Keyset,
            Step::Single => Strategy::SinglePage,
        }
    }
}

/// A detection, decided.
#[derive(Clone, Debug)]
pub(crate) struct Plan<'a> {
    pub(crate) format: Format,
    pub(crate) items: Items<'a>,
    pub(crate) step: Step<'a>,
    pub(crate) has_more: Option<Source<'a>>,
    pub(crate) total: Option<Source<'a>>,
    pub(crate) total_pages: Option<Source<'a>>,
    /// The member that holds errors in successful answers.
    pub(crate) errors: Option<&'static str>,
    /// A carried member and the parameter it goes back as.
    pub(crate) carry: Option<(&'static str, &'static str)>,
    /// The name of the position's parameter (cursor, offset, page or keyset), when the strategy
    /// forms the next request itself.
    pub(crate) position_param: Option<String>,
    /// The name of the page size parameter.
    pub(crate) size_param: Option<String>,
    /// The first page's number, when it is not 1.
    pub(crate) first_page: Option<u64>,
    pub(crate) params_in_body: bool,
    pub(crate) confidence: Confidence,
    pub(crate) evidence: Vec<String>,
}

impl<'a> Plan<'a> {
    /// A plan for `step` over `items`, with nothing else declared yet.
    pub(crate) fn new(format: Format, items: Items<'a>, step: Step<'a>) -> Self {
        Plan {
            format,
            items,
            step,
            has_more: None,
            total: None,
            total_pages: None,
            errors: None,
            carry: None,
            position_param: None,
            size_param: None,
            first_page: None,
            params_in_body: false,
            confidence: Confidence::Observed,
            evidence: Vec::new(),
        }
    }

    /// Records a finding.
    pub(crate) fn because(&mut self, evidence: impl Into<String>) {
        self.evidence.push(evidence.into());
    }

    /// Lowers the confidence to `confidence` (it never rises).
    pub(crate) fn at_most(&mut self, confidence: Confidence) {
        self.confidence = self.confidence.min(confidence);
    }
}
