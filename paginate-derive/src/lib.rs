//! `#[derive(Paginate)]`: turns a list endpoint's response envelope into an implementation of
//! `paginate::Paginate`. Use it through the `paginate` crate, which documents the attribute vocabulary.
//!
//! The macro parses (`attr`, `ast`, `path`), then checks (`valid`), then expands (`expand`), collecting
//! every error on the way (`ctxt`); after an error it still emits a stub impl (`fallback`).

mod ast;
mod attr;
mod ctxt;
mod expand;
mod fallback;
mod path;
mod symbol;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Derives `paginate::Paginate` for a response envelope. See the `paginate` crate for the attribute
/// vocabulary.
#[proc_macro_derive(Paginate, attributes(paginate))]
pub fn derive_paginate(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    derive(&input).into()
}

fn derive(input: &DeriveInput) -> proc_macro2::TokenStream {
    let cx = ctxt::Ctxt::default();
    let parsed = ast::Input::from_syn(&cx, input);
    let default_crate: syn::Path = syn::parse_quote!(::paginate);
    let krate = parsed
        .as_ref()
        .and_then(|parsed| parsed.attrs.krate.clone())
        .unwrap_or(default_crate);
    let resolved = parsed
        .as_ref()
        .and_then(|parsed| valid::check(&cx, parsed, &krate));
    match cx.check() {
        Ok(()) => match (&parsed, &resolved) {
            (Some(parsed), Some(resolved)) => expand::impl_paginate(parsed, resolved, &krate),
            _ => unreachable!("no error was recorded, so the input parsed and resolved"),
        },
        Err(error) => fallback::expand(input, &krate, error),
    }
}
