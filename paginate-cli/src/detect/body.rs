//! The response body, parsed into one tree whatever its format: JSON as it is, XML with every element
//! a member of its parent (an element that repeats is a list, a leaf is its text), so one analysis
//! reads both and paths name JSON members or XML elements alike.

use quick_xml::events::Event;
use quick_xml::Reader;
use serde_json::{Map, Value};

use super::detection::Format;
use super::error::{printable, DetectError};
use super::exchange::Exchange;

/// Deepest XML nesting read (serde_json's own limit for JSON).
const MAX_XML_DEPTH: usize = 128;

/// The parsed body.
pub(crate) struct Document {
    pub(crate) format: Format,
    /// The JSON value, or the XML root element's content.
    pub(crate) root: Value,
    /// The XML root element's name (`ListBucketResult`).
    pub(crate) xml_root: Option<String>,
}

impl Document {
    pub(crate) fn is_xml(&self) -> bool {
        self.format == Format::Xml
    }
}

pub(crate) fn parse(exchange: &Exchange<'_>) -> Result<Document, DetectError> {
    let body = exchange.body();
    let start = body
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(body)
        .iter()
        .position(|byte| !byte.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(DetectError::EmptyBody);
    };
    let declared_xml = exchange
        .header_value("content-type")
        .is_some_and(|content_type| content_type.to_ascii_lowercase().contains("xml"));
    if declared_xml || body[start..].starts_with(b"<") {
        return parse_xml(body);
    }
    let root = serde_json::from_slice(body).map_err(|error| DetectError::Body {
        format: Format::Json,
        reason: error.to_string(),
    })?;
    Ok(Document {
        format: Format::Json,
        root,
        xml_root: None,
    })
}

fn parse_xml(body: &[u8]) -> Result<Document, DetectError> {
    // The parser's messages quote element names, which come from the network.
    let invalid = |reason: String| DetectError::Body {
        format: Format::Xml,
        reason: printable(&reason, 200),
    };
    let text = std::str::from_utf8(body).map_err(|error| invalid(format!("not UTF-8: {error}")))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (name, root) = xml_tree(text).map_err(invalid)?;
    let root = match root {
        Value::Object(_) => root,
        _ => Value::Object(Map::new()),
    };
    Ok(Document {
        format: Format::Xml,
        root,
        xml_root: Some(name),
    })
}

/// An element being read: its name, the members its children made, its text.
struct Open {
    name: String,
    members: Map<String, Value>,
    text: String,
}

impl Open {
    /// What the element becomes in its parent: an object of its children, or its trimmed text.
    fn close(self) -> (String, Value) {
        let value = if self.members.is_empty() {
            Value::String(self.text.trim().to_owned())
        } else {
            Value::Object(self.members)
        };
        (self.name, value)
    }
}

/// The root element's name and content.
fn xml_tree(text: &str) -> Result<(String, Value), String> {
    let mut reader = Reader::from_str(text);
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|error| format!("{error} at byte {}", reader.error_position()))?;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_XML_DEPTH {
                    return Err(format!("elements nested deeper than {MAX_XML_DEPTH}"));
                }
                stack.push(Open {
                    name: local_name(start.local_name().as_ref()),
                    members: Map::new(),
                    text: String::new(),
                });
            }
            Event::Empty(empty) => {
                let name = local_name(empty.local_name().as_ref());
                attach(&mut stack, &mut root, name, Value::String(String::new()))?;
            }
            Event::End(_) => {
                let open = stack.pop().ok_or("an end tag without its start")?;
                let (name, value) = open.close();
                attach(&mut stack, &mut root, name, value)?;
            }
            Event::Text(text) => push_text(&mut stack, &text.into_inner()),
            Event::CData(data) => push_text(&mut stack, &data.into_inner()),
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => Some(c),
                    Ok(None) => match reference.into_inner().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    },
                    Err(error) => return Err(error.to_string()),
                };
                if let Some(c) = resolved {
                    push_text(&mut stack, c.encode_utf8(&mut [0; 4]));
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err("the document ends inside an element".into());
    }
    root.ok_or_else(|| "no element".into())
}

fn local_name(name: &str) -> String {
    name.to_owned()
}

fn push_text(stack: &mut [Open], text: &str) {
    if let Some(open) = stack.last_mut() {
        open.text.push_str(text);
    }
}

/// Puts a closed element into its parent: a second element of one name makes the member a list.
fn attach(
    stack: &mut [Open],
    root: &mut Option<(String, Value)>,
    name: String,
    value: Value,
) -> Result<(), String> {
    let Some(parent) = stack.last_mut() else {
        if root.is_some() {
            return Err("more than one root element".into());
        }
        *root = Some((name, value));
        return Ok(());
    };
    match parent.members.get_mut(&name) {
        Some(Value::Array(list)) => list.push(value),
        Some(existing) => {
            let first = existing.take();
            *existing = Value::Array(vec![first, value]);
        }
        None => {
            parent.members.insert(name, value);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn xml_repeated_elements_become_lists() {
        let xml = r#"<?xml version="1.0"?><ListBucketResult xmlns="http://s3"><IsTruncated>true</IsTruncated><Contents><Key>a</Key></Contents><Contents><Key>b&amp;c</Key></Contents><NextContinuationToken>tok</NextContinuationToken><Empty/></ListBucketResult>"#;
        let (name, root) = xml_tree(xml).unwrap();
        assert_eq!(name, "ListBucketResult");
        assert_eq!(
            root,
            json!({"IsTruncated": "true", "Contents": [{"Key": "a"}, {"Key": "b&c"}], "NextContinuationToken": "tok", "Empty": ""})
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(xml_tree("<a><b></a>").is_err());
        assert!(xml_tree("<a>").is_err());
        assert!(xml_tree("<a/><b/>").is_err());
        let deep = "<a>".repeat(200) + &"</a>".repeat(200);
        assert!(xml_tree(&deep).unwrap_err().contains("deeper"));
    }
}
