use paginated::Paginate;

// The same key on the struct and on a field, or on two fields.
#[derive(Paginate)]
#[paginate(cursor = "next", has_more = "more")]
struct Twice {
    data: Vec<u32>,
    #[paginate(cursor)]
    next: Option<String>,
    #[paginate(has_more)]
    more: bool,
    #[paginate(total)]
    total: u64,
    #[paginate(total)]
    count: u64,
}

// A value on a field key, a key that is not about one field, an unknown one, and a bare attribute.
#[derive(Paginate)]
#[paginate(offset)]
struct Misplaced {
    #[paginate(items = "data")]
    data: Vec<u32>,
    #[paginate(max_page_size = 100, keyset = "id")]
    size: u64,
    #[paginate(totl)]
    total: u64,
    #[paginate]
    more: bool,
}

fn main() {}
