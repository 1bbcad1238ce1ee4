//! Paths to members of the body, and how they are written in the attribute language: member names
//! joined by dots, a name that is not a plain identifier in single quotes (`'@odata.nextLink'`,
//! `meta.'next-page'`), and `[]` after a list whose every element the rest is read from
//! (`edges[].node`).

use std::fmt;

use serde_json::Value;

/// One step of a [`Path`]: a member name, and whether it is a list whose every element the rest of
/// the path is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Segment<'a> {
    pub(crate) name: &'a str,
    pub(crate) each: bool,
}

/// Where a member sits in the body, from the root. The empty path is the body itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Path<'a> {
    segments: Vec<Segment<'a>>,
}

impl<'a> Path<'a> {
    /// The body itself.
    pub(crate) fn root() -> Self {
        Path::default()
    }

    /// A path from member names.
    pub(crate) fn of(names: &[&'a str]) -> Self {
        Path {
            segments: names.iter().map(|&name| Segment { name, each: false }).collect(),
        }
    }

    /// This path, then member `name`.
    pub(crate) fn child(&self, name: &'a str) -> Self {
        let mut segments = Vec::with_capacity(self.segments.len() + 1);
        segments.extend_from_slice(&self.segments);
        segments.push(Segment { name, each: false });
        Path { segments }
    }

    /// This path, its last member read as a list whose every element holds `name`: `edges[].node`.
    pub(crate) fn each_child(&self, name: &'a str) -> Self {
        let mut path = self.clone();
        if let Some(last) = path.segments.last_mut() {
            last.each = true;
        }
        path.child(name)
    }

    /// The path of the object that holds this member (the body itself for a top-level member).
    pub(crate) fn parent(&self) -> Path<'a> {
        let mut segments = self.segments.clone();
        segments.pop();
        Path { segments }
    }

    /// The member's own name; `None` for the body itself.
    pub(crate) fn name(&self) -> Option<&'a str> {
        self.segments.last().map(|segment| segment.name)
    }

    pub(crate) fn depth(&self) -> usize {
        self.segments.len()
    }

    /// How many leading members this path shares with `other`: how close two signals sit.
    pub(crate) fn shared(&self, other: &Path<'_>) -> usize {
        self.segments
            .iter()
            .zip(&other.segments)
            .take_while(|(a, b)| a.name == b.name)
            .count()
    }

    /// The path as the walks read it.
    pub(crate) fn to_json_path(&self) -> paginated_core::JsonPath {
        let mut steps = Vec::with_capacity(self.segments.len() * 2);
        for segment in &self.segments {
            steps.push(paginated_core::JsonStep::Member(segment.name.to_owned()));
            if segment.each {
                steps.push(paginated_core::JsonStep::Each);
            }
        }
        paginated_core::JsonPath::new(steps)
    }

    /// The value at this path (a path through `[]` reads the first element's).
    pub(crate) fn get<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        let mut value = root;
        for segment in &self.segments {
            value = value.get(segment.name)?;
            if segment.each {
                value = value.as_array()?.first()?;
            }
        }
        Some(value)
    }
}

impl fmt::Display for Path<'_> {
    /// The path as the attribute language writes it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, segment) in self.segments.iter().enumerate() {
            if index > 0 {
                f.write_str(".")?;
            }
            if is_plain(segment.name) {
                f.write_str(segment.name)?;
            } else {
                write!(f, "'{}'", segment.name)?;
            }
            if segment.each {
                f.write_str("[]")?;
            }
        }
        Ok(())
    }
}

/// Whether `name` is written bare in a path: an ASCII identifier that is not a Rust keyword (the
/// attribute language is Rust's, where a keyword is no field name). Every other name is quoted.
pub(crate) fn is_plain(name: &str) -> bool {
    let mut chars = name.chars();
    let starts_well = chars
        .next()
        .is_some_and(|first| first == '_' || first.is_ascii_alphabetic());
    starts_well
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && name != "_"
        && !KEYWORDS.contains(&name)
}

/// Whether a member named `name` can be a signal or the items: a name holding a quote, a backslash or
/// a control character cannot be written in a quoted path segment, and no real API uses one.
pub(crate) fn is_usable(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c == '\'' || c == '\\' || c.is_control())
}

/// Rust's keywords, strict and reserved: members of these names are quoted.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop",
    "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self",
    "static", "struct", "super", "trait", "true", "try", "type", "typeof", "unsafe", "unsized", "use",
    "virtual", "where", "while", "yield",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_are_not_plain_identifiers_are_quoted() {
        assert_eq!(
            Path::of(&["pagination", "next_cursor"]).to_string(),
            "pagination.next_cursor"
        );
        assert_eq!(Path::of(&["@odata.nextLink"]).to_string(), "'@odata.nextLink'");
        assert_eq!(Path::of(&["meta", "next-page"]).to_string(), "meta.'next-page'");
        assert_eq!(Path::of(&["meta", "type"]).to_string(), "meta.'type'");
        assert_eq!(Path::of(&["_links", "_"]).to_string(), "_links.'_'");
        assert_eq!(Path::of(&["größe"]).to_string(), "'größe'");
        assert_eq!(Path::of(&["1st"]).to_string(), "'1st'");
    }

    #[test]
    fn each_marks_the_list() {
        let edges = Path::of(&["data", "issues", "edges"]).each_child("node");
        assert_eq!(edges.to_string(), "data.issues.edges[].node");
        let body = serde_json::json!({"data": {"issues": {"edges": [{"node": {"id": 1}}]}}});
        assert_eq!(edges.get(&body), Some(&serde_json::json!({"id": 1})));
    }

    #[test]
    fn hostile_names_are_never_used() {
        assert!(is_usable("next_cursor") && is_usable("@odata.nextLink"));
        assert!(!is_usable("it's") && !is_usable("a\\b") && !is_usable("\u{1b}[31m") && !is_usable(""));
    }

    #[test]
    fn shared_counts_the_common_members() {
        let cursor = Path::of(&["pagination", "next_cursor"]);
        assert_eq!(cursor.shared(&Path::of(&["pagination", "has_more"])), 1);
        assert_eq!(cursor.shared(&Path::of(&["has_more"])), 0);
        assert_eq!(cursor.parent(), Path::of(&["pagination"]));
    }
}
