//! `--openapi DOCUMENT --operation ID`: the pagination `paginated-openapi` reads from the document,
//! as attribute text with JSON member paths.

use std::path::Path;

use paginated_attr::Name;
use paginated_openapi::json::{Location, OperationRecord, Parameter, ParameterLocation, Status};
use paginated_openapi::{generate, Document, Options};

use super::exit::Failure;

/// The attribute text for `operation` of the document at `path`, and what the document says of it.
pub fn attribute(path: &Path, operation: &str) -> Result<(String, Vec<String>), Failure> {
    let document = Document::read(path)
        .map_err(|error| Failure::usage(format!("cannot read the OpenAPI document: {error}")))?;
    let output = generate(&document, &Options::default())
        .map_err(|error| Failure::usage(format!("cannot read the OpenAPI document: {error}")))?;
    let report = output.report.to_json();
    let record = report.operation(operation).map_err(|error| {
        let failure = Failure::usage(format!("{}: {error}", path.display()));
        let paginated: Vec<&str> = report
            .operations
            .iter()
            .filter(|record| record.status == Status::Paginated)
            .map(|record| record.operation_id.as_str())
            .collect();
        match paginated.len() {
            0 => failure.note("The document paginates no operation."),
            count => failure.note(format!(
                "An operation not reported takes no pagination parameter and returns no pagination \
                 signal. The document paginates {count}: {}{}.",
                paginated[..count.min(12)].join(", "),
                if count > 12 { ", ..." } else { "" }
            )),
        }
    })?;
    let text = record_attribute(record)?;
    Ok((text, record.evidence.clone()))
}

/// The attribute text of a paginated operation's record.
fn record_attribute(record: &OperationRecord) -> Result<String, Failure> {
    let name = format!("{} {} (`{}`)", record.method, record.path, record.operation_id);
    if record.status != Status::Paginated {
        let why = if record.reasons.is_empty() {
            String::new()
        } else {
            format!(": {}", record.reasons.join("; "))
        };
        let what = match record.status {
            Status::NotPaginated => "is not paginated, the document says",
            _ => "could not be classified",
        };
        return Err(Failure::usage(format!(
            "{name} {what}{why}; give --paginate instead"
        )));
    }
    let (Some(strategy), Some(request), Some(response)) =
        (record.strategy.as_deref(), &record.request, &record.response)
    else {
        return Err(Failure::usage(format!(
            "{name}: the report says nothing of its pagination"
        )));
    };
    let mut keys = Vec::new();
    let items = body_path(&response.items, &name)?;
    if !items.is_empty() {
        keys.push(format!("items = \"{items}\""));
    }
    let mut in_body = false;
    let mut param = |key: &str, parameter: &Option<Parameter>, keys: &mut Vec<String>| {
        if let Some(parameter) = parameter {
            in_body |= parameter.location == ParameterLocation::Body;
            keys.push(format!("{key} = \"{}\"", literal(&parameter.name)));
        }
    };
    let mut request_keys = Vec::new();
    match strategy {
        "cursor" => {
            let cursor = response
                .next_cursor
                .as_ref()
                .ok_or_else(|| Failure::usage(format!("{name}: no next cursor in the report")))?;
            keys.push(format!("cursor = {}", source(cursor, &name)?));
            param("cursor_param", &request.cursor, &mut request_keys);
        }
        "next_url" | "link_header" => match &response.next_url {
            Some(Location::Header { name: header }) if header.eq_ignore_ascii_case("link") => {
                keys.push("link_header".to_owned())
            }
            Some(location) => keys.push(format!("next_url = {}", source(location, &name)?)),
            None => keys.push("link_header".to_owned()),
        },
        "offset" => {
            keys.push("offset".to_owned());
            param("offset_param", &request.offset, &mut request_keys);
        }
        "page" => {
            match &response.page {
                Some(location) => keys.push(format!("page = {}", source(location, &name)?)),
                None => keys.push("page".to_owned()),
            }
            param("page_param", &request.page, &mut request_keys);
        }
        "keyset" => {
            let parts = response
                .keyset
                .iter()
                .map(|location| key_part(location, &items, &name))
                .collect::<Result<Vec<_>, _>>()?;
            keys.push(format!("keyset = \"{}\"", parts.join(", ")));
            param("keyset_param", &request.keyset, &mut request_keys);
        }
        other => return Err(Failure::usage(format!("{name}: unknown strategy `{other}`"))),
    }
    for (key, location) in [
        ("has_more", &response.has_more),
        ("total", &response.total),
        ("total_pages", &response.total_pages),
    ] {
        if let Some(location) = location {
            keys.push(format!("{key} = {}", source(location, &name)?));
        }
    }
    let size_key = if strategy == "page" {
        "per_page_param"
    } else {
        "limit_param"
    };
    param(size_key, &request.size, &mut request_keys);
    keys.extend(request_keys);
    if let Some(max) = request.max_page_size.filter(|&max| max > 0) {
        keys.push(format!("max_page_size = {max}"));
    }
    if let Some(first) = request.first_page.filter(|_| strategy == "page") {
        keys.push(format!("first_page = {first}"));
    }
    if in_body {
        keys.push("params_in = \"body\"".to_owned());
    }
    Ok(keys.join(", "))
}

