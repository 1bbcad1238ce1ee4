//! The derive input, reduced to what the macro needs: a struct with named fields and its attributes.

use syn::{Data, DeriveInput, Fields, Ident, Type};

use crate::attr::Attrs;
use crate::ctxt::Ctxt;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub attrs: Attrs,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub ident: &'a Ident,
    pub ty: &'a Type,
}

impl<'a> Input<'a> {
    /// Parses the input; `None` (with an error recorded) when it is not a struct with named fields.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let attrs = Attrs::from_ast(cx, &input.attrs);
        let message = "#[derive(Paginate)] needs a struct with named fields (the response envelope)";
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(fields) => fields,
                Fields::Unnamed(_) | Fields::Unit => {
                    cx.error_spanned_by(&input.ident, message);
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
        let fields = fields
            .named
            .iter()
            .filter_map(|field| {
                Some(Field {
                    ident: field.ident.as_ref()?,
                    ty: &field.ty,
                })
            })
            .collect();
        Some(Input {
            original: input,
            attrs,
            fields,
        })
    }

    pub fn field(&self, ident: &Ident) -> Option<&Field<'a>> {
        self.fields.iter().find(|field| field.ident == ident)
    }
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

/// `Vec<T>` or `Option<Vec<T>>`, as written.
pub fn is_items_type(ty: &Type) -> bool {
    generic_arg(ty, "Vec").is_some()
        || generic_arg(ty, "Option").is_some_and(|inner| generic_arg(inner, "Vec").is_some())
}
