//! Parses `#[paginate(...)]`, on the struct and on its fields, or attribute text read at run time, into
//! [`Attributes`], recording every error in the [`Ctxt`] and carrying on, so all mistakes of an attribute
//! are reported at once.

use proc_macro2::{Span, TokenTree};
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::{LitInt, LitStr, Token};

use crate::ctxt::Ctxt;
use crate::keys::*;
use crate::model::{Attributes, Declared, Format, ParamsIn, Source, Strategy, StrategyAttr};
use crate::path::{split_unquoted, FieldPath, Mode};
use crate::suggest::{closest, list, tokens_text};

/// The smallest value of a numeric key.
const AT_LEAST_ONE: u64 = 1;

impl Attributes {
    /// Parses the `#[paginate(...)]` attributes of the struct (or of an `impl_paginate!` entry), for the
    /// derive; other attributes are skipped.
    ///
    /// ```
    /// use paginated_attr::{Attributes, Ctxt};
    ///
    /// let input: syn::DeriveInput = syn::parse_quote! {
    ///     #[paginate(cursor = "meta.next", items = "data")]
    ///     struct Page { data: Vec<u32>, meta: Meta }
    /// };
    /// let cx = Ctxt::default();
    /// let attrs = Attributes::from_attrs(&cx, &input.attrs);
    /// assert!(cx.check().is_ok());
    /// assert_eq!(paginated_attr::to_text(&attrs), r#"cursor = "meta.next", items = "data""#);
    /// ```
    pub fn from_attrs(cx: &Ctxt, attrs: &[syn::Attribute]) -> Attributes {
        let mut out = Attributes::default();
        for attr in attrs.iter().filter(|attr| attr.path().is_ident(PAGINATE)) {
            out.span
                .get_or_insert_with(|| attr.path().get_ident().map_or_else(Span::call_site, |i| i.span()));
            if let syn::Meta::Path(_) = attr.meta {
                continue;
            }
            let parsed = attr.parse_nested_meta(|meta| out.parse_key(cx, &meta, Mode::Derive));
            if let Err(error) = parsed {
                cx.syn_error(error);
            }
        }
        out
    }

    /// Adds the `#[paginate(...)]` attributes of one field: `#[paginate(cursor)]` declares the field as
    /// the cursor, exactly like `cursor = "field"` on the struct.
    pub fn add_field(&mut self, cx: &Ctxt, field: &syn::Ident, attrs: &[syn::Attribute]) {
        for attr in attrs.iter().filter(|attr| attr.path().is_ident(PAGINATE)) {
            if let syn::Meta::Path(path) = &attr.meta {
                cx.error_spanned_by(
                    path,
                    format!(
                        "say what field `{field}` is: `#[paginate(items)]`, `#[paginate(cursor)]`, ... \
                         (one of {})",
                        list(FIELD_KEYS)
                    ),
                );
                continue;
            }
            let parsed = attr.parse_nested_meta(|meta| self.parse_field_key(cx, field, &meta));
            if let Err(error) = parsed {
                cx.syn_error(error);
            }
        }
    }

