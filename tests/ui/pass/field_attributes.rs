// `#[paginate(...)]` on a field names that field, like the same key with a path on the struct.
use paginated::{Paginate, Strategy};

#[derive(Paginate)]
#[paginate(max_page_size = 100)]
struct UsersPage {
    #[paginate(items)]
    users: Vec<u32>,
    included: Vec<String>,
    #[paginate(cursor)]
    next_cursor: Option<String>,
    #[paginate(has_more)]
    more: bool,
    #[paginate(total)]
    count: u64,
}

#[derive(Paginate)]
#[paginate(total_pages = "meta.pages")]
struct PagesPage {
    data: Vec<u32>,
    #[paginate(page)]
    current: u64,
    meta: Meta,
}

#[derive(Paginate)]
struct LinksPage {
    data: Vec<u32>,
    #[paginate(next_url)]
    next: Option<String>,
    #[paginate(total_pages)]
    pages: u32,
}

struct Meta {
    pages: u64,
}

fn main() {
    let page = UsersPage {
        users: vec![1, 2],
        included: vec![],
        next_cursor: Some("c2".into()),
        more: true,
        count: 10,
    };
    let parts = page.into_parts();
    assert_eq!(parts.items, [1, 2]);
    assert_eq!(parts.signals.cursor, Some(paginated::Token::text("c2")));
    assert_eq!((parts.signals.has_more, parts.signals.total), (Some(true), Some(10)));
    assert_eq!(PagesPage::SPEC.strategy(), Strategy::Page { first: 1 });
    let parts = PagesPage { data: vec![], current: 3, meta: Meta { pages: 4 } }.into_parts();
    assert_eq!((parts.signals.page, parts.signals.total_pages), (Some(3), Some(4)));
    let parts = LinksPage { data: vec![], next: Some("/p2".into()), pages: 2 }.into_parts();
    assert_eq!(parts.signals.next_url.as_deref(), Some("/p2"));
}
