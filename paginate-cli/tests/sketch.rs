//! The envelopes `--explain` writes for `#[derive(Paginate)]` compile: for attributes of every
//! strategy, and for what detection finds on the emulated APIs (whose first page gives the types).
//!
//! They are kept in `tests/explained/envelopes.rs`, compiled here as a module; the test checks that
//! `--explain` still writes exactly them. `UPDATE_EXPLAINED=1 cargo test -p paginated-cli --test
//! sketch` rewrites the file after an intended change.

#[allow(dead_code)]
#[rustfmt::skip]
#[path = "explained/envelopes.rs"]
mod envelopes;

use std::fmt::Write;
use std::process::Command;

use paginated_mock::{MockConfig, MockServer};

/// The envelope `paginated URL ARGS... --explain` prints, unindented.
fn envelope(url: &str, args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_paginated"))
        .arg(url)
        .args(args)
        .arg("--explain")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{url} {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let (_, sketch) = stdout
        .split_once("an envelope for #[derive(Paginate)]:\n\n")
        .unwrap_or_else(|| panic!("no envelope in {stdout}"));
    sketch
        .lines()
        .map(|line| line.strip_prefix("    ").unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn explained_envelopes_compile() {
    let given = [
        r#"cursor = "meta.next", items = "data", has_more = "meta.has_more", total = header("X-Total-Count")"#,
        r#"next_url = "'@odata.nextLink'", items = "value", total = "'@odata.count'""#,
        r#"link_header, limit_param = "per_page""#,
        r#"offset, items = "results", total = "count", offset_param = "skip""#,
        r#"page = "meta.page", items = "data", total_pages = "meta.pages", first_page = 0"#,
        r#"keyset = "created, id", items = "data", has_more = "has_more", keyset_param = "after_created, after_id""#,
        r#"cursor = "data.search.pageInfo.endCursor", items = "data.search.edges[].node", has_more = "data.search.pageInfo.hasNextPage", errors = "errors", cursor_param = "variables.after", params_in = "body""#,
        r#"keyset = "sort", items = "hits.hits", carry = "pit_id", carry_param = "pit.id", params_in = "body""#,
        r#"cursor = "type.'next-page'", items = "type.items""#,
        r#"format = "xml", cursor = "NextContinuationToken", items = "Contents", cursor_param = "continuation-token""#,
    ];
    let mut file = String::from(
        "// The envelopes `paginated --explain` writes, kept by `tests/sketch.rs`, which compiles them.\n\n",
    );
    for (n, attribute) in given.iter().enumerate() {
        let sketch = envelope("https://api.example.com/v1/list", &["--paginate", attribute]);
        let _ = writeln!(file, "mod given_{n} {{\n{sketch}\n}}\n");
    }
    let server = MockServer::start(MockConfig::with_records(60));
    let detected = [
        "/playbook/api/v1/users",
        "/v1/calls",
        "/repos/octo/hello/issues",
        "/odata/v1.0/users",
        "/stripe/v1/customers",
        "/json-key/items",
        "/oxide/organizations?limit=20",
        "/api/v1/leads?page=1&pageSize=20",
        "/slack/api/conversations.list?limit=20",
    ];
    for (n, path) in detected.iter().enumerate() {
        let sketch = envelope(&server.url(path), &[]);
        let _ = writeln!(file, "mod detected_{n} {{\n{sketch}\n}}\n");
    }
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/explained/envelopes.rs");
    if std::env::var_os("UPDATE_EXPLAINED").is_some() {
        std::fs::write(&path, &file).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        kept == file,
        "--explain writes other envelopes than tests/explained/envelopes.rs holds; rerun with \
         UPDATE_EXPLAINED=1 if the change is intended"
    );
}
