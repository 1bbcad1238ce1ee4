//! The conventions of well-known APIs, as one table: what in a first response shows each, and what the
//! next request then sends. Detection consults it where the exchange itself cannot say, chiefly for
//! the name under which a cursor goes back: the first request carries no cursor yet.

use serde_json::Value;

use super::body::Document;
use super::signals::Member;

/// A convention of a well-known API.
///
/// ```
/// use paginated_cli::CONVENTIONS;
/// let google = CONVENTIONS.iter().find(|row| row.api.starts_with("Google APIs (AIP-158)")).unwrap();
/// assert_eq!(google.shows, "`nextPageToken`");
/// assert_eq!(google.gives, r#"`cursor_param = "pageToken"`, `limit_param = "pageSize"`"#);
/// ```
#[derive(Debug)]
pub struct Convention {
    /// Who follows it.
    pub api: &'static str,
    /// What in the first response shows it.
    pub shows: &'static str,
    /// What it gives the attribute.
    pub gives: &'static str,
    pub(crate) rule: Rule,
}

/// The machine-readable part of a [`Convention`].
#[derive(Debug)]
pub(crate) enum Rule {
    /// A cursor member goes back under another name.
    Cursor(CursorRule),
    /// A cursor in one of `headers` goes back as `param`.
    HeaderCursor {
        headers: &'static [&'static str],
        param: &'static str,
    },
    /// A next URL member, recognised on a last page, where it is absent, by all of `witnesses`.
    NextUrl {
        member: &'static str,
        witnesses: &'static [&'static str],
    },
    /// A response shape that is a keyset or offset walk.
    Shape(Shape),
    /// Slack's `"ok": true`: errors come in successful answers, as `error`.
    SlackErrors,
    /// GraphQL: the cursor goes back as a variable of the query, in the body; errors come as `errors`.
    GraphQl,
    /// A value each answer carries that the next request sends back.
    Carry {
        member: &'static str,
        param: &'static str,
    },
}

/// A cursor member named exactly `member` goes back as `param`.
#[derive(Debug)]
pub(crate) struct CursorRule {
    pub(crate) member: &'static str,
    pub(crate) param: &'static str,
    /// The page size parameter of the same API.
    pub(crate) size: Option<&'static str>,
    /// Whether the parameters travel in the JSON body.
    pub(crate) body: bool,
    /// The XML root element the rule is limited to.
    pub(crate) root: Option<&'static str>,
    /// A top-level member and its text the rule needs beside the cursor.
    pub(crate) beside: Option<(&'static str, &'static str)>,
    /// What the cursor's value must be.
    pub(crate) value: CursorValue,
    /// A top-level member that shows the convention on a last page, where the cursor is absent.
    pub(crate) witness: Option<&'static str>,
}

/// What a [`CursorRule`]'s cursor holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CursorValue {
    Any,
    Text,
    Number,
}

/// Response shapes read as a keyset or offset walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Stripe's list object.
    StripeList,
    /// Elasticsearch hits with `sort` values.
    SortedHits,
    /// Elasticsearch hits without them.
    Hits,
    /// S3's original `ListObjects`, without a delimiter.
    S3ListV1,
}

const fn cursor(member: &'static str, param: &'static str) -> CursorRule {
    CursorRule {
        member,
        param,
        size: None,
        body: false,
        root: None,
        beside: None,
        value: CursorValue::Any,
        witness: None,
    }
}

