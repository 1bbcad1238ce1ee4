//! Elasticsearch / OpenSearch deep pagination as Elastic recommends it: `search_after` with the last
//! hit's `sort` values, in a point in time (PIT) whose latest id each answer carries into the next
//! request. Against the embedded mock server.
//!
//! The scroll API is not a walk of one request shape (its continuation goes to another path with
//! another body) and Elastic no longer recommends it for deep pagination: use a PIT, as here.
//!
//! Run: `cargo run --example search_after`

use paginated::Paginate;
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize, Paginate)]
#[paginate(
    items = "hits.hits",
    item = Hit,
    // The key of the last hit is its `sort` array, sent back whole as `search_after`.
    keyset = "sort",
    keyset_param = "search_after",
    params_in = "body",
    limit_param = "size",
    // Each answer's `pit_id` goes into the next request's `pit.id`.
    carry = "pit_id",
    carry_param = "pit.id"
)]
struct SearchPage {
    hits: Hits,
    pit_id: Option<String>,
}

#[derive(Deserialize)]
struct Hits {
    hits: Vec<Hit>,
}

#[derive(Debug, Deserialize)]
struct Hit {
    #[serde(rename = "_id")]
    id: String,
    sort: Vec<Value>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let server = MockServer::start(MockConfig::with_records(1_234));
    let client = paginated::http::blocking_client().build()?;

    // Open the point in time: one plain request.
    let opened: Value = client
        .post(server.url("/es/records/_pit?keep_alive=1m"))
        .send()?
        .json()?;
    let pit = opened["id"].as_str().unwrap_or_default().to_owned();
    // Documents indexed from now on are not in it.
    server.insert_record();

    let search = client.post(server.url("/es/_search")).json(&json!({
        "query": {"term": {"status": "won"}},
        "sort": [{"created_at": "asc"}],
        "pit": {"id": pit, "keep_alive": "1m"},
    }));
    let hits: Vec<Hit> = SearchPage::iter(search)
        .page_size(100)
        .collect::<Result<_, _>>()?;
    let last = &hits[hits.len() - 1];
    println!(
        "search_after: {} hits ({} … {}) in {} searches; the last sort values {} include the PIT's \
         `_shard_doc` tiebreaker",
        hits.len(),
        hits[0].id,
        last.id,
        server.request_count() - 1,
        json!(last.sort)
    );
    let ids: Vec<String> = server
        .requests()
        .iter()
        .skip(1)
        .map(|request| {
            let body: Value = serde_json::from_str(&request.body).unwrap_or_default();
            body["pit"]["id"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    println!("search_after: pit.id sent with each search: {ids:?}");
    Ok(())
}