    /// Parses one key of a field's `#[paginate(...)]`: `items`, `cursor`, ... without a value.
    pub fn parse_field_key(
        &mut self,
        cx: &Ctxt,
        field: &syn::Ident,
        meta: &ParseNestedMeta,
    ) -> syn::Result<()> {
        let name = key_name(meta);
        let Some(&key) = FIELD_KEYS.iter().find(|key| **key == name) else {
            let message = if name == KEYSET {
                format!(
                    "`{KEYSET}` names fields of the items, not of the envelope: write it on the struct, \
                     `#[paginate({KEYSET} = \"id\")]`"
                )
            } else if ALL.contains(&name.as_str()) {
                format!("`{name}` is not about one field: write it in the struct's `#[paginate(...)]`")
            } else {
                let close = closest(&name, FIELD_KEYS.iter().copied())
                    .map(|close| format!("; did you mean `{close}`?"))
                    .unwrap_or_default();
                format!(
                    "unknown `paginate` field key `{name}`{close} (a field can be one of {})",
                    list(FIELD_KEYS)
                )
            };
            cx.error_spanned_by(&meta.path, message);
            return skip_value(meta.input);
        };
        if meta.input.peek(Token![=]) {
            cx.error_spanned_by(
                &meta.path,
                format!(
                    "on a field, `{key}` takes no value: the field is the {key}; write `#[paginate({key})]`, \
                     or `{key} = \"path\"` in the struct's `#[paginate(...)]` for a nested path"
                ),
            );
            return skip_value(meta.input);
        }
        let span = meta.path.segments[0].ident.span();
        let how = format!("`#[paginate({key})]` on field `{field}`");
        if !self.declare(cx, key, span, how, false) {
            return Ok(());
        }
        let path = FieldPath::field(field, span);
        let strategy = |attr| Strategy { attr, key, span };
        let body = || Source::Body(path.clone());
        match key {
            ITEMS => self.items = Some(path),
            CURSOR => self.strategies.push(strategy(StrategyAttr::Cursor(body()))),
            NEXT_URL => self.strategies.push(strategy(StrategyAttr::NextUrl(body()))),
            PAGE => self.strategies.push(strategy(StrategyAttr::Page(Some(body())))),
            HAS_MORE => self.has_more = Some(body()),
            TOTAL => self.total = Some(body()),
            TOTAL_PAGES => self.total_pages = Some(body()),
            ERRORS => self.errors = Some(path),
            CARRY => self.carry = Some(path),
            _ => unreachable!("every key of keys::FIELD_KEYS is handled"),
        }
        Ok(())
    }

    /// Records that `key` is declared (as `how`, from a header or not); `false`, with an error at `span`,
    /// when it already was.
    fn declare(&mut self, cx: &Ctxt, key: &'static str, span: Span, how: String, header: bool) -> bool {
        if let Some(first) = self.declared.iter().find(|declared| declared.key == key) {
            let message = if first.how == how {
                format!("duplicate `paginate` key `{key}`")
            } else if first.header != header {
                let (from_header, from_body) = if header {
                    (&how, &first.how)
                } else {
                    (&first.how, &how)
                };
                format!(
                    "`{key}` is read both from a response header, by {from_header}, and from the body, by \
                     {from_body}: a signal has one source; keep one"
                )
            } else {
                format!(
                    "`{key}` is declared twice, by {} and by {how}: keep one",
                    first.how
                )
            };
            cx.syn_error(syn::Error::new(span, message));
            return false;
        }
        self.declared.push(Declared { key, how, header });
        true
    }

