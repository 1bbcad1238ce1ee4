//! Pagination declared by vendor extensions: `x-speakeasy-pagination`, `x-fern-pagination`,
//! `x-ms-pageable` and `x-dropshot-pagination`. An extension is the document author's word, so an
//! operation that carries one is classified as it says or not at all: an extension that cannot be read,
//! or that names fields the response does not have, is reported rather than second-guessed by
//! conventions.

use serde::Deserialize;
use serde_json::Value;

use crate::conventions::{self, FoundParam, RequestParams, ResponseSignals};
use crate::document::Document;
use crate::operation::{Location, Operation};
use crate::pagination::{key_field, locate, locate_items, Item, Pagination, Place, Source, Strategy};
use crate::report::Confidence;
use crate::schema::{Kind, Schema};

/// The extensions read, in the order they are looked for.
pub(crate) const EXTENSIONS: [&str; 4] = [
    "x-speakeasy-pagination",
    "x-fern-pagination",
    "x-ms-pageable",
    "x-dropshot-pagination",
];

/// What an extension says about an operation.
#[derive(Debug)]
pub(crate) enum Declared {
    Paginated(Box<Pagination>, Vec<String>),
    /// The extension says the operation returns everything at once (`x-ms-pageable` with
    /// `nextLinkName: null`).
    NotPaginated(String),
    /// The extension could not be honoured; the reason says why.
    Unreadable(String),
}

/// The first pagination extension of `operation`, and what it declares.
pub(crate) fn declared<'d>(document: &'d Document, operation: &Operation<'d>) -> Option<(Source, Declared)> {
    let (name, value) = EXTENSIONS
        .iter()
        .find_map(|name| operation.object.get(*name).map(|value| (*name, value)))?;
    let outcome = match name {
        "x-speakeasy-pagination" => speakeasy(document, operation, value),
        "x-fern-pagination" => fern(document, operation, value),
        "x-ms-pageable" => ms_pageable(document, operation, value),
        _ => dropshot(document, operation, value),
    };
    let declared = match outcome {
        Ok(declared) => declared,
        Err(why) => Declared::Unreadable(format!("{name}: {why}")),
    };
    Some((Source::Extension(name), declared))
}

/// What every form needs: the response schema.
fn response_root<'d>(operation: &Operation<'d>) -> Result<Schema<'d>, String> {
    operation
        .response
        .as_ref()
        .and_then(|response| response.schema.clone())
        .ok_or_else(|| "the operation declares no JSON response body".to_owned())
}

/// The items at a declared path, or found by convention when the extension does not say.
fn items_at<'d>(
    document: &'d Document,
    operation: &Operation<'_>,
    root: &Schema<'d>,
    path: Option<&[String]>,
    evidence: &mut Vec<String>,
) -> Result<(Place, Item, Option<Schema<'d>>), String> {
    match path {
        Some(path) => {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let found = locate_items(document, root, &path)?;
            evidence.push(format!("items: `{}` (declared)", found.0.json_path()));
            Ok(found)
        }
        None => {
            let found = conventions::find_items(document, root, &conventions::listed_names(operation))?;
            evidence.push(format!(
                "items: {} (not declared; found by convention)",
                found.why
            ));
            Ok((found.place, found.item, found.schema))
        }
    }
}

/// A declared path to a value of one of `kinds`.
fn value_at(
    document: &Document,
    root: &Schema<'_>,
    path: &[String],
    kinds: &[Kind],
) -> Result<Place, String> {
    let path: Vec<&str> = path.iter().map(String::as_str).collect();
    let (place, _) = locate(document, root, &path)?;
    if !kinds.contains(&place.kind) {
        return Err(format!("`{}` is not a {}", place.json_path(), kind_names(kinds)));
    }
    Ok(place)
}

fn kind_names(kinds: &[Kind]) -> &'static str {
    match kinds {
        [Kind::Boolean] => "boolean",
        [Kind::Integer] => "integer",
        [Kind::String] => "string",
        _ => "string or integer",
    }
}

