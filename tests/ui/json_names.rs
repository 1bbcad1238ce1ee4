use paginated::Paginate;
use serde::Deserialize;

// Paths name Rust fields, not the names serde reads them from.
#[derive(Deserialize, Paginate)]
#[paginate(items = "results", cursor = "nextCursor", has_more = "hasMore", total = "count")]
struct Page {
    #[serde(rename = "results")]
    data: Vec<u32>,
    #[serde(rename(deserialize = "nextCursor"))]
    next_cursor: Option<String>,
    #[serde(rename = "hasMore")]
    has_more: bool,
    #[serde(alias = "count")]
    total: u64,
}

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(keyset = "id", has_more = "pageInfo.has_next")]
struct Camel {
    data: Vec<Message>,
    page_info: PageInfo,
}

#[derive(Deserialize)]
struct PageInfo {
    has_next: bool,
}

#[derive(Deserialize)]
struct Message {
    id: u64,
}

fn main() {}