/// The known conventions, most specific first: the first row that fits applies.
pub const CONVENTIONS: &[Convention] = &[
    Convention {
        api: "Notion",
        shows: "`next_cursor` beside `\"object\": \"list\"`",
        gives: r#"`cursor_param = "start_cursor"`, `limit_param = "page_size"`"#,
        rule: Rule::Cursor(CursorRule {
            size: Some("page_size"),
            beside: Some(("object", "list")),
            ..cursor("next_cursor", "start_cursor")
        }),
    },
    Convention {
        api: "Slack, Airclou, Attio and most cursor APIs",
        shows: "`next_cursor`",
        gives: r#"`cursor_param = "cursor"` (the derive's default)"#,
        rule: Rule::Cursor(cursor("next_cursor", "cursor")),
    },
    Convention {
        api: "Google APIs (AIP-158)",
        shows: "`nextPageToken`",
        gives: r#"`cursor_param = "pageToken"`, `limit_param = "pageSize"`"#,
        rule: Rule::Cursor(CursorRule {
            size: Some("pageSize"),
            ..cursor("nextPageToken", "pageToken")
        }),
    },
    Convention {
        api: "Google APIs, proto field names",
        shows: "`next_page_token`",
        gives: r#"`cursor_param = "page_token"`, `limit_param = "page_size"`"#,
        rule: Rule::Cursor(CursorRule {
            size: Some("page_size"),
            ..cursor("next_page_token", "page_token")
        }),
    },
    Convention {
        api: "AWS JSON APIs",
        shows: "`NextToken`",
        gives: r#"`cursor_param = "NextToken"`"#,
        rule: Rule::Cursor(cursor("NextToken", "NextToken")),
    },
    Convention {
        api: "AWS REST APIs",
        shows: "`nextToken`",
        gives: r#"`cursor_param = "nextToken"`"#,
        rule: Rule::Cursor(cursor("nextToken", "nextToken")),
    },
    Convention {
        api: "Amazon S3 `ListObjectsV2`",
        shows: "`NextContinuationToken`, or `KeyCount` on a last page",
        gives: r#"`cursor_param = "continuation-token"`, `limit_param = "max-keys"`"#,
        rule: Rule::Cursor(CursorRule {
            size: Some("max-keys"),
            root: Some("ListBucketResult"),
            witness: Some("KeyCount"),
            ..cursor("NextContinuationToken", "continuation-token")
        }),
    },
    Convention {
        api: "Amazon S3 `ListObjects` with a delimiter",
        shows: "`NextMarker` in `ListBucketResult`",
        gives: r#"`cursor_param = "marker"`, `limit_param = "max-keys"`"#,
        rule: Rule::Cursor(CursorRule {
            size: Some("max-keys"),
            root: Some("ListBucketResult"),
            ..cursor("NextMarker", "marker")
        }),
    },
    Convention {
        api: "Azure Blob Storage",
        shows: "`NextMarker` in `EnumerationResults`",
        gives: r#"`cursor_param = "marker"`, `limit_param = "maxresults"`"#,
        rule: Rule::Cursor(CursorRule {
            size: Some("maxresults"),
            root: Some("EnumerationResults"),
            ..cursor("NextMarker", "marker")
        }),
    },
    Convention {
        api: "Amazon DynamoDB",
        shows: "`LastEvaluatedKey`, or `ScannedCount` on a last page",
        gives: r#"`cursor_param = "ExclusiveStartKey"`, `limit_param = "Limit"`, `params_in = "body"`"#,
        rule: Rule::Cursor(CursorRule {
            size: Some("Limit"),
            body: true,
            witness: Some("ScannedCount"),
            ..cursor("LastEvaluatedKey", "ExclusiveStartKey")
        }),
    },
    Convention {
        api: "Relay-style connections outside GraphQL",
        shows: "`endCursor`",
        gives: r#"`cursor_param = "after"`"#,
        rule: Rule::Cursor(cursor("endCursor", "after")),
    },
    Convention {
        api: "Oxide (dropshot)",
        shows: "`next_page` holding a token",
        gives: r#"`cursor_param = "page_token"`"#,
        rule: Rule::Cursor(CursorRule {
            value: CursorValue::Text,
            ..cursor("next_page", "page_token")
        }),
    },
    Convention {
        api: "APIs that give the next page number",
        shows: "`next_page` holding a number",
        gives: r#"`cursor_param = "page"`"#,
        rule: Rule::Cursor(CursorRule {
            value: CursorValue::Number,
            ..cursor("next_page", "page")
        }),
    },
    Convention {
        api: "APIs that give the next page number, camelCase",
        shows: "`nextPage` holding a number",
        gives: r#"`cursor_param = "page"`"#,
        rule: Rule::Cursor(CursorRule {
            value: CursorValue::Number,
            ..cursor("nextPage", "page")
        }),
    },
    Convention {
        api: "Facebook Graph API",
        shows: "`paging.cursors.after`",
        gives: r#"`cursor_param = "after"`"#,
        rule: Rule::Cursor(cursor("after", "after")),
    },
    Convention {
        api: "GitLab",
        shows: "header `X-Next-Page`",
        gives: r#"`cursor_param = "page"`"#,
        rule: Rule::HeaderCursor {
            headers: &["X-Next-Page"],
            param: "page",
        },
    },
    Convention {
        api: "Cursor headers",
        shows: "header `X-Next-Cursor` or `X-Next-Token`",
        gives: r#"`cursor_param = "cursor"` (the derive's default)"#,
        rule: Rule::HeaderCursor {
            headers: &["X-Next-Cursor", "X-Next-Token"],
            param: "cursor",
        },
    },
    Convention {
        api: "OData, Microsoft Graph",
        shows: "`@odata.nextLink`, or `@odata.context` on a last page",
        gives: r#"`next_url = "'@odata.nextLink'"`"#,
        rule: Rule::NextUrl {
            member: "@odata.nextLink",
            witnesses: &["@odata.context"],
        },
    },
    Convention {
        api: "Salesforce",
        shows: "`nextRecordsUrl`, or `done` with `totalSize` on a last page",
        gives: r#"`next_url = "nextRecordsUrl"`"#,
        rule: Rule::NextUrl {
            member: "nextRecordsUrl",
            witnesses: &["done", "totalSize"],
        },
    },
    Convention {
        api: "Stripe",
        shows: "`\"object\": \"list\"` with `has_more`, items with an `id`",
        gives: r#"`keyset = "id"`, `keyset_param = "starting_after"`"#,
        rule: Rule::Shape(Shape::StripeList),
    },
    Convention {
        api: "Elasticsearch, OpenSearch (`search_after`)",
        shows: "`hits.hits` whose hits carry `sort` values",
        gives: r#"`keyset = "sort"`, `keyset_param = "search_after"`, `limit_param = "size"`"#,
        rule: Rule::Shape(Shape::SortedHits),
    },
    Convention {
        api: "Elasticsearch, OpenSearch (`from`/`size`)",
        shows: "`hits.hits` without `sort` values",
        gives: r#"`offset`, `offset_param = "from"`, `limit_param = "size"`"#,
        rule: Rule::Shape(Shape::Hits),
    },
    Convention {
        api: "Elasticsearch point in time",
        shows: "`pit_id`",
        gives: r#"`carry = "pit_id"`, `carry_param = "pit.id"`"#,
        rule: Rule::Carry {
            member: "pit_id",
            param: "pit.id",
        },
    },
    Convention {
        api: "Amazon S3 `ListObjects`",
        shows: "`ListBucketResult` with `Marker` and no `NextMarker`",
        gives: r#"`keyset = "Key"`, `keyset_param = "marker"`, `limit_param = "max-keys"`"#,
        rule: Rule::Shape(Shape::S3ListV1),
    },
    Convention {
        api: "Slack",
        shows: "`\"ok\": true`",
        gives: r#"`errors = "error"`"#,
        rule: Rule::SlackErrors,
    },
    Convention {
        api: "GraphQL",
        shows: "a request body with `query`, a `pageInfo` with `endCursor`",
        gives: r#"`errors = "errors"`, `cursor_param = "variables.<the after variable>"`, `params_in = "body"`"#,
        rule: Rule::GraphQl,
    },
];

