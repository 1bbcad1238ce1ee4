//! Exactly once against servers that repeat themselves, and no secret at rest or abroad: each test
//! walks one of `paginated-mock`'s hostile routes with default settings and checks, by the items and
//! the server's records, that every item comes once or the walk ends with a typed error before a
//! duplicate, over every transport: reqwest async and blocking, and closures async and blocking.

mod support;

use std::collections::HashSet;
use std::time::Duration;

use futures::TryStreamExt;
use paginated::{
    Checkpoint, CrossOrigin, CrossOriginReason, Error, ErrorKind, PageRequest, Paginate, RetryPolicy,
};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;
use support::*;

#[derive(Debug, Deserialize, PartialEq, Eq, Hash, Clone)]
struct Item {
    id: u64,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(page)]
struct PagedItems {
    data: Vec<Item>,
}

/// Envelopes generic in their item type. The derive sees the item type's traits through the
/// parameter's bounds: a closure walk's content guard needs `T: Hash`, `Serialize` or `Debug` declared.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(page)]
struct HashedPage<T: std::hash::Hash> {
    data: Vec<T>,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(page)]
struct SerializedPage<T: serde::Serialize> {
    data: Vec<T>,
}

/// Items that implement `Debug` and neither `Hash` nor `Serialize`, as `paginated-openapi` writes them.
#[derive(Debug, Deserialize)]
struct DebuggedItem {
    id: u64,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(page)]
struct DebuggedPage {
    data: Vec<DebuggedItem>,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(offset, total = "total")]
struct OffsetItems {
    data: Vec<Item>,
    total: u64,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "next_cursor", has_more = "has_more")]
struct CursorItems {
    data: Vec<Item>,
    next_cursor: Option<String>,
    has_more: bool,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Hash, Clone)]
struct Event {
    event: String,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "next_cursor", has_more = "has_more")]
struct EventsPage {
    data: Vec<Event>,
    next_cursor: Option<String>,
    has_more: bool,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "next_cursor")]
struct PlainCursorItems {
    data: Vec<Item>,
    next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(next_url = "next")]
struct LinkedItems {
    data: Vec<Item>,
    next: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq, Eq, Hash, Clone)]
struct TenantItem {
    id: String,
}

#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "next_cursor", has_more = "has_more")]
struct TenantPage {
    data: Vec<TenantItem>,
    next_cursor: Option<String>,
    has_more: bool,
}

/// What one walk yielded, and how it ended.
struct Outcome<T> {
    transport: &'static str,
    items: Vec<T>,
    error: Option<Error>,
}

impl<T> Outcome<T> {
    fn kind(&self) -> Option<&ErrorKind> {
        self.error.as_ref().map(Error::kind)
    }
}

