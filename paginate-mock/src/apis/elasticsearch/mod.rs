//! Elasticsearch / OpenSearch search pagination: `from`/`size`, `search_after` with a point in time
//! (PIT), and the scroll API, under `/es`.
//!
//! Every index holds the records as documents `{"id": doc_id(n), "title", "status", "role",
//! "created_at": ISO 8601}` with `_id` = [`doc_id`]`(n)`. Routes:
//!
//! - `POST /es/{index}/_search` (and `POST /es/_search`, which a search with `pit` must use): body
//!   `size` (default 10), `from` (default 0; `from + size` at most 10,000, the `index.max_result_window`),
//!   `sort`, `search_after`, `query`, `pit`, `track_total_hits`, `_source`. Query parameter `scroll`
//!   (`1m`, `30s`, …) opens a scroll.
//! - `POST /es/_search/scroll` body `{"scroll": "1m", "scroll_id": ".."}`: the next batch;
//!   `DELETE /es/_search/scroll` body `{"scroll_id": ".." | [..]}` clears scrolls.
//! - `POST /es/{index}/_pit?keep_alive=1m` opens a point in time: `{"id": ".."}`;
//!   `DELETE /es/_pit` body `{"id": ".."}` closes it.
//!
//! As Elasticsearch documents it:
//! - `sort` is a list of `"field"`, `{"field": "asc"}` or `{"field": {"order": "desc"}}`, on
//!   `created_at` (sort value: epoch milliseconds), `id` (a keyword: the `_id` text), `_doc`, and
//!   `_shard_doc` (PIT only). Each hit then carries `sort`, the values to pass as `search_after` for the
//!   next page; without `sort`, hits are in index order and carry none.
//! - a search with a PIT gets an implicit tiebreaker: `_shard_doc` is appended to its `sort`, so its
//!   hits' `sort` arrays have one more value, and `search_after` must have as many values as that
//!   full sort. A PIT search must not name an index (`[indices] cannot be used with point in time`),
//!   sees the records as they were when the PIT was opened, and answers with a `pit_id` that changes
//!   on each search (the older ids stay valid; use the latest).
//! - `search_after` needs a `sort` with as many fields, and `from` 0. The end is a page with empty
//!   `hits.hits`.
//! - `hits.total` is `{"value", "relation"}`, counted up to 10,000 (`"relation": "gte"` beyond) unless
//!   `track_total_hits` is `true` (exact) or a number (that bound); `false` omits it.
//! - `query` supports `match_all`, `term` (on `status`, `role` or `id`, as `{"term": {"status": "won"}}`
//!   or `{"term": {"status": {"value": "won"}}}`) and `bool` with `filter`/`must` lists of those.
//! - a scroll snapshots the matching documents at its first request and returns them `size` at a time,
//!   then empty batches; each answer carries a fresh `_scroll_id` (older ids of the same scroll still
//!   work, and continue from where the scroll is). `from` and `search_after` are refused in a scroll
//!   context. A cleared or unknown scroll is `404` with `search_context_missing_exception` as root
//!   cause. Keep-alive values are checked for syntax but never expire here.
//! - errors are `{"error": {"root_cause": [{"type", "reason"}], "type", "reason"}, "status": N}`.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(25));
//! let client = reqwest::blocking::Client::new();
//! let search = |body: serde_json::Value| -> serde_json::Value {
//!     let response = client.post(server.url("/es/records/_search")).body(body.to_string()).send().unwrap();
//!     serde_json::from_str(&response.text().unwrap()).unwrap()
//! };
//! let sort = serde_json::json!([{"created_at": "asc"}, {"id": "asc"}]);
//! let first = search(serde_json::json!({"size": 20, "sort": sort}));
//! assert_eq!(first["hits"]["total"]["value"], 25);
//! let last = first["hits"]["hits"][19]["sort"].clone();
//! let second = search(serde_json::json!({"size": 20, "sort": sort, "search_after": last}));
//! assert_eq!(second["hits"]["hits"].as_array().unwrap().len(), 5);
//! assert_eq!(second["hits"]["hits"][0]["_id"], paginated_mock::apis::elasticsearch::doc_id(21));
//! ```

// One file per concept: `search` (the search endpoints), `request` (reading and checking a search),
// `query` (term filters), `sort` (sort clauses and `search_after`), `pit` and `scroll` (the contexts a
// search opens or uses, numbered and named by `contexts`), `render` (hits and pages), `errors`
// (Elasticsearch's error answers).

mod contexts;
mod errors;
mod pit;
mod query;
mod render;
mod request;
mod scroll;
mod search;
mod sort;
#[cfg(test)]
mod tests;

use axum::routing::{delete, post};
use axum::Router;

pub(crate) use contexts::Contexts;

use super::AppState;

/// The `_id` of record `n`: `doc-` and six digits (`doc-000042`); also its `id` field.
pub fn doc_id(n: u64) -> String {
    format!("doc-{n:06}")
}

/// The routes under `/es`.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/es/{index}/_search",
            post(search::search_index).get(search::search_index),
        )
        .route("/es/_search", post(search::search_all).get(search::search_all))
        .route(
            "/es/_search/scroll",
            post(scroll::next_batch).delete(scroll::clear_scroll),
        )
        .route("/es/{index}/_pit", post(pit::open_pit))
        .route("/es/_pit", delete(pit::close_pit))
}
