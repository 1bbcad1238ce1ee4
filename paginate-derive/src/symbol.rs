//! The keys of `#[paginate(...)]`, as named constants.

pub const PAGINATE: &str = "paginate";

pub const ITEMS: &str = "items";
pub const ITEM: &str = "item";

pub const CURSOR: &str = "cursor";
pub const NEXT_URL: &str = "next_url";
pub const LINK_HEADER: &str = "link_header";
pub const OFFSET: &str = "offset";
pub const PAGE: &str = "page";
pub const KEYSET: &str = "keyset";

pub const HAS_MORE: &str = "has_more";
pub const TOTAL: &str = "total";
pub const TOTAL_PAGES: &str = "total_pages";
pub const ERRORS: &str = "errors";
pub const CARRY: &str = "carry";

pub const CURSOR_PARAM: &str = "cursor_param";
pub const OFFSET_PARAM: &str = "offset_param";
pub const LIMIT_PARAM: &str = "limit_param";
pub const PAGE_PARAM: &str = "page_param";
pub const PER_PAGE_PARAM: &str = "per_page_param";
pub const KEYSET_PARAM: &str = "keyset_param";
pub const MAX_PAGE_SIZE: &str = "max_page_size";
pub const CAP: &str = "cap";
pub const FIRST_PAGE: &str = "first_page";
pub const PARAMS_IN: &str = "params_in";
pub const CARRY_PARAM: &str = "carry_param";
pub const FORMAT: &str = "format";
pub const CRATE: &str = "crate";

/// `total = header("X-Total-Count")`: a signal read from a response header.
pub const HEADER: &str = "header";

/// The keys that may also be written on a field (`#[paginate(cursor)] next: Option<String>`): those whose
/// value is a path into the envelope. (`keyset` names fields of the items, not of the envelope.)
pub const FIELD_KEYS: &[&str] = &[
    ITEMS,
    CURSOR,
    NEXT_URL,
    PAGE,
    HAS_MORE,
    TOTAL,
    TOTAL_PAGES,
    ERRORS,
    CARRY,
];

/// Every key, for "did you mean" suggestions.
pub const ALL: &[&str] = &[
    ITEMS,
    ITEM,
    CURSOR,
    NEXT_URL,
    LINK_HEADER,
    OFFSET,
    PAGE,
    KEYSET,
    HAS_MORE,
    TOTAL,
    TOTAL_PAGES,
    ERRORS,
    CARRY,
    CURSOR_PARAM,
    OFFSET_PARAM,
    LIMIT_PARAM,
    PAGE_PARAM,
    PER_PAGE_PARAM,
    KEYSET_PARAM,
    MAX_PAGE_SIZE,
    CAP,
    FIRST_PAGE,
    PARAMS_IN,
    CARRY_PARAM,
    FORMAT,
    CRATE,
];
