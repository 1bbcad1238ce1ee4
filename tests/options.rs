//! Every builder method does what it says on every walk type it appears on: one test per method, each
//! running the same configuration on every walk type that offers it (async and blocking item walks,
//! async and blocking window walks) and checking the effect through the items, the error, the
//! checkpoint or the mock server's records. Page walks take the item walk's settings (`.pages()` comes
//! last); `dedupe_on_pages` checks the one setting that filters items.
//!
//! The window walks run over one window here (a cap no total reaches); `tests/capped.rs` covers what
//! only windows do: splitting, resuming inside a window, truncation of an unsplittable window.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::{StreamExt, TryStreamExt};
use paginated::{
    Checkpoint, CheckpointKey, CrossOrigin, CrossOriginReason, Error, ErrorKind, InvalidCursor, Pacer,
    Paginate, Progress, RetryPolicy,
};
use paginated_mock::{Faults, MockConfig, MockServer, RecordedRequest};
use support::*;

/// What one walk did.
struct Outcome {
    items: Vec<User>,
    error: Option<Error>,
    checkpoint: Checkpoint,
    requests: Vec<RecordedRequest>,
}

impl Outcome {
    fn ids(&self) -> Vec<String> {
        self.items.iter().map(|user| user.id.clone()).collect()
    }
    fn kind(&self) -> Option<&ErrorKind> {
        self.error.as_ref().map(Error::kind)
    }
}

const USERS: &str = "/playbook/api/v1/users";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `$configure` (an expression over `$walk`) on each walk type against `$server`'s `$path`, and
/// yields `(walk type, Outcome)` for each. `$server` is evaluated for each walk type: an expression that
/// starts a server gives each walk a fresh one (faults scheduled by request number then hit every
/// walk). `take` bounds the items consumed (the walk's checkpoint is taken there).
macro_rules! on_every_walk {
    ($server:expr, $path:expr, $take:expr, |$walk:ident| $configure:expr) => {{
        let take: usize = $take;
        let mut outcomes: Vec<(&str, Outcome)> = Vec::new();
        let runtime = runtime();

        let server = &$server;
        let url = server.url($path);
        server.clear_requests();
        let (items, error, checkpoint) = runtime.block_on(async {
            let $walk = UsersPage::stream(reqwest::Client::new().get(&url));
            drain_stream($configure, take, paginated::Paginator::checkpoint).await
        });
        outcomes.push((
            "stream",
            Outcome {
                items,
                error,
                checkpoint,
                requests: server.requests(),
            },
        ));

        let server = &$server;
        let url = server.url($path);
        server.clear_requests();
        let (items, error, checkpoint) = {
            let $walk = UsersPage::iter(reqwest::blocking::Client::new().get(&url));
            drain_iter($configure, take, paginated::BlockingPaginator::checkpoint)
        };
        outcomes.push((
            "iter",
            Outcome {
                items,
                error,
                checkpoint,
                requests: server.requests(),
            },
        ));

        let server = &$server;
        let url = server.url($path);
        server.clear_requests();
        let (items, error, checkpoint) = runtime.block_on(async {
            let client = reqwest::Client::new();
            let window_url = url.clone();
            let $walk = UsersPage::windows(0..1_000, move |_| client.get(&window_url)).cap(1_000_000);
            drain_stream($configure, take, paginated::Windowed::checkpoint).await
        });
        outcomes.push((
            "windows",
            Outcome {
                items,
                error,
                checkpoint,
                requests: server.requests(),
            },
        ));

        let server = &$server;
        let url = server.url($path);
        server.clear_requests();
        let (items, error, checkpoint) = {
            let client = reqwest::blocking::Client::new();
            let window_url = url.clone();
            let $walk =
                UsersPage::windows_blocking(0..1_000, move |_| client.get(&window_url)).cap(1_000_000);
            drain_iter($configure, take, paginated::BlockingWindowed::checkpoint)
        };
        outcomes.push((
            "windows_blocking",
            Outcome {
                items,
                error,
                checkpoint,
                requests: server.requests(),
            },
        ));
        outcomes
    }};
}

