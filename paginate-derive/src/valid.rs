//! Checks the parsed attributes against the struct and resolves what expansion needs.

use proc_macro2::TokenStream;
use quote::quote;
use syn::LitStr;

use crate::ast::{generic_arg, is_items_type, Input};
use crate::attr::{closest, Strategy, StrategyAttr};
use crate::ctxt::Ctxt;
use crate::path::FieldPath;
use crate::symbol::*;

/// What expansion needs beyond the attributes.
pub struct Resolved<'i> {
    pub strategy: &'i Strategy,
    pub items: FieldPath,
    /// The item type: explicit, or `<Field as ItemsValue>::Item`.
    pub item: TokenStream,
}

pub fn check<'i>(cx: &Ctxt, input: &'i Input, krate: &syn::Path) -> Option<Resolved<'i>> {
    let attrs = &input.attrs;
    let ident = &input.original.ident;
    let strategy = match attrs.strategies.as_slice() {
        // A strategy key that failed to parse was already reported: no second error about it.
        [] if cx.has_errors() => None,
        [] => {
            let message = "no pagination strategy: add one of `cursor = \"...\"`, `next_url = \"...\"`, \
                           `link_header`, `offset`, `page`, `keyset = \"...\"` to #[paginate(...)]";
            match attrs.span {
                Some(span) => cx.syn_error(syn::Error::new(span, message)),
                None => cx.error_spanned_by(ident, message),
            }
            None
        }
        [first, rest @ ..] => {
            for extra in rest {
                cx.syn_error(syn::Error::new(
                    extra.span,
                    format!(
                        "two pagination strategies, `{}` and `{}`: an envelope has exactly one",
                        first.key, extra.key
                    ),
                ));
            }
            Some(first)
        }
    };

    let items = resolve_items(cx, input, krate);
    let mut paths: Vec<&FieldPath> = [&attrs.has_more, &attrs.total, &attrs.total_pages]
        .into_iter()
        .flatten()
        .collect();
    if let Some(items) = &attrs.items {
        paths.push(items);
    }
    for strategy in &attrs.strategies {
        match &strategy.attr {
            StrategyAttr::Cursor(path) | StrategyAttr::NextUrl(path) | StrategyAttr::Page(Some(path)) => {
                paths.push(path)
            }
            _ => {}
        }
    }
    for path in paths {
        check_option_segment(cx, input, path);
    }

    let is_keyset = strategy.is_some_and(|s| matches!(s.attr, StrategyAttr::Keyset(_)));
    if let (Some(strategy), Some((names, lit))) = (strategy, &attrs.keyset_param) {
        if let StrategyAttr::Keyset(parts) = &strategy.attr {
            if names.len() != 1 && names.len() != parts.len() {
                cx.error_spanned_by(
                    lit,
                    format!(
                        "`keyset_param` names {} parameters for a key of {} parts: give one name per part, \
                         or one name for all parts joined by commas",
                        names.len(),
                        parts.len()
                    ),
                );
            }
        }
    }
    if let (Some((_, lit)), Some(_), false) = (&attrs.keyset_param, strategy, is_keyset) {
        cx.error_spanned_by(
            lit,
            format!("`{KEYSET_PARAM}` only applies to the `{KEYSET}` strategy"),
        );
    }
    let is_page = strategy.is_some_and(|s| matches!(s.attr, StrategyAttr::Page(_)));
    if attrs.first_page.is_some() && strategy.is_some() && !is_page {
        cx.syn_error(syn::Error::new(
            attrs.span.unwrap_or_else(|| ident.span()),
            format!("`{FIRST_PAGE}` only applies to the `{PAGE}` strategy"),
        ));
    }

    let (items, item) = items?;
    Some(Resolved {
        strategy: strategy?,
        items,
        item,
    })
}

/// The items path and item type: declared, or the one `Vec` field of the struct.
fn resolve_items(cx: &Ctxt, input: &Input, krate: &syn::Path) -> Option<(FieldPath, TokenStream)> {
    let attrs = &input.attrs;
    if let Some(path) = &attrs.items {
        if let Some(item) = &attrs.item {
            return Some((path.clone(), quote!(#item)));
        }
        if path.is_nested() || path.first().optional {
            cx.error_spanned_by(
                &path.lit,
                "a nested `items` path needs the item type: add `item = Type` to #[paginate(...)]",
            );
            return None;
        }
        let name = &path.first().ident;
        let Some(field) = input.field(name) else {
            let names: Vec<String> = input.fields.iter().map(|field| field.ident.to_string()).collect();
            let message = match closest(&name.to_string(), names.iter().map(String::as_str)) {
                Some(close) => format!(
                    "no field `{name}` in `{}`; did you mean `{close}`?",
                    input.original.ident
                ),
                None => format!("no field `{name}` in `{}`", input.original.ident),
            };
            cx.error_spanned_by(&path.lit, message);
            return None;
        };
        let ty = field.ty;
        let item = quote!(<#ty as #krate::__private::ItemsValue>::Item);
        return Some((path.clone(), crate::expand::respan(item, path.span())));
    }
    let candidates: Vec<_> = input
        .fields
        .iter()
        .filter(|field| is_items_type(field.ty))
        .collect();
    match candidates.as_slice() {
        [field] => {
            let ident = field.ident;
            let lit = LitStr::new(&ident.to_string(), ident.span());
            let path = FieldPath::parse(&lit).ok()?;
            let item = match &attrs.item {
                Some(item) => quote!(#item),
                None => {
                    let ty = field.ty;
                    quote!(<#ty as #krate::__private::ItemsValue>::Item)
                }
            };
            Some((path, item))
        }
        [] => {
            cx.error_spanned_by(
                &input.original.ident,
                "no field holds the items: add `items = \"...\"` to #[paginate(...)] naming a `Vec<T>` field",
            );
            None
        }
        several => {
            let names: Vec<String> = several.iter().map(|field| format!("`{}`", field.ident)).collect();
            cx.error_spanned_by(
                &input.original.ident,
                format!(
                    "cannot tell which field holds the items ({}): add `items = \"...\"` to #[paginate(...)]",
                    names.join(", ")
                ),
            );
            None
        }
    }
}

/// A path that continues through a top-level `Option` field must say so with `?`.
fn check_option_segment(cx: &Ctxt, input: &Input, path: &FieldPath) {
    let first = path.first();
    if !path.is_nested() || first.optional {
        return;
    }
    let Some(field) = input.field(&first.ident) else {
        return;
    };
    if generic_arg(field.ty, "Option").is_some() {
        let rest: Vec<String> = path.segments[1..].iter().map(|s| s.ident.to_string()).collect();
        cx.error_spanned_by(
            &path.lit,
            format!(
                "`{0}` is an `Option`: write `{0}?.{1}` to read through it",
                first.ident,
                rest.join(".")
            ),
        );
    }
}
