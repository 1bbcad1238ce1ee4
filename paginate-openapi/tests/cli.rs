//! The `paginated-openapi` binary: what it prints, where, and its exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

const DOCUMENT: &str = r#"
swagger: "2.0"
info: { title: Records, version: "3" }
paths:
  /records:
    get:
      operationId: ListRecords
      parameters:
        - { name: $top, in: query, type: integer }
        - { name: $skiptoken, in: query, type: string }
      responses:
        "200":
          description: A page
          schema:
            type: object
            properties:
              value: { type: array, items: { type: object } }
              "@odata.nextLink": { type: string }
  /tags:
    get:
      operationId: ListTags
      parameters:
        - { name: cursor, in: query, type: string }
      responses:
        "200":
          description: Tags
          schema: { type: array, items: { type: string } }
"#;

/// The document in a file of its own, for this test.
fn document(test: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "paginated-openapi-cli-{}-{test}.yaml",
        std::process::id()
    ));
    std::fs::write(&path, DOCUMENT).unwrap();
    path
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paginated-openapi"))
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

#[test]
fn code_goes_to_standard_output() {
    let path = document("code");
    let code = stdout(&run(&[path.to_str().unwrap()]));
    assert!(
        code.contains("#[paginate(next_url = \"odata_next_link\", limit_param = \"$top\")]"),
        "{code}"
    );
    assert!(
        code.contains("    #[serde(rename = \"@odata.nextLink\")]\n    pub odata_next_link: Option<String>,")
    );
}

#[test]
fn report_and_explain() {
    let path = document("report");
    let report = stdout(&run(&[path.to_str().unwrap(), "--report"]));
    assert!(
        report.starts_with("paginated-openapi report: Records 3 (Swagger 2.0)\n"),
        "{report}"
    );
    assert!(report.contains("2 operations: 1 paginated (0 by extension, 1 by convention), 0 not paginated"));
    assert!(report.contains(
        "ListTags  GET /tags\n    unclassified [convention]\n    - cursor parameter `cursor` but no response field carries the next cursor\n"
    ));

    let explained = stdout(&run(&[path.to_str().unwrap(), "--explain", "ListRecords"]));
    assert!(
        explained.contains(". next URL `@odata.nextLink` (named like a next-page URL)"),
        "{explained}"
    );
    assert!(explained.contains("generated: ListRecordsPage"));

    let unknown = run(&[path.to_str().unwrap(), "--explain", "Nope"]);
    assert_eq!(unknown.status.code(), Some(1));
}

#[test]
fn json_report_and_explain() {
    let path = document("json");
    let text = stdout(&run(&[path.to_str().unwrap(), "--report", "--format", "json"]));
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["schema_version"], 1);
    assert_eq!(
        report["document"]["file"],
        path.file_name().unwrap().to_str().unwrap()
    );
    let records = report["operations"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["operation_id"], "ListRecords");
    assert_eq!(records[0]["strategy"], "next_url");
    assert_eq!(
        records[0]["response"]["next_url"],
        serde_json::json!({ "in": "body", "json_path": "$['@odata.nextLink']" })
    );
    assert_eq!(
        records[0]["request"]["size"],
        serde_json::json!({ "name": "$top", "in": "query" })
    );
    assert_eq!(records[1]["status"], "unclassified");
    assert_eq!(records[1]["confidence"], serde_json::Value::Null);
    assert_eq!(
        records[1]["reasons"][0],
        "cursor parameter `cursor` but no response field carries the next cursor"
    );

    // `--format json` alone prints the report too; `--explain` one record, by id or method and path.
    assert_eq!(stdout(&run(&[path.to_str().unwrap(), "--format", "json"])), text);
    let one = stdout(&run(&[
        path.to_str().unwrap(),
        "--format",
        "json",
        "--explain",
        "GET /tags",
    ]));
    let one: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(one, records[1]);

    let unknown = run(&[path.to_str().unwrap(), "--format", "json", "--explain", "Nope"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no reported operation is `Nope`"));
    let bad = run(&[path.to_str().unwrap(), "--format", "yaml"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unknown format `yaml`"));
}

#[test]
fn progenitor_impls_into_a_file() {
    let path = document("progenitor");
    let out = path.with_extension("rs");
    let output = run(&[
        path.to_str().unwrap(),
        "--progenitor",
        "--crate",
        "my_sdk::paginated",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(stdout(&output).is_empty());
    assert!(String::from_utf8_lossy(&output.stderr).contains("1 paginated"));
    let code = std::fs::read_to_string(&out).unwrap();
    assert!(code.contains("my_sdk::paginated::impl_paginate! {"), "{code}");
    assert!(code.contains("crate = \"my_sdk::paginated\""), "{code}");
    assert!(code.contains("    types::ListRecordsResponse\n}"));
}

#[test]
fn usage_errors_and_unreadable_documents() {
    let usage = run(&["--frobnicate"]);
    assert_eq!(usage.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("usage: paginated-openapi <DOCUMENT>"));
    assert_eq!(run(&[]).status.code(), Some(2));
    let missing = run(&["/no/such/openapi.json"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr)
        .starts_with("paginated-openapi: cannot read /no/such/openapi.json"));
    assert!(stdout(&run(&["--help"])).contains("--format text|json"));
}

#[test]
fn a_reader_that_goes_away_ends_the_output_quietly() {
    // `paginated-openapi doc.yaml | head -1`: the reader closes the pipe, and the code is more than
    // the pipe holds (64 KiB), so a write fails however fast the binary is.
    let mut text = String::from("swagger: \"2.0\"\ninfo: { title: Many, version: \"1\" }\npaths:\n");
    for n in 0..1_000 {
        text.push_str(&format!(
            "  /records{n}:\n    get:\n      operationId: ListRecords{n}\n      parameters:\n        \
             - {{ name: cursor, in: query, type: string }}\n      responses:\n        \"200\":\n          \
             description: A page\n          schema:\n            type: object\n            properties:\n              \
             data: {{ type: array, items: {{ type: object }} }}\n              next_cursor: {{ type: string }}\n"
        ));
    }
    let path = std::env::temp_dir().join(format!(
        "paginated-openapi-cli-{}-closed-pipe.yaml",
        std::process::id()
    ));
    std::fs::write(&path, text).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_paginated-openapi"))
        .arg(&path)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
}
