//! Capped APIs (Aircall: at most 10,000 records per query): truncation is reported, and a time range
//! is walked in windows that each fit under the cap.

mod support;

use std::sync::{Arc, Mutex};

use futures::TryStreamExt;
use paginated::{ErrorKind, Paginate, Progress};
use paginated_mock::{MockConfig, MockServer, Record, EPOCH, SPAN_SECONDS};
use serde::Deserialize;
use support::{AircallMeta, Call};

/// Aircall by page number, with the documented cap declared.
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
    let server = MockServer::start(MockConfig {
        latency: std::time::Duration::from_millis(20),
        ..MockConfig::with_records(24_000)
    });
    let client = reqwest::Client::new();
    let url = server.url("/v1/calls");
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
    assert!(calls.iter().map(|c| c.id).eq(1..=24_000));
    // Pages of a window overlap at the server, never more than eight at once.
    let in_flight = server.max_in_flight();
    assert!(
        (2..=8).contains(&in_flight),
        "{in_flight} requests in flight at most"
    );
}

fn windows_over(
    server: &MockServer,
    range: std::ops::Range<i64>,
) -> paginated::Paginator<Call, paginated::Blocking> {
    let client = reqwest::blocking::Client::new();
    let url = server.url("/v1/calls");
    CappedCallsPage::windows_blocking(range, move |window| {
        client
            .get(&url)
            .query(&[("from", window.start), ("to", window.last())])
    })
    .page_size(50)
}

#[test]
fn a_window_walk_resumes_inside_a_window_and_between_windows() {
    // 12,000 calls: the year is split into two windows under the 10,000 cap.
    let server = MockServer::start(MockConfig::with_records(12_000));
    let year = EPOCH..EPOCH + SPAN_SECONDS;
    // Cut before anything, inside a page, at a page boundary, in the second window, at the end.
    for cut in [0, 1, 4_321, 4_350, 9_999, 12_000] {
        let mut walk = windows_over(&server, year.clone());
        let head: Vec<Call> = walk.by_ref().take(cut).collect::<Result<_, _>>().unwrap();
        let saved = serde_json::to_string(&walk.checkpoint()).unwrap();
        let checkpoint: paginated::Checkpoint = serde_json::from_str(&saved).unwrap();
        assert_eq!(checkpoint.items_yielded(), cut as u64, "cut at {cut}");
        let tail: Vec<Call> = windows_over(&server, year.clone())
            .resume(checkpoint)
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            head.iter().chain(&tail).map(|c| c.id).eq(1..=12_000),
            "cut at {cut}"
        );
    }
    // A window walk's checkpoint is refused by a plain walk, and the other way round.
    let mut walk = windows_over(&server, year.clone());
    walk.by_ref().take(10).for_each(drop);
    let first = CappedCallsPage::iter(reqwest::blocking::Client::new().get(server.url("/v1/calls")))
        .resume(walk.checkpoint())
        .next();
    assert!(
        matches!(
            support::kind_of(&first),
            Some(ErrorKind::InvalidCheckpoint { .. })
        ),
        "{first:?}"
    );
    let mut plain =
        CappedCallsPage::iter(reqwest::blocking::Client::new().get(server.url("/v1/calls"))).page_size(50);
    plain.by_ref().take(10).for_each(drop);
    let first = windows_over(&server, year).resume(plain.checkpoint()).next();
    assert!(
        matches!(
            support::kind_of(&first),
            Some(ErrorKind::InvalidCheckpoint { .. })
        ),
        "{first:?}"
    );
}

#[test]
fn limits_hold_across_windows() {
    let server = MockServer::start(MockConfig::with_records(30_000));
    let calls: Vec<Call> = windows_over(&server, EPOCH..EPOCH + SPAN_SECONDS)
        .max_items(15_000)
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(calls.iter().map(|c| c.id).eq(1..=15_000));
    let requests = server.request_count();
    server.clear_requests();
    let calls: Vec<Call> = windows_over(&server, EPOCH..EPOCH + SPAN_SECONDS)
        .max_pages(7)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(server.request_count(), 7, "pages fetched, probes included");
    assert!(calls.len() < 7 * 50 && requests > 300);
}

#[test]
fn an_instant_over_the_cap_is_an_error_or_walked_as_far_as_it_reaches() {
    // Calls rounded to the day: ten per day, at one instant each day. With a cap of eight, no window
    // (however narrow) brings a day under the cap.
    let server = MockServer::start(MockConfig {
        record_cap: 8,
        timestamp_granularity: std::time::Duration::from_secs(86_400),
        ..MockConfig::with_records(3_650)
    });
    let three_days = EPOCH..EPOCH + 3 * 86_400;
    let mut walk = windows_over(&server, three_days.clone()).cap(8);
    let error = walk
        .by_ref()
        .find_map(Result::err)
        .expect("an instant over the cap is reported");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::CapExceeded {
                cap: 8,
                total: Some(10)
            }
        ),
        "{error:?}"
    );
    assert!(walk.next().is_none(), "the walk ends after its error");

    let calls: Vec<Call> = windows_over(&server, three_days)
        .cap(8)
        .detect_truncation(false)
        .collect::<Result<_, _>>()
        .unwrap();
    // What each day's instant lets a query reach: eight of its ten calls.
    assert_eq!(calls.len(), 3 * 8);
    let mut ids: Vec<u64> = calls.iter().map(|c| c.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), 24, "no call twice");
}