/// A location as an attribute value: a quoted path, or `header("Name")`.
fn source(location: &Location, operation: &str) -> Result<String, Failure> {
    match location {
        Location::Header { name } => Ok(format!("header(\"{}\")", literal(name))),
        Location::Body { .. } => Ok(format!("\"{}\"", body_path(location, operation)?)),
    }
}

/// A body location's JSONPath as an attribute path.
fn body_path(location: &Location, operation: &str) -> Result<String, Failure> {
    match location {
        Location::Body { json_path } => path_text(json_path).ok_or_else(|| unreadable(json_path, operation)),
        Location::Header { name } => Err(Failure::usage(format!(
            "{operation}: its items are in header `{name}`, which paginated cannot read"
        ))),
    }
}

/// The part of the last item's key at `location` (`$.data[-1].id` with items `data`: `id`).
fn key_part(location: &Location, items: &str, operation: &str) -> Result<String, Failure> {
    let Location::Body { json_path } = location else {
        return Err(Failure::usage(format!("{operation}: a key part in a header")));
    };
    let Some((list, part)) = json_path.split_once("[-1]") else {
        return Err(unreadable(json_path, operation));
    };
    let list = path_text(list).ok_or_else(|| unreadable(json_path, operation))?;
    let part = path_text(&format!("${part}")).filter(|part| !part.is_empty());
    match part {
        Some(part) if list == items => Ok(part),
        _ => Err(unreadable(json_path, operation)),
    }
}

fn unreadable(json_path: &str, operation: &str) -> Failure {
    Failure::usage(format!(
        "{operation}: the JSONPath `{json_path}` is not one paginated reads; give --paginate instead"
    ))
}

/// `$`, `$.a.b`, `$['@odata.nextLink']`, `$.edges[*].node` as an attribute path (`''` for `$`).
fn path_text(json_path: &str) -> Option<String> {
    let mut rest = json_path.strip_prefix('$')?;
    let mut segments: Vec<(String, bool)> = Vec::new();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[*]") {
            segments.last_mut()?.1 = true;
            rest = after;
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            segments.push((after[..end].to_owned(), false));
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix("['").or_else(|| rest.strip_prefix("[\"")) {
            let quote = if rest.starts_with("['") { "']" } else { "\"]" };
            let end = after.find(quote)?;
            segments.push((after[..end].to_owned(), false));
            rest = &after[end + 2..];
        } else {
            return None;
        }
    }
    if segments.iter().any(|(name, _)| name.is_empty()) {
        return None;
    }
    Some(
        segments
            .iter()
            .map(|(name, each)| format!("{}{}", quoted(name), if *each { "[]" } else { "" }))
            .collect::<Vec<_>>()
            .join("."),
    )
}

/// A member name as a path segment (bare, or quoted), inside a string literal.
fn quoted(name: &str) -> String {
    literal(&Name::member(name).to_string())
}

/// Text inside a string literal of the attribute: `\` and `"` escaped.
fn literal(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths() {
        assert_eq!(path_text("$").as_deref(), Some(""));
        assert_eq!(path_text("$.data").as_deref(), Some("data"));
        assert_eq!(
            path_text("$.meta.next_cursor").as_deref(),
            Some("meta.next_cursor")
        );
        assert_eq!(
            path_text("$['@odata.nextLink']").as_deref(),
            Some("'@odata.nextLink'")
        );
        assert_eq!(
            path_text("$.search.edges[*].node").as_deref(),
            Some("search.edges[].node")
        );
        assert_eq!(path_text("data"), None);
        assert_eq!(path_text("$..data"), None);
    }

    #[test]
    fn key_parts() {
        let location = Location::Body {
            json_path: "$.data[-1].id".into(),
        };
        assert_eq!(key_part(&location, "data", "op").unwrap(), "id");
        assert!(key_part(&location, "items", "op").is_err());
    }
}
