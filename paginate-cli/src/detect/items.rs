//! Where the items are: the body itself when it is a list, else the one list of objects, else the
//! one list under a name APIs give their items (`data`, `items`, `results`, `value`, …). GraphQL's
//! `edges` are read through to their `node`s, and `nodes` beside `edges` holding the same items is one
//! list, not two.

use serde_json::Value;

use super::body::Document;
use super::names::{ITEMS_NAMES, NOT_ITEMS};
use super::path::Path;
use super::signals::{Found, List};

/// Where the items are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Items<'a> {
    /// The body is the list (no `items` key).
    Body,
    /// The list at this path.
    At(Path<'a>),
}

impl<'a> Items<'a> {
    /// The path of the list, the empty path for the body.
    pub(crate) fn path(&self) -> Path<'a> {
        match self {
            Items::Body => Path::root(),
            Items::At(path) => path.clone(),
        }
    }
}

/// The outcome of the search.
#[derive(Debug)]
pub(crate) enum Choice<'a> {
    One { items: Items<'a>, evidence: String },
    Several(Vec<Path<'a>>),
    None,
}

/// XML listings whose list of items is left out when it is empty, by root element.
const EMPTY_XML_LISTS: &[(&str, &[&str])] = &[
    ("ListBucketResult", &["Contents"]),
    ("EnumerationResults", &["Blobs", "Blob"]),
];

pub(crate) fn choose<'a>(document: &'a Document, found: &Found<'a>) -> Choice<'a> {
    if let Value::Array(elements) = &document.root {
        return Choice::One {
            items: Items::Body,
            evidence: format!("the body is the list of items ({})", count(elements.len())),
        };
    }
    let mut lists: Vec<List<'a>> = found
        .lists
        .iter()
        .filter(|list| {
            let name = list.path.name().unwrap_or_default();
            !NOT_ITEMS.iter().any(|not| not.eq_ignore_ascii_case(name))
        })
        .cloned()
        .collect();
    if document.is_xml() {
        lists.extend(single_xml_elements(&document.root, &Path::root()));
    }
    let lists = read_through_edges(lists);
    let objects: Vec<&List<'a>> = lists.iter().filter(|list| is_objects(list.elements)).collect();
    if let Some(choice) = one_of(&objects, "the one list of objects") {
        return choice;
    }
    let named: Vec<&List<'a>> = lists.iter().filter(|list| has_items_name(&list.path)).collect();
    if let Some(choice) = one_of(&named, "a list under a name APIs give their items") {
        return choice;
    }
    let filled: Vec<&List<'a>> = lists.iter().filter(|list| !list.elements.is_empty()).collect();
    if let Some(choice) = one_of(&filled, "the one list") {
        return choice;
    }
    let all: Vec<&List<'a>> = lists.iter().collect();
    if let Some(choice) = one_of(&all, "the one list") {
        return choice;
    }
    let empty_listing = document.xml_root.as_deref().and_then(|root| {
        EMPTY_XML_LISTS
            .iter()
            .find(|(name, _)| *name == root)
            .map(|(_, path)| Path::of(path))
    });
    match empty_listing {
        Some(path) => Choice::One {
            evidence: format!("the listing holds no `{path}` element: no items on this page"),
            items: Items::At(path),
        },
        None => Choice::None,
    }
}

/// The choice among `candidates`: one, several, or nothing to say (`None`) when there are none.
fn one_of<'a>(candidates: &[&List<'a>], why: &str) -> Option<Choice<'a>> {
    match candidates {
        [] => None,
        [list] => Some(Choice::One {
            evidence: format!("`{}` is {why} ({})", list.path, count(list.elements.len())),
            items: Items::At(list.path.clone()),
        }),
        several => Some(Choice::Several(
            several.iter().map(|list| list.path.clone()).collect(),
        )),
    }
}

fn count(len: usize) -> String {
    match len {
        0 => "empty on this page".to_owned(),
        1 => "1 item".to_owned(),
        n => format!("{n} items"),
    }
}

