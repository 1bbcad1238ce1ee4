//! The performance comparison: paginated's walks against what users write otherwise, every target
//! measured in one run and checked. Each target prints one line (what, measured, target, `pass` or
//! `MISS`); the process exits non-zero when one is missed.
//!
//! ```sh
//! cargo bench --bench compare                 # every section
//! cargo bench --bench compare -- --quick      # fewer, shorter samples
//! cargo bench --bench compare -- http memory  # only the sections named
//! ```
//!
//! Sections (the peers are all in this file):
//! - `in-memory`: walks over a closure answering at once, against `futures::stream::try_unfold` over
//!   the same closure (and a blocking `for` loop against a hand loop): the walk's fixed cost per page.
//! - `http`: a cursor walk over loopback HTTP, the server in another process, the sides in a fresh
//!   client process: the client's CPU per page against a hand-written reqwest loop with a client of
//!   the same configuration and the same decoding, and the wall time against `try_unfold` and the
//!   page-turner crate. Where valgrind is installed the CPU target is judged on instructions (each
//!   side alone, counted by cachegrind, turned into time at the hand loop's CPU a page), which do not
//!   move with the machine's load as CPU time does; the CPU time is printed beside it.
//! - `concurrency`: pages at 20 ms eight at a time, against `futures::StreamExt::buffered(8)`.
//! - `prefetch`: a consumer working as long as a round trip, against `try_unfold`.
//! - `memory`: what a live walk holds after 10,000 pages, and a large page's peak beyond its body and
//!   its items, against a hand-written loop's, counted by this binary's allocator in a fresh process.
//!
//! Every measured figure is the median of samples taken in alternating rounds after a warm-up (the
//! order of the sides rotates every round, so none always runs on a warmer machine); brackets give the
//! smallest and largest sample. Every side does the same work per item and must see the same items.

use std::alloc::{GlobalAlloc, Layout, System};
use std::convert::Infallible;
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};

use futures::{StreamExt, TryStreamExt};
use paginated::{PageRequest, Paginate, Token};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

#[path = "support/stats.rs"]
mod stats;
use stats::{load_average, median};

// ---------------------------------------------------------------------------------------------------
// Counting allocator: bytes held and their peak, counted only in the memory section's processes.

struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static HELD: AtomicI64 = AtomicI64::new(0);
static PEAK: AtomicI64 = AtomicI64::new(0);

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[inline]
fn count(delta: i64) {
    if COUNTING.load(Ordering::Relaxed) {
        let held = HELD.fetch_add(delta, Ordering::Relaxed) + delta;
        PEAK.fetch_max(held, Ordering::Relaxed);
    }
}

// SAFETY: every call goes to `System` unchanged; the counters only observe sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc(layout) };
        if !block.is_null() {
            count(layout.size() as i64);
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let block = unsafe { System.alloc_zeroed(layout) };
        if !block.is_null() {
            count(layout.size() as i64);
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        unsafe { System.dealloc(block, layout) };
        count(-(layout.size() as i64));
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let moved = unsafe { System.realloc(block, layout, new_size) };
        if !moved.is_null() {
            count(new_size as i64 - layout.size() as i64);
        }
        moved
    }
}

/// Bytes held now (counted since this process started counting).
fn held() -> i64 {
    HELD.load(Ordering::Relaxed)
}

// ---------------------------------------------------------------------------------------------------
// The report.

/// What a measured figure must be.
#[derive(Clone, Copy)]
enum Target {
    AtMost(f64),
    AtLeast(f64),
    /// Printed for context, not checked.
    Info,
}

/// How a figure reads.
#[derive(Clone, Copy)]
enum Unit {
    /// A ratio of two times.
    Ratio,
    /// Microseconds a page added to a peer's time.
    AddedMicros,
    /// Microseconds a page.
    Micros,
    /// Bytes, shown in KiB.
    Bytes,
}

impl Unit {
    fn show(self, value: f64) -> String {
        match self {
            Unit::Ratio => format!("{value:.3}x"),
            Unit::AddedMicros => format!("{value:+.3} us/page"),
            Unit::Micros => format!("{value:.2} us/page"),
            Unit::Bytes => format!("{:.1} KiB", value / 1024.0),
        }
    }
}

#[derive(Default)]
struct Report {
    missed: Vec<String>,
}

impl Report {
    /// Prints one line: what, the median of `samples` [smallest, largest], the target, and whether it
    /// is met.
    fn check(&mut self, what: &str, samples: &[f64], unit: Unit, target: Target) {
        let measured = median(samples);
        let spread = if samples.len() > 1 {
            let low = samples.iter().copied().fold(f64::INFINITY, f64::min);
            let high = samples.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            format!("[{}, {}]", unit.show(low), unit.show(high))
        } else {
            String::new()
        };
        let (pass, target) = match target {
            Target::AtMost(limit) => (measured <= limit, format!("<= {}", unit.show(limit))),
            Target::AtLeast(limit) => (measured >= limit, format!(">= {}", unit.show(limit))),
            Target::Info => (true, "(info)".to_owned()),
        };
        let verdict = match (target.as_str(), pass) {
            ("(info)", _) => "",
            (_, true) => "pass",
            (_, false) => "MISS",
        };
        println!(
            "{what:<66} {:>16} {spread:<36} {target:>18} {verdict}",
            unit.show(measured)
        );
        if !pass {
            self.missed
                .push(format!("{what}: {} (target {target})", unit.show(measured)));
        }
    }
}

