// `format = "xml"` needs the `xml` feature of paginated; without it, the attribute says so at compile
// time. (`tests/ui.rs` runs this case only when the feature is off.)
use paginated::Paginate;

#[derive(Paginate)]
#[paginate(format = "xml", items = "contents", cursor = "next_continuation_token")]
struct ListBucketResult {
    contents: Vec<String>,
    next_continuation_token: Option<String>,
}

fn main() {}
