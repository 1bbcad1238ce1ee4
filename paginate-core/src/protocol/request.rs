//! What the state machine asks for: the position of the next page and the page size, independent of
//! any transport.

use std::borrow::Cow;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::protocol::spec::{Spec, Strategy};

/// A cursor or key part as the API issued it: text (most APIs), or a JSON value (DynamoDB's
/// `LastEvaluatedKey`, Elasticsearch's `sort` values), which is sent back as JSON: as itself in a JSON
/// body, as JSON text in a query parameter.
///
/// ```
/// use paginated_core::Token;
/// assert_eq!(Token::text("abc").to_text(), "abc");
/// let key = Token::json(serde_json::json!({"pk": {"S": "rec#7"}}));
/// assert_eq!(key.to_text(), r#"{"pk":{"S":"rec#7"}}"#);
/// assert_eq!(Token::json(serde_json::json!("plain")), Token::text("plain"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Token {
    /// A text token, sent as a string.
    Text(String),
    /// A JSON value other than a string, sent as JSON.
    Json(serde_json::Value),
}

impl Token {
    /// A text token.
    pub fn text(text: impl Into<String>) -> Self {
        Token::Text(text.into())
    }

    /// A JSON token; a JSON string becomes a text token.
    pub fn json(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::String(text) => Token::Text(text),
            other => Token::Json(other),
        }
    }

    /// The text of a text token.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Token::Text(text) => Some(text),
            Token::Json(_) => None,
        }
    }

    /// The token as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Token::Text(text) => serde_json::Value::String(text.clone()),
            Token::Json(value) => value.clone(),
        }
    }

    /// The token as query-parameter text: itself, or compact JSON text.
    pub fn to_text(&self) -> Cow<'_, str> {
        match self {
            Token::Text(text) => Cow::Borrowed(text),
            Token::Json(value) => Cow::Owned(value.to_string()),
        }
    }

    /// Whether the token means "no next page": empty text, JSON `null`, an empty object or array.
    pub fn is_empty(&self) -> bool {
        match self {
            Token::Text(text) => text.is_empty(),
            Token::Json(serde_json::Value::Null) => true,
            Token::Json(serde_json::Value::Object(object)) => object.is_empty(),
            Token::Json(serde_json::Value::Array(array)) => array.is_empty(),
            Token::Json(_) => false,
        }
    }
}

impl From<String> for Token {
    fn from(text: String) -> Self {
        Token::Text(text)
    }
}

impl From<&str> for Token {
    fn from(text: &str) -> Self {
        Token::Text(text.to_owned())
    }
}

/// Where the next page starts: every kind of position a walk can ask for. A transport that matches on
/// it handles them all (there is no catch-all to miss one in).
///
/// ```
/// use paginated_core::{PageRequest, Position};
/// fn query(request: &PageRequest) -> Vec<(&'static str, String)> {
///     match request.position() {
///         Position::First => vec![],
///         Position::Cursor(token) => vec![("cursor", token.to_text().into_owned())],
///         Position::Url(url) => vec![("url", url.clone())],
///         Position::Offset(offset) => vec![("offset", offset.to_string())],
///         Position::Page(page) => vec![("page", page.to_string())],
///         Position::Keyset(parts) => parts.iter().map(|part| ("after", part.to_text().into_owned())).collect(),
///     }
/// }
/// assert_eq!(query(&PageRequest::new(Position::Page(3), None)), [("page", "3".to_owned())]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Position {
    /// The first page of a cursor, next URL, link or keyset walk: no position parameter is sent.
    First,
    /// An opaque cursor.
    Cursor(Token),
    /// A full URL (next URL or `Link` header), resolved against the previous request.
    Url(String),
    /// An item offset.
    Offset(u64),
    /// A page number.
    Page(u64),
    /// The key of the last item received, one token per key part.
    Keyset(Vec<Token>),
}

/// One page request, as the state machine describes it. Transports turn it into an HTTP request; a
/// closure transport reads it to call an SDK.
///
/// ```
/// use paginated_core::{PageRequest, Position, Token};
/// let request = PageRequest::new(Position::Cursor(Token::text("abc")), Some(50));
/// assert_eq!(request.cursor(), Some(&Token::text("abc")));
/// assert_eq!(request.page_size(), Some(50));
/// assert_eq!(request.offset(), None);
/// // A JSON-valued cursor (DynamoDB's `LastEvaluatedKey`) is a cursor too.
/// let key = Token::json(serde_json::json!({"pk": {"S": "7"}}));
/// let request = PageRequest::new(Position::Cursor(key.clone()), None);
/// assert_eq!(request.cursor(), Some(&key));
/// ```
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PageRequest {
    position: Position,
    page_size: Option<u64>,
    /// The value carried from the previous answer ([`Spec::carry_param`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    carry: Option<Token>,
    /// Set by the engine for the attempt at hand; not part of the request's identity.
    #[serde(skip)]
    timeout: Option<Duration>,
    /// A URL on another origin, followed without credentials (decided again on resume).
    #[serde(skip)]
    foreign: bool,
}

/// A request is identified by its position and size: the carried value travels beside it (a newer
/// point-in-time id asks for the same page).
impl PartialEq for PageRequest {
    fn eq(&self, other: &Self) -> bool {
        self.position == other.position && self.page_size == other.page_size
    }
}

impl Eq for PageRequest {}

