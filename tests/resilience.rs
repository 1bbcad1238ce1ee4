//! Resilience over real HTTP against the fault-injecting mock server: every test asserts the exact set
//! of items, in order, or a typed error that says where the walk stopped.

mod support;

use std::time::{Duration, SystemTime};

use futures::{StreamExt, TryStreamExt};
use paginated::{Checkpoint, Error, ErrorKind, InvalidCursor, Pacer, PageRequest, Paginate, RetryPolicy};
use paginated_mock::{Faults, MockConfig, MockServer, RateLimit};
use support::*;

/// Fast retries, so fault tests spend their time on requests, not sleeping.
fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(5))
        .max_attempts(12)
}

fn user_ids(users: &[User]) -> Vec<String> {
    users.iter().map(|user| user.id.clone()).collect()
}

#[tokio::test]
async fn a_100k_walk_through_a_flaky_rate_limited_api_yields_every_item_once() {
    let server = faulty(
        100_000,
        Faults {
            server_error_rate: 0.2,
            seed: 42,
            rate_limit: Some(RateLimit {
                every: 50,
                burst: 3,
                retry_after: "0".into(),
            }),
            drop_connection_every: Some(37),
            truncate_body_every: Some(41),
            ..Faults::default()
        },
    );
    let users: Vec<User> =
        UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
            .page_size(100)
            .retry(quick_retries())
            .try_collect()
            .await
            .unwrap();
    assert_eq!(users.len(), 100_000);
    assert_eq!(user_ids(&users), ids("usr_", 3, 1..=100_000));
    let requests = server.request_count();
    println!("100,000 users in {requests} requests for 1,000 pages");
    assert!(requests > 1_200, "faults were injected: {requests} requests");
}

#[test]
fn random_server_errors_at_20_percent_blocking() {
    let server = faulty(
        3_000,
        Faults {
            server_error_rate: 0.2,
            seed: 7,
            ..Faults::default()
        },
    );
    let leads: Vec<Lead> = LeadsPage::iter(reqwest::blocking::Client::new().get(server.url("/api/v1/leads")))
        .page_size(100)
        .retry(quick_retries())
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        leads.iter().map(|l| l.id.clone()).collect::<Vec<_>>(),
        ids("lead_", 6, (1..=3_000).rev())
    );
    assert!(server.request_count() > 30);
}

#[tokio::test]
async fn rate_limit_bursts_honour_retry_after_seconds() {
    let server = faulty(
        60,
        Faults {
            rate_limit: Some(RateLimit {
                every: 4,
                burst: 1,
                retry_after: "1".into(),
            }),
            ..Faults::default()
        },
    );
    let timer = RecordingTimer::default();
    let numbers: Vec<Number> =
        OffsetPage::<Number>::stream(reqwest::Client::new().get(server.url("/v1/numbers")))
            .page_size(20)
            .retry(quick_retries())
            .timer(timer.clone())
            .try_collect()
            .await
            .unwrap();
    assert_eq!(numbers.len(), 60);
    // Request 1 was rejected with `Retry-After: 1`: one wait, of that length (the backoff alone would
    // be at most 1 ms); no other wait.
    assert_eq!(server.request_count(), 4);
    let deadline = quick_retries().attempt_deadline();
    assert_eq!(timer.waits_under(deadline), [Duration::from_secs(1)]);
}

#[test]
fn rate_limit_retry_after_as_an_http_date() {
    // An HTTP date has whole seconds: the date sent, read back, is the instant the wait ends at.
    let until = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(2));
    let ends_at = httpdate::parse_http_date(&until).unwrap();
    let server = faulty(
        30,
        Faults {
            rate_limit: Some(RateLimit {
                every: 1_000,
                burst: 1,
                retry_after: until,
            }),
            ..Faults::default()
        },
    );
    let timer = RecordingTimer::default();
    let before = SystemTime::now();
    let numbers: Vec<Number> =
        OffsetPage::<Number>::iter(reqwest::blocking::Client::new().get(server.url("/v1/numbers")))
            .retry(quick_retries())
            .timer(timer.clone())
            .collect::<Result<_, _>>()
            .unwrap();
    let after = SystemTime::now();
    assert_eq!(numbers.len(), 30);
    // Pages of 20 (the API's default): the rejected first request, then two pages.
    assert_eq!(server.request_count(), 3);
    // One wait, until the date: measured from when the walk read the answer, which lies between the
    // clock's readings before and after the walk, whatever the machine's speed.
    let waits = timer.waits_under(quick_retries().attempt_deadline());
    let longest = ends_at.duration_since(before).unwrap_or_default();
    let shortest = ends_at.duration_since(after).unwrap_or_default();
    match waits.as_slice() {
        [wait] => assert!(
            shortest <= *wait && *wait <= longest,
            "{wait:?} not within [{shortest:?}, {longest:?}]"
        ),
        // A date already past when the answer came is no wait at all.
        [] => assert!(shortest.is_zero(), "no wait, with {shortest:?} still to wait"),
        _ => panic!("one wait expected: {waits:?}"),
    }
}

