//! The front of `impl_paginate!`: entries of `#[paginate(...)]` followed by a type (`impl<T> Type<T>` for
//! a generic one), each optionally ended by `;`.

use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Generics, Token, Type};

pub struct Entries(pub Vec<Entry>);

pub struct Entry {
    pub attrs: Vec<Attribute>,
    pub generics: Generics,
    pub ty: Type,
}

impl Parse for Entries {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let mut entries = Vec::new();
        while !input.is_empty() {
            entries.push(input.parse()?);
        }
        Ok(Entries(entries))
    }
}

impl Parse for Entry {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        if attrs.is_empty() {
            return Err(input.error(
                "expected `#[paginate(...)]` before the type: \
                 `#[paginate(items = \"items\", item = Group, cursor = \"next_page\")] GroupsPage`",
            ));
        }
        let mut generics = Generics::default();
        if input.peek(Token![impl]) {
            input.parse::<Token![impl]>()?;
            generics = input.parse()?;
        }
        let ty = input.parse()?;
        if input.peek(Token![where]) {
            generics.where_clause = Some(input.parse()?);
        }
        if input.peek(Token![;]) {
            input.parse::<Token![;]>()?;
        }
        Ok(Entry { attrs, generics, ty })
    }
}
