//! The checks of parsed attributes that need no Rust type: one strategy, and the keys that only apply to
//! some strategies. What needs the envelope's fields and types is the derive's to check.

use proc_macro2::Span;

use crate::ctxt::Ctxt;
use crate::keys::*;
use crate::model::{Attributes, Strategy, StrategyAttr};

/// The one strategy of `attrs`: none is an error at `missing_at` (unless an error was already recorded,
/// such as a strategy key that failed to parse), and each strategy after the first is an error at its key.
///
/// ```
/// use paginated_attr::{check_strategy, Attributes, Ctxt};
///
/// let input: syn::DeriveInput = syn::parse_quote! {
///     #[paginate(cursor = "next", offset)]
///     struct Page { items: Vec<u32>, next: Option<String> }
/// };
/// let cx = Ctxt::default();
/// let attrs = Attributes::from_attrs(&cx, &input.attrs);
/// assert_eq!(check_strategy(&cx, &attrs, input.ident.span()).unwrap().key, "cursor");
/// assert_eq!(
///     cx.check().unwrap_err().to_string(),
///     "two pagination strategies, `cursor` and `offset`: an envelope has exactly one"
/// );
/// ```
pub fn check_strategy<'a>(cx: &Ctxt, attrs: &'a Attributes, missing_at: Span) -> Option<&'a Strategy> {
    match attrs.strategies.as_slice() {
        // A strategy key that failed to parse was already reported: no second error about it.
        [] if cx.has_errors() => None,
        [] => {
            let message = "no pagination strategy: add one of `cursor = \"...\"`, `next_url = \"...\"`, \
                           `link_header`, `offset`, `page`, `keyset = \"...\"` to #[paginate(...)]";
            cx.syn_error(syn::Error::new(missing_at, message));
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
    }
}

/// The keys that only apply to some strategies, against `strategy`: `keyset_param`, `carry` with
/// `carry_param`, and `first_page`.
pub fn check_strategy_options(cx: &Ctxt, attrs: &Attributes, strategy: &Strategy) {
    match (&strategy.attr, &attrs.keyset_param) {
        (StrategyAttr::Keyset(parts), Some((names, lit))) => {
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
        (_, Some((_, lit))) => cx.error_spanned_by(
            lit,
            format!(
                "`{KEYSET_PARAM}` only applies to the `{KEYSET}` strategy; this envelope uses `{}`",
                strategy.key
            ),
        ),
        (_, None) => {}
    }
    check_carry(cx, attrs, strategy);
    if let (Some((first, span)), false) = (attrs.first_page, matches!(strategy.attr, StrategyAttr::Page(_))) {
        cx.syn_error(syn::Error::new(
            span,
            format!(
                "`{FIRST_PAGE}` only applies to the `{PAGE}` strategy; this envelope uses `{}`: \
                 remove `{FIRST_PAGE} = {first}`",
                strategy.key
            ),
        ));
    }
}

/// `carry` needs the parameter it is sent back as, and a request the walk forms itself: a next URL
/// already says everything the next request sends.
fn check_carry(cx: &Ctxt, attrs: &Attributes, strategy: &Strategy) {
    match (&attrs.carry, &attrs.carry_param) {
        (Some(carry), None) => cx.syn_error(syn::Error::new(
            carry.span(),
            format!(
                "`{CARRY}` needs the parameter the value is sent back as: add `{CARRY_PARAM} = \"name\"` \
                 (a dotted name is a member of the JSON body: `{CARRY_PARAM} = \"pit.id\"`)"
            ),
        )),
        (None, Some(param)) => cx.error_spanned_by(
            param,
            format!("`{CARRY_PARAM}` names the parameter of a `{CARRY}` value: add `{CARRY} = \"path\"`"),
        ),
        (Some(carry), Some(_))
            if matches!(strategy.attr, StrategyAttr::NextUrl(_) | StrategyAttr::LinkHeader) =>
        {
            cx.syn_error(syn::Error::new(
                carry.span(),
                format!(
                    "`{CARRY}` sends a value back as a parameter, but the `{}` strategy follows the URL the \
                     API gives, which already says everything the next request sends",
                    strategy.key
                ),
            ))
        }
        _ => {}
    }
}
