//! Generates the SDK into `OUT_DIR`: the client, by progenitor, from the Oxide nexus OpenAPI document,
//! and its pagination, by `paginated-openapi` in progenitor mode, from the same document.
//!
//! The document is not part of this repository. It is read from `oxide-nexus.json` in the directory
//! named by `PAGINATE_OPENAPI_SPECS` (as for `paginated-openapi`'s tests) or, without it, in
//! `shared/openapi-specs/` beside the workspace. Without the document the build still succeeds: the
//! `oxide_nexus` cfg stays unset, the crate has no client, and its binary and tests say they skipped.
//! Cargo runs this script again when the document appears, changes, or the variable changes.
//!
//! From `dub.json` in the same directory, when it is there, it also generates progenitor's client for
//! Dub's API (cfg `dub_document`): `tests/checked_in.rs` compiles `paginated-openapi`'s checked-in
//! output for that document against it.

use std::error::Error;
use std::path::{Path, PathBuf};
use std::{env, fs, io};

const DOCUMENT: &str = "oxide-nexus.json";
const DUB: &str = "dub.json";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rustc-check-cfg=cfg(oxide_nexus)");
    println!("cargo::rustc-check-cfg=cfg(dub_document)");
    println!("cargo::rerun-if-env-changed=PAGINATE_OPENAPI_SPECS");
    let out = PathBuf::from(env::var_os("OUT_DIR").ok_or("cargo sets OUT_DIR")?);
    let specs = specs_dir()?;

    // Dub's client, for a test that compiles `paginated-openapi`'s checked-in output for it. Watched
    // only when present: watching an absent file would run this script, and so rebuild the crate, on
    // every build.
    let dub = specs.join(DUB);
    if let Ok(text) = fs::read_to_string(&dub) {
        println!("cargo::rerun-if-changed={}", dub.display());
        fs::write(out.join("dub_client.rs"), client(&text)?)?;
        println!("cargo::rustc-cfg=dub_document");
    }

    let document = specs.join(DOCUMENT);
    // Watched even when absent: cargo then runs this script on every build until it appears (cheap
    // without the document: there is no client to compile).
    println!("cargo::rerun-if-changed={}", document.display());

    let text = match fs::read_to_string(&document) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            println!(
                "cargo::warning=the Oxide nexus OpenAPI document is not at {}: the example is built \
                 without its client (set PAGINATE_OPENAPI_SPECS to the directory that holds {DOCUMENT})",
                document.display()
            );
            fs::write(out.join("pagination.rs"), "")?;
            fs::write(out.join("report.txt"), "")?;
            fs::write(out.join("document.txt"), "")?;
            return Ok(());
        }
        Err(error) => return Err(format!("{}: {error}", document.display()).into()),
    };

    fs::write(out.join("client.rs"), client(&text)?)?;

    // Its pagination: `paginated::impl_paginate!` for every paginated response type, and the report.
    let document_value = paginated_openapi::Document::parse(&text)?;
    let options = paginated_openapi::Options::default().target(paginated_openapi::Target::Progenitor);
    let output = paginated_openapi::generate(&document_value, &options)?;
    fs::write(out.join("pagination.rs"), &output.code)?;
    fs::write(out.join("report.txt"), output.report.to_string())?;
    fs::write(out.join("document.txt"), document.display().to_string())?;

    println!("cargo::rustc-cfg=oxide_nexus");

    Ok(())
}

/// progenitor's client for a JSON OpenAPI document, as its own build-script example generates it.
fn client(text: &str) -> Result<String, Box<dyn Error>> {
    let spec: openapiv3::OpenAPI = serde_json::from_str(text)?;
    let mut generator = progenitor::Generator::default();
    let tokens = generator.generate_tokens(&spec)?;
    Ok(prettyplease::unparse(&syn::parse2(tokens)?))
}

/// `PAGINATE_OPENAPI_SPECS`, or `shared/openapi-specs/` beside the workspace root.
fn specs_dir() -> Result<PathBuf, Box<dyn Error>> {
    if let Some(dir) = env::var_os("PAGINATE_OPENAPI_SPECS") {
        return Ok(PathBuf::from(dir));
    }
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").ok_or("cargo sets CARGO_MANIFEST_DIR")?);
    // This crate is `<workspace>/examples/oxide-sdk`.
    let workspace = manifest
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .ok_or("the crate lies two levels under the workspace root")?;
    Ok(workspace.join("../shared/openapi-specs"))
}