#[tokio::test]
async fn dropped_connections_retry_the_page_not_the_walk() {
    let server = faulty(
        500,
        Faults {
            drop_connection_every: Some(3),
            ..Faults::default()
        },
    );
    let meetings: Vec<Meeting> = MeetingsPage::stream(reqwest::Client::new().get(server.url("/v2/meetings")))
        .page_size(50)
        .retry(quick_retries())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        meetings
            .iter()
            .map(|m| m.id.meeting_id.clone())
            .collect::<Vec<_>>(),
        ids("meeting_", 6, 1..=500)
    );
    let requests = server.requests();
    // 10 pages + 4 drops (requests 3, 6, 9, 12); each retry repeats the dropped request's cursor.
    assert_eq!(requests.len(), 14);
    for window in requests.windows(2).skip(1) {
        if window[1].params("cursor") == window[0].params("cursor") {
            continue;
        }
        assert!(!window[1].params("cursor").is_empty(), "restarted from page one");
    }
}

#[test]
fn truncated_json_is_retried() {
    let server = faulty(
        250,
        Faults {
            truncate_body_every: Some(2),
            ..Faults::default()
        },
    );
    let users: Vec<User> =
        UsersPage::iter(reqwest::blocking::Client::new().get(server.url("/playbook/api/v1/users")))
            .page_size(50)
            .retry(quick_retries())
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(user_ids(&users), ids("usr_", 3, 1..=250));
}

#[test]
fn truncated_json_without_retries_is_a_typed_error() {
    let server = faulty(
        250,
        Faults {
            truncate_body_every: Some(1),
            ..Faults::default()
        },
    );
    let first = UsersPage::iter(reqwest::blocking::Client::new().get(server.url("/playbook/api/v1/users")))
        .retry(RetryPolicy::disabled())
        .next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::IncompleteBody { .. })),
        "{first:?}"
    );
}

