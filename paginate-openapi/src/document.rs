//! Reading a document (JSON or YAML) into one JSON value tree, and following its local `$ref`s.
//!
//! The three versions are read from the same tree rather than through a typed model per version: the
//! typed OpenAPI crates each read one version (and reject documents of the others), while what decides
//! pagination — parameters, response schemas, headers and vendor extensions — sits in the same few
//! places in all three.

use std::path::Path;

use serde_json::Value;

use crate::error::{Error, RefError};

/// Which specification a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpecVersion {
    /// Swagger 2.0 (`swagger: "2.0"`).
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x.
    OpenApi31,
}

impl std::fmt::Display for SpecVersion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SpecVersion::Swagger2 => "Swagger 2.0",
            SpecVersion::OpenApi30 => "OpenAPI 3.0",
            SpecVersion::OpenApi31 => "OpenAPI 3.1",
        })
    }
}

/// A parsed OpenAPI 3.0, 3.1 or Swagger 2.0 document.
///
/// ```
/// use paginated_openapi::{Document, SpecVersion};
///
/// let document = Document::parse("openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths: {}\n")?;
/// assert_eq!(document.version(), SpecVersion::OpenApi31);
/// assert_eq!(document.title(), "Pets");
/// # Ok::<_, paginated_openapi::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Document {
    root: Value,
    version: SpecVersion,
    file_name: Option<String>,
}

/// Most references are one hop; a chain this long is a cycle or a generator gone wrong.
const MAX_REF_HOPS: usize = 64;

impl Document {
    /// Parses a document from its text: JSON when it starts with `{`, YAML otherwise.
    ///
    /// ```
    /// let error = paginated_openapi::Document::parse("swagger: '1.2'\n").unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "unsupported document version `1.2`: expected Swagger 2.0, OpenAPI 3.0 or OpenAPI 3.1"
    /// );
    /// ```
    pub fn parse(text: &str) -> Result<Document, Error> {
        let root = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(Error::Json)?
        } else {
            // The default budget is sized for configuration files; the largest public API documents
            // (several MB) have a few million YAML events.
            let options = serde_saphyr::options! {
                budget: serde_saphyr::budget! {
                    max_events: 50_000_000,
                    max_nodes: 20_000_000,
                },
            };
            serde_saphyr::from_str_with_options(text, options).map_err(Error::Yaml)?
        };
        Document::from_value(root)
    }

    /// Reads and parses a document file.
    ///
    /// ```
    /// let error = paginated_openapi::Document::read("no/such/openapi.yaml").unwrap_err();
    /// assert!(error.to_string().starts_with("cannot read no/such/openapi.yaml"));
    /// ```
    pub fn read(path: impl AsRef<Path>) -> Result<Document, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
            path: path.to_owned(),
            source,
        })?;
        let mut document = Document::parse(&text)?;
        document.file_name = path.file_name().map(|name| name.to_string_lossy().into_owned());
        Ok(document)
    }

    /// Takes a document already parsed into a JSON value.
    ///
    /// ```
    /// let value = serde_json::json!({ "swagger": "2.0", "info": { "title": "T", "version": "1" } });
    /// let document = paginated_openapi::Document::from_value(value)?;
    /// assert_eq!(document.version(), paginated_openapi::SpecVersion::Swagger2);
    /// # Ok::<_, paginated_openapi::Error>(())
    /// ```
    pub fn from_value(root: Value) -> Result<Document, Error> {
        let version = match (root.get("openapi"), root.get("swagger")) {
            (Some(version), _) => match version_text(version) {
                text if text.starts_with("3.0") => SpecVersion::OpenApi30,
                text if text.starts_with("3.1") => SpecVersion::OpenApi31,
                text => return Err(Error::UnsupportedVersion(text)),
            },
            (None, Some(version)) => match version_text(version) {
                text if text == "2.0" || text == "2" => SpecVersion::Swagger2,
                text => return Err(Error::UnsupportedVersion(text)),
            },
            (None, None) => return Err(Error::NotOpenApi),
        };
        if root.get("paths").is_some_and(|paths| !paths.is_object()) {
            return Err(Error::PathsNotObject);
        }
        Ok(Document {
            root,
            version,
            file_name: None,
        })
    }

    /// The file name of the document, when it was read from a file by [`Document::read`]; the JSON
    /// report names the document by it.
    ///
    /// ```
    /// let document = paginated_openapi::Document::parse("openapi: 3.0.3\npaths: {}\n")?;
    /// assert_eq!(document.file_name(), None);
    /// # Ok::<_, paginated_openapi::Error>(())
    /// ```
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The specification the document follows.
    pub fn version(&self) -> SpecVersion {
        self.version
    }

    /// `info.title`, or an empty string.
    pub fn title(&self) -> &str {
        self.info("title")
    }

    /// `info.version` (the API's version), or an empty string.
    pub fn api_version(&self) -> &str {
        self.info("version")
    }

    fn info(&self, key: &str) -> &str {
        self.root
            .get("info")
            .and_then(|info| info.get(key))
            .and_then(Value::as_str)
            .unwrap_or("")
    }

    /// The whole document as a JSON value (YAML documents too), for checks of your own.
    ///
    /// ```
    /// let document = paginated_openapi::Document::parse("openapi: 3.0.3\npaths: {}\n")?;
    /// assert!(document.as_value()["paths"].is_object());
    /// # Ok::<_, paginated_openapi::Error>(())
    /// ```
    pub fn as_value(&self) -> &Value {
        &self.root
    }

    /// Follows `$ref`s from `value` to the value they lead to, and the name of the first component
    /// referenced (`#/components/schemas/Group` → `Group`), which generators name types after.
    pub(crate) fn resolve<'d>(&'d self, value: &'d Value) -> Result<(&'d Value, Option<String>), RefError> {
        let mut current = value;
        let mut first_name = None;
        for _ in 0..MAX_REF_HOPS {
            let Some(reference) = current.get("$ref") else {
                return Ok((current, first_name));
            };
            let reference = reference.as_str().ok_or(RefError::NotAString)?;
            let Some(pointer) = reference.strip_prefix('#') else {
                return Err(RefError::External(reference.to_owned()));
            };
            current = self
                .root
                .pointer(pointer)
                .ok_or_else(|| RefError::Dangling(reference.to_owned()))?;
            if first_name.is_none() {
                first_name = pointer
                    .rsplit('/')
                    .next()
                    .map(|name| name.replace("~1", "/").replace("~0", "~"));
            }
        }
        Err(RefError::Cycle(
            value
                .get("$ref")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
        ))
    }
}

