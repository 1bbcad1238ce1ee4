//! Spans of generated code: resolved where the macro was called, reported where the user wrote the
//! attribute.

use proc_macro2::{Span, TokenStream, TokenTree};

pub use paginated_attr::located;

/// Puts every token of generated code at `at` (resolved at the call site), so an unsatisfied bound is
/// reported on the attribute string rather than on `#[derive(Paginate)]`. Never used on the user's own
/// tokens (types, `$crate` paths), whose resolution must stay as written.
pub fn respan(tokens: TokenStream, at: Span) -> TokenStream {
    let span = located(at);
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut respanned = proc_macro2::Group::new(group.delimiter(), respan(group.stream(), at));
                respanned.set_span(span);
                token = respanned.into();
            } else {
                token.set_span(span);
            }
            token
        })
        .collect()
}
