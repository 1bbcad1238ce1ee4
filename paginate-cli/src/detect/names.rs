//! The vocabulary of detection: which member names, header names and request parameters mean what.
//!
//! Member names are compared *normalized*: ASCII letters and digits only, lowercased, so
//! `next_cursor`, `nextCursor` and `NextCursor` are one name, and `@odata.nextLink` is `odatanextlink`.
//! Request parameters are compared exactly: the next request must send the very name.

/// What a member of the body may say about pagination, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// The URL of the next page (`next_page_url`, `@odata.nextLink`).
    NextUrl,
    /// An opaque position to send back (`next_cursor`, `nextPageToken`, `LastEvaluatedKey`).
    Cursor,
    /// `next`, `next_page`: a next URL when the value is one, a cursor otherwise.
    Next,
    /// Whether more items follow (`has_more`, `hasNextPage`, `IsTruncated`).
    HasMore,
    /// How many items there are in all (`total`, `totalCount`, `totalSize`).
    Total,
    /// How many pages there are in all (`totalPages`, `last_page`).
    TotalPages,
    /// The page number the API echoes (`page`, `current_page`).
    Page,
    /// The offset the API echoes (`offset`, `skip`, `startAt`).
    Offset,
    /// The page size the API echoes (`pageSize`, `per_page`, `limit`): a hint at the parameter's name.
    Size,
    /// Elasticsearch's scroll id, whose next page lives at another endpoint.
    ScrollId,
}

