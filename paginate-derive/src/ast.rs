//! What the macros work on, whichever front they came from: the envelope type to implement `Paginate`
//! for, its attributes, and its fields when the definition is in view.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident, Type};

use paginated_attr::{Attributes, Ctxt, Name};

use crate::remote::Entry;
use crate::serde;

pub struct Input<'a> {
    pub target: Target,
    pub attrs: Attributes,
    /// The fields, when the definition is in view: `None` for `impl_paginate!`, which sees only a type.
    pub fields: Option<Vec<Field<'a>>>,
}

/// The type the impl is for.
#[derive(Clone)]
pub struct Target {
    /// The type as written after `for` in the impl.
    pub ty: TokenStream,
    pub generics: syn::Generics,
    /// The type's name, for messages.
    pub name: String,
    /// Where errors about the envelope as a whole go.
    pub span: Span,
    /// The type's path as `impl_paginate!` was given it, to tell another crate's type; `None` for a
    /// derive, whose type is defined right where it is derived.
    pub written: Option<syn::Path>,
}

impl Target {
    pub fn of_derive(input: &DeriveInput) -> Self {
        let ident = &input.ident;
        let (_, ty_generics, _) = input.generics.split_for_impl();
        Target {
            ty: quote!(#ident #ty_generics),
            generics: input.generics.clone(),
            name: ident.to_string(),
            span: ident.span(),
            written: None,
        }
    }
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
    /// The names serde reads this field from, when they differ from the Rust name.
    pub json_names: Vec<String>,
}

impl<'a> Input<'a> {
    /// Reads a derive input; `None` (with an error recorded) when it is not a struct with named fields.
    pub fn from_derive(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let mut attrs = Attributes::from_attrs(cx, &input.attrs);
        let ident = &input.ident;
        let message = "#[derive(Paginate)] needs a struct with named fields (the response envelope)";
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => fields,
                Fields::Unnamed(fields) => {
                    let list = match fields.unnamed.first() {
                        Some(field) if fields.unnamed.len() == 1 => type_text(&field.ty),
                        _ => "Vec<Item>".to_owned(),
                    };
                    cx.error_spanned_by(
                        ident,
                        format!(
                            "{message}; for a body that is a bare JSON array, name the list and let serde \
                             read the body into it: `#[serde(transparent)] struct {ident} {{ items: {list} }}`"
                        ),
                    );
                    return None;
                }
                Fields::Unit => {
                    cx.error_spanned_by(ident, message);
                    return None;
                }
            },
            Data::Enum(data) => {
                cx.error_spanned_by(data.enum_token, message);
                return None;
            }
            Data::Union(data) => {
                cx.error_spanned_by(data.union_token, message);
                return None;
            }
        };
        let rename_all = serde::rename_all(&input.attrs);
        let fields = fields
            .named
            .iter()
            .filter_map(|field| {
                let ident = field.ident.as_ref()?;
                attrs.add_field(cx, ident, &field.attrs);
                Some(Field {
                    ident,
                    ty: &field.ty,
                    json_names: serde::json_names(ident, &field.attrs, rename_all),
                })
            })
            .collect();
        Some(Input {
            target: Target::of_derive(input),
            attrs,
            fields: Some(fields),
        })
    }

    /// Reads an `impl_paginate!` entry: a type and its attribute, no fields.
    pub fn from_remote(cx: &Ctxt, entry: &Entry) -> Self {
        for attr in entry
            .attrs
            .iter()
            .filter(|attr| !attr.path().is_ident(paginated_attr::keys::PAGINATE))
        {
            cx.error_spanned_by(attr, "`impl_paginate!` takes `#[paginate(...)]` attributes only");
        }
        let ty = &entry.ty;
        let name = type_text(ty);
        Input {
            target: Target {
                ty: quote!(#ty),
                generics: entry.generics.clone(),
                name,
                span: syn::spanned::Spanned::span(ty),
                written: match ty {
                    Type::Path(path) if path.qself.is_none() => Some(path.path.clone()),
                    _ => None,
                },
            },
            attrs: Attributes::from_attrs(cx, &entry.attrs),
            fields: None,
        }
    }

    pub fn field(&self, ident: &Ident) -> Option<&Field<'a>> {
        self.fields.as_ref()?.iter().find(|field| field.ident == ident)
    }

    /// The field a path segment names (`None` for a quoted name, which the derive's parse refuses).
    pub fn field_named(&self, name: &Name) -> Option<&Field<'a>> {
        self.field(name.ident()?)
    }

    /// Whether `ty` names one of the impl's type parameters.
    pub fn is_type_param(&self, ty: &Type) -> bool {
        let Type::Path(path) = ty else { return false };
        path.qself.is_none()
            && path.path.get_ident().is_some_and(|ident| {
                self.target
                    .generics
                    .type_params()
                    .any(|param| param.ident == *ident)
            })
    }
}

/// A type as a person writes it (`Vec<u32>`, not the token stream's `Vec < u32 >`), for messages.
pub fn type_text(ty: &Type) -> String {
    paginated_attr::tokens_text(ty)
}

/// The type argument of `Wrapper<T>` when `ty` is written as `Wrapper<T>` (any path ending in it).
pub fn generic_arg<'t>(ty: &'t Type, wrapper: &str) -> Option<&'t Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(inner) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}

/// The element type of a list of items as written: `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, or an `Option`
/// of one. Other spellings (aliases) are left to the `ItemsValue` trait.
pub fn list_element(ty: &Type) -> Option<&Type> {
    let ty = generic_arg(ty, "Option").unwrap_or(ty);
    if let Some(element) = generic_arg(ty, "Vec").or_else(|| generic_arg(ty, "VecDeque")) {
        return Some(element);
    }
    match generic_arg(ty, "Box")? {
        Type::Slice(slice) => Some(&slice.elem),
        _ => None,
    }
}
