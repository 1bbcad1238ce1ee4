//! Conversions from the leaf fields an attribute path names to the signals the state machine reads.
//!
//! Each trait carries a `#[diagnostic::on_unimplemented]` message naming the accepted types, so a path
//! pointing at the wrong field is reported on the user's attribute. [`CursorValue`], [`KeyPart`] and
//! [`ErrorValue`] are open: implement them for your own cursor, key and error types.

use crate::protocol::request::Token;
use crate::protocol::signals::Signals;

use std::collections::VecDeque;

mod sealed {
    pub trait Sealed {}
}
use sealed::Sealed;

/// A field usable as `cursor = "..."` or `next_url = "..."`: `String`, `&str`, an integer, a JSON value
/// (`serde_json::Value` or `Map`: DynamoDB's `LastEvaluatedKey`, continuation objects), or an `Option`
/// of one of these. An empty string, `null` or an empty object means "no next page".
///
/// Implement it for your own cursor types; a typed key object converts through JSON:
///
/// ```
/// use paginated_core::{CursorValue, Token};
/// #[derive(serde::Serialize)]
/// struct LastKey { pk: String, sk: u64 }
/// impl CursorValue for LastKey {
///     fn cursor_token(&self) -> Option<Token> {
///         serde_json::to_value(self).ok().map(Token::json)
///     }
/// }
/// let key = LastKey { pk: "user#7".into(), sk: 42 };
/// assert_eq!(key.cursor_token().unwrap().to_text(), r#"{"pk":"user#7","sk":42}"#);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a pagination cursor or next URL",
    label = "this path must lead to a `String`, `&str`, an integer, a JSON value, or an `Option` of one of these",
    note = "`cursor` and `next_url` accept `String`, `&str`, `u64`/`i64`/`u32`/`i32`/`usize`, `serde_json::Value`/`Map` and `Option<_>` of them; implement `paginated::CursorValue` for your own types"
)]
pub trait CursorValue {
    /// The token, or `None` when there is no next page.
    fn cursor_token(&self) -> Option<Token>;
}

/// A field usable as `has_more = "..."`: `bool` or `Option<bool>`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a `has_more` flag",
    label = "this path must lead to a `bool` or an `Option<bool>`",
    note = "`has_more` accepts `bool` and `Option<bool>`"
)]
pub trait FlagValue: Sealed {
    /// The flag, or `None` when the API did not say.
    fn flag_value(&self) -> Option<bool>;
}

/// A field usable as `total`, `total_pages` or `page`: an unsigned or signed integer, or an `Option` of
/// one. Negative values read as unknown.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a count (`total`, `total_pages` or `page`)",
    label = "this path must lead to an integer or an `Option` of an integer",
    note = "counts accept `u64`, `u32`, `u16`, `usize`, `i64`, `i32` and `Option<_>` of them"
)]
pub trait CountValue: Sealed {
    /// The count, or `None` when unknown.
    fn count_value(&self) -> Option<u64>;
}

/// A field usable as a part of a `keyset = "..."` key, taken from the last item of a page.
///
/// Implemented for strings, integers, JSON values (Elasticsearch's `sort` array for `search_after`) and
/// `Option`s of them; implement it for your own key types (for example a timestamp type) by formatting
/// the value exactly as the API expects it back.
///
/// ```
/// use paginated_core::{KeyPart, Token};
/// struct Millis(u64);
/// impl KeyPart for Millis {
///     fn key_part(&self) -> Option<Token> {
///         Some(Token::text(self.0.to_string()))
///     }
/// }
/// assert_eq!(Millis(5).key_part(), Some(Token::text("5")));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as a keyset key part",
    label = "this field of the last item must be a `String`, an integer, a JSON value, an `Option` of one, or implement `KeyPart`",
    note = "implement `paginated::KeyPart` for your own key types"
)]
pub trait KeyPart {
    /// The value as sent back to the API, or `None` when the item has no key.
    fn key_part(&self) -> Option<Token>;
}

