// The envelopes `paginated --explain` writes, kept by `tests/sketch.rs`, which compiles them.

mod given_0 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "meta.next", items = "data", has_more = "meta.has_more", total = header("X-Total-Count"))]
struct Page {
    #[serde(default)]
    data: Vec<serde_json::Value>,
    #[serde(default)]
    meta: Meta,
}

#[derive(Deserialize, Default)]
struct Meta {
    next: Option<String>,
    has_more: Option<bool>,
}
}

mod given_1 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(next_url = "odata_next_link", items = "value", total = "odata_count")]
struct Page {
    #[serde(default)]
    value: Vec<serde_json::Value>,
    #[serde(rename = "@odata.nextLink")]
    odata_next_link: Option<String>,
    #[serde(rename = "@odata.count")]
    odata_count: Option<u64>,
}
}

mod given_2 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(link_header, items = "items", limit_param = "per_page")]
struct Page {
    items: Vec<serde_json::Value>,
}
}

mod given_3 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(offset, items = "results", total = "count", offset_param = "skip")]
struct Page {
    #[serde(default)]
    results: Vec<serde_json::Value>,
    count: Option<u64>,
}
}

mod given_4 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(page = "meta.page", items = "data", total_pages = "meta.pages", first_page = 0)]
struct Page {
    #[serde(default)]
    data: Vec<serde_json::Value>,
    #[serde(default)]
    meta: Meta,
}

#[derive(Deserialize, Default)]
struct Meta {
    page: Option<u64>,
    pages: Option<u64>,
}
}

mod given_5 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(keyset = "created, id", items = "data", has_more = "has_more", keyset_param = "after_created, after_id")]
struct Page {
    #[serde(default)]
    data: Vec<Item>,
    has_more: Option<bool>,
}

#[derive(Deserialize, Default)]
struct Item {
    created: Option<serde_json::Value>,
    id: Option<serde_json::Value>,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}
}

mod given_6 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "data.search.page_info.end_cursor", items = "data.search.edges[].node", item = serde_json::Value, has_more = "data.search.page_info.has_next_page", errors = "errors", cursor_param = "variables.after", params_in = "body")]
struct Page {
    #[serde(default)]
    data: Data,
    errors: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
struct Data {
    #[serde(default)]
    search: Search,
}

#[derive(Deserialize, Default)]
struct Search {
    #[serde(default)]
    edges: Vec<Edges>,
    #[serde(rename = "pageInfo")]
    #[serde(default)]
    page_info: PageInfo,
}

#[derive(Deserialize, Default)]
struct Edges {
    #[serde(default)]
    node: serde_json::Value,
}

#[derive(Deserialize, Default)]
struct PageInfo {
    #[serde(rename = "endCursor")]
    end_cursor: Option<String>,
    #[serde(rename = "hasNextPage")]
    has_next_page: Option<bool>,
}
}

mod given_7 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(keyset = "sort", items = "hits.hits", item = Item, carry = "pit_id", carry_param = "pit.id", params_in = "body")]
struct Page {
    #[serde(default)]
    hits: Hits,
    pit_id: Option<String>,
}

#[derive(Deserialize, Default)]
struct Hits {
    #[serde(default)]
    hits: Vec<Item>,
}

#[derive(Deserialize, Default)]
struct Item {
    sort: Option<serde_json::Value>,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}
}

mod given_8 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "r#type.next_page", items = "r#type.items", item = serde_json::Value)]
struct Page {
    #[serde(default)]
    r#type: Type,
}

#[derive(Deserialize, Default)]
struct Type {
    #[serde(default)]
    items: Vec<serde_json::Value>,
    #[serde(rename = "next-page")]
    next_page: Option<String>,
}
}

mod given_9 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "next_continuation_token", items = "contents", cursor_param = "continuation-token", format = "xml")]
struct Page {
    #[serde(rename = "Contents")]
    #[serde(default)]
    contents: Vec<serde_json::Value>,
    #[serde(rename = "NextContinuationToken")]
    next_continuation_token: Option<String>,
}
}

mod detected_0 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "pagination.next_cursor", items = "data", has_more = "pagination.has_more", total = "pagination.total_count")]
struct Page {
    #[serde(default)]
    data: Vec<serde_json::Value>,
    #[serde(default)]
    pagination: Pagination,
}

#[derive(Deserialize, Default)]
struct Pagination {
    next_cursor: Option<String>,
    has_more: Option<bool>,
    total_count: Option<u64>,
}
}

mod detected_1 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(next_url = "meta.next_page_link", items = "calls", total = "meta.total", limit_param = "per_page")]
struct Page {
    #[serde(default)]
    calls: Vec<serde_json::Value>,
    #[serde(default)]
    meta: Meta,
}

#[derive(Deserialize, Default)]
struct Meta {
    next_page_link: Option<String>,
    total: Option<u64>,
}
}

mod detected_2 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(link_header, items = "items", limit_param = "per_page")]
struct Page {
    items: Vec<serde_json::Value>,
}
}

mod detected_3 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(next_url = "odata_next_link", items = "value")]
struct Page {
    #[serde(default)]
    value: Vec<serde_json::Value>,
    #[serde(rename = "@odata.nextLink")]
    odata_next_link: Option<String>,
}
}

mod detected_4 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(keyset = "id", items = "data", has_more = "has_more", keyset_param = "starting_after")]
struct Page {
    #[serde(default)]
    data: Vec<Item>,
    has_more: Option<bool>,
}

#[derive(Deserialize, Default)]
struct Item {
    id: Option<String>,
    #[serde(flatten)]
    rest: serde_json::Map<String, serde_json::Value>,
}
}

mod detected_5 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "last_key", items = "items")]
struct Page {
    #[serde(default)]
    items: Vec<serde_json::Value>,
    last_key: Option<serde_json::Value>,
}
}

mod detected_6 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "next_page", items = "items", cursor_param = "page_token")]
struct Page {
    #[serde(default)]
    items: Vec<serde_json::Value>,
    next_page: Option<String>,
}
}

mod detected_7 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(page = "pagination.page", items = "data", has_more = "pagination.has_next_page", total = "pagination.total", total_pages = "pagination.total_pages", per_page_param = "pageSize")]
struct Page {
    #[serde(default)]
    data: Vec<serde_json::Value>,
    #[serde(default)]
    pagination: Pagination,
}

#[derive(Deserialize, Default)]
struct Pagination {
    page: Option<u64>,
    #[serde(rename = "hasNextPage")]
    has_next_page: Option<bool>,
    total: Option<u64>,
    #[serde(rename = "totalPages")]
    total_pages: Option<u64>,
}
}

mod detected_8 {
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "response_metadata.next_cursor", items = "channels", errors = "error")]
struct Page {
    #[serde(default)]
    channels: Vec<serde_json::Value>,
    #[serde(default)]
    response_metadata: ResponseMetadata,
    error: Option<serde_json::Value>,
}

#[derive(Deserialize, Default)]
struct ResponseMetadata {
    next_cursor: Option<String>,
}
}