/// A version field as text; YAML documents sometimes carry it as a number (`swagger: 2.0`).
fn version_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.trim().to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_numbers_as_versions_and_keys() {
        let document =
            Document::parse("swagger: 2.0\npaths:\n  /a:\n    get:\n      responses:\n        200: {}\n")
                .unwrap();
        assert_eq!(document.version(), SpecVersion::Swagger2);
        assert!(document.as_value()["paths"]["/a"]["get"]["responses"]
            .get("200")
            .is_some());
    }

    #[test]
    fn refs_resolve_and_fail_clearly() {
        let document = Document::from_value(json!({
            "openapi": "3.0.3",
            "components": { "schemas": {
                "A": { "$ref": "#/components/schemas/B" },
                "B": { "type": "string" },
                "Loop": { "$ref": "#/components/schemas/Loop" },
                "a/b": { "type": "integer" },
            }},
        }))
        .unwrap();
        let reference = json!({ "$ref": "#/components/schemas/A" });
        let (value, name) = document.resolve(&reference).unwrap();
        assert_eq!(value, &json!({ "type": "string" }));
        assert_eq!(name.as_deref(), Some("A"));
        let escaped = json!({ "$ref": "#/components/schemas/a~1b" });
        assert_eq!(
            document.resolve(&escaped).unwrap().0,
            &json!({ "type": "integer" })
        );
        assert_eq!(
            document.resolve(&json!({ "$ref": "#/components/schemas/Nope" })),
            Err(RefError::Dangling("#/components/schemas/Nope".into()))
        );
        assert_eq!(
            document.resolve(&json!({ "$ref": "common.yaml#/X" })),
            Err(RefError::External("common.yaml#/X".into()))
        );
        assert!(matches!(
            document.resolve(&json!({ "$ref": "#/components/schemas/Loop" })),
            Err(RefError::Cycle(_))
        ));
        assert_eq!(document.resolve(&json!({ "$ref": 3 })), Err(RefError::NotAString));
    }

    #[test]
    fn not_openapi() {
        assert!(matches!(Document::parse("{\"a\": 1}"), Err(Error::NotOpenApi)));
        assert!(matches!(Document::parse("a: [1, 2"), Err(Error::Yaml(_))));
        assert!(matches!(
            Document::parse("{\"openapi\": \"3.0.0\", \"paths\": []}"),
            Err(Error::PathsNotObject)
        ));
    }
}
