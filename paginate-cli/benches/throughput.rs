//! The command's throughput: 100,000 items of a cursor API (`paginated-mock`'s Airclou users, pages
//! of 100) over loopback, written as NDJSON to `/dev/null`, three ways, each a process of its own:
//!
//! - **the command**: `paginated URL --page-size 100 -q`, detection included;
//! - **the library's stream**: the same walk with `DynamicEnvelope` in a process that does nothing
//!   else (this benchmark run again with `--library-walk URL`);
//! - **a shell loop**: `curl` and `jq` in a `sh` loop, as one writes it without a paginating tool.
//!
//! The mock server runs in a process of its own too (this benchmark run again with `--serve`), so it
//! takes no processor time from the walks' processes, and the memory figures are the walks' own.
//!
//! Targets: the command takes at most 1.10 times the library's wall time (the median of the ratios of
//! rounds that run both, in alternating order, after a warm-up), and is faster than the shell loop.
//! Each prints measured, target and pass or MISS; the run exits non-zero on a miss. Items per second
//! and peak memory (the process's maximum resident set) are printed beside them.
//!
//! `cargo bench -p paginated-cli --bench throughput` (about a minute and a half, most of it the shell
//! loop); `-- --quick` takes fewer rounds and walks the shell loop over the first 10,000 items.

use std::io::{BufWriter, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use futures::StreamExt;
use paginated_core::{DynamicEnvelope, JsonPath, Source, Strategy};
use paginated_mock::{MockConfig, MockServer};

const ITEMS: u64 = 100_000;
const PAGE: &str = "100";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--library-walk") {
        library_walk(&args[at + 1]);
        return;
    }
    if args.iter().any(|arg| arg == "--serve") {
        serve();
        return;
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    let rounds = if quick { 3 } else { 9 };
    let server = Server::start();
    let url = format!("{}/playbook/api/v1/users", server.base_url);
    let cli = vec![
        env!("CARGO_BIN_EXE_paginated").to_owned(),
        url.clone(),
        "--page-size".to_owned(),
        PAGE.to_owned(),
        "-q".to_owned(),
    ];
    let library = vec![
        std::env::current_exe().unwrap().display().to_string(),
        "--library-walk".to_owned(),
        url.clone(),
    ];

    // A warm-up of each, then rounds in alternating order.
    run(&cli);
    run(&library);
    let (mut ratios, mut cli_runs, mut library_runs) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (a, b) = if round % 2 == 0 {
            (run(&cli), run(&library))
        } else {
            let library_run = run(&library);
            (run(&cli), library_run)
        };
        ratios.push(a.wall.as_secs_f64() / b.wall.as_secs_f64());
        cli_runs.push(a);
        library_runs.push(b);
    }
    let cli_run = median_run(&mut cli_runs);
    let library_run = median_run(&mut library_runs);
    println!("100,000 items over loopback, pages of {PAGE}, {rounds} rounds (medians)");
    report("paginated (the command)", &cli_run, ITEMS);
    report("the library's stream", &library_run, ITEMS);

    let mut missed = false;
    let ratio = median(&mut ratios);
    missed |= verdict("command / library stream, wall", ratio, "<= 1.10", ratio <= 1.10);

    let shell_items = if quick { 10_000 } else { ITEMS };
    match shell_loop(&url, shell_items) {
        Some(shell) => {
            report("curl and jq in a shell loop", &shell, shell_items);
            let cli_rate = ITEMS as f64 / cli_run.wall.as_secs_f64();
            let shell_rate = shell_items as f64 / shell.wall.as_secs_f64();
            let speedup = cli_rate / shell_rate;
            missed |= verdict(
                "command / shell loop, items per second",
                speedup,
                "> 1",
                speedup > 1.0,
            );
        }
        None => println!("(skipped) the shell loop: `sh`, `curl` or `jq` is not installed"),
    }
    if missed {
        std::process::exit(1);
    }
}

/// The mock server, in a child process that ends when its stdin closes.
struct Server {
    base_url: String,
    child: std::process::Child,
}

