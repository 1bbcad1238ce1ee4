//! The readings of an exchange: what leads to the next page. Response-side signals come first (a
//! `Link` header, a next URL or a cursor in the body, a cursor header); signals that agree are one
//! reading (a cursor that the next URL carries, a `Link` and a body URL to the same place). Without
//! any, a known convention's shape, then the request's page or offset parameter, or the ones the API
//! echoes; without those, a single page.

use paginated_core::next_link;
use serde_json::Value;
use url::Url;

use super::body::Document;
use super::conventions::{self, Convention, Shape};
use super::exchange::Exchange;
use super::items::Items;
use super::names::{Role, BODY_OFFSET_PARAMS, OFFSET_PARAMS, PAGE_PARAMS};
use super::path::Path;
use super::request::{Param, Request};
use super::signals::{count, flag, Found, Header, Member};

/// One reading of what leads to the next page.
#[derive(Clone, Debug)]
pub(crate) enum Lead<'f, 'a> {
    /// The `Link` header: its `rel="next"` target, or none on a last page that has other relations.
    Link { next: Option<Url> },
    /// A next URL in the body, resolved against the request's URL (none when absent).
    NextUrl {
        member: &'f Member<'a>,
        next: Option<Url>,
    },
    /// A cursor in the body.
    Cursor(&'f Member<'a>),
    /// A cursor in a header.
    HeaderCursor(Header<'a>),
    /// A convention's cursor or next URL member, absent from this last page.
    Witnessed {
        convention: &'static Convention,
        member: &'static str,
    },
    /// A convention's shape.
    Shape {
        convention: &'static Convention,
        shape: Shape,
    },
    /// A page number: the request's parameter or the API's echo.
    Page(Position<'f, 'a>),
    /// An offset: the request's parameter or the API's echo.
    Offset(Position<'f, 'a>),
    /// No signal at all.
    Single,
}

/// Where a page number or offset shows itself; nowhere (all `None`) in one of two readings of an
/// answer that says more items follow and not how to ask for them.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Position<'f, 'a> {
    /// The request sends it.
    pub(crate) request: Option<Param<'f>>,
    /// The API echoes it in the body.
    pub(crate) echo: Option<&'f Member<'a>>,
    /// The API echoes it in a header (page numbers: `X-Page`).
    pub(crate) header: Option<Header<'a>>,
}

impl Position<'_, '_> {
    fn is_shown(&self) -> bool {
        self.request.is_some() || self.echo.is_some() || self.header.is_some()
    }
}

/// The readings, and whether several fit.
pub(crate) struct Leads<'f, 'a> {
    pub(crate) leads: Vec<Lead<'f, 'a>>,
    /// Whether the readings are a page and an offset reading of an answer that does not say which.
    pub(crate) page_or_offset: bool,
}

/// Everything the readings are made from.
pub(crate) struct Context<'f, 'a> {
    pub(crate) exchange: &'f Exchange<'a>,
    pub(crate) request: &'f Request,
    pub(crate) document: &'a Document,
    pub(crate) found: &'f Found<'a>,
    pub(crate) headers: &'f [Header<'a>],
    /// The items, when there is one place for them (the shapes need it).
    pub(crate) items: Option<&'f Items<'a>>,
}

pub(crate) fn read<'f, 'a>(cx: &Context<'f, 'a>) -> Leads<'f, 'a> {
    let signalled = signalled(cx);
    if !signalled.is_empty() {
        return Leads {
            leads: signalled,
            page_or_offset: false,
        };
    }
    if let Some((convention, member)) = conventions::witnessed(cx.document) {
        return one(Lead::Witnessed { convention, member });
    }
    if let Some((convention, shape)) = conventions::shape(|shape| has_shape(cx, shape)) {
        return one(Lead::Shape { convention, shape });
    }
    positions(cx)
}

fn one<'f, 'a>(lead: Lead<'f, 'a>) -> Leads<'f, 'a> {
    Leads {
        leads: vec![lead],
        page_or_offset: false,
    }
}

/// The response-side signals, those that agree merged, absent ones dropped beside present ones.
fn signalled<'f, 'a>(cx: &Context<'f, 'a>) -> Vec<Lead<'f, 'a>> {
    let mut leads = Vec::new();
    if let Some(link) = link(cx) {
        leads.push(link);
    }
    for member in &cx.found.members {
        match member.role {
            Role::NextUrl => leads.push(Lead::NextUrl {
                member,
                next: resolve(cx.request, member.value),
            }),
            Role::Cursor => leads.push(Lead::Cursor(member)),
            Role::Next => match member.value {
                Value::String(text) if looks_like_url(text) => leads.push(Lead::NextUrl {
                    member,
                    next: resolve(cx.request, member.value),
                }),
                // `"next": null` is a next URL's last page; `"next_page": null` a token's (dropshot).
                Value::Null
                    if member
                        .path
                        .name()
                        .is_some_and(|name| name.eq_ignore_ascii_case("next")) =>
                {
                    leads.push(Lead::NextUrl { member, next: None })
                }
                _ => leads.push(Lead::Cursor(member)),
            },
            _ => {}
        }
    }
    for header in cx.headers.iter().filter(|header| header.role == Role::Cursor) {
        leads.push(Lead::HeaderCursor(*header));
    }
    if leads.iter().any(is_present) {
        leads.retain(is_present);
    }
    merge_agreeing(leads)
}

