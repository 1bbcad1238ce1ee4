use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursr = "next", itemz = "data")]
struct Page {
    data: Vec<u32>,
    next: Option<String>,
}

fn main() {}
