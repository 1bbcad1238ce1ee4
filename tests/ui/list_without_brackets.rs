// An `items` path through a list without `[]`: the list is named, and the path with `[]` shown. In the
// envelope (seen by the derive), in a nested type, through an `Option` of a list, and in a keyset walk,
// which reads the items twice.
use paginated::Paginate;

#[derive(Paginate)]
#[paginate(items = "edges.node", item = Repository, cursor = "page_info.end_cursor")]
struct InTheEnvelope {
    edges: Vec<Edge>,
    page_info: PageInfo,
}

// An `Option` of a list: `[]` reads it as is, so no `?` is asked for.
#[derive(Paginate)]
#[paginate(items = "edges.node", item = Repository, cursor = "page_info.end_cursor")]
struct OptionInTheEnvelope {
    edges: Option<Vec<Edge>>,
    page_info: PageInfo,
}

#[derive(Paginate)]
#[paginate(items = "data?.search.edges.node", item = Repository, cursor = "data?.search.page_info.end_cursor")]
struct Nested {
    data: Option<Data>,
}

#[derive(Paginate)]
#[paginate(items = "data?.search.edges.node", item = Repository, keyset = "name")]
struct Keyset {
    data: Option<Data>,
}

paginated::impl_paginate! {
    #[paginate(items = "search.edges?.node", item = Repository, cursor = "search.page_info.end_cursor")]
    OptionalList
}

struct OptionalList {
    search: MaybeEdges,
}

struct MaybeEdges {
    edges: Option<Vec<Edge>>,
    page_info: PageInfo,
}

struct Data {
    search: Search,
}

struct Search {
    edges: Vec<Edge>,
    page_info: PageInfo,
}

struct PageInfo {
    end_cursor: Option<String>,
}

struct Edge {
    node: Repository,
}

struct Repository {
    name: String,
}

fn main() {}
