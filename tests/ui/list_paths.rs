// `[]` maps over a list: only in `items`, once, followed by the path to the item in each element.
use paginated::Paginate;

#[derive(Paginate)]
#[paginate(items = "edges[]", item = Issue, cursor = "info.end_cursor")]
struct EndsAtTheList {
    edges: Vec<Edge>,
    info: Info,
}

#[derive(Paginate)]
#[paginate(items = "groups[].edges[].node", item = Issue, cursor = "info.end_cursor")]
struct TwoLists {
    groups: Vec<Group>,
    info: Info,
}

#[derive(Paginate)]
#[paginate(items = "edges?[].node", item = Issue, cursor = "info.edges[].cursor")]
struct MisplacedMarks {
    edges: Option<Vec<Edge>>,
    info: Info,
}

#[derive(Paginate)]
#[paginate(items = "edges[].node", item = Issue, keyset = "id, labels[].name")]
struct ListInKeyset {
    edges: Vec<Edge>,
}

#[derive(Paginate)]
#[paginate(items = "edges[]?.node", item = Issue, cursor = "info.end_cursor")]
struct OptionalElement {
    edges: Vec<Edge>,
    info: Info,
}

#[derive(Paginate)]
#[paginate(items = "edges[].nod", item = Issue, cursor = "info.end_cursor")]
struct UnknownElementField {
    edges: Vec<Edge>,
    info: Info,
}

#[derive(Paginate)]
#[paginate(items = "edges[].cursor", item = Issue, cursor = "info.end_cursor")]
struct NotTheItem {
    edges: Vec<Edge>,
    info: Info,
}

#[derive(Paginate)]
#[paginate(items = "info[].node", item = Issue, cursor = "info.end_cursor")]
struct NotAList {
    info: Info,
}

struct Group {
    edges: Vec<Edge>,
}

struct Edge {
    cursor: String,
    node: Issue,
}

struct Issue {
    id: u64,
}

struct Info {
    end_cursor: Option<String>,
    node: Issue,
}

fn main() {}
