//! The request side of the exchange, read once: its URL and query, and its JSON body if it has one.

use serde_json::{Map, Value};
use url::Url;

use super::error::DetectError;
use super::exchange::Exchange;

/// The first request, parsed.
pub(crate) struct Request {
    pub(crate) url: Url,
    query: Vec<(String, String)>,
    /// The request body, when it is a JSON object.
    body: Option<Map<String, Value>>,
}

impl Request {
    pub(crate) fn parse(exchange: &Exchange<'_>) -> Result<Self, DetectError> {
        let url = Url::parse(exchange.url()).map_err(|error| DetectError::Url {
            reason: error.to_string(),
        })?;
        let query = url
            .query_pairs()
            .map(|(name, value)| (name.into_owned(), value.into_owned()))
            .collect();
        let body = exchange
            .request_body_bytes()
            .and_then(|body| serde_json::from_slice::<Value>(body).ok())
            .and_then(|body| match body {
                Value::Object(object) => Some(object),
                _ => None,
            });
        Ok(Request { url, query, body })
    }

    /// The first query parameter whose name is one of `names`, with its value.
    pub(crate) fn query_param(&self, names: &[&str]) -> Option<(&str, &str)> {
        self.query
            .iter()
            .find(|(name, _)| names.contains(&name.as_str()))
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }

    /// The first top-level member of the JSON body whose name is one of `names`, with its value.
    pub(crate) fn body_param(&self, names: &[&str]) -> Option<(&str, &Value)> {
        self.body
            .as_ref()?
            .iter()
            .find(|(name, _)| names.contains(&name.as_str()))
            .map(|(name, value)| (name.as_str(), value))
    }

    /// The request's JSON body, when it is an object.
    pub(crate) fn json_body(&self) -> Option<&Map<String, Value>> {
        self.body.as_ref()
    }

    /// A parameter among `names`, in the query or, failing that, the JSON body; with where it was.
    pub(crate) fn param(&self, names: &[&str], body_names: &[&str]) -> Option<Param<'_>> {
        if let Some((name, value)) = self.query_param(names) {
            return Some(Param {
                name,
                number: value.parse().ok(),
                in_body: false,
            });
        }
        let (name, value) = self.body_param(names).or_else(|| self.body_param(body_names))?;
        Some(Param {
            name,
            number: value.as_u64(),
            in_body: true,
        })
    }
}

/// A pagination parameter the request sent.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Param<'r> {
    pub(crate) name: &'r str,
    /// Its value, when it is a non-negative integer.
    pub(crate) number: Option<u64>,
    /// Whether it travelled in the JSON body rather than the query.
    pub(crate) in_body: bool,
}