#[tokio::test]
async fn a_50_mb_body_is_refused_before_it_is_read() {
    let server = faulty(
        10,
        Faults {
            pad_body_to: Some(50 << 20),
            ..Faults::default()
        },
    );
    let result: Result<Vec<User>, _> =
        UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
            .try_collect()
            .await;
    let error = result.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::BodyTooLarge {
                limit: 33_554_432,
                ..
            }
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn resume_after_a_kill_yields_exactly_the_rest() {
    let server = MockServer::start(MockConfig::with_records(330));
    let client = reqwest::Client::new();
    let url = server.url("/playbook/api/v1/users?role=member");
    // First process: 137 items (page 3, item 37), then killed; only the checkpoint survives.
    let saved = {
        let mut walk = UsersPage::stream(client.get(&url)).page_size(50);
        let mut first = Vec::new();
        while first.len() < 37 {
            first.push(walk.next().await.unwrap().unwrap());
        }
        serde_json::to_string(&walk.checkpoint()).unwrap()
    };
    let checkpoint: Checkpoint = serde_json::from_str(&saved).unwrap();
    assert_eq!(checkpoint.items_yielded(), 37);
    assert_eq!(checkpoint.skip(), 37, "inside the first page");
    let rest: Vec<User> = UsersPage::stream(client.get(&url))
        .page_size(50)
        .resume(checkpoint)
        .try_collect()
        .await
        .unwrap();
    let members: Vec<String> = (1..=330u64)
        .filter(|id| id % 3 == 1)
        .map(|id| format!("usr_{id:03}"))
        .collect();
    assert_eq!(user_ids(&rest), members[37..]);
}

#[test]
fn resume_mid_walk_for_every_strategy_blocking() {
    let server = MockServer::start(MockConfig::with_records(233));
    let client = reqwest::blocking::Client::new();
    for cut in [0, 1, 49, 50, 51, 120, 232, 233] {
        // Offset.
        let mut walk = OffsetPage::<Number>::iter(client.get(server.url("/v1/numbers"))).page_size(50);
        let head: Vec<Number> = walk.by_ref().take(cut).collect::<Result<_, _>>().unwrap();
        let checkpoint: Checkpoint =
            serde_json::from_str(&serde_json::to_string(&walk.checkpoint()).unwrap()).unwrap();
        let tail: Vec<Number> = OffsetPage::<Number>::iter(client.get(server.url("/v1/numbers")))
            .page_size(50)
            .resume(checkpoint)
            .collect::<Result<_, _>>()
            .unwrap();
        let all: Vec<String> = head.iter().chain(&tail).map(|n| n.id.clone()).collect();
        assert_eq!(all, ids("num_", 6, 1..=233), "offset, cut at {cut}");

        // Page number with echo check.
        let mut walk = LeadsPage::iter(client.get(server.url("/api/v1/leads"))).page_size(50);
        let head: Vec<Lead> = walk.by_ref().take(cut).collect::<Result<_, _>>().unwrap();
        let tail: Vec<Lead> = LeadsPage::iter(client.get(server.url("/api/v1/leads")))
            .page_size(50)
            .resume(walk.checkpoint())
            .collect::<Result<_, _>>()
            .unwrap();
        let all: Vec<String> = head.iter().chain(&tail).map(|l| l.id.clone()).collect();
        assert_eq!(all, ids("lead_", 6, (1..=233).rev()), "page, cut at {cut}");

        // Keyset.
        let url = server.url("/v1/numbers/n/messages");
        let mut walk = MessagesPage::iter(client.get(&url)).page_size(50);
        let head: Vec<Message> = walk.by_ref().take(cut).collect::<Result<_, _>>().unwrap();
        let tail: Vec<Message> = MessagesPage::iter(client.get(&url))
            .page_size(50)
            .resume(walk.checkpoint())
            .collect::<Result<_, _>>()
            .unwrap();
        let all: Vec<String> = head.iter().chain(&tail).map(|m| m.id.clone()).collect();
        assert_eq!(all, ids("msg_", 6, (1..=233).rev()), "keyset, cut at {cut}");

        // Next URL.
        let mut walk = CallsPage::iter(client.get(server.url("/v1/calls"))).page_size(50);
        let head: Vec<Call> = walk.by_ref().take(cut).collect::<Result<_, _>>().unwrap();
        let tail: Vec<Call> = CallsPage::iter(client.get(server.url("/v1/calls")))
            .page_size(50)
            .resume(walk.checkpoint())
            .collect::<Result<_, _>>()
            .unwrap();
        let all: Vec<u64> = head.iter().chain(&tail).map(|c| c.id).collect();
        assert_eq!(all, (1..=233).collect::<Vec<_>>(), "next URL, cut at {cut}");
    }
}

#[tokio::test]
async fn an_error_leaves_the_checkpoint_of_the_last_good_item() {
    // The API goes down after three pages (requests 4 to 6 fail): the fourth page fails through
    // every retry; then the API is back.
    let server = faulty(
        300,
        Faults {
            outage: Some(4..7),
            ..Faults::default()
        },
    );
    let client = reqwest::Client::new();
    let url = server.url("/playbook/api/v1/users");
    let mut walk = UsersPage::stream(client.get(&url)).page_size(40).retry(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(1))
            .max_attempts(3),
    );
    let mut head: Vec<User> = Vec::new();
    let error = loop {
        match walk.next().await {
            Some(Ok(user)) => head.push(user),
            Some(Err(error)) => break error,
            None => panic!("the walk ended although the API is down"),
        }
    };
    assert!(
        matches!(error.kind(), ErrorKind::RetriesExhausted { attempts: 3, .. }),
        "{error:?}"
    );
    assert_eq!(head.len(), 120, "every item of the three good pages");
    let checkpoint = error
        .checkpoint()
        .expect("the error carries the checkpoint")
        .clone();
    assert_eq!(checkpoint, walk.checkpoint(), "the same checkpoint as the walk's");
    assert_eq!((checkpoint.items_yielded(), checkpoint.skip()), (120, 0));
    assert_eq!(server.request_count(), 3 + 3);

    // Stored, restored, resumed once the API is back.
    let stored: Checkpoint = serde_json::from_str(&serde_json::to_string(&checkpoint).unwrap()).unwrap();
    let tail: Vec<User> = UsersPage::stream(client.get(&url))
        .page_size(40)
        .resume(stored)
        .try_collect()
        .await
        .unwrap();
    let all: Vec<User> = head.into_iter().chain(tail).collect();
    assert_eq!(user_ids(&all), ids("usr_", 3, 1..=300));
}

