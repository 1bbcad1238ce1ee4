//! The performance comparison: paginated's walks against what users write otherwise, each ratio measured
//! in this one run and checked against its target. The process exits non-zero when a target is missed.
//!
//! Run: `cargo run --release --example compare` (about three minutes on 2 cores, most of it the
//! compile-time measurement, which builds two crates from scratch three times each; `--skip-compile`
//! leaves it out, `--quick` takes fewer samples).
//!
//! The peers, all in this file:
//! - **hand loop**: the loop an API's documentation shows (request, decode, read the items, follow the
//!   cursor), written with reqwest, or the loop around an SDK call;
//! - **`try_unfold`**: the same as a `futures::stream::try_unfold` stream, flattened into items;
//! - **`buffered(8)`**: after the first page gives the total, the other pages' requests through
//!   `futures::StreamExt::buffered(8)`: the best a hand-written concurrent walk does;
//! - **page-turner**: the page-turner crate's `PageTurner::pages(..).items()`.
//!
//! Beside the targets, lines marked `(info)` measure floors no design of the kind can go under: the
//! hand loop and `try_unfold` reaching their pages through a pointer (boxing each future, for async),
//! which is the least any engine over an arbitrary transport costs; and a clean build whose added CPU
//! time is spread over every core.
//!
//! Every ratio is the median of at least seven samples taken alternately (the order rotates every
//! sample, so no side always runs on a warmer machine), after a warm-up; the spread is the smallest
//! and largest sample ratio. Against two peers (the HTTP walk against the hand loop and
//! `try_unfold`), each round times all three, and the ratio reported is the one against the peer the
//! walk compares worse with. Every side does the same work per item: over HTTP each reads every item
//! as it arrives, none collects them.

use std::process::Command;
use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use paginated::{PageRequest, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

#[derive(Deserialize)]
struct User {
    id: String,
}

#[derive(Deserialize, Paginate)]
#[paginate(
    cursor = "pagination.next_cursor",
    has_more = "pagination.has_more",
    max_page_size = 100
)]
struct UsersPage {
    data: Vec<User>,
    pagination: Pagination,
}

#[derive(Deserialize)]
struct Pagination {
    next_cursor: Option<String>,
    has_more: bool,
}

#[derive(Deserialize, Paginate)]
#[paginate(offset, has_more = "has_more", total = "total", max_page_size = 100)]
struct NumbersPage {
    data: Vec<Number>,
    #[serde(rename = "hasMore")]
    has_more: bool,
    total: u64,
}

#[derive(Deserialize)]
struct Number {
    id: String,
}

/// A tiny item, as an SDK over a cache or a local store hands it out.
#[derive(Clone)]
struct Tiny {
    id: u64,
    name: &'static str,
}

/// A page of tiny items from memory.
#[derive(Paginate)]
#[paginate(offset, total = "total")]
struct TinyPage {
    data: Vec<Tiny>,
    total: u64,
}

const NAMES: [&str; 4] = ["ada", "grace", "edsger", "barbara"];

/// The work per item: read its fields.
fn work(item: &Tiny) -> u64 {
    item.id + item.name.len() as u64
}

/// An in-memory store serving pages (each a copy of a slice, as a cache would).
struct Store {
    items: Vec<Tiny>,
}

impl Store {
    fn new(count: u64) -> Self {
        let items = (0..count)
            .map(|id| Tiny {
                id,
                name: NAMES[(id % 4) as usize],
            })
            .collect();
        Store { items }
    }

    fn page(&self, offset: u64, size: u64) -> TinyPage {
        let start = (offset as usize).min(self.items.len());
        let end = (start + size as usize).min(self.items.len());
        TinyPage {
            data: self.items[start..end].to_vec(),
            total: self.items.len() as u64,
        }
    }
}

/// One line of the report.
struct Line {
    name: String,
    ratio: f64,
    spread: (f64, f64),
    target: String,
    ok: bool,
    note: String,
}