    /// Parses one `key = value` (or flag) of the struct's `#[paginate(...)]`, or of attribute text read
    /// at run time, as `mode` reads it. Errors are recorded in `cx`, and the rest of the entry is skipped;
    /// `Err` only when the input cannot be read past the entry.
    pub fn parse_key(&mut self, cx: &Ctxt, meta: &ParseNestedMeta, mode: Mode) -> syn::Result<()> {
        let name = key_name(meta);
        let Some(&key) = ALL.iter().find(|key| **key == name) else {
            let message = match suggest(&name) {
                Some(close) => format!("unknown `paginate` key `{name}`; did you mean `{close}`?"),
                None => format!("unknown `paginate` key `{name}`"),
            };
            cx.error_spanned_by(&meta.path, message);
            return skip_value(meta.input);
        };
        if mode == Mode::Runtime && DERIVE_ONLY.contains(&key) {
            return refuse_derive_only(cx, meta, key);
        }
        let span = meta.path.segments[0].ident.span();
        let header = header_name(meta.input);
        let how = match (&header, mode) {
            (Some(name), _) => format!("`{key} = header({name:?})`"),
            (None, Mode::Runtime) => format!("`{key} = \"...\"`"),
            (None, Mode::Derive) if FIELD_KEYS.contains(&key) => {
                format!("`{key}` in the struct's `#[paginate(...)]`")
            }
            (None, Mode::Derive) => String::new(),
        };
        if !self.declare(cx, key, span, how, header.is_some()) {
            return skip_value(meta.input);
        }
        let strategy = |attr| Strategy { attr, key, span };
        match key {
            ITEMS => self.items = path(cx, meta, key, mode)?,
            ITEM => self.item = item_type(cx, meta)?,
            CURSOR => {
                if let Some(source) = source(cx, meta, key, mode)? {
                    self.strategies.push(strategy(StrategyAttr::Cursor(source)));
                }
            }
            NEXT_URL => {
                if let Some(source) = source(cx, meta, key, mode)? {
                    self.strategies.push(strategy(StrategyAttr::NextUrl(source)));
                }
            }
            LINK_HEADER => {
                flag(cx, meta, key)?;
                self.strategies.push(strategy(StrategyAttr::LinkHeader));
            }
            OFFSET => {
                flag(cx, meta, key)?;
                self.strategies.push(strategy(StrategyAttr::Offset));
            }
            PAGE => {
                let read = if meta.input.peek(Token![=]) {
                    match source(cx, meta, key, mode)? {
                        Some(source) => Some(source),
                        None => return Ok(()),
                    }
                } else {
                    None
                };
                self.strategies.push(strategy(StrategyAttr::Page(read)));
            }
            KEYSET => {
                if let Some(lit) = string(cx, meta, key, "keyset = \"received_at, id\"")? {
                    let value = lit.value();
                    let parts: syn::Result<Vec<_>> = split_unquoted(&value, ',')
                        .into_iter()
                        .map(|part| {
                            FieldPath::parse_part(part, &lit, key, mode)
                                .and_then(|part| single(part, &lit, key))
                        })
                        .collect();
                    match parts {
                        Ok(parts) => self.strategies.push(strategy(StrategyAttr::Keyset(parts))),
                        Err(error) => cx.syn_error(error),
                    }
                }
            }
            HAS_MORE => self.has_more = source(cx, meta, key, mode)?,
            TOTAL => self.total = source(cx, meta, key, mode)?,
            TOTAL_PAGES => self.total_pages = source(cx, meta, key, mode)?,
            ERRORS => self.errors = path(cx, meta, key, mode)?,
            CARRY => self.carry = path(cx, meta, key, mode)?,
            CARRY_PARAM => self.carry_param = param(cx, meta, key)?,
            FORMAT => {
                if let Some(lit) = string(cx, meta, key, "format = \"xml\"")? {
                    match lit.value().as_str() {
                        "json" => self.format = Some((Format::Json, lit)),
                        "xml" => self.format = Some((Format::Xml, lit)),
                        other => cx.error_spanned_by(
                            &lit,
                            format!("unknown `format` value `{other}`: expected \"json\" (the default) or \"xml\""),
                        ),
                    }
                }
            }
            CURSOR_PARAM => self.cursor_param = param(cx, meta, key)?,
            OFFSET_PARAM => self.offset_param = param(cx, meta, key)?,
            LIMIT_PARAM => self.limit_param = param(cx, meta, key)?,
            PAGE_PARAM => self.page_param = param(cx, meta, key)?,
            PER_PAGE_PARAM => self.per_page_param = param(cx, meta, key)?,
            KEYSET_PARAM => {
                if let Some(lit) = param(cx, meta, key)? {
                    let names: Vec<String> = lit
                        .value()
                        .split(',')
                        .map(|name| name.trim().to_owned())
                        .collect();
                    if names.iter().any(String::is_empty) {
                        cx.error_spanned_by(&lit, "empty parameter name in `keyset_param`");
                    } else {
                        self.keyset_param = Some((names, lit));
                    }
                }
            }
            MAX_PAGE_SIZE => self.max_page_size = integer(cx, meta, key, AT_LEAST_ONE)?.map(|(n, _)| n),
            CAP => self.cap = integer(cx, meta, key, AT_LEAST_ONE)?.map(|(n, _)| n),
            FIRST_PAGE => self.first_page = integer(cx, meta, key, 0)?,
            PARAMS_IN => {
                if let Some(lit) = string(cx, meta, key, "params_in = \"body\"")? {
                    match lit.value().as_str() {
                        "query" => self.params_in = Some(ParamsIn::Query),
                        "body" => self.params_in = Some(ParamsIn::Body),
                        other => cx.error_spanned_by(
                            &lit,
                            format!("unknown `params_in` value `{other}`: expected \"query\" or \"body\""),
                        ),
                    }
                }
            }
            CRATE => {
                if let Some(lit) = string(cx, meta, key, "crate = \"my_sdk::paginated\"")? {
                    match lit.parse::<syn::Path>() {
                        Ok(path) => self.krate = Some((path, lit.span())),
                        Err(_) => cx.error_spanned_by(
                            &lit,
                            format!(
                                "`{}` is not a path: `crate` names the paginated crate as your code reaches it, \
                                 such as `crate = \"my_sdk::paginated\"` when the SDK re-exports it \
                                 (`pub use paginated;` in `my_sdk`)",
                                lit.value()
                            ),
                        ),
                    }
                }
            }
            _ => unreachable!("every key of keys::ALL is handled"),
        }
        Ok(())
    }
}

