//! Generates the SDK into `OUT_DIR`: the client, by progenitor, from the Oxide nexus OpenAPI document,
//! and its pagination, by `paginated-openapi` in progenitor mode, from the same document.
//!
//! The document is the copy vendored in this repository, `paginate-openapi/tests/documents/`
//! (third-party documents under their own licenses, listed in its `SOURCES.md`). A missing or
//! unreadable document fails the build.
//!
//! From `dub.json` in the same directory it also generates progenitor's client for Dub's API:
//! `tests/checked_in.rs` compiles `paginated-openapi`'s checked-in output for that document against it.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::{env, fs};

const DOCUMENT: &str = "oxide-nexus.json";
const DUB: &str = "dub.json";

fn main() -> Result<(), Box<dyn Error>> {
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    let documents = documents_dir()?;

    // Dub's client, for a test that compiles `paginated-openapi`'s checked-in output for it.
    let dub = read(&documents.join(DUB))?;
    fs::write(out.join("dub_client.rs"), client(&dub)?)?;

    let document = documents.join(DOCUMENT);
    let text = read(&document)?;
    fs::write(out.join("client.rs"), client(&text)?)?;

    // Its pagination: `paginated::impl_paginate!` for every paginated response type, and the report.
    let document_value = paginated_openapi::Document::parse(&text)?;
    let options = paginated_openapi::Options::default().target(paginated_openapi::Target::Progenitor);
    let output = paginated_openapi::generate(&document_value, &options)?;
    fs::write(out.join("pagination.rs"), &output.code)?;
    fs::write(out.join("report.txt"), output.report.to_string())?;
    Ok(())
}

/// A vendored document's text, watched for changes.
fn read(path: &Path) -> Result<String, Box<dyn Error>> {
    println!("cargo::rerun-if-changed={}", path.display());
    fs::read_to_string(path).map_err(|error| {
        format!(
            "cannot read the vendored OpenAPI document {}: {error}",
            path.display()
        )
        .into()
    })
}

/// progenitor's client for a JSON OpenAPI document, as its own build-script example generates it.
fn client(text: &str) -> Result<String, Box<dyn Error>> {
    let spec: openapiv3::OpenAPI = serde_json::from_str(text)?;
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec)?;
    Ok(prettyplease::unparse(&syn::parse2(tokens)?))
}

/// `paginate-openapi/tests/documents/` in this workspace.
fn documents_dir() -> Result<PathBuf, Box<dyn Error>> {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or("cargo sets CARGO_MANIFEST_DIR")?);
    // This crate is `<workspace>/examples/oxide-sdk`.
    let workspace = manifest
        .ancestors()
        .nth(2)
        .ok_or("the crate lies two levels under the workspace root")?;
    Ok(workspace.join("paginate-openapi/tests/documents"))
}
