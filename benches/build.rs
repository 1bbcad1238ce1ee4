//! What depending on `paginated` costs a build, against the same crates with serde's derive alone:
//!
//! - **per envelope**: a crate of envelopes rebuilt alone (its dependencies built), `cargo build` and
//!   `cargo check`, with `#[derive(Deserialize, Paginate)]` against `#[derive(Deserialize)]`: the 107
//!   envelopes `paginated-openapi` emits for the Stripe document, and 100 small ones. Counted in rustc's
//!   instructions (valgrind's cachegrind, the same from run to run; this machine may have no hardware
//!   counters) and in CPU seconds (user and system time of the cargo process tree, medians of
//!   alternated rounds); pass or miss is decided on instructions where valgrind is installed.
//! - **fixed cost**: clean builds of a small crate with serde, serde_json, reqwest and tokio, with and
//!   without `paginated` (default features), alternated: the rustc CPU seconds (medians) of the units
//!   `paginated` adds and of the shared units it compiles with other features; the whole tree's
//!   difference is printed beside it, as the machine's load moves it by seconds. And the dependency
//!   trees of feature sets, which build no dependency for a feature that is off.
//!
//! `cargo bench --bench build` (about 20 minutes on 2 cores); `cargo bench --bench build -- --quick`
//! (CPU time only, fewer rounds: a few minutes); `-- --part per-envelope` (or `fixed`, `features`) for
//! one part; `-- --keep` keeps the temporary directory. Builds run offline against the local registry
//! in a temporary directory with its own target directory. Exits non-zero when a target is missed.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

#[path = "support/stats.rs"]
mod stats;
use stats::{load_average, median};

/// The workspace: the `paginated` that the measured crates depend on.
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Set for a rustc wrapper run of this binary: append each unit's CPU time to this file.
const UNITS_LOG: &str = "PAGINATED_BENCH_UNITS_LOG";
/// Set for a rustc wrapper run of this binary: run rustc under cachegrind, logging to this prefix.
const VALGRIND_LOG: &str = "PAGINATED_BENCH_VALGRIND_LOG";

/// The crates every measured crate depends on, besides `paginated`.
const SERDE: &str = "serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n";
/// What the fixed-cost crates depend on: a small HTTP client crate.
const CLIENT: &str = "reqwest = { version = \"0.13\", default-features = false, features = [\"json\"] }\n\
                      tokio = { version = \"1\", features = [\"rt\", \"macros\", \"time\"] }\n";

