//! Attribute text read at run time (`--paginate 'cursor = "meta.next", items = "data"'`): the same
//! grammar, parse and checks as the derive's, with paths naming JSON members, and every error located by
//! its bytes in the text.

use std::fmt;
use std::ops::Range;

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::parse::Parser;

use crate::check::{check_strategy, check_strategy_options};
use crate::ctxt::Ctxt;
use crate::keys::PAGINATE;
use crate::model::Attributes;
use crate::path::Mode;

/// One error in attribute text: the message the derive gives for the same mistake, and the bytes of the
/// text it points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// What is wrong, and how to write it instead.
    pub message: String,
    /// The bytes of the text the error is about: the key, the value, or the whole entry; an empty range at
    /// the end of the text when the text ends too early.
    pub range: Range<usize>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Diagnostic {}

/// Parses and checks attribute text, the inside of `#[paginate(...)]` (or the whole attribute), read at
/// run time: paths name JSON members (a member that is no Rust identifier is written in single quotes: `"'@odata.nextLink'"`), and
/// `item` and `crate`, which only mean something to the derive, are refused. Every key has its derive
/// meaning, and every mistake the derive's message; all of them are reported, each at its bytes in
/// `text`.
///
/// ```
/// use paginated_attr::{parse_str, StrategyAttr};
///
/// let attrs = parse_str(r#"cursor = "meta.'next-page'", items = "data[].node""#).unwrap();
/// let Some(StrategyAttr::Cursor(cursor)) = attrs.strategy().map(|strategy| &strategy.attr) else {
///     unreachable!()
/// };
/// let names: Vec<String> = cursor.path().unwrap().segments.iter().map(|segment| segment.name.json()).collect();
/// assert_eq!(names, ["meta", "next-page"]);
///
/// let text = r#"curosr = "next", items = "data""#;
/// let errors = parse_str(text).unwrap_err();
/// assert_eq!(errors[0].message, "unknown `paginate` key `curosr`; did you mean `cursor`?");
/// assert_eq!(&text[errors[0].range.clone()], "curosr");
/// ```
pub fn parse_str(text: &str) -> Result<Attributes, Vec<Diagnostic>> {
    let tokens: TokenStream = match text.parse() {
        Ok(tokens) => tokens,
        Err(error) => {
            let at = error.span().byte_range().start;
            return Err(vec![Diagnostic {
                message: "not attribute text: an unclosed string or bracket, or a character that has no \
                          place here; write `key = \"value\"` entries separated by commas, every string in \
                          double quotes (`items = \"data\"`)"
                    .to_owned(),
                range: at..text.len().max(at),
            }]);
        }
    };
    let tokens = inside_attribute(tokens);
    let whole = whole_span(&tokens);
    let cx = Ctxt::default();
    let mut attrs = Attributes {
        span: Some(whole),
        ..Attributes::default()
    };
    let parsed = syn::meta::parser(|meta| attrs.parse_key(&cx, &meta, Mode::Runtime)).parse2(tokens);
    if let Err(error) = parsed {
        cx.syn_error(error);
    }
    if let Some(strategy) = check_strategy(&cx, &attrs, whole) {
        check_strategy_options(&cx, &attrs, strategy);
    }
    let errors = cx.into_errors();
    if errors.is_empty() {
        return Ok(attrs);
    }
    Err(errors
        .into_iter()
        .flatten()
        .map(|error| Diagnostic {
            message: error.to_string(),
            range: range(text, error.span()),
        })
        .collect())
}

/// The tokens inside `#[paginate(...)]` when `tokens` are that attribute, as `--explain` prints it; else
/// `tokens`.
fn inside_attribute(tokens: TokenStream) -> TokenStream {
    let mut trees = tokens.clone().into_iter();
    let (Some(TokenTree::Punct(pound)), Some(TokenTree::Group(brackets)), None) =
        (trees.next(), trees.next(), trees.next())
    else {
        return tokens;
    };
    if pound.as_char() != '#' || brackets.delimiter() != Delimiter::Bracket {
        return tokens;
    }
    let mut inside = brackets.stream().into_iter();
    match (inside.next(), inside.next(), inside.next()) {
        (Some(TokenTree::Ident(name)), Some(TokenTree::Group(list)), None)
            if name == PAGINATE && list.delimiter() == Delimiter::Parenthesis =>
        {
            list.stream()
        }
        _ => tokens,
    }
}

/// From the first token to the last; the call site for no token.
fn whole_span(tokens: &TokenStream) -> Span {
    let mut spans = tokens.clone().into_iter().map(|token| token.span());
    let Some(first) = spans.next() else {
        return Span::call_site();
    };
    let last = spans.last().unwrap_or(first);
    first.join(last).unwrap_or(first)
}

/// The bytes of `text` at `span`. Only the end of the input has no token to point at (syn reports it at
/// the call site): an empty range after the last character but blanks.
fn range(text: &str, span: Span) -> Range<usize> {
    let range = span.byte_range();
    if range.is_empty() && range.start == 0 {
        let end = text.trim_end().len();
        return end..end;
    }
    range
}
