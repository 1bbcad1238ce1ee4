use paginated::Paginate;

#[derive(Paginate)]
#[paginate(items = "calls", next_url = "meta.next_page_link")]
struct TopLevel {
    calls: Vec<u32>,
    meta: Option<Meta>,
}

#[derive(Paginate)]
#[paginate(items = "calls", next_url = "wrapper.meta.next_page_link")]
struct Nested {
    calls: Vec<u32>,
    wrapper: Wrapper,
}

struct Wrapper {
    meta: Option<Meta>,
}

struct Meta {
    next_page_link: Option<String>,
}

fn main() {}