struct Report {
    lines: Vec<Line>,
}

impl Report {
    fn check(&mut self, name: &str, samples: &[f64], target: Target, note: String) {
        let ratio = median(samples);
        let spread = (
            samples.iter().copied().fold(f64::INFINITY, f64::min),
            samples.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        );
        let (ok, target) = match target {
            Target::AtMost(limit) => (ratio <= limit, format!("<= {limit}")),
            Target::AtLeast(limit) => (ratio >= limit, format!(">= {limit}")),
            Target::Reported => (true, "(info)".to_owned()),
        };
        println!(
            "{:<62} {:>7.3} [{:.3}, {:.3}] {:>8} {}{}",
            name,
            ratio,
            spread.0,
            spread.1,
            target,
            if ok { "ok" } else { "MISSED" },
            if note.is_empty() {
                String::new()
            } else {
                format!("  {note}")
            }
        );
        self.lines.push(Line {
            name: name.to_owned(),
            ratio,
            spread,
            target,
            ok,
            note,
        });
    }

    fn missed(&self) -> Vec<&Line> {
        self.lines.iter().filter(|line| !line.ok).collect()
    }
}

#[derive(Clone, Copy)]
enum Target {
    AtMost(f64),
    AtLeast(f64),
    Reported,
}

fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

/// Times `a` and `b` alternately, `samples` times each after `warmup` rounds, and returns the paired
/// ratios a/b. Both must return the same checksum (the same items seen).
fn alternate(
    warmup: usize,
    samples: usize,
    mut a: impl FnMut() -> u64,
    mut b: impl FnMut() -> u64,
) -> Vec<f64> {
    rounds(warmup, samples, &mut [&mut a, &mut b])
        .iter()
        .map(|times| times[0] / times[1])
        .collect()
}

/// Times every side once per round, `samples` rounds after `warmup` ones, the order rotating every
/// round (so no side always runs on a warmer machine); returns each round's times, in side order.
/// Every side must return the same checksum (the same items seen).
fn rounds(warmup: usize, samples: usize, sides: &mut [&mut dyn FnMut() -> u64]) -> Vec<Vec<f64>> {
    let mut round = |rotation: usize| {
        let mut times = vec![0.0; sides.len()];
        let mut checksums = vec![0; sides.len()];
        for step in 0..sides.len() {
            let side = (step + rotation) % sides.len();
            let started = Instant::now();
            checksums[side] = (sides[side])();
            times[side] = started.elapsed().as_secs_f64();
        }
        assert!(
            checksums.windows(2).all(|pair| pair[0] == pair[1]),
            "every side must see the same items"
        );
        times
    };
    for rotation in 0..warmup {
        round(rotation);
    }
    (0..samples).map(round).collect()
}

