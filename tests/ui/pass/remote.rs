// `impl_paginate!` for types defined without the attribute, as a generated SDK defines them.
mod sdk {
    pub mod types {
        pub struct Group {
            pub id: String,
        }

        pub struct GroupResultsPage {
            pub items: Vec<Group>,
            pub next_page: Option<String>,
        }

        pub struct Page<T> {
            pub data: Vec<T>,
            pub meta: Option<Meta>,
        }

        pub struct Meta {
            pub has_more: bool,
            pub total: u64,
        }
    }
}

use paginated::{PageRequest, Paginate};
use sdk::types;

paginated::impl_paginate! {
    #[paginate(items = "items", item = types::Group, cursor = "next_page")]
    types::GroupResultsPage;

    #[paginate(items = "data", item = T, offset, has_more = "meta?.has_more", total = "meta?.total")]
    impl<T> types::Page<T>
}

fn main() {
    let groups: Vec<String> = types::GroupResultsPage::from_fn_blocking(|request: PageRequest| {
        let next = request.cursor().map_or(1, |cursor| cursor.to_text().parse::<u32>().unwrap());
        Ok::<_, std::io::Error>(types::GroupResultsPage {
            items: vec![types::Group { id: format!("g{next}") }],
            next_page: (next < 3).then(|| (next + 1).to_string()),
        })
    })
    .map(|group| group.map(|group| group.id))
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(groups, ["g1", "g2", "g3"]);

    let parts = types::Page { data: vec![1u8], meta: None }.into_parts();
    assert_eq!((parts.items, parts.signals.has_more), (vec![1], None));
}