/// Times every side once per round, `samples` rounds after `warmup` ones, the order rotating every
/// round; returns each round's times in seconds, in side order. Every side returns a checksum of the
/// items it saw, and all must agree.
fn rounds(
    clock: Clock,
    warmup: usize,
    samples: usize,
    sides: &mut [&mut dyn FnMut() -> u64],
) -> Vec<Vec<f64>> {
    let mut round = |rotation: usize| {
        let mut times = vec![0.0; sides.len()];
        let mut checksums = vec![0; sides.len()];
        for step in 0..sides.len() {
            let side = (step + rotation) % sides.len();
            let started = clock.now();
            checksums[side] = (sides[side])();
            times[side] = clock.now() - started;
        }
        assert!(
            checksums.windows(2).all(|pair| pair[0] == pair[1]),
            "every side must see the same items: {checksums:?}"
        );
        times
    };
    for rotation in 0..warmup {
        round(rotation);
    }
    (0..samples).map(|rotation| round(warmup + rotation)).collect()
}

/// What a side's time is.
#[derive(Clone, Copy)]
enum Clock {
    /// Time on the wall: what a walk that waits (for latency) takes.
    Wall,
    /// The CPU time of this thread: what a walk that does not wait costs, whatever else runs on the
    /// machine.
    ThreadCpu,
}

impl Clock {
    /// Seconds since some fixed start.
    fn now(self) -> f64 {
        match self {
            Clock::Wall => START.get_or_init(Instant::now).elapsed().as_secs_f64(),
            Clock::ThreadCpu => {
                let mut time = libc::timespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                // SAFETY: `clock_gettime` fills the struct it is given.
                assert_eq!(
                    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut time) },
                    0
                );
                time.tv_sec as f64 + time.tv_nsec as f64 * 1e-9
            }
        }
    }
}

static START: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();

/// Per round, `f` of that round's times.
fn per_round(times: &[Vec<f64>], f: impl Fn(&[f64]) -> f64) -> Vec<f64> {
    times.iter().map(|round| f(round)).collect()
}

struct Settings {
    quick: bool,
    samples: usize,
}

/// A section of the comparison: it measures, and checks each target in the report.
type Section = fn(&Settings, &mut Report);

/// The process's arguments: `--child <mode> ...` runs a helper process; `--quick` takes fewer samples;
/// other words name the sections to run. Other flags (cargo passes `--bench`) are ignored.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(at) = args.iter().position(|arg| arg == "--child") {
        return child(&args[at + 1..]);
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    let only: Vec<&str> = args
        .iter()
        .filter(|arg| !arg.starts_with('-'))
        .map(String::as_str)
        .collect();
    let settings = Settings {
        quick,
        samples: if quick { 5 } else { 11 },
    };
    println!(
        "paginated performance comparison: {} cores, load average {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    let mut report = Report::default();
    let sections: [(&str, Section); 5] = [
        ("in-memory", in_memory),
        ("http", http),
        ("concurrency", concurrency),
        ("prefetch", prefetch),
        ("memory", memory),
    ];
    for (name, run) in sections {
        if only.is_empty() || only.contains(&name) {
            println!("\n== {name}");
            run(&settings, &mut report);
        }
    }
    println!("\nload average at the end: {}", load_average());
    if !report.missed.is_empty() {
        println!("\n{} target(s) missed:", report.missed.len());
        for line in &report.missed {
            println!("  {line}");
        }
        std::process::exit(1);
    }
}

/// A helper process: a server, or one side of a measurement in a fresh process.
fn child(args: &[String]) {
    let arg = |at: usize| args.get(at).map(String::as_str).unwrap_or_default();
    let number = |at: usize| arg(at).parse::<u64>().expect("a number");
    match arg(0) {
        "serve" => serve(number(1)),
        "serve-body" => serve_body(number(1) as usize),
        "http" => http_child(arg(1), number(2), number(3), arg(4).parse().ok()),
        "held" => held_child(arg(1), number(2)),
        "peak" => peak_child(arg(1), false),
        "peak-hand" => peak_child(arg(1), true),
        "in-memory" => println!("{}", in_memory_side(arg(1), number(2))),
        other => panic!("unknown child mode `{other}`"),
    }
}

/// A helper process started by this one; it ends when its standard input closes (when dropped).
struct Helper {
    process: Child,
    stdin: Option<ChildStdin>,
    /// The first line it printed.
    line: String,
}

impl Helper {
    fn start(args: &[&str]) -> Helper {
        let mut process = Command::new(std::env::current_exe().expect("this benchmark's path"))
            .arg("--child")
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start a helper process");
        let stdin = process.stdin.take();
        let mut line = String::new();
        BufReader::new(process.stdout.take().expect("its output"))
            .read_line(&mut line)
            .expect("its first line");
        Helper {
            process,
            stdin,
            line: line.trim().to_owned(),
        }
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        drop(self.stdin.take());
        let _ = self.process.wait();
    }
}

/// Runs this binary as `args` to its end and returns the numbers it printed.
fn measure_in_child(args: &[&str]) -> Vec<f64> {
    let output = Command::new(std::env::current_exe().expect("this benchmark's path"))
        .arg("--child")
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("run a measuring process");
    assert!(output.status.success(), "the measuring process {args:?} failed");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .map(|word| word.parse().expect("a number"))
        .collect()
}

/// Blocks until standard input closes: the parent is done with this helper.
fn wait_for_parent() {
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
}

/// The mock server with `records` records, in this process: prints its base URL.
fn serve(records: u64) {
    let server = MockServer::start(MockConfig::with_records(records));
    println!("{}", server.base_url());
    std::io::stdout().flush().expect("stdout");
    wait_for_parent();
}

fn multi_thread_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