struct Settings {
    samples: usize,
    quick: bool,
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(position) = args.iter().position(|arg| arg == "--rss-child") {
        return rss_child(&args[position + 1], args[position + 2].parse().expect("pages"));
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    let settings = Settings {
        samples: if quick { 7 } else { 11 },
        quick,
    };
    println!(
        "paginated performance comparison: {} cores, ratios are medians of {} alternating samples [min, max]",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        settings.samples
    );
    println!(
        "{:<62} {:>7} {:>16} {:>8}",
        "measurement", "ratio", "spread", "target"
    );
    let mut report = Report { lines: Vec::new() };
    in_memory(&settings, &mut report);
    http_cursor(&settings, &mut report);
    concurrent(&settings, &mut report);
    prefetch(&settings, &mut report);
    memory(&settings, &mut report);
    if !args.iter().any(|arg| arg == "--skip-compile") {
        compile_time(&mut report);
    }
    let missed = report.missed();
    if !missed.is_empty() {
        println!("\n{} target(s) missed:", missed.len());
        for line in missed {
            println!(
                "  {}: {:.3} [{:.3}, {:.3}], target {} {}",
                line.name, line.ratio, line.spread.0, line.spread.1, line.target, line.note
            );
        }
        std::process::exit(1);
    }
}

fn multi_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

/// Measurement 1: The engine's own cost: in-memory pages (an SDK over a cache), so nothing else is measured.
fn in_memory(settings: &Settings, report: &mut Report) {
    for (size, target) in [(10u64, 1.10), (1_000, 1.02)] {
        let store = std::sync::Arc::new(Store::new(if settings.quick { 100_000 } else { 400_000 }));
        let runtime = multi_thread_runtime();
        let walk = {
            let store = store.clone();
            let runtime = &runtime;
            move || {
                let store = store.clone();
                runtime.block_on(async move {
                    TinyPage::from_fn(move |request: PageRequest| {
                        let page = store.page(request.offset().unwrap_or(0), size);
                        async move { Ok::<_, std::convert::Infallible>(page) }
                    })
                    .page_size(size)
                    .try_fold(0u64, |sum, item| async move { Ok(sum + work(&item)) })
                    .await
                    .expect("in-memory walk")
                })
            }
        };
        let mut unfold = || unfold_sum(&runtime, size, store_pages(&store, size));
        let samples = alternate(2, settings.samples, walk, &mut unfold);
        report.check(
            &format!("1. in-memory async walk / try_unfold, pages of {size}"),
            &samples,
            Target::AtMost(target),
            String::new(),
        );
        if size == 10 {
            // What type erasure alone costs: an engine over any async transport calls it through a
            // pointer and boxes its future.
            let samples = alternate(
                2,
                settings.samples,
                || unfold_sum(&runtime, size, boxed_pages(&store, size)),
                &mut unfold,
            );
            report.check(
                "1. the same, try_unfold over a boxed page future / try_unfold",
                &samples,
                Target::Reported,
                "the least a type-erased transport costs".to_owned(),
            );
        }
    }
    let store = std::sync::Arc::new(Store::new(if settings.quick { 100_000 } else { 400_000 }));
    let blocking = {
        let store = store.clone();
        move || {
            let store = store.clone();
            let mut sum = 0u64;
            let walk = TinyPage::from_fn_blocking(move |request: PageRequest| {
                Ok::<_, std::convert::Infallible>(store.page(request.offset().unwrap_or(0), 10))
            })
            .page_size(10);
            for item in walk {
                sum += work(&item.expect("blocking walk"));
            }
            sum
        }
    };
    let mut hand = || hand_sum(|offset| store.page(offset, 10));
    let samples = alternate(2, settings.samples, blocking, &mut hand);
    report.check(
        "1. in-memory blocking `for` loop / hand loop, pages of 10",
        &samples,
        Target::AtMost(1.10),
        String::new(),
    );
    // What type erasure alone costs: the same loop calling the page function through a pointer.
    let erased: &dyn Fn(u64) -> TinyPage = &|offset| store.page(offset, 10);
    let samples = alternate(
        2,
        settings.samples,
        || hand_sum(std::hint::black_box(erased)),
        &mut hand,
    );
    report.check(
        "1. the same, hand loop through a type-erased page function / hand loop",
        &samples,
        Target::Reported,
        "the least a type-erased transport costs".to_owned(),
    );
}

/// The blocking hand loop of measurement 1: pages of 10 from `page`, until a short or the last one.
fn hand_sum(page: impl Fn(u64) -> TinyPage) -> u64 {
    let mut sum = 0u64;
    let mut offset = 0;
    loop {
        let page = page(offset);
        let received = page.data.len() as u64;
        for item in &page.data {
            sum += work(item);
        }
        offset += received;
        if received < 10 || offset >= page.total {
            return sum;
        }
    }
}

/// A page future behind a pointer, as an engine over any async transport holds it.
type BoxedPage =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<TinyPage, std::convert::Infallible>> + Send>>;

/// The pages of measurement 1 straight from the store, as the `try_unfold` peer reads them.
fn store_pages(
    store: &std::sync::Arc<Store>,
    size: u64,
) -> impl Fn(u64) -> std::future::Ready<Result<TinyPage, std::convert::Infallible>> + Clone + Send + 'static {
    let store = store.clone();
    move |offset| std::future::ready(Ok(store.page(offset, size)))
}

