//! Checks the parsed attributes against the envelope and resolves what expansion needs. The checks that
//! need no type are `paginated-attr`'s; what the macro can see (the envelope's own fields, for the
//! derive) is checked here; what it cannot (the fields of nested types) is left to checks in the
//! generated code.

use paginated_attr::keys::KEYSET;
use paginated_attr::{
    check_strategy, check_strategy_options, closest, Ctxt, FieldPath, Source, Strategy, StrategyAttr,
};
use syn::Type;

use crate::ast::{generic_arg, list_element, type_text, Input, Target};
use crate::krate::{Facade, STANDARD_CRATES};

/// What expansion needs beyond the attributes.
pub struct Resolved<'i> {
    pub strategy: &'i Strategy,
    pub items: FieldPath,
    pub item: Item<'i>,
}

/// How the item type is known.
pub enum Item<'i> {
    /// `item = Type`: the list must be a list of it.
    Declared(&'i Type),
    /// The element type of the items field as written (`Vec<T>`).
    Element(&'i Type),
    /// The items field's type, whose element type is `<Type as ItemsValue>::Item`.
    OfList(&'i Type),
}

pub fn check<'i>(cx: &Ctxt, input: &'i Input) -> Option<Resolved<'i>> {
    let attrs = &input.attrs;
    let strategy = check_strategy(cx, attrs, attrs.span.unwrap_or(input.target.span));

    let mut paths: Vec<&FieldPath> = [&attrs.items, &attrs.errors, &attrs.carry]
        .into_iter()
        .flatten()
        .collect();
    paths.extend(
        [&attrs.has_more, &attrs.total, &attrs.total_pages]
            .into_iter()
            .flatten()
            .filter_map(Source::path),
    );
    for strategy in &attrs.strategies {
        match &strategy.attr {
            StrategyAttr::Cursor(source)
            | StrategyAttr::NextUrl(source)
            | StrategyAttr::Page(Some(source)) => paths.extend(source.path()),
            _ => {}
        }
    }
    let mut first_segments_ok = true;
    for path in paths {
        // Through a list, the `items` path needs `[]`, whatever else it needs.
        let items = attrs
            .items
            .as_ref()
            .is_some_and(|items| std::ptr::eq(items, path));
        first_segments_ok &=
            (!items || check_items_list(cx, input, path)) && check_first_segment(cx, input, path);
    }
    let items = first_segments_ok.then(|| resolve_items(cx, input)).flatten();

    if let Some(strategy) = strategy {
        check_strategy_options(cx, attrs, strategy);
        if let (StrategyAttr::Keyset(parts), Some((_, item))) = (&strategy.attr, &items) {
            check_keyset_item(cx, input, parts, item);
        }
    }

    let (items, item) = items?;
    Some(Resolved {
        strategy: strategy?,
        items,
        item,
    })
}

