// `crate = "..."` names the paginated crate or its re-export. A path that leads elsewhere is one error,
// on the string.
mod sdk {
    #[allow(unused_imports)]
    pub use paginated as paging;
}

#[derive(paginated::Paginate)]
#[paginate(crate = "sdk", offset)]
struct NotTheReexport {
    data: Vec<u32>,
}

#[derive(paginated::Paginate)]
#[paginate(crate = "sdk::pagination", cursor = "next")]
struct Misspelled {
    data: Vec<u32>,
    next: Option<String>,
}

#[derive(paginated::Paginate)]
#[paginate(crate = "no_such_sdk::paging", offset)]
struct NoSuchCrate {
    data: Vec<u32>,
}

fn main() {}
