// The generated code asks for no `allow`, so crates that forbid lint groups compile without
// future-incompatibility warnings (`tests/ui_lints.rs` runs the same under clippy).
#![forbid(clippy::all, clippy::pedantic)]
#![deny(warnings)]

use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = "meta?.next", has_more = "meta?.has_more", total = "total")]
struct Page {
    data: Vec<u32>,
    meta: Option<Meta>,
    total: u64,
}

struct Meta {
    next: Option<String>,
    has_more: bool,
}

fn main() {
    let parts = Page { data: vec![1], meta: None, total: 1 }.into_parts();
    assert_eq!(parts.signals.total, Some(1));
}
