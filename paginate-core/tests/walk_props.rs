//! Property tests of the sans-IO state machine: for any data size, page size, strategy and set of
//! declared signals, a walk yields every item exactly once, in order, and terminates; against an
//! adversarial API (arbitrary tokens, ignored positions, clamped pages) it still terminates without
//! yielding an item twice; checkpoints taken anywhere resume exactly and stay small.

use paginated_core::{
    Checkpoint, Endpoint, Error, ErrorKind, Fingerprint, PageParts, PageRequest, Position, ReceivedPage,
    Signals, Spec, Strategy, Token, Walk, WalkConfig,
};
use proptest::prelude::*;
use proptest::strategy::Strategy as _;

/// Which signals an envelope declares.
#[derive(Debug, Clone, Copy)]
struct Declared {
    has_more: bool,
    total: bool,
    total_pages: bool,
    page_echo: bool,
}

fn spec(strategy: Strategy, declared: Declared) -> Spec {
    let mut spec = Spec::new(strategy);
    if declared.has_more {
        spec = spec.has_more();
    }
    if declared.total {
        spec = spec.total();
    }
    if declared.total_pages {
        spec = spec.total_pages();
    }
    if declared.page_echo {
        spec = spec.page_read();
    }
    spec
}

const BASE: &str = "https://api.test/items";

/// A faithful in-memory API over items `0..total`, serving `default_size` items when no size is sent.
fn serve(
    strategy: Strategy,
    declared: Declared,
    total: u64,
    default_size: u64,
    request: &PageRequest,
) -> (Vec<u64>, Signals) {
    let size = request.page_size().unwrap_or(default_size);
    let start = match request.position() {
        Position::First => 0,
        Position::Cursor(cursor) => cursor.as_str().unwrap().parse().unwrap(),
        Position::Url(url) => url.rsplit('=').next().unwrap().parse().unwrap(),
        Position::Offset(offset) => *offset,
        Position::Page(page) => match strategy {
            Strategy::Page { first } => (page - first) * size,
            _ => unreachable!(),
        },
        Position::Keyset(key) => key[0].as_str().unwrap().parse::<u64>().unwrap() + 1,
    };
    let end = (start + size).min(total).max(start.min(total));
    let items: Vec<u64> = (start.min(total)..end).collect();
    let more = end < total;
    let next = more.then(|| end.to_string());
    let signals = Signals {
        cursor: next
            .clone()
            .filter(|_| strategy == Strategy::Cursor)
            .map(Token::Text),
        next_url: next
            .filter(|_| matches!(strategy, Strategy::NextUrl | Strategy::LinkHeader))
            .map(|next| format!("{BASE}?start={next}")),
        has_more: declared.has_more.then_some(more),
        total: declared.total.then_some(total),
        total_pages: declared.total_pages.then(|| total.div_ceil(size).max(1)),
        page: request.page().filter(|_| declared.page_echo),
        keyset: items.last().map(|last| vec![Token::text(last.to_string())]),
        error: None,
        carry: None,
    };
    (items, signals)
}

fn strategies() -> impl proptest::strategy::Strategy<Value = Strategy> {
    prop_oneof![
        Just(Strategy::Cursor),
        Just(Strategy::NextUrl),
        Just(Strategy::LinkHeader),
        Just(Strategy::Offset),
        (0u64..3).prop_map(|first| Strategy::Page { first }),
        Just(Strategy::Keyset),
    ]
}

fn declared() -> impl proptest::strategy::Strategy<Value = Declared> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(has_more, total, total_pages, page_echo)| Declared {
            has_more,
            total,
            total_pages,
            page_echo,
        },
    )
}

fn endpoint() -> Endpoint {
    endpoint_at(BASE)
}

/// A GET walk over `url`, its checkpoints bound to the request.
fn endpoint_at(url: &str) -> Endpoint {
    Endpoint::at(url.parse().unwrap())
        .named("Items")
        .bound_to("GET", None, &Spec::new(Strategy::Cursor))
}

