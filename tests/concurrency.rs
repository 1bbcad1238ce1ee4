//! Concurrent and pipelined fetching keep the walk exact: items in order, once, with faults, rate
//! limits and stop rules.

mod support;

use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use paginate::{Paginate, RetryPolicy};
use paginate_mock::{Faults, MockConfig, MockServer, RateLimit};
use support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_offset_walk_is_exact_and_faster() {
    let server = MockServer::start(MockConfig {
        latency: Duration::from_millis(20),
        ..MockConfig::with_records(4_000)
    });
    let started = Instant::now();
    let numbers: Vec<Number> =
        OffsetPage::<Number>::stream(reqwest::Client::new().get(server.url("/v1/numbers")))
            .page_size(100)
            .concurrency(8)
            .try_collect()
            .await
            .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(
        numbers.iter().map(|n| n.id.clone()).collect::<Vec<_>>(),
        ids("num_", 6, 1..=4_000)
    );
    // 40 pages: no page fetched twice, none past the end.
    assert_eq!(server.request_count(), 40);
    // Sequentially that is 40 × 20 ms = 800 ms; 8 at a time needs ~6 round trips.
    assert!(elapsed < Duration::from_millis(600), "{elapsed:?}");
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
async fn prefetch_overlaps_the_next_request_with_the_consumer() {
    let latency = Duration::from_millis(25);
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(400)
    });
    let client = reqwest::Client::new();
    let walk = |prefetch: bool| {
        let request = client.get(server.url("/playbook/api/v1/users"));
        async move {
            let started = Instant::now();
            let mut pages = UsersPage::stream(request)
                .page_size(50)
                .prefetch(prefetch)
                .pages();
            let mut users = 0;
            while let Some(page) = pages.next().await {
                users += page.unwrap().items.len();
                tokio::time::sleep(latency).await; // the consumer's work on the page
            }
            (users, started.elapsed())
        }
    };
    let (users_off, off) = walk(false).await;
    let (users_on, on) = walk(true).await;
    assert_eq!((users_off, users_on), (400, 400));
    assert!(
        on.as_secs_f64() * 1.3 < off.as_secs_f64(),
        "prefetch on {on:?}, off {off:?}"
    );
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
fn walks_work_outside_a_tokio_runtime() {
    // futures' own executor: no runtime to spawn on, so pages are fetched in place.
    let pages: Vec<u64> = futures::executor::block_on(
        OffsetPage::<u64>::from_fn(|request: paginate::PageRequest| async move {
            let offset = request.offset().unwrap();
            Ok::<_, std::io::Error>(OffsetPage {
                data: (offset..(offset + 10).min(35)).collect(),
                has_more: offset + 10 < 35,
                total: Some(35),
            })
        })
        .page_size(10)
        .concurrency(3)
        .retry(RetryPolicy::disabled())
        .try_collect(),
    )
    .unwrap();
    assert_eq!(pages, (0..35).collect::<Vec<_>>());
}
