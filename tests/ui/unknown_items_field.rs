use paginated::Paginate;

#[derive(Paginate)]
#[paginate(items = "dta", offset)]
struct Page {
    data: Vec<u32>,
}

fn main() {}