/// The URL a closure transport fetches for `request`: the page's own URL, or `base` with the request's
/// parameters. Written the obvious way, as an SDK would.
fn page_url<P: Paginate>(base: &str, request: &PageRequest) -> String {
    if let Some(url) = request.url() {
        return url.to_owned();
    }
    let mut url = reqwest::Url::parse(base).unwrap();
    for (name, value) in request.params(&P::SPEC) {
        url.query_pairs_mut().append_pair(name, &value.to_string());
    }
    url.into()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

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

/// Walks envelope `$page` at `$url` over the four transports, each configured by `$configure` (an
/// expression over `$walk`), and gives the outcome of each.
macro_rules! every_transport {
    ($page:ty, $url:expr, |$walk:ident| $configure:expr) => {{
        let url: String = $url;
        let mut outcomes = Vec::new();
        let runtime = runtime();

        let (items, error) = runtime.block_on(async {
            let $walk = <$page>::stream(reqwest::Client::new().get(&url));
            drain($configure).await
        });
        outcomes.push(Outcome {
            transport: "reqwest async",
            items,
            error,
        });

        let $walk = <$page>::iter(reqwest::blocking::Client::new().get(&url));
        let (items, error) = drain_blocking($configure);
        outcomes.push(Outcome {
            transport: "reqwest blocking",
            items,
            error,
        });

        let (items, error) = runtime.block_on(async {
            let client = reqwest::Client::new();
            let base = url.clone();
            let $walk = <$page>::from_fn(move |request: PageRequest| {
                let (client, url) = (client.clone(), page_url::<$page>(&base, &request));
                async move {
                    client
                        .get(url)
                        .send()
                        .await?
                        .error_for_status()?
                        .json::<$page>()
                        .await
                }
            });
            drain($configure).await
        });
        outcomes.push(Outcome {
            transport: "closure async",
            items,
            error,
        });

        let client = reqwest::blocking::Client::new();
        let base = url.clone();
        let $walk = <$page>::from_fn_blocking(move |request: PageRequest| {
            client
                .get(page_url::<$page>(&base, &request))
                .send()?
                .error_for_status()?
                .json::<$page>()
        });
        let (items, error) = drain_blocking($configure);
        outcomes.push(Outcome {
            transport: "closure blocking",
            items,
            error,
        });
        outcomes
    }};
}

fn ids(items: &[Item]) -> Vec<u64> {
    items.iter().map(|item| item.id).collect()
}

fn repeated(outcome: &Outcome<impl std::fmt::Debug>, page: u64, earlier: u64) {
    assert!(
        matches!(outcome.kind(), Some(ErrorKind::RepeatedPage { page: p, earlier: e, .. }) if *p == page && *e == earlier),
        "{}: expected page {page} to repeat page {earlier}: {:?}",
        outcome.transport,
        outcome.error
    );
    let checkpoint = outcome
        .error
        .as_ref()
        .and_then(Error::checkpoint)
        .expect("a checkpoint");
    assert_eq!(
        checkpoint.skip(),
        0,
        "{}: the repeat is not yielded",
        outcome.transport
    );
}

// Duplicates the old guard did not see: content repeated inside a changing envelope.

/// The outcome of a walk of `/hostile/last-page-forever` with 40 records in pages of 10: every item
/// once (`ids`, in order), then page 5, which repeats page 4, refused.
fn every_item_then_the_last_page_refused(outcome: &Outcome<impl std::fmt::Debug>, ids: Vec<u64>) {
    assert_eq!(ids, (1..=40).collect::<Vec<_>>(), "{}", outcome.transport);
    repeated(outcome, 5, 4);
}

#[test]
fn a_page_api_that_answers_its_last_page_forever_with_fresh_request_ids() {
    let server = MockServer::start(MockConfig::with_records(40));
    let url = server.url("/hostile/last-page-forever");
    for outcome in every_transport!(PagedItems, url.clone(), |walk| walk.page_size(10)) {
        every_item_then_the_last_page_refused(&outcome, ids(&outcome.items));
    }
    assert_eq!(
        server.request_count(),
        4 * 5,
        "four pages and the repeat, per transport"
    );
}

#[test]
fn a_closure_walk_sees_a_repeat_by_any_trait_its_items_have() {
    let server = MockServer::start(MockConfig::with_records(40));
    let url = server.url("/hostile/last-page-forever");
    // Without the guard the walk would go on: `max_pages` ends it, and the items tell.
    for outcome in every_transport!(HashedPage<Item>, url.clone(), |walk| walk
        .page_size(10)
        .max_pages(50))
    {
        every_item_then_the_last_page_refused(&outcome, ids(&outcome.items));
    }
    for outcome in every_transport!(SerializedPage<serde_json::Value>, url.clone(), |walk| walk
        .page_size(10)
        .max_pages(50))
    {
        let ids = outcome.items.iter().filter_map(|item| item["id"].as_u64());
        every_item_then_the_last_page_refused(&outcome, ids.collect());
    }
    for outcome in every_transport!(DebuggedPage, url.clone(), |walk| walk.page_size(10).max_pages(50)) {
        let ids = outcome.items.iter().map(|item| item.id);
        every_item_then_the_last_page_refused(&outcome, ids.collect());
    }
}

#[test]
fn a_page_api_whose_last_two_pages_alternate_past_the_end() {
    let server = MockServer::start(MockConfig::with_records(40));
    let url = server.url("/hostile/alternating-tail");
    for outcome in every_transport!(PagedItems, url.clone(), |walk| walk.page_size(10)) {
        assert_eq!(
            ids(&outcome.items),
            (1..=40).collect::<Vec<_>>(),
            "{}",
            outcome.transport
        );
        repeated(&outcome, 5, 3);
    }
}

#[test]
fn an_offset_api_that_ignores_the_offset_and_declares_a_total() {
    let server = MockServer::start(MockConfig::with_records(50));
    let url = server.url("/hostile/ignores-offset");
    for outcome in every_transport!(OffsetItems, url.clone(), |walk| walk.page_size(10)) {
        assert_eq!(
            ids(&outcome.items),
            (1..=10).collect::<Vec<_>>(),
            "{}",
            outcome.transport
        );
        repeated(&outcome, 2, 1);
        // The position does not move past the repeat: resuming asks for offset 10 again.
        let checkpoint = outcome.error.as_ref().and_then(Error::checkpoint).unwrap();
        assert_eq!(
            checkpoint.request().unwrap().offset(),
            Some(10),
            "{}",
            outcome.transport
        );
    }
}

#[test]
fn a_server_that_ignores_the_cursor_and_issues_fresh_ones() {
    let server = MockServer::start(MockConfig::with_records(40));
    let url = server.url("/hostile/repeat-cursor");
    for outcome in every_transport!(PlainCursorItems, url.clone(), |walk| walk.page_size(10)) {
        assert_eq!(
            ids(&outcome.items),
            (1..=10).collect::<Vec<_>>(),
            "{}",
            outcome.transport
        );
        repeated(&outcome, 2, 1);
    }
}

// Cycles longer than the old guard's memory.

#[test]
fn a_cursor_cycle_of_three_thousand_pages_yields_nothing_twice() {
    let server = MockServer::start(MockConfig::with_records(10));
    for fresh in [false, true] {
        let url = server.url(&format!("/hostile/cursor-cycle?cycle=3000&limit=2&fresh={fresh}"));
        for outcome in every_transport!(CursorItems, url.clone(), |walk| walk) {
            assert_eq!(
                ids(&outcome.items),
                (1..=6000).collect::<Vec<_>>(),
                "{}",
                outcome.transport
            );
            repeated(&outcome, 3001, 1);
        }
    }
}

#[test]
fn a_cycle_longer_than_the_window_ends_within_one_lap() {
    let server = MockServer::start(MockConfig::with_records(10));
    let cycle = 5_000u64;
    let url = server.url(&format!("/hostile/cursor-cycle?cycle={cycle}&limit=1&fresh=true"));
    let (items, error) = drain_blocking(CursorItems::iter(reqwest::blocking::Client::new().get(&url)));
    let error = error.expect("a typed error");
    assert!(
        matches!(error.kind(), ErrorKind::RepeatedPage { .. }),
        "{error:?}"
    );
    let repeats = items.len() as u64 - cycle;
    assert!(repeats < cycle, "{repeats} items again before the error");
    assert_eq!(ids(&items[..cycle as usize]), (1..=cycle).collect::<Vec<_>>());
}

#[test]
fn a_resumed_walk_still_catches_a_fifty_page_cycle() {
    let server = MockServer::start(MockConfig::with_records(10));
    let url = server.url("/hostile/cursor-cycle?cycle=50&limit=2&fresh=true");
    let client = reqwest::blocking::Client::new();
    let mut walk = CursorItems::iter(client.get(&url));
    let first: Vec<Item> = walk.by_ref().take(61).collect::<Result<_, _>>().unwrap();
    let saved = serde_json::to_string(&walk.checkpoint()).unwrap();
    let checkpoint: Checkpoint = serde_json::from_str(&saved).unwrap();
    let (rest, error) = drain_blocking(CursorItems::iter(client.get(&url)).resume(checkpoint));
    let all: Vec<u64> = ids(&first).into_iter().chain(ids(&rest)).collect();
    assert_eq!(all, (1..=100).collect::<Vec<_>>());
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::RepeatedPage {
                page: 51,
                earlier: 1,
                ..
            })
        ),
        "{error:?}"
    );
}

