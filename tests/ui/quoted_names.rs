use paginated::Paginate;

// Quoted names are JSON members, for paths read at run time: the derive names Rust fields.
#[derive(Paginate)]
#[paginate(next_url = "'@odata.nextLink'")]
struct ODataPage {
    value: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(cursor = "meta?.'next-page'", total = "meta?.'total.count'")]
struct NestedPage {
    items: Vec<u32>,
    meta: Option<Meta>,
}

#[derive(Paginate)]
#[paginate(keyset = "'created-at', id", items = "data[].node", item = Item)]
struct KeysetPage {
    data: Vec<Edge>,
}

#[derive(Paginate)]
#[paginate(items = "edges[].'@node'", item = Item, cursor = "'next'")]
struct EdgesPage {
    edges: Vec<Edge>,
    next: Option<String>,
}

struct Meta {
    next_page: Option<String>,
    total_count: u64,
}

struct Edge {
    node: Item,
}

struct Item {
    created_at: String,
    id: u64,
}

fn main() {}
