//! A JSON body read in place: the values a [`JsonPath`] leads to, found without decoding the rest,
//! and XML bodies turned into JSON, for envelopes described at run time.

use serde::de::{DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde_json::value::RawValue;
#[cfg(feature = "xml")]
use url::Url;

#[cfg(feature = "xml")]
use crate::error::{Error, ErrorKind, Result, SNIPPET_CHARS};
#[cfg(feature = "xml")]
use crate::protocol::redact::{escape, redact_with, snippet, Secrets};

/// A path into a JSON body: member names, and "each element" steps through lists (`edges[].node` is
/// `[member("edges"), Each, member("node")]`).
///
/// ```
/// use paginated_core::{JsonPath, JsonStep};
/// let path = JsonPath::member("data").then("search").each().then("node");
/// assert_eq!(path.steps()[2], JsonStep::Each);
/// assert_eq!(path.to_string(), "data.search[].node");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct JsonPath(Vec<JsonStep>);

/// One step of a [`JsonPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JsonStep {
    /// The member of an object with this name.
    Member(String),
    /// Each element of a list.
    Each,
}

impl JsonPath {
    /// The path of one member of the body.
    pub fn member(name: impl Into<String>) -> Self {
        JsonPath(vec![JsonStep::Member(name.into())])
    }

    /// A path from its steps.
    pub fn new(steps: Vec<JsonStep>) -> Self {
        JsonPath(steps)
    }

    /// The path, then the member `name`.
    pub fn then(mut self, name: impl Into<String>) -> Self {
        self.0.push(JsonStep::Member(name.into()));
        self
    }

    /// The path, then each element of the list it leads to.
    pub fn each(mut self) -> Self {
        self.0.push(JsonStep::Each);
        self
    }

    /// The steps.
    pub fn steps(&self) -> &[JsonStep] {
        &self.0
    }
}

/// `a.b[].c`, as the attribute language writes it: a member name that is not a plain identifier is
/// quoted, `'@odata.nextLink'`, with `\'` and `\\` for a quote and a backslash in it.
impl std::fmt::Display for JsonPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (at, step) in self.0.iter().enumerate() {
            match step {
                JsonStep::Each => f.write_str("[]")?,
                JsonStep::Member(name) => {
                    if at > 0 {
                        f.write_str(".")?;
                    }
                    let plain = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
                        && name != "_"
                        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                    if plain {
                        f.write_str(name)?;
                    } else {
                        f.write_str("'")?;
                        for c in name.chars() {
                            if matches!(c, '\'' | '\\') {
                                f.write_str("\\")?;
                            }
                            write!(f, "{c}")?;
                        }
                        f.write_str("'")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// The values `path` leads to from `root`: none when a member is missing or `null`. With `list`, the
/// end of a path without `[]` is a list whose elements are the values (an object there is one value,
/// and a string, number or boolean an error).
pub(crate) fn values_at<'a>(
    root: &'a RawValue,
    path: &JsonPath,
    list: bool,
) -> std::result::Result<Vec<&'a RawValue>, String> {
    let mut current = vec![root];
    let mut through_each = false;
    for step in path.steps() {
        let mut next = Vec::with_capacity(current.len());
        for value in current {
            match step {
                JsonStep::Member(name) => {
                    if let Some(member) = member(value, name)? {
                        next.push(member);
                    }
                }
                JsonStep::Each => {
                    through_each = true;
                    next.extend(elements(value)?);
                }
            }
        }
        current = next.into_iter().filter(|value| value.get() != "null").collect();
    }
    if list && !through_each {
        // An object where the list was is one item (XML writes a single repeated element so); a
        // string, number or boolean there is no item.
        return match current.first() {
            Some(value) if value.get().starts_with('[') => elements(value),
            Some(value) if !value.get().starts_with('{') => Err(format!(
                "it holds {}, not a list of items",
                match value.get().as_bytes().first() {
                    Some(b'"') => "a string",
                    Some(b't' | b'f') => "a boolean",
                    _ => "a number",
                }
            )),
            _ => Ok(current),
        };
    }
    Ok(current)
}

/// The elements of a list (nothing for another value).
fn elements(value: &RawValue) -> std::result::Result<Vec<&RawValue>, String> {
    if !value.get().starts_with('[') {
        return Ok(Vec::new());
    }
    serde_json::from_str(value.get()).map_err(|error| error.to_string())
}

/// The member `name` of an object, found in one pass without decoding the others; `None` for a
/// missing member or a value that is not an object.
fn member<'a>(object: &'a RawValue, name: &str) -> std::result::Result<Option<&'a RawValue>, String> {
    if !object.get().starts_with('{') {
        return Ok(None);
    }
    struct Find<'n>(&'n str);
    impl<'de, 'n> Visitor<'de> for Find<'n> {
        type Value = Option<&'de RawValue>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("an object")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
            let mut found = None;
            while let Some(matches) = map.next_key_seed(KeyIs(self.0))? {
                if matches && found.is_none() {
                    found = Some(map.next_value::<&RawValue>()?);
                } else {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            Ok(found)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(object.get());
    serde::Deserializer::deserialize_map(&mut deserializer, Find(name)).map_err(|error| error.to_string())
}

/// Reads a key and says whether it is the one sought, without allocating for it when it has no
/// escapes.
struct KeyIs<'n>(&'n str);

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;

    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<bool, D::Error> {
        struct Compare<'n>(&'n str);
        impl<'de> Visitor<'de> for Compare<'_> {
            type Value = bool;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a member name")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> std::result::Result<bool, E> {
                Ok(key == self.0)
            }
        }
        deserializer.deserialize_str(Compare(self.0))
    }
}

