//! Generates the `Paginate` impl. Field accesses sit at the attribute strings (resolved at the call site),
//! so rustc's own errors (unknown field, wrong leaf type) point at the user's attribute.

use std::cell::Cell;

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};
use syn::Ident;

use crate::ast::{generic_arg, Input};
use crate::attr::{Format, ParamsIn, Source, StrategyAttr};
use crate::path::FieldPath;
use crate::span::{located, respan};
use crate::valid::{Item, Resolved};

pub fn impl_paginate(input: &Input, resolved: &Resolved, krate: &syn::Path) -> TokenStream {
    let private = quote!(#krate::__private);
    let self_ty = &input.target.ty;
    let mut generics = input.target.generics.clone();
    if let Item::OfList(list) = resolved.item {
        // A field that is not a list is reported once, here, and the impl's body assumes it is one.
        let bound = respan(quote!(: #private::ItemsValue), resolved.items.span());
        generics
            .make_where_clause()
            .predicates
            .push(syn::parse_quote!(#list #bound));
    }
    let (impl_generics, _, where_clause) = generics.split_for_impl();
    let item = item_type(resolved, &private);
    let spec = spec(input, resolved, &private);
    let paths = Paths {
        input,
        private: &private,
        checked: Cell::new(false),
    };
    let signals = paths.signals(resolved);
    let items = paths.take_items(resolved);
    // The fallback methods of the checked segments, when there are some.
    let fallback = paths
        .checked
        .get()
        .then(|| quote!(use #private::SegmentFallback as _;));
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::Paginate for #self_ty #where_clause {
            #item
            const SPEC: #private::Spec = #spec;
            fn into_parts(self) -> #private::PageParts<Self::Item> {
                #fallback
                let signals = #signals;
                #private::PageParts::new(#items, signals)
            }
            fn items_fingerprint(items: &[Self::Item]) -> #private::Option<#private::Fingerprint> {
                use #private::{ItemsByHash as _, ItemsBySerialize as _, ItemsUnknown as _};
                (&&&#private::ItemsProbe::<Self::Item>::NEW).items_fingerprint(items)
            }
        }
    }
}

/// `type Item = ...;`: declared, written as the list's element type, or the list's `ItemsValue::Item`.
fn item_type(resolved: &Resolved, private: &TokenStream) -> TokenStream {
    let span = resolved.items.span();
    match resolved.item {
        Item::Declared(ty) | Item::Element(ty) => quote!(type Item = #ty;),
        Item::OfList(list) => {
            let items_value = respan(quote!(#private::ItemsValue), span);
            quote_spanned!(located(span)=> type Item = <#list as #items_value>::Item;)
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
            let first = attrs.first_page.map_or(1, |(first, _)| first);
            quote!(#private::Strategy::Page { first: #first })
        }
        StrategyAttr::Keyset(_) => quote!(#private::Strategy::Keyset),
    };
    let mut spec = quote!(#private::Spec::new(#strategy));
    let page = match &resolved.strategy.attr {
        StrategyAttr::Page(page) => page.as_ref(),
        _ => None,
    };
    let flags = [
        (attrs.has_more.is_some(), "has_more"),
        (attrs.total.is_some(), "total"),
        (attrs.total_pages.is_some(), "total_pages"),
        (page.is_some(), "page_read"),
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
    if let Some(lit) = &attrs.carry_param {
        let name = lit.value();
        let name = name.trim();
        spec = quote!(#spec.carry_param(#name));
    }
    // Signals read from headers: each one's header name.
    let (cursor, next_url) = match &resolved.strategy.attr {
        StrategyAttr::Cursor(source) => (Some(source), None),
        StrategyAttr::NextUrl(source) => (None, Some(source)),
        _ => (None, None),
    };
    let headers = [
        ("cursor", cursor),
        ("next_url", next_url),
        ("has_more", attrs.has_more.as_ref()),
        ("total", attrs.total.as_ref()),
        ("total_pages", attrs.total_pages.as_ref()),
        ("page", page),
    ];
    let headers: Vec<TokenStream> = headers
        .into_iter()
        .filter_map(|(field, source)| {
            let name = source?.header()?;
            let field = Ident::new(field, Span::call_site());
            Some(quote!(#field: #private::Some(#name)))
        })
        .collect();
    if !headers.is_empty() {
        spec =
            quote!(#spec.headers(#private::HeaderSignals { #(#headers,)* ..#private::HeaderSignals::NONE }));
    }
    if let Some((Format::Xml, lit)) = &attrs.format {
        // Without paginated's `xml` feature, the bound of `xml_format` is unmet, reported on `"xml"`.
        let xml = respan(quote!(#private::xml_format::<#private::XmlSupport>), lit.span());
        spec = quote!(#xml(#spec));
    }
    spec
}

/// Reads the attribute's paths in generated code.
struct Paths<'a> {
    input: &'a Input<'a>,
    private: &'a TokenStream,
    /// Whether a segment was read through a checking method, which needs `SegmentFallback` in scope.
    checked: Cell<bool>,
}

impl Paths<'_> {
    fn signals(&self, resolved: &Resolved) -> TokenStream {
        let (input, private) = (self.input, self.private);
        let attrs = &input.attrs;
        let read = |path: Option<&FieldPath>, reader: &str| -> TokenStream {
            match path {
                Some(path) => {
                    // `self` at the path too, so an unmet bound on the whole read points at the path.
                    let self_ = quote_spanned!(located(path.span())=> self);
                    let access = self
                        .access(Some(input), self_, path, Mode::ByRef)
                        .into_option(private, path);
                    let reader = Ident::new(reader, Span::call_site());
                    let reader = respan(quote!(#private::#reader), path.span());
                    quote_spanned!(located(path.span())=> #reader(#access))
                }
                None => quote!(#private::None),
            }
        };
        // A signal read from a header is `None` here: the transport fills it from the response.
        fn body(source: Option<&Source>) -> Option<&FieldPath> {
            source.and_then(Source::path)
        }
        let none = || quote!(#private::None);
        let (cursor, next_url, page, keyset) = match &resolved.strategy.attr {
            StrategyAttr::Cursor(source) => (read(body(Some(source)), "cursor"), none(), none(), none()),
            StrategyAttr::NextUrl(source) => (none(), read(body(Some(source)), "next_url"), none(), none()),
            StrategyAttr::Page(source) => (none(), none(), read(body(source.as_ref()), "count"), none()),
            StrategyAttr::Keyset(parts) => (none(), none(), none(), self.keyset(&resolved.items, parts)),
            StrategyAttr::LinkHeader | StrategyAttr::Offset => (none(), none(), none(), none()),
        };
        let has_more = read(body(attrs.has_more.as_ref()), "flag");
        let total = read(body(attrs.total.as_ref()), "count");
        let total_pages = read(body(attrs.total_pages.as_ref()), "count");
        let error = read(attrs.errors.as_ref(), "error");
        let carry = read(attrs.carry.as_ref(), "cursor");
        quote! {
            #private::Signals {
                cursor: #cursor,
                next_url: #next_url,
                has_more: #has_more,
                total: #total,
                total_pages: #total_pages,
                page: #page,
                keyset: #keyset,
                error: #error,
                carry: #carry,
            }
        }
    }

    /// The key of the last item: `Some(vec![part, ...])`, or `None` on an empty page or a missing part.
    fn keyset(&self, items: &FieldPath, parts: &[FieldPath]) -> TokenStream {
        let private = self.private;
        let last_item = match items.split_each() {
            None => {
                let last_item = respan(quote!(#private::last_item), items.span());
                let items = self
                    .access(Some(self.input), quote!(self), items, Mode::ByRef)
                    .into_option(private, items);
                quote!(#items.and_then(#last_item))
            }
            // `edges[].node`: the item of the last element that has one.
            Some((list, element)) => {
                let last_mapped = respan(quote!(#private::last_mapped), items.span());
                let list = self
                    .access(Some(self.input), quote!(self), &list, Mode::ByRef)
                    .into_option(private, &list);
                let each = quote_spanned!(located(items.span())=> __paginate_element);
                let item = self
                    .access(None, each.clone(), &element, Mode::ByRef)
                    .into_option(private, &element);
                quote!(#list.and_then(|__paginate_list| #last_mapped(__paginate_list, |#each| #item)))
            }
        };
        let last = quote!(__paginate_last);
        let parts = parts.iter().map(|part| {
            // The item's fields are out of the macro's sight: every segment is checked in generated code.
            let access = self
                .access(None, last.clone(), part, Mode::ByRef)
                .into_option(private, part);
            let key_part = respan(quote!(#private::key_part), part.span());
            quote_spanned!(located(part.span())=> #access.and_then(#key_part)?)
        });
        quote! {
            #last_item.and_then(|#last| #private::Some(#private::keyset_key([#(#parts),*])))
        }
    }

    /// Walks `path` from `base`. A segment the macro cannot see (any but the first of the envelope's own
    /// fields) goes through `Segment`/`SegmentRef`, whose methods check that `?` marks exactly the
    /// `Option`s; the first segment of a derive was checked against the struct already.
    fn access(&self, input: Option<&Input>, base: TokenStream, path: &FieldPath, mode: Mode) -> Access {
        let private = self.private;
        let span = located(path.span());
        let wrapper = match mode {
            Mode::ByRef => respan(quote!(#private::SegmentRef), path.span()),
            Mode::ByValue => respan(quote!(#private::Segment), path.span()),
        };
        let amp = (mode == Mode::ByRef).then(|| quote_spanned!(span=> &));
        let last = path.segments.len() - 1;
        let mut access = Access::Place(base);
        for (index, segment) in path.segments.iter().enumerate() {
            let field = &segment.ident;
            // The type of the first segment, when the macro sees the envelope's fields.
            let seen = (index == 0)
                .then(|| input.and_then(|input| input.field(field)))
                .flatten()
                .map(|field| field.ty);
            let step = if segment.optional {
                match seen {
                    Some(ty) if generic_arg(ty, "Option").is_some() && mode == Mode::ByRef => {
                        Step::Optional(quote_spanned!(span=> .as_ref()))
                    }
                    Some(ty) if generic_arg(ty, "Option").is_some() => Step::Optional(TokenStream::new()),
                    _ => Step::Checked(quote_spanned!(span=> .optional())),
                }
            } else if index == last || seen.is_some() {
                Step::Plain
            } else {
                Step::Checked(quote_spanned!(span=> .field()))
            };
            if let Step::Checked(_) = step {
                self.checked.set(true);
            }
            let read = |value: TokenStream| match &step {
                Step::Plain => quote_spanned!(span=> #value.#field),
                Step::Optional(through) => quote_spanned!(span=> #value.#field #through),
                Step::Checked(method) => quote_spanned!(span=> #wrapper(#amp #value.#field) #method),
            };
            let value = quote_spanned!(span=> __value);
            access = match (access, segment.optional) {
                (Access::Place(place), false) => Access::Place(read(place)),
                (Access::Place(place), true) => Access::Chain(read(place)),
                (Access::Chain(chain), optional) => {
                    let read = read(value.clone());
                    let method = if optional { quote!(and_then) } else { quote!(map) };
                    let amp = (!optional && !matches!(step, Step::Checked(_))).then(|| amp.clone());
                    Access::Chain(quote_spanned!(span=> #chain.#method(|#value| #amp #read)))
                }
            };
        }
        access
    }

    /// The items, moved out of `self`: `Vec<Item>`, empty when an `Option` on the way is `None`.
    fn take_items(&self, resolved: &Resolved) -> TokenStream {
        let (private, path) = (self.private, &resolved.items);
        if let Some((list, element)) = path.split_each() {
            return self.take_mapped_items(&list, &element, path);
        }
        let into_items = match resolved.item {
            // The impl's where clause says the list is one: no bound left to fail here.
            Item::OfList(_) => quote!(#private::ItemsValue::into_items),
            // A list of another type than `item = ...` fails here, naming `item`.
            Item::Declared(_) | Item::Element(_) => quote!(#private::into_items::<Self::Item, _>),
        };
        let into_items = respan(into_items, path.span());
        match self.access(Some(self.input), quote!(self), path, Mode::ByValue) {
            Access::Chain(chain) => {
                quote_spanned!(located(path.span())=> #chain.map(#into_items).unwrap_or_default())
            }
            Access::Place(place) => quote_spanned!(located(path.span())=> #into_items(#place)),
        }
    }

    /// The items reached through each element of a list (`edges[].node`), moved out of `self`; with a
    /// `?` after `[]`, elements without an item are skipped.
    fn take_mapped_items(&self, list: &FieldPath, element: &FieldPath, path: &FieldPath) -> TokenStream {
        let private = self.private;
        let span = located(path.span());
        let each = quote_spanned!(span=> __paginate_element);
        let (mapper, item) = match self.access(None, each.clone(), element, Mode::ByValue) {
            Access::Place(item) => (quote!(#private::map_items::<Self::Item, _>), item),
            Access::Chain(item) => (quote!(#private::filter_map_items::<Self::Item, _>), item),
        };
        let mapper = respan(mapper, path.span());
        match self.access(Some(self.input), quote!(self), list, Mode::ByValue) {
            Access::Chain(chain) => quote_spanned!(span=>
                #chain.map(|__paginate_list| #mapper(__paginate_list, |#each| #item)).unwrap_or_default()
            ),
            Access::Place(place) => quote_spanned!(span=> #mapper(#place, |#each| #item)),
        }
    }
}

/// How a path is read: by reference (signals), or by value (the items, moved out of the envelope).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    ByRef,
    ByValue,
}

/// A path read so far: a plain place (or reference) while no `?` was crossed, then an `Option` chain.
enum Access {
    Place(TokenStream),
    Chain(TokenStream),
}

impl Access {
    /// `Option<&Leaf>`, for reads by reference of `path`.
    fn into_option(self, private: &TokenStream, path: &FieldPath) -> TokenStream {
        match self {
            Access::Chain(chain) => chain,
            Access::Place(place) => {
                let some = respan(quote!(#private::Some), path.span());
                quote_spanned!(located(path.span())=> #some(&#place))
            }
        }
    }
}

/// How one segment is read.
enum Step {
    /// A field access, nothing to check.
    Plain,
    /// A field known to be an `Option`, marked `?`: looked inside with these tokens.
    Optional(TokenStream),
    /// A field whose type the macro cannot see: read through a checking method.
    Checked(TokenStream),
}
