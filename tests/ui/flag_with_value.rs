use paginated::Paginate;

#[derive(Paginate)]
#[paginate(offset = "true")]
struct Offsets {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(link_header = "Link")]
struct Links {
    data: Vec<u32>,
}

fn main() {}