type Drained = (Vec<User>, Option<Error>, Checkpoint);

/// Consumes an async walk up to `take` items or its first error; the checkpoint is taken there.
async fn drain_stream<W>(mut walk: W, take: usize, checkpoint: fn(&W) -> Checkpoint) -> Drained
where
    W: futures::Stream<Item = Result<User, Error>> + Unpin,
{
    let mut items = Vec::new();
    let error = (&mut walk)
        .take(take)
        .try_for_each(|item| {
            items.push(item);
            futures::future::ready(Ok(()))
        })
        .await
        .err();
    (items, error, checkpoint(&walk))
}

/// Consumes a blocking walk up to `take` items or its first error; the checkpoint is taken there.
fn drain_iter<W>(mut walk: W, take: usize, checkpoint: fn(&W) -> Checkpoint) -> Drained
where
    W: Iterator<Item = Result<User, Error>>,
{
    let mut items = Vec::new();
    let error = walk
        .by_ref()
        .take(take)
        .try_for_each(|item| {
            items.push(item?);
            Ok(())
        })
        .err();
    (items, error, checkpoint(&walk))
}

const ALL: usize = usize::MAX;

/// The next checkpoint of a list handed to the walks one by one (the lock is released at once).
fn next_of(checkpoints: &Mutex<impl Iterator<Item = Checkpoint>>) -> Checkpoint {
    checkpoints.lock().unwrap().next().unwrap()
}

fn quick() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(2))
}

#[test]
fn page_size() {
    let server = MockServer::start(MockConfig::with_records(60));
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w.page_size(7)) {
        assert_eq!(outcome.ids(), ids("usr_", 3, 1..=60), "{walk}");
        assert_eq!(outcome.requests.len(), 9, "{walk}");
        assert!(
            outcome.requests.iter().all(|r| r.params("limit") == ["7"]),
            "{walk}"
        );
    }
}

#[test]
fn max_items() {
    let server = MockServer::start(MockConfig::with_records(60));
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w.page_size(10).max_items(25)) {
        assert_eq!(outcome.ids(), ids("usr_", 3, 1..=25), "{walk}");
        assert_eq!(outcome.requests.len(), 3, "{walk}: no request past item 25");
    }
}

#[test]
fn max_pages() {
    let server = MockServer::start(MockConfig::with_records(60));
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w.page_size(10).max_pages(2)) {
        assert_eq!(outcome.ids(), ids("usr_", 3, 1..=20), "{walk}");
        assert_eq!(outcome.requests.len(), 2, "{walk}");
    }
}

#[test]
fn max_stalled_pages() {
    // After page 1 every page is empty and says there is more, each with a fresh cursor.
    let server = faulty(
        60,
        Faults {
            empty_pages_after: Some(1),
            ..Faults::default()
        },
    );
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w.page_size(10).max_stalled_pages(2)) {
        assert_eq!(outcome.items.len(), 10, "{walk}");
        assert!(
            matches!(outcome.kind(), Some(ErrorKind::Stalled { pages: 3, limit: 2 })),
            "{walk}: {:?}",
            outcome.error
        );
        assert_eq!(
            outcome.requests.len(),
            4,
            "{walk}: page 1, then three empty pages"
        );
    }
}

