//! Runtime behaviour over real HTTP: limits, page-level walks, guards, re-exported crates, spawning,
//! cross-origin links and body caps.

mod support;

use futures::{StreamExt, TryStreamExt};
use paginated::{CrossOrigin, Error, ErrorKind, PageRequest, Paginate, Position, Request};
use paginated_mock::{Faults, MockConfig, MockServer};
use serde::Deserialize;
use support::*;

#[tokio::test]
async fn max_items_always_wins() {
    let server = MockServer::start(MockConfig::with_records(500));
    let users: Vec<User> =
        UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
            .page_size(40)
            .max_items(95)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(users.len(), 95);
    assert_eq!(
        server.request_count(),
        3,
        "no request past the page holding item 95"
    );
}

#[test]
fn max_pages_always_wins_blocking() {
    let server = MockServer::start(MockConfig::with_records(500));
    let leads: Vec<Lead> = LeadsPage::iter(reqwest::blocking::Client::new().get(server.url("/api/v1/leads")))
        .page_size(10)
        .max_pages(4)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(leads.len(), 40);
    assert_eq!(server.request_count(), 4);
}

#[tokio::test]
async fn page_level_walk_reports_requests_and_totals() {
    let server = MockServer::start(MockConfig::with_records(95));
    let pages: Vec<_> = OffsetPage::<Number>::stream(reqwest::Client::new().get(server.url("/v1/numbers")))
        .page_size(40)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(),
        [40, 40, 15]
    );
    assert_eq!(pages.iter().map(|p| p.number).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(pages[2].request().position(), &Position::Offset(80));
    assert!(pages.iter().all(|p| p.total == Some(95)));
}

#[tokio::test]
async fn the_stream_is_send_and_static_for_spawning() {
    let server = MockServer::start(MockConfig::with_records(150));
    let url = server.url("/v2/meetings");
    let task = tokio::spawn(async move {
        MeetingsPage::stream(reqwest::Client::new().get(url))
            .page_size(40)
            .map(|meeting| meeting.map(|m| m.id.meeting_id))
            .try_collect::<Vec<_>>()
            .await
    });
    assert_eq!(task.await.unwrap().unwrap(), ids("meeting_", 6, 1..=150));
}

mod my_sdk {
    //! An SDK crate that re-exports the runtime under its own path.
    pub use paginated;
}

#[derive(Debug, Deserialize, my_sdk::paginated::Paginate)]
#[paginate(
    crate = "my_sdk::paginated",
    cursor = "pagination.next_cursor",
    has_more = "pagination.has_more"
)]
struct SdkUsersPage {
    data: Vec<User>,
    pagination: AirclouPagination,
}

#[test]
fn derive_through_a_reexported_crate_path() {
    let server = MockServer::start(MockConfig::with_records(75));
    let users: Vec<User> =
        SdkUsersPage::iter(reqwest::blocking::Client::new().get(server.url("/playbook/api/v1/users")))
            .page_size(30)
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        users.iter().map(|u| u.id.clone()).collect::<Vec<_>>(),
        ids("usr_", 3, 1..=75)
    );
}

#[tokio::test]
async fn a_cursor_cycle_is_detected_after_yielding_every_new_item() {
    let server = faulty(
        500,
        Faults {
            cursor_cycle_after: Some(3),
            ..Faults::default()
        },
    );
    let mut stream =
        UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users"))).page_size(50);
    let mut ids = Vec::new();
    let error = loop {
        match stream.next().await {
            Some(Ok(user)) => ids.push(user.id),
            Some(Err(error)) => break error,
            None => panic!("a cycling cursor must not end silently"),
        }
    };
    // Pages 1, 2, 3 are new; page 3 points back at page 2's cursor.
    assert_eq!(ids, support::ids("usr_", 3, 1..=150));
    assert!(
        matches!(error.kind(), ErrorKind::LoopDetected { .. }),
        "{error:?}"
    );
    assert_eq!(server.request_count(), 3);
    assert!(stream.next().await.is_none(), "the stream ends after an error");
}

#[test]
fn has_more_with_endless_empty_pages_is_an_error_not_a_hang() {
    let server = faulty(
        500,
        Faults {
            empty_pages_after: Some(2),
            ..Faults::default()
        },
    );
    let walk: Vec<_> =
        UsersPage::iter(reqwest::blocking::Client::new().get(server.url("/playbook/api/v1/users")))
            .page_size(50)
            .max_stalled_pages(2)
            .collect();
    let (items, errors): (Vec<_>, Vec<_>) = walk.into_iter().partition(Result::is_ok);
    assert_eq!(items.len(), 100);
    assert!(
        matches!(errors.as_slice(), [Err(error)] if matches!(error.kind(), ErrorKind::Stalled { .. })),
        "{errors:?}"
    );
    assert_eq!(server.request_count(), 5, "two pages, then three empty ones");
}

