//! What the facade lookup needs from a Cargo manifest: the package's name, its dependencies (key,
//! `package` rename, inherited from the workspace or not) and the workspace's dependencies. Read with
//! `toml_parser`'s event parser: a full TOML parser without a document model to build (the document
//! crates cost a clean build several seconds, on every user's machine).

use toml_parser::decoder::ScalarKind;
use toml_parser::parser::{parse_document, Event, EventKind};
use toml_parser::{ParseError, Source};

/// Tables whose keys are dependencies, at the top level and under `target.<platform>`.
const DEPENDENCY_TABLES: [&str; 5] = [
    "dependencies",
    "dev-dependencies",
    "build-dependencies",
    "dev_dependencies",
    "build_dependencies",
];

/// One dependency as a manifest declares it.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Dependency {
    /// The name it is declared under, which is the crate name code uses (with `-` as `_`).
    pub key: String,
    /// `package = "..."`: the package it renames.
    pub package: Option<String>,
    /// `workspace = true`: the rest, `package` included, comes from the workspace's entry.
    pub inherited: bool,
}

/// The parts of a manifest the lookup reads.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Manifest {
    /// `package.name`.
    pub package: Option<String>,
    /// Every dependency table's entries, target-specific ones included.
    pub dependencies: Vec<Dependency>,
    /// Whether it has a `workspace` table, which makes it a workspace root.
    pub is_workspace: bool,
    /// `workspace.dependencies`.
    pub workspace_dependencies: Vec<Dependency>,
}

impl Manifest {
    /// Reads a manifest; `None` when it is not valid TOML.
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut manifest = Manifest::default();
        for (path, value) in leaves(text)? {
            manifest.read(&path, value);
        }
        Some(manifest)
    }

    fn read(&mut self, path: &[String], value: Value) {
        let path: Vec<&str> = path.iter().map(String::as_str).collect();
        match path.as_slice() {
            ["package", "name"] => {
                if let Value::Text(name) = value {
                    self.package = Some(name);
                }
            }
            ["workspace", "dependencies", key, rest @ ..] => {
                self.is_workspace = true;
                record(&mut self.workspace_dependencies, key, rest, value);
            }
            ["workspace", ..] => self.is_workspace = true,
            [table, key, rest @ ..] | ["target", _, table, key, rest @ ..]
                if DEPENDENCY_TABLES.contains(table) =>
            {
                record(&mut self.dependencies, key, rest, value);
            }
            _ => {}
        }
    }
}

/// Adds what one key of a dependency's entry says to that dependency.
fn record(dependencies: &mut Vec<Dependency>, key: &str, rest: &[&str], value: Value) {
    let index = match dependencies.iter().position(|dependency| dependency.key == key) {
        Some(index) => index,
        None => {
            dependencies.push(Dependency {
                key: key.to_string(),
                ..Dependency::default()
            });
            dependencies.len() - 1
        }
    };
    let dependency = &mut dependencies[index];
    match (rest, value) {
        (["package"], Value::Text(package)) => dependency.package = Some(package),
        (["workspace"], Value::Bool(inherited)) => dependency.inherited = inherited,
        _ => {}
    }
}

/// A value the lookup reads; tables are leaves' paths, arrays are skipped.
enum Value {
    Text(String),
    Bool(bool),
    /// A table header, so that an empty table still counts as present.
    Table,
    Other,
}

