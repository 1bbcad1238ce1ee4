//! GraphQL requests (a JSON body with `query`): the connection whose `pageInfo` the answer holds,
//! walked by its `endCursor`, sent back as the query's own cursor variable (`variables.after`) in the
//! body. A query with no cursor variable is refused: every request would fetch the first page again.

use serde_json::Value;

use super::body::Document;
use super::conventions::{self, Rule};
use super::detection::Confidence;
use super::error::DetectError;
use super::items::Items;
use super::path::{is_usable, Path};
use super::plan::{Plan, Source, Step};
use super::request::Request;
use super::signals::flag;

/// Deepest connection looked for under `data`.
const MAX_DEPTH: usize = 8;

/// The query text, when the request is a GraphQL one.
pub(crate) fn query(request: &Request) -> Option<&str> {
    request.json_body()?.get("query")?.as_str()
}

/// A plan per connection that has a next page (every connection when none has); `None` when the
/// answer holds no connection.
pub(crate) fn plans<'a>(
    request: &Request,
    document: &'a Document,
    query: &str,
) -> Result<Option<Vec<Plan<'a>>>, DetectError> {
    let data = document.root.get("data").filter(|data| data.is_object());
    let Some(data) = data else {
        let errors = document.root.get("errors").and_then(Value::as_array);
        if let Some(first) = errors.and_then(|errors| errors.first()) {
            let message = first
                .get("message")
                .and_then(Value::as_str)
                .map_or_else(|| first.to_string(), str::to_owned);
            return Err(DetectError::GraphQlErrors { message });
        }
        return Ok(None);
    };
    let mut connections = Vec::new();
    find_connections(data, &Path::of(&["data"]), &mut connections);
    if connections.is_empty() {
        return Ok(None);
    }
    let with_next: Vec<&Connection<'a>> = connections
        .iter()
        .filter(|connection| connection.has_next)
        .collect();
    let chosen: Vec<&Connection<'a>> = if with_next.is_empty() {
        connections.iter().collect()
    } else {
        with_next
    };
    let variables = variables(request, query)?;
    Ok(Some(
        chosen
            .into_iter()
            .map(|connection| plan(document, connection, &variables))
            .collect(),
    ))
}

/// A connection: an object with a `pageInfo` that has an `endCursor`, and its items.
struct Connection<'a> {
    path: Path<'a>,
    items: Path<'a>,
    has_next: bool,
}

fn find_connections<'a>(value: &'a Value, path: &Path<'a>, found: &mut Vec<Connection<'a>>) {
    let Value::Object(members) = value else {
        return;
    };
    let page_info = members
        .get("pageInfo")
        .filter(|info| info.get("endCursor").is_some());
    if let Some(page_info) = page_info {
        let items = if members.get("nodes").is_some_and(Value::is_array) {
            Some(path.child("nodes"))
        } else if members.get("edges").is_some_and(Value::is_array) {
            Some(path.child("edges").each_child("node"))
        } else {
            None
        };
        if let Some(items) = items {
            found.push(Connection {
                path: path.clone(),
                items,
                has_next: page_info.get("hasNextPage").and_then(flag) == Some(true),
            });
            return;
        }
    }
    if path.depth() >= MAX_DEPTH {
        return;
    }
    for (name, member) in members {
        if is_usable(name) && member.is_object() {
            find_connections(member, &path.child(name), found);
        }
    }
}

/// The query's cursor and page size variables, and how they were found.
struct Variables {
    cursor: String,
    size: Option<String>,
    evidence: String,
    confidence: Confidence,
}

