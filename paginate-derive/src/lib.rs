//! `#[derive(Paginate)]` and `impl_paginate!`: turn a list endpoint's response envelope into an
//! implementation of `paginated::Paginate`. Use them through the `paginated` crate, which documents the
//! attribute vocabulary.
//!
//! Both macros parse (the attribute with `paginated-attr`; `ast`, `serde`; `remote` for `impl_paginate!`),
//! then check (`paginated-attr`'s checks that need no type, then `valid`), then expand (`expand`),
//! collecting every error on the way (`paginated_attr::Ctxt`); after an error they still emit a stub impl
//! (`fallback`). Only the front differs: the derive reads a struct, `impl_paginate!`
//! a type and its attribute, without the fields.

mod ast;
mod expand;
mod fallback;
mod krate;
mod manifest;
mod remote;
mod serde;
mod span;
mod valid;

use paginated_attr::Ctxt;
use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `paginated::Paginate` for a response envelope. The attribute's vocabulary is in the
/// `paginated` crate's guide, `paginated::_guide::attribute`.
#[proc_macro_derive(Paginate, attributes(paginate))]
pub fn derive_paginate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    let cx = Ctxt::default();
    let parsed = ast::Input::from_derive(&cx, &input);
    let stub_item = fallback::derive_item(&input);
    expand(cx, &ast::Target::of_derive(&input), parsed, stub_item).into()
}

/// Implements `paginated::Paginate` for types defined without the attribute (generated SDKs). See the
/// `paginated` crate.
#[proc_macro]
pub fn impl_paginate(input: TokenStream) -> TokenStream {
    let entries = parse_macro_input!(input as remote::Entries);
    entries
        .0
        .iter()
        .map(|entry| {
            let cx = Ctxt::default();
            let parsed = ast::Input::from_remote(&cx, entry);
            let stub_item = parsed.attrs.item.as_ref().map(quote::ToTokens::to_token_stream);
            expand(cx, &parsed.target.clone(), Some(parsed), stub_item)
        })
        .collect::<proc_macro2::TokenStream>()
        .into()
}

/// The shared pipeline: check, then expand, or report every error with a stub impl for `target`, whose
/// item type is `stub_item` when known. Either way the impl reaches the runtime through one import,
/// which alone reports a `crate = "..."` path that leads nowhere.
fn expand(
    cx: Ctxt,
    target: &ast::Target,
    parsed: Option<ast::Input>,
    stub_item: Option<proc_macro2::TokenStream>,
) -> proc_macro2::TokenStream {
    let declared = parsed.as_ref().and_then(|parsed| parsed.attrs.krate.clone());
    let facade = match krate::Facade::find(declared) {
        Ok(facade) => facade,
        // Without a path to the runtime a stub impl could only add errors: report this one alone.
        Err(message) => return syn::Error::new(proc_macro2::Span::call_site(), message).into_compile_error(),
    };
    let local = valid::check_local_type(&cx, target, parsed.as_ref(), &facade);
    let resolved = parsed.as_ref().and_then(|parsed| valid::check(&cx, parsed));
    match (cx.check(), &parsed, &resolved) {
        (Ok(()), Some(parsed), Some(resolved)) => {
            expand::in_scope(&facade, expand::impl_paginate(parsed, resolved, &facade))
        }
        (Ok(()), _, _) => unreachable!("no error was recorded, so the input parsed and resolved"),
        // Any impl for another crate's type is refused: no stub then.
        (Err(error), _, _) if !local => error.into_compile_error(),
        (Err(error), _, _) => {
            let stub = expand::in_scope(&facade, fallback::expand(target, stub_item));
            let error = error.into_compile_error();
            quote::quote!(#error #stub)
        }
    }
}