#[tokio::test]
async fn a_next_link_to_another_origin_is_refused_by_default() {
    let server = faulty(
        100,
        Faults {
            foreign_next_origin: Some("http://127.0.0.2:9".into()),
            ..Faults::default()
        },
    );
    let result: Result<Vec<Call>, _> = CallsPage::stream(
        reqwest::Client::new()
            .get(server.url("/v1/calls"))
            .bearer_auth("secret"),
    )
    .page_size(50)
    .try_collect()
    .await;
    match result.map_err(Error::into_kind) {
        Err(ErrorKind::CrossOrigin { url, .. }) => {
            assert!(url.starts_with("http://127.0.0.2:9/v1/calls"), "{url}")
        }
        other => panic!("expected CrossOrigin, got {other:?}"),
    }
    assert_eq!(server.request_count(), 1);
}

#[test]
fn a_followed_foreign_link_carries_no_credentials() {
    let foreign = MockServer::start(MockConfig::with_records(100));
    let server = faulty(
        100,
        Faults {
            foreign_next_origin: Some(foreign.base_url().to_owned()),
            ..Faults::default()
        },
    );
    let request = reqwest::blocking::Client::new()
        .get(server.url("/v1/calls"))
        .bearer_auth("secret")
        .header("x-api-key", "secret-too")
        .header("x-trace", "custom")
        .header("accept", "application/json");
    let calls: Vec<Call> = CallsPage::iter(request)
        .page_size(50)
        .cross_origin(CrossOrigin::FollowWithoutCredentials)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(calls.len(), 100);
    let at_foreign = foreign.requests();
    assert_eq!(at_foreign.len(), 1);
    // Only headers known to carry no credential cross: every custom header stays home.
    assert_eq!(at_foreign[0].header("authorization"), None);
    assert_eq!(at_foreign[0].header("x-api-key"), None);
    assert_eq!(at_foreign[0].header("x-trace"), None);
    assert_eq!(at_foreign[0].header("accept"), Some("application/json"));
    assert_eq!(server.requests()[0].header("x-api-key"), Some("secret-too"));
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer secret")
    );
}

#[tokio::test]
async fn an_oversized_body_is_refused() {
    let server = faulty(
        10,
        Faults {
            pad_body_to: Some(2 << 20),
            ..Faults::default()
        },
    );
    let request = Request::from(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
        .max_body_bytes(1 << 20);
    let result: Result<Vec<User>, _> = UsersPage::stream(request).try_collect().await;
    let error = result.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::BodyTooLarge { limit: 1_048_576, .. }),
        "{error:?}"
    );
}

#[test]
fn a_decode_error_names_the_json_path() {
    #[derive(Debug, Deserialize, Paginate)]
    #[paginate(cursor = "pagination.next_cursor")]
    struct Wrong {
        data: Vec<User>,
        pagination: WrongPagination,
    }
    #[derive(Debug, Deserialize)]
    struct WrongPagination {
        #[allow(dead_code)]
        next_cursor: Option<u64>,
    }
    let server = MockServer::start(MockConfig::with_records(10));
    let error = Wrong::iter(reqwest::blocking::Client::new().get(server.url("/playbook/api/v1/users")))
        .page_size(5)
        .next()
        .unwrap()
        .unwrap_err();
    match error.into_kind() {
        ErrorKind::Decode { path, snippet, .. } => {
            assert_eq!(path, "pagination.next_cursor");
            assert!(snippet.starts_with("{\"data\""), "{snippet}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn http_errors_carry_status_and_body() {
    let server = faulty(
        10,
        Faults {
            server_error_rate: 1.0,
            ..Faults::default()
        },
    );
    let result: Result<Vec<Lead>, _> =
        LeadsPage::stream(reqwest::Client::new().get(server.url("/api/v1/leads")))
            .retry(paginated::RetryPolicy::disabled())
            .try_collect()
            .await;
    match result.map_err(Error::into_kind) {
        Err(ErrorKind::Status { status, body, .. }) => {
            assert!(status >= 500);
            assert!(body.contains("injected"));
        }
        other => panic!("expected Status, got {other:?}"),
    }
    assert_eq!(server.request_count(), 1);
}

#[tokio::test]
async fn a_dropped_connection_is_retried_then_reported() {
    let server = faulty(
        10,
        Faults {
            drop_connection_every: Some(1),
            ..Faults::default()
        },
    );
    let retry = paginated::RetryPolicy::default()
        .initial_backoff(std::time::Duration::from_millis(1))
        .max_attempts(3);
    let result: Result<Vec<Lead>, _> =
        LeadsPage::stream(reqwest::Client::new().get(server.url("/api/v1/leads")))
            .retry(retry)
            .try_collect()
            .await;
    match result.map_err(Error::into_kind) {
        Err(ErrorKind::RetriesExhausted { attempts: 3, last }) => {
            assert!(matches!(last.kind(), ErrorKind::Connection(_)), "{last:?}")
        }
        other => panic!("expected RetriesExhausted, got {other:?}"),
    }
    assert_eq!(server.request_count(), 3);
}

#[test]
fn a_page_size_of_zero_is_a_typed_error() {
    let server = MockServer::start(MockConfig::with_records(10));
    let first = LeadsPage::iter(reqwest::blocking::Client::new().get(server.url("/api/v1/leads")))
        .page_size(0)
        .next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidRequest(_))),
        "{first:?}"
    );
    assert_eq!(server.request_count(), 0);
}

