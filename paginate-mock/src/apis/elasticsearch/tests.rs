//! The emulation as a client sees it: searches, points in time and scrolls over HTTP.

use serde_json::{json, Value};

use super::doc_id;
use crate::testing::{delete, post, text_ids};
use crate::{MockConfig, MockServer};

fn search(server: &MockServer, path: &str, body: Value) -> (u16, Value) {
    let reply = post(&server.url(path), &body, &[]);
    (reply.status, reply.json())
}

fn ids(page: &Value) -> Vec<String> {
    text_ids(&page["hits"]["hits"], "_id")
}

fn expected(range: impl Iterator<Item = u64>) -> Vec<String> {
    range.map(doc_id).collect()
}

#[test]
fn search_after_walks_to_an_empty_page() {
    let server = MockServer::start(MockConfig::with_records(25));
    let sort = json!([{"created_at": "asc"}, {"id": {"order": "asc"}}]);
    let mut after = None;
    let mut seen = Vec::new();
    loop {
        let mut body = json!({"size": 10, "sort": sort});
        if let Some(after) = after {
            body["search_after"] = after;
        }
        let (status, page) = search(&server, "/es/records/_search", body);
        assert_eq!(status, 200, "{page}");
        assert_eq!(page["hits"]["total"], json!({"value": 25, "relation": "eq"}));
        let hits = page["hits"]["hits"].as_array().unwrap();
        if hits.is_empty() {
            break;
        }
        let last = hits.last().unwrap();
        assert_eq!(last["sort"][1], last["_id"]);
        assert_eq!(last["sort"][0].as_i64().unwrap() % 1000, 0, "epoch milliseconds");
        after = Some(last["sort"].clone());
        seen.extend(ids(&page));
    }
    assert_eq!(seen, expected(1..=25));
    let (_, descending) = search(
        &server,
        "/es/records/_search",
        json!({"size": 3, "sort": [{"id": "desc"}], "search_after": [doc_id(10)]}),
    );
    assert_eq!(ids(&descending), expected([9, 8, 7].into_iter()));
}

#[test]
fn from_size_filters_and_totals() {
    let server = MockServer::start(MockConfig::with_records(25));
    let (_, page) = search(&server, "/es/records/_search", json!({}));
    assert_eq!(ids(&page), expected(1..=10));
    assert!(page["hits"]["hits"][0].get("sort").is_none());
    let (_, page) = search(&server, "/es/records/_search", json!({"from": 20, "size": 10}));
    assert_eq!(ids(&page), expected(21..=25));
    let (_, won) = search(
        &server,
        "/es/records/_search",
        json!({"size": 100, "query": {"bool": {"filter": [{"term": {"status": {"value": "won"}}}]}}}),
    );
    assert_eq!(ids(&won), expected((1..=25).filter(|n| n % 4 == 2)));
    assert_eq!(won["hits"]["hits"][0]["_source"]["status"], "won");
    let (_, capped) = search(
        &server,
        "/es/records/_search",
        json!({"size": 0, "track_total_hits": 10}),
    );
    assert_eq!(capped["hits"]["total"], json!({"value": 10, "relation": "gte"}));
}

#[test]
fn pit_snapshots_and_adds_a_tiebreaker() {
    let server = MockServer::start(MockConfig::with_records(25));
    let opened = post(&server.url("/es/records/_pit?keep_alive=1m"), &json!({}), &[]).json();
    let pit = opened["id"].as_str().unwrap().to_owned();
    server.insert_record();
    let sort = json!([{"created_at": "asc"}]);
    let (status, page) = search(
        &server,
        "/es/_search",
        json!({"size": 20, "sort": sort, "pit": {"id": pit, "keep_alive": "1m"}}),
    );
    assert_eq!(status, 200, "{page}");
    assert_eq!(
        page["hits"]["total"]["value"], 25,
        "the record inserted after opening is not seen"
    );
    let pit_id = page["pit_id"].as_str().unwrap().to_owned();
    assert_ne!(pit_id, pit);
    let last = page["hits"]["hits"][19]["sort"].clone();
    assert_eq!(last.as_array().unwrap().len(), 2, "implicit _shard_doc");
    let (status, error) = search(
        &server,
        "/es/_search",
        json!({"size": 20, "sort": sort, "pit": {"id": pit_id}, "search_after": [last[0]]}),
    );
    assert_eq!(status, 400);
    assert_eq!(error["error"]["type"], "illegal_argument_exception");
    let (_, rest) = search(
        &server,
        "/es/_search",
        json!({"size": 20, "sort": sort, "pit": {"id": pit_id}, "search_after": last}),
    );
    assert_eq!(ids(&rest), expected(21..=25));
    let (status, error) = search(&server, "/es/records/_search", json!({"pit": {"id": pit_id}}));
    assert_eq!(status, 400);
    assert_eq!(error["error"]["type"], "action_request_validation_exception");
    assert_eq!(
        delete(&server.url("/es/_pit"), &json!({"id": pit_id})).status,
        200
    );
    let (status, gone) = search(&server, "/es/_search", json!({"pit": {"id": pit_id}}));
    assert_eq!(status, 404);
    assert_eq!(
        gone["error"]["root_cause"][0]["type"],
        "search_context_missing_exception"
    );
}