/// Every key/value of a document outside arrays, as its full path (table header, dotted key, inline
/// tables) and its value, plus a [`Value::Table`] leaf per table header. `None` when the document is
/// not valid TOML.
fn leaves(text: &str) -> Option<Vec<(Vec<String>, Value)>> {
    let source = Source::new(text);
    let tokens = source.lex().into_vec();
    let mut events: Vec<Event> = Vec::new();
    let mut error: Option<ParseError> = None;
    parse_document(&tokens, &mut events, &mut error);
    if error.is_some() {
        return None;
    }
    let decode = |event: &Event, out: &mut String| -> Option<ScalarKind> {
        let raw = source.get(event)?;
        let mut error: Option<ParseError> = None;
        let kind = if event.kind() == EventKind::SimpleKey {
            raw.decode_key(out, &mut error);
            ScalarKind::String
        } else {
            raw.decode_scalar(out, &mut error)
        };
        error.is_none().then_some(kind)
    };

    let mut leaves = Vec::new();
    // The table the following keys belong to, the header being read, the dotted key being read, the
    // paths of the inline tables around it, and how deep inside arrays the reader is.
    let mut table: Vec<String> = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut key: Vec<String> = Vec::new();
    let mut inline: Vec<Vec<String>> = Vec::new();
    let mut key_path: Vec<String> = Vec::new();
    let mut arrays = 0usize;
    for event in &events {
        match event.kind() {
            EventKind::StdTableOpen | EventKind::ArrayTableOpen => header = Some(Vec::new()),
            EventKind::StdTableClose | EventKind::ArrayTableClose => {
                table = header.take()?;
                leaves.push((table.clone(), Value::Table));
            }
            EventKind::SimpleKey if arrays == 0 => {
                let mut segment = String::new();
                decode(event, &mut segment)?;
                match &mut header {
                    Some(header) => header.push(segment),
                    None => key.push(segment),
                }
            }
            EventKind::KeyValSep if arrays == 0 => {
                key_path = inline.last().unwrap_or(&table).clone();
                key_path.append(&mut key);
            }
            EventKind::Scalar if arrays == 0 => {
                let mut text = String::new();
                let value = match decode(event, &mut text)? {
                    ScalarKind::String => Value::Text(text),
                    ScalarKind::Boolean(flag) => Value::Bool(flag),
                    _ => Value::Other,
                };
                leaves.push((std::mem::take(&mut key_path), value));
            }
            EventKind::InlineTableOpen if arrays == 0 => inline.push(std::mem::take(&mut key_path)),
            EventKind::InlineTableClose if arrays == 0 => {
                inline.pop()?;
            }
            EventKind::ArrayOpen | EventKind::InlineTableOpen => arrays += 1,
            EventKind::ArrayClose | EventKind::InlineTableClose => arrays = arrays.checked_sub(1)?,
            EventKind::Error => return None,
            _ => {}
        }
    }
    Some(leaves)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dependency(key: &str, package: Option<&str>, inherited: bool) -> Dependency {
        Dependency {
            key: key.into(),
            package: package.map(Into::into),
            inherited,
        }
    }

    #[test]
    fn reads_every_spelling_of_a_dependency() {
        let manifest = Manifest::parse(
            r#"
            # [dependencies] in a comment is not a table
            [package]
            name = "my-sdk"
            description = """
            [dependencies]
            fake = "1"
            """

            [dependencies]
            plain = "0.1"
            'quoted-key' = { version = "1", features = ["a", { nested = "x" }] }
            pages = { package = "paginated", version = "0.1" }
            dotted.package = "paginated"
            dotted.version = "0.1"
            inherited = { workspace = true }

            [dependencies.sub]
            package = 'paginated'
            version = "0.1"

            [target.'cfg(unix)'.dev-dependencies]
            unix-only = { workspace = true, package = "other" }

            [features]
            dependencies = []
            "#,
        )
        .unwrap();
        assert_eq!(manifest.package.as_deref(), Some("my-sdk"));
        assert_eq!(
            manifest.dependencies,
            vec![
                dependency("plain", None, false),
                dependency("quoted-key", None, false),
                dependency("pages", Some("paginated"), false),
                dependency("dotted", Some("paginated"), false),
                dependency("inherited", None, true),
                dependency("sub", Some("paginated"), false),
                dependency("unix-only", Some("other"), true),
            ]
        );
        assert!(!manifest.is_workspace);
    }

    #[test]
    fn reads_a_workspace_root() {
        let manifest = Manifest::parse(
            "[workspace]\nmembers = [\"a\"]\n[workspace.dependencies]\npages = { package = \"paginated\" }\n",
        )
        .unwrap();
        assert!(manifest.is_workspace);
        assert_eq!(
            manifest.workspace_dependencies,
            vec![dependency("pages", Some("paginated"), false)]
        );
        assert!(Manifest::parse("[workspace]\n").unwrap().is_workspace);
    }

    #[test]
    fn refuses_what_is_not_toml() {
        for text in [
            "[dependencies\npaginated = \"1\"",
            "paginated = ",
            "a = \"unterminated",
            "[a]]",
        ] {
            assert_eq!(Manifest::parse(text), None, "{text:?}");
        }
    }
}
