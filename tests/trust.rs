//! The promise against hostile and quirky servers: every item exactly once or a typed error, within
//! bounded time, no credential on another origin, no panic on server input, checkpoints treated as
//! untrusted. Each test names the finding it covers.

mod support;

use std::time::Duration;

use futures::TryStreamExt;
use paginated::{
    Checkpoint, CheckpointKey, Error, ErrorKind, PageRequest, Paginate, RetryPolicy, TimeoutScope,
};
use paginated_mock::{Faults, MockConfig, MockServer, RateLimit};
use serde::Deserialize;
use support::*;

#[derive(Debug, Deserialize, PartialEq, Clone)]
struct Item {
    id: u64,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "next_cursor")]
struct CursorItems {
    data: Vec<Item>,
    next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(next_url = "next")]
struct LinkedItems {
    data: Vec<Item>,
    next: Option<String>,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(page)]
struct NumberedItems {
    data: Vec<Item>,
}

fn ids_of(items: &[Item]) -> Vec<u64> {
    items.iter().map(|item| item.id).collect()
}

/// Short deadlines, so a test of a silent server ends quickly.
fn tight_deadlines() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .attempt_timeout(Duration::from_millis(150))
        .page_timeout(Duration::from_millis(500))
}

/// Runs an async walk to its end: the items, and the error that ended it.
async fn drain<T>(walk: impl futures::Stream<Item = Result<T, Error>> + Unpin) -> (Vec<T>, Option<Error>) {
    let mut walk = walk;
    let mut items = Vec::new();
    loop {
        match walk.try_next().await {
            Ok(Some(item)) => items.push(item),
            Ok(None) => return (items, None),
            Err(error) => return (items, Some(error)),
        }
    }
}

/// Runs a blocking walk to its end.
fn drain_blocking<T>(walk: impl Iterator<Item = Result<T, Error>>) -> (Vec<T>, Option<Error>) {
    let mut items = Vec::new();
    for item in walk {
        match item {
            Ok(item) => items.push(item),
            Err(error) => return (items, Some(error)),
        }
    }
    (items, None)
}

fn is_page_timeout(error: &Option<Error>) -> bool {
    matches!(
        error.as_ref().map(Error::kind),
        Some(ErrorKind::Timeout {
            scope: TimeoutScope::Page,
            ..
        })
    )
}

// Hangs: a silent socket, a trickled body, a short body. Each ends with the page's deadline,
// after retried attempts, over a default reqwest client, async and blocking.

#[tokio::test]
async fn a_silent_server_ends_with_the_page_deadline() {
    let server = MockServer::start(MockConfig::with_records(10));
    for path in ["/hostile/silent", "/hostile/trickle", "/hostile/short-body"] {
        server.clear_requests();
        let walk = CursorItems::stream(reqwest::Client::new().get(server.url(path))).retry(tight_deadlines());
        let (items, error) = drain(walk).await;
        assert!(items.is_empty(), "{path}");
        assert!(is_page_timeout(&error), "{path}: {error:?}");
        assert!(
            server.request_count() >= 2,
            "{path}: the attempt was retried within the page's budget"
        );
        assert!(error.unwrap().checkpoint().is_some());
    }
}

#[test]
fn a_silent_server_ends_with_the_page_deadline_blocking() {
    let server = MockServer::start(MockConfig::with_records(10));
    for path in ["/hostile/silent", "/hostile/trickle", "/hostile/short-body"] {
        server.clear_requests();
        let walk = CursorItems::iter(reqwest::blocking::Client::new().get(server.url(path)))
            .retry(tight_deadlines());
        let (items, error) = drain_blocking(walk);
        assert!(items.is_empty(), "{path}");
        assert!(is_page_timeout(&error), "{path}: {error:?}");
        assert!(server.request_count() >= 2, "{path}");
    }
}

#[test]
fn walks_have_deadlines_by_default() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.attempt_deadline(), Duration::from_secs(30));
    assert_eq!(policy.page_deadline(), Duration::from_secs(120));
}

// Endless duplicates.

