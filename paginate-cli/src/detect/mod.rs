//! Detection: the pagination of an endpoint, from its first page. See the [crate documentation](crate)
//! for what it detects, the conventions it knows and how it reports ambiguity.
//!
//! It parses (`request`, `body`), collects (`signals`, `items`), reads (`leads`: what leads to the
//! next page), then builds a plan per reading (`build`, `graphql`) and writes it (`render`). One
//! reading is a [`Detection`]; several are [`DetectError::Ambiguous`].

mod body;
mod build;
mod conventions;
mod detection;
mod error;
mod exchange;
mod graphql;
mod items;
mod leads;
mod names;
mod path;
mod plan;
mod render;
mod request;
mod signals;

pub use conventions::{Convention, CONVENTIONS};
pub use detection::{Confidence, Detection, Format, Strategy};
pub use error::{Ambiguity, DetectError, Reading};
pub use exchange::Exchange;

use items::{Choice, Items};
use leads::Context;
use names::Role;
use plan::{Plan, Step};
use request::Request;

/// Most readings an ambiguity lists.
const MAX_READINGS: usize = 8;

/// The pagination of the endpoint that answered `exchange`, its first page: the strategy and where
/// the items and signals are, as attribute text, with the evidence. A pure function of the exchange.
///
/// ```
/// use paginated_cli::{detect, Confidence, Exchange};
/// let body = br#"{"data": [{"id": "usr_001"}], "pagination": {"next_cursor": "eyJpZCI6NTB9", "has_more": true}}"#;
/// let exchange = Exchange::new("GET", "https://api.example.com/v1/users").response(200, body);
/// let detection = detect(&exchange)?;
/// assert_eq!(
///     detection.attribute(),
///     r#"items = "data", cursor = "pagination.next_cursor", has_more = "pagination.has_more""#
/// );
/// assert_eq!(detection.confidence(), Confidence::Conventional);
/// # Ok::<(), paginated_cli::DetectError>(())
/// ```
pub fn detect(exchange: &Exchange<'_>) -> Result<Detection, DetectError> {
    if !(200..300).contains(&exchange.status()) {
        return Err(DetectError::Status {
            status: exchange.status(),
        });
    }
    let request = Request::parse(exchange)?;
    let document = body::parse(exchange)?;
    let graphql = graphql::query(&request);
    if let Some(query) = graphql {
        if let Some(plans) = graphql::plans(&request, &document, query)? {
            return decide(plans, Ambiguity::Connection);
        }
    }
    let found = signals::collect(&document.root, document.is_xml());
    if let Some(scroll) = found.with_role(Role::ScrollId).find(|member| member.is_present()) {
        return Err(DetectError::Unsupported {
            reason: format!(
                "the response holds an Elasticsearch scroll id (`{}`): a scroll continues at another endpoint \
                 (`_search/scroll`), which a walk of this URL cannot follow; search with a `sort` instead \
                 (`search_after`), or without `scroll`",
                scroll.path
            ),
        });
    }
    let headers = signals::headers(exchange);
    let (places, items_evidence) = match items::choose(&document, &found) {
        Choice::One { items, evidence } => (vec![items], Some(evidence)),
        Choice::Several(paths) => (paths.into_iter().map(Items::At).collect(), None),
        Choice::None => return Err(DetectError::NoItems),
    };
    let cx = Context {
        exchange,
        request: &request,
        document: &document,
        found: &found,
        headers: &headers,
        items: (places.len() == 1).then(|| &places[0]),
    };
    let leads = leads::read(&cx);
    let mut plans = Vec::with_capacity(leads.leads.len() * places.len());
    for lead in &leads.leads {
        for items in &places {
            let mut plan = build::plan(&cx, lead, items);
            match &items_evidence {
                Some(evidence) => plan.evidence.insert(0, evidence.clone()),
                None => plan
                    .evidence
                    .insert(0, format!("the items would be `{}`", items.path())),
            }
            if graphql.is_some() && plan.step != Step::Single {
                plan.errors = Some("errors");
            }
            plans.push(plan);
        }
    }
    let about = if places.len() > 1 {
        Ambiguity::Items
    } else if leads.page_or_offset {
        Ambiguity::PageOrOffset
    } else {
        Ambiguity::Strategy
    };
    decide(plans, about)
}

/// One plan is the detection; several are an ambiguity about `about`.
fn decide(mut plans: Vec<Plan<'_>>, about: Ambiguity) -> Result<Detection, DetectError> {
    if plans.len() == 1 {
        let plan = plans.remove(0);
        return Ok(Detection {
            attribute: render::attribute(&plan),
            items: plan.items.path().to_json_path(),
            strategy: plan.step.strategy(),
            format: plan.format,
            confidence: plan.confidence,
            evidence: plan.evidence,
        });
    }
    let readings = plans
        .iter()
        .take(MAX_READINGS)
        .map(|plan| Reading {
            attribute: render::attribute(plan),
            evidence: plan
                .evidence
                .iter()
                .take(2)
                .cloned()
                .collect::<Vec<_>>()
                .join("; "),
        })
        .collect();
    Err(DetectError::Ambiguous { about, readings })
}
