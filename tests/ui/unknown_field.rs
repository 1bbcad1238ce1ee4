use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = "pagination.next_cursr", has_more = "pagination.has_more")]
struct Page {
    data: Vec<u32>,
    pagination: Pagination,
}

struct Pagination {
    next_cursor: Option<String>,
    has_more: bool,
}

fn main() {}
