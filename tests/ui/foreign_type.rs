// `impl_paginate!` on a type of another crate: Rust's orphan rule refuses the impl, and the error says
// where the macro belongs instead.
paginated::impl_paginate! {
    #[paginate(items = "items", item = serde_json::Value, cursor = "next")]
    serde_json::Map<String, serde_json::Value>;

    #[paginate(items = "data", item = u32, offset)]
    ::std::vec::Vec<u32>
}

fn main() {}
