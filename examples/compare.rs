//! The performance comparison: the walk against the loop a user would write by hand, on the embedded
//! mock server, each ratio measured in this one run and printed against its target.
//!
//! Run: `cargo run --release --example compare` (about a minute; `--quick` for a smaller run).

use std::process::Command;
use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use paginate::{PageRequest, Paginate};
use paginate_mock::{MockConfig, MockServer};
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

/// An in-memory page of 1,000 decoded records, for engine overhead.
#[derive(Paginate)]
#[paginate(offset, total = "total")]
struct MemoryPage {
    data: Vec<Record>,
    total: u64,
}

struct Record {
    id: u64,
    name: Name,
}

enum Name {
    Owned(String),
    Static(&'static str),
}

impl Name {
    fn len(&self) -> usize {
        match self {
            Name::Owned(name) => name.len(),
            Name::Static(name) => name.len(),
        }
    }
}

const NAMES: [&str; 4] = ["ada", "grace", "edsger", "barbara"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|arg| arg == "--rss-child") {
        return rss_child();
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    if let Some(position) = args.iter().position(|arg| arg == "--cursor-only") {
        let latency: u64 = args.get(position + 1).and_then(|n| n.parse().ok()).unwrap_or(0);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (walk, hand) = runtime.block_on(cursor_walk_vs_hand_loop(20_000, Duration::from_millis(latency)));
        return println!(
            "latency {latency} ms: walk {walk:.4} s, hand {hand:.4} s, ratio {:.3}",
            walk / hand
        );
    }
    if args.iter().any(|arg| arg == "--engine-only") {
        let (walk, hand) = engine_overhead(200, true);
        let (trivial_walk, trivial_hand) = engine_overhead(200, false);
        return println!("{} {}", walk / hand, trivial_walk / trivial_hand);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    println!(
        "paginate performance comparison ({} cores)",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!("{:<72} {:>10} {:>10}", "measurement", "ratio", "target");
    let mut failed = false;
    let mut report = |name: &str, ratio: f64, target: &str, ok: bool| {
        failed |= !ok;
        println!(
            "{name:<72} {ratio:>10.3} {target:>10} {}",
            if ok { "ok" } else { "MISSED" }
        );
    };

    let (walk, hand) = runtime.block_on(cursor_walk_vs_hand_loop(
        if quick { 5_000 } else { 20_000 },
        Duration::ZERO,
    ));
    report(
        "1. cursor walk time / hand-written reqwest loop time (seed 002)",
        walk / hand,
        "<= 1.05",
        walk / hand <= 1.05,
    );

    let pages = if quick { 100 } else { 400 };
    let (walk, hand) = runtime.block_on(concurrent_offset_vs_hand_loop(pages));
    report(
        &format!("2. {pages}-page offset walk at 20 ms: hand loop time / concurrency 8 time"),
        hand / walk,
        ">= 6",
        hand / walk >= 6.0,
    );

    let (on, off) = runtime.block_on(prefetch_on_vs_off(if quick { 20 } else { 50 }));
    report(
        "3. cursor walk, consumer work = latency: prefetch off / prefetch on",
        off / on,
        ">= 1.7",
        off / on >= 1.7,
    );

    // In a fresh process, so the heap left by the HTTP measurements favours neither side.
    match in_child("--engine-only") {
        Some(line) => {
            let ratios: Vec<f64> = line
                .split_whitespace()
                .filter_map(|word| word.parse().ok())
                .collect();
            let (owned, trivial) = (ratios[0], ratios[1]);
            report(
                "4. in-memory walk time / hand loop over the same SDK call (decoded records)",
                owned,
                "<= 1.05",
                owned <= 1.05,
            );
            println!(
                "{:<72} {:>10.3} {:>10}",
                "   same with trivial records (no heap data: the per-page cost shows)", trivial, "(info)"
            );
        }
        None => report(
            "4. engine overhead: child process failed",
            f64::NAN,
            "<= 1.05",
            false,
        ),
    }

    match peak_rss() {
        Some((kib, items)) => println!(
            "5. peak RSS walking {items} items (1 KiB each, pages of 1,000): {:.1} MiB",
            kib as f64 / 1024.0
        ),
        None => println!("5. peak RSS: not measurable here (/proc unavailable)"),
    }

    match compile_times() {
        Ok((serde_only, derived)) => println!(
            "6. compile time, 100 envelopes: serde only {serde_only:.2} s, serde + Paginate {derived:.2} s (ratio {:.2})",
            derived / serde_only
        ),
        Err(error) => println!("6. compile time: not measured ({error})"),
    }
    if failed {
        std::process::exit(1);
    }
}

/// Median of `runs` alternating timings of `a` and `b`, in seconds.
async fn alternate<A, B, FA, FB>(runs: usize, mut a: A, mut b: B) -> (f64, f64)
where
    A: FnMut() -> FA,
    B: FnMut() -> FB,
    FA: std::future::Future<Output = usize>,
    FB: std::future::Future<Output = usize>,
{
    let (mut times_a, mut times_b) = (Vec::new(), Vec::new());
    for run in 0..runs {
        // Swap the order every run, so that neither side always runs on a warmer machine.
        if run % 2 == 1 {
            let started = Instant::now();
            b().await;
            times_b.push(started.elapsed().as_secs_f64());
        }
        let started = Instant::now();
        let count_a = a().await;
        times_a.push(started.elapsed().as_secs_f64());
        if run % 2 == 0 {
            let started = Instant::now();
            let count_b = b().await;
            times_b.push(started.elapsed().as_secs_f64());
            assert_eq!(count_a, count_b, "both walks must see the same items");
        }
    }
    (median(times_a), median(times_b))
}

/// Counts the items, reading every id (so both sides decode the same data).
fn ids<'a>(ids: impl Iterator<Item = &'a String>) -> usize {
    ids.filter(|id| !id.is_empty()).count()
}

fn median(mut times: Vec<f64>) -> f64 {
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Seed 002's documented loop, in Rust: request, decode, append, follow `next_cursor`.
async fn hand_loop(client: &reqwest::Client, url: &str) -> Vec<User> {
    let mut users = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut request = client.get(url).query(&[("limit", "100")]);
        if let Some(cursor) = &cursor {
            request = request.query(&[("cursor", cursor)]);
        }
        let body = request.send().await.unwrap().bytes().await.unwrap();
        let page: UsersPage = serde_json::from_slice(&body).unwrap();
        users.extend(page.data);
        cursor = page.pagination.next_cursor;
        if !page.pagination.has_more || cursor.is_none() {
            return users;
        }
    }
}

async fn cursor_walk_vs_hand_loop(records: u64, latency: Duration) -> (f64, f64) {
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(records)
    });
    let client = reqwest::Client::new();
    let url = server.url("/playbook/api/v1/users");
    alternate(
        21,
        || async {
            let users: Vec<User> = UsersPage::stream(client.get(&url))
                .page_size(100)
                .try_collect()
                .await
                .unwrap();
            ids(users.iter().map(|user| &user.id))
        },
        || async { ids(hand_loop(&client, &url).await.iter().map(|user| &user.id)) },
    )
    .await
}