/// `key = "..."`; a non-string value is an error naming the expected form.
fn string(cx: &Ctxt, meta: &ParseNestedMeta, key: &str, example: &str) -> syn::Result<Option<LitStr>> {
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(&meta.path, format!("`{key}` needs a value: `{example}`"));
        return skip_value(meta.input).map(|()| None);
    }
    let value = meta.value()?;
    if value.peek(LitStr) {
        return value.parse().map(Some);
    }
    let start = value.span();
    let header = is_header_call(value);
    skip_value(value)?;
    let message = if header {
        not_a_header(key)
    } else {
        format!("expected a string for `{key}`: `{example}`")
    };
    cx.syn_error(syn::Error::new(start, message));
    Ok(None)
}

/// The error for `key = header(..)` where `key` cannot come from a header.
fn not_a_header(key: &str) -> String {
    let reason = match key {
        ITEMS => "the items are in the body",
        KEYSET => "the key is read from the last item of the body",
        ITEM => "`item` names a type",
        ERRORS => "the errors are read from the body",
        CARRY => "the carried value is read from the body",
        _ => "this key is not a signal of the response",
    };
    format!(
        "`{key}` cannot be read from a response header ({reason}): `header(..)` applies to `{CURSOR}`, \
         `{NEXT_URL}`, `{HAS_MORE}`, `{TOTAL}`, `{TOTAL_PAGES}` and `{PAGE}`"
    )
}

/// A path-valued key that a header may also give (`total = header("X-Total-Count")`).
fn source(cx: &Ctxt, meta: &ParseNestedMeta, key: &str, mode: Mode) -> syn::Result<Option<Source>> {
    if header_name(meta.input).is_none() {
        return Ok(path(cx, meta, key, mode)?.map(Source::Body));
    }
    let value = meta.value()?;
    let call = value.span();
    value.parse::<syn::Ident>()?;
    let content;
    syn::parenthesized!(content in value);
    let name = match content.parse::<LitStr>() {
        Ok(name) if content.is_empty() => name,
        _ => {
            content.parse::<proc_macro2::TokenStream>()?;
            let example = match key {
                CURSOR => "X-Next-Cursor",
                NEXT_URL => "X-Next-Url",
                HAS_MORE => "X-Has-More",
                TOTAL_PAGES => "X-Total-Pages",
                PAGE => "X-Page",
                _ => "X-Total-Count",
            };
            cx.syn_error(syn::Error::new(
                call,
                format!(
                    "`header(..)` takes the header's name as one string: `{key} = header(\"{example}\")`"
                ),
            ));
            return Ok(None);
        }
    };
    let text = name.value();
    if text.eq_ignore_ascii_case(LINK) {
        cx.error_spanned_by(&name, link_header_instead(key, &text));
        return Ok(None);
    }
    // RFC 9110 `token`: what a field name is made of.
    let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
    if text.is_empty() || !text.chars().all(token) {
        let bad = text.chars().find(|c| !token(*c));
        let why = match bad {
            Some(c) => format!("{c:?} cannot appear in a header name"),
            None => "it is empty".to_owned(),
        };
        cx.error_spanned_by(
            &name,
            format!(
                "`{text}` is not a header name: {why} (a header name is letters, digits and \
                 !#$%&'*+-.^_`|~, as RFC 9110 defines a token)"
            ),
        );
        return Ok(None);
    }
    Ok(Some(Source::Header(name)))
}

/// The header the `link_header` strategy reads.
const LINK: &str = "Link";

