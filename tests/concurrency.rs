//! Concurrent and pipelined fetching, proven by the mock server's records (requests held at its gate,
//! requests in flight at once, arrival order), never by elapsed time; and exact: items in order, once,
//! with faults, rate limits and stop rules.

mod support;

use std::sync::Arc;
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use paginated::{Error, Paginate, RetryPolicy};
use paginated_mock::{Faults, MockConfig, MockServer, RateLimit};
use support::*;

/// Waits for `condition` (bounded, so a broken walk fails the test instead of hanging it).
async fn eventually(what: &str, condition: impl Fn() -> bool) {
    let waited = tokio::time::timeout(Duration::from_secs(30), async {
        while !condition() {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    })
    .await;
    assert!(waited.is_ok(), "never happened: {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_offset_walk_has_its_requests_in_flight_at_once() {
    let server = Arc::new(MockServer::start(MockConfig::with_records(4_000)));
    let mut walk = OffsetPage::<Number>::stream(reqwest::Client::new().get(server.url("/v1/numbers")))
        .page_size(100)
        .concurrency(8)
        .prefetch(false);
    // The first page gives the total; no other request is made until the walk is polled again.
    let first = walk.next().await.unwrap().unwrap();
    assert_eq!(server.request_count(), 1);
    server.pause();
    let rest = tokio::spawn(async move { walk.try_collect::<Vec<Number>>().await });
    let held = server.clone();
    eventually("eight requests waiting at the gate together", move || {
        held.held() == 8
    })
    .await;
    assert_eq!(server.held(), 8, "never more than eight at once");
    server.resume();
    let rest = rest.await.unwrap().unwrap();
    let ids_seen: Vec<String> = std::iter::once(first).chain(rest).map(|n| n.id).collect();
    assert_eq!(ids_seen, ids("num_", 6, 1..=4_000));
    assert_eq!(
        server.request_count(),
        40,
        "no page fetched twice, none past the end"
    );
    assert!(server.max_in_flight() <= 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_uses_the_first_page_size_when_none_was_asked_for() {
    // No `.page_size()` and no size in the URL: the API's default (20) is learnt from page 1.
    let server = Arc::new(MockServer::start(MockConfig::with_records(200)));
    let mut walk = OffsetPage::<Number>::stream(reqwest::Client::new().get(server.url("/v1/numbers")))
        .concurrency(4)
        .prefetch(false);
    let first = walk.next().await.unwrap().unwrap();
    server.pause();
    let rest = tokio::spawn(async move { walk.try_collect::<Vec<Number>>().await });
    let held = server.clone();
    eventually("four requests in flight", move || held.held() == 4).await;
    server.resume();
    let rest = rest.await.unwrap().unwrap();
    let ids_seen: Vec<String> = std::iter::once(first).chain(rest).map(|n| n.id).collect();
    assert_eq!(ids_seen, ids("num_", 6, 1..=200));
    assert_eq!(server.request_count(), 10);
    let offsets: Vec<String> = server
        .requests()
        .iter()
        .map(|r| r.params("offset").concat())
        .collect();
    assert!(
        offsets.contains(&"20".to_owned()) && offsets.contains(&"180".to_owned()),
        "{offsets:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_page_walk_with_faults_and_rate_limits() {
    let server = MockServer::start(MockConfig {
        faults: Faults {
            server_error_rate: 0.15,
            seed: 11,
            rate_limit: Some(RateLimit {
                every: 25,
                burst: 2,
                retry_after: "0".into(),
            }),
            drop_connection_every: Some(17),
            ..Faults::default()
        },
        ..MockConfig::with_records(2_345)
    });
    let leads: Vec<Lead> = LeadsPage::stream(reqwest::Client::new().get(server.url("/api/v1/leads")))
        .page_size(50)
        .concurrency(6)
        .retry(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_attempts(12),
        )
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        leads.iter().map(|l| l.id.clone()).collect::<Vec<_>>(),
        ids("lead_", 6, (1..=2_345).rev())
    );
    assert!(server.max_in_flight() <= 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_respects_max_items_and_short_pages() {
    let server = MockServer::start(MockConfig::with_records(1_000));
    let client = reqwest::Client::new();
    let numbers: Vec<Number> = OffsetPage::<Number>::stream(client.get(server.url("/v1/numbers")))
        .page_size(100)
        .concurrency(8)
        .max_items(250)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(numbers.len(), 250);
    assert!(
        server.request_count() <= 3,
        "no page past item 250: {}",
        server.request_count()
    );

    // The API serves at most 100 per page although 200 were asked: predictions miss, the walk is exact.
    server.clear_requests();
    let numbers: Vec<Number> = OffsetPage::<Number>::stream(client.get(server.url("/v1/numbers?limit=200")))
        .concurrency(4)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        numbers.iter().map(|n| n.id.clone()).collect::<Vec<_>>(),
        ids("num_", 6, 1..=1_000)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetch_requests_the_next_page_while_the_consumer_works() {
    let server = Arc::new(MockServer::start(MockConfig::with_records(400)));
    let mut pages = UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
        .page_size(50)
        .pages();
    let first = pages.next().await.unwrap().unwrap();
    // The consumer works on page 1 and does not poll: page 2's request arrives anyway.
    let count = server.clone();
    eventually("the request for page 2 while page 1 is in hand", move || {
        count.request_count() == 2
    })
    .await;
    assert_eq!(
        server.requests()[1].params("cursor"),
        [first.signals().cursor.clone().unwrap().as_str().unwrap()]
    );
    let rest: Vec<_> = pages.try_collect().await.unwrap();
    assert_eq!(rest.len() + 1, 8);

    // With prefetch off, the request for page 2 is made only when the consumer asks for it.
    let server = MockServer::start(MockConfig::with_records(400));
    let mut pages = UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
        .page_size(50)
        .prefetch(false)
        .pages();
    pages.next().await.unwrap().unwrap();
    assert_eq!((server.request_count(), server.in_flight()), (1, 0));
    pages.next().await.unwrap().unwrap();
    assert_eq!(server.request_count(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_prefetch_that_needs_a_new_connection_still_goes_out_while_the_consumer_works() {
    // No pooled connections: every request opens one, which takes more than the one poll the walk
    // gives a fetch when it starts it. The request still leaves while nothing polls the walk.
    let server = Arc::new(MockServer::start(MockConfig::with_records(400)));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let mut pages = UsersPage::stream(client.get(server.url("/playbook/api/v1/users")))
        .page_size(50)
        .pages();
    pages.next().await.unwrap().unwrap();
    let count = server.clone();
    eventually("the request for page 2 while page 1 is in hand", move || {
        count.request_count() == 2
    })
    .await;
    let rest: Vec<_> = pages.try_collect().await.unwrap();
    assert_eq!(rest.iter().map(|page| page.items.len()).sum::<usize>(), 350);
    assert_eq!(server.request_count(), 8);
}

/// A clock that moves only when told to: how long a consumer or a fetch takes is what the test says.
#[derive(Clone)]
struct ManualClock(Arc<std::sync::Mutex<std::time::Instant>>);

impl ManualClock {
    fn new() -> Self {
        ManualClock(Arc::new(std::sync::Mutex::new(std::time::Instant::now())))
    }

    fn advance(&self, by: Duration) {
        *self.0.lock().unwrap() += by;
    }
}

impl paginated::Timer for ManualClock {
    fn now(&self) -> std::time::Instant {
        *self.0.lock().unwrap()
    }

    fn sleep(&self, duration: Duration) -> paginated::Sleep {
        paginated::DefaultTimer.sleep(duration)
    }
}

/// Where each page's fetch finished: its offset and thread.
type FinishedOn = Arc<std::sync::Mutex<Vec<(u64, std::thread::ThreadId)>>>;

/// The offsets whose fetch finished on the test's own thread, and those that finished on a runtime
/// worker (as a task).
fn by_thread(finished: &FinishedOn) -> (Vec<u64>, Vec<u64>) {
    let consumer = std::thread::current().id();
    let (on_consumer, on_workers): (Vec<_>, Vec<_>) = finished
        .lock()
        .unwrap()
        .iter()
        .copied()
        .partition(|(_, thread)| *thread == consumer);
    let offsets = |finished: Vec<(u64, _)>| finished.into_iter().map(|(offset, _)| offset).collect();
    (offsets(on_consumer), offsets(on_workers))
}

/// A walk of 100 numbers in pages of 10 over an SDK call that waits once, then answers; a fetch polled
/// again on `consumer` (the test's thread, not a runtime worker) takes `wait` on `clock`. Records the
/// thread each page's fetch finished on.
fn numbers_on_threads(
    clock: &ManualClock,
    wait: Duration,
) -> (
    impl futures::Stream<Item = Result<paginated::Page<u64>, Error>>,
    FinishedOn,
) {
    let finished = Arc::new(std::sync::Mutex::new(Vec::new()));
    let (record, timing) = (finished.clone(), clock.clone());
    let consumer = std::thread::current().id();
    let walk = OffsetPage::<u64>::from_fn(move |request: paginated::PageRequest| {
        let (record, timing) = (record.clone(), timing.clone());
        let offset = request.offset().unwrap_or(0);
        async move {
            tokio::task::yield_now().await;
            let thread = std::thread::current().id();
            if thread == consumer {
                timing.advance(wait);
            }
            record.lock().unwrap().push((offset, thread));
            Ok::<_, std::convert::Infallible>(OffsetPage {
                data: (offset..offset + 10).collect(),
                has_more: offset + 10 < 100,
                total: Some(100),
            })
        }
    })
    .page_size(10)
    .timer(clock.clone())
    .pages();
    (walk, finished)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_that_comes_straight_back_polls_the_fetch_ahead_itself() {
    // Each fetch waits a second; the consumer takes no time over a page. Only the fetch ahead of the
    // first page, before the walk knows its consumer, becomes a task: the others finish on the
    // consumer's own thread, without a hand-over between threads.
    let clock = ManualClock::new();
    let (walk, finished) = numbers_on_threads(&clock, Duration::from_secs(1));
    let pages: Vec<_> = walk.try_collect().await.unwrap();
    assert_eq!(pages.iter().map(|page| page.items.len()).sum::<usize>(), 100);
    let (on_consumer, on_workers) = by_thread(&finished);
    assert_eq!(
        on_consumer,
        vec![0, 20, 30, 40, 50, 60, 70, 80, 90],
        "{on_workers:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_that_works_has_the_fetches_ahead_go_on_as_tasks() {
    // The consumer takes a second over each page, a fetch a millisecond: every fetch ahead goes on as
    // a task on a runtime worker while the consumer works.
    let clock = ManualClock::new();
    let (mut walk, finished) = numbers_on_threads(&clock, Duration::from_millis(1));
    let mut items = 0;
    while let Some(page) = walk.next().await {
        items += page.unwrap().items.len();
        clock.advance(Duration::from_secs(1));
    }
    assert_eq!(items, 100);
    let (on_consumer, on_workers) = by_thread(&finished);
    assert_eq!(
        on_workers,
        (1..10).map(|page| page * 10).collect::<Vec<_>>(),
        "{on_consumer:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_walk_dropped_with_a_fetch_ahead_ends_that_fetch() {
    // An SDK call for page 2 that never answers, holding a sender: once the walk is dropped, its
    // fetch ahead is dropped too (no task outlives the walk), and the channel closes.
    let (alive, watch) = std::sync::mpsc::channel::<()>();
    let mut walk = OffsetPage::<u64>::from_fn(move |request: paginated::PageRequest| {
        let alive = alive.clone();
        async move {
            if request.offset() != Some(0) {
                let _alive = alive;
                std::future::pending::<()>().await;
            }
            Ok::<_, std::convert::Infallible>(OffsetPage {
                data: (0..10).collect(),
                has_more: true,
                total: Some(100),
            })
        }
    })
    .page_size(10);
    assert_eq!(walk.next().await.unwrap().unwrap(), 0);
    drop(walk);
    eventually("the fetch of page 2 dropped with the walk", move || {
        matches!(watch.try_recv(), Err(std::sync::mpsc::TryRecvError::Disconnected))
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checkpoints_are_exact_with_prefetch_and_concurrency() {
    let server = MockServer::start(MockConfig::with_records(777));
    let client = reqwest::Client::new();
    let mut walk = OffsetPage::<Number>::stream(client.get(server.url("/v1/numbers")))
        .page_size(50)
        .concurrency(5);
    let head: Vec<Number> = (&mut walk).take(321).try_collect().await.unwrap();
    let tail: Vec<Number> = OffsetPage::<Number>::stream(client.get(server.url("/v1/numbers")))
        .page_size(50)
        .concurrency(5)
        .resume(walk.checkpoint())
        .try_collect()
        .await
        .unwrap();
    let all: Vec<String> = head.iter().chain(&tail).map(|n| n.id.clone()).collect();
    assert_eq!(all, ids("num_", 6, 1..=777));
}

#[test]
fn walks_with_retries_run_outside_a_tokio_runtime() {
    // futures' own executor: no tokio runtime, so backoff sleeps on the portable timer.
    let failed_once = Arc::new(std::sync::Mutex::new(std::collections::HashSet::new()));
    let timer = RecordingTimer::default();
    let pages: Vec<u64> = futures::executor::block_on(
        OffsetPage::<u64>::from_fn(move |request: paginated::PageRequest| {
            let offset = request.offset().unwrap();
            // Every page fails once before it is served.
            let first_attempt = failed_once.lock().unwrap().insert(offset);
            async move {
                if first_attempt {
                    return Err(Error::status(503, "busy", Some(Duration::from_millis(2))));
                }
                Ok(OffsetPage {
                    data: (offset..(offset + 10).min(35)).collect(),
                    has_more: offset + 10 < 35,
                    total: Some(35),
                })
            }
        })
        .page_size(10)
        .concurrency(3)
        .timer(timer.clone())
        .try_collect(),
    )
    .unwrap();
    assert_eq!(pages, (0..35).collect::<Vec<_>>());
    assert!(timer
        .waits_under(Duration::from_secs(1))
        .iter()
        .all(|wait| *wait >= Duration::from_millis(2)));
    assert!(
        !timer.waits_under(Duration::from_secs(1)).is_empty(),
        "retries waited"
    );
}
