use paginated::Paginate;

#[derive(Paginate)]
#[paginate(keyset = "received_at, id")]
struct Page<T> {
    data: Vec<T>,
}

fn main() {}
