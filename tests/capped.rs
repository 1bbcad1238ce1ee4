//! Capped APIs (seed 000: at most 10,000 records per query): truncation is reported, and a time range
//! is walked in windows that each fit under the cap.

mod support;

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use paginate::{ErrorKind, Paginate, Progress};
use paginate_mock::{MockConfig, MockServer, Record, EPOCH, SPAN_SECONDS};
use serde::Deserialize;
use support::{AircallMeta, Call};

/// Seed 000 by page number, with the documented cap declared.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "calls",
    page = "meta.current_page",
    total = "meta.total",
    max_page_size = 50,
    cap = 10000
)]
struct CappedCallsPage {
    calls: Vec<Call>,
    meta: AircallMeta,
}

#[tokio::test]
async fn a_declared_cap_fails_fast_instead_of_returning_the_first_10000() {
    let server = MockServer::start(MockConfig::with_records(12_345));
    let mut stream =
        CappedCallsPage::stream(reqwest::Client::new().get(server.url("/v1/calls"))).page_size(50);
    let mut received = 0;
    let error = loop {
        match stream.try_next().await {
            Ok(Some(_)) => received += 1,
            Ok(None) => panic!("capped walk ended silently"),
            Err(error) => break error,
        }
    };
    assert!(
        matches!(
            error.kind(),
            ErrorKind::CapExceeded {
                cap: 10_000,
                total: Some(12_345)
            }
        ),
        "{error:?}"
    );
    assert_eq!(received, 50, "only the first page, whose total revealed the cap");
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_partial_walk_stops_at_the_cap_when_allowed() {
    let server = MockServer::start(MockConfig::with_records(10_100));
    let calls: Vec<Call> =
        CappedCallsPage::iter(reqwest::blocking::Client::new().get(server.url("/v1/calls")))
            .page_size(50)
            .detect_truncation(false)
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(calls.len(), 10_000);
    assert_eq!(
        server.request_count(),
        200,
        "page 201 (past the cap) is never requested"
    );
}

#[tokio::test]
async fn a_year_of_100k_calls_through_the_10k_cap_in_windows() {
    let server = MockServer::start(MockConfig::with_records(100_000));
    let client = reqwest::Client::new();
    let url = server.url("/v1/calls");
    let progress: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let log = progress.clone();
    let calls: Vec<Call> = CappedCallsPage::windows(EPOCH..EPOCH + SPAN_SECONDS, move |window| {
        // The API's `to` is inclusive ("maximum creation date"): the window's last second.
        client
            .get(&url)
            .query(&[("from", window.start), ("to", window.last())])
    })
    .page_size(50)
    .on_progress(move |p| log.lock().unwrap().push(*p))
    .try_collect()
    .await
    .unwrap();

    assert_eq!(calls.len(), 100_000);
    assert!(
        calls.iter().map(|c| c.id).eq(1..=100_000),
        "every call once, in order"
    );
    let requests = server.request_count() as f64;
    let pages = (100_000f64 / 50.0).ceil();
    let progress = progress.lock().unwrap();
    let last = progress.last().unwrap();
    let probes = server
        .requests()
        .iter()
        .filter(|r| r.params("page") == ["1"])
        .count();
    println!(
        "100,000 calls through the 10,000 cap: {requests} requests = ceil(100000 / 50) = {pages} pages + {} \
         ({probes} first pages: 1 probe of the whole year, {} windows)",
        requests - pages,
        probes - 1
    );
    assert!(requests <= (pages + probes as f64) * 1.05, "{requests} requests");
    assert_eq!(last.items, 100_000);
    assert_eq!(last.total, Some(100_000));
    assert!(progress.windows(2).all(|w| w[0].items <= w[1].items));
}

#[test]
fn windows_blocking_with_uneven_data_and_an_exact_boundary() {
    // 30,000 records: a window boundary falls exactly on a record's creation second.
    let server = MockServer::start(MockConfig::with_records(30_000));
    let client = reqwest::blocking::Client::new();
    let url = server.url("/v1/calls");
    let boundary = Record::generate(12_345, 30_000).created_at;
    let calls: Vec<Call> = CappedCallsPage::windows_blocking(EPOCH..boundary, move |window| {
        client
            .get(&url)
            .query(&[("from", window.start), ("to", window.last())])
    })
    .page_size(50)
    .collect::<Result<_, _>>()
    .unwrap();
    // Half-open range: record 12,345 (created at `boundary`) is not in it, 12,344 is.
    assert!(calls.iter().map(|c| c.id).eq(1..12_345));
}

#[test]
fn window_splitting_needs_a_cap() {
    let server = MockServer::start(MockConfig::with_records(10));
    let client = reqwest::blocking::Client::new();
    let url = server.url("/v1/calls");
    let first = support::ContactsPage::windows_blocking(EPOCH..EPOCH + 10, move |_| client.get(&url)).next();
    assert!(
        matches!(support::kind_of(&first), Some(ErrorKind::InvalidRequest(_))),
        "{first:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn windows_fetch_their_pages_concurrently() {
    let latency = std::time::Duration::from_millis(10);
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(24_000)
    });
    let client = reqwest::Client::new();
    let url = server.url("/v1/calls");
    let started = std::time::Instant::now();
    let calls: Vec<Call> = CappedCallsPage::windows(EPOCH..EPOCH + SPAN_SECONDS, move |window| {
        client
            .get(&url)
            .query(&[("from", window.start), ("to", window.last())])
    })
    .page_size(50)
    .concurrency(8)
    .try_collect()
    .await
    .unwrap();
    let elapsed = started.elapsed();
    assert!(calls.iter().map(|c| c.id).eq(1..=24_000));
    let requests = server.request_count() as u32;
    // One at a time, that is `requests` × 10 ms; eight at a time, well under half of it.
    assert!(
        elapsed < latency * requests / 2,
        "{elapsed:?} for {requests} requests"
    );
}
