use paginated::Paginate;

#[derive(Paginate)]
#[paginate(items = "result.data", offset)]
struct Page {
    result: Inner,
}

struct Inner {
    data: Vec<u32>,
}

fn main() {}
