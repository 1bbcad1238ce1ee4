//! Documents that are wrong in the ways real ones are: each is a typed error, or a report line on the
//! operation it concerns, never a panic.

use paginated_openapi::{generate, Document, Error, Options, Outcome, Report, Source};
use serde_json::{json, Value};

/// A document with one `GET /items` operation: `operation` is merged into it.
fn one_operation(operation: Value) -> Report {
    let mut get = json!({
        "operationId": "listItems",
        "parameters": [{ "name": "cursor", "in": "query", "schema": { "type": "string" } }],
        "responses": { "200": { "description": "", "content": { "application/json": { "schema": {
            "type": "object",
            "properties": {
                "data": { "type": "array", "items": { "type": "object" } },
                "next_cursor": { "type": "string" }
            }
        } } } } }
    });
    for (key, value) in operation.as_object().unwrap() {
        get[key] = value.clone();
    }
    let document = Document::from_value(json!({
        "openapi": "3.0.3",
        "info": { "title": "T", "version": "1" },
        "paths": { "/items": { "get": get } },
        "components": { "schemas": {} }
    }))
    .unwrap();
    generate(&document, &Options::default()).unwrap().report
}

fn unclassified(report: &Report) -> (Source, Vec<String>) {
    match &report.operations[0].outcome {
        Outcome::Unclassified { source, reasons } => (*source, reasons.clone()),
        other => panic!("expected unclassified, got {other:?}"),
    }
}

#[test]
fn unreadable_documents_are_typed_errors() {
    assert!(matches!(
        Document::parse("{\"openapi\": \"3.0.0\", "),
        Err(Error::Json(_))
    ));
    assert!(matches!(
        Document::parse("openapi: [3.0\n  paths"),
        Err(Error::Yaml(_))
    ));
    assert!(matches!(
        Document::parse("title: not an API\n"),
        Err(Error::NotOpenApi)
    ));
    assert!(matches!(
        Document::parse("openapi: 4.0.0\n"),
        Err(Error::UnsupportedVersion(version)) if version == "4.0.0"
    ));
    let document = Document::parse("openapi: 3.1.0\npaths: {}\n").unwrap();
    let error = generate(&document, &Options::default().crate_path("not a path")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "`not a path` is not a Rust path (expected something like `paginated` or `my_sdk::paginated`)"
    );
}

#[test]
fn a_dangling_ref_is_reported_on_its_operation() {
    let report = one_operation(json!({
        "responses": { "200": { "description": "", "content": { "application/json": {
            "schema": { "$ref": "#/components/schemas/Missing" }
        } } } }
    }));
    let (_, reasons) = unclassified(&report);
    assert!(
        reasons.contains(
            &"dangling `$ref` `#/components/schemas/Missing`: nothing at that place in the document"
                .to_owned()
        ),
        "{reasons:?}"
    );
}

#[test]
fn extensions_of_unknown_shapes_are_reported_not_guessed() {
    let report = one_operation(json!({ "x-speakeasy-pagination": { "type": "sideways" } }));
    let (source, reasons) = unclassified(&report);
    assert_eq!(source, Source::Extension("x-speakeasy-pagination"));
    assert!(
        reasons[0].starts_with("x-speakeasy-pagination: unknown variant `sideways`"),
        "{reasons:?}"
    );

    let report =
        one_operation(json!({ "x-fern-pagination": { "cursor": "$request.cursor", "next": "$response.x" } }));
    assert!(unclassified(&report).1[0].starts_with("x-fern-pagination: unknown field `next`"));

    let report = one_operation(json!({ "x-ms-pageable": { "nextLinkName": 5 } }));
    assert_eq!(
        unclassified(&report).1,
        ["x-ms-pageable: `nextLinkName` is neither a string nor null"]
    );

    let report = one_operation(json!({ "x-dropshot-pagination": "yes" }));
    assert_eq!(
        unclassified(&report).1,
        ["x-dropshot-pagination: expected `true` or an object"]
    );

    let report = one_operation(json!({ "x-speakeasy-pagination": {
        "type": "cursor",
        "inputs": [{ "name": "cursor", "in": "parameters", "type": "cursor" }],
        "outputs": { "nextCursor": "$.meta.next" }
    } }));
    assert_eq!(
        unclassified(&report).1,
        ["x-speakeasy-pagination: the response has no `meta`"]
    );

    let report = one_operation(json!({ "x-speakeasy-pagination": {
        "type": "cursor",
        "inputs": [{ "name": "cursor", "in": "parameters", "type": "cursor" }],
        "outputs": { "nextCursor": "$..next" }
    } }));
    assert_eq!(
        unclassified(&report).1,
        ["x-speakeasy-pagination: unsupported JSONPath `$..next`"]
    );
}

