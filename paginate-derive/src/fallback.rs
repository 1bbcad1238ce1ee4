//! After an error, a stub impl keeps the user's other code type-checking, so the real errors are not
//! buried under a cascade of "Paginate is not implemented" errors.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::DeriveInput;

use crate::ast::{list_element, Target};
use crate::expand::{paginate_trait, private};

/// The item type of a derive input when it is obvious (its one list field), so calls that collect items
/// still type-check after an error.
pub fn derive_item(input: &DeriveInput) -> Option<TokenStream> {
    let syn::Data::Struct(data) = &input.data else {
        return None;
    };
    let mut elements = data.fields.iter().filter_map(|field| list_element(&field.ty));
    match (elements.next(), elements.next()) {
        (Some(element), None) => Some(element.to_token_stream()),
        _ => None,
    }
}

pub fn expand(target: &Target, item: Option<TokenStream>) -> TokenStream {
    let (private, paginate) = (private(), paginate_trait());
    let self_ty = &target.ty;
    let (impl_generics, _, where_clause) = target.generics.split_for_impl();
    let item = item.unwrap_or_else(|| quote!(()));
    quote! {
        #[automatically_derived]
        impl #impl_generics #paginate for #self_ty #where_clause {
            type Item = #item;
            const SPEC: #private::Spec = #private::Spec::new(#private::Strategy::Cursor);
            fn into_parts(self) -> #private::PageParts<Self::Item> {
                ::core::unreachable!()
            }
        }
    }
}
