//! One walk over the body and one look at the headers, collecting what may signal pagination: the
//! members whose name gives them a role (with a value that fits it), and every list.

use serde_json::Value;

use super::exchange::Exchange;
use super::names::{role, Role, HEADERS};
use super::path::{is_usable, Path};

/// Deepest member read: GraphQL's `data.repository.issues.pageInfo.endCursor` is five deep.
const MAX_DEPTH: usize = 7;

/// A member of the body with a role.
#[derive(Clone, Debug)]
pub(crate) struct Member<'a> {
    pub(crate) path: Path<'a>,
    pub(crate) role: Role,
    pub(crate) value: &'a Value,
}

impl Member<'_> {
    /// Whether the member holds a position or URL (not `null`, `""`, `{}`): on a last page it does not.
    pub(crate) fn is_present(&self) -> bool {
        is_present(self.value)
    }
}

/// Whether a signal's value says something: not `null`, `""` or `{}`.
pub(crate) fn is_present(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::String(text) => !text.trim().is_empty(),
        Value::Object(object) => !object.is_empty(),
        _ => true,
    }
}

/// A list in the body (not inside another list).
#[derive(Clone, Debug)]
pub(crate) struct List<'a> {
    pub(crate) path: Path<'a>,
    pub(crate) elements: &'a [Value],
}

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Found<'a> {
    pub(crate) members: Vec<Member<'a>>,
    pub(crate) lists: Vec<List<'a>>,
}

impl<'a> Found<'a> {
    /// The members with `role`.
    pub(crate) fn with_role(&self, role: Role) -> impl Iterator<Item = &Member<'a>> {
        self.members.iter().filter(move |member| member.role == role)
    }
}

/// Walks `root`. XML leaves are text, so `xml` lets `"true"` be a flag and `"250"` a number.
pub(crate) fn collect(root: &Value, xml: bool) -> Found<'_> {
    let mut found = Found::default();
    match root {
        Value::Array(elements) => found.lists.push(List {
            path: Path::root(),
            elements,
        }),
        Value::Object(_) => walk(root, &Path::root(), xml, &mut found),
        _ => {}
    }
    found
}

fn walk<'a>(object: &'a Value, path: &Path<'a>, xml: bool, found: &mut Found<'a>) {
    let Value::Object(members) = object else {
        return;
    };
    for (name, value) in members {
        if !is_usable(name) {
            continue;
        }
        let here = path.child(name);
        let role = role(name, path.name());
        match value {
            Value::Array(elements) => found.lists.push(List { path: here, elements }),
            Value::Object(inner) => match role {
                Some(Role::Cursor | Role::Next | Role::NextUrl) => {
                    // HAL's `_links.next.href`.
                    if let Some((href, url @ Value::String(_))) = inner.get_key_value("href") {
                        found.members.push(Member {
                            path: here.child(href),
                            role: Role::NextUrl,
                            value: url,
                        });
                    } else if role != Some(Role::NextUrl) {
                        // A JSON key as cursor: DynamoDB's `LastEvaluatedKey`.
                        found.members.push(Member {
                            path: here,
                            role: Role::Cursor,
                            value,
                        });
                    }
                }
                // Elasticsearch's `hits.total`: `{"value": 250, "relation": "eq"}`; a lower bound
                // (`"relation": "gte"`) is no total.
                Some(Role::Total) => {
                    let exact = inner.get("relation").is_none_or(|relation| relation == "eq");
                    if let Some((key, count @ Value::Number(_))) = inner.get_key_value("value") {
                        if exact && count.is_u64() {
                            found.members.push(Member {
                                path: here.child(key),
                                role: Role::Total,
                                value: count,
                            });
                        }
                    }
                }
                _ if here.depth() < MAX_DEPTH => walk(value, &here, xml, found),
                _ => {}
            },
            scalar => {
                if let Some(role) = role.filter(|&role| fits(role, scalar, xml)) {
                    found.members.push(Member {
                        path: here,
                        role,
                        value: scalar,
                    });
                }
            }
        }
    }
}

/// Whether a scalar `value` can play `role`.
fn fits(role: Role, value: &Value, xml: bool) -> bool {
    match role {
        Role::NextUrl | Role::ScrollId => value.is_string() || value.is_null(),
        Role::Cursor | Role::Next => value.is_string() || value.is_null() || value.is_u64(),
        Role::HasMore => value.is_boolean() || (xml && flag(value).is_some()),
        Role::Total | Role::TotalPages | Role::Page | Role::Offset | Role::Size => {
            count(value).is_some() && (xml || value.is_u64())
        }
    }
}

/// A flag's value: a JSON boolean, or XML's `true` / `false` text.
pub(crate) fn flag(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(flag) => Some(*flag),
        Value::String(text) => match text.trim() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A count's value: a non-negative JSON integer, or XML digits.
pub(crate) fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// A response header with a role.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Header<'a> {
    /// The header's name as its documentation writes it.
    pub(crate) name: &'static str,
    pub(crate) role: Role,
    pub(crate) value: &'a str,
}

impl Header<'_> {
    pub(crate) fn is_present(&self) -> bool {
        !self.value.trim().is_empty()
    }
}

/// The known headers of the response whose value fits their role.
pub(crate) fn headers<'a>(exchange: &Exchange<'a>) -> Vec<Header<'a>> {
    HEADERS
        .iter()
        .filter_map(|&(name, role)| {
            let value = exchange.header_value(name)?;
            let text = value.trim();
            let fits = match role {
                Role::HasMore => matches!(text.to_ascii_lowercase().as_str(), "true" | "false" | "1" | "0"),
                Role::Cursor => true,
                _ => text.parse::<u64>().is_ok(),
            };
            fits.then_some(Header { name, role, value })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn members_are_found_with_their_roles_and_lists_are_not_entered() {
        let body = json!({
            "data": [{"next_cursor": "inside an item"}],
            "pagination": {"next_cursor": "abc", "has_more": true, "total_count": 250},
            "hits": {"total": {"value": 9, "relation": "eq"}},
            "LastEvaluatedKey": {"pk": {"S": "x"}},
            "_links": {"next": {"href": "/items?page=2"}},
            "has_more": "yes",
        });
        let found = collect(&body, false);
        let mut described: Vec<(String, Role)> = found
            .members
            .iter()
            .map(|member| (member.path.to_string(), member.role))
            .collect();
        described.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            described,
            [
                ("LastEvaluatedKey".to_owned(), Role::Cursor),
                ("_links.next.href".to_owned(), Role::NextUrl),
                ("hits.total.value".to_owned(), Role::Total),
                ("pagination.has_more".to_owned(), Role::HasMore),
                ("pagination.next_cursor".to_owned(), Role::Cursor),
                ("pagination.total_count".to_owned(), Role::Total),
            ]
        );
        assert_eq!(found.lists.len(), 1);
        assert_eq!(found.lists[0].path.to_string(), "data");
    }

    #[test]
    fn a_lower_bound_is_no_total() {
        let body = json!({"hits": {"total": {"value": 10000, "relation": "gte"}, "hits": []}});
        assert!(collect(&body, false).with_role(Role::Total).next().is_none());
    }

    #[test]
    fn xml_text_counts_as_flags_and_numbers_only_in_xml() {
        let body = json!({"IsTruncated": "true", "KeyCount": "3", "total": "12"});
        assert_eq!(collect(&body, true).members.len(), 2);
        assert_eq!(collect(&body, false).members.len(), 0);
    }
}