/// Finishes a pagination declared by an extension: the signals conventions find beside it, and the
/// page size cap of the size parameter.
fn finish(
    document: &Document,
    root: &Schema<'_>,
    mut pagination: Pagination,
    size: Option<&FoundParam<'_>>,
    mut evidence: Vec<String>,
) -> Declared {
    let signals = ResponseSignals::find(document, root, None);
    pagination.confidence = Confidence::High;
    pagination.max_page_size = size.and_then(conventions::max_page_size);
    conventions::add_signals(&mut pagination, &signals, &mut evidence);
    Declared::Paginated(Box::new(pagination), evidence)
}

// ---- x-speakeasy-pagination ------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Speakeasy {
    #[serde(rename = "type")]
    kind: SpeakeasyKind,
    #[serde(default)]
    inputs: Vec<SpeakeasyInput>,
    #[serde(default)]
    outputs: SpeakeasyOutputs,
}

#[derive(Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
enum SpeakeasyKind {
    OffsetLimit,
    Cursor,
    Url,
}

#[derive(Deserialize)]
struct SpeakeasyInput {
    name: String,
    #[serde(rename = "in")]
    location: SpeakeasyLocation,
    #[serde(rename = "type")]
    kind: SpeakeasyInputKind,
}

#[derive(Deserialize, PartialEq, Eq)]
enum SpeakeasyLocation {
    #[serde(rename = "parameters")]
    Parameters,
    #[serde(rename = "requestBody")]
    RequestBody,
}

#[derive(Deserialize, PartialEq, Eq, Clone, Copy)]
#[serde(rename_all = "camelCase")]
enum SpeakeasyInputKind {
    Offset,
    Page,
    Limit,
    Cursor,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct SpeakeasyOutputs {
    results: Option<String>,
    num_pages: Option<String>,
    next_cursor: Option<String>,
    next_url: Option<String>,
}

fn speakeasy<'d>(
    document: &'d Document,
    operation: &Operation<'d>,
    value: &Value,
) -> Result<Declared, String> {
    let declared: Speakeasy = serde_json::from_value(value.clone()).map_err(|error| error.to_string())?;
    let root = response_root(operation)?;
    let input = |kind| declared.inputs.iter().find(|input| input.kind == kind);
    let body = declared
        .inputs
        .iter()
        .any(|input| input.location == SpeakeasyLocation::RequestBody);
    if body
        && declared
            .inputs
            .iter()
            .any(|input| input.location == SpeakeasyLocation::Parameters)
    {
        return Err("inputs both in the parameters and in the request body".into());
    }
    let mut evidence = Vec::new();
    let results = declared.outputs.results.as_deref().map(json_path).transpose()?;
    let results = match &results {
        Some(JsonPath::Members(members)) => Some(members.as_slice()),
        Some(JsonPath::LastItem { .. }) => return Err("`outputs.results` points into an item".into()),
        None => None,
    };
    let (items, item, item_schema) = items_at(document, operation, &root, results, &mut evidence)?;
    let envelope_name = root.name.clone();
    let new = |strategy| Pagination::new(strategy, items.clone(), item.clone(), envelope_name.clone());
    let limit = input(SpeakeasyInputKind::Limit);
    let limit_name = limit.map(|limit| limit.name.clone());
    let mut pagination = match declared.kind {
        SpeakeasyKind::OffsetLimit => {
            if let Some(page) = input(SpeakeasyInputKind::Page) {
                evidence.push(format!("offsetLimit with page input `{}`", page.name));
                let mut pagination = new(Strategy::Page(None));
                pagination.params.page = Some(page.name.clone());
                pagination.params.per_page = limit_name.clone();
                if let Some(pages) = declared.outputs.num_pages.as_deref() {
                    let JsonPath::Members(path) = json_path(pages)? else {
                        return Err("`outputs.numPages` points into an item".into());
                    };
                    pagination.total_pages = Some(value_at(document, &root, &path, &[Kind::Integer])?);
                }
                pagination
            } else if let Some(offset) = input(SpeakeasyInputKind::Offset) {
                evidence.push(format!("offsetLimit with offset input `{}`", offset.name));
                let mut pagination = new(Strategy::Offset);
                pagination.params.offset = Some(offset.name.clone());
                pagination.params.limit = limit_name.clone();
                pagination
            } else {
                return Err("offsetLimit without an `offset` or `page` input".into());
            }
        }
        SpeakeasyKind::Cursor => {
            let cursor =
                input(SpeakeasyInputKind::Cursor).ok_or("cursor pagination without a `cursor` input")?;
            let next = declared
                .outputs
                .next_cursor
                .as_deref()
                .ok_or("cursor pagination without `outputs.nextCursor`")?;
            let mut pagination = match json_path(next)? {
                JsonPath::LastItem { array, field } => {
                    if array != items.members.iter().map(|m| m.json.clone()).collect::<Vec<_>>() {
                        return Err(format!(
                            "`nextCursor` `{next}` reads an item of another array than the items"
                        ));
                    }
                    let key = key_field(document, item_schema.as_ref(), &field)?;
                    evidence.push(format!(
                        "cursor `{next}` is the last item's `{field}`: a keyset, sent back in `{}`",
                        cursor.name
                    ));
                    let mut pagination = new(Strategy::Keyset(vec![key]));
                    pagination.params.keyset = Some(cursor.name.clone());
                    pagination
                }
                JsonPath::Members(path) => {
                    let place = value_at(document, &root, &path, &[Kind::String, Kind::Integer])?;
                    evidence.push(format!("cursor input `{}`, next cursor `{next}`", cursor.name));
                    let mut pagination = new(Strategy::Cursor(place));
                    pagination.params.cursor = Some(cursor.name.clone());
                    pagination
                }
            };
            pagination.params.limit = limit_name.clone();
            pagination
        }
        SpeakeasyKind::Url => {
            let next = declared
                .outputs
                .next_url
                .as_deref()
                .ok_or("url pagination without `outputs.nextUrl`")?;
            let JsonPath::Members(path) = json_path(next)? else {
                return Err("`outputs.nextUrl` points into an item".into());
            };
            let place = value_at(document, &root, &path, &[Kind::String])?;
            evidence.push(format!("next URL `{next}`"));
            let mut pagination = new(Strategy::NextUrl(place));
            pagination.params.limit = limit_name.clone();
            pagination
        }
    };
    pagination.params_in_body = body;
    if body {
        evidence.push("inputs in the request body".into());
    }
    let params = RequestParams::find(document, operation);
    let size = limit
        .and_then(|limit| params.size.as_ref().filter(|size| size.name == limit.name))
        .or(params.size.as_ref().filter(|_| limit.is_some()));
    Ok(finish(document, &root, pagination, size, evidence))
}

