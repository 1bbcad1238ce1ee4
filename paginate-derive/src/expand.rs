//! Generates the `Paginate` impl. Field accesses sit at the attribute strings (resolved at the call site),
//! so rustc's own errors (unknown field, wrong leaf type) point at the user's attribute.

use std::cell::{Cell, RefCell};

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::Ident;

use paginated_attr::{FieldPath, Format, ParamsIn, Source, StrategyAttr};

use crate::ast::{generic_arg, Input};
use crate::krate::Facade;
use crate::span::{located, respan};
use crate::valid::{Item, Resolved};

/// The name generated code gives the runtime's `__private` module: one import, in [`in_scope`].
pub fn private() -> Ident {
    Ident::new("__paginated", Span::call_site())
}

/// The name generated code gives the `Paginate` trait, imported with [`private`] in [`in_scope`].
pub fn paginate_trait() -> Ident {
    Ident::new("__PaginateTrait", Span::call_site())
}

/// `items` inside an anonymous const that imports the runtime once. A `crate = "..."` path that leads
/// nowhere fails that import, at the string, and every use of the import below stays silent; a path to
/// some other crate or module fails it with "no `Paginate` in ..", which says what the path must name.
pub fn in_scope(facade: &Facade, items: TokenStream) -> TokenStream {
    let path = &facade.path;
    let (private, paginate) = (private(), paginate_trait());
    // Named, not `as _`: an underscore import costs `cargo check` more in every envelope.
    let import = quote!(::{Paginate as #paginate, __private as #private});
    // The user's path keeps its own tokens; what follows it sits at the string too.
    let import = match facade.declared {
        Some(span) => respan(import, span),
        None => import,
    };
    quote! {
        const _: () = {
            use #path #import;
            #items
        };
    }
}

pub fn impl_paginate(input: &Input, resolved: &Resolved, facade: &Facade) -> TokenStream {
    let (private, paginate) = (private(), paginate_trait());
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
    let (spec, support) = spec(input, resolved, &private, facade);
    let paths = Paths {
        input,
        private: &private,
        by_ref: Cell::new(false),
        by_value: Cell::new(false),
        lists: RefCell::new(Vec::new()),
    };
    let signals = paths.signals(resolved);
    let items = paths.take_items(resolved);
    let segments = paths.segment_items();
    quote! {
        #support
        #segments
        #[automatically_derived]
        impl #impl_generics #paginate for #self_ty #where_clause {
            #item
            const SPEC: #private::Spec = #spec;
            // Inline: the crate that walks a page compiles these, not every crate that declares one.
            #[inline]
            fn into_parts(self) -> #private::PageParts<Self::Item> {
                #private::PageParts {
                    signals: #signals,
                    items: #items,
                }
            }
            #[inline]
            fn items_fingerprint(items: &[Self::Item]) -> #private::Option<#private::Fingerprint> {
                use #private::{
                    ItemsByDebug as __ItemsByDebug, ItemsBySerialize as __ItemsBySerialize,
                    ItemsUnknown as __ItemsUnknown,
                };
                (&#private::ItemsProbe::<Self::Item>::NEW).items_fingerprint(items)
            }
        }
    }
}

