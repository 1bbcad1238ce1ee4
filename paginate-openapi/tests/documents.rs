//! The generator on thirteen real public documents: its output is the checked-in code and report (so
//! neither drifts), every operation an extension marks is classified as the extension says, and the
//! counts are pinned. `tests/generated.rs` compiles the checked-in code against the real derive.
//!
//! The documents are vendored in `tests/documents/` (third-party files under their own licenses, listed
//! in its `SOURCES.md`; not part of the published crate). A missing or unreadable one fails every test
//! here. `PAGINATE_OPENAPI_BLESS=1` rewrites the checked-in files after an intended change.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use paginated_openapi::{generate, Counts, Document, Options, Outcome, Report, Source, Target};
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
    use paginated_openapi::json::{JsonReport, LookupError, Status, SCHEMA_VERSION};

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
