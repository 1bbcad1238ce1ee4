// GitHub's `Link` header holds links (`<https://...?page=2>; rel="next"`), not a next URL or a cursor:
// the `link_header` strategy reads it. The name is matched case-insensitively, as HTTP does.
use paginated::Paginate;

#[derive(Paginate)]
#[paginate(next_url = header("Link"))]
struct NextUrl {
    repos: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(cursor = header("link"))]
struct Cursor {
    repos: Vec<u32>,
}

#[derive(Paginate)]
#[paginate(page, has_more = header("LINK"), total = header("Link"))]
struct Signals {
    repos: Vec<u32>,
}

fn main() {}