#[test]
fn scroll_to_the_end_then_clear() {
    let server = MockServer::start(MockConfig::with_records(25));
    let (status, first) = search(&server, "/es/records/_search?scroll=1m", json!({"size": 10}));
    assert_eq!(status, 200);
    let mut seen = ids(&first);
    let mut scroll_id = first["_scroll_id"].as_str().unwrap().to_owned();
    let mut batches = 1;
    loop {
        let (status, batch) = search(
            &server,
            "/es/_search/scroll",
            json!({"scroll": "1m", "scroll_id": scroll_id}),
        );
        assert_eq!(status, 200);
        assert_eq!(batch["hits"]["total"]["value"], 25);
        let next = batch["_scroll_id"].as_str().unwrap().to_owned();
        assert_ne!(next, scroll_id, "a fresh id each batch");
        scroll_id = next;
        if batch["hits"]["hits"].as_array().unwrap().is_empty() {
            break;
        }
        seen.extend(ids(&batch));
        batches += 1;
    }
    assert_eq!((seen, batches), (expected(1..=25), 3));
    assert_eq!(
        delete(
            &server.url("/es/_search/scroll"),
            &json!({"scroll_id": [scroll_id]})
        )
        .status,
        200
    );
    let (status, gone) = search(
        &server,
        "/es/_search/scroll",
        json!({"scroll": "1m", "scroll_id": scroll_id}),
    );
    assert_eq!(status, 404);
    assert_eq!(
        gone["error"]["root_cause"][0]["type"],
        "search_context_missing_exception"
    );
    assert_eq!(gone["status"], 404);
}

#[test]
fn bad_searches_get_es_errors() {
    let server = MockServer::start(MockConfig::with_records(25));
    let kind = |path: &str, body: Value| {
        let (status, page) = search(&server, path, body);
        assert_eq!(status, 400, "{page}");
        page["error"]["type"].as_str().unwrap().to_owned()
    };
    assert_eq!(
        kind("/es/records/_search", json!({"size": 10_001})),
        "illegal_argument_exception"
    );
    assert_eq!(
        kind("/es/records/_search", json!({"from": 9_995, "size": 10})),
        "illegal_argument_exception"
    );
    assert_eq!(
        kind("/es/records/_search", json!({"search_after": [1]})),
        "illegal_argument_exception"
    );
    assert_eq!(
        kind(
            "/es/records/_search",
            json!({"sort": ["created_at"], "search_after": ["x"]})
        ),
        "illegal_argument_exception"
    );
    assert_eq!(
        kind("/es/records/_search", json!({"sort": ["nope"]})),
        "query_shard_exception"
    );
    assert_eq!(
        kind("/es/records/_search", json!({"query": {"fuzzy": {}}})),
        "parsing_exception"
    );
    assert_eq!(
        kind("/es/records/_search", json!({"sizee": 1})),
        "parsing_exception"
    );
    assert_eq!(
        kind("/es/records/_search?scroll=1m", json!({"from": 10})),
        "action_request_validation_exception"
    );
    assert_eq!(
        kind("/es/records/_search?scroll=soon", json!({})),
        "illegal_argument_exception"
    );
    assert_eq!(
        kind("/es/records/_search?scroll=1m&scroll=1m", json!({})),
        "illegal_argument_exception"
    );
    assert_eq!(
        kind("/es/Records/_search", json!({})),
        "invalid_index_name_exception"
    );
    assert_eq!(
        kind("/es/_search/scroll", json!({"scroll_id": "garbage"})),
        "illegal_argument_exception"
    );
}