// ---------------------------------------------------------------------------------------------------
// In memory: the walk's own cost per page, against `try_unfold` over the same closure.

/// A tiny item, as an SDK over a cache or a local store hands it out.
#[derive(Clone)]
struct Tiny {
    id: u64,
    name: &'static str,
}

const NAMES: [&str; 4] = ["ada", "grace", "edsger", "barbara"];

/// The work per item: read its fields.
fn work(item: &Tiny) -> u64 {
    item.id + item.name.len() as u64
}

/// Items `offset..offset + size` of `total`, fresh (each page a copy, as a cache would hand out).
fn tiny_items(offset: u64, size: u64, total: u64) -> Vec<Tiny> {
    (offset..(offset + size).min(total))
        .map(|id| Tiny {
            id,
            name: NAMES[(id % 4) as usize],
        })
        .collect()
}

#[derive(Paginate)]
#[paginate(cursor = "next")]
struct CursorPage {
    data: Vec<Tiny>,
    next: Option<String>,
}

#[derive(Paginate)]
#[paginate(offset, total = "total")]
struct OffsetPage {
    data: Vec<Tiny>,
    total: u64,
}

/// A cursor API over `total` items in pages of `size`: the page after `cursor`, with the next cursor
/// (opaque text, as APIs issue them).
fn cursor_api(total: u64, size: u64) -> impl Fn(Option<&str>) -> CursorPage + Clone + Send + Sync + 'static {
    move |cursor| {
        let offset = cursor.map_or(0, |cursor| {
            cursor
                .strip_prefix("cur_")
                .and_then(|number| number.parse().ok())
                .expect("a cursor this API issued")
        });
        let end = offset + size;
        CursorPage {
            data: tiny_items(offset, size, total),
            next: (end < total).then(|| format!("cur_{end:012}")),
        }
    }
}

/// An offset API over `total` items.
fn offset_api(total: u64) -> impl Fn(u64, u64) -> OffsetPage + Clone + Send + Sync + 'static {
    move |offset, size| OffsetPage {
        data: tiny_items(offset, size, total),
        total,
    }
}

/// Sums the items of a stream of them.
async fn sum_items<S, E>(items: S) -> u64
where
    S: futures::Stream<Item = Result<Tiny, E>>,
    E: std::fmt::Debug,
{
    items
        .try_fold(0u64, |sum, item| async move { Ok(sum + work(&item)) })
        .await
        .expect("an in-memory walk")
}

/// The cursor walk over `api`.
fn cursor_walk(total: u64, size: u64) -> u64 {
    let api = cursor_api(total, size);
    futures::executor::block_on(sum_items(CursorPage::from_fn(move |request: PageRequest| {
        let page = api(request.cursor().and_then(Token::as_str));
        async move { Ok::<_, Infallible>(page) }
    })))
}

/// `try_unfold` over the same cursor API.
fn cursor_unfold(total: u64, size: u64) -> u64 {
    let api = cursor_api(total, size);
    let pages = futures::stream::try_unfold(Some(None::<String>), move |cursor| {
        let api = api.clone();
        async move {
            let Some(cursor) = cursor else {
                return Ok::<_, Infallible>(None);
            };
            let page = api(cursor.as_deref());
            let items = futures::stream::iter(page.data.into_iter().map(Ok::<_, Infallible>));
            Ok(Some((items, page.next.map(Some))))
        }
    });
    futures::executor::block_on(sum_items(pages.try_flatten()))
}

/// The offset walk over `api`.
fn offset_walk(total: u64, size: u64) -> u64 {
    let api = offset_api(total);
    futures::executor::block_on(sum_items(
        OffsetPage::from_fn(move |request: PageRequest| {
            let page = api(request.offset().unwrap_or(0), size);
            async move { Ok::<_, Infallible>(page) }
        })
        .page_size(size),
    ))
}

/// `try_unfold` over the same offset API, with the same stop rule (a short page, or the total).
fn offset_unfold(total: u64, size: u64) -> u64 {
    let api = offset_api(total);
    let pages = futures::stream::try_unfold(Some(0u64), move |offset| {
        let api = api.clone();
        async move {
            let Some(offset) = offset else {
                return Ok::<_, Infallible>(None);
            };
            let page = api(offset, size);
            let received = page.data.len() as u64;
            let next = offset + received;
            let more = received == size && next < page.total;
            let items = futures::stream::iter(page.data.into_iter().map(Ok::<_, Infallible>));
            Ok(Some((items, more.then_some(next))))
        }
    });
    futures::executor::block_on(sum_items(pages.try_flatten()))
}

/// A page future behind a pointer, as an engine over any async transport holds it.
type BoxedPage = std::pin::Pin<Box<dyn std::future::Future<Output = Result<OffsetPage, Infallible>> + Send>>;

/// `try_unfold` over the same offset API called through a pointer that boxes its futures: the least
/// any engine over an arbitrary async transport pays.
fn offset_unfold_boxed(total: u64, size: u64) -> u64 {
    let api = offset_api(total);
    let fetch: std::sync::Arc<dyn Fn(u64) -> BoxedPage + Send + Sync> = std::sync::Arc::new(move |offset| {
        let page = api(offset, size);
        Box::pin(async move { Ok(page) })
    });
    let fetch = std::hint::black_box(fetch);
    let pages = futures::stream::try_unfold(Some(0u64), move |offset| {
        let fetch = fetch.clone();
        async move {
            let Some(offset) = offset else {
                return Ok::<_, Infallible>(None);
            };
            let page = fetch(offset).await?;
            let received = page.data.len() as u64;
            let next = offset + received;
            let more = received == size && next < page.total;
            let items = futures::stream::iter(page.data.into_iter().map(Ok::<_, Infallible>));
            Ok(Some((items, more.then_some(next))))
        }
    });
    futures::executor::block_on(sum_items(pages.try_flatten()))
}