/// A field usable as `items = "..."`: `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, or an `Option` of one
/// (missing means empty).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of items",
    label = "`items` must lead to a `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, or an `Option` of one",
    note = "for a nested `items` path, also name the item type with `item = Type`"
)]
pub trait ItemsValue: Sealed {
    /// The item type.
    type Item;
    /// The last item, by reference (to read the key of a keyset walk).
    fn last_item(&self) -> Option<&Self::Item>;
    /// The items, by value.
    fn into_items(self) -> Vec<Self::Item>;
    /// The last item for which `f` gives a value, and that value (reads the key of a keyset walk whose
    /// items are reached through each element, `edges[].node`).
    fn last_mapped<'a, R>(&'a self, f: impl FnMut(&'a Self::Item) -> Option<R>) -> Option<R>;
}

/// A list of items of type `I`: what `item = I` asks of the list `items` leads to.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of `{I}`",
    label = "`item = {I}` must name the element type of this list",
    note = "`items` must lead to a `Vec<T>`, `VecDeque<T>`, `Box<[T]>`, or an `Option` of one, with `item = T`"
)]
pub trait ItemsOf<I>: ItemsValue<Item = I> {}

/// A field usable as `errors = "..."`: the errors an API reports inside a successful answer, GraphQL's
/// `errors` list or Slack's `error` (sent with `"ok": false`). A page whose errors give a message is
/// [`ErrorKind::Api`](crate::ErrorKind::Api), before any of its items is yielded.
///
/// Implemented for `String` and `&str` (an empty one is no error), `serde_json::Value` (a string, or an
/// object's `message` member, or the object as JSON text when it has none; `null` is no error), and for
/// `Vec`s and `Option`s of those (the messages joined by `; `). Implement it for your own error types,
/// such as a GraphQL error with a `type`:
///
/// ```
/// use paginated_core::ErrorValue;
/// #[derive(serde::Deserialize)]
/// struct GraphQlError {
///     message: String,
///     #[serde(rename = "type")]
///     kind: Option<String>,
/// }
/// impl ErrorValue for GraphQlError {
///     fn error_message(&self) -> Option<String> {
///         Some(match &self.kind {
///             Some(kind) => format!("{kind}: {}", self.message),
///             None => self.message.clone(),
///         })
///     }
/// }
/// let errors = vec![GraphQlError { message: "bad cursor".into(), kind: Some("INVALID_CURSOR_ARGUMENTS".into()) }];
/// assert_eq!(Some(errors).error_message().as_deref(), Some("INVALID_CURSOR_ARGUMENTS: bad cursor"));
/// assert_eq!(None::<Vec<GraphQlError>>.error_message(), None);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be used as the API's errors",
    label = "this path must lead to a `String`, a JSON value, a `Vec` or `Option` of those, or a type implementing `ErrorValue`",
    note = "`errors` accepts `String`, `&str`, `serde_json::Value`, and `Vec<_>` and `Option<_>` of them; implement `paginated::ErrorValue` for your own error types (a GraphQL error struct)"
)]
pub trait ErrorValue {
    /// The error's message, or `None` when the answer reports no error.
    fn error_message(&self) -> Option<String>;
}

impl Sealed for bool {}
impl<T: Sealed> Sealed for Option<T> {}

impl CursorValue for String {
    fn cursor_token(&self) -> Option<Token> {
        (!self.is_empty()).then(|| Token::Text(self.clone()))
    }
}
impl CursorValue for &str {
    fn cursor_token(&self) -> Option<Token> {
        (!self.is_empty()).then(|| Token::Text((*self).to_owned()))
    }
}
impl<T: CursorValue> CursorValue for Option<T> {
    fn cursor_token(&self) -> Option<Token> {
        self.as_ref().and_then(T::cursor_token)
    }
}
impl CursorValue for serde_json::Value {
    fn cursor_token(&self) -> Option<Token> {
        Some(Token::json(self.clone())).filter(|token| !token.is_empty())
    }
}
impl CursorValue for serde_json::Map<String, serde_json::Value> {
    fn cursor_token(&self) -> Option<Token> {
        (!self.is_empty()).then(|| Token::Json(serde_json::Value::Object(self.clone())))
    }
}

