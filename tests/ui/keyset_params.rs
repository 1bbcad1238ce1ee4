use paginated::Paginate;

#[derive(Paginate)]
#[paginate(keyset = "received_at, id", keyset_param = "before, before_id, extra")]
struct Mismatch {
    data: Vec<Message>,
}

#[derive(Paginate)]
#[paginate(cursor = "next", keyset_param = "before", first_page = 0)]
struct Misplaced {
    data: Vec<Message>,
    next: Option<String>,
}

#[derive(Paginate)]
#[paginate(keyset = "received")]
struct UnknownKeyField {
    data: Vec<Message>,
}

struct Message {
    received_at: String,
    id: u64,
}

fn main() {}
