use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = "next", cursor = "next")]
struct Page {
    data: Vec<u32>,
    next: Option<String>,
}

fn main() {}