impl FlagValue for bool {
    fn flag_value(&self) -> Option<bool> {
        Some(*self)
    }
}
impl<T: FlagValue> FlagValue for Option<T> {
    fn flag_value(&self) -> Option<bool> {
        self.as_ref().and_then(T::flag_value)
    }
}
impl<T: CountValue> CountValue for Option<T> {
    fn count_value(&self) -> Option<u64> {
        self.as_ref().and_then(T::count_value)
    }
}

macro_rules! integer_leaves {
    ($($int:ty),*) => {$(
        impl Sealed for $int {}
        impl CursorValue for $int {
            fn cursor_token(&self) -> Option<Token> {
                Some(Token::Text(self.to_string()))
            }
        }
        impl CountValue for $int {
            fn count_value(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
        }
        impl KeyPart for $int {
            fn key_part(&self) -> Option<Token> {
                Some(Token::Text(self.to_string()))
            }
        }
    )*};
}
integer_leaves!(u64, u32, u16, usize, i64, i32);

impl KeyPart for String {
    fn key_part(&self) -> Option<Token> {
        Some(Token::Text(self.clone()))
    }
}
impl KeyPart for &str {
    fn key_part(&self) -> Option<Token> {
        Some(Token::Text((*self).to_owned()))
    }
}
impl<T: KeyPart> KeyPart for Option<T> {
    fn key_part(&self) -> Option<Token> {
        self.as_ref().and_then(T::key_part)
    }
}
impl KeyPart for serde_json::Value {
    fn key_part(&self) -> Option<Token> {
        (!self.is_null()).then(|| Token::json(self.clone()))
    }
}
impl KeyPart for Vec<serde_json::Value> {
    fn key_part(&self) -> Option<Token> {
        (!self.is_empty()).then(|| Token::Json(serde_json::Value::Array(self.clone())))
    }
}

impl ErrorValue for String {
    fn error_message(&self) -> Option<String> {
        (!self.is_empty()).then(|| self.clone())
    }
}
impl ErrorValue for &str {
    fn error_message(&self) -> Option<String> {
        (!self.is_empty()).then(|| (*self).to_owned())
    }
}
impl ErrorValue for serde_json::Value {
    fn error_message(&self) -> Option<String> {
        use serde_json::Value;
        match self {
            Value::Null => None,
            Value::String(text) => text.error_message(),
            Value::Array(errors) => errors.error_message(),
            Value::Object(object) if object.is_empty() => None,
            Value::Object(object) => match object.get("message") {
                Some(Value::String(message)) if !message.is_empty() => Some(message.clone()),
                _ => Some(self.to_string()),
            },
            other => Some(other.to_string()),
        }
    }
}
impl<T: ErrorValue> ErrorValue for Option<T> {
    fn error_message(&self) -> Option<String> {
        self.as_ref().and_then(T::error_message)
    }
}
impl<T: ErrorValue> ErrorValue for Vec<T> {
    fn error_message(&self) -> Option<String> {
        let messages: Vec<String> = self.iter().filter_map(T::error_message).collect();
        (!messages.is_empty()).then(|| messages.join("; "))
    }
}
impl<T: ErrorValue + ?Sized> ErrorValue for Box<T> {
    fn error_message(&self) -> Option<String> {
        (**self).error_message()
    }
}

/// `ItemsValue` for a list type, whose last element `$last` borrows, and for an `Option` of it. No
/// adaptor or closure in the methods the derive calls: generated code instantiates them per item type.
macro_rules! lists {
    ($($list:ty => $last:ident),*) => {$(
        impl<T> Sealed for $list {}
        impl<T> ItemsValue for $list {
            type Item = T;
            #[inline]
            fn last_item(&self) -> Option<&T> {
                self.$last()
            }
            #[inline]
            fn into_items(self) -> Vec<T> {
                self.into()
            }
            fn last_mapped<'a, R>(&'a self, f: impl FnMut(&'a T) -> Option<R>) -> Option<R> {
                self.iter().rev().find_map(f)
            }
        }
        impl<T> ItemsValue for Option<$list> {
            type Item = T;
            #[inline]
            fn last_item(&self) -> Option<&T> {
                match self {
                    Some(list) => list.$last(),
                    None => None,
                }
            }
            #[inline]
            fn into_items(self) -> Vec<T> {
                match self {
                    Some(list) => list.into(),
                    None => Vec::new(),
                }
            }
            fn last_mapped<'a, R>(&'a self, f: impl FnMut(&'a T) -> Option<R>) -> Option<R> {
                self.as_ref().and_then(|list| list.last_mapped(f))
            }
        }
    )*};
}
lists!(Vec<T> => last, VecDeque<T> => back, Box<[T]> => last);

// Written out, so a mismatch with `item = ...` shows these lines rather than a macro expansion.
impl<T> ItemsOf<T> for Vec<T> {}
impl<T> ItemsOf<T> for VecDeque<T> {}
impl<T> ItemsOf<T> for Box<[T]> {}
impl<T> ItemsOf<T> for Option<Vec<T>> {}
impl<T> ItemsOf<T> for Option<VecDeque<T>> {}
impl<T> ItemsOf<T> for Option<Box<[T]>> {}

/// Signals with nothing set: what generated code fills in.
pub const NO_SIGNALS: Signals = Signals {
    cursor: None,
    next_url: None,
    has_more: None,
    total: None,
    total_pages: None,
    page: None,
    keyset: None,
    error: None,
    carry: None,
};

/// Reads a cursor through an optional path (`None` when an `Option` segment was empty).
pub fn cursor<T: CursorValue + ?Sized>(leaf: Option<&T>) -> Option<Token> {
    leaf.and_then(T::cursor_token)
}
/// Reads a next URL through an optional path.
pub fn next_url<T: CursorValue + ?Sized>(leaf: Option<&T>) -> Option<String> {
    leaf.and_then(T::cursor_token)
        .map(|token| token.to_text().into_owned())
}
/// Reads a `has_more` flag through an optional path.
pub fn flag<T: FlagValue + ?Sized>(leaf: Option<&T>) -> Option<bool> {
    leaf.and_then(T::flag_value)
}
/// Reads a count through an optional path.
pub fn count<T: CountValue + ?Sized>(leaf: Option<&T>) -> Option<u64> {
    leaf.and_then(T::count_value)
}
/// Reads one key part of the last item through an optional path.
pub fn key_part<T: KeyPart + ?Sized>(leaf: Option<&T>) -> Option<Token> {
    leaf.and_then(T::key_part)
}
/// Borrows the last item of a page.
pub fn last_item<T: ItemsValue>(items: &T) -> Option<&T::Item> {
    items.last_item()
}
/// Takes the items of a page, a list of `I`.
pub fn into_items<I, T: ItemsOf<I>>(items: T) -> Vec<I> {
    items.into_items()
}
/// Takes the items of a page reached through each element of a list (`edges[].node`).
pub fn map_items<I, T: ItemsValue>(list: T, each: impl FnMut(T::Item) -> I) -> Vec<I> {
    list.into_items().into_iter().map(each).collect()
}
/// Takes the items of a page reached through each element of a list by an optional path
/// (`edges[].node?`): elements without one are skipped.
pub fn filter_map_items<I, T: ItemsValue>(list: T, each: impl FnMut(T::Item) -> Option<I>) -> Vec<I> {
    list.into_items().into_iter().filter_map(each).collect()
}
/// Borrows the last item of a page reached through each element of a list.
pub fn last_mapped<'a, I: ?Sized, T: ItemsValue>(
    list: &'a T,
    each: impl FnMut(&'a T::Item) -> Option<&'a I>,
) -> Option<&'a I> {
    list.last_mapped(each)
}
/// Reads the API's errors through an optional path.
pub fn error<T: ErrorValue + ?Sized>(leaf: Option<&T>) -> Option<String> {
    leaf.and_then(T::error_message)
}
/// Reads a cursor at a path without `?`. The `_at` readers take the leaf itself, the others an
/// `Option` of it: a plain path needs no `Some(..)` around it, which `cargo check` pays per envelope.
pub fn cursor_at<T: CursorValue + ?Sized>(leaf: &T) -> Option<Token> {
    leaf.cursor_token()
}
/// Reads a next URL at a path without `?`.
pub fn next_url_at<T: CursorValue + ?Sized>(leaf: &T) -> Option<String> {
    next_url(Some(leaf))
}
/// Reads a `has_more` flag at a path without `?`.
pub fn flag_at<T: FlagValue + ?Sized>(leaf: &T) -> Option<bool> {
    leaf.flag_value()
}
/// Reads a count at a path without `?`.
pub fn count_at<T: CountValue + ?Sized>(leaf: &T) -> Option<u64> {
    leaf.count_value()
}
/// Reads one key part of the last item at a path without `?`.
pub fn key_part_at<T: KeyPart + ?Sized>(leaf: &T) -> Option<Token> {
    leaf.key_part()
}
/// Reads the API's error at a path without `?`.
pub fn error_at<T: ErrorValue + ?Sized>(leaf: &T) -> Option<String> {
    leaf.error_message()
}
/// The key of the last item from its parts, taken out of `parts`: `None` when a part is missing.
pub fn keyset_key(parts: &mut [Option<Token>]) -> Option<Vec<Token>> {
    parts.iter_mut().map(Option::take).collect()
}

