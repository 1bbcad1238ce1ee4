//! Property tests of the sans-IO state machine: for any data size, page size, strategy and set of
//! declared signals, a walk yields every item exactly once, in order, and terminates; against an
//! adversarial API it still terminates.

use paginate_core::{Error, PageRequest, Position, Signals, Spec, Strategy, Walk, WalkConfig};
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
        Position::Cursor(cursor) => cursor.parse().unwrap(),
        Position::Url(url) => url.rsplit('=').next().unwrap().parse().unwrap(),
        Position::Offset(offset) => *offset,
        Position::Page(page) => match strategy {
            Strategy::Page { first } => (page - first) * size,
            _ => unreachable!(),
        },
        Position::Keyset(key) => key[0].parse::<u64>().unwrap() + 1,
        other => panic!("unexpected position {other:?}"),
    };
    let end = (start + size).min(total).max(start.min(total));
    let items: Vec<u64> = (start.min(total)..end).collect();
    let more = end < total;
    let next = more.then(|| end.to_string());
    let signals = Signals {
        cursor: next.clone().filter(|_| strategy == Strategy::Cursor),
        next_url: next
            .filter(|_| matches!(strategy, Strategy::NextUrl | Strategy::LinkHeader))
            .map(|next| format!("{BASE}?start={next}")),
        has_more: declared.has_more.then_some(more),
        total: declared.total.then_some(total),
        total_pages: declared.total_pages.then(|| total.div_ceil(size).max(1)),
        page: request.page().filter(|_| declared.page_echo),
        keyset: items.last().map(|last| vec![last.to_string()]),
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

/// Runs a walk to its end; returns the items yielded, the pages fetched and the final error.
fn run(
    strategy: Strategy,
    declared: Declared,
    total: u64,
    default_size: u64,
    config: WalkConfig,
) -> (Vec<u64>, u64, Option<Error>) {
    let mut walk = Walk::new(spec(strategy, declared), config)
        .unwrap()
        .with_base_url(BASE.parse().unwrap());
    let mut yielded = Vec::new();
    let bound = total + 10;
    while let Some(request) = walk.next_request().cloned() {
        assert!(walk.pages() <= bound, "walk did not terminate");
        let (items, signals) = serve(strategy, declared, total, default_size, &request);
        match walk.on_page(&signals, items.len()) {
            Ok(take) => yielded.extend(&items[..take]),
            Err(error) => return (yielded, walk.pages(), Some(error)),
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
        max_empty_pages in 0u32..4,
    ) {
        let declared = Declared { has_more, total: false, total_pages: false, page_echo: false };
        let config = WalkConfig { max_empty_pages, ..WalkConfig::default() };
        let mut walk = Walk::new(spec(strategy, declared), config).unwrap().with_base_url(BASE.parse().unwrap());
        let mut pages = 0usize;
        while walk.next_request().is_some() {
            let (token, more, len) = script[pages % script.len()];
            pages += 1;
            prop_assert!(pages <= 6 + 1, "walk still going after {} pages", pages);
            let token = token.to_string();
            let signals = Signals {
                cursor: Some(token.clone()),
                next_url: Some(format!("{BASE}?t={token}")),
                has_more: Some(more),
                keyset: Some(vec![token]),
                ..Signals::default()
            };
            if walk.on_page(&signals, len).is_err() {
                break;
            }
        }
    }
}

#[test]
fn a_cursor_seen_two_pages_ago_is_a_loop() {
    let mut walk = Walk::new(Spec::new(Strategy::Cursor), WalkConfig::default()).unwrap();
    for cursor in ["a", "b"] {
        let signals = Signals {
            cursor: Some(cursor.into()),
            ..Signals::default()
        };
        walk.on_page(&signals, 1).unwrap();
    }
    let signals = Signals {
        cursor: Some("a".into()),
        ..Signals::default()
    };
    assert!(matches!(walk.on_page(&signals, 1), Err(Error::LoopDetected { repeated }) if repeated == "a"));
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
    assert!(matches!(
        walk.on_page(&echo(2), 10),
        Err(Error::NoProgress { .. })
    ));
}

#[test]
fn has_more_without_a_cursor_is_a_protocol_error() {
    let mut walk = Walk::new(Spec::new(Strategy::Cursor).has_more(), WalkConfig::default()).unwrap();
    let signals = Signals {
        has_more: Some(true),
        ..Signals::default()
    };
    assert!(matches!(walk.on_page(&signals, 5), Err(Error::Protocol { .. })));
}

#[test]
fn has_more_with_an_empty_offset_page_is_an_error() {
    let mut walk = Walk::new(Spec::new(Strategy::Offset).has_more(), WalkConfig::default()).unwrap();
    let signals = Signals {
        has_more: Some(true),
        ..Signals::default()
    };
    assert!(matches!(walk.on_page(&signals, 0), Err(Error::NoProgress { .. })));
}

#[test]
fn relative_next_urls_resolve_against_the_current_page() {
    let mut walk = Walk::new(Spec::new(Strategy::NextUrl), WalkConfig::default())
        .unwrap()
        .with_base_url("https://api.test/v1/items?limit=5".parse().unwrap());
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
    assert!(matches!(
        walk.on_page(&signals, 5),
        Err(Error::CrossOrigin { .. })
    ));
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
        cursor: Some(cursor.into()),
        ..Signals::default()
    };
    walk.on_page(&page("a"), 10).unwrap();
    assert!(matches!(
        walk.on_page(&page("b"), 10),
        Err(Error::CapExceeded { cap: 20, total: None })
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
