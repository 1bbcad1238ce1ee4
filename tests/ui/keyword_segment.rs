use paginated::Paginate;

#[derive(Paginate)]
#[paginate(has_more = "meta.continue", offset)]
struct Page {
    data: Vec<u32>,
    meta: Meta,
}

struct Meta {
    r#continue: bool,
}

fn main() {}