/// The JSONPath forms pagination extensions use: `$`, `$.a.b`, `$['a']`, and the last item's field
/// `$[-1].id` or `$.data[-1].id`.
#[derive(Debug, PartialEq, Eq)]
enum JsonPath {
    Members(Vec<String>),
    LastItem { array: Vec<String>, field: String },
}

fn json_path(text: &str) -> Result<JsonPath, String> {
    let unsupported = || format!("unsupported JSONPath `{text}`");
    let mut rest = text.trim().strip_prefix('$').ok_or_else(unsupported)?;
    let mut members = Vec::new();
    let mut last_item: Option<Vec<String>> = None;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("[-1]") {
            if last_item.is_some() {
                return Err(unsupported());
            }
            last_item = Some(std::mem::take(&mut members));
            rest = after;
        } else if let Some(after) = rest.strip_prefix('.') {
            let end = after.find(['.', '[']).unwrap_or(after.len());
            if end == 0 {
                return Err(unsupported());
            }
            members.push(after[..end].to_owned());
            rest = &after[end..];
        } else if let Some(after) = rest.strip_prefix("['").or_else(|| rest.strip_prefix("[\"")) {
            let end = after.find(['\'', '"']).ok_or_else(unsupported)?;
            members.push(after[..end].to_owned());
            rest = after[end + 1..].strip_prefix(']').ok_or_else(unsupported)?;
        } else {
            return Err(unsupported());
        }
    }
    match last_item {
        None => Ok(JsonPath::Members(members)),
        Some(array) => match members.as_slice() {
            [field] => Ok(JsonPath::LastItem {
                array,
                field: field.clone(),
            }),
            _ => Err(unsupported()),
        },
    }
}

// ---- x-fern-pagination -----------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fern {
    offset: Option<String>,
    cursor: Option<String>,
    next_cursor: Option<String>,
    next_uri: Option<String>,
    next_path: Option<String>,
    results: Option<String>,
    step: Option<String>,
    #[serde(rename = "has-next-page")]
    has_next_page: Option<String>,
}