// Closures that ignore the position they are given.

#[derive(Debug, serde::Serialize, Deserialize, Paginate)]
#[paginate(cursor = "last_evaluated_key")]
struct ScanPage {
    items: Vec<serde_json::Value>,
    last_evaluated_key: Option<serde_json::Value>,
}

#[test]
fn a_closure_that_fetches_the_first_page_again_is_stopped_before_a_duplicate() {
    // A DynamoDB-style key: the closure reads the position with `cursor()`, which gives JSON cursors
    // too; one written carelessly (ignoring it) is stopped by the repeat guard.
    let scan = |start: u64| ScanPage {
        items: (start..start + 2).map(|n| serde_json::json!({"pk": n})).collect(),
        last_evaluated_key: (start < 4).then(|| serde_json::json!({"pk": start + 1})),
    };
    let careful: Vec<serde_json::Value> = ScanPage::from_fn_blocking(move |request: PageRequest| {
        let start = request
            .cursor()
            .map_or(0, |key| key.to_json()["pk"].as_u64().unwrap() + 1);
        Ok::<_, std::io::Error>(scan(start))
    })
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(careful.len(), 6);

    let careless = ScanPage::from_fn_blocking(move |_: PageRequest| Ok::<_, std::io::Error>(scan(0)));
    let (items, error) = drain_blocking(careless);
    assert_eq!(items.len(), 2, "page 1 once");
    let error = error.expect("a typed error");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::RepeatedPage {
                page: 2,
                earlier: 1,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("PageRequest::position"), "{error}");
}