/// The blocking walk's `for` loop.
fn blocking_walk(total: u64, size: u64) -> u64 {
    let api = offset_api(total);
    let walk = OffsetPage::from_fn_blocking(move |request: PageRequest| {
        Ok::<_, Infallible>(api(request.offset().unwrap_or(0), size))
    })
    .page_size(size);
    let mut sum = 0;
    for item in walk {
        sum += work(&item.expect("a blocking walk"));
    }
    sum
}

/// The loop an SDK's documentation shows: call, read the items, stop at a short or the last page.
fn blocking_hand_loop(total: u64, size: u64) -> u64 {
    let api = offset_api(total);
    let (mut sum, mut offset) = (0, 0);
    loop {
        let page = api(offset, size);
        let received = page.data.len() as u64;
        for item in &page.data {
            sum += work(item);
        }
        offset += received;
        if received < size || offset >= page.total {
            return sum;
        }
    }
}

/// One side of the in-memory measurement over `pages` pages of 10, by name (for a profiler:
/// `--child in-memory cursor-walk 100000`).
fn in_memory_side(side: &str, pages: u64) -> u64 {
    let total = pages * 10;
    match side {
        "cursor-walk" => cursor_walk(total, 10),
        "cursor-unfold" => cursor_unfold(total, 10),
        "offset-walk" => offset_walk(total, 10),
        "offset-unfold" => offset_unfold(total, 10),
        "offset-unfold-boxed" => offset_unfold_boxed(total, 10),
        "blocking-walk" => blocking_walk(total, 10),
        "blocking-hand" => blocking_hand_loop(total, 10),
        other => panic!("unknown in-memory side `{other}`"),
    }
}

fn in_memory(settings: &Settings, report: &mut Report) {
    let pages: u64 = if settings.quick { 50_000 } else { 200_000 };
    let total = pages * 10;
    let times = rounds(
        Clock::ThreadCpu,
        2,
        settings.samples,
        &mut [
            &mut || cursor_unfold(total, 10),
            &mut || cursor_walk(total, 10),
            &mut || offset_unfold(total, 10),
            &mut || offset_walk(total, 10),
            &mut || offset_unfold_boxed(total, 10),
        ],
    );
    let added = |walk: usize, peer: usize| {
        per_round(&times, |round| (round[walk] - round[peer]) / pages as f64 * 1e6)
    };
    report.check(
        "in-memory cursor walk, pages of 10: added to try_unfold",
        &added(1, 0),
        Unit::AddedMicros,
        Target::AtMost(0.3),
    );
    report.check(
        "in-memory offset walk, pages of 10: added to try_unfold",
        &added(3, 2),
        Unit::AddedMicros,
        Target::AtMost(0.1),
    );
    report.check(
        "  try_unfold through a boxed page future: added to try_unfold",
        &added(4, 2),
        Unit::AddedMicros,
        Target::Info,
    );
    report.check(
        "  try_unfold over the cursor API, a page",
        &per_round(&times, |round| round[0] / pages as f64 * 1e6),
        Unit::Micros,
        Target::Info,
    );
    println!(
        "  Why a cursor walk costs more than an offset walk over the same closure: a cursor is text the\n  \
         API issued, so the walk moves it from the page into the next request, hands the closure a copy\n  \
         (the closure owns its request), and hashes it for the loop guard (a cursor can come back; an\n  \
         offset only grows, so an offset walk needs no loop guard). The next offset is one addition."
    );

    let times = rounds(
        Clock::ThreadCpu,
        2,
        settings.samples,
        &mut [&mut || offset_walk(total, 1_000), &mut || {
            offset_unfold(total, 1_000)
        }],
    );
    report.check(
        "in-memory offset walk, pages of 1,000: time / try_unfold",
        &per_round(&times, |round| round[0] / round[1]),
        Unit::Ratio,
        Target::AtMost(1.02),
    );
    let times = rounds(
        Clock::ThreadCpu,
        2,
        settings.samples,
        &mut [&mut || blocking_walk(total, 10), &mut || {
            blocking_hand_loop(total, 10)
        }],
    );
    report.check(
        "  blocking `for` loop, pages of 10: added to a hand loop",
        &per_round(&times, |round| (round[0] - round[1]) / pages as f64 * 1e6),
        Unit::AddedMicros,
        Target::Info,
    );
}

// ---------------------------------------------------------------------------------------------------
// Over HTTP: Airclou's cursor API on the mock server.

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

/// Items a page over HTTP.
const HTTP_PAGE: u64 = 10;
const USERS: &str = "/playbook/api/v1/users";

/// Counts items, reading every id (so every side decodes and touches the same data).
fn checksum<'a>(ids: impl Iterator<Item = &'a String>) -> u64 {
    ids.map(|id| id.len() as u64 + 1).sum()
}

/// Airclou's documented loop, in Rust: request, decode, read the items, follow `next_cursor`; at most
/// `pages` pages.
async fn hand_loop(client: &reqwest::Client, url: &str, pages: u64) -> u64 {
    HandLoop::default().pages(client, url, pages).await
}

/// The loop of [`hand_loop`], able to stop and go on where it stopped.
#[derive(Default)]
struct HandLoop {
    cursor: Option<String>,
    done: bool,
}