/// Reports one page to the walk like a transport, with the fingerprint of its items; returns the items
/// it lets through and its error.
fn report(walk: &mut Walk, items: &[u64], signals: &Signals) -> (Vec<u64>, Option<Error>) {
    let page = ReceivedPage::new(PageParts::new(items.to_vec(), signals.clone()))
        .with_content((!items.is_empty()).then(|| Fingerprint::of_items(items)));
    let outcome = walk.on_response(&page);
    (items[..outcome.take].to_vec(), outcome.error)
}

/// Runs a walk to its end; returns the items yielded, the pages fetched and the final error.
fn run(
    strategy: Strategy,
    declared: Declared,
    total: u64,
    default_size: u64,
    config: WalkConfig,
) -> (Vec<u64>, u64, Option<Error>) {
    let walk = Walk::start(spec(strategy, declared), config, endpoint()).unwrap();
    finish(walk, strategy, declared, total, default_size, Vec::new())
}

/// Runs `walk` to its end after `yielded`.
fn finish(
    mut walk: Walk,
    strategy: Strategy,
    declared: Declared,
    total: u64,
    default_size: u64,
    mut yielded: Vec<u64>,
) -> (Vec<u64>, u64, Option<Error>) {
    let bound = total + 10;
    while let Some(request) = walk.next_request().cloned() {
        assert!(walk.pages() <= bound, "walk did not terminate");
        let (items, signals) = serve(strategy, declared, total, default_size, &request);
        let (taken, error) = report(&mut walk, &items, &signals);
        yielded.extend(taken);
        if error.is_some() {
            return (yielded, walk.pages(), error);
        }
    }
    (yielded, walk.pages(), None)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_item_exactly_once_in_order(
        strategy in strategies(),
        declared in declared(),
        total in 0u64..400,
        page_size in proptest::option::of(1u64..60),
        default_size in 1u64..60,
    ) {
        let config = WalkConfig { page_size, ..WalkConfig::default() };
        let (items, pages, error) = run(strategy, declared, total, default_size, config);
        prop_assert!(error.is_none(), "unexpected error {:?}", error);
        prop_assert_eq!(items, (0..total).collect::<Vec<_>>());
        let size = page_size.unwrap_or(default_size);
        // At most one extra request to learn that the data ended.
        prop_assert!(pages <= total.div_ceil(size) + 1, "{} pages for {} items of {}", pages, total, size);
    }

    #[test]
    fn hard_limits_always_win(
        strategy in strategies(),
        declared in declared(),
        total in 0u64..300,
        page_size in 1u64..40,
        max_items in proptest::option::of(0u64..300),
        max_pages in proptest::option::of(0u64..12),
    ) {
        let config = WalkConfig { page_size: Some(page_size), max_items, max_pages, ..WalkConfig::default() };
        let (items, pages, error) = run(strategy, declared, total, page_size, config);
        prop_assert!(error.is_none(), "unexpected error {:?}", error);
        let mut expected = total;
        if let Some(max) = max_items {
            expected = expected.min(max);
        }
        if let Some(max) = max_pages {
            expected = expected.min(max * page_size);
            prop_assert!(pages <= max);
        }
        prop_assert_eq!(items, (0..expected).collect::<Vec<_>>());
    }

    /// An API answering with arbitrary tokens from a small set, arbitrary `has_more` and arbitrary
    /// page lengths: the walk ends (normally or with an error) within a bounded number of pages.
    #[test]
    fn adversarial_tokens_never_loop_forever(
        strategy in prop_oneof![Just(Strategy::Cursor), Just(Strategy::NextUrl), Just(Strategy::Keyset)],
        script in proptest::collection::vec((0u8..6, any::<bool>(), 0usize..4), 1..64),
        has_more in any::<bool>(),
        max_stalled_pages in proptest::option::of(0u32..4),
    ) {
        let declared = Declared { has_more, total: false, total_pages: false, page_echo: false };
        let config = WalkConfig { max_stalled_pages, ..WalkConfig::default() };
        let mut walk = Walk::start(spec(strategy, declared), config, endpoint()).unwrap();
        let mut pages = 0usize;
        while walk.next_request().is_some() {
            let (token, more, len) = script[pages % script.len()];
            pages += 1;
            prop_assert!(pages <= 6 + 1, "walk still going after {} pages", pages);
            let token = token.to_string();
            let signals = Signals {
                cursor: Some(Token::text(token.clone())),
                next_url: Some(format!("{BASE}?t={token}")),
                has_more: Some(more),
                keyset: Some(vec![Token::text(token)]),
                ..Signals::default()
            };
            if walk.on_page(&signals, len).is_err() {
                break;
            }
        }
    }
}

