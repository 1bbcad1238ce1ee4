//! The generator on thirteen real public documents: its output is the checked-in code and report (so
//! neither drifts), every operation an extension marks is classified as the extension says, and the
//! counts are pinned. `tests/generated.rs` compiles the checked-in code against the real derive.
//!
//! The documents are vendored in `tests/documents/` (third-party files under their own licenses, listed
//! in its `SOURCES.md`; not part of the published crate). A missing or unreadable one fails every test
//! here. `PAGINATE_OPENAPI_BLESS=1` rewrites the checked-in files after an intended change.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use paginated_openapi::json::{OperationRecord, Status};
use paginated_openapi::{
    generate, Confidence, Counts, Document, Location, Options, Outcome, Report, Source, Target,
};
use serde_json::Value;

/// Each document with the counts its report must have: operations, paginated by extension, by
/// convention, declared unpaginated, unclassified.
const DOCUMENTS: &[(&str, [usize; 5])] = &[
    ("azure-appconfiguration.json", [14, 4, 0, 0, 0]),
    ("conductorone.yaml", [203, 2, 51, 0, 5]),
    ("dub.json", [54, 4, 7, 0, 0]),
    ("github.json", [767, 0, 188, 0, 6]),
    ("label-studio.yaml", [579, 12, 21, 0, 1]),
    ("m365-lighthouse.json", [23, 7, 0, 0, 0]),
    ("openrouter.yaml", [97, 20, 1, 0, 0]),
    ("oxide-nexus.json", [193, 43, 0, 0, 2]),
    ("slack.json", [174, 0, 21, 0, 11]),
    ("stripe.yaml", [468, 0, 107, 0, 2]),
    ("temporal.yaml", [226, 0, 28, 0, 0]),
    ("twilio-serverless.json", [39, 0, 10, 0, 0]),
    ("vellum.yaml", [47, 0, 7, 0, 0]),
];

/// Documents progenitor can generate a client from: their impls are checked in too.
const PROGENITOR: &[&str] = &["oxide-nexus.json", "dub.json"];

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The vendored documents.
fn documents_dir() -> PathBuf {
    manifest_dir().join("tests/documents")
}

fn stem(file: &str) -> &str {
    file.rsplit_once('.').map_or(file, |(stem, _)| stem)
}

fn generated(name: &str) -> PathBuf {
    manifest_dir().join("tests/generated").join(name)
}

struct Loaded {
    file: &'static str,
    raw: Value,
    envelopes: String,
    report: Report,
    progenitor: Option<String>,
}

/// Every document, read and generated once for all tests of this file. A document that cannot be
/// read panics, failing every test that asks for them.
fn loaded() -> &'static [Loaded] {
    static LOADED: OnceLock<Vec<Loaded>> = OnceLock::new();
    LOADED.get_or_init(|| {
        let dir = documents_dir();
        DOCUMENTS
            .iter()
            .map(|(file, _)| {
                let document = Document::read(dir.join(file))
                    .unwrap_or_else(|error| panic!("the vendored document {file}: {error}"));
                let output = generate(&document, &Options::default()).unwrap();
                let progenitor = PROGENITOR.contains(file).then(|| {
                    generate(&document, &Options::default().target(Target::Progenitor))
                        .unwrap()
                        .code
                });
                let raw = document.as_value().clone();
                Loaded {
                    file,
                    raw,
                    envelopes: output.code,
                    report: output.report,
                    progenitor,
                }
            })
            .collect()
    })
}

/// The vendored directory holds exactly the documents tested here, each listed in `SOURCES.md`.
#[test]
fn the_vendored_documents_are_the_tested_ones() {
    let dir = documents_dir();
    let sources = std::fs::read_to_string(dir.join("SOURCES.md")).expect("tests/documents/SOURCES.md");
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".json") || name.ends_with(".yaml"))
        .collect();
    on_disk.sort();
    let tested: Vec<&str> = DOCUMENTS.iter().map(|(file, _)| *file).collect();
    assert_eq!(on_disk, tested);
    for file in tested {
        assert!(
            sources.contains(&format!("| `{file}` |")),
            "SOURCES.md does not list {file}"
        );
    }
}

/// Compares `actual` with the checked-in file, or rewrites it when blessing.
fn check_file(path: &Path, actual: &str, drifted: &mut Vec<String>) {
    if std::env::var_os("PAGINATE_OPENAPI_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(expected.lines().count().min(actual.lines().count()));
        drifted.push(format!(
            "{} (first difference at line {})",
            path.display(),
            line + 1
        ));
    }
}