// Empty pages, and honest repeats.

#[test]
fn empty_pages_forever_end_by_default_with_a_checkpoint_to_go_on() {
    let server = MockServer::start(MockConfig::with_records(10));
    let url = server.url("/hostile/endless-empty");
    for outcome in every_transport!(CursorItems, url.clone(), |walk| walk) {
        assert!(outcome.items.is_empty());
        assert!(
            matches!(
                outcome.kind(),
                Some(ErrorKind::Stalled {
                    pages: 1001,
                    limit: 1000
                })
            ),
            "{}: {:?}",
            outcome.transport,
            outcome.error
        );
        let checkpoint = outcome.error.as_ref().and_then(Error::checkpoint).unwrap();
        assert!(
            checkpoint.request().unwrap().cursor().is_some(),
            "it goes on from where it stopped"
        );
    }
    assert_eq!(server.request_count(), 4 * 1001);
    server.clear_requests();
    let outcomes = every_transport!(CursorItems, url.clone(), |walk| walk.max_stalled_pages(3));
    assert!(outcomes
        .iter()
        .all(|outcome| matches!(outcome.kind(), Some(ErrorKind::Stalled { pages: 4, .. }))));
    assert_eq!(server.request_count(), 4 * 4);
}

#[test]
fn honest_identical_pages_are_refused_by_default_and_walked_when_allowed() {
    let server = MockServer::start(MockConfig::with_records(10));
    let url = server.url("/hostile/identical-pages?pages=3");
    for outcome in every_transport!(EventsPage, url.clone(), |walk| walk) {
        assert_eq!(
            outcome.items.len(),
            2,
            "{}: the first page only",
            outcome.transport
        );
        repeated(&outcome, 2, 1);
        let message = outcome.error.as_ref().unwrap().to_string();
        assert!(message.contains(".allow_repeated_pages(true)"), "{message}");
    }
    for outcome in every_transport!(EventsPage, url.clone(), |walk| walk.allow_repeated_pages(true)) {
        assert!(
            outcome.error.is_none(),
            "{}: {:?}",
            outcome.transport,
            outcome.error
        );
        assert_eq!(outcome.items.len(), 6, "{}", outcome.transport);
    }
    // Still bounded: repeats count as stalled pages.
    let url = server.url("/hostile/identical-pages?pages=50");
    for outcome in every_transport!(EventsPage, url.clone(), |walk| walk
        .allow_repeated_pages(true)
        .max_stalled_pages(5))
    {
        assert_eq!(outcome.items.len(), 2 * 7, "{}", outcome.transport);
        assert!(
            matches!(outcome.kind(), Some(ErrorKind::Stalled { pages: 6, .. })),
            "{}",
            outcome.transport
        );
    }
}

