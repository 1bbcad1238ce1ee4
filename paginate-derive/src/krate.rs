//! The path generated code uses to reach the runtime: `crate = "..."` when given, else the facade
//! package as this crate's manifest names it (renamed dependencies included).

use std::path::Path;

use proc_macro2::Span;
use syn::Ident;

use crate::manifest::Manifest;

/// The facade's package name on crates.io: the one name the lookup searches the manifest for.
const FACADE_PACKAGE: &str = "paginated";

/// The name code uses for a dependency: its key in the manifest, with dashes as underscores.
fn crate_name(key: &str) -> String {
    key.replace('-', "_")
}

/// The path to the facade crate for code expanded in the crate being compiled, or the one error to
/// report when that crate does not depend on it.
pub fn facade_path() -> Result<syn::Path, String> {
    let lib_name = crate_name(FACADE_PACKAGE);
    let name = match facade_name() {
        Lookup::Found(name) => name,
        Lookup::Missing => {
            return Err(format!(
                "this crate does not depend on `{FACADE_PACKAGE}`: add it to [dependencies] \
                 (`cargo add {FACADE_PACKAGE}`), or, when it comes through an SDK that re-exports it, \
                 name that path: `#[paginate(crate = \"my_sdk::{lib_name}\")]`"
            ))
        }
        // No manifest to read (a build system other than cargo): the conventional name.
        Lookup::Unreadable => lib_name,
    };
    let ident = Ident::new(&name, Span::call_site());
    Ok(syn::parse_quote!(::#ident))
}

/// What the manifest says of the facade.
enum Lookup {
    /// The crate name it goes by.
    Found(String),
    /// Not a dependency.
    Missing,
    /// No manifest, or not one the lookup can read.
    Unreadable,
}

/// The name the crate being compiled gives the facade, from its manifest (`CARGO_MANIFEST_DIR`).
fn facade_name() -> Lookup {
    let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        return Lookup::Unreadable;
    };
    let dir = Path::new(&dir);
    let Some(manifest) = read(dir) else {
        return Lookup::Unreadable;
    };
    // The facade's own tests, examples and doctests reach it under its library name.
    if manifest.package.as_deref() == Some(FACADE_PACKAGE) {
        return Lookup::Found(crate_name(FACADE_PACKAGE));
    }
    let mut workspace = None;
    for dependency in &manifest.dependencies {
        let package = match &dependency.package {
            Some(package) => Some(package.as_str()),
            None if dependency.inherited => workspace
                .get_or_insert_with(|| workspace_root(dir))
                .as_ref()
                .and_then(|root: &Manifest| {
                    let entry = root
                        .workspace_dependencies
                        .iter()
                        .find(|entry| entry.key == dependency.key)?;
                    entry.package.as_deref()
                }),
            None => None,
        };
        if package.unwrap_or(&dependency.key) == FACADE_PACKAGE {
            return Lookup::Found(crate_name(&dependency.key));
        }
    }
    Lookup::Missing
}

fn read(dir: &Path) -> Option<Manifest> {
    Manifest::parse(&std::fs::read_to_string(dir.join("Cargo.toml")).ok()?)
}

/// The manifest of the workspace `dir`'s package belongs to: the nearest one, `dir`'s own included,
/// with a `workspace` table.
fn workspace_root(dir: &Path) -> Option<Manifest> {
    dir.ancestors()
        .filter_map(read)
        .find(|manifest| manifest.is_workspace)
}

#[cfg(test)]
mod tests {
    use super::facade_path;
    use quote::ToTokens;

    /// The lookup for a crate whose manifest is `manifest`, in `member` under a directory whose
    /// manifest is `root` (when given). The lookup reads `CARGO_MANIFEST_DIR`, so the cases run in one
    /// test, one after the other.
    fn lookup_in(case: &str, root: Option<&str>, member: &str, manifest: &str) -> Result<String, String> {
        let base =
            std::env::temp_dir().join(format!("paginated-derive-lookup-{}-{case}", std::process::id()));
        let dir = base.join(member);
        std::fs::create_dir_all(&dir).unwrap();
        if let Some(root) = root {
            std::fs::write(base.join("Cargo.toml"), root).unwrap();
        }
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        std::env::set_var("CARGO_MANIFEST_DIR", &dir);
        let found = facade_path().map(|path| path.to_token_stream().to_string().replace(' ', ""));
        std::fs::remove_dir_all(&base).unwrap();
        found
    }

    fn lookup(name: &str, dependencies: &str) -> Result<String, String> {
        let manifest =
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n\n[dependencies]\n{dependencies}\n");
        lookup_in(name, None, "", &manifest)
    }

    #[test]
    fn finds_the_facade_under_the_name_the_manifest_gives_it() {
        assert_eq!(lookup("plain", "paginated = \"0.1\"").unwrap(), "::paginated");
        let renamed = "pages = { package = \"paginated\", version = \"0.1\" }";
        assert_eq!(lookup("renamed", renamed).unwrap(), "::pages");
        let dashed = "my-pages = { package = \"paginated\", version = \"0.1\" }";
        assert_eq!(lookup("dashed", dashed).unwrap(), "::my_pages");
        assert_eq!(
            lookup("paginated", "serde = \"1\"").unwrap(),
            "::paginated",
            "the facade itself"
        );
        let missing = lookup("sdk_user", "my_sdk = \"1\"").unwrap_err();
        assert!(missing.contains("does not depend on `paginated`"), "{missing}");
        assert!(missing.contains("crate = \"my_sdk::paginated\""), "{missing}");

        // Inherited from the workspace, renamed there.
        let root = "[workspace]\nmembers = [\"member\"]\n\n[workspace.dependencies]\n\
                    pages = { package = \"paginated\", version = \"0.1\" }\n";
        let member = "[package]\nname = \"member\"\n\n[dependencies]\npages.workspace = true\n";
        assert_eq!(
            lookup_in("workspace", Some(root), "member", member).unwrap(),
            "::pages"
        );
        let plain_root = "[workspace]\n\n[workspace.dependencies]\npaginated = \"0.1\"\n";
        let member = "[package]\nname = \"member\"\n\n[dependencies]\npaginated = { workspace = true }\n";
        assert_eq!(
            lookup_in("workspace-plain", Some(plain_root), "member", member).unwrap(),
            "::paginated"
        );

        // A manifest that cannot be read: the conventional name, and rustc reports what is wrong.
        assert_eq!(
            lookup_in("broken", None, "", "[package\nname = ").unwrap(),
            "::paginated"
        );
    }
}
