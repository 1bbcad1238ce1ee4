//! `--resume`: killed mid-walk (`kill -9`, Ctrl-C), the same command goes on where it stopped and the
//! output holds every item once; a resume file of another request is refused; no credential is ever
//! written to it.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use paginated_mock::{MockConfig, MockServer};
use serde_json::Value;

use crate::support::{command, number, paginated, Run};

const RECORDS: u64 = 400;

/// Items a page in every walk here.
const PAGE: usize = 10;

/// The longest a test waits for a walk to reach the mock's gate: a guard against a hang, which no
/// walk here comes near.
const HANG_GUARD: Duration = Duration::from_secs(120);

fn server() -> MockServer {
    MockServer::start(MockConfig::with_records(RECORDS))
}

/// A directory of its own for each test, removed at the end.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("paginated-cli-resume-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn lines(path: &Path) -> usize {
    fs::read_to_string(path).map_or(0, |text| text.lines().count())
}

/// Runs `command` until `output` holds at least `count` lines and the resume file exists, then sends
/// it `signal`; its exit code. The mock answers only the pages that takes (and two more: detection's
/// request, and a page a resumed walk writes again), then holds the next request: the walk is stopped
/// where the test says, by count, and cannot end first.
fn stop_after(
    server: &MockServer,
    mut command: Command,
    output: &Path,
    resume: &Path,
    count: usize,
    signal: &str,
) -> i32 {
    let pages = count.saturating_sub(lines(output)).div_ceil(PAGE) + 2;
    server.pause_after(pages as u64);
    let mut child = command.spawn().unwrap();
    assert!(
        server.wait_held(1, HANG_GUARD),
        "the walk made no request past its pages"
    );
    // Every page answered before the gate is written, and its position kept.
    while lines(output) < count || !resume.exists() {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the walk ended before it could be stopped: {status}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let killed = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let code = child.wait().unwrap().code().unwrap_or(-1);
    server.resume();
    code
}

/// The ids of the NDJSON items in `path`, in file order, each checked to appear once.
fn ids_once(path: &Path) -> Vec<u64> {
    let ids: Vec<u64> = fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|line| number(&serde_json::from_str::<Value>(line).unwrap()["id"]))
        .collect();
    assert!(!ids.is_empty(), "no item in {}", path.display());
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "an item written twice");
    ids
}

fn every_record() -> Vec<u64> {
    (1..=RECORDS).collect()
}