/// A path segment read by reference and checked in generated code, where the macro cannot see its type
/// (a field of a nested type, or any field for `impl_paginate!`). Methods chosen by type (inherent ones
/// for an `Option`, the [`SegmentFallback`] ones otherwise) check that `?` is written exactly after the
/// `Option`s, and still hand on the field's contents, so the rest of the path type-checks and only that
/// one error shows.
pub struct SegmentRef<'a, T: ?Sized>(pub &'a T);

/// A path segment taken by value (the items) and checked in generated code, like [`SegmentRef`].
pub struct Segment<T>(pub T);

/// `segment?` where the segment is not an `Option`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an `Option`, so `?` cannot look inside it",
    label = "remove the `?` after the field of type `{Self}` in this path"
)]
pub trait OptionForQuestionMark: Sealed {}

/// `segment.next` where the segment is an `Option`.
#[diagnostic::on_unimplemented(
    message = "this path reads a field through `{Self}` without `?`",
    label = "write `?` after the field of type `{Self}` in this path, as in `meta?.next_page_link`"
)]
pub trait PlainField: Sealed {}

impl<'a, T> SegmentRef<'a, Option<T>> {
    /// Reads through an `Option` marked `?`.
    pub fn optional(self) -> Option<&'a T> {
        self.0.as_ref()
    }
    /// Reads a field of an `Option` not marked `?`: an error.
    pub fn field(self) -> &'a T
    where
        Option<T>: PlainField,
    {
        unmet_bound()
    }
}

