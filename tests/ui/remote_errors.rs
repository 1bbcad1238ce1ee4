mod sdk {
    pub struct Group {
        pub id: String,
    }

    pub struct GroupsPage {
        pub items: Vec<Group>,
        pub next_page: Option<String>,
        pub meta: Meta,
    }

    pub struct Meta {
        pub total: u64,
    }

    pub struct MetaPage {
        pub items: Vec<Group>,
        pub meta: Meta,
    }
}

// A typo in a path, a `?` on a field that is not an `Option`, and entries missing `item` or `items`.
paginated::impl_paginate! {
    #[paginate(items = "items", item = sdk::Group, cursor = "next_pag")]
    sdk::GroupsPage;
}

mod second {
    use super::sdk;

    paginated::impl_paginate! {
        #[paginate(items = "items", item = sdk::Group, offset, total = "meta?.total")]
        sdk::MetaPage
    }
}

struct Local {
    items: Vec<u32>,
}

paginated::impl_paginate! {
    #[paginate(items = "items", offset)]
    Local
}

struct Other {
    items: Vec<u32>,
}

paginated::impl_paginate! {
    #[paginate(offset)]
    Other
}

fn main() {}
