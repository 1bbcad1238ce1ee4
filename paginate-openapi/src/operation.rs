//! The operations of a document, in one shape for the three versions: parameters (path-level ones
//! merged in), the JSON request body, the successful JSON response and its headers.

use serde_json::{Map, Value};

use crate::document::{Document, SpecVersion};
use crate::error::RefError;
use crate::schema::Schema;

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Location {
    Query,
    Header,
    Path,
    Cookie,
    /// Swagger 2.0 `formData`.
    Form,
}

#[derive(Debug, Clone)]
pub(crate) struct Parameter<'d> {
    pub name: String,
    pub location: Location,
    /// The parameter's schema; for Swagger 2.0 non-body parameters, the parameter object itself,
    /// which carries `type`, `format`, `maximum` and `default` directly.
    pub schema: Option<Schema<'d>>,
    pub description: Option<&'d str>,
}

#[derive(Debug, Clone)]
pub(crate) struct Response<'d> {
    /// The JSON body's schema, if the response has a JSON body.
    pub schema: Option<Schema<'d>>,
    /// Declared header names, as written.
    pub headers: Vec<String>,
    /// The documented example of the JSON body, when there is one (the first, when there are several).
    pub example: Option<&'d Value>,
}

#[derive(Debug, Clone)]
pub(crate) struct Operation<'d> {
    /// `operationId`, or one made of the method and path when the document has none.
    pub id: String,
    pub method: &'static str,
    pub path: String,
    /// The operation object, for its vendor extensions.
    pub object: &'d Map<String, Value>,
    pub parameters: Vec<Parameter<'d>>,
    /// The JSON request body's schema.
    pub body: Option<Schema<'d>>,
    /// The first successful (2xx) response.
    pub response: Option<Response<'d>>,
    /// `$ref`s of this operation that could not be followed.
    pub problems: Vec<RefError>,
}

const METHODS: [(&str, &str); 8] = [
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("trace", "TRACE"),
];

/// Every operation of the document, by path then method.
pub(crate) fn operations(document: &Document) -> Vec<Operation<'_>> {
    let Some(paths) = document.as_value().get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (path, item) in paths {
        let mut problems = Vec::new();
        let item = match document.resolve(item) {
            Ok((item, _)) => item,
            Err(error) => {
                problems.push(error);
                item
            }
        };
        let Some(item) = item.as_object() else {
            continue;
        };
        for (key, method) in METHODS {
            let Some(object) = item.get(key).and_then(Value::as_object) else {
                continue;
            };
            out.push(operation(document, path, method, item, object, problems.clone()));
        }
    }
    out
}

fn operation<'d>(
    document: &'d Document,
    path: &str,
    method: &'static str,
    item: &'d Map<String, Value>,
    object: &'d Map<String, Value>,
    mut problems: Vec<RefError>,
) -> Operation<'d> {
    let id = object
        .get("operationId")
        .and_then(Value::as_str)
        .map(str::to_owned)
        .unwrap_or_else(|| format!("{} {path}", method.to_lowercase()));
    let swagger = document.version() == SpecVersion::Swagger2;

    // Operation-level parameters override path-level ones of the same name and location.
    let mut parameters: Vec<Parameter<'d>> = Vec::new();
    let mut body = None;
    let declared = [item.get("parameters"), object.get("parameters")];
    for raw in declared
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
    {
        let raw = match document.resolve(raw) {
            Ok((raw, _)) => raw,
            Err(error) => {
                problems.push(error);
                continue;
            }
        };
        let name = raw
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let location = match raw.get("in").and_then(Value::as_str) {
            Some("query") => Location::Query,
            Some("header") => Location::Header,
            Some("path") => Location::Path,
            Some("cookie") => Location::Cookie,
            Some("formData") => Location::Form,
            Some("body") => {
                body = schema_at(document, raw.get("schema"), &mut problems);
                continue;
            }
            _ => continue,
        };
        let schema = match raw.get("schema") {
            Some(schema) => schema_at(document, Some(schema), &mut problems),
            None if swagger => Some(Schema {
                value: raw,
                name: None,
                nullable: false,
            }),
            None => None,
        };
        let parameter = Parameter {
            name,
            location,
            schema,
            description: raw.get("description").and_then(Value::as_str),
        };
        parameters.retain(|known| (known.name.as_str(), known.location) != (&parameter.name, location));
        parameters.push(parameter);
    }

    if let Some(request_body) = object.get("requestBody") {
        match document.resolve(request_body) {
            Ok((request_body, _)) => {
                body = schema_at(
                    document,
                    json_media(request_body.get("content")).and_then(|media| media.get("schema")),
                    &mut problems,
                )
            }
            Err(error) => problems.push(error),
        }
    }

    let response = success_response(document, object, swagger, &mut problems);
    Operation {
        id,
        method,
        path: path.to_owned(),
        object,
        parameters,
        body,
        response,
        problems,
    }
}

