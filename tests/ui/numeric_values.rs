use paginated::Paginate;

#[derive(Paginate)]
#[paginate(page, cap = -1, max_page_size = 18446744073709551616, first_page = 1u8)]
struct Page {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(offset, first_page = 0)]
struct NotPaged {
    data: Vec<u32>,
}

fn main() {}