#[tokio::test]
async fn a_page_api_that_clamps_past_the_end_yields_every_item_once() {
    // 40 records, pages of 10, only `page` declared: nothing but the repeated page tells the end.
    let server = MockServer::start(MockConfig::with_records(40));
    let request = reqwest::Client::new().get(server.url("/hostile/clamped"));
    let (items, error) = drain(NumberedItems::stream(request).page_size(10)).await;
    assert_eq!(ids_of(&items), (1..=40).collect::<Vec<_>>());
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::RepeatedPage {
                page: 5,
                earlier: 4,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 5, "four pages and the repeat");
}

#[test]
fn a_self_link_is_a_loop_before_anything_is_fetched_twice() {
    let server = MockServer::start(MockConfig::with_records(40));
    for path in ["/hostile/self-link", "/hostile/fragment-link"] {
        server.clear_requests();
        let request = reqwest::blocking::Client::new().get(server.url(path));
        let (items, error) = drain_blocking(LinkedItems::iter(request).page_size(10));
        assert_eq!(ids_of(&items), (1..=10).collect::<Vec<_>>(), "{path}");
        assert!(
            matches!(
                error.as_ref().map(Error::kind),
                Some(ErrorKind::LoopDetected { .. })
            ),
            "{path}: {error:?}"
        );
        assert_eq!(server.request_count(), 1, "{path}: the repeat is never requested");
    }
}

#[tokio::test]
async fn a_server_that_ignores_the_cursor_is_caught_before_a_duplicate() {
    let server = MockServer::start(MockConfig::with_records(40));
    let request = reqwest::Client::new().get(server.url("/hostile/repeat-cursor"));
    let (items, error) = drain(CursorItems::stream(request).page_size(10)).await;
    assert_eq!(ids_of(&items), (1..=10).collect::<Vec<_>>());
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::RepeatedPage {
                page: 2,
                earlier: 1,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 2);
}

// Leaks.

fn credentialed(client: &reqwest::Client, url: String) -> reqwest::RequestBuilder {
    client
        .get(url)
        .bearer_auth("token")
        .header("cookie", "session=1")
        .header("x-api-key", "key")
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_refused_and_nothing_is_yielded() {
    let other = MockServer::start(MockConfig::with_records(30));
    let server = MockServer::start(MockConfig {
        redirect_origin: Some(other.base_url().to_owned()),
        ..MockConfig::with_records(30)
    });
    let url = server.url("/hostile/redirect/playbook/api/v1/users?limit=10");

    // A default client follows the redirect itself (and sends custom headers along: reqwest only
    // drops `Authorization` and cookies); the walk refuses the other origin's page.
    let (users, error) = drain(UsersPage::stream(credentialed(
        &reqwest::Client::new(),
        url.clone(),
    )))
    .await;
    assert!(users.is_empty());
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::CrossOrigin { .. })
        ),
        "{error:?}"
    );

    // The client with safe defaults does not follow it at all: nothing reaches the other origin.
    other.clear_requests();
    let safe = paginated::http::client().build().unwrap();
    let (users, error) = drain(UsersPage::stream(credentialed(&safe, url))).await;
    assert!(users.is_empty());
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::CrossOrigin { .. })
        ),
        "{error:?}"
    );
    assert_eq!(other.request_count(), 0, "no header reached the other origin");
}

#[test]
fn a_redirect_within_the_origin_is_followed() {
    let server = MockServer::start(MockConfig::with_records(30));
    let url = server.url("/hostile/redirect-same/playbook/api/v1/users");
    let client = paginated::http::blocking_client().build().unwrap();
    let users: Vec<User> = UsersPage::iter(client.get(url))
        .page_size(10)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users.len(), 30);
}

