use paginated::Paginate;

#[derive(Paginate)]
#[paginate(offset)]
enum Page {
    A,
}

#[derive(Paginate)]
#[paginate(offset)]
struct Tuple(Vec<u32>);

#[derive(Paginate)]
#[paginate(offset)]
struct Unit;

fn main() {}