impl HandLoop {
    /// The next `pages` pages (fewer at the end); the checksum of their items.
    async fn pages(&mut self, client: &reqwest::Client, url: &str, pages: u64) -> u64 {
        let mut seen = 0;
        for _ in 0..pages {
            if self.done {
                break;
            }
            let mut request = client.get(url).query(&[("limit", HTTP_PAGE)]);
            if let Some(cursor) = &self.cursor {
                request = request.query(&[("cursor", cursor)]);
            }
            let body = request.send().await.expect("send").bytes().await.expect("body");
            let page: UsersPage = serde_json::from_slice(&body).expect("decode");
            seen += checksum(page.data.iter().map(|user| &user.id));
            self.cursor = page.pagination.next_cursor;
            self.done = !page.pagination.has_more || self.cursor.is_none();
        }
        seen
    }
}

/// The checksum of the next `pages` pages of items of `items` (fewer at its end).
async fn take_pages<E: std::fmt::Debug>(
    items: &mut (impl futures::Stream<Item = Result<User, E>> + Unpin),
    pages: u64,
) -> u64 {
    let mut seen = 0;
    for _ in 0..pages * HTTP_PAGE {
        match items.next().await {
            Some(user) => seen += checksum(std::iter::once(&user.expect("an item").id)),
            None => break,
        }
    }
    seen
}