#[test]
fn a_checkpoint_edited_to_point_elsewhere_is_refused() {
    let server = MockServer::start(MockConfig::with_records(60));
    let evil = MockServer::start(MockConfig::with_records(60));
    let client = reqwest::blocking::Client::new();
    let url = server.url("/playbook/api/v1/users");
    let mut walk = UsersPage::iter(client.get(&url).header("x-api-key", "key")).page_size(20);
    walk.by_ref().take(25).for_each(drop);
    let saved = serde_json::to_value(walk.checkpoint()).unwrap();

    let tampered = |edit: &dyn Fn(&mut serde_json::Value)| -> Checkpoint {
        let mut value = saved.clone();
        edit(&mut value);
        serde_json::from_value(value).unwrap()
    };
    let evil_url = evil.url("/playbook/api/v1/users");
    let cases: [(&str, Checkpoint); 4] = [
        (
            "a URL position in a cursor walk",
            tampered(&|v| v["request"]["position"] = serde_json::json!({ "Url": evil_url })),
        ),
        (
            "another request",
            tampered(&|v| v["binding"] = "0123456789abcdef".into()),
        ),
        (
            "another envelope",
            tampered(&|v| v["envelope"] = "OtherPage".into()),
        ),
        ("another strategy", tampered(&|v| v["strategy"] = "offset".into())),
    ];
    for (case, checkpoint) in cases {
        let first = UsersPage::iter(client.get(&url).header("x-api-key", "key"))
            .resume(checkpoint)
            .next();
        assert!(
            matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
            "{case}: {first:?}"
        );
    }
    assert_eq!(evil.request_count(), 0);
}

#[test]
fn a_checkpoint_of_another_envelope_is_refused() {
    let server = MockServer::start(MockConfig::with_records(60));
    let client = reqwest::blocking::Client::new();
    let mut offset = OffsetPage::<Number>::iter(client.get(server.url("/v1/numbers"))).page_size(20);
    offset.by_ref().take(30).for_each(drop);
    let checkpoint = offset.checkpoint();
    server.clear_requests();
    let first = UsersPage::iter(client.get(server.url("/v1/numbers")))
        .resume(checkpoint)
        .next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
        "{first:?}"
    );
    assert_eq!(server.request_count(), 0, "refused before any request");
}

#[test]
fn signed_checkpoints_refuse_edits_and_unsigned_ones() {
    let server = MockServer::start(MockConfig::with_records(60));
    let client = reqwest::blocking::Client::new();
    let url = server.url("/playbook/api/v1/users");
    let key = CheckpointKey::new(b"a secret of the walk's owner, 32 bytes or more".to_vec()).unwrap();
    let mut walk = UsersPage::iter(client.get(&url))
        .page_size(20)
        .sign_checkpoints(key.clone());
    let head: Vec<User> = walk.by_ref().take(25).collect::<Result<_, _>>().unwrap();
    let signed = walk.checkpoint();
    assert!(signed.is_signed());

    let mut edited = serde_json::to_value(&signed).unwrap();
    edited["skip"] = 0.into();
    let edited: Checkpoint = serde_json::from_value(edited).unwrap();
    let first = UsersPage::iter(client.get(&url))
        .sign_checkpoints(key.clone())
        .resume(edited)
        .next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
        "edited: {first:?}"
    );

    let unsigned = UsersPage::iter(client.get(&url)).page_size(20).checkpoint();
    let first = UsersPage::iter(client.get(&url))
        .sign_checkpoints(key.clone())
        .resume(unsigned)
        .next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
        "unsigned: {first:?}"
    );

    let other_key = CheckpointKey::new(b"somebody else's secret, 32 bytes or more".to_vec()).unwrap();
    let first = UsersPage::iter(client.get(&url))
        .sign_checkpoints(other_key)
        .resume(signed.clone())
        .next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
        "other key: {first:?}"
    );

    let tail: Vec<User> = UsersPage::iter(client.get(&url))
        .sign_checkpoints(key)
        .resume(signed)
        .collect::<Result<_, _>>()
        .unwrap();
    let all: Vec<String> = head.iter().chain(&tail).map(|user| user.id.clone()).collect();
    assert_eq!(all, ids("usr_", 3, 1..=60));
}

