//! The path generated code uses to reach the runtime: `crate = "..."` when given, else the facade
//! package as this crate's manifest names it (renamed dependencies included); and what else the
//! manifest says that messages need: the facade's entry, and the names of the other dependencies.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use proc_macro2::Span;
use syn::Ident;

use crate::manifest::Manifest;

/// The facade's package name on crates.io: the one name the lookup searches the manifest for.
const FACADE_PACKAGE: &str = "paginated";

/// The crates whose names every crate can use without a manifest entry.
pub const STANDARD_CRATES: [&str; 3] = ["std", "core", "alloc"];

/// The name code uses for a dependency: its key in the manifest, with dashes as underscores.
fn crate_name(key: &str) -> String {
    key.replace('-', "_")
}

/// The runtime as the crate being compiled reaches it.
pub struct Facade {
    /// The path to the facade crate.
    pub path: syn::Path,
    /// Where `crate = "..."` was written, when it was: generated code checks the path there.
    pub declared: Option<Span>,
    /// The facade's entry in the manifest, when the manifest was read and names it.
    entry: Option<Entry>,
    /// The crates whose items the crate being compiled cannot implement another crate's trait for: every
    /// dependency the manifest declares, the package's library when another target of the package is
    /// compiled, and the standard crates.
    external: Vec<String>,
}

/// How the manifest declares the facade.
#[derive(Clone)]
struct Entry {
    key: String,
    renamed: bool,
    inherited: bool,
}

impl Facade {
    /// Looks the facade up for code expanded in the crate being compiled, unless `declared` gives its
    /// path; the one error to report when that crate does not depend on it.
    pub fn find(declared: Option<(syn::Path, Span)>) -> Result<Facade, String> {
        let read = ManifestFacts::of_invoking_crate();
        let ManifestFacts { lookup, external } = &*read;
        let (path, declared) = match declared {
            Some((path, span)) => (path, Some(span)),
            None => {
                let name = match &lookup {
                    Lookup::Found(entry) => crate_name(&entry.key),
                    Lookup::Missing => return Err(missing_facade()),
                    Lookup::Unreadable => crate_name(FACADE_PACKAGE),
                };
                let ident = Ident::new(&name, Span::call_site());
                (syn::parse_quote!(::#ident), None)
            }
        };
        let entry = match lookup {
            Lookup::Found(entry) => Some(entry.clone()),
            Lookup::Missing | Lookup::Unreadable => None,
        };
        Ok(Facade {
            path,
            declared,
            entry,
            external: external.clone(),
        })
    }

    /// The manifest line that turns on `feature` of the facade, as the user's manifest names it:
    /// `pages = { package = "paginated", version = "0.1", features = ["xml"] }`.
    pub fn feature_line(&self, feature: &str) -> String {
        let features = format!("features = [\"{feature}\"]");
        let version = format!("version = \"{}\"", release_line());
        match &self.entry {
            Some(Entry {
                key, inherited: true, ..
            }) => format!("{key} = {{ workspace = true, {features} }}"),
            Some(Entry {
                key, renamed: true, ..
            }) => {
                format!("{key} = {{ package = \"{FACADE_PACKAGE}\", {version}, {features} }}")
            }
            Some(Entry { key, .. }) => format!("{key} = {{ {version}, {features} }}"),
            None => format!("{FACADE_PACKAGE} = {{ {version}, {features} }}"),
        }
    }

    /// The crate `path` names when its first segment is a dependency of the crate being compiled (or
    /// a standard crate), so that the item it names was defined in another crate.
    pub fn external_crate(&self, path: &syn::Path) -> Option<String> {
        let first = path.segments.first()?.ident.to_string();
        let first = first.trim_start_matches("r#");
        self.external.iter().find(|name| *name == first).cloned()
    }
}

/// The error when the crate being compiled does not depend on the facade.
fn missing_facade() -> String {
    let lib_name = crate_name(FACADE_PACKAGE);
    format!(
        "this crate does not depend on `{FACADE_PACKAGE}`: add it to [dependencies] \
         (`cargo add {FACADE_PACKAGE}`), or, when it comes through an SDK that re-exports it, \
         name that path: `#[paginate(crate = \"my_sdk::{lib_name}\")]`"
    )
}

/// The version requirement a manifest writes for this release: `0.1` for 0.1.x, `1` for 1.x.
fn release_line() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        (None, _) => version.to_owned(),
    }
}

