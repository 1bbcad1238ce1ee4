//! The search endpoints, `POST /es/{index}/_search` and `POST /es/_search` (`GET` too): one page of
//! hits, a page through a point in time, or the first batch of a new scroll.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::response::Response;
use serde_json::Value;

use super::contexts::lock;
use super::errors::Failure;
use super::query::matches;
use super::render::{render_hit, search_page, total_hits};
use super::request::{check_index, SearchRequest};
use super::sort::{add_tiebreaker, compare_records, position_after};
use super::AppState;
use crate::data::Record;

/// The index a search without one, nor a point in time, reads.
const DEFAULT_INDEX: &str = "records";

/// `POST /es/{index}/_search`.
pub(super) async fn search_index(
    State(state): State<AppState>,
    Path(index): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    check_index(&index)?;
    search(&state, Some(index), query.as_deref(), &body)
}

/// `POST /es/_search`: every index, or the one of the point in time.
pub(super) async fn search_all(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Result<Response, Failure> {
    search(&state, None, query.as_deref(), &body)
}

fn search(
    state: &AppState,
    index: Option<String>,
    query: Option<&str>,
    body: &[u8],
) -> Result<Response, Failure> {
    let mut request = SearchRequest::parse(index.is_some(), query, body)?;
    let mut contexts = lock(state);
    // A point in time decides the index and the records seen, and adds a tiebreaker to the sort.
    let (index, visible, pit_id) = match &request.pit {
        None => (index.unwrap_or_else(|| DEFAULT_INDEX.into()), usize::MAX, None),
        Some(id) => {
            let view = contexts.search_pit(id)?;
            add_tiebreaker(&mut request.sort);
            (view.index, view.visible, Some(view.id))
        }
    };
    request.check_search_after()?;
    let records = state.records();
    let matching = matching_records(&records[..visible.min(records.len())], &request);
    let total = total_hits(matching.len(), &request.track_total_hits);
    let render = |record: &&Record| render_hit(&index, record, &request.sort, request.source);
    let size = request.size as usize;
    if request.scroll {
        let hits = matching.iter().map(render).collect();
        return Ok(contexts.open_scroll(hits, size, total));
    }
    let start = match &request.search_after {
        None => request.from as usize,
        Some(after) => position_after(&matching, &request.sort, after)?,
    };
    let hits: Vec<Value> = matching.iter().skip(start).take(size).map(render).collect();
    Ok(search_page(hits, total, pit_id.map(|id| ("pit_id", id))))
}

/// The records that match the request's query, in its sort order (index order when unsorted).
fn matching_records<'a>(records: &'a [Record], request: &SearchRequest) -> Vec<&'a Record> {
    let mut matching: Vec<&Record> = records
        .iter()
        .filter(|record| matches(record, &request.terms))
        .collect();
    matching.sort_by(|a, b| compare_records(&request.sort, a, b));
    matching
}