#[test]
fn error_messages_escape_server_text_and_redact_credentials() {
    let server = MockServer::start(MockConfig::with_records(10));
    let url = server.url("/hostile/evil-error?api_key=s3cr3t&access_token=t0k3n&q=ok");
    let error = CursorItems::iter(reqwest::blocking::Client::new().get(url))
        .next()
        .unwrap()
        .unwrap_err();
    let text = error.to_string();
    assert!(
        matches!(error.kind(), ErrorKind::Status { status: 400, .. }),
        "{error:?}"
    );
    assert!(
        !text.contains('\x1b') && !text.contains('\r') && !text.contains('\n'),
        "{text}"
    );
    assert!(!text.contains("s3cr3t") && !text.contains("t0k3n"), "{text}");
    assert!(
        text.contains("api_key=REDACTED") && text.contains("q=ok"),
        "{text}"
    );
    assert!(text.contains("\\u{1b}"), "escaped, not dropped: {text}");
}

#[test]
fn a_closure_transport_is_never_handed_a_dangerous_next_url() {
    for next in [
        "//evil.test:1/items",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "ftp://a.test/x",
    ] {
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = asked.clone();
        let walk = LinkedItems::from_fn_blocking(move |request: PageRequest| {
            log.lock().unwrap().push(request.url().map(str::to_owned));
            Ok::<_, std::io::Error>(LinkedItems {
                data: vec![Item { id: 1 }],
                next: Some(next.to_owned()),
            })
        });
        let (items, error) = drain_blocking(walk);
        assert_eq!(items.len(), 1, "{next}");
        assert!(
            matches!(
                error.as_ref().map(Error::kind),
                Some(ErrorKind::InvalidRequest(_))
            ),
            "{next}: {error:?}"
        );
        assert_eq!(*asked.lock().unwrap(), [None], "{next} was never handed over");
    }
}

#[test]
fn a_closure_walk_stays_on_the_first_origin_it_sees() {
    let walk = LinkedItems::from_fn_blocking(|request: PageRequest| {
        let (id, next) = match request.url() {
            None => (1, "https://api.test/items?page=2"),
            Some(_) => (2, "https://evil.test/items?page=3"),
        };
        Ok::<_, std::io::Error>(LinkedItems {
            data: vec![Item { id }],
            next: Some(next.to_owned()),
        })
    });
    let (items, error) = drain_blocking(walk);
    assert_eq!(items.len(), 2);
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::CrossOrigin { .. })
        ),
        "{error:?}"
    );
}

// Panics and silent corruption.

#[tokio::test]
async fn an_enormous_retry_after_ends_the_page_instead_of_panicking() {
    let server = faulty(
        30,
        Faults {
            rate_limit: Some(RateLimit {
                every: 1_000,
                burst: 2,
                retry_after: "18446744073709551615".into(),
            }),
            ..Faults::default()
        },
    );
    let timer = RecordingTimer::default();
    let walk = OffsetPage::<Number>::stream(reqwest::Client::new().get(server.url("/v1/numbers")))
        .timer(timer.clone());
    let (items, error) = drain(walk).await;
    assert!(items.is_empty());
    let error = error.expect("a typed error");
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { status: 429, retry_after, .. } if retry_after.as_secs() == u64::MAX),
        "{error:?}"
    );
    assert!(error.checkpoint().is_some(), "with the checkpoint to resume from");
    let deadline = RetryPolicy::default().attempt_deadline();
    assert!(timer.waits_under(deadline).is_empty(), "no wait was even started");
}

#[test]
fn an_enormous_retry_after_ends_the_page_instead_of_panicking_blocking() {
    let server = faulty(
        30,
        Faults {
            rate_limit: Some(RateLimit {
                every: 1_000,
                burst: 2,
                retry_after: "18446744073709551615".into(),
            }),
            ..Faults::default()
        },
    );
    let first =
        OffsetPage::<Number>::iter(reqwest::blocking::Client::new().get(server.url("/v1/numbers"))).next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::RateLimited { status: 429, .. })),
        "{first:?}"
    );
}