/// The `Link` header's reading, if the response has one with a relation this walk knows.
fn link<'f, 'a>(cx: &Context<'f, 'a>) -> Option<Lead<'f, 'a>> {
    let mut relations = false;
    for value in cx.exchange.header_values("link") {
        if let Some(target) = next_link(value) {
            return Some(Lead::Link {
                next: cx.request.url.join(&target).ok(),
            });
        }
        relations |= has_relation(value, &["prev", "previous", "first", "last"]);
    }
    relations.then_some(Lead::Link { next: None })
}

/// Whether a `Link` header value has a link with one of the relations `wanted` (as
/// [`next_link`] reads `rel`: the parameters after each `<target>`).
fn has_relation(header: &str, wanted: &[&str]) -> bool {
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let Some(end) = rest[start..].find('>').map(|end| start + end) else {
            return false;
        };
        let params_end = rest[end..].find('<').map_or(rest.len(), |next| end + next);
        let found = rest[end + 1..params_end].split(';').any(|param| {
            param.split_once('=').is_some_and(|(name, value)| {
                name.trim().eq_ignore_ascii_case("rel")
                    && value
                        .trim()
                        .trim_end_matches(',')
                        .trim_matches('"')
                        .split_ascii_whitespace()
                        .any(|rel| wanted.iter().any(|wanted| rel.eq_ignore_ascii_case(wanted)))
            })
        });
        if found {
            return true;
        }
        rest = &rest[params_end..];
    }
    false
}

fn resolve(request: &Request, value: &Value) -> Option<Url> {
    let text = value.as_str()?.trim();
    if text.is_empty() {
        return None;
    }
    request.url.join(text).ok()
}

/// An absolute http(s) URL, or a path or query relative to the request's.
fn looks_like_url(text: &str) -> bool {
    let text = text.trim();
    let lower = text.get(..8).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || text.starts_with('/')
        || text.starts_with('?')
}

fn is_present(lead: &Lead<'_, '_>) -> bool {
    match lead {
        Lead::Link { next } | Lead::NextUrl { next, .. } => next.is_some(),
        Lead::Cursor(member) => member.is_present(),
        Lead::HeaderCursor(header) => header.is_present(),
        _ => true,
    }
}

/// One reading per place the next page is: a URL absorbs the cursors it carries and the URLs equal
/// to it; equal cursors are one.
fn merge_agreeing<'f, 'a>(leads: Vec<Lead<'f, 'a>>) -> Vec<Lead<'f, 'a>> {
    let mut kept: Vec<Lead<'f, 'a>> = Vec::with_capacity(leads.len());
    let urls: Vec<Url> = leads
        .iter()
        .filter_map(|lead| match lead {
            Lead::Link { next } | Lead::NextUrl { next, .. } => next.clone(),
            _ => None,
        })
        .collect();
    for lead in leads {
        let duplicate = match &lead {
            Lead::Link { next: Some(url) } | Lead::NextUrl { next: Some(url), .. } => kept
                .iter()
                .any(|earlier| url_of(earlier).is_some_and(|earlier| same_url(earlier, url))),
            Lead::Cursor(member) => {
                let text = cursor_text(member.value);
                text.as_deref()
                    .is_some_and(|text| urls.iter().any(|url| carries(url, text)))
                    || kept.iter().any(|earlier| match earlier {
                        Lead::Cursor(other) => other.value == member.value && member.is_present(),
                        Lead::HeaderCursor(header) => text.as_deref() == Some(header.value.trim()),
                        _ => false,
                    })
            }
            Lead::HeaderCursor(header) => {
                let text = header.value.trim();
                urls.iter().any(|url| carries(url, text))
                    || kept.iter().any(|earlier| match earlier {
                        Lead::Cursor(member) => cursor_text(member.value).as_deref() == Some(text),
                        _ => false,
                    })
            }
            _ => false,
        };
        if !duplicate {
            kept.push(lead);
        }
    }
    kept
}

fn url_of<'l>(lead: &'l Lead<'_, '_>) -> Option<&'l Url> {
    match lead {
        Lead::Link { next } | Lead::NextUrl { next, .. } => next.as_ref(),
        _ => None,
    }
}

/// Equal but for the fragment.
fn same_url(a: &Url, b: &Url) -> bool {
    a[..url::Position::AfterQuery] == b[..url::Position::AfterQuery]
}

/// A cursor as the text a URL would carry.
fn cursor_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_owned()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Whether `url` sends `text` as the value of one of its query parameters.
fn carries(url: &Url, text: &str) -> bool {
    url.query_pairs().any(|(_, value)| value == text)
}

