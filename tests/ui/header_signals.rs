// `header("...")` reads a signal from a response header: a valid header name, on a key a header can
// give, and never together with a body path for the same key.
use paginated::Paginate;

#[derive(Paginate)]
#[paginate(page, total = header("X Total"), total_pages = header(""), has_more = header("X-More:"))]
struct BadNames {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(page, total = header(X_TOTAL), total_pages = header("X-Pages", "X-Total-Pages"))]
struct NotAString {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(items = header("X-Items"), offset)]
struct HeaderItems {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(keyset = header("X-Last-Id"))]
struct HeaderKeyset {
    data: Vec<Row>,
}

#[derive(Paginate)]
#[paginate(items = "rows", item = header("X-Item"), offset)]
struct HeaderItem {
    rows: Vec<Row>,
}

#[derive(Paginate)]
#[paginate(offset, errors = header("X-Error"))]
struct HeaderErrors {
    data: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(page, total = header("X-Total"))]
struct HeaderAndField {
    data: Vec<u32>,
    #[paginate(total)]
    count: u64,
}

#[derive(Paginate)]
#[paginate(page, total = "count", total = header("X-Total-Count"))]
struct HeaderAndPath {
    data: Vec<u32>,
    count: u64,
}

struct Row {
    id: u64,
}

fn main() {}