/// The same loop as a `try_unfold` stream of items.
fn unfold_stream(
    client: reqwest::Client,
    url: String,
    size: u64,
) -> impl futures::Stream<Item = Result<User, reqwest::Error>> {
    futures::stream::try_unfold(Some(None::<String>), move |cursor| {
        let (client, url) = (client.clone(), url.clone());
        async move {
            let Some(cursor) = cursor else {
                return Ok(None);
            };
            let mut request = client.get(&url).query(&[("limit", size)]);
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
    size: u64,
}

#[derive(Clone)]
struct UsersRequest {
    cursor: Option<String>,
}

impl page_turner::PageTurner<UsersRequest> for Airclou {
    type PageItems = Vec<User>;
    type PageError = reqwest::Error;

    async fn turn_page(&self, request: UsersRequest) -> page_turner::TurnedPageResult<Self, UsersRequest> {
        let mut call = self.client.get(&self.url).query(&[("limit", self.size)]);
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

/// The CPU time this process has used so far (user and system, all its threads), in seconds.
fn cpu_time() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: `getrusage` fills the struct it is given.
    let usage = unsafe {
        assert_eq!(libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()), 0);
        usage.assume_init()
    };
    let seconds = |time: libc::timeval| time.tv_sec as f64 + time.tv_usec as f64 * 1e-6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// The HTTP measurement in this fresh process: after a few pages with each side's client (its
/// connection open), the four sides walk the whole API (`pages` pages) side by side, `segment` pages
/// at a time each, the order rotating every segment (so all of them share the machine's state as it
/// changes). Prints each side's checksum of its items, then for each segment the CPU time and the
/// wall time (µs) of each side. With `only`, that side alone (0: the walk, 1: the hand loop, 2:
/// `try_unfold`, 3: page-turner), for a profiler: `--child http <base URL> <pages> 0 <side>`.
fn http_child(base: &str, pages: u64, segment: u64, only: Option<usize>) {
    use page_turner::prelude::*;
    let url = format!("{base}{USERS}");
    let runtime = multi_thread_runtime();
    // A client of the same configuration for each side, each warmed up: a side's connections are
    // its own, so a request one side has in flight when its segment ends costs no other side.
    let clients: [reqwest::Client; HTTP_SIDES] = std::array::from_fn(|_| reqwest::Client::new());
    for client in &clients {
        runtime.block_on(hand_loop(client, &url, 20));
    }
    let client = &clients[1];
    let mut walk = UsersPage::stream(clients[0].get(&url)).page_size(HTTP_PAGE);
    let mut hand = HandLoop::default();
    let mut unfold = Box::pin(unfold_stream(clients[2].clone(), url.clone(), HTTP_PAGE));
    let turner = Airclou {
        client: clients[3].clone(),
        url: url.clone(),
        size: HTTP_PAGE,
    };
    let mut turned = Box::pin(turner.pages(UsersRequest { cursor: None }).items());
    let mut side_pages = |side: usize, pages: u64| match side {
        0 => runtime.block_on(take_pages(&mut walk, pages)),
        1 => runtime.block_on(hand.pages(client, &url, pages)),
        2 => runtime.block_on(take_pages(&mut unfold, pages)),
        _ => runtime.block_on(take_pages(&mut turned, pages)),
    };
    if let Some(side) = only {
        // One side alone, for a profiler.
        return println!("{}", side_pages(side, pages));
    }
    let mut checksums = [0; HTTP_SIDES];
    let mut segments = Vec::new();
    for index in 0..pages.div_ceil(segment) as usize {
        let mut times = [(0.0, 0.0); HTTP_SIDES];
        for step in 0..HTTP_SIDES {
            let side = (step + index) % HTTP_SIDES;
            let (cpu, started) = (cpu_time(), Instant::now());
            checksums[side] += side_pages(side, segment);
            times[side] = ((cpu_time() - cpu) * 1e6, started.elapsed().as_secs_f64() * 1e6);
        }
        segments.push(times);
    }
    let mut out = checksums.map(|checksum| checksum.to_string()).join(" ");
    for (cpu, wall) in segments.iter().flatten() {
        out += &format!(" {cpu} {wall}");
    }
    println!("{out}");
}

/// The instructions a page that `side` of the HTTP measurement executes alone in a client process,
/// counted by valgrind's cachegrind: the difference between walks of `lengths` pages, so that the
/// process's fixed cost (start, runtime, clients) falls out. `None` without valgrind.
fn instructions_a_page(base: &str, lengths: (u64, u64), side: usize) -> Option<f64> {
    let count = |pages: u64| -> Option<f64> {
        let output = Command::new("valgrind")
            .args([
                "--tool=cachegrind",
                "--cache-sim=no",
                "--cachegrind-out-file=/dev/null",
            ])
            .arg(std::env::current_exe().ok()?)
            .args([
                "--child",
                "http",
                base,
                &pages.to_string(),
                "0",
                &side.to_string(),
            ])
            .stdout(Stdio::null())
            .output()
            .ok()?;
        if !output.status.success() {
            return None;
        }
        // `==123== I refs:        375,923,401`
        let summary = String::from_utf8_lossy(&output.stderr);
        let line = summary
            .lines()
            .find(|line| line.contains("I refs:") || line.contains("I   refs:"))?;
        let digits: String = line
            .rsplit(':')
            .next()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        digits.parse().ok()
    };
    let (short, long) = lengths;
    Some((count(long)? - count(short)?) / (long - short) as f64)
}

/// The sides of the HTTP measurement: the walk, the hand loop, `try_unfold`, page-turner.
const HTTP_SIDES: usize = 4;

/// Of one segment, (CPU µs, wall µs) of each side.
type SegmentTimes = [(f64, f64); HTTP_SIDES];

fn http(settings: &Settings, report: &mut Report) {
    let (pages, segment) = (if settings.quick { 3_000 } else { 10_000 }, 250);
    let server = Helper::start(&["serve", &(pages * HTTP_PAGE).to_string()]);
    let rounds = if settings.quick { 3 } else { 7 };
    // Each round a fresh process, the first one warming the server up. Of each round, per segment,
    // (CPU µs, wall µs) of each side.
    let measured: Vec<Vec<SegmentTimes>> = (0..=rounds)
        .map(|_| {
            let numbers = measure_in_child(&["http", &server.line, &pages.to_string(), &segment.to_string()]);
            let (checksums, times) = numbers.split_at(HTTP_SIDES);
            assert!(
                checksums.windows(2).all(|pair| pair[0] == pair[1]),
                "every side must see the same items: {checksums:?}"
            );
            times
                .chunks(2 * HTTP_SIDES)
                .map(|segment| std::array::from_fn(|side| (segment[2 * side], segment[2 * side + 1])))
                .collect()
        })
        .skip(1)
        .collect();
    // Per round, the median over its segments: a burst of load on the machine falls on a few
    // segments of one side, not on the round.
    let per_round = |f: &dyn Fn(&SegmentTimes) -> f64| -> Vec<f64> {
        measured
            .iter()
            .map(|segments| median(&segments.iter().map(f).collect::<Vec<_>>()))
            .collect()
    };
    let per_page = segment as f64;
    let hand_cpu = per_round(&|times| times[1].0 / per_page);
    // The client's CPU time moves by tens of percent with the machine's load and the threads'
    // wake-ups; the instructions it executes do not. Where valgrind is installed, the walk's
    // instructions a page over the hand loop's (each side alone in a process, the fixed cost of a
    // process taken out by walking two lengths) are turned into time at the hand loop's measured
    // CPU a page, and that is the figure judged.
    let counted = if settings.quick {
        (300, 900)
    } else {
        (1_000, 3_000)
    };
    let added_by_instructions =
        instructions_a_page(&server.line, counted, 0).zip(instructions_a_page(&server.line, counted, 1));
    let by_time = per_round(&|times| (times[0].0 - times[1].0) / per_page);
    let what = format!("HTTP cursor walk, {pages} pages of 10: client CPU added to hand loop");
    match added_by_instructions {
        Some((walk, hand)) => {
            let added = (walk - hand) / hand * median(&hand_cpu);
            report.check(
                &format!("{what}, by instructions"),
                &[added],
                Unit::AddedMicros,
                Target::AtMost(5.0),
            );
            println!(
                "  instructions a page: the walk {walk:.0}, the hand loop {hand:.0} ({:+.1} %)",
                (walk / hand - 1.0) * 100.0
            );
            report.check(
                &format!("{what}, by CPU time"),
                &by_time,
                Unit::AddedMicros,
                Target::Info,
            );
        }
        None => report.check(&what, &by_time, Unit::AddedMicros, Target::AtMost(5.0)),
    }
    report.check("  hand loop's client CPU", &hand_cpu, Unit::Micros, Target::Info);
    report.check(
        "  walk's client CPU",
        &per_round(&|times| times[0].0 / per_page),
        Unit::Micros,
        Target::Info,
    );
    // Against the better of try_unfold and page-turner: the one the walk compares worse with.
    let against = |peer: usize| per_round(&|times| times[0].1 / times[peer].1);
    let (unfold, turner) = (against(2), against(3));
    let (best, name) = if median(&unfold) >= median(&turner) {
        (unfold, "try_unfold")
    } else {
        (turner, "page-turner")
    };
    report.check(
        &format!("HTTP cursor walk: wall time / the better peer ({name})"),
        &best,
        Unit::Ratio,
        Target::AtMost(1.03),
    );
    for (peer, name) in [(1, "hand loop"), (2, "try_unfold"), (3, "page-turner")] {
        report.check(
            &format!("  wall time / {name}"),
            &against(peer),
            Unit::Ratio,
            Target::Info,
        );
    }
}

// ---------------------------------------------------------------------------------------------------
// Concurrency and prefetch: latency the walk overlaps.

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

/// 400 pages at 20 ms, eight at a time.
fn concurrency(settings: &Settings, report: &mut Report) {
    let pages: u64 = if settings.quick { 160 } else { 400 };
    let latency = Duration::from_millis(20);
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(pages * 100)
    });
    let url = server.url("/v1/numbers");
    let runtime = multi_thread_runtime();
    let client = reqwest::Client::new();
    let mut walk = || {
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
    let mut buffered = || {
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
    let samples = settings.samples.min(7);
    let times = rounds(Clock::Wall, 1, samples, &mut [&mut walk, &mut buffered]);
    report.check(
        &format!("{pages} pages at 20 ms, concurrency 8: time / buffered(8)"),
        &per_round(&times, |round| round[0] / round[1]),
        Unit::Ratio,
        Target::AtMost(1.02),
    );
    // The physical limit: every page one round trip, eight at a time.
    let round_trips: Vec<f64> = (0..7)
        .map(|_| {
            let started = Instant::now();
            runtime.block_on(fetch(0));
            started.elapsed().as_secs_f64()
        })
        .collect();
    let limit = (pages as f64 / 8.0).ceil() * median(&round_trips);
    let times: Vec<f64> = (0..samples)
        .map(|_| {
            let started = Instant::now();
            walk();
            started.elapsed().as_secs_f64() / limit
        })
        .collect();
    report.check(
        "  the same walk: time / (ceil(pages / 8) x round trip)",
        &times,
        Unit::Ratio,
        Target::AtMost(1.15),
    );
}

/// A consumer that works as long as a round trip on each page: prefetch overlaps them.
fn prefetch(settings: &Settings, report: &mut Report) {
    let pages: u64 = if settings.quick { 20 } else { 40 };
    let latency = Duration::from_millis(20);
    let server = MockServer::start(MockConfig {
        latency,
        ..MockConfig::with_records(pages * 100)
    });
    let url = server.url(USERS);
    let runtime = multi_thread_runtime();
    let client = reqwest::Client::new();
    let mut walk = || {
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
    let mut unfold = || {
        runtime.block_on(async {
            let mut pages = std::pin::pin!(unfold_stream(client.clone(), url.clone(), 100).chunks(100));
            let mut seen = 0;
            while let Some(page) = pages.next().await {
                let users: Vec<User> = page.into_iter().collect::<Result<_, _>>().expect("page");
                seen += checksum(users.iter().map(|user| &user.id));
                tokio::time::sleep(latency).await;
            }
            seen
        })
    };
    let times = rounds(
        Clock::Wall,
        1,
        settings.samples.min(7),
        &mut [&mut walk, &mut unfold],
    );
    report.check(
        "consumer work = round trip: try_unfold time / walk time",
        &per_round(&times, |round| round[1] / round[0]),
        Unit::Ratio,
        Target::AtLeast(1.85),
    );
}

// ---------------------------------------------------------------------------------------------------
// Memory, counted by the allocator in fresh processes; the servers run in processes of their own.

/// What a live cursor walk holds after `pages` pages of 10, in this fresh process: the bytes held with
/// the walk alive (its own size included) minus those held before it was made, once the client is in
/// its steady state (its connections open and their buffers grown by a walk and a hand loop of 2,000
/// pages each). Prints that after
/// 1,000 pages and after `pages`, what dropping the walk then frees, and the checkpoint's size after
/// 1,000 pages and after `pages`.
fn held_child(base: &str, pages: u64) {
    COUNTING.store(true, Ordering::Relaxed);
    let url = format!("{base}{USERS}");
    let runtime = multi_thread_runtime();
    let client = reqwest::Client::new();
    let settle = || runtime.block_on(async { tokio::time::sleep(Duration::from_millis(50)).await });
    runtime.block_on(async {
        let mut warm_up = UsersPage::stream(client.get(&url))
            .page_size(HTTP_PAGE)
            .max_pages(2_000);
        while warm_up.next().await.is_some() {}
    });
    runtime.block_on(hand_loop(&client, &url, 2_000));
    settle();
    let walk_size = std::mem::size_of::<paginated::Paginator<User>>() as i64;
    let before = held();
    let mut walk = UsersPage::stream(client.get(&url)).page_size(HTTP_PAGE);
    let mut at_1000 = (0, 0);
    for page in 1..=pages {
        runtime.block_on(async {
            for _ in 0..HTTP_PAGE {
                walk.next().await.expect("an item").expect("a good item");
            }
        });
        if page == 1_000 {
            settle();
            at_1000 = (held() - before + walk_size, checkpoint_size(&walk));
        }
    }
    settle();
    let alive = held() - before + walk_size;
    let checkpoint = checkpoint_size(&walk);
    drop(walk);
    settle();
    let freed = alive - (held() - before);
    println!("{} {alive} {freed} {} {checkpoint}", at_1000.0, at_1000.1);
}

fn checkpoint_size(walk: &paginated::Paginator<User>) -> i64 {
    serde_json::to_string(&walk.checkpoint())
        .expect("checkpoint")
        .len() as i64
}

/// A page of small items, one large body.
#[derive(Deserialize, Paginate)]
#[paginate(cursor = "next_cursor")]
struct LargePage {
    data: Vec<Small>,
    next_cursor: Option<String>,
}

#[derive(Deserialize)]
struct Small {
    #[allow(dead_code)]
    id: u64,
}

/// A JSON body of `LargePage` with small items, of at least `bytes` bytes.
fn large_body(bytes: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(bytes + 64);
    body.extend_from_slice(b"{\"data\":[");
    let mut id = 1_000_000u64;
    while body.len() < bytes {
        if id > 1_000_000 {
            body.push(b',');
        }
        write!(body, "{{\"id\":{id}}}").expect("write");
        id += 1;
    }
    body.extend_from_slice(b"],\"next_cursor\":null}");
    body
}

/// An HTTP/1.1 server answering every request with one large JSON page: prints its base URL.
fn serve_body(bytes: usize) {
    let body = std::sync::Arc::new(large_body(bytes));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    println!("http://{}", listener.local_addr().expect("address"));
    std::io::stdout().flush().expect("stdout");
    std::thread::spawn(move || {
        for connection in listener.incoming() {
            let (Ok(connection), body) = (connection, body.clone()) else {
                continue;
            };
            std::thread::spawn(move || answer_all(connection, &body));
        }
    });
    wait_for_parent();
}

/// Answers each request on a keep-alive connection with `body`.
fn answer_all(connection: std::net::TcpStream, body: &[u8]) {
    let mut reader = BufReader::new(connection.try_clone().expect("connection"));
    let mut writer = connection;
    let head = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    loop {
        // The request's head, up to its empty line (a GET has no body).
        let mut line = String::new();
        loop {
            line.clear();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" => break,
                Ok(_) => {}
            }
        }
        if writer
            .write_all(head.as_bytes())
            .and_then(|()| writer.write_all(body))
            .is_err()
        {
            return;
        }
    }
}

/// The peak of one large page's walk (or, with `hand`, of a hand-written reqwest loop: `bytes()` and
/// `serde_json::from_slice`) beyond its body and its decoded items, in this fresh process: prints the
/// body's length, the items' size and the peak of bytes held while the page was fetched, decoded and
/// handed out (the client's connection open, its buffers grown by the same body before).
fn peak_child(base: &str, hand: bool) {
    COUNTING.store(true, Ordering::Relaxed);
    let url = format!("{base}/large");
    let runtime = multi_thread_runtime();
    let client = reqwest::Client::new();
    // The whole body, as a hand-written loop reads it.
    let fetch_body = || async {
        client
            .get(&url)
            .send()
            .await
            .expect("send")
            .bytes()
            .await
            .expect("body")
    };
    runtime.block_on(async {
        let body = fetch_body().await;
        let length = body.len();
        drop(body);
        tokio::time::sleep(Duration::from_millis(50)).await;
        let before = held();
        PEAK.store(before, Ordering::Relaxed);
        let items = if hand {
            let body = fetch_body().await;
            let page: LargePage = serde_json::from_slice(&body).expect("a good page");
            page.data.capacity()
        } else {
            let mut pages = LargePage::stream(client.get(&url)).pages();
            let page = pages.next().await.expect("a page").expect("a good page");
            page.items.capacity()
        };
        let peak = PEAK.load(Ordering::Relaxed) - before;
        let items = items * std::mem::size_of::<Small>();
        println!("{length} {items} {peak}");
    });
}

fn memory(settings: &Settings, report: &mut Report) {
    let pages: u64 = 10_000;
    let server = Helper::start(&["serve", &(2 * pages * HTTP_PAGE).to_string()]);
    let samples = if settings.quick { 1 } else { 3 };
    let runs: Vec<Vec<f64>> = (0..samples)
        .map(|_| measure_in_child(&["held", &server.line, &pages.to_string()]))
        .collect();
    let column = |at: usize| -> Vec<f64> { runs.iter().map(|run| run[at]).collect() };
    report.check(
        &format!("memory held by a live cursor walk after {pages} pages"),
        &column(1),
        Unit::Bytes,
        Target::AtMost(48.0 * 1024.0),
    );
    report.check("  after 1,000 pages", &column(0), Unit::Bytes, Target::Info);
    report.check(
        "  of which dropping the walk frees",
        &column(2),
        Unit::Bytes,
        Target::Info,
    );
    report.check(
        &format!("checkpoint size after {pages} pages / after 1,000"),
        &per_round(&runs, |run| run[4] / run[3]),
        Unit::Ratio,
        Target::AtMost(1.02),
    );
    drop(server);

    let body_bytes = 31 << 20;
    let server = Helper::start(&["serve-body", &body_bytes.to_string()]);
    let runs: Vec<Vec<f64>> = (0..samples)
        .map(|_| measure_in_child(&["peak", &server.line]))
        .collect();
    let beyond =
        |runs: &[Vec<f64>]| -> Vec<f64> { runs.iter().map(|run| run[2] - run[0] - run[1]).collect() };
    report.check(
        "a 31 MiB page of small items: peak beyond its body and its items",
        &beyond(&runs),
        Unit::Bytes,
        Target::AtMost(512.0 * 1024.0),
    );
    // The transport's own buffers (hyper reads a body in chunks of up to about 400 KiB) are in every
    // client's peak; what the walk may not add is a second copy of the body.
    let hand: Vec<Vec<f64>> = (0..samples)
        .map(|_| measure_in_child(&["peak-hand", &server.line]))
        .collect();
    report.check(
        "  a hand-written loop (`bytes()`, `from_slice`): beyond its body and items",
        &beyond(&hand),
        Unit::Bytes,
        Target::Info,
    );
    report.check(
        "  the walk's peak / the hand-written loop's",
        &runs
            .iter()
            .zip(&hand)
            .map(|(walk, hand)| walk[2] / hand[2])
            .collect::<Vec<_>>(),
        Unit::Ratio,
        // Informative: the hand loop's peak moves by megabytes with how its body arrives in chunks.
        Target::Info,
    );
    report.check(
        "  its body",
        &runs.iter().map(|run| run[0]).collect::<Vec<_>>(),
        Unit::Bytes,
        Target::Info,
    );
    report.check(
        "  its items",
        &runs.iter().map(|run| run[1]).collect::<Vec<_>>(),
        Unit::Bytes,
        Target::Info,
    );
}