impl<T> Segment<Option<T>> {
    /// Takes the contents of an `Option` marked `?`.
    pub fn optional(self) -> Option<T> {
        self.0
    }
    /// Takes a field of an `Option` not marked `?`: an error.
    pub fn field(self) -> T
    where
        Option<T>: PlainField,
    {
        unmet_bound()
    }
}

/// The methods of [`SegmentRef`] and [`Segment`] for every type that is not an `Option`; in scope in
/// generated code.
pub trait SegmentFallback {
    /// The segment's value (a reference when read by reference).
    type Value;
    /// The segment's type.
    type Type: ?Sized;
    /// The segment, to read a field of it.
    fn field(self) -> Self::Value;
    /// Reads through a segment marked `?` that is not an `Option`: an error.
    fn optional(self) -> Option<Self::Value>
    where
        Self::Type: OptionForQuestionMark;
}

impl<'a, T: ?Sized> SegmentFallback for SegmentRef<'a, T> {
    type Value = &'a T;
    type Type = T;
    fn field(self) -> &'a T {
        self.0
    }
    fn optional(self) -> Option<&'a T>
    where
        T: OptionForQuestionMark,
    {
        unmet_bound()
    }
}

impl<T> SegmentFallback for Segment<T> {
    type Value = T;
    type Type = T;
    fn field(self) -> T {
        self.0
    }
    fn optional(self) -> Option<T>
    where
        T: OptionForQuestionMark,
    {
        unmet_bound()
    }
}

