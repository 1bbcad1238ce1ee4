//! The path generated code uses to reach the runtime: `crate = "..."` when given, else the facade
//! package as this crate's manifest names it (renamed dependencies included).

use proc_macro2::Span;
use proc_macro_crate::{crate_name, FoundCrate};
use syn::Ident;

/// The facade's package name on crates.io: the one name the lookup searches the manifest for.
const FACADE_PACKAGE: &str = "paginate";

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