/// The same pages through a type-erased page function that boxes its futures.
fn boxed_pages(
    store: &std::sync::Arc<Store>,
    size: u64,
) -> impl Fn(u64) -> BoxedPage + Clone + Send + 'static {
    let store = store.clone();
    let fetch: std::sync::Arc<dyn Fn(u64) -> BoxedPage + Send + Sync> = std::sync::Arc::new(move |offset| {
        let page = store.page(offset, size);
        Box::pin(async move { Ok(page) })
    });
    move |offset| fetch(offset)
}

/// The `try_unfold` peer of measurement 1: an offset walk over `pages`, flattened into items.
fn unfold_sum<F, Fut>(runtime: &tokio::runtime::Runtime, size: u64, pages: F) -> u64
where
    F: Fn(u64) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<TinyPage, std::convert::Infallible>> + Send,
{
    runtime.block_on(async move {
        futures::stream::try_unfold(Some(0u64), move |offset| {
            let pages = pages.clone();
            async move {
                let Some(offset) = offset else {
                    return Ok::<_, std::convert::Infallible>(None);
                };
                let page = pages(offset).await?;
                let received = page.data.len() as u64;
                let next = offset + received;
                let more = received == size && next < page.total;
                let items =
                    futures::stream::iter(page.data.into_iter().map(Ok::<_, std::convert::Infallible>));
                Ok(Some((items, more.then_some(next))))
            }
        })
        .try_flatten()
        .try_fold(0u64, |sum, item| async move {
            Ok::<_, std::convert::Infallible>(sum + work(&item))
        })
        .await
        .expect("try_unfold")
    })
}

/// Airclou's documented loop, in Rust: request, decode, append, follow `next_cursor`.
async fn hand_loop(client: &reqwest::Client, url: &str) -> u64 {
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    loop {
        let mut request = client.get(url).query(&[("limit", "100")]);
        if let Some(cursor) = &cursor {
            request = request.query(&[("cursor", cursor)]);
        }
        let body = request.send().await.expect("send").bytes().await.expect("body");
        let page: UsersPage = serde_json::from_slice(&body).expect("decode");
        seen += checksum(page.data.iter().map(|user| &user.id));
        cursor = page.pagination.next_cursor;
        if !page.pagination.has_more || cursor.is_none() {
            return seen;
        }
    }
}

/// The same loop as a `try_unfold` stream of items.
fn unfold_stream(
    client: reqwest::Client,
    url: String,
) -> impl futures::Stream<Item = Result<User, reqwest::Error>> {
    futures::stream::try_unfold(Some(None::<String>), move |cursor| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let Some(cursor) = cursor else {
                return Ok(None);
            };
            let mut request = client.get(&url).query(&[("limit", "100")]);
            if let Some(cursor) = &cursor {
                request = request.query(&[("cursor", cursor)]);
            }
            let body = request.send().await?.bytes().await?;
            let page: UsersPage = serde_json::from_slice(&body).expect("decode");
            let next = page
                .pagination
                .next_cursor
                .filter(|_| page.pagination.has_more)
                .map(Some);
            Ok(Some((futures::stream::iter(page.data.into_iter().map(Ok)), next)))
        }
    })
    .try_flatten()
}

/// The page-turner crate's walk of the same API.
struct Airclou {
    client: reqwest::Client,
    url: String,
}

#[derive(Clone)]
struct UsersRequest {
    cursor: Option<String>,
}

impl page_turner::PageTurner<UsersRequest> for Airclou {
    type PageItems = Vec<User>;
    type PageError = reqwest::Error;

