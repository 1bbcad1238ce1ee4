// Generated code names every trait and type by its absolute path.
#![no_implicit_prelude]

mod envelopes {
    #[derive(::paginated::Paginate)]
    #[paginate(keyset = "received_at, id", has_more = "meta?.has_more")]
    pub struct MessagesPage {
        pub data: ::std::vec::Vec<Message>,
        pub meta: ::std::option::Option<Meta>,
    }

    #[derive(::paginated::Paginate)]
    #[paginate(items = "result?.items", item = u32, cursor = "result?.next?")]
    pub struct Nested {
        pub result: ::std::option::Option<Inner>,
    }

    pub struct Inner {
        pub items: ::std::collections::VecDeque<u32>,
        pub next: ::std::option::Option<::std::string::String>,
    }

    pub struct Message {
        pub received_at: ::std::string::String,
        pub id: u64,
    }

    pub struct Meta {
        pub has_more: bool,
    }
}

fn main() {
    use ::paginated::Paginate;
    use ::std::borrow::ToOwned;
    let page = envelopes::MessagesPage {
        data: ::std::vec![envelopes::Message { received_at: "2024".to_owned(), id: 3 }],
        meta: ::std::option::Option::None,
    };
    let parts = page.into_parts();
    ::std::assert_eq!(parts.signals.keyset, ::std::option::Option::Some(::std::vec![::paginated::Token::text("2024"), ::paginated::Token::text("3")]));
    ::std::assert_eq!(parts.signals.has_more, ::std::option::Option::None);
    let nested = envelopes::Nested { result: ::std::option::Option::None }.into_parts();
    ::std::assert!(nested.items.is_empty());
}
