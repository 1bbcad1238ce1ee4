use paginated::Paginate;

#[derive(Paginate)]
#[paginate(offset)]
struct TwoLists {
    data: Vec<u32>,
    included: Option<Vec<String>>,
}

#[derive(Paginate)]
#[paginate(offset)]
struct NoList {
    count: u64,
}

fn main() {}