    async fn turn_page(&self, request: UsersRequest) -> page_turner::TurnedPageResult<Self, UsersRequest> {
        let mut call = self.client.get(&self.url).query(&[("limit", "100")]);
        if let Some(cursor) = &request.cursor {
            call = call.query(&[("cursor", cursor)]);
        }
        let body = call.send().await?.bytes().await?;
        let page: UsersPage = serde_json::from_slice(&body).expect("decode");
        Ok(
            match page.pagination.next_cursor.filter(|_| page.pagination.has_more) {
                Some(cursor) => {
                    page_turner::TurnedPage::next(page.data, UsersRequest { cursor: Some(cursor) })
                }
                None => page_turner::TurnedPage::last(page.data),
            },
        )
    }
}

/// Counts items, reading every id (so every side decodes and touches the same data).
fn checksum<'a>(ids: impl Iterator<Item = &'a String>) -> u64 {
    ids.map(|id| id.len() as u64).sum()
}

/// A stream consumer's share of [`checksum`]: the sum so far plus this user's.
async fn read_user<E>(seen: u64, user: User) -> Result<u64, E> {
    Ok(seen + checksum(std::iter::once(&user.id)))
}

/// Measurement 2: A sequential cursor walk over HTTP (Airclou, pages of 100, no added latency).
fn http_cursor(settings: &Settings, report: &mut Report) {
    use page_turner::prelude::*;
    // 600 pages a sample: on 2 cores, a walk of 200 pages varied by a tenth from one sample to the
    // next (the loopback and the scheduler), more than the difference measured.
    let server = MockServer::start(MockConfig::with_records(if settings.quick {
        5_000
    } else {
        60_000
    }));
    let url = server.url("/playbook/api/v1/users");
    let runtime = multi_thread_runtime();
    let client = reqwest::Client::new();
    // Every side reads each item as it arrives, as the hand loop does: none collects the items.
    let walk = || {
        runtime.block_on(async {
            UsersPage::stream(client.get(&url))
                .page_size(100)
                .try_fold(0, read_user)
                .await
                .expect("walk")
        })
    };
    let hand = || runtime.block_on(hand_loop(&client, &url));
    let unfold = || {
        runtime.block_on(async {
            unfold_stream(client.clone(), url.clone())
                .try_fold(0, read_user)
                .await
                .expect("try_unfold")
        })
    };
    let turner = Airclou {
        client: client.clone(),
        url: url.clone(),
    };
    let pages = || {
        runtime.block_on(async {
            turner
                .pages(UsersRequest { cursor: None })
                .items()
                .try_fold(0, read_user)
                .await
                .expect("page-turner")
        })
    };
    // One round times all three; each peer's ratios share the walk's samples, and the best peer is
    // the one the walk compares worse against.
    let times = rounds(
        2,
        settings.samples,
        &mut [&mut { walk }, &mut { hand }, &mut { unfold }],
    );
    let against = |peer: usize| -> Vec<f64> { times.iter().map(|round| round[0] / round[peer]).collect() };
    let (against_hand, against_unfold) = (against(1), against(2));
    let (best, peer) = if median(&against_hand) >= median(&against_unfold) {
        (against_hand, "hand loop")
    } else {
        (against_unfold, "try_unfold")
    };
    report.check(
        "2. HTTP cursor walk / best of hand loop and try_unfold",
        &best,
        Target::AtMost(1.02),
        format!("best peer: {peer}"),
    );
    let against_turner = alternate(1, settings.samples, walk, pages);
    report.check(
        "2. HTTP cursor walk / page-turner",
        &against_turner,
        Target::Reported,
        String::new(),
    );
}