/// What the manifest says of the facade.
enum Lookup {
    /// Its entry.
    Found(Entry),
    /// Not a dependency.
    Missing,
    /// No manifest, or not one the lookup can read.
    Unreadable,
}

/// What the lookup reads from the manifest of the crate being compiled.
struct ManifestFacts {
    lookup: Lookup,
    /// The dependencies' crate names, the standard crates, and the package's library seen from its
    /// other targets.
    external: Vec<String>,
}

/// The crate being compiled and the version of its manifest that [`ManifestFacts`] were read from.
#[derive(PartialEq)]
struct ManifestKey {
    dir: Option<std::ffi::OsString>,
    crate_name: Option<String>,
    /// The manifest's modification time and length.
    version: Option<(std::time::SystemTime, u64)>,
}

impl ManifestFacts {
    /// Read once per crate being compiled: a proc macro's statics last as long as the compiler that
    /// loaded it, which expands every envelope of the crate. A manifest edited since is read again.
    fn of_invoking_crate() -> Arc<ManifestFacts> {
        static CACHE: Mutex<Option<(ManifestKey, Arc<ManifestFacts>)>> = Mutex::new(None);
        let dir = std::env::var_os("CARGO_MANIFEST_DIR");
        let key = ManifestKey {
            version: dir.as_ref().and_then(|dir| {
                let metadata = std::fs::metadata(Path::new(dir).join("Cargo.toml")).ok()?;
                Some((metadata.modified().ok()?, metadata.len()))
            }),
            dir,
            crate_name: std::env::var("CARGO_CRATE_NAME").ok(),
        };
        let mut cache = CACHE.lock().unwrap_or_else(PoisonError::into_inner);
        match &*cache {
            Some((cached, facts)) if *cached == key => Arc::clone(facts),
            _ => {
                let facts = Arc::new(ManifestFacts::read());
                *cache = Some((key, Arc::clone(&facts)));
                facts
            }
        }
    }

    fn read() -> ManifestFacts {
        let manifest = invoking_manifest();
        let lookup = match &manifest {
            Some((dir, manifest)) => facade_entry(dir, manifest).map_or(Lookup::Missing, Lookup::Found),
            // No manifest to read (a build system other than cargo): the conventional name.
            None => Lookup::Unreadable,
        };
        let mut external: Vec<String> = STANDARD_CRATES.iter().map(|name| (*name).to_owned()).collect();
        if let Some((_, manifest)) = &manifest {
            external.extend(
                manifest
                    .dependencies
                    .iter()
                    .map(|dependency| crate_name(&dependency.key)),
            );
            // The package's library, seen from its tests, examples and benches (other crates).
            let library = manifest.package.as_deref().map(crate_name);
            let compiling = std::env::var("CARGO_CRATE_NAME").ok();
            external.extend(library.filter(|library| compiling.is_some_and(|name| name != *library)));
        }
        ManifestFacts { lookup, external }
    }
}

/// The manifest of the crate being compiled (`CARGO_MANIFEST_DIR`), and its directory.
fn invoking_manifest() -> Option<(std::path::PathBuf, Manifest)> {
    let dir = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR")?);
    let manifest = read(&dir)?;
    Some((dir, manifest))
}