/// An API that ignores the page parameter and answers the first page every time (a misspelled parameter
/// name), and one that answers every page past the end with the last page (clamping): the walk ends
/// with an error before yielding any item twice.
fn repeating_api(strategy: Strategy, total: u64, size: u64, clamp: bool, request: &PageRequest) -> Vec<u64> {
    let last_start = total.saturating_sub(1) / size * size;
    let start = match (request.position(), strategy) {
        (Position::Offset(offset), _) => *offset,
        (Position::Page(page), Strategy::Page { first }) => (page - first) * size,
        _ => 0,
    };
    let start = if clamp { start.min(last_start) } else { 0 };
    (start..(start + size).min(total)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_repeating_api_never_yields_an_item_twice(
        strategy in prop_oneof![Just(Strategy::Offset), (0u64..2).prop_map(|first| Strategy::Page { first })],
        total in 1u64..300,
        size in 1u64..40,
        clamp in any::<bool>(),
    ) {
        // Only `page`/`offset` declared, and a page size that may divide the total: no count, no
        // short page ends the walk; only the repeated items do.
        let mut walk = Walk::start(Spec::new(strategy), WalkConfig { page_size: Some(size), ..WalkConfig::default() }, endpoint()).unwrap();
        let mut yielded = Vec::new();
        let mut error = None;
        while let Some(request) = walk.next_request().cloned() {
            prop_assert!(walk.pages() <= total + 2, "walk did not terminate");
            let items = repeating_api(strategy, total, size, clamp, &request);
            let (taken, failed) = report(&mut walk, &items, &Signals::default());
            yielded.extend(taken);
            if failed.is_some() {
                error = failed;
                break;
            }
        }
        let mut unique = yielded.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), yielded.len(), "an item was yielded twice");
        if let Some(error) = error {
            prop_assert!(matches!(error.kind(), ErrorKind::RepeatedPage { .. }), "{:?}", error);
        }
    }

    #[test]
    fn a_checkpoint_taken_anywhere_resumes_exactly(
        strategy in strategies(),
        declared in declared(),
        total in 0u64..200,
        page_size in 1u64..30,
        cut in 0u64..220,
    ) {
        let config = WalkConfig { page_size: Some(page_size), ..WalkConfig::default() };
        let spec = spec(strategy, declared);
        let mut walk = Walk::start(spec, config.clone(), endpoint()).unwrap();
        // Consume `cut` items, then take the checkpoint inside the current page.
        let mut yielded = Vec::new();
        let mut consumed_of_page = None;
        while let Some(request) = walk.next_request().cloned() {
            let (items, signals) = serve(strategy, declared, total, page_size, &request);
            let (taken, error) = report(&mut walk, &items, &signals);
            prop_assert!(error.is_none());
            let room = (cut - yielded.len() as u64) as usize;
            if taken.len() >= room {
                yielded.extend(&taken[..room]);
                consumed_of_page = Some(room as u64);
                break;
            }
            yielded.extend(taken);
        }
        let checkpoint: Checkpoint = serde_json::from_str(&serde_json::to_string(&walk.checkpoint(consumed_of_page)).unwrap()).unwrap();
        let skip = checkpoint.skip() as usize;
        let mut resumed = Walk::resume(spec, config, endpoint(), checkpoint, None).unwrap();
        // The first resumed page drops the items already yielded from it.
        if let Some(request) = resumed.next_request().cloned() {
            let (items, signals) = serve(strategy, declared, total, page_size, &request);
            let (taken, error) = report(&mut resumed, &items, &signals);
            prop_assert!(error.is_none());
            yielded.extend(&taken[skip.min(taken.len())..]);
        }
        let (all, _, error) = finish(resumed, strategy, declared, total, page_size, yielded);
        prop_assert!(error.is_none(), "{:?}", error);
        prop_assert_eq!(all, (0..total).collect::<Vec<_>>());
    }
}