/// Measurement 3: 400 pages at 20 ms, eight at a time.
fn concurrent(settings: &Settings, report: &mut Report) {
    let pages: u64 = if settings.quick { 160 } else { 400 };
    let latency = Duration::from_millis(20);
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(pages * 100)
    });
    let url = server.url("/v1/numbers");
    let runtime = multi_thread_runtime();
    let client = reqwest::Client::new();
    let walk = || {
        runtime.block_on(async {
            server.clear_requests();
            let numbers: Vec<Number> = NumbersPage::stream(client.get(&url))
                .page_size(100)
                .concurrency(8)
                .try_collect()
                .await
                .expect("walk");
            assert_eq!(
                server.request_count() as u64,
                pages,
                "never more requests than pages"
            );
            checksum(numbers.iter().map(|number| &number.id))
        })
    };
    let fetch = |offset: u64| {
        let request = client.get(&url).query(&[("limit", 100), ("offset", offset)]);
        async move {
            let body = request.send().await.expect("send").bytes().await.expect("body");
            serde_json::from_slice::<NumbersPage>(&body).expect("decode")
        }
    };
    let buffered = || {
        runtime.block_on(async {
            let first = fetch(0).await;
            let rest: Vec<NumbersPage> = futures::stream::iter((100..first.total).step_by(100))
                .map(fetch)
                .buffered(8)
                .collect()
                .await;
            let mut seen = checksum(first.data.iter().map(|number| &number.id));
            for page in &rest {
                seen += checksum(page.data.iter().map(|number| &number.id));
            }
            seen
        })
    };
    let samples = alternate(1, settings.samples.min(7), walk, buffered);
    report.check(
        &format!("3. {pages} pages at 20 ms, concurrency 8 / buffered(8)"),
        &samples,
        Target::AtMost(1.02),
        String::new(),
    );
    // The physical limit: every page one round trip, eight at a time.
    let round_trip = {
        let times: Vec<f64> = (0..7)
            .map(|_| {
                let started = Instant::now();
                runtime.block_on(fetch(0));
                started.elapsed().as_secs_f64()
            })
            .collect();
        median(&times)
    };
    let limit = (pages as f64 / 8.0).ceil() * round_trip;
    let times: Vec<f64> = (0..settings.samples.min(7))
        .map(|_| {
            let started = Instant::now();
            walk();
            started.elapsed().as_secs_f64() / limit
        })
        .collect();
    report.check(
        "3. the same walk / ceil(pages / 8) x round trip",
        &times,
        Target::AtMost(1.15),
        format!("limit {:.3} s (round trip {:.1} ms)", limit, round_trip * 1e3),
    );
}

/// Measurement 4: A consumer that works as long as a round trip on each page: prefetch overlaps them.
fn prefetch(settings: &Settings, report: &mut Report) {
    let pages: u64 = if settings.quick { 20 } else { 40 };
    let latency = Duration::from_millis(20);
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(pages * 100)
    });
    let url = server.url("/playbook/api/v1/users");
    let runtime = multi_thread_runtime();
    let client = reqwest::Client::new();
    let walk = || {
        runtime.block_on(async {
            let mut pages = UsersPage::stream(client.get(&url)).page_size(100).pages();
            let mut seen = 0;
            while let Some(page) = pages.next().await {
                seen += checksum(page.expect("page").items.iter().map(|user| &user.id));
                tokio::time::sleep(latency).await; // the consumer's work on the page
            }
            seen
        })
    };
    let unfold = || {
        runtime.block_on(async {
            let mut pages = std::pin::pin!(unfold_stream(client.clone(), url.clone()).chunks(100));
            let mut seen = 0;
            while let Some(page) = pages.next().await {
                let users: Vec<User> = page.into_iter().collect::<Result<_, _>>().expect("page");
                seen += checksum(users.iter().map(|user| &user.id));
                tokio::time::sleep(latency).await;
            }
            seen
        })
    };
    // The ratio is the peer's time over the walk's: how much faster the walk is.
    let samples: Vec<f64> = alternate(1, settings.samples.min(7), walk, unfold)
        .into_iter()
        .map(|ratio| 1.0 / ratio)
        .collect();
    report.check(
        "4. consumer work = round trip: try_unfold time / walk time",
        &samples,
        Target::AtLeast(1.85),
        String::new(),
    );
}