#[test]
fn killed_with_sigkill_it_goes_on_with_every_item_once() {
    let server = server();
    let scratch = Scratch::new("kill");
    let (out, resume) = (scratch.path("users.ndjson"), scratch.path("users.resume"));
    let url = server.url("/playbook/api/v1/users");
    let args = [
        url.as_str(),
        "--page-size",
        "10",
        "--resume",
        resume.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    // Three kills at different places, then a run to the end.
    for count in [35, 120, 260] {
        let mut walk = command();
        walk.args(args).stderr(Stdio::null());
        stop_after(&server, walk, &out, &resume, count, "-KILL");
    }
    let run = paginated(&args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(ids_once(&out), every_record(), "every record, once, in order");
    assert!(!resume.exists(), "a finished walk leaves no resume file");
}

#[test]
fn stdout_appended_to_a_file_is_cut_back_on_resume() {
    let server = server();
    let scratch = Scratch::new("stdout");
    let (out, resume) = (scratch.path("users.ndjson"), scratch.path("users.resume"));
    let url = server.url("/playbook/api/v1/users");
    let args = [
        url.as_str(),
        "--page-size",
        "10",
        "--resume",
        resume.to_str().unwrap(),
    ];
    let append = || OpenOptions::new().create(true).append(true).open(&out).unwrap();
    let mut walk = command();
    walk.args(args).stdout(append()).stderr(Stdio::null());
    stop_after(&server, walk, &out, &resume, 95, "-KILL");
    let run: Run = command().args(args).stdout(append()).output().unwrap().into();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(ids_once(&out), every_record());
}

/// `>` instead of `>>` empties the file the walk appended to: the items in it are gone, and the
/// command says so instead of writing the rest as if they were there.
#[test]
fn an_emptied_output_is_refused() {
    let server = server();
    let scratch = Scratch::new("emptied");
    let (out, resume) = (scratch.path("users.ndjson"), scratch.path("users.resume"));
    let url = server.url("/playbook/api/v1/users");
    let args = [
        url.as_str(),
        "--page-size",
        "10",
        "--resume",
        resume.to_str().unwrap(),
    ];
    let mut walk = command();
    walk.args(args)
        .stdout(File::create(&out).unwrap())
        .stderr(Stdio::null());
    stop_after(&server, walk, &out, &resume, 30, "-KILL");
    let run: Run = command()
        .args(args)
        .stdout(File::create(&out).unwrap())
        .output()
        .unwrap()
        .into();
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains(">>"), "{}", run.stderr);
    assert!(resume.exists(), "the position is kept");
}

#[cfg(unix)]
#[test]
fn interrupted_with_ctrl_c_it_says_how_to_go_on() {
    let server = server();
    let scratch = Scratch::new("interrupt");
    let (out, resume) = (scratch.path("users.json"), scratch.path("users.resume"));
    let url = server.url("/playbook/api/v1/users");
    let args = [
        url.as_str(),
        "--page-size",
        "10",
        "--output",
        "json",
        "--resume",
        resume.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let mut walk = command();
    walk.args(args).stderr(Stdio::null());
    let status = stop_after(&server, walk, &out, &resume, 50, "-INT");
    assert_eq!(status, 130);
    let run = paginated(&args);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let items: Vec<Value> = serde_json::from_str(&fs::read_to_string(&out).unwrap()).unwrap();
    let ids: Vec<u64> = items.iter().map(|item| number(&item["id"])).collect();
    assert_eq!(ids, every_record());
}

/// Starts `args` and kills it once `count` items are written to `out`: its resume file stays.
fn unfinished(server: &MockServer, args: &[&str], out: &Path, resume: &Path, count: usize) {
    let mut walk = command();
    walk.args(args)
        .stdout(File::create(out).unwrap())
        .stderr(Stdio::null());
    stop_after(server, walk, out, resume, count, "-KILL");
}

#[test]
fn a_resume_file_of_another_request_is_refused() {
    let server = server();
    let scratch = Scratch::new("other");
    let (out, resume) = (scratch.path("alice.ndjson"), scratch.path("tenant.resume"));
    let resume_arg = resume.to_str().unwrap();
    let alice = server.url("/hostile/tenant-items?tenant=alice&limit=10");
    unfinished(&server, &[&alice, "--resume", resume_arg], &out, &resume, 20);

    let bob = server.url("/hostile/tenant-items?tenant=bob&limit=10");
    let run = paginated(&[&bob, "--resume", resume_arg]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.items().is_empty(), "nothing of Alice's is written");
    assert!(run.stderr.contains("tenant.resume"), "{}", run.stderr);

    let run = paginated(&[
        &alice,
        "--resume",
        resume_arg,
        "--paginate",
        r#"offset, items = "data""#,
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("another pagination"), "{}", run.stderr);

    let append = OpenOptions::new().append(true).open(&out).unwrap();
    let run: Run = command()
        .args([&alice, "--resume", resume_arg])
        .stdout(append)
        .output()
        .unwrap()
        .into();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(
        ids_once(&out),
        every_record(),
        "Alice's walk goes on where it stopped"
    );
}

#[test]
fn no_credential_is_written_to_the_resume_file() {
    let server = server();
    let scratch = Scratch::new("secrets");
    let (out, resume) = (scratch.path("items.ndjson"), scratch.path("secret.resume"));
    let url = server.url("/hostile/tenant-items?tenant=alice&limit=10&api_key=s3cr3t-qu3ry-k3y");
    let args = [
        url.as_str(),
        "-H",
        "Authorization: Bearer s3cr3t-b3ar3r-t0k3n",
        "-H",
        "X-Api-Key: s3cr3t-h3ad3r-k3y",
        "--resume",
        resume.to_str().unwrap(),
    ];
    unfinished(&server, &args, &out, &resume, 20);
    let kept = fs::read_to_string(&resume).unwrap();
    assert!(kept.contains("tenant-items"), "{kept}");
    assert!(!kept.contains("s3cr3t"), "{kept}");
    // The same command, with its credentials, goes on.
    let append = OpenOptions::new().append(true).open(&out).unwrap();
    let run: Run = command().args(args).stdout(append).output().unwrap().into();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(ids_once(&out), every_record());

    // A body's credentials: the walk fails at its second page (on another origin) and keeps its
    // position.
    let other = MockServer::start(MockConfig::with_records(10));
    let server = MockServer::start(MockConfig {
        redirect_origin: Some(other.base_url().to_owned()),
        ..MockConfig::with_records(10)
    });
    let run = paginated(&[
        &server.url("/hostile/next-elsewhere"),
        "-d",
        r#"{"client_secret": "s3cr3t-b0dy-s3cr3t", "password": "s3cr3t-pa55"}"#,
        "--resume",
        resume.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 5, "{}", run.stderr);
    assert!(run.stderr.contains("secret.resume"), "{}", run.stderr);
    let kept = fs::read_to_string(&resume).unwrap();
    assert!(kept.contains("next-elsewhere"), "{kept}");
    assert!(!kept.contains("s3cr3t"), "{kept}");
}

#[test]
fn a_file_that_is_not_a_resume_file_is_refused() {
    let server = MockServer::start(MockConfig::with_records(60));
    let scratch = Scratch::new("garbage");
    let resume = scratch.path("garbage.resume");
    fs::write(&resume, b"{\"checkpoint\": 1}").unwrap();
    let run = paginated(&[
        &server.url("/playbook/api/v1/users"),
        "--resume",
        resume.to_str().unwrap(),
    ]);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("not a resume file"), "{}", run.stderr);
    assert!(run.items().is_empty());
}

/// Runs `args` with its stdout a pipe, reads 60 lines of it, then sends Ctrl-C: all the walk wrote.
/// The mock answers detection's request and seven pages, then holds the walk at its gate.
#[cfg(unix)]
fn interrupted_through_a_pipe(server: &MockServer, args: &[&str]) -> Vec<u8> {
    use std::io::Read;
    server.pause_after(8);
    let mut child = command().args(args).stdout(Stdio::piped()).spawn().unwrap();
    let mut pipe = child.stdout.take().unwrap();
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while received.iter().filter(|&&byte| byte == b'\n').count() < 60 {
        let read = pipe.read(&mut buffer).unwrap();
        assert!(read > 0, "the walk ended before it could be stopped");
        received.extend_from_slice(&buffer[..read]);
    }
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    pipe.read_to_end(&mut received).unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(130));
    server.resume();
    received
}

/// A resume file kept while the output was a pipe has no length to cut back to: the resumed walk
/// appends after what the file holds, even through a descriptor opened without `O_APPEND`.
#[cfg(target_os = "linux")]
#[test]
fn a_walk_first_written_to_a_pipe_resumes_at_the_end_of_the_file() {
    let server = server();
    let scratch = Scratch::new("pipe");
    let (out, resume) = (scratch.path("users.ndjson"), scratch.path("users.resume"));
    let url = server.url("/playbook/api/v1/users");
    let args = [
        url.as_str(),
        "--page-size",
        "10",
        "--out",
        "/dev/stdout",
        "--resume",
        resume.to_str().unwrap(),
        "-q",
    ];
    let received = interrupted_through_a_pipe(&server, &args);
    fs::write(&out, &received).unwrap();
    let written = OpenOptions::new().write(true).open(&out).unwrap();
    let run: Run = command().args(args).stdout(written).output().unwrap().into();
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(ids_once(&out), every_record());
}

/// Through a pipe, an interrupted `--output json` walk leaves its array open, and the resumed walk
/// closes it: the two outputs together are one array.
#[cfg(unix)]
#[test]
fn a_json_array_through_a_pipe_resumes_into_one_array() {
    let server = server();
    let scratch = Scratch::new("json-pipe");
    let resume = scratch.path("users.resume");
    let url = server.url("/playbook/api/v1/users");
    let args = [
        url.as_str(),
        "--page-size",
        "10",
        "--output",
        "json",
        "--resume",
        resume.to_str().unwrap(),
        "-q",
    ];
    let received = interrupted_through_a_pipe(&server, &args);
    let run: Run = command().args(args).output().unwrap().into();
    assert_eq!(run.status, 0, "{}", run.stderr);
    let whole = String::from_utf8(received).unwrap() + &run.stdout;
    let items: Vec<Value> = serde_json::from_str(&whole).unwrap_or_else(|error| panic!("{error}: {whole}"));
    let ids: Vec<u64> = items.iter().map(|item| number(&item["id"])).collect();
    assert_eq!(ids, every_record());
}

/// A resume file whose recorded length does not end an item in the output is not this output's.
#[test]
fn a_recorded_length_inside_an_item_is_refused() {
    let server = server();
    let scratch = Scratch::new("mid-item");
    let (out, resume) = (scratch.path("users.ndjson"), scratch.path("users.resume"));
    let url = server.url("/playbook/api/v1/users");
    let args = [
        url.as_str(),
        "--page-size",
        "10",
        "--resume",
        resume.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    let mut walk = command();
    walk.args(args).stderr(Stdio::null());
    stop_after(&server, walk, &out, &resume, 30, "-KILL");
    let mut kept: Value = serde_json::from_str(&fs::read_to_string(&resume).unwrap()).unwrap();
    let bytes = kept["written"]["bytes"].as_u64().unwrap();
    kept["written"]["bytes"] = (bytes - 5).into();
    fs::write(&resume, kept.to_string()).unwrap();
    let length = fs::metadata(&out).unwrap().len();
    let run = paginated(&args);
    assert_eq!(run.status, 2, "{}", run.stderr);
    assert!(run.stderr.contains("does not end an item"), "{}", run.stderr);
    assert_eq!(
        fs::metadata(&out).unwrap().len(),
        length,
        "the output is left as it was"
    );
}

/// Ctrl-C before the first page: nothing is kept, and the message says nothing of a resume file.
#[cfg(unix)]
#[test]
fn interrupted_before_the_first_page_it_claims_no_position() {
    let server = MockServer::start(MockConfig::with_records(60));
    server.pause();
    let scratch = Scratch::new("early");
    let resume = scratch.path("users.resume");
    let url = server.url("/playbook/api/v1/users");
    let child = command()
        .args([
            url.as_str(),
            "--paginate",
            r#"items = "data", cursor = "pagination.next_cursor""#,
            "--resume",
            resume.to_str().unwrap(),
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    assert!(server.wait_held(1, HANG_GUARD), "no request arrived");
    std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    let output = child.wait_with_output().unwrap();
    server.resume();
    assert_eq!(output.status.code(), Some(130));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(!stderr.contains("position is kept"), "{stderr}");
    assert!(!resume.exists());
}