#[test]
fn an_extension_may_say_there_is_one_page() {
    let report = one_operation(json!({ "x-ms-pageable": { "nextLinkName": null } }));
    assert!(matches!(
        &report.operations[0].outcome,
        Outcome::NotPaginated {
            source: Source::Extension("x-ms-pageable"),
            ..
        }
    ));
    assert_eq!(report.counts().not_paginated, 1);
}

#[test]
fn conventions_say_what_is_missing() {
    // A cursor parameter, and no field that carries the next cursor.
    let report = one_operation(json!({
        "responses": { "200": { "description": "", "content": { "application/json": { "schema": {
            "type": "object", "properties": { "data": { "type": "array", "items": {} } }
        } } } } }
    }));
    assert_eq!(
        unclassified(&report).1,
        ["cursor parameter `cursor` but no response field carries the next cursor"]
    );
    // A page parameter, and no list in the response.
    let report = one_operation(json!({
        "parameters": [{ "name": "page", "in": "query", "schema": { "type": "integer" } }],
        "responses": { "200": { "description": "", "content": { "application/json": { "schema": {
            "type": "object", "properties": { "name": { "type": "string" } }
        } } } } }
    }));
    assert_eq!(
        unclassified(&report).1,
        ["takes `page` but the response has no list field"]
    );
}

/// Extension forms no real document here uses: Speakeasy's `url`, Fern's cursor and next URI.
#[test]
fn extension_forms_without_a_real_document() {
    let attribute = |report: &Report| match &report.operations[0].outcome {
        Outcome::Paginated { attribute, .. } => attribute.clone(),
        other => panic!("{other:?}"),
    };
    let next = json!({
        "parameters": [{ "name": "starting_after", "in": "query", "schema": { "type": "string" } }],
        "responses": { "200": { "description": "", "content": { "application/json": { "schema": {
            "type": "object",
            "required": ["page_info"],
            "properties": {
                "data": { "type": "array", "items": { "type": "object" } },
                "page_info": { "type": "object", "properties": {
                    "next_cursor": { "type": "string" },
                    "next_url": { "type": "string" },
                    "more": { "type": "boolean" }
                } }
            }
        } } } } }
    });
    let mut speakeasy = next.clone();
    speakeasy["x-speakeasy-pagination"] =
        json!({ "type": "url", "outputs": { "nextUrl": "$.page_info.next_url" } });
    assert_eq!(
        attribute(&one_operation(speakeasy)),
        r#"#[paginate(next_url = "page_info.next_url", has_more = "page_info.more")]"#
    );
    let mut fern = next.clone();
    fern["x-fern-pagination"] = json!({
        "cursor": "$request.starting_after",
        "next_cursor": "$response.page_info.next_cursor",
        "results": "$response.data",
        "has-next-page": "$response.page_info.more"
    });
    assert_eq!(
        attribute(&one_operation(fern)),
        r#"#[paginate(cursor = "page_info.next_cursor", has_more = "page_info.more", cursor_param = "starting_after")]"#
    );
    let mut fern = next;
    fern["x-fern-pagination"] =
        json!({ "next_uri": "$response.page_info.next_url", "results": "$response.data" });
    assert_eq!(
        attribute(&one_operation(fern)),
        r#"#[paginate(next_url = "page_info.next_url", has_more = "page_info.more")]"#
    );
}