/// Whether the response has a convention's shape.
fn has_shape(cx: &Context<'_, '_>, shape: Shape) -> bool {
    let root = &cx.document.root;
    let items = cx.items.map(Items::path);
    let items_at = |names: &[&str]| items.as_ref().is_some_and(|path| *path == Path::of(names));
    let first_item = items
        .as_ref()
        .and_then(|path| path.get(root))
        .and_then(|list| list.as_array()?.first());
    match shape {
        Shape::StripeList => {
            root.get("object").and_then(Value::as_str) == Some("list")
                && root.get("has_more").is_some_and(Value::is_boolean)
                && items_at(&["data"])
                && first_item.is_none_or(|item| item.get("id").is_some_and(Value::is_string))
        }
        Shape::SortedHits => {
            items_at(&["hits", "hits"])
                && first_item.is_some_and(|hit| hit.get("sort").is_some_and(Value::is_array))
        }
        Shape::Hits => items_at(&["hits", "hits"]),
        Shape::S3ListV1 => {
            let has = |name: &str| root.get(name).is_some();
            cx.document.xml_root.as_deref() == Some("ListBucketResult")
                && items_at(&["Contents"])
                && has("Marker")
                && ![
                    "NextMarker",
                    "KeyCount",
                    "ContinuationToken",
                    "NextContinuationToken",
                ]
                .iter()
                .any(|name| has(name))
        }
    }
}

/// A page number or an offset: the one the request sends, else the one the API echoes; both readings
/// when both show, or when the answer says more items follow and neither shows.
fn positions<'f, 'a>(cx: &Context<'f, 'a>) -> Leads<'f, 'a> {
    let page = Position {
        request: cx.request.param(PAGE_PARAMS, &[]),
        echo: cx.found.with_role(Role::Page).next(),
        header: header(cx, Role::Page),
    };
    let offset = Position {
        request: cx.request.param(OFFSET_PARAMS, BODY_OFFSET_PARAMS),
        echo: cx.found.with_role(Role::Offset).next(),
        header: None,
    };
    let (page_shown, offset_shown) = match (page.request.is_some(), offset.request.is_some()) {
        (false, false) => (page.is_shown(), offset.is_shown()),
        sent => sent,
    };
    let both = |page, offset| Leads {
        leads: vec![Lead::Page(page), Lead::Offset(offset)],
        page_or_offset: true,
    };
    match (page_shown, offset_shown) {
        (true, true) => both(page, offset),
        (true, false) => one(Lead::Page(page)),
        (false, true) => one(Lead::Offset(offset)),
        (false, false) if says_more(cx) => both(Position::default(), Position::default()),
        (false, false) => one(Lead::Single),
    }
}

fn header<'a>(cx: &Context<'_, 'a>, role: Role) -> Option<Header<'a>> {
    cx.headers.iter().find(|header| header.role == role).copied()
}

/// Whether the answer says there is more than this page: a `has_more` that is true, a total above
/// the items of this page, more than one page.
fn says_more(cx: &Context<'_, '_>) -> bool {
    let on_page = cx
        .items
        .and_then(|items| items.path().get(&cx.document.root))
        .and_then(Value::as_array)
        .map_or(0, |items| items.len() as u64);
    let more = |role: Role, value: Option<u64>, flagged: Option<bool>| match role {
        Role::HasMore => flagged == Some(true),
        Role::Total => value.is_some_and(|total| total > on_page),
        Role::TotalPages => value.is_some_and(|pages| pages > 1),
        _ => false,
    };
    let in_body = cx
        .found
        .members
        .iter()
        .any(|member| more(member.role, count(member.value), flag(member.value)));
    let in_headers = cx.headers.iter().any(|header| {
        let text = header.value.trim().to_ascii_lowercase();
        let flagged = match text.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        };
        more(header.role, text.parse().ok(), flagged)
    });
    in_body || in_headers
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_absolute_or_relative() {
        assert!(looks_like_url("https://api.test/items?page=2"));
        assert!(looks_like_url("HTTP://api.test/"));
        assert!(looks_like_url("/services/data/v58.0/query/01g-200"));
        assert!(looks_like_url("?page=2"));
        assert!(!looks_like_url("eyJwYWdlIjoyfQ=="));
        assert!(!looks_like_url("ftp://elsewhere/"));
    }

    #[test]
    fn link_relations_are_read_from_the_parameters() {
        let last_page = r#"<https://a.test/x?page=1>; rel="first", <https://a.test/x?page=4>; rel="prev""#;
        assert!(has_relation(last_page, &["prev", "first"]));
        assert!(!has_relation(
            r#"<https://a.test/x?sort=last_name>; rel="self""#,
            &["last"]
        ));
        assert!(!has_relation("garbage", &["last"]));
    }

    #[test]
    fn a_fragment_does_not_make_another_url() {
        let a = Url::parse("https://api.test/items?page=2#x").unwrap();
        let b = Url::parse("https://api.test/items?page=2").unwrap();
        assert!(same_url(&a, &b));
        assert!(carries(&b, "2"));
        assert!(!carries(&b, "3"));
    }
}