#[test]
fn checkpoint_counters_from_elsewhere_never_panic_or_drop_items_silently() {
    let server = MockServer::start(MockConfig::with_records(60));
    let client = reqwest::blocking::Client::new();
    let url = server.url("/playbook/api/v1/users");
    let mut walk = UsersPage::iter(client.get(&url)).page_size(20);
    walk.by_ref().take(25).for_each(drop);
    let saved = serde_json::to_value(walk.checkpoint()).unwrap();
    let edit = |edit: &dyn Fn(&mut serde_json::Value)| -> Checkpoint {
        let mut value = saved.clone();
        edit(&mut value);
        serde_json::from_value(value).unwrap()
    };

    // Counters at the edge of u64: the walk goes on with saturating counts.
    let huge = edit(&|v| {
        v["counters"]["pages"] = u64::MAX.into();
        v["counters"]["received"] = u64::MAX.into();
        v["counters"]["yielded"] = (u64::MAX - 1).into();
    });
    let rest: Vec<User> = UsersPage::iter(client.get(&url))
        .resume(huge)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rest.len(), 35);

    // More items already yielded than `max_items` allows: nothing more, no panic.
    let over = edit(&|v| v["counters"]["yielded"] = 20.into());
    let rest: Vec<User> = UsersPage::iter(client.get(&url))
        .max_items(10)
        .resume(over)
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(rest.is_empty());

    // A skip beyond the page is an error, not a silent loss.
    let beyond = edit(&|v| v["skip"] = 500.into());
    let first = UsersPage::iter(client.get(&url)).resume(beyond).next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
        "{first:?}"
    );

    // More yielded than received cannot be.
    let inconsistent = edit(&|v| v["counters"]["yielded"] = 1_000.into());
    let first = UsersPage::iter(client.get(&url)).resume(inconsistent).next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
        "{first:?}"
    );
}

#[test]
fn trailing_garbage_is_a_decode_error_that_says_so() {
    let server = MockServer::start(MockConfig::with_records(10));
    let first =
        CursorItems::iter(reqwest::blocking::Client::new().get(server.url("/hostile/trailing-garbage")))
            .next();
    match first.map(|outcome| outcome.map_err(Error::into_kind)) {
        Some(Err(ErrorKind::Decode { message, .. })) => assert!(message.contains("trailing"), "{message}"),
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn a_panicking_transport_unwinds_into_the_consumer_however_it_fails() {
    // One rule: a panic in a transport unwinds through the walk, whether the fetch panics when
    // called, when first polled, or after it waited.
    for pending_first in [false, true] {
        let walk = CursorItems::from_fn(move |_| async move {
            if pending_first {
                futures_timer_yield().await;
            }
            panic!("transport bug");
            #[allow(unreachable_code)]
            Ok::<CursorItems, std::io::Error>(CursorItems {
                data: Vec::new(),
                next_cursor: None,
            })
        });
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            futures::executor::block_on(walk.try_collect::<Vec<Item>>())
        }));
        assert!(outcome.is_err(), "pending first: {pending_first}");
    }
}

/// Yields once to the executor, so the future is pending on its first poll.
async fn futures_timer_yield() {
    let mut yielded = false;
    std::future::poll_fn(|cx| {
        if yielded {
            std::task::Poll::Ready(())
        } else {
            yielded = true;
            cx.waker().wake_by_ref();
            std::task::Poll::Pending
        }
    })
    .await;
}

#[test]
fn the_users_own_query_bytes_are_kept_on_every_page() {
    let server = MockServer::start(MockConfig::with_records(45));
    let url = server.url("/playbook/api/v1/users?tag=a%20b&flag&sig=x%2By%3D&role=member");
    let users: Vec<User> = UsersPage::iter(reqwest::blocking::Client::new().get(url))
        .page_size(5)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(users.len(), 15);
    let requests = server.requests();
    assert!(requests.len() > 1);
    for request in requests {
        assert!(
            request
                .query
                .starts_with("tag=a%20b&flag&sig=x%2By%3D&role=member&"),
            "{}",
            request.query
        );
    }
}
