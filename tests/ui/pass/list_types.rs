// The items may be any list type: `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, or an `Option` of one.
use std::collections::VecDeque;

use paginated::Paginate;

#[derive(Paginate)]
#[paginate(keyset = "id")]
struct Boxed {
    data: Box<[Message]>,
}

#[derive(Paginate)]
#[paginate(keyset = "id")]
struct Deque {
    data: VecDeque<Message>,
}

#[derive(Paginate)]
#[paginate(offset)]
struct MaybeBoxed {
    data: Option<Box<[u32]>>,
}

#[derive(Paginate)]
#[paginate(offset)]
struct MaybeDeque {
    data: Option<VecDeque<u32>>,
}

// An alias is not recognised by its spelling; the `ItemsValue` trait still finds the item type.
type Messages = Vec<Message>;

#[derive(Paginate)]
#[paginate(items = "messages", keyset = "id")]
struct Aliased {
    messages: Messages,
    count: u64,
}

struct Message {
    id: u64,
}

fn main() {
    let messages = || vec![Message { id: 1 }, Message { id: 2 }];
    let parts = Boxed { data: messages().into_boxed_slice() }.into_parts();
    assert_eq!((parts.items.len(), parts.signals.keyset), (2, Some(vec![paginated::Token::text("2")])));
    let parts = Deque { data: messages().into() }.into_parts();
    assert_eq!((parts.items.len(), parts.signals.keyset), (2, Some(vec![paginated::Token::text("2")])));
    assert_eq!(MaybeBoxed { data: None }.into_parts().items, Vec::<u32>::new());
    assert_eq!(MaybeBoxed { data: Some(Box::new([4, 5])) }.into_parts().items, [4, 5]);
    assert_eq!(MaybeDeque { data: Some(VecDeque::from([6])) }.into_parts().items, [6]);
    let parts = Aliased { messages: messages(), count: 2 }.into_parts();
    assert_eq!(parts.signals.keyset, Some(vec![paginated::Token::text("2")]));
}
