//! The path generated code uses to reach the runtime: `crate = "..."` when given, else the facade
//! package as this crate's manifest names it (renamed dependencies included).

use proc_macro2::Span;
use proc_macro_crate::{crate_name, FoundCrate};
use syn::Ident;

/// The facade's package name on crates.io: the one name the lookup searches the manifest for.
const FACADE_PACKAGE: &str = "paginated";

/// The path to the facade crate for code expanded in the crate being compiled, or the one error to
/// report when that crate does not depend on it.
pub fn facade_path() -> Result<syn::Path, String> {
    let lib_name = FACADE_PACKAGE.replace('-', "_");
    let name = match crate_name(FACADE_PACKAGE) {
        Ok(FoundCrate::Name(name)) => name,
        // The facade's own tests, examples and doctests reach it under its library name.
        Ok(FoundCrate::Itself) => lib_name,
        Err(proc_macro_crate::Error::CrateNotFound { .. }) => {
            return Err(format!(
                "this crate does not depend on `{FACADE_PACKAGE}`: add it to [dependencies] \
                 (`cargo add {FACADE_PACKAGE}`), or, when it comes through an SDK that re-exports it, \
                 name that path: `#[paginate(crate = \"my_sdk::{lib_name}\")]`"
            ))
        }
        // No manifest to read (a build system other than cargo): the conventional name.
        Err(_) => lib_name,
    };
    let ident = Ident::new(&name, Span::call_site());
    Ok(syn::parse_quote!(::#ident))
}

#[cfg(test)]
mod tests {
    use super::facade_path;
    use quote::ToTokens;

    /// The lookup for a crate whose manifest lists `dependencies`. The lookup reads `CARGO_MANIFEST_DIR`,
    /// so the cases run in one test, one after the other.
    fn lookup(name: &str, dependencies: &str) -> Result<String, String> {
        let dir = std::env::temp_dir().join(format!("paginated-derive-lookup-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let manifest =
            format!("[package]\nname = \"{name}\"\nversion = \"0.1.0\"\n\n[dependencies]\n{dependencies}\n");
        std::fs::write(dir.join("Cargo.toml"), manifest).unwrap();
        std::env::set_var("CARGO_MANIFEST_DIR", &dir);
        let found = facade_path().map(|path| path.to_token_stream().to_string().replace(' ', ""));
        std::fs::remove_dir_all(&dir).unwrap();
        found
    }

    #[test]
    fn finds_the_facade_under_the_name_the_manifest_gives_it() {
        assert_eq!(lookup("plain", "paginated = \"0.1\"").unwrap(), "::paginated");
        let renamed = "pages = { package = \"paginated\", version = \"0.1\" }";
        assert_eq!(lookup("renamed", renamed).unwrap(), "::pages");
        let missing = lookup("sdk_user", "my_sdk = \"1\"").unwrap_err();
        assert!(missing.contains("does not depend on `paginated`"), "{missing}");
        assert!(missing.contains("crate = \"my_sdk::paginated\""), "{missing}");
    }
}