#[test]
fn cross_origin() {
    // The page comes from another origin through a redirect that reqwest follows by itself.
    let other = MockServer::start(MockConfig::with_records(30));
    let server = MockServer::start(MockConfig {
        redirect_origin: Some(other.base_url().to_owned()),
        ..MockConfig::with_records(30)
    });
    let path = "/hostile/redirect/playbook/api/v1/users";
    for (walk, outcome) in on_every_walk!(server, path, ALL, |w| w.page_size(10)) {
        assert!(
            matches!(outcome.kind(), Some(ErrorKind::CrossOrigin { .. })),
            "{walk}: refused by default: {:?} {}",
            outcome.error,
            outcome.items.len()
        );
        assert!(outcome.items.is_empty(), "{walk}");
    }
    // The client followed the redirect with the request's headers: following other origins without
    // credentials cannot apply, and the walk says what may have left.
    let followed = on_every_walk!(server, path, ALL, |w| w
        .page_size(10)
        .cross_origin(CrossOrigin::FollowWithoutCredentials));
    for (walk, outcome) in followed {
        assert!(
            matches!(
                outcome.kind(),
                Some(ErrorKind::CrossOrigin {
                    reason: CrossOriginReason::FollowedByClient,
                    ..
                })
            ),
            "{walk}: {:?}",
            outcome.error
        );
        assert!(outcome.items.is_empty(), "{walk}");
    }
    let other_origin = other.base_url().to_owned();
    let allowed = on_every_walk!(server, path, ALL, |w| w
        .page_size(10)
        .allow_origin(other_origin.clone()));
    for (walk, outcome) in allowed {
        // The other origin's first page is accepted; its cursors go back through the redirect.
        assert!(outcome.error.is_none(), "{walk}: {:?}", outcome.error);
        assert_eq!(outcome.ids(), ids("usr_", 3, 1..=30), "{walk}");
    }
}

#[test]
fn detect_truncation() {
    // A cap below the total: an error by default, the reachable part when allowed.
    let server = MockServer::start(MockConfig::with_records(60));
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w.page_size(10).cap(30)) {
        if walk.starts_with("windows") {
            continue; // splitting: tests/capped.rs
        }
        assert!(
            matches!(
                outcome.kind(),
                Some(ErrorKind::CapExceeded {
                    cap: 30,
                    total: Some(60)
                })
            ),
            "{walk}"
        );
    }
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w
        .page_size(10)
        .cap(30)
        .detect_truncation(false))
    {
        if walk.starts_with("windows") {
            continue;
        }
        assert!(outcome.error.is_none(), "{walk}: {:?}", outcome.error);
        assert_eq!(outcome.ids(), ids("usr_", 3, 1..=30), "{walk}");
    }
}

#[test]
fn on_progress() {
    let server = MockServer::start(MockConfig::with_records(60));
    let reports: Arc<Mutex<Vec<Progress>>> = Arc::default();
    let log = reports.clone();
    let outcomes = on_every_walk!(server, USERS, ALL, |w| {
        let log = log.clone();
        w.page_size(25)
            .on_progress(move |progress| log.lock().unwrap().push(*progress))
    });
    let reports = reports.lock().unwrap();
    // Each walk reported after each of its three pages.
    for ((walk, outcome), reports) in outcomes.iter().zip(reports.chunks(3)) {
        assert_eq!(outcome.items.len(), 60, "{walk}");
        assert_eq!(
            reports.iter().map(|p| p.items).collect::<Vec<_>>(),
            [25, 50, 60],
            "{walk}"
        );
        assert!(reports.iter().all(|p| p.total == Some(60)), "{walk}");
    }
    assert_eq!(reports.len(), 12);
}

#[test]
fn retry() {
    // The first request meets an outage.
    let outage = || {
        faulty(
            60,
            Faults {
                outage: Some(1..2),
                ..Faults::default()
            },
        )
    };
    for (walk, outcome) in on_every_walk!(outage(), USERS, ALL, |w| w.retry(RetryPolicy::disabled())) {
        assert!(
            matches!(outcome.kind(), Some(ErrorKind::Status { status: 503, .. })),
            "{walk}"
        );
        assert_eq!(outcome.requests.len(), 1, "{walk}");
    }
    for (walk, outcome) in on_every_walk!(outage(), USERS, ALL, |w| w.retry(quick())) {
        assert_eq!(outcome.items.len(), 60, "{walk}: {:?}", outcome.error);
        assert_eq!(
            outcome.requests[0].query, outcome.requests[1].query,
            "{walk}: the page was retried"
        );
    }
}

