//! Errors that stop the generator: a document it cannot read, or options it cannot honour. Problems of
//! single operations (a dangling `$ref`, an extension of an unknown shape) are not errors: they are
//! reported per operation, and the rest of the document is still generated.

use std::path::PathBuf;

/// Why a document could not be read or the generator could not run.
///
/// ```
/// let error = paginated_openapi::Document::parse("{ \"openapi\": ").unwrap_err();
/// assert!(matches!(error, paginated_openapi::Error::Json(_)));
/// assert!(error.to_string().starts_with("the document is not valid JSON"));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document file could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The text starts like JSON (`{`) but is not valid JSON.
    #[error("the document is not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// The text is not valid YAML.
    #[error("the document is not valid YAML: {0}")]
    Yaml(#[source] serde_saphyr::Error),
    /// The document parsed, but has no `openapi` or `swagger` version field at its top level.
    #[error("not an OpenAPI document: no top-level `openapi` or `swagger` version field")]
    NotOpenApi,
    /// A version this generator does not read (it reads Swagger 2.0, OpenAPI 3.0 and 3.1).
    #[error("unsupported document version `{0}`: expected Swagger 2.0, OpenAPI 3.0 or OpenAPI 3.1")]
    UnsupportedVersion(String),
    /// `paths` is present but is not an object.
    #[error("`paths` is not an object")]
    PathsNotObject,
    /// The crate path option is not a Rust path.
    #[error("`{0}` is not a Rust path (expected something like `paginated` or `my_sdk::paginated`)")]
    CratePath(String),
}

/// Why a `$ref` could not be followed. Reported on the operation that uses it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum RefError {
    #[error("dangling `$ref` `{0}`: nothing at that place in the document")]
    Dangling(String),
    #[error("`$ref` `{0}` points into another document, which this generator does not read")]
    External(String),
    #[error("`$ref` `{0}` leads back to itself")]
    Cycle(String),
    #[error("a `$ref` that is not a string")]
    NotAString,
}
