use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = "next", offset, page)]
struct Page {
    data: Vec<u32>,
    next: Option<String>,
}

fn main() {}