#[test]
fn timer() {
    // The walk's sleeps are asked of its timer: each walk's one retry backoff.
    let timer = RecordingTimer::default();
    let outage = || {
        faulty(
            60,
            Faults {
                outage: Some(1..2),
                ..Faults::default()
            },
        )
    };
    for (walk, outcome) in on_every_walk!(outage(), USERS, ALL, |w| w.retry(quick()).timer(timer.clone())) {
        assert_eq!(outcome.items.len(), 60, "{walk}: {:?}", outcome.error);
    }
    let waits = timer.waits_under(quick().attempt_deadline());
    assert_eq!(waits.len(), 4, "one backoff per walk: {waits:?}");
    assert!(
        waits.iter().all(|wait| *wait <= Duration::from_millis(2)),
        "{waits:?}"
    );
}

#[test]
fn pacer_and_min_interval() {
    let server = MockServer::start(MockConfig::with_records(60));
    // With a clock that stands still, the pacer's schedule is exact: slots 15 ms apart, per walk.
    let timer = RecordingTimer::frozen();
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w
        .page_size(20)
        .pacer(Pacer::new(Duration::from_millis(15)))
        .timer(timer.clone()))
    {
        assert_eq!(outcome.items.len(), 60, "{walk}");
    }
    let mut waits = timer.waits_under(Duration::from_secs(1));
    waits.sort();
    let slot = Duration::from_millis(15);
    assert_eq!(
        waits,
        [slot, slot, slot, slot, slot * 2, slot * 2, slot * 2, slot * 2]
    );

    let timer = RecordingTimer::frozen();
    let outcomes = on_every_walk!(server, USERS, ALL, |w| w
        .page_size(30)
        .min_interval(Duration::from_millis(15))
        .timer(timer.clone()));
    assert!(outcomes.iter().all(|(_, outcome)| outcome.items.len() == 60));
    assert_eq!(
        timer.waits_under(Duration::from_secs(1)),
        [slot; 4],
        "one wait per walk for its second page"
    );
}

#[test]
fn on_invalid_cursor_and_cursor_rejected_when() {
    // The cursor of every walk's third request is rejected as expired.
    for (walk, outcome) in on_every_walk!(
        faulty(
            60,
            Faults {
                reject_cursor_at: Some(3),
                ..Faults::default()
            }
        ),
        USERS,
        ALL,
        |w| w.page_size(20)
    ) {
        assert!(
            matches!(outcome.kind(), Some(ErrorKind::CursorRejected { .. })),
            "{walk}: {:?}",
            outcome.error
        );
    }
    let restarts = on_every_walk!(
        faulty(
            60,
            Faults {
                reject_cursor_at: Some(3),
                ..Faults::default()
            }
        ),
        USERS,
        ALL,
        |w| w
            .page_size(20)
            .on_invalid_cursor(InvalidCursor::Restart)
            .dedupe_by(|user: &User| user.id.clone())
    );
    for (walk, outcome) in restarts {
        assert_eq!(
            outcome.ids(),
            ids("usr_", 3, 1..=60),
            "{walk}: {:?}",
            outcome.error
        );
        assert_eq!(
            outcome.requests.len(),
            3 + 3,
            "{walk}: two pages, the rejection, three pages again"
        );
    }
    let plain = on_every_walk!(
        faulty(
            60,
            Faults {
                reject_cursor_at: Some(3),
                ..Faults::default()
            }
        ),
        USERS,
        ALL,
        |w| w
            .page_size(20)
            .on_invalid_cursor(InvalidCursor::Restart)
            .cursor_rejected_when(|_, _| false)
    );
    for (walk, outcome) in plain {
        assert!(
            matches!(outcome.kind(), Some(ErrorKind::Status { status: 400, .. })),
            "{walk}: not recognised, not restarted"
        );
    }
}