/// Measurement 5: Memory of a long cursor walk over HTTP: the guards keep fixed-size fingerprints, so peak memory
/// and the checkpoint do not grow with the number of pages. Each walk runs in a fresh process against
/// this process's server, so the server's records do not count.
fn memory(settings: &Settings, report: &mut Report) {
    let long: u64 = if settings.quick { 20_000 } else { 100_000 };
    let server = MockServer::start(MockConfig::with_records(long));
    let url = server.url("/playbook/api/v1/users");
    let measure = |pages: u64| -> Option<(f64, f64)> {
        let output = Command::new(std::env::current_exe().ok()?)
            .args(["--rss-child", &url, &pages.to_string()])
            .output()
            .ok()?;
        let text = String::from_utf8(output.stdout).ok()?;
        let mut numbers = text
            .split_whitespace()
            .filter_map(|word| word.parse::<f64>().ok());
        Some((numbers.next()?, numbers.next()?))
    };
    match (measure(1_000), measure(long)) {
        (Some((short_kib, short_checkpoint)), Some((long_kib, long_checkpoint))) => {
            let growth = (long_kib - short_kib) / 1024.0;
            let note = format!(
                "peak RSS {:.1} MiB at 1,000 pages, {:.1} MiB at {long} pages; checkpoint {short_checkpoint} B and {long_checkpoint} B",
                short_kib / 1024.0,
                long_kib / 1024.0
            );
            report.check(
                &format!("5. peak RSS growth from 1,000 to {long} cursor pages (MiB)"),
                &[growth],
                Target::AtMost(1.0),
                note,
            );
            report.check(
                "5. checkpoint size at the end / at 1,000 pages",
                &[long_checkpoint / short_checkpoint],
                Target::AtMost(1.02),
                String::new(),
            );
        }
        _ => println!("5. peak RSS: not measurable here (/proc unavailable)"),
    }
}

/// A walk of `pages` pages of one user each, in this fresh process: prints its peak resident set (KiB)
/// and the size of its final checkpoint (bytes).
fn rss_child(url: &str, pages: u64) {
    let client = reqwest::blocking::Client::new();
    let mut walk = UsersPage::iter(client.get(url)).page_size(1).max_pages(pages);
    let mut seen = 0usize;
    for user in walk.by_ref() {
        user.expect("walk");
        seen += 1;
    }
    assert_eq!(seen as u64, pages);
    let checkpoint = serde_json::to_string(&walk.checkpoint()).expect("checkpoint");
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("{peak} {}", checkpoint.len());
}

