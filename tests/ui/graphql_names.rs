// GraphQL's JSON names in a path. In a nested type, which the derive cannot see, rustc's one error;
// in the envelope, whose `rename_all` the derive sees, the Rust name.
use paginated::Paginate;
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(
    items = "data?.search.edges[].node",
    item = Repository,
    cursor = "data?.search.pageInfo.endCursor"
)]
struct SearchPage {
    data: Option<Data>,
}

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(items = "edges[].node", item = Repository, cursor = "pageInfo.end_cursor")]
struct Connection {
    edges: Vec<Edge>,
    page_info: PageInfo,
}

#[derive(Deserialize)]
struct Data {
    search: Search,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Search {
    page_info: PageInfo,
    edges: Vec<Edge>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    end_cursor: Option<String>,
}

#[derive(Deserialize)]
struct Edge {
    node: Repository,
}

#[derive(Deserialize)]
struct Repository {
    name: String,
}

fn main() {}