/// The error for `key = header("Link")`: the `Link` header holds links (RFC 8288), not a value, and the
/// `link_header` strategy is the one that reads them.
fn link_header_instead(key: &str, text: &str) -> String {
    let instead = match key {
        CURSOR | NEXT_URL | PAGE => format!("replace `{key} = header(\"{text}\")` with `{LINK_HEADER}`"),
        _ => {
            let what = if key == HAS_MORE { "flag" } else { "count" };
            format!(
                "it holds no {what}: remove `{key} = header(\"{text}\")` (with `{LINK_HEADER}`, the walk \
                 stops when no `rel=\"next\"` link is left)"
            )
        }
    };
    format!(
        "`{text}` is the RFC 8288 header of links (`<https://...?page=2>; rel=\"next\", ...`), which \
         only the `{LINK_HEADER}` strategy reads: {instead}"
    )
}

/// Whether `input` starts with `header(...)`.
fn is_header_call(input: ParseStream) -> bool {
    let fork = input.fork();
    fork.parse::<syn::Ident>().is_ok_and(|ident| ident == HEADER) && fork.peek(syn::token::Paren)
}

/// The header name of a `key = header("...")` entry about to be parsed (as written, for messages).
fn header_name(input: ParseStream) -> Option<String> {
    let fork = input.fork();
    fork.parse::<Token![=]>().ok()?;
    if !is_header_call(&fork) {
        return None;
    }
    fork.parse::<syn::Ident>().ok()?;
    let name = (|| -> syn::Result<String> {
        let content;
        syn::parenthesized!(content in fork);
        content.parse::<LitStr>().map(|name| name.value())
    })();
    Some(name.unwrap_or_else(|_| "..".to_owned()))
}

fn path(cx: &Ctxt, meta: &ParseNestedMeta, key: &str, mode: Mode) -> syn::Result<Option<FieldPath>> {
    let example = format!("{key} = \"pagination.{key}\"");
    let Some(lit) = string(cx, meta, key, &example)? else {
        return Ok(None);
    };
    let parsed = FieldPath::parse(&lit, key, mode).and_then(|path| match key {
        ITEMS => items_path(path, &lit),
        _ => single(path, &lit, key),
    });
    match parsed {
        Ok(path) => Ok(Some(path)),
        Err(error) => {
            cx.syn_error(error);
            Ok(None)
        }
    }
}

/// A path to one value: `[]`, which maps over a list, is only for `items`.
fn single(path: FieldPath, lit: &LitStr, key: &str) -> syn::Result<FieldPath> {
    if path.segments.iter().any(|segment| segment.each) {
        let what = if key == KEYSET {
            "`keyset` names fields of the last item, which `items` already reaches"
        } else {
            "this key leads to one value"
        };
        return Err(syn::Error::new(
            lit.span(),
            format!(
                "`[]` maps over a list and only applies to `items` (`items = \"edges[].node\"`); {what}: \
                 remove `[]` from \"{}\"",
                path.text()
            ),
        ));
    }
    Ok(path)
}

/// An `items` path: at most one `[]`, followed by the path to the item in each element.
fn items_path(path: FieldPath, lit: &LitStr) -> syn::Result<FieldPath> {
    let mapped: Vec<usize> = (0..path.segments.len())
        .filter(|&index| path.segments[index].each)
        .collect();
    match mapped.as_slice() {
        [] => Ok(path),
        [index] if index + 1 == path.segments.len() => Err(syn::Error::new(
            lit.span(),
            format!(
                "`{0}[]` ends at the list: name the field of each element that holds the item \
                 (`{0}[].node`), or write \"{1}\" for the list itself",
                path.segments[*index].name,
                path.text().trim_end_matches("[]")
            ),
        )),
        [_] => Ok(path),
        _ => Err(syn::Error::new(
            lit.span(),
            format!(
                "`items = \"{}\"` maps over more than one list: one `[]` reaches the items of a page",
                path.text()
            ),
        )),
    }
}

fn param(cx: &Ctxt, meta: &ParseNestedMeta, key: &str) -> syn::Result<Option<LitStr>> {
    let lit = string(cx, meta, key, &format!("{key} = \"name\""))?;
    if lit.as_ref().is_some_and(|lit| lit.value().trim().is_empty()) {
        cx.error_spanned_by(&lit, format!("`{key}` must name a parameter"));
        return Ok(None);
    }
    Ok(lit)
}