/// `$request.name` → the parameter `name`, in the query or the JSON body.
fn fern_request<'d>(
    document: &'d Document,
    operation: &Operation<'d>,
    text: &str,
) -> Result<FoundParam<'d>, String> {
    let name = text
        .strip_prefix("$request.")
        .filter(|name| !name.is_empty() && !name.contains('.'))
        .ok_or_else(|| format!("unsupported request path `{text}` (expected `$request.name`)"))?;
    if let Some(parameter) = operation
        .parameters
        .iter()
        .find(|parameter| parameter.name == name && parameter.location == Location::Query)
    {
        return Ok(FoundParam {
            name: name.to_owned(),
            in_body: false,
            schema: parameter.schema.clone(),
            description: parameter.description,
        });
    }
    let body = operation
        .body
        .as_ref()
        .ok_or_else(|| format!("no query parameter or body field `{name}`"))?;
    let property = body
        .property(document, name)
        .map_err(|error| error.to_string())?
        .ok_or_else(|| format!("no query parameter or body field `{name}`"))?;
    Ok(FoundParam {
        name: name.to_owned(),
        in_body: true,
        description: property.description(),
        schema: Some(property.schema),
    })
}

/// `$response.a.b` → `[a, b]`.
fn fern_response(text: &str) -> Result<Vec<String>, String> {
    let path = text
        .strip_prefix("$response.")
        .filter(|path| !path.is_empty())
        .ok_or_else(|| format!("unsupported response path `{text}` (expected `$response.field`)"))?;
    Ok(path.split('.').map(str::to_owned).collect())
}

fn fern<'d>(document: &'d Document, operation: &Operation<'d>, value: &Value) -> Result<Declared, String> {
    let declared: Fern = serde_json::from_value(value.clone()).map_err(|error| error.to_string())?;
    let root = response_root(operation)?;
    let mut evidence = Vec::new();
    let results = declared.results.as_deref().map(fern_response).transpose()?;
    let (items, item, _) = items_at(document, operation, &root, results.as_deref(), &mut evidence)?;
    let new = |strategy| Pagination::new(strategy, items.clone(), item.clone(), root.name.clone());
    let params = RequestParams::find(document, operation);
    let mut size = None;
    let mut pagination = if let (Some(cursor), Some(next)) = (&declared.cursor, &declared.next_cursor) {
        let param = fern_request(document, operation, cursor)?;
        let place = value_at(
            document,
            &root,
            &fern_response(next)?,
            &[Kind::String, Kind::Integer],
        )?;
        evidence.push(format!("cursor `{cursor}`, next cursor `{next}`"));
        let mut pagination = new(Strategy::Cursor(place));
        pagination.params.cursor = Some(param.name.clone());
        pagination.params.limit = conventions::size_param(&params, &mut evidence);
        size = params.size.as_ref();
        pagination.params_in_body = param.in_body;
        pagination
    } else if let Some(next) = declared.next_uri.as_ref().or(declared.next_path.as_ref()) {
        let place = value_at(document, &root, &fern_response(next)?, &[Kind::String])?;
        evidence.push(format!("next URL `{next}`"));
        new(Strategy::NextUrl(place))
    } else if let Some(offset) = &declared.offset {
        let param = fern_request(document, operation, offset)?;
        // Without `step`, Fern advances the offset parameter by one: it is a page number.
        let mut pagination = match &declared.step {
            Some(step) => {
                let step = fern_request(document, operation, step)?;
                evidence.push(format!("offset `{offset}` advanced by `{}` (step)", step.name));
                let mut pagination = new(Strategy::Offset);
                pagination.params.offset = Some(param.name.clone());
                pagination.params.limit = Some(step.name.clone());
                pagination
            }
            None => {
                evidence.push(format!(
                    "offset `{offset}` without `step`: advanced by one, a page number"
                ));
                let mut pagination = new(Strategy::Page(None));
                pagination.params.page = Some(param.name.clone());
                pagination.params.per_page = conventions::page_size_param(&params, &mut evidence);
                pagination.first_page = conventions::first_page(&param);
                size = params.page_size.as_ref();
                pagination
            }
        };
        pagination.params_in_body = param.in_body;
        pagination
    } else {
        return Err("none of the forms `cursor` + `next_cursor`, `next_uri`, `next_path`, `offset`".into());
    };
    if let Some(flag) = &declared.has_next_page {
        pagination.has_more = Some(value_at(
            document,
            &root,
            &fern_response(flag)?,
            &[Kind::Boolean],
        )?);
        evidence.push(format!("has more `{flag}`"));
    }
    Ok(finish(document, &root, pagination, size, evidence))
}