impl PageRequest {
    /// A request for the page at `position` with `page_size` items (`None`: the API's default).
    pub fn new(position: Position, page_size: Option<u64>) -> Self {
        PageRequest::carrying(position, page_size, None)
    }
    /// A request that carries `carry` (built whole: it is made once per page).
    #[inline]
    pub(crate) fn carrying(position: Position, page_size: Option<u64>, carry: Option<Token>) -> Self {
        PageRequest {
            position,
            page_size,
            carry,
            timeout: None,
            foreign: false,
        }
    }
    /// The request, marked as going to a foreign origin (without credentials) or not.
    pub(crate) fn foreign(mut self, foreign: bool) -> Self {
        self.foreign = foreign;
        self
    }
    /// Replaces the position (a checkpoint's URL without credentials).
    pub(crate) fn set_position(&mut self, position: Position) {
        self.position = position;
    }
    /// Where the page starts.
    pub fn position(&self) -> &Position {
        &self.position
    }
    /// The page size to ask for, if any.
    pub fn page_size(&self) -> Option<u64> {
        self.page_size
    }
    /// The time this attempt may take. Async walks cancel an attempt at its deadline; a blocking
    /// closure transport cannot be interrupted from outside, so it should give this timeout to its
    /// client.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }
    /// A copy with the attempt's deadline, as a closure transport receives it.
    #[inline]
    pub(crate) fn with_timeout(&self, timeout: Duration) -> Self {
        PageRequest {
            position: self.position.clone(),
            page_size: self.page_size,
            carry: self.carry.clone(),
            timeout: Some(timeout),
            foreign: self.foreign,
        }
    }
    /// The cursor to send, text or JSON, for cursor walks after the first page.
    pub fn cursor(&self) -> Option<&Token> {
        match &self.position {
            Position::Cursor(cursor) => Some(cursor),
            _ => None,
        }
    }
    /// Whether the request goes to another origin than the walk's, followed without credentials
    /// ([`CrossOrigin::FollowWithoutCredentials`](crate::CrossOrigin)): a transport sends it without
    /// credentials and without a body.
    pub fn is_foreign(&self) -> bool {
        self.foreign
    }
    /// The value carried from the previous answer, sent as [`Spec::carry_param`] (Elasticsearch's
    /// latest point-in-time id); `None` on the first page.
    pub fn carried(&self) -> Option<&Token> {
        self.carry.as_ref()
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
    pub fn keyset(&self) -> Option<&[Token]> {
        match &self.position {
            Position::Keyset(key) => Some(key),
            _ => None,
        }
    }

    /// Whether the request carries a position the API issued (a cursor, next URL or key): only those
    /// can be rejected as invalid or expired.
    pub fn carries_issued_position(&self) -> bool {
        matches!(
            self.position,
            Position::Cursor(_) | Position::Keyset(_) | Position::Url(_)
        )
    }

    /// The `(name, value)` parameters this request sets, with the names of `spec`. A URL position sets
    /// none: the URL already says everything.
    ///
    /// ```
    /// use paginated_core::{PageRequest, ParamValue, Position, Spec, Strategy};
    /// const SPEC: Spec = Spec::new(Strategy::Offset);
    /// let params = PageRequest::new(Position::Offset(40), Some(20)).params(&SPEC);
    /// assert_eq!(params, vec![("offset", ParamValue::Number(40)), ("limit", ParamValue::Number(20))]);
    /// ```
    pub fn params(&self, spec: &Spec) -> Vec<(&'static str, ParamValue)> {
        let mut params = Vec::with_capacity(3);
        match &self.position {
            Position::First => {}
            Position::Url(_) => return params,
            Position::Cursor(cursor) => params.push((spec.cursor_param_name(), ParamValue::from(cursor))),
            Position::Offset(offset) => params.push((spec.offset_param_name(), ParamValue::Number(*offset))),
            Position::Page(page) => params.push((spec.page_param_name(), ParamValue::Number(*page))),
            Position::Keyset(parts) => match (spec.keyset_param_names(), parts.as_slice()) {
                ([single], [part]) => params.push((single, ParamValue::from(part))),
                ([single], parts) => {
                    let joined: Vec<Cow<'_, str>> = parts.iter().map(Token::to_text).collect();
                    params.push((single, ParamValue::Text(joined.join(","))));
                }
                (names, parts) => {
                    params.extend(names.iter().copied().zip(parts.iter().map(ParamValue::from)))
                }
            },
        }
        if let (Some(name), Some(carry)) = (spec.carry_param_name(), &self.carry) {
            params.push((name, ParamValue::from(carry)));
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

/// The value of one pagination parameter: numbers stay numbers and JSON stays JSON in a JSON body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamValue {
    /// An offset, page number or page size.
    Number(u64),
    /// A cursor or key part.
    Text(String),
    /// A JSON cursor or key part (an object, an array, a number).
    Json(serde_json::Value),
}

impl From<&Token> for ParamValue {
    fn from(token: &Token) -> Self {
        match token {
            Token::Text(text) => ParamValue::Text(text.clone()),
            Token::Json(value) => ParamValue::Json(value.clone()),
        }
    }
}

impl std::fmt::Display for ParamValue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParamValue::Number(number) => number.fmt(f),
            ParamValue::Text(text) => text.fmt(f),
            ParamValue::Json(value) => value.fmt(f),
        }
    }
}

impl From<&ParamValue> for serde_json::Value {
    fn from(value: &ParamValue) -> Self {
        match value {
            ParamValue::Number(number) => (*number).into(),
            ParamValue::Text(text) => text.as_str().into(),
            ParamValue::Json(value) => value.clone(),
        }
    }
}
