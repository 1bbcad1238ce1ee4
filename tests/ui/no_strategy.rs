use paginated::Paginate;

#[derive(Paginate)]
#[paginate(has_more = "more")]
struct Page {
    data: Vec<u32>,
    more: bool,
}

#[derive(Paginate)]
struct NoAttribute {
    data: Vec<u32>,
}

fn main() {}
