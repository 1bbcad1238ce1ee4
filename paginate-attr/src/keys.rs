//! The keys of `#[paginate(...)]` and the other words of its grammar, as named constants.

/// The attribute's name: `#[paginate(...)]`.
pub const PAGINATE: &str = "paginate";

/// `items = "data"`: where the items of a page are.
pub const ITEMS: &str = "items";
/// `item = User`: the type of one item (the derive only).
pub const ITEM: &str = "item";

/// `cursor = "meta.next"`: the cursor strategy, and where the next cursor is read.
pub const CURSOR: &str = "cursor";
/// `next_url = "links.next"`: the next-URL strategy, and where the next URL is read.
pub const NEXT_URL: &str = "next_url";
/// `link_header`: the strategy that follows the RFC 8288 `Link` header.
pub const LINK_HEADER: &str = "link_header";
/// `offset`: the offset/limit strategy.
pub const OFFSET: &str = "offset";
/// `page` or `page = "current"`: the page-number strategy.
pub const PAGE: &str = "page";
/// `keyset = "received_at, id"`: the keyset strategy, and the fields of the last item it reads.
pub const KEYSET: &str = "keyset";

/// `has_more = "has_more"`: the flag that says another page follows.
pub const HAS_MORE: &str = "has_more";
/// `total = "total"`: the number of items of the whole walk.
pub const TOTAL: &str = "total";
/// `total_pages = "pages"`: the number of pages of the whole walk.
pub const TOTAL_PAGES: &str = "total_pages";
/// `errors = "errors"`: the errors an API reports beside a page (GraphQL's `errors`).
pub const ERRORS: &str = "errors";
/// `carry = "pit_id"`: a value sent back with the next request.
pub const CARRY: &str = "carry";

/// `cursor_param = "after"`: the request parameter the cursor is sent as.
pub const CURSOR_PARAM: &str = "cursor_param";
/// `offset_param = "skip"`: the request parameter of the offset.
pub const OFFSET_PARAM: &str = "offset_param";
/// `limit_param = "take"`: the request parameter of the page size (offset walks).
pub const LIMIT_PARAM: &str = "limit_param";
/// `page_param = "p"`: the request parameter of the page number.
pub const PAGE_PARAM: &str = "page_param";
/// `per_page_param = "size"`: the request parameter of the page size (page walks).
pub const PER_PAGE_PARAM: &str = "per_page_param";
/// `keyset_param = "after_ts, after_id"`: the request parameters of the key.
pub const KEYSET_PARAM: &str = "keyset_param";
/// `max_page_size = 100`: the largest page size the API accepts.
pub const MAX_PAGE_SIZE: &str = "max_page_size";
/// `cap = 10000`: the most records one query can reach; pages past it are not served.
pub const CAP: &str = "cap";
/// `first_page = 0`: the number of the first page.
pub const FIRST_PAGE: &str = "first_page";
/// `params_in = "body"`: where the parameters go, the query or a JSON body.
pub const PARAMS_IN: &str = "params_in";
/// `carry_param = "pit.id"`: the parameter a `carry` value is sent back as.
pub const CARRY_PARAM: &str = "carry_param";
/// `format = "xml"`: how response bodies are decoded.
pub const FORMAT: &str = "format";
/// `crate = "my_sdk::paginated"`: the path to the facade in generated code (the derive only).
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

/// The keys that only make sense for a Rust type: refused in attribute text read at run time.
pub const DERIVE_ONLY: &[&str] = &[ITEM, CRATE];