#[test]
fn resume() {
    let server = MockServer::start(MockConfig::with_records(60));
    let halves = on_every_walk!(server, USERS, 25, |w| w.page_size(10));
    let checkpoints: Vec<Checkpoint> = halves
        .iter()
        .map(|(_, outcome)| outcome.checkpoint.clone())
        .collect();
    let checkpoint = Arc::new(Mutex::new(checkpoints.into_iter()));
    let next = checkpoint.clone();
    for ((walk, first), (_, rest)) in halves.iter().zip(on_every_walk!(server, USERS, ALL, |w| w
        .page_size(10)
        .resume(next_of(&next))))
    {
        let all: Vec<String> = first.ids().into_iter().chain(rest.ids()).collect();
        assert_eq!(all, ids("usr_", 3, 1..=60), "{walk}: {:?}", rest.error);
    }
}

#[test]
fn sign_checkpoints() {
    let server = MockServer::start(MockConfig::with_records(60));
    let key = CheckpointKey::new(b"walk owner's secret, 32 bytes long".to_vec()).unwrap();
    let signed = on_every_walk!(server, USERS, 25, |w| w
        .page_size(10)
        .sign_checkpoints(key.clone()));
    for (walk, outcome) in &signed {
        assert!(outcome.checkpoint.is_signed(), "{walk}");
    }
    // An unsigned checkpoint is refused by a walk that signs.
    let unsigned = on_every_walk!(server, USERS, 25, |w| w.page_size(10));
    let refused = Arc::new(Mutex::new(
        unsigned.into_iter().map(|(_, outcome)| outcome.checkpoint),
    ));
    let next = refused.clone();
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w
        .page_size(10)
        .sign_checkpoints(key.clone())
        .resume(next_of(&next)))
    {
        assert!(
            matches!(outcome.kind(), Some(ErrorKind::InvalidCheckpoint { .. })),
            "{walk}: {:?}",
            outcome.error
        );
        assert!(outcome.requests.is_empty(), "{walk}");
    }
}

#[test]
fn dedupe_by() {
    let server = MockServer::start(MockConfig::with_records(60));
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w
        .page_size(10)
        .dedupe_by(|user: &User| user.role.clone()))
    {
        assert_eq!(
            outcome.ids(),
            ["usr_001", "usr_002", "usr_003"],
            "{walk}: one user per role"
        );
        assert_eq!(outcome.requests.len(), 6, "{walk}");
    }
}

#[test]
fn dedupe_by_bounded() {
    let server = MockServer::start(MockConfig::with_records(60));
    // Roles repeat every three users: a window of three keys catches every repeat, two catch none.
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w
        .page_size(10)
        .dedupe_by_bounded(|user: &User| user.role.clone(), 3))
    {
        assert_eq!(outcome.items.len(), 3, "{walk}");
    }
    for (walk, outcome) in on_every_walk!(server, USERS, ALL, |w| w
        .page_size(10)
        .dedupe_by_bounded(|user: &User| user.role.clone(), 2))
    {
        assert_eq!(outcome.items.len(), 60, "{walk}");
    }
}

#[test]
fn dedupe_on_pages() {
    let server = MockServer::start(MockConfig::with_records(60));
    let client = reqwest::blocking::Client::new();
    let pages: Vec<paginated::Page<User>> = UsersPage::iter(client.get(server.url(USERS)))
        .page_size(10)
        .dedupe_by(|user: &User| user.role.clone())
        .pages()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(pages.len(), 6);
    assert_eq!(
        pages.iter().map(|page| page.items.len()).collect::<Vec<_>>(),
        [3, 0, 0, 0, 0, 0]
    );
    let runtime = runtime();
    let pages: Vec<paginated::Page<User>> = runtime.block_on(async {
        use futures::TryStreamExt;
        UsersPage::stream(reqwest::Client::new().get(server.url(USERS)))
            .page_size(10)
            .dedupe_by(|user: &User| user.role.clone())
            .pages()
            .try_collect()
            .await
            .unwrap()
    });
    assert_eq!(
        pages.iter().map(|page| page.items.len()).collect::<Vec<_>>(),
        [3, 0, 0, 0, 0, 0]
    );
}