#[test]
fn a_checkpoint_stays_small_however_long_the_walk() {
    let spec = Spec::new(Strategy::Cursor);
    let mut walk = Walk::start(spec, WalkConfig::default(), endpoint()).unwrap();
    let mut sizes = Vec::new();
    for page in 0..20_000u64 {
        let signals = Signals {
            cursor: Some(Token::text(format!("{page:0116}"))),
            ..Signals::default()
        };
        walk.on_page(&signals, 10).unwrap();
        if page == 100 || page == 19_999 {
            sizes.push(serde_json::to_string(&walk.checkpoint(None)).unwrap().len());
        }
    }
    // Only the counters' digits grow; every cursor of the walk would be 2.4 MB.
    assert!(
        sizes[1] - sizes[0] < 32,
        "checkpoint grows with the walk: {sizes:?}"
    );
    assert!(sizes[1] < 3_200, "{} bytes", sizes[1]);
}

#[test]
fn a_checkpoint_of_another_walk_is_refused() {
    let offset = Walk::start(Spec::new(Strategy::Offset), WalkConfig::default(), endpoint()).unwrap();
    let checkpoint = offset.checkpoint(None);
    let refused = |spec: Spec, endpoint: Endpoint, checkpoint: Checkpoint| match Walk::resume(
        spec,
        WalkConfig::default(),
        endpoint,
        checkpoint,
        None,
    ) {
        Err(error) => matches!(error.kind(), ErrorKind::InvalidCheckpoint { .. }),
        Ok(_) => false,
    };
    assert!(
        refused(Spec::new(Strategy::Cursor), endpoint(), checkpoint.clone()),
        "another strategy"
    );
    let other_envelope = endpoint().named("Other");
    assert!(
        refused(Spec::new(Strategy::Offset), other_envelope, checkpoint.clone()),
        "another envelope"
    );
    let other_origin = endpoint_at("https://evil.test/items");
    assert!(
        refused(Spec::new(Strategy::Offset), other_origin, checkpoint.clone()),
        "another origin"
    );
    let other_query = endpoint_at(&format!("{BASE}?tenant=bob"));
    assert!(
        refused(Spec::new(Strategy::Offset), other_query, checkpoint.clone()),
        "another query"
    );
    assert!(
        !refused(Spec::new(Strategy::Offset), endpoint(), checkpoint),
        "its own walk"
    );
}

#[test]
fn a_cursor_seen_two_pages_ago_is_a_loop() {
    let mut walk = Walk::new(Spec::new(Strategy::Cursor), WalkConfig::default()).unwrap();
    for cursor in ["a", "b"] {
        let signals = Signals {
            cursor: Some(Token::text(cursor)),
            ..Signals::default()
        };
        walk.on_page(&signals, 1).unwrap();
    }
    let signals = Signals {
        cursor: Some(Token::text("a")),
        ..Signals::default()
    };
    let error = walk.on_page(&signals, 1).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::LoopDetected { repeated } if repeated == "a"));
    assert!(walk.next_request().is_none());
}