/// The body of the segment methods whose bounds no type meets: they never compile into a program.
fn unmet_bound() -> ! {
    unreachable!("a generated path check whose bound no type meets")
}

/// Picks how the derive fingerprints a page's items, by the item type's traits, in the generated code
/// where the item type is known: `Hash`, else `Serialize`, else `Debug`, else none.
/// `(&ItemsProbe::<Item>::NEW).items_fingerprint(items)` with [`ItemsBySerialize`], [`ItemsByDebug`]
/// and [`ItemsUnknown`] in scope: method lookup takes the inherent method when the item type is
/// `Hash`, else the trait method on `ItemsProbe` when it is `Serialize` (both take `&ItemsProbe`), else
/// the one on `&ItemsProbe` when it is `Debug` (one autoref more), else the one that takes
/// `ItemsProbe` by value (one dereference). An inherent method first keeps the lookup short, which
/// `cargo check` pays per envelope.
pub struct ItemsProbe<T>(std::marker::PhantomData<fn(&T)>);

// By hand: derived impls would ask `T: Clone`.
impl<T> Clone for ItemsProbe<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ItemsProbe<T> {}

impl<T> ItemsProbe<T> {
    /// The probe.
    pub const NEW: Self = ItemsProbe(std::marker::PhantomData);
}

impl<T: std::hash::Hash> ItemsProbe<T> {
    /// Items that implement `Hash`: [`Fingerprint::of_items`](crate::Fingerprint::of_items).
    pub fn items_fingerprint(&self, items: &[T]) -> Option<crate::protocol::fingerprint::Fingerprint> {
        Some(crate::protocol::fingerprint::Fingerprint::of_items(items))
    }
}

/// Items that implement `Serialize`.
pub trait ItemsBySerialize<T> {
    /// [`Fingerprint::of_serialized`](crate::Fingerprint::of_serialized).
    fn items_fingerprint(&self, items: &[T]) -> Option<crate::protocol::fingerprint::Fingerprint>;
}

impl<T: serde::Serialize> ItemsBySerialize<T> for ItemsProbe<T> {
    fn items_fingerprint(&self, items: &[T]) -> Option<crate::protocol::fingerprint::Fingerprint> {
        crate::protocol::fingerprint::Fingerprint::of_serialized(items)
    }
}

/// Items that implement `Debug` (and neither `Hash` nor `Serialize`).
pub trait ItemsByDebug<T> {
    /// [`Fingerprint::of_debug`](crate::Fingerprint::of_debug).
    fn items_fingerprint(&self, items: &[T]) -> Option<crate::protocol::fingerprint::Fingerprint>;
}

