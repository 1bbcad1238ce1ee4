//! After an error, a stub impl keeps the user's other code type-checking, so the one real error is not
//! buried under a cascade of "Paginate is not implemented" errors.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

use crate::ast::is_items_type;

pub fn expand(input: &DeriveInput, krate: &syn::Path, error: syn::Error) -> TokenStream {
    let private = quote!(#krate::__private);
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let error = error.into_compile_error();
    // Keep the item type when it is obvious, so calls that collect items still type-check.
    let item = match &input.data {
        syn::Data::Struct(data) => {
            let mut lists = data.fields.iter().filter(|field| is_items_type(&field.ty));
            match (lists.next(), lists.next()) {
                (Some(field), None) => {
                    let ty = &field.ty;
                    quote!(<#ty as #private::ItemsValue>::Item)
                }
                _ => quote!(()),
            }
        }
        _ => quote!(()),
    };
    quote! {
        #error
        #[automatically_derived]
        impl #impl_generics #private::Paginate for #ident #ty_generics #where_clause {
            type Item = #item;
            const SPEC: #private::Spec = #private::Spec::new(#private::Strategy::Cursor);
            fn into_parts(self) -> #private::PageParts<Self::Item> {
                ::core::unreachable!()
            }
        }
    }
}