/// `type Item = ...;`: declared, written as the list's element type, or the list's `ItemsValue::Item`.
fn item_type(resolved: &Resolved, private: &Ident) -> TokenStream {
    let span = resolved.items.span();
    match resolved.item {
        Item::Declared(ty) | Item::Element(ty) => quote!(type Item = #ty;),
        Item::OfList(list) => {
            let items_value = respan(quote!(#private::ItemsValue), span);
            quote_spanned!(located(span)=> type Item = <#list as #items_value>::Item;)
        }
    }
}

/// The `Spec` constant, and the items it needs beside the impl.
fn spec(input: &Input, resolved: &Resolved, private: &Ident, facade: &Facade) -> (TokenStream, TokenStream) {
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
    let mut support = TokenStream::new();
    if let Some((Format::Xml, lit)) = &attrs.format {
        // Without paginated's `xml` feature, the bound of `__paginate_xml` is unmet, reported on `"xml"`
        // with the line of the user's manifest that turns the feature on.
        let line = facade.feature_line("xml").replace('{', "{{").replace('}', "}}");
        let note = format!("in Cargo.toml: `{line}`");
        support = quote! {
            #[diagnostic::on_unimplemented(
                message = "`format = \"xml\"` needs the `xml` feature of paginated",
                label = "enable the `xml` feature of paginated to decode this envelope",
                note = #note
            )]
            trait __PaginateXmlFeature {}
            #[diagnostic::do_not_recommend]
            impl<T: #private::XmlFeature> __PaginateXmlFeature for T {}
            const fn __paginate_xml<F: __PaginateXmlFeature>(spec: #private::Spec) -> #private::Spec {
                spec.format(#private::Format::Xml)
            }
        };
        let xml = respan(quote!(__paginate_xml::<#private::XmlSupport>), lit.span());
        spec = quote!(#xml(#spec));
    }
    (spec, support)
}

/// Reads the attribute's paths in generated code.
struct Paths<'a> {
    input: &'a Input<'a>,
    private: &'a Ident,
    /// Whether a segment was read through a checking method by reference, or by value: each needs its
    /// items in the body.
    by_ref: Cell<bool>,
    by_value: Cell<bool>,
    /// The checks that a segment of the `items` path is no list read without `[]`.
    lists: RefCell<Vec<ListCheck>>,
}

/// A segment of an `items` path without `[]` whose type the macro cannot see: generated code checks
/// that it is no list, whose elements have the rest of the path and the list itself has not.
struct ListCheck {
    /// The segment's index in the `items` path.
    index: usize,
    marker: Ident,
    bound: Ident,
    message: String,
    label: String,
}

impl Paths<'_> {
    fn signals(&self, resolved: &Resolved) -> TokenStream {
        let (input, private) = (self.input, self.private);
        let attrs = &input.attrs;
        let read = |path: Option<&FieldPath>, reader: &str| -> Option<TokenStream> {
            path.map(|path| {
                // `self` at the path too, so an unmet bound on the whole read points at the path.
                let self_ = quote_spanned!(located(path.span())=> self);
                self.access(Some(input), self_, path, Mode::ByRef, None)
                    .read(private, path, reader)
            })
        };
        // A signal read from a header is `None` here: the transport fills it from the response.
        fn body(source: Option<&Source>) -> Option<&FieldPath> {
            source.and_then(Source::path)
        }
        let none = || None;
        let (cursor, next_url, page, keyset) = match &resolved.strategy.attr {
            StrategyAttr::Cursor(source) => (read(body(Some(source)), "cursor"), none(), none(), none()),
            StrategyAttr::NextUrl(source) => (none(), read(body(Some(source)), "next_url"), none(), none()),
            StrategyAttr::Page(source) => (none(), none(), read(body(source.as_ref()), "count"), none()),
            StrategyAttr::Keyset(parts) => {
                (none(), none(), none(), Some(self.keyset(&resolved.items, parts)))
            }
            StrategyAttr::LinkHeader | StrategyAttr::Offset => (none(), none(), none(), none()),
        };
        let has_more = read(body(attrs.has_more.as_ref()), "flag");
        let total = read(body(attrs.total.as_ref()), "count");
        let total_pages = read(body(attrs.total_pages.as_ref()), "count");
        let error = read(attrs.errors.as_ref(), "error");
        let carry = read(attrs.carry.as_ref(), "cursor");
        // Only the signals the envelope declares: the rest stay `None`.
        let fields = [
            ("cursor", cursor),
            ("next_url", next_url),
            ("has_more", has_more),
            ("total", total),
            ("total_pages", total_pages),
            ("page", page),
            ("keyset", keyset),
            ("error", error),
            ("carry", carry),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            let name = Ident::new(name, Span::call_site());
            value.map(|value| quote!(#name: #value,))
        });
        quote! {
            #private::Signals { #(#fields)* ..#private::NO_SIGNALS }
        }
    }

    /// The key of the last item: `Some(vec![part, ...])`, or `None` on an empty page or a missing part.
    /// A `match` and a call of a non-generic helper rather than closures, which each compile on their own.
    fn keyset(&self, items: &FieldPath, parts: &[FieldPath]) -> TokenStream {
        let private = self.private;
        let last_item = match items.split_each() {
            None => {
                let last_item = respan(quote!(#private::last_item), items.span());
                match self.access(Some(self.input), quote!(self), items, Mode::ByRef, Some(items)) {
                    Access::Place(place) => quote_spanned!(located(items.span())=> #last_item(&#place)),
                    Access::Chain(chain) => quote!(#chain.and_then(#last_item)),
                }
            }
            // `edges[].node`: the item of the last element that has one.
            Some((list, element)) => {
                let last_mapped = respan(quote!(#private::last_mapped), items.span());
                let list = self
                    .access(Some(self.input), quote!(self), &list, Mode::ByRef, None)
                    .into_option(private, &list);
                let each = quote_spanned!(located(items.span())=> __paginate_element);
                let item = self
                    .access(None, each.clone(), &element, Mode::ByRef, None)
                    .into_option(private, &element);
                quote!(#list.and_then(|__paginate_list| #last_mapped(__paginate_list, |#each| #item)))
            }
        };
        let last = quote!(__paginate_last);
        let parts = parts.iter().map(|part| {
            // The item's fields are out of the macro's sight: every segment is checked in generated code.
            self.access(None, last.clone(), part, Mode::ByRef, None)
                .read(private, part, "key_part")
        });
        quote! {
            match #last_item {
                #private::Some(#last) => #private::keyset_key(&mut [#(#parts),*]),
                #private::None => #private::None,
            }
        }
    }

    /// Walks `path` from `base`. A segment the macro cannot see (any but the first of the envelope's own
    /// fields) goes through `Segment`/`SegmentRef`, whose methods check that `?` marks exactly the
    /// `Option`s; the first segment of a derive was checked against the struct already. `items` is the
    /// path when it is the `items` path without `[]`: its segments but the last are checked to be no
    /// lists too.
    fn access(
        &self,
        input: Option<&Input>,
        base: TokenStream,
        path: &FieldPath,
        mode: Mode,
        items: Option<&FieldPath>,
    ) -> Access {
        let span = located(path.span());
        let amp = (mode == Mode::ByRef).then(|| quote_spanned!(span=> &));
        let last = path.segments.len() - 1;
        let mut access = Access::Place(base);
        for (index, segment) in path.segments.iter().enumerate() {
            let field = segment
                .name
                .ident()
                .expect("the derive's parse refuses quoted names, so every segment is a field");
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
            let list = match (&step, items) {
                (Step::Checked(_), Some(items)) if index < last => Some(self.list_check(items, index)),
                _ => None,
            };
            if let Step::Checked(_) = step {
                match mode {
                    Mode::ByRef => self.by_ref.set(true),
                    Mode::ByValue => self.by_value.set(true),
                }
            }
            let read = |value: TokenStream| match &step {
                Step::Plain => quote_spanned!(span=> #value.#field),
                Step::Optional(through) => quote_spanned!(span=> #value.#field #through),
                Step::Checked(method) => {
                    // The segment's wrapper comes from a method call on the field, so that a field
                    // that does not exist (rustc's one error) leaves nothing for the check to report.
                    let mut segment = quote_spanned!(span=> #amp #value.#field);
                    if let Some(marker) = &list {
                        let check = match mode {
                            Mode::ByRef => quote_spanned!(span=> __paginate_list_ref),
                            Mode::ByValue => quote_spanned!(span=> __paginate_list_value),
                        };
                        segment = quote_spanned!(span=> #check::<#marker, _>(#segment).__paginate_list());
                    }
                    let wrap = match mode {
                        Mode::ByRef => quote_spanned!(span=> __paginate_ref),
                        Mode::ByValue => quote_spanned!(span=> __paginate_value),
                    };
                    // In a block, so that rustc points at the path, not into the call chain, when
                    // `#method` fails.
                    quote_spanned!(span=> { (#segment).#wrap() } #method)
                }
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

    /// Records the check that segment `index` of the `items` path is no list; the marker type naming it.
    fn list_check(&self, items: &FieldPath, index: usize) -> Ident {
        let mut lists = self.lists.borrow_mut();
        // Read by value and by reference (a keyset walk), a segment has one check.
        if let Some(check) = lists.iter().find(|check| check.index == index) {
            return check.marker.clone();
        }
        let number = lists.len();
        let name = items.segments[index].name.to_string();
        let mut fixed = items.clone();
        fixed.segments[index].each = true;
        fixed.segments[index].optional = false;
        let rest = fixed.text_after_each();
        let next = &items.segments[index + 1].name;
        let marker = format_ident!("__PaginateList{number}");
        lists.push(ListCheck {
            index,
            marker: marker.clone(),
            bound: format_ident!("__PaginateBrackets{number}"),
            message: format!(
                "`{name}` is a list (`{{Self}}`), which has no field `{next}`: write \"{}\" to read `{rest}` of \
                 each element",
                fixed.text()
            ),
            label: format!("`[]` after `{name}` reads every element of the list"),
        });
        marker
    }

    /// The items, beside the impl, that its checked segments need: the traits whose methods wrap a
    /// segment, and the list checks.
    fn segment_items(&self) -> TokenStream {
        let private = self.private;
        let mut items = TokenStream::new();
        if self.by_ref.get() || self.by_value.get() {
            items.extend(quote!(use #private::SegmentFallback as _;));
        }
        if self.by_ref.get() {
            items.extend(quote! {
                trait __PaginateSegmentRef {
                    fn __paginate_ref(&self) -> #private::SegmentRef<'_, Self>;
                }
                impl<T: ?::core::marker::Sized> __PaginateSegmentRef for T {
                    fn __paginate_ref(&self) -> #private::SegmentRef<'_, Self> {
                        #private::SegmentRef(self)
                    }
                }
            });
        }
        if self.by_value.get() {
            items.extend(quote! {
                trait __PaginateSegment: ::core::marker::Sized {
                    fn __paginate_value(self) -> #private::Segment<Self>;
                }
                impl<T> __PaginateSegment for T {
                    fn __paginate_value(self) -> #private::Segment<Self> {
                        #private::Segment(self)
                    }
                }
            });
        }
        let lists = self.lists.borrow();
        if lists.is_empty() {
            return items;
        }
        // A segment of type `L` read as `V` (`L` or `&L`): through the fallback method when `L` is no
        // list, through the inherent method of its check when it is one, whose bound is unmet.
        items.extend(quote! {
            struct __PaginateList<M, L: ?::core::marker::Sized, V>(V, ::core::marker::PhantomData<(M, *const L)>);
            trait __PaginateNotAList {
                type Value;
                fn __paginate_list(self) -> Self::Value;
            }
            impl<M, L: ?::core::marker::Sized, V> __PaginateNotAList for __PaginateList<M, L, V> {
                type Value = V;
                fn __paginate_list(self) -> V {
                    self.0
                }
            }
            fn __paginate_list_value<M, L>(value: L) -> __PaginateList<M, L, L> {
                __PaginateList(value, ::core::marker::PhantomData)
            }
            fn __paginate_list_ref<M, L: ?::core::marker::Sized>(value: &L) -> __PaginateList<M, L, &L> {
                __PaginateList(value, ::core::marker::PhantomData)
            }
        });
        for ListCheck {
            marker,
            bound,
            message,
            label,
            ..
        } in lists.iter()
        {
            items.extend(quote! {
                struct #marker;
                #[diagnostic::on_unimplemented(message = #message, label = #label)]
                trait #bound {
                    type Element;
                }
                // An impl rustc does not mention, so that it does not suggest writing one.
                #[diagnostic::do_not_recommend]
                impl #bound for #marker {
                    type Element = ();
                }
                impl<L: #private::ItemsValue, V> __PaginateList<#marker, L, V> {
                    // Where the bound is unmet, `E` is never known, and the rest of the path, read from
                    // it, reports nothing more.
                    fn __paginate_list<E>(self) -> E
                    where
                        L: #bound<Element = E>,
                    {
                        ::core::unreachable!()
                    }
                }
            });
        }
        items
    }

    /// The items, moved out of `self`: `Vec<Item>`, empty when an `Option` on the way is `None`.
    fn take_items(&self, resolved: &Resolved) -> TokenStream {
        let path = &resolved.items;
        if let Some((list, element)) = path.split_each() {
            return self.take_mapped_items(&list, &element, path);
        }
        if let Some(field) = self.items_vec_field(resolved) {
            return quote_spanned!(located(path.span())=> self.#field);
        }
        self.convert_items(resolved)
    }

    /// The field that holds the items when the struct declares it as a `Vec` of the item type: the
    /// items as they are, with no conversion for rustc to check in every envelope.
    fn items_vec_field<'r>(&self, resolved: &'r Resolved) -> Option<&'r Ident> {
        let Item::Element(_) = resolved.item else {
            return None;
        };
        let [segment] = resolved.items.segments.as_slice() else {
            return None;
        };
        let ident = segment.name.ident().filter(|_| !segment.optional)?;
        let field = self.input.field(ident)?;
        generic_arg(field.ty, "Vec").map(|_| ident)
    }

    /// The items converted to a `Vec` of the item type by the runtime's `ItemsValue`.
    fn convert_items(&self, resolved: &Resolved) -> TokenStream {
        let (private, path) = (self.private, &resolved.items);
        let into_items = match resolved.item {
            // The impl's where clause says the list is one: no bound left to fail here.
            Item::OfList(_) => quote!(#private::ItemsValue::into_items),
            // A list of another type than `item = ...` fails here, naming `item`.
            Item::Declared(_) | Item::Element(_) => quote!(#private::into_items::<Self::Item, _>),
        };
        let into_items = respan(into_items, path.span());
        match self.access(Some(self.input), quote!(self), path, Mode::ByValue, Some(path)) {
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
        let (mapper, item) = match self.access(None, each.clone(), element, Mode::ByValue, None) {
            Access::Place(item) => (quote!(#private::map_items::<Self::Item, _>), item),
            Access::Chain(item) => (quote!(#private::filter_map_items::<Self::Item, _>), item),
        };
        let mapper = respan(mapper, path.span());
        match self.access(Some(self.input), quote!(self), list, Mode::ByValue, None) {
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
    /// A call of the runtime's reader named `reader` on the leaf of `path`: `reader_at(&leaf)` for a
    /// place, `reader(chain)` for a chain of `Option`s.
    fn read(self, private: &Ident, path: &FieldPath, reader: &str) -> TokenStream {
        let span = located(path.span());
        let (reader, argument) = match self {
            Access::Place(place) => (format_ident!("{reader}_at"), quote_spanned!(span=> &#place)),
            Access::Chain(chain) => (format_ident!("{reader}"), chain),
        };
        let reader = respan(quote!(#private::#reader), path.span());
        quote_spanned!(span=> #reader(#argument))
    }

    /// `Option<&Leaf>`, for reads by reference of `path`.
    fn into_option(self, private: &Ident, path: &FieldPath) -> TokenStream {
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