impl Server {
    fn start() -> Self {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .arg("--serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut line,
        )
        .unwrap();
        Server {
            base_url: line.trim().to_owned(),
            child,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// Serves the records until stdin closes, after printing the base URL.
fn serve() {
    let server = MockServer::start(MockConfig::with_records(ITEMS));
    println!("{}", server.base_url());
    std::io::stdout().flush().unwrap();
    let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
}

/// One finished run of a process.
#[derive(Clone, Copy)]
struct Measured {
    wall: Duration,
    /// The peak resident set in KiB, where the platform says.
    peak_kib: Option<u64>,
    /// User and system processor time, where the platform says.
    cpu: Option<Duration>,
}

/// Runs `command` with stdout to `/dev/null` and returns its wall time and peak memory; panics when
/// it fails.
fn run(command: &[String]) -> Measured {
    let start = Instant::now();
    let child = Command::new(&command[0])
        .args(&command[1..])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("{}: {error}", command[0]));
    let (success, peak_kib, cpu) = wait(child);
    let wall = start.elapsed();
    assert!(success, "{command:?} failed");
    Measured { wall, peak_kib, cpu }
}

/// Waits for `child`: whether it succeeded, its peak resident set (KiB) and its processor time.
#[cfg(unix)]
fn wait(child: std::process::Child) -> (bool, Option<u64>, Option<Duration>) {
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that `wait4` fills; `pid` is our own child, reaped here once
    // (the `Child` handle is dropped without waiting).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    drop(child);
    assert_eq!(reaped, pid, "wait4 failed");
    let success = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let time = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = time(usage.ru_utime) + time(usage.ru_stime);
    (success, Some(usage.ru_maxrss as u64), Some(cpu))
}

#[cfg(not(unix))]
fn wait(mut child: std::process::Child) -> (bool, Option<u64>, Option<Duration>) {
    (
        child.wait().map(|status| status.success()).unwrap_or(false),
        None,
        None,
    )
}

/// `curl` and `jq` in a `sh` loop over the first `items` items (they stop at the page that holds
/// the last one); `None` when a tool is missing.
fn shell_loop(url: &str, items: u64) -> Option<Measured> {
    let found = |tool: &str| {
        Command::new("sh")
            .args(["-c", &format!("command -v {tool}")])
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    };
    if !(found("curl") && found("jq")) {
        return None;
    }
    let pages = items / 100;
    let script = format!(
        r#"url="$1"; cursor=""; page_count=0
while [ "$page_count" -lt {pages} ]; do
  if [ -n "$cursor" ]; then page=$(curl -sf "$url?limit=100&cursor=$cursor") || exit 1
  else page=$(curl -sf "$url?limit=100") || exit 1; fi
  printf '%s' "$page" | jq -c '.data[]'
  cursor=$(printf '%s' "$page" | jq -r '.pagination.next_cursor // empty')
  page_count=$((page_count + 1))
  [ -n "$cursor" ] || break
done"#
    );
    Some(run(&[
        "sh".to_owned(),
        "-c".to_owned(),
        script,
        "sh".to_owned(),
        url.to_owned(),
    ]))
}

/// The library's stream over the same endpoint, writing what the command writes: the walk the
/// command detects, without the detection.
fn library_walk(url: &str) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let client = paginated_core::http::client().build().unwrap();
        let pagination = JsonPath::member("pagination");
        let envelope = DynamicEnvelope::new(Strategy::Cursor, JsonPath::member("data"))
            .cursor(Source::Body(pagination.clone().then("next_cursor")))
            .has_more(Source::Body(pagination.clone().then("has_more")))
            .total(Source::Body(pagination.then("total_count")));
        let mut items = envelope.stream(client.get(url)).unwrap().page_size(100);
        let mut out = BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        let mut count = 0u64;
        while let Some(item) = items.next().await {
            let item = item.unwrap();
            out.write_all(item.get().as_bytes()).unwrap();
            out.write_all(b"\n").unwrap();
            count += 1;
        }
        out.flush().unwrap();
        assert_eq!(count, ITEMS);
    });
}

fn report(what: &str, run: &Measured, items: u64) {
    let rate = items as f64 / run.wall.as_secs_f64();
    let peak = run.peak_kib.map_or_else(
        || "n/a".to_owned(),
        |kib| format!("{:.1} MiB", kib as f64 / 1024.0),
    );
    let cpu = run
        .cpu
        .map_or_else(|| "n/a".to_owned(), |cpu| format!("{:.3} s", cpu.as_secs_f64()));
    println!(
        "(info) {what}: {:.3} s, {:.0} items/s, processor time {cpu}, peak memory {peak}",
        run.wall.as_secs_f64(),
        rate
    );
}

/// Prints a target's line; whether it was missed.
fn verdict(what: &str, measured: f64, target: &str, met: bool) -> bool {
    let verdict = if met { "pass" } else { "MISS" };
    println!("{what}: measured {measured:.3}, target {target}: {verdict}");
    !met
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn median_run(runs: &mut [Measured]) -> Measured {
    runs.sort_by_key(|run| run.wall);
    runs[runs.len() / 2]
}
