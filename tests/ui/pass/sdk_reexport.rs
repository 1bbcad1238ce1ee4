// An SDK that re-exports paginate: its users name the re-export with `crate = "..."`. A field named by a
// keyword is written raw.
mod my_sdk {
    pub use paginated;
}

use my_sdk::paginated::Paginate;

#[derive(Paginate)]
#[paginate(crate = "my_sdk::paginated", offset, has_more = "meta.r#continue")]
struct Page {
    data: Vec<u32>,
    meta: Meta,
}

struct Meta {
    r#continue: bool,
}

fn main() {
    let parts = Page { data: vec![], meta: Meta { r#continue: true } }.into_parts();
    assert_eq!(parts.signals.has_more, Some(true));
}