#[test]
fn generated_code_and_reports_match_the_checked_in_files() {
    let loaded = loaded();
    let mut drifted = Vec::new();
    for document in loaded {
        let stem = stem(document.file);
        check_file(
            &generated(&format!("{stem}.rs")),
            &document.envelopes,
            &mut drifted,
        );
        check_file(
            &generated(&format!("{stem}.report.txt")),
            &document.report.to_string(),
            &mut drifted,
        );
        let json = serde_json::to_string_pretty(&document.report.to_json()).unwrap() + "\n";
        check_file(&generated(&format!("{stem}.report.json")), &json, &mut drifted);
        if let Some(code) = &document.progenitor {
            check_file(&generated(&format!("progenitor/{stem}.rs")), code, &mut drifted);
        }
    }
    assert!(
        drifted.is_empty(),
        "generated output differs from the checked-in files (rerun with PAGINATE_OPENAPI_BLESS=1 after an intended \
         change):\n{}",
        drifted.join("\n")
    );
}

#[test]
fn counts_are_pinned() {
    let loaded = loaded();
    let mut wrong = Vec::new();
    for (document, (file, expected)) in loaded.iter().zip(DOCUMENTS) {
        let Counts {
            operations,
            by_extension,
            by_convention,
            not_paginated,
            unclassified,
            ..
        } = document.report.counts();
        let actual = [
            operations,
            by_extension,
            by_convention,
            not_paginated,
            unclassified,
        ];
        if actual != *expected {
            wrong.push(format!("{file}: {actual:?}, expected {expected:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The JSON report reads back into the same data, and every record is found by its operation id, or,
/// where several operations share the id, by its method and path.
#[test]
fn json_reports_read_back_and_every_operation_is_found() {
    use paginated_openapi::json::{JsonReport, LookupError, SCHEMA_VERSION};

    let mut shared_ids = 0;
    for document in loaded() {
        let report = document.report.to_json();
        assert_eq!(report.schema_version, SCHEMA_VERSION);
        let text = serde_json::to_string(&report).unwrap();
        let read: JsonReport = serde_json::from_str(&text).unwrap();
        assert_eq!(read, report, "{}", document.file);
        for record in &report.operations {
            assert_eq!(record.document, document.file);
            assert_eq!(record.paginated, record.strategy.is_some());
            assert_eq!(
                record.paginated,
                record.request.is_some() && record.response.is_some()
            );
            assert_eq!(record.paginated, record.attribute.is_some());
            assert_eq!(record.confidence.is_some(), record.status != Status::Unclassified);
            let key = format!("{} {}", record.method, record.path);
            match report.operation(&record.operation_id) {
                Ok(found) => assert_eq!(found, record),
                Err(LookupError::Ambiguous { candidates, .. }) => {
                    assert!(candidates.contains(&key), "{key}");
                    shared_ids += 1;
                }
                Err(error) => panic!("{}: {error}", document.file),
            }
            let lowercase = format!("{} {}", record.method.to_lowercase(), record.path);
            assert_eq!(report.operation(&lowercase).unwrap(), record);
        }
    }
    // Temporal's documents list their operations under two path prefixes, with the same ids.
    assert!(shared_ids > 0);
}

/// The strategy an extension declares, read from the raw document independently of the generator.
fn declared_strategy(name: &str, value: &Value) -> Option<&'static str> {
    match name {
        "x-speakeasy-pagination" => match value["type"].as_str()? {
            "offsetLimit" => {
                let inputs = value["inputs"].as_array()?;
                let has = |kind: &str| inputs.iter().any(|input| input["type"] == kind);
                Some(if has("page") { "page" } else { "offset" })
            }
            "cursor" => Some(if value["outputs"]["nextCursor"].as_str()?.contains("[-1]") {
                "keyset"
            } else {
                "cursor"
            }),
            "url" => Some("next_url"),
            _ => None,
        },
        "x-fern-pagination" => Some(match () {
            _ if value.get("next_cursor").is_some() => "cursor",
            _ if value.get("next_uri").is_some() || value.get("next_path").is_some() => "next_url",
            _ if value.get("step").is_some() => "offset",
            _ => "page",
        }),
        "x-ms-pageable" => match value.get("nextLinkName") {
            Some(Value::Null) => None,
            _ => Some("next_url"),
        },
        "x-dropshot-pagination" => Some("cursor"),
        _ => None,
    }
}

#[test]
fn operations_an_extension_marks_are_classified_as_it_says() {
    let loaded = loaded();
    let extensions = [
        "x-speakeasy-pagination",
        "x-fern-pagination",
        "x-ms-pageable",
        "x-dropshot-pagination",
    ];
    let mut checked = 0;
    for document in loaded {
        for (path, item) in document.raw["paths"].as_object().unwrap() {
            for (method, operation) in item.as_object().unwrap() {
                let Some((name, value)) = extensions
                    .iter()
                    .find_map(|name| operation.get(*name).map(|value| (*name, value)))
                else {
                    continue;
                };
                let id = operation["operationId"].as_str().unwrap();
                let report = document
                    .report
                    .operations
                    .iter()
                    .find(|reported| reported.operation_id == id && &reported.path == path)
                    .unwrap_or_else(|| panic!("{}: {method} {path} is not reported", document.file));
                match (declared_strategy(name, value), &report.outcome) {
                    (
                        Some(expected),
                        Outcome::Paginated {
                            source: Source::Extension(source),
                            strategy,
                            ..
                        },
                    ) => {
                        assert_eq!(*source, name, "{id}");
                        assert_eq!(*strategy, expected, "{}: {id}", document.file);
                    }
                    (None, Outcome::NotPaginated { source, .. }) => {
                        assert_eq!(*source, Source::Extension(name))
                    }
                    (expected, outcome) => {
                        panic!("{}: {id}: declared {expected:?}, got {outcome:?}", document.file)
                    }
                }
                checked += 1;
            }
        }
    }
    // 2 + 4 + 12 + 7 + 20 + 43 + 4 operations carry an extension.
    assert_eq!(checked, 92);
}

/// The attribute decided for one operation.
fn attribute_of(file: &str, operation_id: &str) -> String {
    let loaded = loaded();
    let document = loaded.iter().find(|document| document.file == file).unwrap();
    let report = document
        .report
        .operations
        .iter()
        .find(|operation| operation.operation_id == operation_id)
        .unwrap_or_else(|| panic!("{file}: no {operation_id}"));
    match &report.outcome {
        Outcome::Paginated { attribute, .. } => attribute.clone(),
        other => panic!("{file}: {operation_id}: {other:?}"),
    }
}

#[test]
fn notable_decisions() {
    let cases = [
        // Stripe: `starting_after` takes the last item's id; `has_more` ends.
        (
            "stripe.yaml",
            "GetCustomers",
            r#"#[paginate(keyset = "id", has_more = "has_more", keyset_param = "starting_after")]"#,
        ),
        // Stripe's search: a string `page` is a token, echoed back as `next_page`.
        (
            "stripe.yaml",
            "GetCustomersSearch",
            r#"#[paginate(cursor = "next_page", has_more = "has_more", total = "total_count", cursor_param = "page")]"#,
        ),
        // Temporal: the parameter and the field share the name `nextPageToken`.
        (
            "temporal.yaml",
            "ListNamespaces",
            r#"#[paginate(cursor = "next_page_token", cursor_param = "nextPageToken", limit_param = "pageSize")]"#,
        ),
        // ConductorOne: a POST search with the token in the body, as its extension declares.
        (
            "conductorone.yaml",
            "c1.api.app.v1.AppResourceSearch.SearchAppResources",
            r#"#[paginate(cursor = "next_page_token", cursor_param = "pageToken", params_in = "body")]"#,
        ),
        // ... and the unannotated look-alikes of the same API, by convention.
        (
            "conductorone.yaml",
            "c1.api.app.v1.Apps.List",
            r#"#[paginate(cursor = "next_page_token", cursor_param = "page_token", limit_param = "page_size")]"#,
        ),
        // GitHub: `page`/`per_page` with a declared `Link` header.
        (
            "github.json",
            "apps/list-installations",
            r#"#[paginate(link_header, limit_param = "per_page")]"#,
        ),
        // Slack: the cursor sits in an optional object.
        (
            "slack.json",
            "conversations_list",
            r#"#[paginate(cursor = "response_metadata?.next_cursor")]"#,
        ),
        // Azure: non-default `x-ms-pageable` names.
        (
            "azure-appconfiguration.json",
            "GetKeyValues",
            r#"#[paginate(next_url = "next_link")]"#,
        ),
        (
            "m365-lighthouse.json",
            "ListTenants",
            r#"#[paginate(next_url = "odata_next_link", limit_param = "$top")]"#,
        ),
        // Dub: `$[-1].id` of a bare array is a keyset on `id`.
        (
            "dub.json",
            "getCustomers",
            r#"#[paginate(keyset = "id", keyset_param = "startingAfter")]"#,
        ),
        (
            "dub.json",
            "getLinks",
            r#"#[paginate(page, per_page_param = "pageSize", max_page_size = 100)]"#,
        ),
        // Fern's offset without `step` counts pages.
        (
            "label-studio.yaml",
            "api_projects_list",
            r#"#[paginate(page, total = "count", per_page_param = "page_size")]"#,
        ),
        (
            "twilio-serverless.json",
            "ListService",
            r#"#[paginate(next_url = "meta?.next_page_url", limit_param = "PageSize", max_page_size = 1000)]"#,
        ),
        (
            "vellum.yaml",
            "deployments_list",
            r#"#[paginate(next_url = "next", total = "count")]"#,
        ),
        (
            "oxide-nexus.json",
            "group_list",
            r#"#[paginate(cursor = "next_page", cursor_param = "page_token")]"#,
        ),
    ];
    let mut wrong = Vec::new();
    for (file, operation_id, expected) in cases {
        let actual = attribute_of(file, operation_id);
        if actual != expected {
            wrong.push(format!(
                "{file} {operation_id}:\n  got      {actual}\n  expected {expected}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The record of one operation, by id or `METHOD /path`.
fn record(file: &str, key: &str) -> OperationRecord {
    let document = loaded().iter().find(|document| document.file == file).unwrap();
    let report = document.report.to_json();
    report
        .operation(key)
        .unwrap_or_else(|error| panic!("{file}: {error}"))
        .clone()
}

fn body(json_path: &str) -> Option<Location> {
    Some(Location::Body {
        json_path: json_path.into(),
    })
}

/// Items below the top level. temporal.yaml:
///
/// ```yaml
/// GetWorkflowExecutionHistoryReverseResponse:
///   type: object
///   properties:
///     history: { $ref: '#/components/schemas/History' }
///     nextPageToken: { type: string, format: bytes }
/// History:
///   type: object
///   properties:
///     events: { type: array, items: { $ref: '#/components/schemas/HistoryEvent' } }
/// ```
///
/// But not in an object named unlike what the operation lists: label-studio.yaml's
/// `GET /api/datasets/tasks` answers a `DatasetView` (`{dataset, filter_group: {filters: [...]}, ...}`),
/// whose only nested list is the view's filters, not tasks.
#[test]
fn items_below_the_top_level() {
    let reverse = record(
        "temporal.yaml",
        "GET /api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}/history-reverse",
    );
    assert_eq!(reverse.strategy.as_deref(), Some("cursor"));
    assert_eq!(reverse.confidence, Some(Confidence::Medium));
    let response = reverse.response.unwrap();
    assert_eq!(Some(response.items), body("$.history.events"));
    assert_eq!(response.next_cursor, body("$.nextPageToken"));
    assert_eq!(
        reverse.attribute.as_deref(),
        Some(
            r#"#[paginate(items = "history?.events", item = T, cursor = "next_page_token", cursor_param = "nextPageToken", limit_param = "maximumPageSize")]"#
        )
    );

    let view = record("label-studio.yaml", "api_datasets_tasks_retrieve");
    assert_eq!(view.status, Status::Unclassified);
    assert!(
        view.reasons[0].contains(
            "none below the top level is named like what the operation lists (`filter_group.filters`)"
        ),
        "{:?}",
        view.reasons
    );
}

/// A deprecated sibling. temporal.yaml:
///
/// ```yaml
/// ListWorkersResponse:
///   type: object
///   properties:
///     workersInfo:
///       type: array
///       items: { $ref: '#/components/schemas/WorkerInfo' }
///       description: |-
///         Deprecated: Use workers instead. This field returns full WorkerInfo which
///          includes expensive runtime metrics. We will stop populating this field in the future.
///     workers:
///       type: array
///       items: { $ref: '#/components/schemas/WorkerListInfo' }
///       description: Limited worker information.
///     nextPageToken: { type: string, format: bytes }
/// ```
#[test]
fn a_deprecated_list_gives_way_to_its_successor() {
    for key in [
        "GET /api/v1/namespaces/{namespace}/workers",
        "GET /namespaces/{namespace}/workers",
    ] {
        let workers = record("temporal.yaml", key);
        assert_eq!(workers.strategy.as_deref(), Some("cursor"), "{key}");
        assert_eq!(Some(workers.response.unwrap().items), body("$.workers"));
        assert_eq!(
            workers.evidence[0],
            "items: `workers`: its only array (`workersInfo` is deprecated)"
        );
    }
}

/// Alternate representations. temporal.yaml:
///
/// ```yaml
/// GetWorkflowExecutionHistoryResponse:
///   type: object
///   properties:
///     history: { $ref: '#/components/schemas/History' }
///     rawHistory:
///       type: array
///       items: { $ref: '#/components/schemas/DataBlob' }
///       description: |-
///         Raw history is an alternate representation of history that may be returned if configured on
///          the frontend. This is not supported by all SDKs. Either this or `history` will be set.
///     nextPageToken: { type: string, format: bytes }
///     archived: { type: boolean }
/// ```
#[test]
fn an_alternate_representation_gives_way_to_the_primary_one() {
    for key in [
        "GET /api/v1/namespaces/{namespace}/workflows/{execution.workflow_id}/history",
        "GET /namespaces/{namespace}/workflows/{execution.workflow_id}/history",
    ] {
        let history = record("temporal.yaml", key);
        assert_eq!(
            Some(history.response.unwrap().items),
            body("$.history.events"),
            "{key}"
        );
        assert!(history.evidence[0].contains("`rawHistory` is an alternate representation of `history`"));
        assert!(history
            .attribute
            .unwrap()
            .starts_with(r#"#[paginate(items = "history?.events", item = T, "#));
    }
}

/// `anyOf` whose variants are all arrays, with a declared `Link` header. github.json,
/// `GET /repos/{owner}/{repo}/stargazers`:
///
/// ```json
/// "200": {
///   "content": { "application/json": { "schema": { "anyOf": [
///     { "type": "array", "items": { "$ref": "#/components/schemas/simple-user" } },
///     { "type": "array", "items": { "$ref": "#/components/schemas/stargazer" } }
///   ] } } },
///   "headers": { "Link": { "$ref": "#/components/headers/link" } }
/// }
/// ```
///
/// progenitor makes such a response a type of its own, not a `Vec`: no impl for it.
#[test]
fn an_any_of_of_arrays_is_an_array() {
    for key in [
        "activity/list-stargazers-for-repo",
        "activity/list-repos-starred-by-user",
    ] {
        let stars = record("github.json", key);
        assert_eq!(stars.strategy.as_deref(), Some("link_header"), "{key}");
        assert_eq!(stars.confidence, Some(Confidence::Medium));
        let response = stars.response.unwrap();
        assert_eq!(Some(response.items), body("$"));
        assert_eq!(response.next_url, Some(Location::Header { name: "Link".into() }));
    }
    let github = Document::read(documents_dir().join("github.json")).unwrap();
    let progenitor = generate(&github, &Options::default().target(Target::Progenitor)).unwrap();
    let stars = progenitor
        .report
        .operation("activity/list-stargazers-for-repo")
        .unwrap();
    let Outcome::Unclassified { reasons, .. } = &stars.outcome else {
        panic!("{stars:?}")
    };
    assert!(
        reasons
            .last()
            .unwrap()
            .contains("progenitor makes a type of its own"),
        "{reasons:?}"
    );
}

/// A `Link` header described only in prose. github.json, `GET /app/hook/deliveries` answers a bare
/// array and declares no header; its parameter:
///
/// ```json
/// "cursor": {
///   "name": "cursor",
///   "description": "Used for pagination: the starting delivery from which the page of deliveries is fetched. Refer to the `link` header for the next and previous page cursors.",
///   "in": "query", "required": false, "schema": { "type": "string" }
/// }
/// ```
#[test]
fn a_link_header_a_description_refers_to() {
    for key in [
        "apps/list-webhook-deliveries",
        "orgs/list-webhook-deliveries",
        "repos/list-webhook-deliveries",
    ] {
        let deliveries = record("github.json", key);
        assert_eq!(deliveries.strategy.as_deref(), Some("link_header"), "{key}");
        assert_eq!(deliveries.confidence, Some(Confidence::Low));
        assert!(deliveries
            .evidence
            .contains(&"parameter `cursor`'s description refers to the `Link` header".to_owned()));
        assert_eq!(
            deliveries.attribute.as_deref(),
            Some(r#"#[paginate(link_header, limit_param = "per_page")]"#)
        );
    }
}

/// Responses declared only as `{ok}`, with the list and the cursor in the documented example, or the
/// cursor's place in the parameter's description. slack.json, `GET /admin.apps.approved.list`:
///
/// ```json
/// "parameters": [{ "name": "cursor", "in": "query", "type": "string",
///   "description": "Set `cursor` to `next_cursor` returned by the previous call to list items in the next page" }, ...],
/// "responses": { "200": {
///   "examples": { "application/json": {
///     "approved_apps": [{ "app": { "id": "A0W7UKG8E", ... }, "date_updated": 1574296707, ... }],
///     "ok": true,
///     "response_metadata": { "next_cursor": "" }
///   } },
///   "schema": { "type": "object", "additionalProperties": true, "required": ["ok"],
///     "properties": { "ok": { "$ref": "#/definitions/defs_ok_true" } } }
/// } }
/// ```
///
/// `GET /conversations.history` declares `messages` and `has_more` but no cursor; the parameter says
/// where it is: "Paginate through collections of data by setting the `cursor` parameter to a
/// `next_cursor` attribute returned by a previous request's `response_metadata`."
///
/// Not where the example shows a list but not the cursor, and the description does not say where it
/// is: `GET /admin.emoji.list`'s example holds `categories`, while the emoji it lists are a map.
#[test]
fn a_documented_example_and_descriptions_at_low_confidence() {
    let approved = record("slack.json", "admin_apps_approved_list");
    assert_eq!(approved.confidence, Some(Confidence::Low));
    let response = approved.response.unwrap();
    assert_eq!(Some(response.items), body("$.approved_apps"));
    assert_eq!(response.next_cursor, body("$.response_metadata.next_cursor"));
    assert!(approved.evidence.last().unwrap().starts_with(
        "low confidence: the response schema does not declare `approved_apps`, `response_metadata.next_cursor`, \
         read from the documented example of the response"
    ));

    let history = record("slack.json", "conversations_history");
    assert_eq!(history.confidence, Some(Confidence::Low));
    assert_eq!(
        history.attribute.as_deref(),
        Some(r#"#[paginate(cursor = "response_metadata?.next_cursor", has_more = "has_more")]"#)
    );

    let emoji = record("slack.json", "admin_emoji_list");
    assert_eq!(emoji.status, Status::Unclassified);
    assert_eq!(
        emoji.reasons,
        [
            "takes `cursor`, `limit` but the response has no list field",
            "with the documented example of the response: cursor parameter `cursor` but no response field carries the next cursor"
        ]
    );

    // progenitor's types come from the schema, which lacks these members: no impl.
    let slack = Document::read(documents_dir().join("slack.json")).unwrap();
    let progenitor = generate(&slack, &Options::default().target(Target::Progenitor)).unwrap();
    let approved = progenitor.report.operation("admin_apps_approved_list").unwrap();
    let Outcome::Unclassified { reasons, .. } = &approved.outcome else {
        panic!("{approved:?}")
    };
    assert!(
        reasons.last().unwrap().contains("progenitor's type lacks it"),
        "{reasons:?}"
    );
}

/// The checked-in code is what rustfmt makes of it, with rustfmt's defaults (what a project including
/// it has unless it configures otherwise).
#[test]
fn generated_code_is_rustfmt_clean() {
    use std::io::Write;
    use std::process::{Command, Stdio};

    let mut files: Vec<PathBuf> = Vec::new();
    for dir in [generated(""), generated("progenitor")] {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= DOCUMENTS.len(), "{} generated files", files.len());
    let mut unformatted = Vec::new();
    for path in files {
        let code = std::fs::read_to_string(&path).unwrap();
        let rustfmt = std::env::var("RUSTFMT").unwrap_or_else(|_| "rustfmt".into());
        // In the crate's directory, so rustup picks the project's toolchain; the project's own
        // `max_width` is overridden with the default.
        let mut child = Command::new(rustfmt)
            .args([
                "--edition",
                "2021",
                "--emit",
                "stdout",
                "--config",
                "max_width=100",
            ])
            .current_dir(manifest_dir())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("rustfmt runs (the toolchain's rustfmt component)");
        child.stdin.take().unwrap().write_all(code.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        assert!(
            output.status.success(),
            "rustfmt failed on {}: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr)
        );
        if output.stdout != code.as_bytes() {
            unformatted.push(path.display().to_string());
        }
    }
    assert!(
        unformatted.is_empty(),
        "not rustfmt-clean: {}",
        unformatted.join(", ")
    );
}