/// An XML body as JSON: the root element's children as members, repeated names as lists, text-only
/// elements as strings, attributes as `@name` members, mixed text as `$text`.
#[cfg(feature = "xml")]
pub(crate) fn xml_to_json(url: &Url, body: &[u8], secrets: &Secrets) -> Result<String> {
    use quick_xml::events::Event;
    use serde_json::{Map, Value};

    let failure = |message: String| -> Error {
        ErrorKind::Decode {
            url: redact_with(url.as_str(), secrets),
            path: String::new(),
            offset: None,
            message: escape(&message),
            snippet: snippet(body, SNIPPET_CHARS, secrets),
        }
        .into()
    };
    fn insert(map: &mut Map<String, Value>, name: String, value: Value) {
        match map.get_mut(&name) {
            Some(Value::Array(list)) => list.push(value),
            Some(existing) => {
                let first = existing.take();
                *existing = Value::Array(vec![first, value]);
            }
            None => {
                map.insert(name, value);
            }
        }
    }
    fn finish(map: Map<String, Value>, text: String) -> Value {
        match (map.is_empty(), text.trim().is_empty()) {
            (true, _) => Value::String(text),
            (false, true) => Value::Object(map),
            (false, false) => {
                let mut map = map;
                map.insert("$text".into(), Value::String(text));
                Value::Object(map)
            }
        }
    }
    let mut reader = quick_xml::Reader::from_reader(body);
    // Each open element: its name, members and text.
    let mut stack: Vec<(String, Map<String, Value>, String)> = Vec::new();
    let mut root = None;
    let mut buffer = Vec::new();
    loop {
        let event = reader
            .read_event_into(&mut buffer)
            .map_err(|error| failure(error.to_string()))?;
        let (start, closes) = match &event {
            Event::Start(start) => (Some(start), false),
            Event::Empty(start) => (Some(start), true),
            _ => (None, false),
        };
        if let Some(start) = start {
            let name = <_ as AsRef<str>>::as_ref(&start.name()).to_owned();
            let mut members = Map::new();
            for attribute in start.attributes() {
                let attribute = attribute.map_err(|error| failure(error.to_string()))?;
                let key = format!("@{}", <_ as AsRef<str>>::as_ref(&attribute.key));
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|error| failure(error.to_string()))?
                    .into_owned();
                members.insert(key, Value::String(value));
            }
            stack.push((name, members, String::new()));
        }
        if closes || matches!(event, Event::End(_)) {
            let Some((name, members, text)) = stack.pop() else {
                return Err(failure("an element closes that was not open".into()));
            };
            let value = finish(members, text);
            match stack.last_mut() {
                Some((_, parent, _)) => insert(parent, name, value),
                None => root = Some(value),
            }
        }
        match &event {
            Event::Text(text) => {
                if let Some((_, _, content)) = stack.last_mut() {
                    content.push_str(&text.xml10_content());
                }
            }
            Event::CData(data) => {
                if let Some((_, _, content)) = stack.last_mut() {
                    content.push_str(data);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((_, _, content)) = stack.last_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => quick_xml::escape::resolve_xml_entity(reference)
                            .ok_or_else(|| failure(format!("unknown entity `&{};`", &**reference)))?
                            .to_owned(),
                    };
                    content.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buffer.clear();
    }
    let root = root.ok_or_else(|| failure("the body holds no XML element".into()))?;
    Ok(root.to_string())
}