async fn concurrent_offset_vs_hand_loop(pages: u64) -> (f64, f64) {
    let server = MockServer::start(MockConfig {
        latency: Duration::from_millis(20),
        ..MockConfig::with_records(pages * 100)
    });
    let client = reqwest::Client::new();
    let url = server.url("/v1/numbers");
    alternate(
        1,
        || async {
            let numbers: Vec<Number> = NumbersPage::stream(client.get(&url))
                .page_size(100)
                .concurrency(8)
                .try_collect()
                .await
                .unwrap();
            ids(numbers.iter().map(|number| &number.id))
        },
        || async {
            let mut numbers = Vec::new();
            let mut offset = 0;
            loop {
                let body = client
                    .get(&url)
                    .query(&[("limit", 100), ("offset", offset)])
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                let page: NumbersPage = serde_json::from_slice(&body).unwrap();
                offset += page.data.len();
                numbers.extend(page.data);
                if !page.has_more {
                    return ids(numbers.iter().map(|number| &number.id));
                }
            }
        },
    )
    .await
}

async fn prefetch_on_vs_off(pages: u64) -> (f64, f64) {
    let latency = Duration::from_millis(20);
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(pages * 100)
    });
    let client = reqwest::Client::new();
    let url = server.url("/playbook/api/v1/users");
    let walk = |prefetch: bool| {
        let request = client.get(&url);
        async move {
            let mut pages = UsersPage::stream(request)
                .page_size(100)
                .prefetch(prefetch)
                .pages();
            let mut users = 0;
            while let Some(page) = pages.next().await {
                users += page.unwrap().items.len();
                tokio::time::sleep(latency).await; // the consumer's work on the page
            }
            users
        }
    };
    alternate(3, || walk(true), || walk(false)).await
}

