use paginated::Paginate;

// `?` on a field that is not an `Option`: the first segment, then a nested one.
#[derive(Paginate)]
#[paginate(next_url = "meta?.next")]
struct NotAnOption {
    data: Vec<u32>,
    meta: Meta,
}

#[derive(Paginate)]
#[paginate(next_url = "wrapper.meta?.next", total = "wrapper.meta?.links?.total")]
struct NestedNotAnOption {
    data: Vec<u32>,
    wrapper: Wrapper,
}

// An `Option` in the middle of a nested path, without `?`.
#[derive(Paginate)]
#[paginate(next_url = "outer.wrapper.maybe.next")]
struct DeepOption {
    data: Vec<u32>,
    outer: Outer,
}

struct Outer {
    wrapper: MaybeWrapper,
}

struct MaybeWrapper {
    maybe: Option<Meta>,
}

struct Wrapper {
    meta: Meta,
}

struct Meta {
    next: Option<String>,
    links: Links,
}

struct Links {
    total: u64,
}

fn main() {}