/// The settings only async walks have: proven by the mock's gate and records.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrency_and_prefetch_on_async_walks() {
    let server = Arc::new(MockServer::start(MockConfig {
        record_cap: 100_000,
        ..MockConfig::with_records(2_000)
    }));
    // An item walk over an offset API and a window walk over a page API: each sends four at once.
    for path in ["/v1/numbers", "/v1/contacts"] {
        server.clear_requests();
        let url = server.url(path);
        let client = reqwest::Client::new();
        let walk: futures::stream::BoxStream<'static, Result<u64, Error>> = if path == "/v1/numbers" {
            let mut walk = OffsetPage::<Number>::stream(client.get(&url))
                .page_size(100)
                .concurrency(4)
                .prefetch(false);
            walk.next().await.unwrap().unwrap();
            walk.map(|n| n.map(|_| 1)).boxed()
        } else {
            let mut walk = ContactsPageTotal::windows(0..i64::MAX, move |_| client.get(&url))
                .cap(100_000)
                .page_size(50)
                .concurrency(4)
                .prefetch(false);
            walk.next().await.unwrap().unwrap();
            walk.map(|c| c.map(|_| 1)).boxed()
        };
        server.pause();
        let rest = tokio::spawn(walk.fold(0u64, |sum, one| async move { sum + one.unwrap() }));
        let held = server.clone();
        tokio::time::timeout(Duration::from_secs(30), async move {
            while held.held() < 4 {
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("{path}: four requests never waited together"));
        assert_eq!(server.held(), 4, "{path}");
        server.resume();
        assert_eq!(rest.await.unwrap() + 1, 2_000, "{path}");
        assert!(server.max_in_flight() <= 4, "{path}");
    }
}

/// Aircall contacts by page number with their total, for a window walk.
#[derive(Debug, serde::Deserialize, Paginate)]
#[paginate(
    items = "contacts",
    page = "meta.current_page",
    total = "meta.total",
    max_page_size = 50
)]
struct ContactsPageTotal {
    contacts: Vec<Contact>,
    meta: AircallMeta,
}

/// Prefetch on both async walk types: page 2 is requested while the consumer holds page 1.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefetch_on_async_walks() {
    for prefetch in [true, false] {
        let server = Arc::new(MockServer::start(MockConfig::with_records(60)));
        let url = server.url(USERS);
        let client = reqwest::Client::new();
        let mut walks: Vec<futures::stream::BoxStream<'static, Result<User, Error>>> = vec![
            UsersPage::stream(client.get(&url))
                .page_size(10)
                .prefetch(prefetch)
                .boxed(),
            UsersPage::windows(0..1_000, {
                let (client, url) = (client.clone(), url.clone());
                move |_| client.get(&url)
            })
            .cap(1_000_000)
            .page_size(10)
            .prefetch(prefetch)
            .boxed(),
        ];
        for walk in &mut walks {
            server.clear_requests();
            walk.next().await.unwrap().unwrap();
            if prefetch {
                let count = server.clone();
                tokio::time::timeout(Duration::from_secs(30), async move {
                    while count.request_count() < 2 {
                        tokio::time::sleep(Duration::from_millis(1)).await;
                    }
                })
                .await
                .expect("page 2 requested while page 1 is in hand");
            } else {
                assert_eq!((server.request_count(), server.in_flight()), (1, 0));
            }
        }
    }
}