/// Measurement 6: Clean builds of two equivalent crates (serde, reqwest, tokio and 100 envelopes), one deriving
/// `Paginate` too; three builds each, alternately, each from an empty target directory.
fn compile_time(report: &mut Report) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = root.join("target").join("compare-compile");
    let write = |name: &str, derived: bool| -> std::io::Result<std::path::PathBuf> {
        let dir = base.join(name);
        std::fs::create_dir_all(dir.join("src"))?;
        let paginated = if derived {
            format!("paginated = {{ path = {:?} }}\n", root.display().to_string())
        } else {
            String::new()
        };
        // Built as a crates.io dependency is (like serde, reqwest and tokio on both sides): cargo
        // compiles a path dependency incrementally, a registry one not.
        let profile = if derived {
            ["paginated", "paginated-core", "paginated-derive"]
                .map(|package| format!("\n[profile.dev.package.{package}]\nincremental = false\n"))
                .concat()
        } else {
            String::new()
        };
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"compile-{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n\n\
                 [dependencies]\n{paginated}serde = {{ version = \"1\", features = [\"derive\"] }}\n\
                 serde_json = \"1\"\nreqwest = {{ version = \"0.13\", default-features = false, features = [\"json\"] }}\n\
                 tokio = {{ version = \"1\", features = [\"rt\", \"macros\", \"time\"] }}\n{profile}"
            ),
        )?;
        let mut source = String::from("#![allow(dead_code)]\nuse serde::Deserialize;\n");
        for i in 0..100 {
            let (derive, attribute) = if derived {
                (
                    "Deserialize, paginated::Paginate",
                    "#[paginate(cursor = \"pagination.next_cursor\", has_more = \"pagination.has_more\", total = \"pagination.total\")]\n",
                )
            } else {
                ("Deserialize", "")
            };
            source += &format!(
                "#[derive(Deserialize)] pub struct Item{i} {{ pub id: u64, pub name: String }}\n\
                 #[derive(Deserialize)] pub struct Pagination{i} {{ pub next_cursor: Option<String>, pub has_more: bool, pub total: u64 }}\n\
                 #[derive({derive})]\n{attribute}pub struct Page{i} {{ pub data: Vec<Item{i}>, pub pagination: Pagination{i} }}\n"
            );
        }
        std::fs::write(dir.join("src/lib.rs"), source)?;
        Ok(dir)
    };
    let (Ok(serde_only), Ok(derived)) = (write("serde", false), write("derive", true)) else {
        return println!("6. compile time: not measured (cannot write the crates)");
    };
    // A build's wall time and, where the system reports it, the CPU time of all its processes.
    let build = |dir: &std::path::Path| -> Option<(f64, Option<f64>)> {
        let target = dir.join("target");
        let _ = std::fs::remove_dir_all(&target);
        let cpu_before = children_cpu();
        let started = Instant::now();
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--offline", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .ok()?;
        let wall = started.elapsed().as_secs_f64();
        let cpu = children_cpu()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        status.success().then_some((wall, cpu))
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as f64;
    let mut ratios = Vec::new();
    let mut floors = Vec::new();
    let mut times = (Vec::new(), Vec::new());
    for run in 0..3 {
        let (with, without) = if run % 2 == 0 {
            let with = build(&derived);
            (with, build(&serde_only))
        } else {
            let without = build(&serde_only);
            (build(&derived), without)
        };
        let (Some((with, cpu_with)), Some((without, cpu_without))) = (with, without) else {
            return println!("6. compile time: not measured (a build failed)");
        };
        ratios.push(with / without);
        times.0.push(without);
        times.1.push(with);
        // What the build with the derive would take were the CPU time it adds spread evenly over every
        // core: about the least it can take, as that work comes before the crate's own compile.
        if let (Some(cpu_with), Some(cpu_without)) = (cpu_with, cpu_without) {
            floors.push((without + (cpu_with - cpu_without) / cores) / without);
        }
    }
    report.check(
        "6. clean build, serde + reqwest + tokio, 100 envelopes: with / without derive",
        &ratios,
        Target::AtMost(1.10),
        format!(
            "{:.1} s without, {:.1} s with (medians)",
            median(&times.0),
            median(&times.1)
        ),
    );
    if floors.len() == ratios.len() {
        report.check(
            "6. the same, the derive's added CPU time spread over every core",
            &floors,
            Target::Reported,
            format!("{cores} cores: about the physical limit"),
        );
    }
}

/// The CPU time (user and system, in seconds) of this process's finished children and theirs: from
/// `/proc/self/stat`, which counts it in clock ticks (a hundredth of a second on Linux); `None` where
/// there is no such file.
fn children_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses; the children's user and system
    // times are the 16th and 17th fields of the line.
    let fields: Vec<&str> = stat.rsplit_once(") ")?.1.split_whitespace().collect();
    let ticks = |index: usize| fields.get(index)?.parse::<f64>().ok();
    Some((ticks(13)? + ticks(14)?) / 100.0)
}