/// In-memory pages an SDK call hands over (no copies): `fetch(offset)` takes the page at `offset`.
struct MemoryApi {
    pages: std::sync::Mutex<Vec<Option<MemoryPage>>>,
}

impl MemoryApi {
    const PAGE: u64 = 1_000;

    /// `pages` pages of records as a JSON decoder leaves them (`owned`: a heap-allocated name), or of
    /// trivial records (a static name).
    fn new(pages: u64, owned: bool) -> Self {
        let pages = (0..pages)
            .map(|page| {
                let data = (page * Self::PAGE..(page + 1) * Self::PAGE)
                    .map(|id| {
                        let name = NAMES[(id % 4) as usize];
                        let name = if owned {
                            Name::Owned(name.to_owned())
                        } else {
                            Name::Static(name)
                        };
                        Record { id, name }
                    })
                    .collect();
                Some(MemoryPage {
                    data,
                    total: pages * Self::PAGE,
                })
            })
            .collect();
        MemoryApi {
            pages: std::sync::Mutex::new(pages),
        }
    }

    fn fetch(&self, offset: u64) -> MemoryPage {
        let index = (offset / Self::PAGE) as usize;
        self.pages.lock().unwrap()[index]
            .take()
            .expect("each page fetched once")
    }
}

fn work(record: Record) -> u64 {
    record.id + record.name.len() as u64
}

/// The same in-memory API walked by `paginate` (closure transport) and by the loop a user would write
/// around the same SDK call; the work per item is reading its fields.
fn engine_overhead(pages: u64, owned: bool) -> (f64, f64) {
    let mut times_walk = Vec::new();
    let mut times_hand = Vec::new();
    for run in 0..31 {
        if run % 2 == 1 {
            // Alternate which side runs first, so allocator state favours neither.
            times_hand.push(hand_walk(MemoryApi::new(pages, owned)).0);
        }
        let api = MemoryApi::new(pages, owned);
        let started = Instant::now();
        let sum: u64 = MemoryPage::from_fn_blocking(move |request: PageRequest| {
            Ok::<_, std::convert::Infallible>(api.fetch(request.offset().unwrap_or(0)))
        })
        .page_size(MemoryApi::PAGE)
        .map(|record| work(record.unwrap()))
        .sum();
        times_walk.push(started.elapsed().as_secs_f64());
        if run % 2 == 0 {
            let (time, hand_sum) = hand_walk(MemoryApi::new(pages, owned));
            times_hand.push(time);
            assert_eq!(sum, hand_sum);
        }
    }
    (median(times_walk), median(times_hand))
}

/// The hand-written offset loop around the SDK call: seconds taken and the checksum.
fn hand_walk(api: MemoryApi) -> (f64, u64) {
    let started = Instant::now();
    let mut sum = 0u64;
    let mut offset = 0;
    loop {
        let page = api.fetch(offset);
        let (received, total) = (page.data.len() as u64, page.total);
        for record in page.data {
            sum += work(record);
        }
        offset += received;
        if received == 0 || offset >= total {
            break;
        }
    }
    (started.elapsed().as_secs_f64(), std::hint::black_box(sum))
}