fn flag(cx: &Ctxt, meta: &ParseNestedMeta, key: &str) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        cx.error_spanned_by(
            &meta.path,
            format!("`{key}` is a flag and takes no value: write `{key}`"),
        );
        skip_value(meta.input)?;
    }
    Ok(())
}

/// `key = 100`: a whole number from `min` to `u64::MAX`, with the span of the value.
fn integer(cx: &Ctxt, meta: &ParseNestedMeta, key: &str, min: u64) -> syn::Result<Option<(u64, Span)>> {
    let range = format!(
        "`{key}` takes a whole number from {min} to {} (`u64::MAX`)",
        u64::MAX
    );
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(&meta.path, format!("`{key}` needs a value: `{key} = 100`"));
        return skip_value(meta.input).map(|()| None);
    }
    let value = meta.value()?;
    if value.peek(Token![-]) {
        let minus: Token![-] = value.parse()?;
        let rest = value.fork().parse::<proc_macro2::TokenTree>().ok();
        skip_value(value)?;
        cx.error_spanned_by(
            quote::quote!(#minus #rest),
            format!("{range}, not a negative one"),
        );
        return Ok(None);
    }
    if value.peek(LitInt) {
        let lit: LitInt = value.parse()?;
        return match lit.base10_parse::<u64>() {
            Ok(number) if number >= min && lit.suffix().is_empty() => Ok(Some((number, lit.span()))),
            Ok(number) if number >= min => {
                cx.error_spanned_by(
                    &lit,
                    format!("{range}, without a type suffix: `{key} = {number}`"),
                );
                Ok(None)
            }
            Ok(_) => {
                cx.error_spanned_by(&lit, format!("{range}: `{}` is too small", lit.base10_digits()));
                Ok(None)
            }
            Err(_) => {
                cx.error_spanned_by(&lit, format!("{range}: `{}` is too large", lit.base10_digits()));
                Ok(None)
            }
        };
    }
    let start = value.span();
    skip_value(value)?;
    cx.syn_error(syn::Error::new(
        start,
        format!("expected an integer for `{key}`: `{key} = 100` ({range})"),
    ));
    Ok(None)
}

/// `item = Type` (or `item = "Type"`).
fn item_type(cx: &Ctxt, meta: &ParseNestedMeta) -> syn::Result<Option<syn::Type>> {
    if !meta.input.peek(Token![=]) {
        cx.error_spanned_by(&meta.path, "`item` needs a type: `item = User`");
        return skip_value(meta.input).map(|()| None);
    }
    let value = meta.value()?;
    if is_header_call(value) {
        let start = value.span();
        skip_value(value)?;
        cx.syn_error(syn::Error::new(start, not_a_header(ITEM)));
        return Ok(None);
    }
    if value.peek(LitStr) {
        let lit: LitStr = value.parse()?;
        return match lit.parse() {
            Ok(ty) => Ok(Some(ty)),
            Err(_) => {
                cx.error_spanned_by(&lit, format!("`{}` is not a type", lit.value()));
                Ok(None)
            }
        };
    }
    value.parse().map(Some)
}

/// In attribute text read at run time, `item = Type` or `crate = "..."`: only the derive has a Rust type
/// and generated code for them to apply to.
fn refuse_derive_only(cx: &Ctxt, meta: &ParseNestedMeta, key: &str) -> syn::Result<()> {
    let mut entry = meta.path.to_token_stream();
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        entry.extend([meta.input.parse::<TokenTree>()?]);
    }
    let why = match key {
        ITEM => {
            "`item` names the Rust type of the items, which only the derive has: at run time each item \
                 is the JSON value in the list"
        }
        _ => {
            "`crate` is the path to paginated in the derive's generated code: at run time there is no code \
              to reach it from"
        }
    };
    cx.error_spanned_by(&entry, format!("{why}; remove `{}`", tokens_text(&entry)));
    Ok(())
}

/// Consumes the rest of one `key = value` entry, up to the next top-level comma.
pub fn skip_value(input: ParseStream) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<proc_macro2::TokenTree>()?;
    }
    Ok(())
}

/// The key of an entry: the last segment of its path.
fn key_name(meta: &ParseNestedMeta) -> String {
    meta.path
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default()
}

/// The known key closest to `name`, if it is close enough to be a typo.
fn suggest(name: &str) -> Option<&'static str> {
    closest(name, ALL.iter().copied())
}