// Secrets at rest.

#[test]
fn a_checkpoint_holds_no_credential_and_resumes_with_the_callers() {
    let server = MockServer::start(MockConfig::with_records(60));
    let client = reqwest::blocking::Client::new();
    let url = |key: &str| {
        server.url(&format!(
            "/v1/calls?per_page=10&api_key={key}&access_token={key}-t"
        ))
    };
    let mut walk = CallsPage::iter(client.get(url("S3CRET")).header("x-api-key", "H3ADER"));
    let first: Vec<Call> = walk.by_ref().take(25).collect::<Result<_, _>>().unwrap();
    let saved = serde_json::to_string(&walk.checkpoint()).unwrap();
    for secret in ["S3CRET", "H3ADER"] {
        assert!(!saved.contains(secret), "{saved}");
    }
    // The resuming request brings its own (rotated) key, which the next pages carry.
    server.clear_requests();
    let rest: Vec<Call> = CallsPage::iter(client.get(url("R0TATED")))
        .resume(serde_json::from_str(&saved).unwrap())
        .collect::<Result<_, _>>()
        .unwrap();
    let all: Vec<u64> = first.iter().chain(&rest).map(|call| call.id).collect();
    assert_eq!(all.len(), 60);
    assert_eq!(all.iter().collect::<HashSet<_>>().len(), 60);
    for request in server.requests() {
        assert_eq!(request.params("api_key"), ["R0TATED"], "{}", request.query);
        assert_eq!(request.params("access_token"), ["R0TATED-t"], "{}", request.query);
    }
}

#[test]
fn a_checkpoint_resumes_only_the_request_that_took_it() {
    let server = MockServer::start(MockConfig::with_records(30));
    let client = reqwest::blocking::Client::new();
    let url = |tenant: &str| server.url(&format!("/hostile/tenant-items?limit=5&tenant={tenant}"));
    let mut walk = TenantPage::iter(client.get(url("alice")));
    walk.by_ref().take(7).for_each(drop);
    let checkpoint = walk.checkpoint();
    server.clear_requests();
    let first = TenantPage::iter(client.get(url("bob")))
        .resume(checkpoint.clone())
        .next();
    assert!(
        matches!(kind_of(&first), Some(ErrorKind::InvalidCheckpoint { .. })),
        "{first:?}"
    );
    assert_eq!(server.request_count(), 0, "nothing is asked of Bob's list");
    let rest: Vec<TenantItem> = TenantPage::iter(client.get(url("alice")))
        .resume(checkpoint)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rest.first().map(|item| item.id.as_str()), Some("alice-8"));
    // POST bodies are bound too, credentials aside.
    let search = |body: serde_json::Value| {
        reqwest::blocking::Client::new()
            .post(server.url("/hostile/next-elsewhere"))
            .json(&body)
    };
    let mut walk = LinkedItems::iter(search(serde_json::json!({"q": "a", "password": "p1"})));
    walk.by_ref().take(3).for_each(drop);
    let checkpoint = walk.checkpoint();
    let other = LinkedItems::iter(search(serde_json::json!({"q": "b", "password": "p1"})))
        .resume(checkpoint.clone())
        .next();
    assert!(
        matches!(kind_of(&other), Some(ErrorKind::InvalidCheckpoint { .. })),
        "{other:?}"
    );
    let rotated: Vec<Item> = LinkedItems::iter(search(serde_json::json!({"q": "a", "password": "p2"})))
        .resume(checkpoint)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(ids(&rotated), (4..=10).collect::<Vec<_>>());
}

#[test]
fn a_short_signing_key_is_refused() {
    for secret in [&b""[..], b"k", &[7; 31]] {
        let short = paginated::CheckpointKey::new(secret.to_vec()).unwrap_err();
        assert_eq!(short.length, secret.len());
        let error = Error::from(short);
        assert!(matches!(error.kind(), ErrorKind::InvalidRequest(_)), "{error:?}");
    }
    assert!(paginated::CheckpointKey::new([7; 32].to_vec()).is_ok());
}

// Secrets off the origin.