#[test]
fn a_page_number_that_does_not_advance_is_an_error() {
    let spec = Spec::new(Strategy::Page { first: 1 }).page_read();
    let mut walk = Walk::new(
        spec,
        WalkConfig {
            page_size: Some(10),
            ..WalkConfig::default()
        },
    )
    .unwrap();
    let echo = |page| Signals {
        page: Some(page),
        ..Signals::default()
    };
    walk.on_page(&echo(1), 10).unwrap();
    walk.on_page(&echo(2), 10).unwrap();
    // An API that clamps page numbers answers the last page again instead of an empty one.
    let error = walk.on_page(&echo(2), 10).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::NoProgress { .. }));
}

#[test]
fn has_more_without_a_cursor_is_a_protocol_error() {
    let mut walk = Walk::new(Spec::new(Strategy::Cursor).has_more(), WalkConfig::default()).unwrap();
    let signals = Signals {
        has_more: Some(true),
        ..Signals::default()
    };
    let error = walk.on_page(&signals, 5).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Protocol { .. }));
}

#[test]
fn has_more_with_an_empty_offset_page_is_an_error() {
    let mut walk = Walk::new(Spec::new(Strategy::Offset).has_more(), WalkConfig::default()).unwrap();
    let signals = Signals {
        has_more: Some(true),
        ..Signals::default()
    };
    let error = walk.on_page(&signals, 0).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::NoProgress { .. }));
}

#[test]
fn relative_next_urls_resolve_against_the_current_page() {
    let start = Endpoint::at("https://api.test/v1/items?limit=5".parse().unwrap());
    let mut walk = Walk::start(Spec::new(Strategy::NextUrl), WalkConfig::default(), start).unwrap();
    let signals = Signals {
        next_url: Some("/v1/items?page=2".into()),
        ..Signals::default()
    };
    walk.on_page(&signals, 5).unwrap();
    assert_eq!(
        walk.next_request().unwrap().url(),
        Some("https://api.test/v1/items?page=2")
    );
    let signals = Signals {
        next_url: Some("items?page=3".into()),
        ..Signals::default()
    };
    walk.on_page(&signals, 5).unwrap();
    assert_eq!(
        walk.next_request().unwrap().url(),
        Some("https://api.test/v1/items?page=3")
    );
    let signals = Signals {
        next_url: Some("https://evil.test/v1/items?page=4".into()),
        ..Signals::default()
    };
    let error = walk.on_page(&signals, 5).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::CrossOrigin { .. }));
}

#[test]
fn page_size_is_clamped_to_the_declared_maximum() {
    let walk = Walk::new(
        Spec::new(Strategy::Offset).max_page_size(100),
        WalkConfig {
            page_size: Some(250),
            ..WalkConfig::default()
        },
    )
    .unwrap();
    assert_eq!(walk.page_size(), Some(100));
    assert_eq!(walk.next_request().unwrap().page_size(), Some(100));
}

#[test]
fn reaching_the_cap_without_a_total_is_reported() {
    let spec = Spec::new(Strategy::Cursor).cap(20);
    let mut walk = Walk::new(spec, WalkConfig::default()).unwrap();
    let page = |cursor: &str| Signals {
        cursor: Some(Token::text(cursor)),
        ..Signals::default()
    };
    walk.on_page(&page("a"), 10).unwrap();
    let error = walk.on_page(&page("b"), 10).unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorKind::CapExceeded { cap: 20, total: None }
    ));

    // Allowed: the walk stops at the cap instead of asking for pages the API does not serve.
    let config = WalkConfig {
        detect_truncation: false,
        ..WalkConfig::default()
    };
    let mut walk = Walk::new(spec, config).unwrap();
    walk.on_page(&page("a"), 10).unwrap();
    walk.on_page(&page("b"), 10).unwrap();
    assert!(walk.next_request().is_none());
}