// ---- x-ms-pageable ---------------------------------------------------------------------------------

fn ms_pageable<'d>(
    document: &'d Document,
    operation: &Operation<'d>,
    value: &Value,
) -> Result<Declared, String> {
    let object = value.as_object().ok_or("expected an object")?;
    let next_link = match object.get("nextLinkName") {
        None => "nextLink",
        Some(Value::Null) => {
            return Ok(Declared::NotPaginated(
                "x-ms-pageable: `nextLinkName` is null: one response holds every item".into(),
            ))
        }
        Some(Value::String(name)) => name.as_str(),
        Some(_) => return Err("`nextLinkName` is neither a string nor null".into()),
    };
    let item_name = match object.get("itemName") {
        None => "value",
        Some(Value::String(name)) => name.as_str(),
        Some(_) => return Err("`itemName` is not a string".into()),
    };
    let root = response_root(operation)?;
    let mut evidence = Vec::new();
    // Azure names are single members, dots included (`@odata.nextLink`), never paths.
    let (items, item, _) = items_at(
        document,
        operation,
        &root,
        Some(&[item_name.to_owned()]),
        &mut evidence,
    )?;
    let place = value_at(document, &root, &[next_link.to_owned()], &[Kind::String])?;
    evidence.push(format!("next link `{next_link}`"));
    let pagination = Pagination::new(Strategy::NextUrl(place), items, item, root.name.clone());
    let params = RequestParams::find(document, operation);
    let mut pagination = pagination;
    pagination.params.limit = conventions::size_param(&params, &mut evidence);
    Ok(finish(
        document,
        &root,
        pagination,
        params.size.as_ref(),
        evidence,
    ))
}

// ---- x-dropshot-pagination -------------------------------------------------------------------------

fn dropshot<'d>(
    document: &'d Document,
    operation: &Operation<'d>,
    value: &Value,
) -> Result<Declared, String> {
    match value {
        Value::Bool(true) | Value::Object(_) => {}
        Value::Bool(false) => {
            return Ok(Declared::NotPaginated("x-dropshot-pagination is false".into()));
        }
        _ => return Err("expected `true` or an object".into()),
    }
    let root = response_root(operation)?;
    let mut evidence = vec!["dropshot pages: query `limit`, `page_token`".to_owned()];
    let (items, item, _) = items_at(
        document,
        operation,
        &root,
        Some(&["items".to_owned()]),
        &mut evidence,
    )?;
    let place = value_at(document, &root, &["next_page".to_owned()], &[Kind::String])?;
    evidence.push("next page token `next_page`".into());
    let mut pagination = Pagination::new(Strategy::Cursor(place), items, item, root.name.clone());
    pagination.params.cursor = Some("page_token".into());
    let params = RequestParams::find(document, operation);
    let size = params.size.as_ref().filter(|size| size.name == "limit");
    pagination.params.limit = size.map(|size| size.name.clone());
    Ok(finish(document, &root, pagination, size, evidence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_paths() {
        let members = |names: &[&str]| JsonPath::Members(names.iter().map(|n| n.to_string()).collect());
        assert_eq!(json_path("$"), Ok(members(&[])));
        assert_eq!(json_path("$.data"), Ok(members(&["data"])));
        assert_eq!(json_path("$.meta.next"), Ok(members(&["meta", "next"])));
        assert_eq!(
            json_path("$['@odata.nextLink']"),
            Ok(members(&["@odata.nextLink"]))
        );
        assert_eq!(
            json_path("$[-1].id"),
            Ok(JsonPath::LastItem {
                array: vec![],
                field: "id".into()
            })
        );
        assert_eq!(
            json_path("$.data[-1].id"),
            Ok(JsonPath::LastItem {
                array: vec!["data".into()],
                field: "id".into()
            })
        );
        for bad in ["data", "$..data", "$.data[0]", "$[-1]", "$[-1].a.b", "$.a["] {
            assert!(json_path(bad).is_err(), "{bad}");
        }
    }
}
