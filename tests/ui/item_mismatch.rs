use paginated::Paginate;

#[derive(Paginate)]
#[paginate(item = String, offset)]
struct Page {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(items = "result.data", item = String, offset)]
struct Nested {
    result: Inner,
}

struct Inner {
    data: Vec<u32>,
}

fn main() {}