/// The facade's entry in `manifest` (of the package in `dir`).
fn facade_entry(dir: &Path, manifest: &Manifest) -> Option<Entry> {
    // The facade's own tests, examples and doctests reach it under its library name.
    if manifest.package.as_deref() == Some(FACADE_PACKAGE) {
        return Some(Entry {
            key: FACADE_PACKAGE.to_owned(),
            renamed: false,
            inherited: false,
        });
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
            return Some(Entry {
                key: dependency.key.clone(),
                renamed: dependency.key != FACADE_PACKAGE,
                inherited: dependency.inherited,
            });
        }
    }
    None
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
    use super::Facade;
    use quote::ToTokens;

    /// What the lookup finds for a crate whose manifest is `manifest`, in `member` under a directory
    /// whose manifest is `root` (when given). The lookup reads `CARGO_MANIFEST_DIR`, so the cases run in
    /// one test, one after the other.
    fn find_in(case: &str, root: Option<&str>, member: &str, manifest: &str) -> Result<Facade, String> {
        let base =
            std::env::temp_dir().join(format!("paginated-derive-lookup-{}-{case}", std::process::id()));
        let dir = base.join(member);
        std::fs::create_dir_all(&dir).unwrap();
        if let Some(root) = root {
            std::fs::write(base.join("Cargo.toml"), root).unwrap();
        }
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        std::env::set_var("CARGO_MANIFEST_DIR", &dir);
        let found = Facade::find(None);
        std::fs::remove_dir_all(&base).unwrap();
        found
    }

    fn path(facade: &Facade) -> String {
        facade.path.to_token_stream().to_string().replace(' ', "")
    }

    fn find(name: &str, dependencies: &str) -> Result<Facade, String> {
        let manifest =
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n\n[dependencies]\n{dependencies}\n");
        find_in(name, None, "", &manifest)
    }

    #[test]
    fn finds_the_facade_under_the_name_the_manifest_gives_it() {
        let plain = find("plain", "paginated = \"0.1\"").unwrap();
        assert_eq!(path(&plain), "::paginated");
        assert_eq!(
            plain.feature_line("xml"),
            "paginated = { version = \"0.1\", features = [\"xml\"] }"
        );
        let renamed = find(
            "renamed",
            "pages = { package = \"paginated\", version = \"0.1\" }",
        )
        .unwrap();
        assert_eq!(path(&renamed), "::pages");
        assert_eq!(
            renamed.feature_line("xml"),
            "pages = { package = \"paginated\", version = \"0.1\", features = [\"xml\"] }"
        );
        let dashed = find(
            "dashed",
            "my-pages = { package = \"paginated\", version = \"0.1\" }",
        )
        .unwrap();
        assert_eq!(path(&dashed), "::my_pages");
        assert!(dashed.feature_line("xml").starts_with("my-pages = { package"));
        let itself = find("paginated", "serde = \"1\"").unwrap();
        assert_eq!(path(&itself), "::paginated", "the facade itself");
        let missing = find("sdk_user", "my_sdk = \"1\"").err().unwrap();
        assert!(missing.contains("does not depend on `paginated`"), "{missing}");
        assert!(missing.contains("crate = \"my_sdk::paginated\""), "{missing}");

        // Inherited from the workspace, renamed there: features are added next to `workspace = true`.
        let root = "[workspace]\nmembers = [\"member\"]\n\n[workspace.dependencies]\n\
                    pages = { package = \"paginated\", version = \"0.1\" }\n";
        let member = "[package]\nname = \"member\"\n\n[dependencies]\npages.workspace = true\n";
        let inherited = find_in("workspace", Some(root), "member", member).unwrap();
        assert_eq!(path(&inherited), "::pages");
        assert_eq!(
            inherited.feature_line("xml"),
            "pages = { workspace = true, features = [\"xml\"] }"
        );
        let plain_root = "[workspace]\n\n[workspace.dependencies]\npaginated = \"0.1\"\n";
        let member = "[package]\nname = \"member\"\n\n[dependencies]\npaginated = { workspace = true }\n";
        let inherited = find_in("workspace-plain", Some(plain_root), "member", member).unwrap();
        assert_eq!(path(&inherited), "::paginated");

        // A manifest that cannot be read: the conventional name, and rustc reports what is wrong.
        let broken = find_in("broken", None, "", "[package\nname = ").unwrap();
        assert_eq!(path(&broken), "::paginated");
        assert!(broken.feature_line("xml").starts_with("paginated = { version"));

        // The crates whose items are foreign: the dependencies, by crate name, the standard ones, and the
        // package's library from its other targets.
        std::env::set_var("CARGO_CRATE_NAME", "integration_test");
        let sdk_user = find("sdk_user", "paginated = \"0.1\"\nmy-sdk = \"1\"").unwrap();
        let external = |path: &str| sdk_user.external_crate(&syn::parse_str(path).unwrap());
        assert_eq!(external("my_sdk::types::Page").as_deref(), Some("my_sdk"));
        assert_eq!(external("::my_sdk::Page").as_deref(), Some("my_sdk"));
        assert_eq!(external("std::vec::Vec<u32>").as_deref(), Some("std"));
        assert_eq!(external("types::Page"), None);
        assert_eq!(external("Page"), None);
        assert_eq!(external("crate::Page"), None);
        assert_eq!(external("sdk_user::Page").as_deref(), Some("sdk_user"));
        std::env::set_var("CARGO_CRATE_NAME", "sdk_user");
        let library = find("sdk_user", "paginated = \"0.1\"").unwrap();
        assert_eq!(
            library.external_crate(&syn::parse_str("sdk_user::Page").unwrap()),
            None
        );
    }
}
