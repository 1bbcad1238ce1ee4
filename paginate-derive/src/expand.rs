//! Generates the `Paginate` impl. Field accesses carry the spans of the attribute strings, so rustc's own
//! errors (unknown field, wrong leaf type) point at the user's attribute.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;

use crate::ast::Input;
use crate::attr::{ParamsIn, StrategyAttr};
use crate::path::FieldPath;
use crate::valid::Resolved;

pub fn impl_paginate(input: &Input, resolved: &Resolved, krate: &syn::Path) -> TokenStream {
    let private = quote!(#krate::__private);
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    // The item type's well-formedness error (a non-list `items`) belongs on the attribute too.
    let item = &resolved.item;
    let item = respan(quote!(type Item = #item;), resolved.items.span());
    let parts = respan(quote!(#private::PageParts<Self::Item>), resolved.items.span());
    let spec = spec(input, resolved, &private);
    let signals = signals(input, resolved, &private);
    let items = take_items(&resolved.items, &private);
    quote! {
        #[automatically_derived]
        #[allow(clippy::all, clippy::pedantic)]
        impl #impl_generics #private::Paginate for #ident #ty_generics #where_clause {
            #item
            const SPEC: #private::Spec = #spec;
            fn into_parts(self) -> #parts {
                let signals = #signals;
                #private::PageParts::new(#items, signals)
            }
        }
    }
}

fn spec(input: &Input, resolved: &Resolved, private: &TokenStream) -> TokenStream {
    let attrs = &input.attrs;
    let strategy = match &resolved.strategy.attr {
        StrategyAttr::Cursor(_) => quote!(#private::Strategy::Cursor),
        StrategyAttr::NextUrl(_) => quote!(#private::Strategy::NextUrl),
        StrategyAttr::LinkHeader => quote!(#private::Strategy::LinkHeader),
        StrategyAttr::Offset => quote!(#private::Strategy::Offset),
        StrategyAttr::Page(_) => {
            let first = attrs.first_page.unwrap_or(1);
            quote!(#private::Strategy::Page { first: #first })
        }
        StrategyAttr::Keyset(_) => quote!(#private::Strategy::Keyset),
    };
    let mut spec = quote!(#private::Spec::new(#strategy));
    let flags = [
        (attrs.has_more.is_some(), "has_more"),
        (attrs.total.is_some(), "total"),
        (attrs.total_pages.is_some(), "total_pages"),
        (
            matches!(resolved.strategy.attr, StrategyAttr::Page(Some(_))),
            "page_read",
        ),
    ];
    for (_, method) in flags.iter().filter(|(on, _)| *on) {
        let method = Ident::new(method, Span::call_site());
        spec = quote!(#spec.#method());
    }
    let params = [
        (&attrs.cursor_param, "cursor_param"),
        (&attrs.offset_param, "offset_param"),
        (&attrs.limit_param, "limit_param"),
        (&attrs.page_param, "page_param"),
        (&attrs.per_page_param, "per_page_param"),
    ];
    for (lit, method) in params {
        if let Some(lit) = lit {
            let method = Ident::new(method, Span::call_site());
            let name = lit.value();
            let name = name.trim();
            spec = quote!(#spec.#method(#name));
        }
    }
    if let Some((names, _)) = &attrs.keyset_param {
        spec = quote!(#spec.keyset_params(&[#(#names),*]));
    }
    if let Some(max) = attrs.max_page_size {
        spec = quote!(#spec.max_page_size(#max));
    }
    if let Some(cap) = attrs.cap {
        spec = quote!(#spec.cap(#cap));
    }
    if attrs.params_in == Some(ParamsIn::Body) {
        spec = quote!(#spec.params_in(#private::ParamsIn::Body));
    }
    spec
}

fn signals(input: &Input, resolved: &Resolved, private: &TokenStream) -> TokenStream {
    let attrs = &input.attrs;
    let self_ = quote!(self);
    let read = |path: &Option<FieldPath>, reader: &str| -> TokenStream {
        match path {
            Some(path) => {
                let access = access_ref(&self_, path, private);
                let reader = Ident::new(reader, path.span());
                respan(quote!(#private::#reader(#access)), path.span())
            }
            None => quote!(#private::None),
        }
    };
    let none = || quote!(#private::None);
    let (cursor, next_url, page, keyset) = match &resolved.strategy.attr {
        StrategyAttr::Cursor(path) => (read(&Some(path.clone()), "cursor"), none(), none(), none()),
        StrategyAttr::NextUrl(path) => (none(), read(&Some(path.clone()), "next_url"), none(), none()),
        StrategyAttr::Page(path) => (none(), none(), read(path, "count"), none()),
        StrategyAttr::Keyset(parts) => (none(), none(), none(), keyset(&resolved.items, parts, private)),
        StrategyAttr::LinkHeader | StrategyAttr::Offset => (none(), none(), none(), none()),
    };
    let has_more = read(&attrs.has_more, "flag");
    let total = read(&attrs.total, "count");
    let total_pages = read(&attrs.total_pages, "count");
    quote! {
        #private::Signals {
            cursor: #cursor,
            next_url: #next_url,
            has_more: #has_more,
            total: #total,
            total_pages: #total_pages,
            page: #page,
            keyset: #keyset,
            error: #private::None,
        }
    }
}

/// The key of the last item: `Some(vec![part, ...])`, or `None` on an empty page or a missing part.
fn keyset(items: &FieldPath, parts: &[FieldPath], private: &TokenStream) -> TokenStream {
    let items_slice = respan(quote!(#private::items_slice), items.span());
    let items = access_ref(&quote!(self), items, private);
    let last = quote!(__paginate_last);
    let parts = parts.iter().map(|part| {
        let access = access_ref(&last, part, private);
        respan(quote!(#access.and_then(#private::key_part)?), part.span())
    });
    quote! {
        #items
            .and_then(|__items| #items_slice(__items).last())
            .and_then(|#last| #private::Some(#private::Vec::from([#(#parts),*])))
    }
}

/// How a path reads through the `Option`s marked `?`: a plain place expression while there was none,
/// then an `Option` chain.
enum Access {
    Place(TokenStream),
    Chain(TokenStream),
}

/// Walks `path` from `base`, by reference (`Option<&Leaf>` once in a chain) or by value.
fn access(base: TokenStream, path: &FieldPath, by_ref: bool) -> Access {
    let span = path.span();
    let amp = by_ref.then(|| quote!(&));
    let as_ref = by_ref.then(|| quote!(.as_ref()));
    let mut access = Access::Place(base);
    for segment in &path.segments {
        let field = &segment.ident;
        access = match (access, segment.optional) {
            (Access::Place(place), false) => Access::Place(quote_spanned!(span=> #place.#field)),
            (Access::Place(place), true) => Access::Chain(quote_spanned!(span=> #place.#field #as_ref)),
            (Access::Chain(chain), true) => {
                Access::Chain(quote_spanned!(span=> #chain.and_then(|__v| __v.#field #as_ref)))
            }
            (Access::Chain(chain), false) => {
                Access::Chain(quote_spanned!(span=> #chain.map(|__v| #amp __v.#field)))
            }
        };
    }
    access
}

/// An expression of type `Option<&Leaf>` reading `path` from `base` by reference, looking inside the
/// `Option`s marked `?`.
fn access_ref(base: &TokenStream, path: &FieldPath, private: &TokenStream) -> TokenStream {
    let span = path.span();
    match access(base.clone(), path, true) {
        Access::Chain(chain) => chain,
        Access::Place(place) => quote_spanned!(span=> #private::Some(&#place)),
    }
}

/// The items, moved out of `self`: `Vec<Item>`, empty when an `Option` on the way is `None`.
fn take_items(path: &FieldPath, private: &TokenStream) -> TokenStream {
    let taken = match access(quote!(self), path, false) {
        Access::Chain(chain) => quote!(#chain.map(#private::into_items).unwrap_or_default()),
        Access::Place(place) => quote!(#private::into_items(#place)),
    };
    respan(taken, path.span())
}

/// Puts every token at `span`, so an unsatisfied bound (a wrong leaf type) is reported on the attribute
/// string rather than on `#[derive(Paginate)]`.
pub fn respan(tokens: TokenStream, span: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let proc_macro2::TokenTree::Group(group) = &token {
                let mut respanned = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), span));
                respanned.set_span(span);
                token = respanned.into();
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