/// Runs this program again with `flag` and returns what it printed.
fn in_child(flag: &str) -> Option<String> {
    let output = Command::new(std::env::current_exe().ok()?)
        .arg(flag)
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8(output.stdout).ok())?
}

/// Runs the 1,000,000-item walk in a fresh process and reads its peak resident set.
fn peak_rss() -> Option<(u64, u64)> {
    let text = in_child("--rss-child")?;
    let mut numbers = text
        .split_whitespace()
        .filter_map(|word| word.parse::<u64>().ok());
    Some((numbers.next()?, numbers.next()?))
}

fn rss_child() {
    const ITEMS: u64 = 1_000_000;
    const PAGE: u64 = 1_000;
    #[derive(Paginate)]
    #[paginate(offset, total = "total")]
    struct KibPage {
        data: Vec<String>,
        total: u64,
    }
    let mut bytes = 0usize;
    for item in KibPage::from_fn_blocking(|request: PageRequest| {
        let offset = request.offset().unwrap_or(0);
        let end = (offset + PAGE).min(ITEMS);
        Ok::<_, std::convert::Infallible>(KibPage {
            data: (offset..end).map(|n| format!("{n:01024}")).collect(),
            total: ITEMS,
        })
    })
    .page_size(PAGE)
    {
        bytes += item.unwrap().len();
    }
    assert_eq!(bytes as u64, ITEMS * 1024);
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let peak = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .unwrap_or(0);
    println!("{peak} {ITEMS}");
}

/// Builds a generated crate of 100 envelopes twice: with serde's derive only, then with `Paginate` too.
fn compile_times() -> Result<(f64, f64), String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join("compile-bench");
    std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
    let manifest = format!(
        "[package]\nname = \"compile-bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[workspace]\n\n\
         [dependencies]\npaginate = {{ path = {:?} }}\nserde = {{ version = \"1\", features = [\"derive\"] }}\n",
        root.display().to_string()
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    let source = |derived: bool| -> String {
        let mut text = String::from("#![allow(dead_code)]\nuse serde::Deserialize;\n");
        for i in 0..100 {
            let (derive, attribute) = if derived {
                (
                    "Deserialize, paginate::Paginate",
                    "#[paginate(cursor = \"pagination.next_cursor\", has_more = \"pagination.has_more\", total = \"pagination.total\")]\n",
                )
            } else {
                ("Deserialize", "")
            };
            text += &format!(
                "#[derive(Deserialize)] pub struct Item{i} {{ pub id: u64, pub name: String }}\n\
                 #[derive(Deserialize)] pub struct Pagination{i} {{ pub next_cursor: Option<String>, pub has_more: bool, pub total: u64 }}\n\
                 #[derive({derive})]\n{attribute}pub struct Page{i} {{ pub data: Vec<Item{i}>, pub pagination: Pagination{i} }}\n"
            );
        }
        text
    };
    let target = root.join("target").join("compile-bench-target");
    let build = |derived: bool| -> Result<f64, String> {
        std::fs::write(dir.join("src/lib.rs"), source(derived)).map_err(|e| e.to_string())?;
        let started = Instant::now();
        let status = Command::new(env!("CARGO"))
            .args(["build", "--quiet", "--offline", "--manifest-path"])
            .arg(dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &target)
            .status()
            .map_err(|e| e.to_string())?;
        status
            .success()
            .then(|| started.elapsed().as_secs_f64())
            .ok_or_else(|| "cargo build failed".to_owned())
    };
    build(true)?; // dependencies
    let mut serde_only = Vec::new();
    let mut derived = Vec::new();
    for _ in 0..3 {
        serde_only.push(build(false)?);
        derived.push(build(true)?);
    }
    Ok((median(serde_only), median(derived)))
}