/// The convention that names the request parameter of cursor `member`, if one fits.
pub(crate) fn for_cursor(
    member: &Member<'_>,
    document: &Document,
) -> Option<(&'static Convention, &'static CursorRule)> {
    let name = member.path.name()?;
    CONVENTIONS.iter().find_map(|convention| match &convention.rule {
        Rule::Cursor(rule) if rule.member == name && rule_fits(rule, member.value, document) => {
            Some((convention, rule))
        }
        _ => None,
    })
}

fn rule_fits(rule: &CursorRule, value: &Value, document: &Document) -> bool {
    let value_fits = match rule.value {
        CursorValue::Any => true,
        CursorValue::Text => value.is_string() || value.is_null(),
        CursorValue::Number => value.is_u64(),
    };
    value_fits
        && rule
            .root
            .is_none_or(|root| document.xml_root.as_deref() == Some(root))
        && rule
            .beside
            .is_none_or(|(name, text)| document.root.get(name).and_then(Value::as_str) == Some(text))
}

/// The convention that names the request parameter of the cursor in `header`.
pub(crate) fn for_header(header: &str) -> Option<(&'static Convention, &'static str)> {
    CONVENTIONS.iter().find_map(|convention| match convention.rule {
        Rule::HeaderCursor { headers, param }
            if headers.iter().any(|name| name.eq_ignore_ascii_case(header)) =>
        {
            Some((convention, param))
        }
        _ => None,
    })
}

/// A convention whose position signal is absent from this last page, shown by its witnesses: the
/// cursor or next URL member it would have had.
pub(crate) fn witnessed(document: &Document) -> Option<(&'static Convention, &'static str)> {
    let has = |name: &str| document.root.get(name).is_some();
    CONVENTIONS.iter().find_map(|convention| match &convention.rule {
        Rule::Cursor(rule) => {
            let witness = rule.witness?;
            let fits = has(witness)
                && !has(rule.member)
                && rule
                    .root
                    .is_none_or(|root| document.xml_root.as_deref() == Some(root));
            fits.then_some((convention, rule.member))
        }
        Rule::NextUrl { member, witnesses } => {
            let fits = !has(member) && witnesses.iter().all(|witness| has(witness));
            fits.then_some((convention, *member))
        }
        _ => None,
    })
}

/// The convention of a shape, if the response has one of them.
pub(crate) fn shape(matches: impl Fn(Shape) -> bool) -> Option<(&'static Convention, Shape)> {
    CONVENTIONS.iter().find_map(|convention| match convention.rule {
        Rule::Shape(shape) if matches(shape) => Some((convention, shape)),
        _ => None,
    })
}

/// The row of a rule without parameters (Slack's errors, GraphQL).
pub(crate) fn row(matches: impl Fn(&Rule) -> bool) -> &'static Convention {
    CONVENTIONS
        .iter()
        .find(|convention| matches(&convention.rule))
        .expect("the table has a row for every rule detection applies")
}

/// The carried value, if the response has one: its member and parameter.
pub(crate) fn carry(document: &Document) -> Option<(&'static Convention, &'static str, &'static str)> {
    CONVENTIONS.iter().find_map(|convention| match convention.rule {
        Rule::Carry { member, param } if document.root.get(member).is_some_and(Value::is_string) => {
            Some((convention, member, param))
        }
        _ => None,
    })
}
