use paginated::Paginate;

#[derive(Paginate)]
#[paginate(cursor = 5, has_more = true, offset_param = next, max_page_size = "100", first_page = x)]
struct Page {
    data: Vec<u32>,
}

fn main() {}
