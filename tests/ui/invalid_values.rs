use paginated::Paginate;

#[derive(Paginate)]
#[paginate(offset, params_in = "header", max_page_size = 0, cap = 0, crate = "not a path", limit_param = " ")]
struct Page {
    data: Vec<u32>,
}

fn main() {}