impl<T: std::fmt::Debug> ItemsByDebug<T> for &ItemsProbe<T> {
    fn items_fingerprint(&self, items: &[T]) -> Option<crate::protocol::fingerprint::Fingerprint> {
        Some(crate::protocol::fingerprint::Fingerprint::of_debug(items))
    }
}

/// Items without a fingerprint.
pub trait ItemsUnknown<T> {
    /// `None`.
    fn items_fingerprint(self, items: &[T]) -> Option<crate::protocol::fingerprint::Fingerprint>;
}

impl<T> ItemsUnknown<T> for ItemsProbe<T> {
    fn items_fingerprint(self, _: &[T]) -> Option<crate::protocol::fingerprint::Fingerprint> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn error_messages_from_json_values() {
        let message = |value: serde_json::Value| value.error_message();
        assert_eq!(message(json!(null)), None);
        assert_eq!(message(json!("")), None);
        assert_eq!(message(json!({})), None);
        assert_eq!(message(json!([])), None);
        assert_eq!(
            message(json!("invalid_cursor")).as_deref(),
            Some("invalid_cursor")
        );
        assert_eq!(
            message(json!([{"message": "a", "path": ["x"]}, {"message": "b"}])).as_deref(),
            Some("a; b")
        );
        assert_eq!(
            message(json!({"code": 3})).as_deref(),
            Some(r#"{"code":3}"#),
            "an object without a message is shown whole"
        );
        assert_eq!(Some(vec![String::new()]).error_message(), None);
        assert_eq!(vec!["x", "y"].error_message().as_deref(), Some("x; y"));
    }

    #[test]
    // The derive's call, borrow included, which the fallback needs.
    #[allow(clippy::needless_borrow)]
    fn the_probe_picks_hash_then_serialize_then_debug_then_nothing() {
        use crate::protocol::fingerprint::Fingerprint;
        #[derive(Hash, serde::Serialize, Debug)]
        struct Both(u32);
        #[derive(serde::Serialize, Debug)]
        struct Serialized(u32);
        #[derive(Debug)]
        struct Debugged(#[allow(dead_code)] u32);
        struct Neither;
        // What the derive writes, with the traits in scope the way it brings them.
        use super::{ItemsByDebug as _, ItemsBySerialize as _, ItemsUnknown as _};
        let by_hash = (&ItemsProbe::<Both>::NEW).items_fingerprint(&[Both(1)]);
        assert!(by_hash == Some(Fingerprint::of_items(&[Both(1)])));
        let by_serialize = (&ItemsProbe::<Serialized>::NEW).items_fingerprint(&[Serialized(1)]);
        assert!(by_serialize.is_some());
        assert!(
            by_serialize == Fingerprint::of_serialized(&[Both(1)]),
            "the same JSON, the same print"
        );
        assert!(by_hash != by_serialize);
        let by_debug = (&ItemsProbe::<Debugged>::NEW).items_fingerprint(&[Debugged(1)]);
        assert!(by_debug == Some(Fingerprint::of_debug(&[Debugged(1)])));
        assert!(by_debug != (&ItemsProbe::<Debugged>::NEW).items_fingerprint(&[Debugged(2)]));
        assert!((&ItemsProbe::<Neither>::NEW)
            .items_fingerprint(&[Neither])
            .is_none());
    }

    #[test]
    fn items_through_each_element() {
        struct Edge {
            node: Option<u32>,
        }
        let edges = vec![
            Edge { node: Some(1) },
            Edge { node: Some(2) },
            Edge { node: None },
        ];
        assert_eq!(last_mapped(&edges, |edge| edge.node.as_ref()), Some(&2));
        assert_eq!(filter_map_items(edges, |edge| edge.node), [1, 2]);
        let missing: Option<Vec<Edge>> = None;
        assert_eq!(last_mapped(&missing, |edge| edge.node.as_ref()), None);
        assert_eq!(map_items(VecDeque::from([3, 4]), |n| n * 10), [30, 40]);
    }
}