#[test]
fn a_carried_value_goes_with_the_next_requests_until_replaced() {
    use paginated_core::{ParamValue, ParamsIn};
    let spec = Spec::new(Strategy::Keyset)
        .params_in(ParamsIn::Body)
        .keyset_params(&["search_after"])
        .carry_param("pit.id");
    let endpoint = Endpoint::at("https://search.test/_search".parse().unwrap()).named("SearchPage");
    let config = WalkConfig {
        page_size: Some(2),
        ..WalkConfig::default()
    };
    let mut walk = Walk::start(spec, config.clone(), endpoint.clone()).unwrap();
    assert_eq!(walk.next_request().unwrap().carried(), None);
    let page = |key: &str, carry: Option<&str>| Signals {
        keyset: Some(vec![Token::text(key)]),
        carry: carry.map(Token::text),
        ..Signals::default()
    };
    walk.on_page(&page("k1", Some("pit-1")), 2).unwrap();
    let request = walk.next_request().unwrap();
    assert_eq!(request.carried(), Some(&Token::text("pit-1")));
    assert_eq!(
        request.params(&spec),
        [
            ("search_after", ParamValue::Text("k1".into())),
            ("pit.id", ParamValue::Text("pit-1".into())),
            ("limit", ParamValue::Number(2)),
        ]
    );
    // An answer without one (or an empty one) keeps the last value.
    walk.on_page(&page("k2", None), 2).unwrap();
    assert_eq!(
        walk.next_request().unwrap().carried(),
        Some(&Token::text("pit-1"))
    );
    walk.on_page(&page("k3", Some("")), 2).unwrap();
    assert_eq!(
        walk.next_request().unwrap().carried(),
        Some(&Token::text("pit-1"))
    );
    walk.on_page(&page("k4", Some("pit-4")), 2).unwrap();
    assert_eq!(
        walk.next_request().unwrap().carried(),
        Some(&Token::text("pit-4"))
    );
    // A checkpoint keeps it; the resumed walk sends it.
    let text = serde_json::to_string(&walk.checkpoint(None)).unwrap();
    let checkpoint: Checkpoint = serde_json::from_str(&text).unwrap();
    let resumed = Walk::resume(spec, config, endpoint, checkpoint, None).unwrap();
    assert_eq!(
        resumed.next_request().unwrap().carried(),
        Some(&Token::text("pit-4"))
    );
    // A spec without `carry_param` ignores carried values.
    let mut plain = Walk::new(Spec::new(Strategy::Keyset), WalkConfig::default()).unwrap();
    plain.on_page(&page("k1", Some("pit-1")), 2).unwrap();
    assert_eq!(plain.next_request().unwrap().carried(), None);
}

#[test]
fn an_api_error_refuses_its_page_with_a_bounded_message() {
    let mut walk = Walk::new(Spec::new(Strategy::Cursor), WalkConfig::default()).unwrap();
    let signals = Signals {
        cursor: Some(Token::text("c2")),
        error: Some(format!("rate limited\n{}", "x".repeat(10_000))),
        ..Signals::default()
    };
    let outcome = walk.on_response(&ReceivedPage::new(PageParts::new(vec![0; 10], signals)));
    assert_eq!(outcome.take, 0);
    match outcome.error.as_ref().map(Error::kind) {
        Some(ErrorKind::Api { message }) => {
            assert!(message.starts_with("rate limited\\n"), "{message}");
            assert!(message.chars().count() < 300, "{}", message.len());
        }
        other => panic!("{other:?}"),
    }
    assert!(walk.next_request().is_none());
    // Its checkpoint asks for the refused page again.
    let checkpoint = walk.checkpoint(None);
    assert_eq!(checkpoint.request().unwrap().position(), &Position::First);
}

/// A cursor API that serves `prefix` pages, then goes round a cycle of `cycle` pages forever: page k
/// holds items `2k` and `2k + 1`; its cursors name the next page, fresh every time or not.
struct CyclingApi {
    prefix: u64,
    cycle: u64,
    fresh: bool,
    issued: u64,
}

