//! What the state machine asks for: the position of the next page and the page size, independent of
//! any transport.

use serde::{Deserialize, Serialize};

use crate::spec::{Spec, Strategy};

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum Position {
    /// The first page of a cursor, next URL, link or keyset walk: no position parameter is sent.
    First,
    /// An opaque cursor.
    Cursor(String),
    /// A full URL (next URL or `Link` header), resolved against the previous request.
    Url(String),
    /// An item offset.
    Offset(u64),
    /// A page number.
    Page(u64),
    /// The key of the last item received, one string per key part.
    Keyset(Vec<String>),
}

/// One page request, as the state machine describes it. Transports turn it into an HTTP request; a
/// closure transport reads it to call an SDK.
///
/// ```
/// use paginate_core::{PageRequest, Position};
/// let request = PageRequest::new(Position::Cursor("abc".into()), Some(50));
/// assert_eq!(request.cursor(), Some("abc"));
/// assert_eq!(request.page_size(), Some(50));
/// assert_eq!(request.offset(), None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    position: Position,
    page_size: Option<u64>,
}

impl PageRequest {
    /// A request for the page at `position` with `page_size` items (`None`: the API's default).
    pub fn new(position: Position, page_size: Option<u64>) -> Self {
        PageRequest { position, page_size }
    }
    /// Where the page starts.
    pub fn position(&self) -> &Position {
        &self.position
    }
    /// The page size to ask for, if any.
    pub fn page_size(&self) -> Option<u64> {
        self.page_size
    }
    /// The cursor to send, for cursor walks after the first page.
    pub fn cursor(&self) -> Option<&str> {
        match &self.position {
            Position::Cursor(cursor) => Some(cursor),
            _ => None,
        }
    }
    /// The URL to fetch, for next URL and `Link` walks after the first page.
    pub fn url(&self) -> Option<&str> {
        match &self.position {
            Position::Url(url) => Some(url),
            _ => None,
        }
    }
    /// The offset to send, for offset walks.
    pub fn offset(&self) -> Option<u64> {
        match self.position {
            Position::Offset(offset) => Some(offset),
            _ => None,
        }
    }
    /// The page number to send, for page walks.
    pub fn page(&self) -> Option<u64> {
        match self.position {
            Position::Page(page) => Some(page),
            _ => None,
        }
    }
    /// The key of the last item, for keyset walks after the first page.
    pub fn keyset(&self) -> Option<&[String]> {
        match &self.position {
            Position::Keyset(key) => Some(key),
            _ => None,
        }
    }

    /// The `(name, value)` parameters this request sets, with the names of `spec`. A URL position sets
    /// none: the URL already says everything.
    ///
    /// ```
    /// use paginate_core::{PageRequest, ParamValue, Position, Spec, Strategy};
    /// const SPEC: Spec = Spec::new(Strategy::Offset);
    /// let params = PageRequest::new(Position::Offset(40), Some(20)).params(&SPEC);
    /// assert_eq!(params, vec![("offset", ParamValue::Number(40)), ("limit", ParamValue::Number(20))]);
    /// ```
    pub fn params(&self, spec: &Spec) -> Vec<(&'static str, ParamValue)> {
        let mut params = Vec::with_capacity(3);
        match &self.position {
            Position::First => {}
            Position::Url(_) => return params,
            Position::Cursor(cursor) => {
                params.push((spec.cursor_param_name(), ParamValue::Text(cursor.clone())))
            }
            Position::Offset(offset) => params.push((spec.offset_param_name(), ParamValue::Number(*offset))),
            Position::Page(page) => params.push((spec.page_param_name(), ParamValue::Number(*page))),
            Position::Keyset(parts) => match spec.keyset_param_names() {
                [single] => params.push((single, ParamValue::Text(parts.join(",")))),
                names => params.extend(
                    names
                        .iter()
                        .copied()
                        .zip(parts.iter().cloned().map(ParamValue::Text)),
                ),
            },
        }
        if let Some(size) = self.page_size {
            params.push((spec.size_param(), ParamValue::Number(size)));
        }
        params
    }

    /// The first request of a walk with `spec`.
    pub(crate) fn first(spec: &Spec, page_size: Option<u64>) -> Self {
        let position = match spec.strategy() {
            Strategy::Offset => Position::Offset(0),
            Strategy::Page { first } => Position::Page(first),
            _ => Position::First,
        };
        PageRequest::new(position, page_size)
    }
}

/// The value of one pagination parameter: numbers stay numbers in a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// An offset, page number or page size.
    Number(u64),
    /// A cursor or key part.
    Text(String),
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Number(number) => number.fmt(f),
            ParamValue::Text(text) => text.fmt(f),
        }
    }
}

impl From<&ParamValue> for serde_json::Value {
    fn from(value: &ParamValue) -> Self {
        match value {
            ParamValue::Number(number) => (*number).into(),
            ParamValue::Text(text) => text.as_str().into(),
        }
    }
}
