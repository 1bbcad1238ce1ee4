use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = "flag", has_more = "name", total = "ratio")]
struct Page {
    data: Vec<u32>,
    flag: bool,
    name: String,
    ratio: f64,
}

#[derive(Paginate)]
#[paginate(items = "count", offset)]
struct NotAList {
    count: u64,
}

fn main() {}