impl CyclingApi {
    fn answer(&mut self, request: &PageRequest) -> (Vec<u64>, Signals) {
        let page = match request.position() {
            Position::Cursor(token) => token.to_text().split(':').next().unwrap().parse().unwrap(),
            _ => 0,
        };
        let next = if page + 1 < self.prefix + self.cycle {
            page + 1
        } else {
            self.prefix
        };
        self.issued += 1;
        let cursor = if self.fresh {
            format!("{next}:{}", self.issued)
        } else {
            next.to_string()
        };
        let signals = Signals {
            cursor: Some(Token::text(cursor)),
            ..Signals::default()
        };
        (vec![2 * page, 2 * page + 1], signals)
    }
}

/// Walks `walk` over `api` until it ends; the items yielded, the items taken before `stop` (all when
/// `None`) and the error.
fn run_cycling(
    walk: &mut Walk,
    api: &mut CyclingApi,
    stop: Option<u64>,
) -> (Vec<u64>, Option<u64>, Option<Error>) {
    let mut yielded = Vec::new();
    while let Some(request) = walk.next_request().cloned() {
        let (items, signals) = api.answer(&request);
        let (taken, error) = report(walk, &items, &signals);
        for (at, item) in taken.iter().enumerate() {
            if stop.is_some_and(|stop| yielded.len() as u64 >= stop) {
                return (yielded, Some(at as u64), None);
            }
            yielded.push(*item);
        }
        if error.is_some() {
            return (yielded, None, error);
        }
        if walk.pages() > 20_000 {
            break;
        }
    }
    (yielded, None, None)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// However the API cycles, and wherever the walk is checkpointed and resumed, no item comes
    /// twice while the cycle fits in what the walk remembers (every page of its window; 64 pages
    /// across a checkpoint), and never more than one lap of it otherwise; the walk always ends with
    /// a typed error.
    #[test]
    fn a_cycling_api_never_yields_an_item_twice(
        prefix in 0u64..20,
        cycle in 1u64..200,
        fresh in any::<bool>(),
        cut in proptest::option::of(0u64..300),
    ) {
        let spec = Spec::new(Strategy::Cursor);
        let mut api = CyclingApi { prefix, cycle, fresh, issued: 0 };
        let mut walk = Walk::start(spec, WalkConfig::default(), endpoint()).unwrap();
        let (mut items, consumed, mut error) = run_cycling(&mut walk, &mut api, cut);
        let resumed = consumed.is_some();
        if let Some(consumed) = consumed {
            let text = serde_json::to_string(&walk.checkpoint(Some(consumed))).unwrap();
            let checkpoint: Checkpoint = serde_json::from_str(&text).unwrap();
            let skip = checkpoint.skip() as usize;
            let mut walk = Walk::resume(spec, WalkConfig::default(), endpoint(), checkpoint, None).unwrap();
            let request = walk.next_request().cloned().unwrap();
            let (page, signals) = api.answer(&request);
            let (taken, failed) = report(&mut walk, &page, &signals);
            items.extend(taken.iter().skip(skip));
            // The first page after the resume may already point back into the cycle.
            error = match failed {
                Some(failed) => Some(failed),
                None => {
                    let (rest, _, failed) = run_cycling(&mut walk, &mut api, None);
                    items.extend(rest);
                    failed
                }
            };
        }
        let error = error.expect("the walk ends with an error");
        prop_assert!(
            matches!(error.kind(), ErrorKind::RepeatedPage { .. } | ErrorKind::LoopDetected { .. }),
            "{:?}", error
        );
        let distinct = 2 * (prefix + cycle);
        prop_assert_eq!(&items[..distinct as usize], &(0..distinct).collect::<Vec<_>>()[..]);
        let repeats = items.len() as u64 - distinct;
        if !resumed || cycle <= 64 {
            prop_assert_eq!(repeats, 0);
        } else {
            prop_assert!(repeats < 2 * cycle, "{} repeated items", repeats);
        }
    }
}