fn is_objects(elements: &[Value]) -> bool {
    !elements.is_empty() && elements.iter().all(Value::is_object)
}

fn has_items_name(path: &Path<'_>) -> bool {
    let name = path.name().unwrap_or_default();
    ITEMS_NAMES.iter().any(|known| known.eq_ignore_ascii_case(name))
}

/// GraphQL connections: `edges` whose every element has a `node` are read as `edges[].node`, and
/// dropped when a `nodes` beside them holds the same items.
fn read_through_edges(lists: Vec<List<'_>>) -> Vec<List<'_>> {
    let mut kept: Vec<List<'_>> = Vec::with_capacity(lists.len());
    for list in &lists {
        let is_edges = list.path.name() == Some("edges")
            && list
                .elements
                .iter()
                .all(|edge| edge.get("node").is_some_and(Value::is_object));
        if !is_edges {
            kept.push(list.clone());
            continue;
        }
        let nodes = list.path.parent().child("nodes");
        let same_nodes = lists.iter().any(|other| {
            other.path == nodes
                && other.elements.len() == list.elements.len()
                && other
                    .elements
                    .iter()
                    .zip(list.elements)
                    .all(|(node, edge)| edge.get("node") == Some(node))
        });
        if !same_nodes {
            // The nodes stand for the edges: the list is the edges, read through to each `node`.
            kept.push(List {
                path: list.path.each_child("node"),
                elements: list.elements,
            });
        }
    }
    kept
}

/// XML elements that appear once under a name APIs give their items: a list of one.
fn single_xml_elements<'a>(value: &'a Value, path: &Path<'a>) -> Vec<List<'a>> {
    let mut lists = Vec::new();
    let Value::Object(members) = value else {
        return lists;
    };
    for (name, member) in members {
        let here = path.child(name);
        if member.is_object() && has_items_name(&here) {
            lists.push(List {
                path: here,
                elements: std::slice::from_ref(member),
            });
        } else if member.is_object() && here.depth() < 3 {
            lists.extend(single_xml_elements(member, &here));
        }
    }
    lists
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::detection::Format;
    use crate::detect::signals::collect;
    use serde_json::json;

    fn choose_in(root: Value) -> Vec<String> {
        let document = Document {
            format: Format::Json,
            root,
            xml_root: None,
        };
        let found = collect(&document.root, false);
        match choose(&document, &found) {
            Choice::One { items, .. } => vec![items.path().to_string()],
            Choice::Several(paths) => paths.iter().map(ToString::to_string).collect(),
            Choice::None => Vec::new(),
        }
    }

    #[test]
    fn the_one_list_of_objects() {
        assert_eq!(
            choose_in(json!({"data": [{"id": 1}], "warnings": [{"w": 1}], "sort": [1, 2]})),
            ["data"]
        );
        assert_eq!(choose_in(json!([{"id": 1}])), [""]);
    }

    #[test]
    fn an_empty_page_is_found_by_its_name() {
        assert_eq!(choose_in(json!({"results": [], "tags": []})), ["results"]);
        assert_eq!(choose_in(json!({"ids": [1, 2], "next_cursor": "x"})), ["ids"]);
    }

    #[test]
    fn two_lists_of_objects_are_several() {
        assert_eq!(
            choose_in(json!({"data": [{"id": 1}], "included": [{"id": 2}]})),
            ["data", "included"]
        );
        assert!(choose_in(json!({"id": 1})).is_empty());
    }

    #[test]
    fn edges_are_read_through_and_nodes_stand_for_them() {
        let edges = json!({"data": {"c": {"edges": [{"cursor": "a", "node": {"id": 1}}]}}});
        assert_eq!(choose_in(edges), ["data.c.edges[].node"]);
        let both = json!({"c": {"edges": [{"node": {"id": 1}}], "nodes": [{"id": 1}]}});
        assert_eq!(choose_in(both), ["c.nodes"]);
        let different = json!({"c": {"edges": [{"node": {"id": 1}}], "nodes": [{"id": 2}]}});
        assert_eq!(choose_in(different), ["c.edges[].node", "c.nodes"]);
    }
}