/// The first segment of a path names a field of the envelope, when the macro sees the fields: a Rust
/// field (not its JSON name), read through `?` when it is an `Option`. `false` after an error.
fn check_first_segment(cx: &Ctxt, input: &Input, path: &FieldPath) -> bool {
    let Some(fields) = &input.fields else {
        return true;
    };
    let first = path.first();
    let name = first.name.to_string();
    let Some(field) = input.field_named(&first.name) else {
        let message = if let Some(field) = fields.iter().find(|field| field.json_names.contains(&name)) {
            format!(
                "`{name}` is the JSON name of field `{0}`; paths name Rust fields: write \"{1}\"",
                field.ident,
                path.text_with_first(&field.ident.to_string())
            )
        } else {
            let names: Vec<String> = fields.iter().map(|field| field.ident.to_string()).collect();
            match closest(&name, names.iter().map(String::as_str)) {
                Some(close) => format!(
                    "no field `{name}` in `{}`; did you mean \"{}\"?",
                    input.target.name,
                    path.text_with_first(close)
                ),
                None => format!(
                    "no field `{name}` in `{}`; its fields are {}",
                    input.target.name,
                    names
                        .iter()
                        .map(|name| format!("`{name}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        };
        cx.syn_error(syn::Error::new(path.span(), message));
        return false;
    };
    // `list[]` reads a list or an `Option` of one: no `?` there.
    if path.is_nested() && !first.optional && !first.each && generic_arg(field.ty, "Option").is_some() {
        let mut fixed = path.clone();
        fixed.segments[0].optional = true;
        cx.syn_error(syn::Error::new(
            path.span(),
            format!(
                "`{name}` is an `Option`: write \"{}\" to read through it",
                fixed.text()
            ),
        ));
        return false;
    }
    true
}

/// A nested `items` path without `[]` whose first segment, a field of the envelope, is a list: the rest
/// of the path names fields of its elements. `false` after that error.
fn check_items_list(cx: &Ctxt, input: &Input, items: &FieldPath) -> bool {
    let first = items.first();
    let list = input
        .field_named(&first.name)
        .filter(|field| list_element(field.ty).is_some());
    if !items.is_nested() || items.segments.iter().any(|segment| segment.each) || list.is_none() {
        return true;
    }
    let mut fixed = items.clone();
    fixed.segments[0].each = true;
    fixed.segments[0].optional = false;
    cx.syn_error(syn::Error::new(
        items.span(),
        format!(
            "`{0}` is a list, which has no field `{1}`: write \"{2}\" to read `{3}` of each element",
            first.name,
            items.segments[1].name,
            fixed.text(),
            fixed.text_after_each(),
        ),
    ));
    false
}

/// The items path and how the item type is known: declared, or the one list field of the struct.
fn resolve_items<'i>(cx: &Ctxt, input: &'i Input) -> Option<(FieldPath, Item<'i>)> {
    let attrs = &input.attrs;
    let declared = attrs.item.as_ref().map(Item::Declared);
    let Some(fields) = &input.fields else {
        // `impl_paginate!` sees no fields: both must be named.
        let missing = match (&attrs.items, &declared) {
            (Some(items), Some(_)) => {
                return Some((items.clone(), declared?));
            }
            (Some(_), None) => "its element type with `item = Type`".to_owned(),
            (None, Some(_)) => "the list with `items = \"...\"`".to_owned(),
            (None, None) => {
                "the list with `items = \"...\"` and its element type with `item = Type`".to_owned()
            }
        };
        cx.syn_error(syn::Error::new(
            attrs.span.unwrap_or(input.target.span),
            format!(
                "`impl_paginate!` cannot see the fields of `{}`: name {missing} in #[paginate(...)]",
                input.target.name
            ),
        ));
        return None;
    };
    if let Some(path) = &attrs.items {
        if let Some(item) = declared {
            return Some((path.clone(), item));
        }
        let field = input.field_named(&path.first().name)?;
        if path.is_nested() {
            cx.syn_error(syn::Error::new(
                path.span(),
                "a nested `items` path needs the item type: add `item = Type` to #[paginate(...)]",
            ));
            return None;
        }
        // Read through `?`, the list is what the `Option` holds.
        let list = match generic_arg(field.ty, "Option") {
            Some(inner) if path.first().optional => inner,
            _ => field.ty,
        };
        let item = list_element(list).map_or(Item::OfList(list), Item::Element);
        return Some((path.clone(), item));
    }
    // A list named by `errors` (GraphQL's `errors`) holds no items.
    let errors = attrs
        .errors
        .as_ref()
        .filter(|errors| !errors.is_nested())
        .and_then(|errors| errors.first().name.ident());
    let lists: Vec<_> = fields
        .iter()
        .filter(|field| errors != Some(field.ident))
        .filter_map(|field| Some((field, list_element(field.ty)?)))
        .collect();
    match lists.as_slice() {
        [(field, element)] => Some((
            FieldPath::field(field.ident, field.ident.span()),
            declared.unwrap_or(Item::Element(element)),
        )),
        [] => {
            cx.syn_error(syn::Error::new(
                input.target.span,
                "no field holds the items: add `items = \"...\"` to #[paginate(...)] naming a `Vec<T>`, \
                 `VecDeque<T>` or `Box<[T]>` field (or an `Option` of one)",
            ));
            None
        }
        several => {
            let names: Vec<String> = several
                .iter()
                .map(|(field, _)| format!("`{}`", field.ident))
                .collect();
            cx.syn_error(syn::Error::new(
                input.target.span,
                format!(
                    "cannot tell which field holds the items ({}): add `items = \"...\"` to #[paginate(...)]",
                    names.join(", ")
                ),
            ));
            None
        }
    }
}

/// A key read from the items needs fields the macro can name: a type parameter has none.
fn check_keyset_item(cx: &Ctxt, input: &Input, parts: &[FieldPath], item: &Item) {
    let (Item::Declared(ty) | Item::Element(ty)) = item else {
        return;
    };
    if !input.is_type_param(ty) {
        return;
    }
    let param = type_text(ty);
    let fields: Vec<String> = parts.iter().map(|part| format!("`{}`", part.text())).collect();
    cx.syn_error(syn::Error::new(
        parts[0].span(),
        format!(
            "`{KEYSET}` reads {} of the last item, but the items are of the type parameter `{param}`, \
             which has no fields: declare the envelope for a concrete item type (`Vec<Message>` instead \
             of `Vec<{param}>`; a `macro_rules!` can stamp out one per item type), or have a trait of \
             yours give the key (`{param}: Keyed`) and implement `Paginate` by hand, setting \
             `Signals::keyset`",
            fields.join(", ")
        ),
    ));
}

/// `impl_paginate!` for a type of another crate: Rust's orphan rule refuses any impl of `Paginate` for
/// it, and rustc's own error does not say where the macro belongs. `false` after that error. A path
/// whose first segment is a dependency's name (or `std`, `core`, `alloc`) names that crate's item.
pub fn check_local_type(cx: &Ctxt, target: &Target, input: Option<&Input>, facade: &Facade) -> bool {
    let Some(path) = &target.written else {
        return true;
    };
    let Some(krate) = facade.external_crate(path) else {
        return true;
    };
    let ty = &target.name;
    let name = path
        .segments
        .last()
        .map_or_else(|| "Page".to_owned(), |segment| segment.ident.to_string());
    let attrs = input.map(|input| &input.attrs);
    let items = attrs
        .and_then(|attrs| attrs.items.as_ref())
        .map_or_else(|| "items".to_owned(), FieldPath::text);
    let item = attrs
        .and_then(|attrs| attrs.item.as_ref())
        .map_or_else(|| "..".to_owned(), type_text);
    let there = if STANDARD_CRATES.contains(&krate.as_str()) {
        String::new()
    } else {
        format!("invoke the macro in `{krate}`, next to its types, or ")
    };
    cx.error_spanned_by(
        path,
        format!(
            "`{ty}` is defined in `{krate}`, and Rust lets only the crate that defines a type implement \
             another crate's trait for it: {there}wrap the type in a struct of this crate and derive \
             `Paginate` for that, reading through its field: `#[derive(Deserialize, Paginate)] \
             #[serde(transparent)] #[paginate(items = \"page.{items}\", item = {item}, ..)] struct {name} \
             {{ page: {ty} }}`"
        ),
    );
    false
}