fn two_servers() -> (MockServer, MockServer) {
    let other = MockServer::start(MockConfig::with_records(10));
    let server = MockServer::start(MockConfig {
        redirect_origin: Some(other.base_url().to_owned()),
        ..MockConfig::with_records(10)
    });
    (server, other)
}

#[test]
fn a_body_never_goes_to_an_origin_the_user_did_not_name() {
    let (server, other) = two_servers();
    let post = || {
        reqwest::blocking::Client::new()
            .post(server.url("/hostile/next-elsewhere"))
            .header("x-api-key", "H3ADER")
            .json(&serde_json::json!({"client_secret": "S3CRET", "password": "PW"}))
    };
    let (items, error) =
        drain_blocking(LinkedItems::iter(post()).cross_origin(CrossOrigin::FollowWithoutCredentials));
    assert_eq!(ids(&items), [1, 2, 3, 4, 5]);
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::CrossOrigin {
                reason: CrossOriginReason::Body,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(other.request_count(), 0, "nothing was sent there");

    // Named, it gets the whole request.
    let (items, error) = drain_blocking(LinkedItems::iter(post()).allow_origin(other.base_url()));
    assert!(error.is_none(), "{error:?}");
    assert_eq!(ids(&items), (1..=10).collect::<Vec<_>>());
    let there = &other.requests()[0];
    assert!(there.body.contains("S3CRET"));
    assert_eq!(there.header("x-api-key"), Some("H3ADER"));

    // A GET followed without credentials keeps them home.
    other.clear_requests();
    let get = reqwest::blocking::Client::new()
        .get(server.url("/hostile/next-elsewhere"))
        .header("x-api-key", "H3ADER")
        .bearer_auth("B3ARER");
    let (items, error) =
        drain_blocking(LinkedItems::iter(get).cross_origin(CrossOrigin::FollowWithoutCredentials));
    assert!(error.is_none(), "{error:?}");
    assert_eq!(items.len(), 10);
    let there = &other.requests()[0];
    assert_eq!(
        (there.header("x-api-key"), there.header("authorization")),
        (None, None)
    );
}

#[test]
fn a_client_that_follows_a_redirect_abroad_is_named_in_the_error() {
    let (server, other) = two_servers();
    let path = "/hostile/redirect-307/hostile/tenant-items?tenant=t";
    // reqwest's own client follows the redirect, with the custom credential header.
    let request = reqwest::blocking::Client::new()
        .get(server.url(path))
        .header("x-api-key", "H3ADER");
    let (items, error) = drain_blocking(TenantPage::iter(request));
    assert!(items.is_empty());
    let error = error.expect("a typed error");
    assert!(
        matches!(
            error.kind(),
            ErrorKind::CrossOrigin {
                reason: CrossOriginReason::FollowedByClient,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("paginated::http::client()"), "{error}");
    assert_eq!(
        other.requests()[0].header("x-api-key"),
        Some("H3ADER"),
        "what the message warns of"
    );

    // The client `paginated::http` builds never follows it.
    other.clear_requests();
    let client = paginated::http::blocking_client().build().unwrap();
    let (items, error) = drain_blocking(TenantPage::iter(
        client.get(server.url(path)).header("x-api-key", "H3ADER"),
    ));
    assert!(items.is_empty());
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::CrossOrigin {
                reason: CrossOriginReason::Redirected,
                ..
            })
        ),
        "{error:?}"
    );
    assert_eq!(other.request_count(), 0);
}

