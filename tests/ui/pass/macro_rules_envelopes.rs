// Envelopes stamped out by `macro_rules!`, with the attribute's strings and the list field coming from the
// macro's caller.
use paginated::{Paginate, Strategy};

macro_rules! cursor_page {
    ($name:ident, $item:ty, $cursor:literal) => {
        #[derive(Paginate)]
        #[paginate(cursor = $cursor)]
        struct $name {
            data: Vec<$item>,
            meta: Meta,
        }
    };
}

macro_rules! offset_page {
    ($name:ident, $field:ident, $item:ty) => {
        #[derive(Paginate)]
        #[paginate(offset, has_more = "has_more")]
        struct $name {
            $field: Vec<$item>,
            has_more: bool,
        }
    };
}

macro_rules! keyset_page {
    ($name:ident, $field:ident, $key:literal) => {
        #[derive(Paginate)]
        #[paginate(keyset = $key)]
        struct $name {
            $field: Vec<Message>,
        }
    };
}

struct Meta {
    next: Option<String>,
}

struct Message {
    id: u64,
}

cursor_page!(UsersPage, u32, "meta.next");
offset_page!(NumbersPage, numbers, u64);
keyset_page!(MessagesPage, messages, "id");

fn main() {
    let parts = UsersPage { data: vec![1, 2], meta: Meta { next: Some("c2".into()) } }.into_parts();
    assert_eq!(parts.signals.cursor, Some(paginated::Token::text("c2")));
    assert_eq!(NumbersPage::SPEC.strategy(), Strategy::Offset);
    let parts = NumbersPage { numbers: vec![7], has_more: true }.into_parts();
    assert_eq!((parts.items, parts.signals.has_more), (vec![7], Some(true)));
    let parts = MessagesPage { messages: vec![Message { id: 4 }, Message { id: 9 }] }.into_parts();
    assert_eq!(parts.signals.keyset, Some(vec![paginated::Token::text("9")]));
}
