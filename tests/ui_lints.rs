//! The derive's output under the strictest lint settings: CI's `cargo clippy --all-targets -D warnings`
//! lints this file, so an `allow` the generated code would need (and that `forbid` turns into a
//! future-incompatibility warning) fails the build.
#![forbid(clippy::all, clippy::pedantic)]

use paginated::Paginate;

#[derive(Paginate)]
#[paginate(
    cursor = "meta?.next",
    has_more = "meta?.has_more",
    total = "meta?.counts.total"
)]
struct CursorPage {
    data: Vec<u32>,
    meta: Option<Meta>,
}

#[derive(Paginate)]
#[paginate(keyset = "received_at, id", items = "result?.messages", item = Message)]
struct KeysetPage {
    result: Option<Inner>,
}

#[derive(Paginate)]
#[paginate(page = "current", max_page_size = 100)]
struct Paged {
    #[paginate(items)]
    rows: Box<[u32]>,
    current: u64,
    #[paginate(total_pages)]
    pages: u64,
}

// Segments the derive cannot see, read by value and by reference, each checked to be no list; the
// runtime reached through a re-export.
#[derive(Paginate)]
#[paginate(
    crate = "sdk::paging",
    keyset = "id",
    items = "result?.page.messages",
    item = Message,
    total = "result?.page.count"
)]
struct NestedPage {
    result: Option<Outer>,
}

mod sdk {
    pub use paginated as paging;
}

struct Outer {
    page: Inner,
}

struct Inner {
    messages: Vec<Message>,
    count: u64,
}

struct Message {
    received_at: String,
    id: u64,
}

struct Meta {
    next: Option<String>,
    has_more: bool,
    counts: Counts,
}

struct Counts {
    total: u64,
}

#[test]
fn envelopes_read_their_signals() {
    let page = CursorPage {
        data: vec![1],
        meta: Some(Meta {
            next: Some("c2".into()),
            has_more: true,
            counts: Counts { total: 3 },
        }),
    };
    let parts = page.into_parts();
    assert_eq!(parts.signals.cursor, Some(paginated::Token::text("c2")));
    assert_eq!(
        (parts.signals.has_more, parts.signals.total),
        (Some(true), Some(3))
    );

    let message = Message {
        received_at: "2024-01-01".into(),
        id: 7,
    };
    let parts = KeysetPage {
        result: Some(Inner {
            messages: vec![message],
            count: 1,
        }),
    }
    .into_parts();
    assert_eq!(
        parts.signals.keyset,
        Some(vec![
            paginated::Token::text("2024-01-01"),
            paginated::Token::text("7")
        ])
    );
    assert!(KeysetPage { result: None }.into_parts().items.is_empty());

    let nested = NestedPage {
        result: Some(Outer {
            page: Inner {
                messages: vec![Message {
                    received_at: "2024-01-02".into(),
                    id: 8,
                }],
                count: 5,
            },
        }),
    }
    .into_parts();
    assert_eq!((nested.items.len(), nested.signals.total), (1, Some(5)));
    assert_eq!(nested.signals.keyset, Some(vec![paginated::Token::text("8")]));
    assert!(NestedPage { result: None }.into_parts().items.is_empty());

    let parts = Paged {
        rows: Box::new([4, 5]),
        current: 2,
        pages: 2,
    }
    .into_parts();
    assert_eq!((parts.items, parts.signals.page), (vec![4, 5], Some(2)));
}