#[test]
fn errors_never_print_a_secret_the_server_echoes() {
    let server = MockServer::start(MockConfig::with_records(10));
    let url = server.url("/hostile/echo-secrets?api_key=Q-S3CRET&hmac=H-S3CRET&ticket=T-S3CRET&client_assertion=A-S3CRET&page=1");
    let secrets = [
        "Q-S3CRET", "H-S3CRET", "T-S3CRET", "A-S3CRET", "B-S3CRET", "K-S3CRET", "P-S3CRET",
    ];
    let check = |error: Option<Error>| {
        let error = error.expect("a typed error");
        assert!(
            matches!(error.kind(), ErrorKind::Status { status: 401, .. }),
            "{error:?}"
        );
        for text in [error.to_string(), format!("{error:?}")] {
            for secret in secrets {
                assert!(!text.contains(secret), "{secret} in {text}");
            }
            assert!(!text.contains(['\u{2028}', '\u{2029}', '\r', '\n']), "{text:?}");
        }
    };
    let body = serde_json::json!({"password": "P-S3CRET", "q": "x"});
    let (_, error) = runtime().block_on(drain(CursorItems::stream(
        reqwest::Client::new()
            .post(&url)
            .bearer_auth("B-S3CRET")
            .header("x-api-key", "K-S3CRET")
            .json(&body),
    )));
    check(error);
    let (_, error) = drain_blocking(CursorItems::iter(
        reqwest::blocking::Client::new()
            .post(&url)
            .bearer_auth("B-S3CRET")
            .header("x-api-key", "K-S3CRET")
            .json(&body),
    ));
    check(error);
}

// Weak answers.

#[test]
fn a_cursor_too_long_for_a_url_is_a_typed_error() {
    let server = MockServer::start(MockConfig::with_records(10));
    let url = server.url("/hostile/huge-cursor?size=70000");
    let (items, error) = drain_blocking(CursorItems::iter(reqwest::blocking::Client::new().get(&url)));
    assert_eq!(ids(&items), [1]);
    match error.as_ref().map(Error::kind) {
        Some(ErrorKind::RequestTooLong { length, limit }) => {
            assert!(*length > 70_000 && *limit == 65_534, "{length} {limit}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.request_count(), 1, "never sent");
    // A cursor that fits is sent.
    let url = server.url("/hostile/huge-cursor?size=60000");
    let (items, error) = runtime().block_on(drain(CursorItems::stream(reqwest::Client::new().get(&url))));
    assert_eq!((ids(&items), error.is_none()), (vec![1, 2], true));
}

#[test]
fn trailing_garbage_names_its_byte_offset() {
    let server = MockServer::start(MockConfig::with_records(10));
    let body = paginated_mock::hostile::TRAILING_GARBAGE_BODY;
    let url = server.url("/hostile/trailing-garbage");
    let (_, error) = drain_blocking(PlainCursorItems::iter(reqwest::blocking::Client::new().get(&url)));
    match error.as_ref().map(Error::kind) {
        Some(ErrorKind::Decode {
            offset: Some(offset), ..
        }) => {
            assert_eq!(&body[*offset as usize..], "trailing", "{error:?}")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_retry_after_beyond_the_page_deadline_is_a_rate_limit_with_its_wait() {
    let server = MockServer::start(MockConfig::with_records(10));
    let url = server.url("/hostile/rate-limited?retry_after=3600");
    let timer = RecordingTimer::default();
    let (_, error) = runtime().block_on(drain(
        CursorItems::stream(reqwest::Client::new().get(&url)).timer(timer.clone()),
    ));
    let error = error.expect("a typed error");
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { status: 429, retry_after, .. } if *retry_after == Duration::from_secs(3600)),
        "{error:?}"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(3600)));
    assert!(error.checkpoint().is_some());
    assert!(
        timer
            .waits_under(RetryPolicy::default().attempt_deadline())
            .is_empty(),
        "no wait started"
    );
    let (_, error) = drain_blocking(CursorItems::iter(reqwest::blocking::Client::new().get(&url)));
    assert!(
        matches!(
            error.as_ref().map(Error::kind),
            Some(ErrorKind::RateLimited { .. })
        ),
        "{error:?}"
    );
}

#[test]
fn the_clients_own_timeout_is_named_as_such() {
    let server = MockServer::start(MockConfig::with_records(10));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(20))
        .build()
        .unwrap();
    let walk = CursorItems::stream(client.get(server.url("/hostile/silent"))).retry(RetryPolicy::disabled());
    let (_, error) = runtime().block_on(drain(walk));
    let error = error.expect("a typed error");
    assert!(
        matches!(error.kind(), ErrorKind::Timeout { limit: None, .. }),
        "{error:?}"
    );
    assert!(
        error.to_string().contains("the HTTP client's own timeout"),
        "{error}"
    );
}
