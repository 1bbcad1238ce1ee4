use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = "", has_more = " ", total = "a..b", total_pages = "meta.")]
struct Page {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(cursor = "next-cursor", total = "1st")]
struct NotIdents {
    data: Vec<u32>,
}

fn main() {}