fn main() -> ExitCode {
    if let Some(code) = wrap_rustc() {
        return code;
    }
    let quick = std::env::args().any(|arg| arg == "--quick");
    match run(quick) {
        Ok(report) => {
            if report.missed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            eprintln!("build bench: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(quick: bool) -> Result<Report, String> {
    let bench = Bench::new(quick)?;
    let mut report = Report::default();
    println!(
        "paginated build cost{} (load average {}; the machine may be shared with other work)",
        if quick { ", --quick" } else { "" },
        load_average()
    );
    // `--part per-envelope`, `--part fixed`, `--part features`: only those; all by default.
    let args: Vec<String> = std::env::args().collect();
    let parts: Vec<&str> = args
        .windows(2)
        .filter(|pair| pair[0] == "--part")
        .map(|pair| pair[1].as_str())
        .collect();
    let runs = |part: &str| parts.is_empty() || parts.contains(&part);
    if runs("per-envelope") {
        let stripe = bench.stripe_suite()?;
        let small = bench.small_suite()?;
        for suite in [&stripe, &small] {
            bench.per_envelope(suite, &mut report)?;
        }
    }
    if runs("fixed") {
        bench.fixed_cost(&mut report)?;
    }
    if runs("features") {
        bench.feature_trees(&mut report)?;
    }
    println!("load average at the end: {}", load_average());
    if !bench.keep {
        let _ = fs::remove_dir_all(&bench.dir);
    }
    Ok(report)
}

/// The lines printed so far, and whether a target was missed.
#[derive(Default)]
struct Report {
    missed: bool,
}

impl Report {
    /// One target: what was measured, the target, and pass or MISS.
    fn target(&mut self, name: &str, measured: String, target: String, pass: bool) {
        self.missed |= !pass;
        let verdict = if pass { "pass" } else { "MISS" };
        println!("  {name:<34} {measured:<62} target {target:<9} {verdict}");
    }
}

/// The temporary directory the builds run in, and how many rounds they take.
struct Bench {
    dir: PathBuf,
    target: PathBuf,
    rounds: usize,
    fixed_rounds: usize,
    instructions: bool,
    keep: bool,
}

/// A crate of envelopes in two versions: with `paginated`'s derive, and with serde's alone.
struct Suite {
    name: String,
    envelopes: usize,
    derive: PathBuf,
    serde: PathBuf,
}

impl Bench {
    fn new(quick: bool) -> Result<Bench, String> {
        let dir = std::env::temp_dir().join(format!("paginated-bench-build-{}", std::process::id()));
        fs::create_dir_all(&dir).map_err(|error| format!("{}: {error}", dir.display()))?;
        let instructions = !quick && valgrind_found();
        if !quick && !instructions {
            println!("valgrind not found: per-envelope targets are judged on CPU time");
        }
        Ok(Bench {
            target: dir.join("target"),
            dir,
            rounds: if quick { 2 } else { 5 },
            fixed_rounds: if quick { 1 } else { 3 },
            instructions,
            keep: std::env::args().any(|arg| arg == "--keep"),
        })
    }

    /// `cargo <args>` in `dir`, offline and without incremental compilation, with `env`; the CPU
    /// seconds of its process tree, or its error output.
    fn cargo(&self, dir: &Path, args: &[&str], target: &Path, env: &[(&str, &Path)]) -> Result<f64, String> {
        let mut command = Command::new(cargo_binary());
        // Cargo's own options before any `--` that starts the program's.
        command
            .args(&args[..1])
            .args(["--offline", "--quiet"])
            .args(&args[1..])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0")
            .env_remove("RUSTC_WRAPPER")
            .env_remove("RUSTC_WORKSPACE_WRAPPER")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        for (key, value) in env {
            command.env(key, value);
        }
        let before = children_cpu();
        let output = command.output().map_err(|error| format!("cargo: {error}"))?;
        let cpu = children_cpu() - before;
        if !output.status.success() {
            return Err(format!(
                "`cargo {}` in {} failed:\n{}",
                args.join(" "),
                dir.display(),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(cpu)
    }

    /// A crate in `self.dir/name` depending on `dependencies`, whose library is `source`; resolved
    /// with the workspace's lock file, so that it builds offline with the versions the workspace uses.
    fn write_crate(&self, name: &str, dependencies: &str, source: &str) -> Result<PathBuf, String> {
        let dir = self.dir.join(name);
        let write = || -> std::io::Result<()> {
            fs::create_dir_all(dir.join("src"))?;
            fs::write(
                dir.join("Cargo.toml"),
                format!(
                    "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
                     [workspace]\n\n[dependencies]\n{dependencies}"
                ),
            )?;
            fs::copy(Path::new(ROOT).join("Cargo.lock"), dir.join("Cargo.lock"))?;
            fs::write(dir.join("src/lib.rs"), source)
        };
        write().map_err(|error| format!("{}: {error}", dir.display()))?;
        Ok(dir)
    }

    fn suite(&self, name: &str, envelopes: usize, derived: &str, serde_only: &str) -> Result<Suite, String> {
        let paginated = format!("paginated = {{ path = {ROOT:?} }}\n{SERDE}");
        let slug = name.to_lowercase().replace(' ', "-");
        Ok(Suite {
            name: name.to_owned(),
            envelopes,
            derive: self.write_crate(&format!("envelopes-{slug}-derive"), &paginated, derived)?,
            // Depending on `paginated` too (unused), so that cargo's freshness checks of a path
            // dependency cost both sides the same.
            serde: self.write_crate(&format!("envelopes-{slug}-serde"), &paginated, serde_only)?,
        })
    }

    /// The envelopes `paginated-openapi` emits for the Stripe document.
    fn stripe_suite(&self) -> Result<Suite, String> {
        let out = self.dir.join("stripe.rs");
        let document = Path::new(ROOT).join("paginate-openapi/tests/documents/stripe.yaml");
        let (document, out_arg) = (document.display().to_string(), out.display().to_string());
        self.cargo(
            Path::new(ROOT),
            &[
                "run",
                "-p",
                "paginated-openapi",
                "--",
                &document,
                "--out",
                &out_arg,
            ],
            &self.target,
            &[],
        )?;
        let derived = fs::read_to_string(&out).map_err(|error| format!("{}: {error}", out.display()))?;
        let envelopes = derived.matches("paginated::Paginate").count();
        let derived = format!("#![allow(dead_code)]\n{derived}");
        self.suite("Stripe", envelopes, &derived, &without_paginate(&derived))
    }

    /// 100 small cursor envelopes, each with its item and pagination types.
    fn small_suite(&self) -> Result<Suite, String> {
        let mut derived = String::from("#![allow(dead_code)]\nuse serde::Deserialize;\n");
        for i in 0..100 {
            derived += &format!(
                "#[derive(Deserialize)] pub struct Item{i} {{ pub id: u64, pub name: String }}\n\
                 #[derive(Deserialize)] pub struct Pagination{i} {{ pub next_cursor: Option<String>, pub has_more: bool, pub total: u64 }}\n\
                 #[derive(Deserialize, paginated::Paginate)]\n\
                 #[paginate(cursor = \"pagination.next_cursor\", has_more = \"pagination.has_more\", total = \"pagination.total\")]\n\
                 pub struct Page{i} {{ pub data: Vec<Item{i}>, pub pagination: Pagination{i} }}\n"
            );
        }
        self.suite("100 small", 100, &derived, &without_paginate(&derived))
    }

    /// The per-envelope targets of `suite`, and its expansion and LLVM IR per envelope.
    fn per_envelope(&self, suite: &Suite, report: &mut Report) -> Result<(), String> {
        let n = suite.envelopes as f64;
        let expanded = self.lines_per_envelope(suite, &["--", "-Zunpretty=expanded"], "expanded");
        let ir = self.lines_per_envelope(suite, &["--", "--emit=llvm-ir"], "ll");
        // After those (`RUSTC_BOOTSTRAP` changes fingerprints), so that no timed build rebuilds a
        // dependency.
        for dir in [&suite.derive, &suite.serde] {
            self.cargo(dir, &["build"], &self.target, &[])?;
            self.cargo(dir, &["check"], &self.target, &[])?;
        }
        let per = |lines: Option<f64>| lines.map_or_else(|| "?".to_owned(), |lines| format!("{lines:+.0}"));
        println!(
            "per envelope, {} ({} envelopes; an envelope's expansion {} lines, its LLVM IR {} lines):",
            suite.name,
            suite.envelopes,
            per(expanded),
            per(ir)
        );
        for (mode, limit) in [("build", 1.10), ("check", 1.05)] {
            let mut cpu = (Vec::new(), Vec::new());
            for round in 0..self.rounds {
                // Alternated, so that a change in the machine's load falls on both sides.
                let order = if round % 2 == 0 {
                    [true, false]
                } else {
                    [false, true]
                };
                for derived in order {
                    let dir = if derived { &suite.derive } else { &suite.serde };
                    touch(&dir.join("src/lib.rs"))?;
                    let seconds = self.cargo(dir, &[mode], &self.target, &[])?;
                    if derived { &mut cpu.0 } else { &mut cpu.1 }.push(seconds);
                }
            }
            let (with, without) = (median(&cpu.0), median(&cpu.1));
            let cpu_ratio = with / without;
            let per_envelope_ms = (with - without) / n * 1000.0;
            let name = format!("cargo {mode}, against serde alone");
            let target = format!("≤ {limit:.2}×");
            let instructions = if self.instructions {
                Some((
                    self.instructions(&suite.derive, mode)?,
                    self.instructions(&suite.serde, mode)?,
                ))
            } else {
                None
            };
            match instructions {
                Some((with_i, without_i)) => {
                    let ratio = with_i as f64 / without_i as f64;
                    let measured = format!(
                        "{ratio:.3}× by instructions (CPU {cpu_ratio:.2}×, {per_envelope_ms:+.1} ms an envelope)"
                    );
                    report.target(&name, measured, target, ratio <= limit);
                }
                None => {
                    let measured = format!("{cpu_ratio:.3}× by CPU ({per_envelope_ms:+.1} ms an envelope)");
                    report.target(&name, measured, target, cpu_ratio <= limit);
                }
            }
        }
        Ok(())
    }

    /// rustc's instructions to `cargo <mode>` the crate in `dir` alone, counted by cachegrind.
    fn instructions(&self, dir: &Path, mode: &str) -> Result<u64, String> {
        let logs = self.dir.join("valgrind");
        let _ = fs::remove_dir_all(&logs);
        fs::create_dir_all(&logs).map_err(|error| format!("{}: {error}", logs.display()))?;
        touch(&dir.join("src/lib.rs"))?;
        let wrapper = std::env::current_exe().map_err(|error| format!("this benchmark's path: {error}"))?;
        let prefix = logs.join("rustc");
        let mut command = Command::new(cargo_binary());
        command
            .args([mode, "--offline", "--quiet"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_INCREMENTAL", "0")
            .env("RUSTC_WORKSPACE_WRAPPER", &wrapper)
            .env(VALGRIND_LOG, &prefix)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        let status = command.status().map_err(|error| format!("cargo: {error}"))?;
        if !status.success() {
            return Err(format!(
                "`cargo {mode}` under valgrind failed in {}",
                dir.display()
            ));
        }
        let mut total = None;
        for entry in fs::read_dir(&logs).map_err(|error| error.to_string())? {
            let text = fs::read_to_string(entry.map_err(|error| error.to_string())?.path())
                .map_err(|error| error.to_string())?;
            // The compilation of the crate itself, not cargo's queries of rustc.
            if !text.contains("--crate-name envelopes_") {
                continue;
            }
            let refs = text
                .lines()
                .find(|line| line.contains("I") && line.contains("refs:"))
                .and_then(|line| line.split_whitespace().last())
                .and_then(|count| count.replace(',', "").parse::<u64>().ok());
            total = Some(total.unwrap_or(0) + refs.ok_or("no instruction count in valgrind's log")?);
        }
        total.ok_or_else(|| "valgrind counted no compilation".to_owned())
    }

    /// Lines of `cargo rustc <args>`'s output (standard output, else the newest file with extension
    /// `ext` in the target directory) added per envelope, or `None` when rustc cannot produce it.
    fn lines_per_envelope(&self, suite: &Suite, args: &[&str], ext: &str) -> Option<f64> {
        let count = |dir: &Path| -> Option<usize> {
            touch(&dir.join("src/lib.rs")).ok()?;
            let mut command = Command::new(cargo_binary());
            command
                .arg("rustc")
                .args(["--offline", "--quiet"])
                .args(args)
                .current_dir(dir)
                .env("CARGO_TARGET_DIR", &self.target)
                .env("CARGO_INCREMENTAL", "0")
                .env_remove("RUSTC_WRAPPER")
                .env_remove("RUSTC_WORKSPACE_WRAPPER");
            if ext == "expanded" {
                // `-Zunpretty` is a nightly option: the expansion is a diagnostic, not a target.
                command.env("RUSTC_BOOTSTRAP", "1");
            }
            let output = command.stderr(Stdio::null()).output().ok()?;
            if !output.status.success() {
                return None;
            }
            if ext == "expanded" {
                return Some(String::from_utf8_lossy(&output.stdout).lines().count());
            }
            let name = dir.file_name()?.to_str()?.replace('-', "_");
            let newest = fs::read_dir(self.target.join("debug/deps"))
                .ok()?
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|path| {
                    path.extension().is_some_and(|found| found == ext)
                        && path
                            .file_name()
                            .and_then(|file| file.to_str())
                            .is_some_and(|file| file.starts_with(&format!("{name}-")))
                })
                .max_by_key(|path| fs::metadata(path).and_then(|metadata| metadata.modified()).ok())?;
            Some(fs::read_to_string(newest).ok()?.lines().count())
        };
        let (with, without) = (count(&suite.derive)?, count(&suite.serde)?);
        Some((with as f64 - without as f64) / suite.envelopes as f64)
    }

    /// Clean builds with and without `paginated`, alternated; the CPU time it adds, and the CPU time of
    /// each unit it adds.
    fn fixed_cost(&self, report: &mut Report) -> Result<(), String> {
        let with_deps = format!("paginated = {{ path = {ROOT:?} }}\n{SERDE}{CLIENT}");
        let with = self.write_crate("client-paginated", &with_deps, "")?;
        let without = self.write_crate("client", &format!("{SERDE}{CLIENT}"), "")?;
        let wrapper = std::env::current_exe().map_err(|error| format!("this benchmark's path: {error}"))?;
        let mut totals: (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
        let mut units: (Vec<Units>, Vec<Units>) = (Vec::new(), Vec::new());
        for round in 0..self.fixed_rounds {
            let order = if round % 2 == 0 {
                [true, false]
            } else {
                [false, true]
            };
            for paginated in order {
                let (dir, side) = if paginated {
                    (&with, "with")
                } else {
                    (&without, "without")
                };
                let target = self.dir.join(format!("fixed-{side}"));
                let log = self.dir.join(format!("units-{side}-{round}.log"));
                let _ = fs::remove_dir_all(&target);
                let _ = fs::remove_file(&log);
                let seconds = self.cargo(
                    dir,
                    &["build"],
                    &target,
                    &[("RUSTC_WRAPPER", &wrapper), (UNITS_LOG, &log)],
                )?;
                let _ = fs::remove_dir_all(&target);
                let read = read_units(&log)?;
                if paginated {
                    totals.0.push(seconds);
                    units.0.push(read);
                } else {
                    totals.1.push(seconds);
                    units.1.push(read);
                }
            }
        }
        let (with_cpu, without_cpu) = (median(&totals.0), median(&totals.1));
        // By unit, medians: the units only the build with `paginated` has, and the shared units it
        // compiles with other features. A shared unit with the same features is the same work on
        // both sides; what its time differs by is the machine's noise, left out of the target.
        let unit_median = |rounds: &[Units], key: &str| {
            median(
                &rounds
                    .iter()
                    .filter_map(|round| round.get(key).map(|unit| unit.1))
                    .collect::<Vec<_>>(),
            )
        };
        let (mut added_units, mut changed, mut noise) = (Vec::new(), Vec::new(), 0.0);
        for (key, (features, _)) in &units.0[0] {
            let with = unit_median(&units.0, key);
            match units.1[0].get(key) {
                None => added_units.push((with, key.clone())),
                Some((base_features, _)) if base_features != features => {
                    changed.push((with - unit_median(&units.1, key), format!("{key} (features)")));
                }
                Some(_) => noise += with - unit_median(&units.1, key),
            }
        }
        let added: f64 = added_units
            .iter()
            .chain(&changed)
            .map(|(seconds, _)| seconds)
            .sum();
        println!(
            "fixed cost, a clean build of serde, serde_json, reqwest and tokio ({without_cpu:.1} s of CPU), default features:"
        );
        report.target(
            "CPU added by paginated",
            format!(
                "{added:+.1} s of rustc (whole tree {:+.1} s; medians of {} rounds)",
                with_cpu - without_cpu,
                self.fixed_rounds
            ),
            "≤ +4 s".to_owned(),
            added <= 4.0,
        );
        let mut rows: Vec<(f64, String)> = added_units.into_iter().chain(changed).collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        let listed: Vec<String> = rows
            .iter()
            .filter(|(seconds, _)| seconds.abs() >= 0.05)
            .map(|(seconds, unit)| format!("{unit} {seconds:.2}"))
            .collect();
        println!("    by unit: {}", listed.join(", "));
        println!("    shared units with the same features differ by {noise:+.1} s (the machine's noise)");
        Ok(())
    }

    /// The dependencies each feature set builds: none for a feature that is off.
    fn feature_trees(&self, report: &mut Report) -> Result<(), String> {
        let cases: [(&str, &[&str], &[&str]); 3] = [
            (
                "default features",
                &[],
                &["futures-timer", "async-io", "quick-xml"],
            ),
            (
                "blocking only",
                &["--no-default-features", "--features", "blocking"],
                &[
                    "tokio",
                    "reqwest",
                    "futures-core",
                    "futures-timer",
                    "httpdate",
                    "async-io",
                    "quick-xml",
                ],
            ),
            (
                "async with async-io",
                &["--no-default-features", "--features", "async,async-io"],
                &["tokio", "reqwest", "httpdate", "futures-timer", "quick-xml"],
            ),
        ];
        println!("dependencies by feature set (paginated's normal dependency tree):");
        for (name, features, absent) in cases {
            let output = Command::new(cargo_binary())
                .args([
                    "tree",
                    "--offline",
                    "--quiet",
                    "-p",
                    "paginated",
                    "-e",
                    "normal",
                    "--prefix",
                    "none",
                ])
                .args(features)
                .current_dir(ROOT)
                .output()
                .map_err(|error| format!("cargo tree: {error}"))?;
            if !output.status.success() {
                return Err(format!(
                    "cargo tree failed: {}",
                    String::from_utf8_lossy(&output.stderr)
                ));
            }
            let tree = String::from_utf8_lossy(&output.stdout);
            let built: Vec<&str> = absent
                .iter()
                .copied()
                .filter(|package| {
                    tree.lines()
                        .any(|line| line.split_whitespace().next() == Some(package))
                })
                .collect();
            let measured = if built.is_empty() {
                format!("none of {}", absent.join(", "))
            } else {
                format!("builds {}", built.join(", "))
            };
            report.target(
                &format!("{name}: no dependency of an off feature"),
                measured,
                "none".to_owned(),
                built.is_empty(),
            );
        }
        Ok(())
    }
}

/// By compilation unit (`package` or `package (build script)`): the features it was compiled with and
/// its CPU seconds, from a wrapper's log.
type Units = BTreeMap<String, (String, f64)>;

fn read_units(log: &Path) -> Result<Units, String> {
    let text = fs::read_to_string(log).map_err(|error| format!("{}: {error}", log.display()))?;
    let mut units = Units::new();
    for line in text.lines() {
        let mut fields = line.split('\t');
        if let (Some(unit), Some(features), Some(seconds)) = (fields.next(), fields.next(), fields.next()) {
            let entry = units
                .entry(unit.to_owned())
                .or_insert_with(|| (features.to_owned(), 0.0));
            entry.1 += seconds.parse::<f64>().unwrap_or(0.0);
        }
    }
    Ok(units)
}

/// As a rustc wrapper (`RUSTC_WRAPPER` or `RUSTC_WORKSPACE_WRAPPER` set to this binary, with one of
/// this benchmark's variables): runs rustc, counting its instructions or logging its CPU time; the
/// exit code to leave with. `None` for the benchmark itself.
fn wrap_rustc() -> Option<ExitCode> {
    let valgrind = std::env::var_os(VALGRIND_LOG);
    let units = std::env::var_os(UNITS_LOG);
    if valgrind.is_none() && units.is_none() {
        return None;
    }
    let mut args = std::env::args_os().skip(1);
    let rustc = args.next()?;
    let args: Vec<_> = args.collect();
    let crate_name = args
        .iter()
        .position(|arg| arg == "--crate-name")
        .and_then(|index| args.get(index + 1))
        .map(|name| name.to_string_lossy().into_owned())
        // `___` is cargo asking rustc about the target, not a compilation.
        .filter(|name| name != "___");
    let mut command = match (&valgrind, &crate_name) {
        (Some(prefix), Some(_)) => {
            let mut command = Command::new("valgrind");
            command
                .args([
                    "--tool=cachegrind",
                    "--cache-sim=no",
                    "--cachegrind-out-file=/dev/null",
                ])
                .arg(format!("--log-file={}.%p", Path::new(prefix).display()))
                .arg(&rustc);
            command
        }
        _ => Command::new(&rustc),
    };
    let before = children_cpu();
    let status = match command.args(&args).status() {
        Ok(status) => status,
        Err(error) => {
            eprintln!("build bench wrapper: {}: {error}", rustc.to_string_lossy());
            return Some(ExitCode::FAILURE);
        }
    };
    if let (Some(log), Some(crate_name)) = (units, crate_name) {
        let package = std::env::var("CARGO_PKG_NAME").unwrap_or(crate_name.clone());
        let unit = if crate_name == "build_script_build" {
            format!("{package} (build script)")
        } else {
            package
        };
        // The features it was compiled with: the same unit with the same features is the same work.
        let features: Vec<String> = args
            .windows(2)
            .filter(|pair| pair[0] == "--cfg")
            .filter_map(|pair| pair[1].to_str())
            .filter(|cfg| cfg.starts_with("feature="))
            .map(|cfg| cfg.trim_start_matches("feature=").trim_matches('"').to_owned())
            .collect();
        let line = format!("{unit}\t{}\t{:.3}\n", features.join(","), children_cpu() - before);
        let appended = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(log)
            .and_then(|mut file| std::io::Write::write_all(&mut file, line.as_bytes()));
        if let Err(error) = appended {
            eprintln!("build bench wrapper: {error}");
        }
    }
    Some(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(status.code().map_or(1, |code| code as u8))
    })
}

/// `source` with `paginated`'s derive and attributes taken out.
fn without_paginate(source: &str) -> String {
    let mut out = String::new();
    let mut in_attribute = false;
    for line in source.lines() {
        let trimmed = line.trim_start();
        if in_attribute || trimmed.starts_with("#[paginate(") {
            // An attribute may span lines; it ends with the line that closes it.
            in_attribute = !trimmed.trim_end().ends_with(")]");
            continue;
        }
        out += &line.replace(", paginated::Paginate", "");
        out.push('\n');
    }
    out
}

/// Marks `path` as changed, so that cargo compiles its crate again.
fn touch(path: &Path) -> Result<(), String> {
    fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(std::time::SystemTime::now()))
        .map_err(|error| format!("{}: {error}", path.display()))
}

fn cargo_binary() -> PathBuf {
    std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}

fn valgrind_found() -> bool {
    Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// The CPU time (user and system, in seconds) of this process's finished children and theirs, from
/// `/proc/self/stat` (clock ticks of a hundredth of a second); 0 where there is no such file.
fn children_cpu() -> f64 {
    let Ok(stat) = fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // After the command name in parentheses, the children's user and system times are the 14th and
    // 15th fields.
    let fields: Vec<&str> = stat
        .rsplit_once(") ")
        .map_or(Vec::new(), |(_, rest)| rest.split_whitespace().collect());
    let ticks = |index: usize| {
        fields
            .get(index)
            .and_then(|field| field.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (ticks(13) + ticks(14)) / 100.0
}
