//! What `#[paginate(...)]` says, as parsed: the keys and their values, each with where it was written.

use std::fmt;

use proc_macro2::Span;
use syn::LitStr;

use crate::path::FieldPath;

/// Where a signal is read: a path into the envelope, or a response header (`header("X-Total-Count")`,
/// its name checked to be an RFC 9110 token).
#[derive(Clone)]
pub enum Source {
    /// A path into the body: `total = "meta.total"`.
    Body(FieldPath),
    /// A response header: `total = header("X-Total-Count")`.
    Header(LitStr),
}

impl Source {
    /// The path, when the signal is read from the body.
    pub fn path(&self) -> Option<&FieldPath> {
        match self {
            Source::Body(path) => Some(path),
            Source::Header(_) => None,
        }
    }

    /// The header's name, when the signal is read from a header.
    pub fn header(&self) -> Option<String> {
        match self {
            Source::Body(_) => None,
            Source::Header(name) => Some(name.value()),
        }
    }
}

/// The strategy keys, as written.
#[derive(Clone)]
pub enum StrategyAttr {
    /// `cursor = "..."`: an opaque token sent back as a parameter.
    Cursor(Source),
    /// `next_url = "..."`: the URL of the next page.
    NextUrl(Source),
    /// `link_header`: the `rel="next"` link of the RFC 8288 `Link` header.
    LinkHeader,
    /// `offset`: the next offset is the offset plus the items received.
    Offset,
    /// `page`, or `page = "..."` where the current page number is read.
    Page(Option<Source>),
    /// `keyset = "received_at, id"`: the key read from the last item, one path per part.
    Keyset(Vec<FieldPath>),
}

/// One strategy key: what it says, its name, and where it was written.
#[derive(Clone)]
pub struct Strategy {
    /// What the key says.
    pub attr: StrategyAttr,
    /// The key's name (one of [`keys`](crate::keys)).
    pub key: &'static str,
    /// Where the key was written.
    pub span: Span,
}

/// `params_in = "..."`: where the parameters of the next request go.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamsIn {
    /// The URL's query (the default).
    Query,
    /// Members of the JSON body.
    Body,
}

/// `format = "..."`: how response bodies are decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON (the default).
    Json,
    /// XML.
    Xml,
}

/// Everything `#[paginate(...)]` says, on the struct and on its fields. Values are kept with where they
/// were written, so the checks after the parse point at them. A key given twice, or with a value in error,
/// is reported and left out.
///
/// [`to_text`](crate::to_text) writes it back as attribute text; its `Debug` form is that text.
#[derive(Clone, Default)]
pub struct Attributes {
    /// Where the attribute as a whole is: the first `#[paginate]` of a derive, or the whole text read at
    /// run time.
    pub span: Option<Span>,
    /// `items = "..."`, or the field marked `#[paginate(items)]`.
    pub items: Option<FieldPath>,
    /// `item = Type` (the derive only).
    pub item: Option<syn::Type>,
    /// Every strategy key, in the order written: the checks want exactly one.
    pub strategies: Vec<Strategy>,
    /// `has_more = ...`.
    pub has_more: Option<Source>,
    /// `total = ...`.
    pub total: Option<Source>,
    /// `total_pages = ...`.
    pub total_pages: Option<Source>,
    /// `errors = "..."`.
    pub errors: Option<FieldPath>,
    /// `carry = "..."`.
    pub carry: Option<FieldPath>,
    /// `carry_param = "..."`, as written: blanks around the name are not part of it.
    pub carry_param: Option<LitStr>,
    /// The body format, and where it was written.
    pub format: Option<(Format, LitStr)>,
    /// `cursor_param = "..."`, as written: blanks around the name are not part of it.
    pub cursor_param: Option<LitStr>,
    /// `offset_param = "..."`, as written: blanks around the name are not part of it.
    pub offset_param: Option<LitStr>,
    /// `limit_param = "..."`, as written: blanks around the name are not part of it.
    pub limit_param: Option<LitStr>,
    /// `page_param = "..."`, as written: blanks around the name are not part of it.
    pub page_param: Option<LitStr>,
    /// `per_page_param = "..."`, as written: blanks around the name are not part of it.
    pub per_page_param: Option<LitStr>,
    /// `keyset_param = "..."`: the names (trimmed, none empty), and where they were written.
    pub keyset_param: Option<(Vec<String>, LitStr)>,
    /// `max_page_size = ...` (at least 1).
    pub max_page_size: Option<u64>,
    /// `cap = ...` (at least 1).
    pub cap: Option<u64>,
    /// The first page number, and where it was written.
    pub first_page: Option<(u64, Span)>,
    /// `params_in = "..."`.
    pub params_in: Option<ParamsIn>,
    /// `crate = "..."`: the path to the facade, and where it was written (the derive only).
    pub krate: Option<(syn::Path, Span)>,
    /// The keys declared so far, each with how it was declared, to report a key declared twice.
    pub(crate) declared: Vec<Declared>,
}

impl Attributes {
    /// The strategy: the first strategy key written ([`check_strategy`](crate::check_strategy) reports
    /// any other).
    pub fn strategy(&self) -> Option<&Strategy> {
        self.strategies.first()
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Attributes").field(&crate::to_text(self)).finish()
    }
}

/// One declared key: how it was written, and whether it names a header.
#[derive(Clone)]
pub(crate) struct Declared {
    pub key: &'static str,
    pub how: String,
    pub header: bool,
}
