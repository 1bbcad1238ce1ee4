//! Request and response helpers every route family uses (query parameters, JSON, XML, links, opaque
//! tokens). They sit below the routes and know nothing of the server or its state.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

/// A JSON response.
pub(crate) fn json(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// Query parameters, decoded, in order. A pagination parameter given twice is a client bug the
/// emulations reject, so tests catch it.
pub(crate) struct Params(Vec<(String, String)>);

impl Params {
    pub(crate) fn parse(query: Option<&str>) -> Result<Params, String> {
        serde_urlencoded::from_str(query.unwrap_or_default())
            .map(Params)
            .map_err(|error| format!("malformed query: {error}"))
    }

    pub(crate) fn get(&self, name: &str) -> Result<Option<&str>, String> {
        let mut values = self
            .0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str());
        let first = values.next();
        if values.next().is_some() {
            return Err(format!("parameter `{name}` given more than once"));
        }
        Ok(first)
    }

    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, String> {
        match self.get(name)? {
            None => Ok(None),
            Some(text) => text
                .parse()
                .map(Some)
                .map_err(|_| format!("parameter `{name}` must be an integer, got `{text}`")),
        }
    }

    /// All pairs except `name`, re-encoded: the rest of the query for building next-page links.
    pub(crate) fn without(&self, names: &[&str]) -> Vec<(String, String)> {
        self.0
            .iter()
            .filter(|(key, _)| !names.contains(&key.as_str()))
            .cloned()
            .collect()
    }
}

/// `origin + path + ?query` with `pairs` encoded.
pub(crate) fn link(origin: &str, path: &str, pairs: &[(String, String)]) -> String {
    let query = serde_urlencoded::to_string(pairs).unwrap_or_default();
    format!("{origin}{path}?{query}")
}

/// A response with a body of `content_type`.
pub(crate) fn typed(status: StatusCode, content_type: &'static str, body: String) -> Response {
    (status, [(axum::http::header::CONTENT_TYPE, content_type)], body).into_response()
}

/// An XML response (`application/xml`).
pub(crate) fn xml(status: StatusCode, body: String) -> Response {
    typed(status, "application/xml", body)
}

/// `text` escaped for XML character data and attribute values.
pub(crate) fn escape_xml(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            // Characters XML 1.0 cannot carry at all, even escaped.
            '\t' | '\n' | '\r' => escaped.push(character),
            control if (control as u32) < 0x20 => escaped.push('\u{fffd}'),
            other => escaped.push(other),
        }
    }
    escaped
}

/// `value` encoded for a query string (form encoding: a space is `+`).
pub(crate) fn encode_value(value: &str) -> String {
    serde_urlencoded::to_string([("", value)])
        .map(|pair| pair[1..].to_owned())
        .unwrap_or_default()
}

/// Opaque tokens: `text` in URL-safe base64 without padding, and back.
pub(crate) mod token {
    use base64::Engine;

    const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

    pub(crate) fn encode(text: &str) -> String {
        ENGINE.encode(text)
    }

    /// The text of a token that starts with `prefix`, without it.
    pub(crate) fn decode(token: &str, prefix: &str) -> Option<String> {
        let bytes = ENGINE.decode(token).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        text.strip_prefix(prefix).map(str::to_owned)
    }
}

/// A JSON request body: `Ok(None)` when empty, `Err` when not a JSON object.
pub(crate) fn json_body(body: &[u8]) -> Result<Option<serde_json::Map<String, Value>>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice(body) {
        Ok(Value::Object(object)) => Ok(Some(object)),
        Ok(_) => Err("the body must be a JSON object".into()),
        Err(error) => Err(format!("the body is not valid JSON: {error}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_escaping() {
        assert_eq!(
            escape_xml("a<b>&\"c\"'d'\u{1b}\n"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;\u{fffd}\n"
        );
    }

    #[test]
    fn tokens_round_trip() {
        assert_eq!(token::decode(&token::encode("k:42"), "k:").as_deref(), Some("42"));
        assert_eq!(token::decode(&token::encode("k:42"), "x:"), None);
        assert_eq!(token::decode("%%%", ""), None);
        assert_eq!(encode_value("a b&c=d/é"), "a+b%26c%3Dd%2F%C3%A9");
    }
}
