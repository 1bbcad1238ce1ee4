// Another crate's envelope, wrapped in a local struct as the orphan rule's error says: the derive reads
// through the field, and serde reads the body straight into it.
mod sdk {
    #[derive(serde::Deserialize)]
    pub struct GroupsPage {
        pub items: Vec<Group>,
        pub next_page: Option<String>,
    }

    #[derive(serde::Deserialize)]
    pub struct Group {
        pub id: String,
    }
}

use paginated::Paginate;

#[derive(serde::Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(items = "page.items", item = sdk::Group, cursor = "page.next_page")]
struct GroupsPage {
    page: sdk::GroupsPage,
}

fn main() {
    let page: GroupsPage =
        serde_json::from_str(r#"{"items": [{"id": "g1"}], "next_page": "p2"}"#).unwrap();
    let parts = page.into_parts();
    assert_eq!(parts.items.len(), 1);
    assert_eq!(parts.signals.cursor, Some(paginated::Token::text("p2")));
}