/// `name` with only its ASCII letters and digits, lowercased.
pub(crate) fn normalize(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// The role of a member named `name` inside a member named `parent`, if its name gives it one.
pub(crate) fn role(name: &str, parent: Option<&str>) -> Option<Role> {
    let name = normalize(name);
    let name = name.as_str();
    let next = name.contains("next");
    if next
        && ["url", "uri", "link", "href"]
            .iter()
            .any(|end| name.ends_with(end))
    {
        return Some(Role::NextUrl);
    }
    if next
        && ["cursor", "token", "marker", "key"]
            .iter()
            .any(|part| name.contains(part))
    {
        return Some(Role::Cursor);
    }
    // Facebook's `paging.cursors.after`: only inside `cursors` is `after` a position.
    if name == "after" && parent.is_some_and(|parent| normalize(parent) == "cursors") {
        return Some(Role::Cursor);
    }
    let role = match name {
        "next" | "nextpage" => Role::Next,
        "cursor" | "endcursor" | "lastevaluatedkey" | "lastkey" | "continuationtoken" | "continuation" => {
            Role::Cursor
        }
        "scrollid" => Role::ScrollId,
        "hasmore" | "hasnextpage" | "hasnext" | "more" | "istruncated" | "hasmoreitems"
        | "hasmoreresults" | "moreavailable" | "hasmorepages" => Role::HasMore,
        "total" | "totalcount" | "totalsize" | "totalitems" | "totalresults" | "totalelements"
        | "totalrecords" | "totalentries" | "totalhits" | "odatacount" => Role::Total,
        "totalpages" | "pagecount" | "numpages" | "lastpage" | "pagestotal" => Role::TotalPages,
        "page" | "currentpage" | "pagenumber" | "pageno" | "pagenum" => Role::Page,
        "offset" | "skip" | "startat" => Role::Offset,
        "limit" | "perpage" | "pagesize" | "maxresults" | "maxkeys" | "top" | "pagelen" | "maxitems" => {
            Role::Size
        }
        _ => return None,
    };
    Some(role)
}

/// Response headers with a role, as their documentation writes them (lookups ignore case).
pub(crate) const HEADERS: &[(&str, Role)] = &[
    ("X-Next-Cursor", Role::Cursor),
    ("X-Next-Token", Role::Cursor),
    ("X-Next-Page", Role::Cursor),
    ("X-Has-More", Role::HasMore),
    ("X-Total-Count", Role::Total),
    ("X-Total", Role::Total),
    ("X-WP-Total", Role::Total),
    ("X-Pagination-Total-Count", Role::Total),
    ("X-Total-Pages", Role::TotalPages),
    ("X-WP-TotalPages", Role::TotalPages),
    ("X-Pagination-Page-Count", Role::TotalPages),
    ("X-Page", Role::Page),
    ("X-Current-Page", Role::Page),
    ("X-Pagination-Current-Page", Role::Page),
];

/// Request parameters that carry a page number.
pub(crate) const PAGE_PARAMS: &[&str] = &["page", "_page", "pageNumber", "page_number", "pageNo"];

/// Request parameters that carry an offset. `from` only in a JSON body (Elasticsearch): in a query it
/// is as often the start of a time range (Aircall's `from`/`to`).
pub(crate) const OFFSET_PARAMS: &[&str] = &[
    "offset",
    "skip",
    "$skip",
    "start",
    "_start",
    "startAt",
    "startIndex",
];
pub(crate) const BODY_OFFSET_PARAMS: &[&str] = &["from"];

/// Request parameters that carry a page size.
pub(crate) const SIZE_PARAMS: &[&str] = &[
    "limit",
    "per_page",
    "perPage",
    "page_size",
    "pageSize",
    "size",
    "_limit",
    "maxResults",
    "max_results",
    "max-keys",
    "maxresults",
    "MaxResults",
    "$top",
    "top",
    "Limit",
    "MaxItems",
    "maxItems",
    "pagelen",
];

/// Request parameters that carry a cursor.
pub(crate) const CURSOR_PARAMS: &[&str] = &[
    "cursor",
    "after",
    "page_token",
    "pageToken",
    "nextPageToken",
    "continuation-token",
    "continuationToken",
    "marker",
    "starting_after",
    "start_cursor",
    "next_token",
    "NextToken",
    "nextToken",
    "ExclusiveStartKey",
    "start_key",
    "search_after",
];

/// Names under which APIs put their items, compared ignoring case. Only consulted when no list of
/// objects shows itself (an empty page, a list of numbers).
pub(crate) const ITEMS_NAMES: &[&str] = &[
    "data",
    "items",
    "results",
    "value",
    "values",
    "records",
    "entries",
    "elements",
    "hits",
    "nodes",
    "list",
    "rows",
    "objects",
    "resources",
    "content",
    "docs",
    "contents",
    "blob",
    "item",
];

/// Lists that never hold the items.
pub(crate) const NOT_ITEMS: &[&str] = &["errors", "warnings"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_in_any_case_and_style() {
        for name in [
            "next_cursor",
            "nextCursor",
            "NextCursor",
            "nextPageToken",
            "NextContinuationToken",
            "NextMarker",
            "LastEvaluatedKey",
            "endCursor",
            "last_key",
        ] {
            assert_eq!(role(name, None), Some(Role::Cursor), "{name}");
        }
        for name in [
            "@odata.nextLink",
            "nextLink",
            "next_page_url",
            "next_page_link",
            "nextRecordsUrl",
            "next_href",
        ] {
            assert_eq!(role(name, None), Some(Role::NextUrl), "{name}");
        }
        for name in ["has_more", "hasMore", "hasNextPage", "IsTruncated"] {
            assert_eq!(role(name, None), Some(Role::HasMore), "{name}");
        }
        assert_eq!(role("next", None), Some(Role::Next));
        assert_eq!(role("next_page", None), Some(Role::Next));
        assert_eq!(role("total_count", None), Some(Role::Total));
        assert_eq!(role("@odata.count", None), Some(Role::Total));
        assert_eq!(role("totalPages", None), Some(Role::TotalPages));
        assert_eq!(role("last_page", None), Some(Role::TotalPages));
        assert_eq!(role("_scroll_id", None), Some(Role::ScrollId));
    }

    #[test]
    fn previous_and_unrelated_names_have_no_role() {
        for name in [
            "previous_page_link",
            "prev",
            "hasPreviousPage",
            "startCursor",
            "url",
            "request_id",
            "count",
            "object",
            "after",
        ] {
            assert_eq!(role(name, None), None, "{name}");
        }
        assert_eq!(role("after", Some("cursors")), Some(Role::Cursor));
    }
}