/// The first 2xx response in status order (`200` before `201` before `2XX`).
fn success_response<'d>(
    document: &'d Document,
    object: &'d Map<String, Value>,
    swagger: bool,
    problems: &mut Vec<RefError>,
) -> Option<Response<'d>> {
    let responses = object.get("responses")?.as_object()?;
    let mut statuses: Vec<&String> = responses
        .keys()
        .filter(|status| status.starts_with('2'))
        .collect();
    statuses.sort();
    let status = statuses.first()?;
    let response = match document.resolve(&responses[status.as_str()]) {
        Ok((response, _)) => response,
        Err(error) => {
            problems.push(error);
            return None;
        }
    };
    let (schema_value, example) = if swagger {
        let examples = response.get("examples").and_then(Value::as_object);
        let example = examples.and_then(|examples| {
            examples.get("application/json").or_else(|| {
                examples
                    .iter()
                    .find(|(media_type, _)| media_type.contains("json"))
                    .map(|(_, example)| example)
            })
        });
        (response.get("schema"), example)
    } else {
        let media = json_media(response.get("content"));
        (
            media.and_then(|media| media.get("schema")),
            media.and_then(|media| media_example(document, media)),
        )
    };
    let headers = response
        .get("headers")
        .and_then(Value::as_object)
        .map(|headers| headers.keys().cloned().collect())
        .unwrap_or_default();
    Some(Response {
        schema: schema_at(document, schema_value, problems),
        headers,
        example,
    })
}

/// A media type object's `example`, or else the `value` of its first `examples` entry (whose `$ref`s
/// are followed; an entry that cannot be followed is skipped).
fn media_example<'d>(document: &'d Document, media: &'d Value) -> Option<&'d Value> {
    media.get("example").or_else(|| {
        let examples = media.get("examples")?.as_object()?;
        examples.values().find_map(|example| {
            let (example, _) = document.resolve(example).ok()?;
            example.get("value")
        })
    })
}

/// The JSON media type object of a `content` map: `application/json` first, then any `*/*+json` or
/// `*json*` type.
fn json_media(content: Option<&Value>) -> Option<&Value> {
    let content = content?.as_object()?;
    content.get("application/json").or_else(|| {
        content
            .iter()
            .find(|(media_type, _)| media_type.contains("json"))
            .map(|(_, media)| media)
    })
}

fn schema_at<'d>(
    document: &'d Document,
    value: Option<&'d Value>,
    problems: &mut Vec<RefError>,
) -> Option<Schema<'d>> {
    match Schema::resolve(document, value?) {
        Ok(schema) => Some(schema),
        Err(error) => {
            problems.push(error);
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn swagger_and_openapi_read_alike() {
        let swagger = Document::from_value(json!({
            "swagger": "2.0",
            "parameters": { "top": { "name": "$top", "in": "query", "type": "integer", "maximum": 999 } },
            "paths": { "/items": {
                "parameters": [{ "name": "api-version", "in": "query", "type": "string", "required": true }],
                "get": {
                    "operationId": "List",
                    "parameters": [{ "$ref": "#/parameters/top" }],
                    "responses": { "200": {
                        "schema": { "type": "object", "properties": { "value": { "type": "array" } } },
                        "headers": { "Link": { "type": "string" } },
                    }},
                },
            }},
        }))
        .unwrap();
        let listed = operations(&swagger);
        let [list] = listed.as_slice() else { panic!() };
        let names: Vec<&str> = list.parameters.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["api-version", "$top"]);
        assert_eq!(
            list.parameters[1].schema.as_ref().unwrap().unsigned("maximum"),
            Some(999)
        );
        let response = list.response.as_ref().unwrap();
        assert_eq!(response.headers, ["Link"]);
        assert!(response.schema.is_some());

        let openapi = Document::from_value(json!({
            "openapi": "3.0.3",
            "paths": { "/search": { "post": {
                "requestBody": { "content": { "application/json": { "schema": { "type": "object" } } } },
                "responses": {
                    "default": {},
                    "201": { "content": { "application/vnd.api+json": { "schema": { "type": "array" } } } },
                    "202": { "$ref": "#/components/responses/Gone" },
                },
            }}},
        }))
        .unwrap();
        let listed = operations(&openapi);
        let [search] = listed.as_slice() else { panic!() };
        assert_eq!(search.id, "post /search");
        assert!(search.body.is_some());
        let response = search.response.as_ref().unwrap();
        assert_eq!(
            response.schema.as_ref().unwrap().kind(),
            crate::schema::Kind::Array
        );
        assert!(search.problems.is_empty());
    }
}