fn variables(request: &Request, query: &str) -> Result<Variables, DetectError> {
    let given = request
        .json_body()
        .and_then(|body| body.get("variables"))
        .and_then(Value::as_object);
    let known = |names: &[&str]| {
        names
            .iter()
            .find(|name| given.is_some_and(|given| given.contains_key(**name)) || declares(query, name))
            .map(|name| (*name).to_owned())
    };
    let (cursor, evidence, confidence) = if let Some(variable) = argument_variable(query, "after") {
        let evidence = format!("the query passes `${variable}` as the connection's `after` argument");
        (variable.to_owned(), evidence, Confidence::Observed)
    } else if let Some(variable) = known(&["after", "cursor", "endCursor", "afterCursor"]) {
        let evidence = format!("the query takes a cursor variable `${variable}`");
        (variable, evidence, Confidence::Conventional)
    } else {
        return Err(DetectError::NoCursorVariable);
    };
    let size = argument_variable(query, "first")
        .map(str::to_owned)
        .or_else(|| known(&["first", "pageSize", "limit"]));
    Ok(Variables {
        cursor,
        size,
        evidence,
        confidence,
    })
}

/// The variable written as the value of `argument` (`after: $cursor` → `cursor`).
fn argument_variable<'q>(query: &'q str, argument: &str) -> Option<&'q str> {
    let mut from = 0;
    while let Some(found) = query[from..].find(argument) {
        let start = from + found;
        from = start + argument.len();
        let before = query[..start].chars().next_back();
        if before.is_some_and(|c| c == '$' || c == '_' || c.is_alphanumeric()) {
            continue;
        }
        let Some(rest) = query[from..].trim_start().strip_prefix(':') else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('$') else {
            continue;
        };
        let len = rest
            .find(|c: char| c != '_' && !c.is_ascii_alphanumeric())
            .unwrap_or(rest.len());
        if len > 0 {
            return Some(&rest[..len]);
        }
    }
    None
}

/// Whether the query declares `$variable` (`query($after: String)`).
fn declares(query: &str, variable: &str) -> bool {
    let needle = format!("${variable}");
    query.match_indices(&needle).any(|(start, _)| {
        let rest = &query[start + needle.len()..];
        !rest.starts_with(|c: char| c == '_' || c.is_ascii_alphanumeric())
            && rest.trim_start().starts_with(':')
    })
}

fn plan<'a>(document: &'a Document, connection: &Connection<'a>, variables: &Variables) -> Plan<'a> {
    let page_info = connection.path.child("pageInfo");
    let cursor = page_info.child("endCursor");
    let mut plan = Plan::new(
        document.format,
        Items::At(connection.items.clone()),
        Step::Cursor(Source::Body(cursor.clone())),
    );
    plan.because(format!(
        "`{}` is a connection: its items are `{}`, its cursor `{cursor}`",
        connection.path, connection.items
    ));
    let has_next = page_info.child("hasNextPage");
    if has_next.get(&document.root).and_then(flag).is_some() {
        plan.because(format!("`{has_next}` says whether more items follow"));
        plan.has_more = Some(Source::Body(has_next));
    }
    let total = connection.path.child("totalCount");
    if total.get(&document.root).is_some_and(Value::is_u64) {
        plan.because(format!("`{total}` counts all items"));
        plan.total = Some(Source::Body(total));
    }
    let row = conventions::row(|rule| matches!(rule, Rule::GraphQl));
    plan.errors = Some("errors");
    plan.because(format!(
        "a GraphQL answer reports errors as `errors`, with status 200; the cursor goes back as a variable in \
         the body (convention of {})",
        row.api
    ));
    plan.because(variables.evidence.clone());
    plan.position_param = Some(format!("variables.{}", variables.cursor));
    plan.size_param = variables.size.as_ref().map(|size| format!("variables.{size}"));
    plan.params_in_body = true;
    plan.at_most(variables.confidence);
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cursor_variable_is_read_off_the_query() {
        let query = "query($n: Int!, $cursor: String) { repo { issues(first: $n, after: $cursor) { nodes { id } } } }";
        assert_eq!(argument_variable(query, "after"), Some("cursor"));
        assert_eq!(argument_variable(query, "first"), Some("n"));
        assert!(declares(query, "cursor"));
        assert!(!declares(query, "curs"));
        assert_eq!(argument_variable("query($after: String) {...}", "after"), None);
        assert!(declares("query($after: String) {...}", "after"));
        assert_eq!(
            argument_variable("{ issues(first: 10, after: \"x\") { id } }", "after"),
            None
        );
    }
}