#[tokio::test]
async fn an_expired_cursor_restarts_with_dedupe() {
    let server = faulty(
        260,
        Faults {
            reject_cursor_at: Some(4),
            ..Faults::default()
        },
    );
    let users: Vec<User> =
        UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
            .page_size(50)
            .on_invalid_cursor(InvalidCursor::Restart)
            .dedupe_by(|user: &User| user.id.clone())
            .try_collect()
            .await
            .unwrap();
    assert_eq!(user_ids(&users), ids("usr_", 3, 1..=260));
    // Pages 1-3, the rejected page 4, then pages 1-6 again.
    assert_eq!(server.request_count(), 4 + 6);
}

#[test]
fn a_custom_invalid_cursor_predicate() {
    // Attio's meetings answer a bad cursor with `validation_type`, never naming "cursor" in the code.
    let server = MockServer::start(MockConfig::with_records(20));
    let client = reqwest::blocking::Client::new();
    let mut walk = MeetingsPage::iter(client.get(server.url("/v2/meetings?limit=5")));
    walk.by_ref().take(5).for_each(drop);
    // A cursor the API no longer knows, as a stored checkpoint may carry.
    let saved = serde_json::to_value(walk.checkpoint()).unwrap();
    let cursor = saved["request"]["position"]["Cursor"]
        .as_str()
        .unwrap()
        .to_owned();
    let stale: Checkpoint = serde_json::from_str(&saved.to_string().replace(&cursor, "garbage")).unwrap();
    let first = MeetingsPage::iter(client.get(server.url("/v2/meetings?limit=5")))
        .resume(stale)
        .cursor_rejected_when(|status, body| status == 400 && body.contains("validation_type"))
        .next();
    assert!(
        matches!(
            kind_of(&first),
            Some(ErrorKind::CursorRejected { status: 400, .. })
        ),
        "{first:?}"
    );
}

#[tokio::test]
async fn dedupe_absorbs_records_shifting_between_pages() {
    // The leads API: newest first, records created during the walk push older ones onto later pages.
    let server = faulty(
        500,
        Faults {
            insert_every: Some(2),
            ..Faults::default()
        },
    );
    let leads: Vec<Lead> = LeadsPage::stream(reqwest::Client::new().get(server.url("/api/v1/leads")))
        .page_size(50)
        .dedupe_by(|lead: &Lead| lead.id.clone())
        .try_collect()
        .await
        .unwrap();
    let mut seen: Vec<String> = leads.iter().map(|l| l.id.clone()).collect();
    let count = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), count, "no lead twice");
    for id in ids("lead_", 6, 1..=500) {
        assert!(seen.binary_search(&id).is_ok(), "{id} lost");
    }
}

#[tokio::test]
async fn a_shared_pacer_spaces_two_walks() {
    let server = MockServer::start(MockConfig::with_records(100));
    let pacer = Pacer::new(Duration::from_millis(30));
    let client = reqwest::Client::new();
    // A clock that stands still: the pacer's slots are exact multiples of its interval.
    let timer = RecordingTimer::frozen();
    let walk = |path: &str| {
        OffsetPage::<Number>::stream(client.get(server.url(path)))
            .page_size(20)
            .pacer(pacer.clone())
            .timer(timer.clone())
            .try_collect::<Vec<_>>()
    };
    let (a, b) = futures::join!(walk("/v1/numbers"), walk("/v1/numbers?tag=b"));
    assert_eq!((a.unwrap().len(), b.unwrap().len()), (100, 100));
    assert_eq!(server.request_count(), 10);
    // Ten requests of two walks in one schedule: slot 0 at once, then one wait per slot, 30 ms apart.
    let mut waits = timer.waits_under(Duration::from_secs(1));
    waits.sort();
    let slots: Vec<Duration> = (1..10).map(|slot| Duration::from_millis(30) * slot).collect();
    assert_eq!(waits, slots);
}

#[tokio::test]
async fn a_closure_transport_can_ask_for_retries() {
    let server = faulty(
        90,
        Faults {
            server_error_rate: 0.3,
            seed: 3,
            ..Faults::default()
        },
    );
    let client = reqwest::Client::new();
    let base = server.url("/v2/meetings");
    let meetings: Vec<Meeting> = MeetingsPage::from_fn(move |request: PageRequest| {
        let mut call = client.get(&base).query(&[("limit", 10)]);
        if let Some(cursor) = request.cursor() {
            call = call.query(&[("cursor", cursor)]);
        }
        async move {
            let response = call.send().await.map_err(Error::connection)?;
            let status = response.status().as_u16();
            if status >= 500 {
                return Err(Error::status(status, "", None));
            }
            response.json::<MeetingsPage>().await.map_err(Error::connection)
        }
    })
    .retry(quick_retries())
    .try_collect()
    .await
    .unwrap();
    assert_eq!(meetings.len(), 90);
}