#[test]
fn a_params_in_body_envelope_needs_a_json_object_body() {
    let server = MockServer::start(MockConfig::with_records(10));
    let request = reqwest::blocking::Client::new()
        .post(server.url("/v2/objects/people/records/query"))
        .body("[1, 2]");
    let first = PeoplePage::iter(request).next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidRequest(_))),
        "{first:?}"
    );
}

#[tokio::test]
async fn closure_transport_over_http_with_an_sdk_style_client() {
    // A generated SDK owns its client and URL building; the closure maps a PageRequest onto it.
    let server = MockServer::start(MockConfig::with_records(130));
    let client = reqwest::Client::new();
    let base = server.url("/v2/meetings");
    let meetings: Vec<Meeting> = MeetingsPage::from_fn(move |request: PageRequest| {
        let mut call = client
            .get(&base)
            .query(&[("limit", request.page_size().unwrap_or(50))]);
        if let Some(cursor) = request.cursor() {
            call = call.query(&[("cursor", cursor)]);
        }
        async move {
            call.send()
                .await?
                .error_for_status()?
                .json::<MeetingsPage>()
                .await
        }
    })
    .page_size(60)
    .try_collect()
    .await
    .unwrap();
    assert_eq!(meetings.len(), 130);
    assert_eq!(server.request_count(), 3);
}

#[test]
fn blocking_closure_transport_with_a_link_header() {
    let server = MockServer::start(MockConfig::with_records(70));
    let client = reqwest::blocking::Client::new();
    let first = server.url("/repos/octo/hello/issues?per_page=30");
    let issues: Vec<Issue> = IssuesPage::from_fn_blocking(move |request: PageRequest| {
        let response = client.get(request.url().unwrap_or(&first)).send()?;
        let link = response
            .headers()
            .get("link")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let next = link.as_deref().and_then(|link| {
            link.split(',')
                .find(|part| part.contains("rel=\"next\""))
                .map(|part| {
                    part.trim()
                        .trim_start_matches('<')
                        .split('>')
                        .next()
                        .unwrap_or_default()
                        .to_owned()
                })
        });
        let page: IssuesPage = response.json()?;
        Ok::<_, reqwest::Error>(paginated::Fetched::new(page).with_next_link(next))
    })
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(
        issues.iter().map(|i| i.number).collect::<Vec<_>>(),
        (1..=70).collect::<Vec<_>>()
    );
}

/// Paths through `Option`s marked `?`: nested items taken by value, signals read by reference.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(items = "result?.data", item = u64, next_url = "meta?.links.next", has_more = "meta?.more")]
struct OptionalEnvelope {
    result: Option<ResultBody>,
    meta: Option<OptionalMeta>,
}

#[derive(Debug, Deserialize)]
struct ResultBody {
    data: Vec<u64>,
}

#[derive(Debug, Deserialize)]
struct OptionalMeta {
    links: Links,
    more: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct Links {
    next: Option<String>,
}

#[test]
fn paths_through_options_read_and_take_values() {
    let page = |start: u64| OptionalEnvelope {
        result: Some(ResultBody {
            data: vec![start, start + 1],
        }),
        meta: Some(OptionalMeta {
            links: Links {
                next: (start < 4).then(|| format!("/items?start={}", start + 2)),
            },
            more: Some(start < 4),
        }),
    };
    let items: Vec<u64> = OptionalEnvelope::from_fn_blocking(move |request: PageRequest| {
        let start = request
            .url()
            .map_or(0, |url| url.rsplit('=').next().unwrap().parse().unwrap());
        Ok::<_, std::io::Error>(page(start))
    })
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(items, [0, 1, 2, 3, 4, 5]);

    // A missing `result` is an empty page; a missing `meta` says nothing more.
    let parts = OptionalEnvelope {
        result: None,
        meta: None,
    }
    .into_parts();
    assert!(parts.items.is_empty());
    assert_eq!((parts.signals.next_url, parts.signals.has_more), (None, None));
}
