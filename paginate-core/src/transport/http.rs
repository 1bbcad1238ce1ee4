//! HTTP plumbing shared by the async and blocking reqwest transports: forming each page's request from
//! the user's original one, and turning a response into page parts.

use std::borrow::Cow;
use std::time::SystemTime;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use url::Url;

use crate::engine::fetch::Received;
use crate::engine::retry::parse_retry_after;
use crate::protocol::error::{Error, ErrorKind, Result, TimeoutScope, SNIPPET_CHARS};
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::request::{PageRequest, ParamValue};
use crate::protocol::signals::PageParts;
use crate::protocol::spec::{Format, ParamsIn, Spec};
use crate::protocol::url::{redact, snippet, with_params};

/// Headers known to carry no credential: the only ones sent to another origin.
const SAFE_HEADERS: [HeaderName; 7] = [
    reqwest::header::ACCEPT,
    reqwest::header::ACCEPT_ENCODING,
    reqwest::header::ACCEPT_LANGUAGE,
    reqwest::header::CACHE_CONTROL,
    reqwest::header::CONTENT_TYPE,
    reqwest::header::PRAGMA,
    reqwest::header::USER_AGENT,
];

/// Default cap on one response body: 32 MiB.
pub(crate) const DEFAULT_MAX_BODY_BYTES: u64 = 32 * 1024 * 1024;

/// How an envelope is decoded and split: its spec and the function that splits it (the surface layer
/// provides `Paginate::into_parts`).
pub(crate) struct Envelope<E, T> {
    /// Borrowed from the envelope's constant: fetch futures carry a pointer, not a copy.
    pub(crate) spec: &'static Spec,
    pub(crate) into_parts: fn(E) -> PageParts<T>,
}

impl<E, T> Clone for Envelope<E, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E, T> Copy for Envelope<E, T> {}

/// Applies `request` to the user's original URL, body and headers: replaces the pagination parameters
/// (never appends a duplicate, keeps every other byte), or swaps in the next URL and keeps only
/// credential-free headers when it is on another origin. Returns the URL to fetch and, for
/// `params_in = "body"`, the new body.
pub(crate) fn prepare(
    spec: &Spec,
    request: &PageRequest,
    original_url: &Url,
    original_body: Option<&[u8]>,
    headers: &mut HeaderMap,
) -> Result<(Url, Option<Vec<u8>>)> {
    if let Some(next) = request.url() {
        let next = original_url.join(next).map_err(|error| {
            Error::from(ErrorKind::InvalidRequest(format!(
                "next URL `{}`: {error}",
                redact(next)
            )))
        })?;
        if next.origin() != original_url.origin() {
            keep_safe_headers(headers);
        }
        return Ok((next, None));
    }
    let params = request.params(spec);
    if params.is_empty() {
        return Ok((original_url.clone(), None));
    }
    match spec.params_place() {
        ParamsIn::Query => Ok((with_params(original_url, &params), None)),
        ParamsIn::Body => {
            let body = set_body(original_body, &params)?;
            headers
                .entry(CONTENT_TYPE)
                .or_insert(HeaderValue::from_static("application/json"));
            Ok((original_url.clone(), Some(body)))
        }
    }
}

/// Drops every header not known to be credential-free.
pub(crate) fn keep_safe_headers(headers: &mut HeaderMap) {
    let names: Vec<HeaderName> = headers
        .keys()
        .filter(|name| !SAFE_HEADERS.contains(name))
        .cloned()
        .collect();
    for name in names {
        headers.remove(name);
    }
}

/// The JSON object body with the parameters set; a dotted name (`variables.after`) is a nested member.
fn set_body(body: Option<&[u8]>, params: &[(&'static str, ParamValue)]) -> Result<Vec<u8>> {
    let not_object = || {
        Error::from(ErrorKind::InvalidRequest(
            "params_in = \"body\" needs a JSON object request body".into(),
        ))
    };
    let mut root = match body {
        None => serde_json::Value::Object(serde_json::Map::new()),
        Some(bytes) => match serde_json::from_slice(bytes) {
            Ok(object @ serde_json::Value::Object(_)) => object,
            _ => return Err(not_object()),
        },
    };
    for (name, value) in params {
        let mut segments = name.split('.').peekable();
        let mut node = &mut root;
        while let Some(segment) = segments.next() {
            let object = node.as_object_mut().ok_or_else(|| {
                Error::from(ErrorKind::InvalidRequest(format!(
                    "the request body's `{name}` goes through a member that is not an object"
                )))
            })?;
            if segments.peek().is_none() {
                object.insert(segment.to_owned(), value.into());
                break;
            }
            node = object
                .entry(segment.to_owned())
                .or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        }
    }
    serde_json::to_vec(&root).map_err(|error| ErrorKind::InvalidRequest(error.to_string()).into())
}

/// The page size already present in the user's request, used for the short-page rule when
/// `.page_size()` was not called.
pub(crate) fn size_in_request(spec: &Spec, url: &Url, body: Option<&[u8]>) -> Option<u64> {
    let name = spec.size_param();
    match spec.params_place() {
        ParamsIn::Query => url.query_pairs().find(|(key, _)| key == name)?.1.parse().ok(),
        ParamsIn::Body => {
            let body: serde_json::Value = serde_json::from_slice(body?).ok()?;
            name.split('.')
                .try_fold(&body, |node, segment| node.get(segment))?
                .as_u64()
        }
    }
}

/// Turns a complete response into what the walk needs: status check (a redirect to another origin is
/// refused), decode with the path of any error, header signals, and the body's fingerprint.
pub(crate) fn finish<E, T>(
    envelope: Envelope<E, T>,
    status: u16,
    url: &Url,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<Received<T>>
where
    E: serde::de::DeserializeOwned,
{
    if !(200..300).contains(&status) {
        let location = headers.get(LOCATION).and_then(|value| value.to_str().ok());
        if let (300..=399, Some(location)) = (status, location) {
            if let Ok(target) = url.join(location) {
                if target.origin() != url.origin() {
                    return Err(ErrorKind::CrossOrigin {
                        url: redact(target.as_str()),
                    }
                    .into());
                }
            }
        }
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        return Err(ErrorKind::Status {
            status,
            url: redact(url.as_str()),
            body: snippet(body, SNIPPET_CHARS),
            retry_after,
        }
        .into());
    }
    let format = envelope.spec.body_format();
    let decoded: E = decode(format, url, body)?;
    let mut parts = (envelope.into_parts)(decoded);
    parts
        .signals
        .read_headers(envelope.spec, |name| header_value(headers, name));
    let fingerprint = body_fingerprint(format, body, &parts);
    Ok(Received {
        parts,
        url: Some(Box::new(url.clone())),
        body: Some(fingerprint),
    })
}

/// The fingerprint the progress guard compares: a page with items, without the cursor, next URL or
/// carried value it issues (a server that ignores the position but issues a fresh cursor each time repeats its pages);
/// an empty page, whole (empty pages whose position advances are progress, as in a filtered scan).
fn body_fingerprint<T>(format: Format, body: &[u8], parts: &PageParts<T>) -> Fingerprint {
    if parts.items.is_empty() {
        return Fingerprint::of(body);
    }
    let signals = &parts.signals;
    let texts = [
        signals.cursor.as_ref().and_then(|token| token.as_str()),
        signals.next_url.as_deref(),
        signals.carry.as_ref().and_then(|token| token.as_str()),
    ];
    let issued: Vec<Vec<u8>> = texts
        .into_iter()
        .flatten()
        .map(|text| match format {
            Format::Json => serde_json::to_vec(text).unwrap_or_default(),
            Format::Xml => text.as_bytes().to_vec(),
        })
        .collect();
    let issued: Vec<&[u8]> = issued.iter().map(Vec::as_slice).collect();
    Fingerprint::of_page(body, &issued)
}

/// A header's value; several values of one header are joined by `, `.
fn header_value<'h>(headers: &'h HeaderMap, name: &str) -> Option<Cow<'h, str>> {
    let mut values = headers
        .get_all(name)
        .iter()
        .filter_map(|value| value.to_str().ok());
    let first = values.next()?;
    match values.next() {
        None => Some(Cow::Borrowed(first)),
        Some(second) => {
            let mut joined = format!("{first}, {second}");
            for value in values {
                joined.push_str(", ");
                joined.push_str(value);
            }
            Some(Cow::Owned(joined))
        }
    }
}

fn decode<E: serde::de::DeserializeOwned>(format: Format, url: &Url, body: &[u8]) -> Result<E> {
    match format {
        Format::Json => serde_json::from_slice(body).map_err(|_| json_error::<E>(url, body)),
        Format::Xml => decode_xml(url, body),
    }
}

#[cfg(feature = "xml")]
fn decode_xml<E: serde::de::DeserializeOwned>(url: &Url, body: &[u8]) -> Result<E> {
    let text = std::str::from_utf8(body).map_err(|error| decode_failure(url, body, "", error.to_string()))?;
    let deserializer = &mut quick_xml::de::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        decode_failure(url, body, &path, error.into_inner().to_string())
    })
}

#[cfg(not(feature = "xml"))]
fn decode_xml<E>(url: &Url, body: &[u8]) -> Result<E> {
    Err(decode_failure(
        url,
        body,
        "",
        "this envelope is XML: enable the `xml` feature of paginated".into(),
    ))
}

fn decode_failure(url: &Url, body: &[u8], path: &str, message: String) -> Error {
    ErrorKind::Decode {
        url: redact(url.as_str()),
        path: path.to_owned(),
        message: crate::protocol::url::escape(&message),
        snippet: snippet(body, SNIPPET_CHARS),
    }
    .into()
}

/// Decodes `body` again, tracking the JSON path, to say where it is not the envelope. Only on failure:
/// path tracking slows the common, successful decode.
fn json_error<E: serde::de::DeserializeOwned>(url: &Url, body: &[u8]) -> Error {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, E>(&mut deserializer) {
        Err(error) if error.inner().is_eof() => ErrorKind::IncompleteBody {
            url: redact(url.as_str()),
        }
        .into(),
        Err(error) => {
            let path = error.path().to_string();
            decode_failure(url, body, &path, error.into_inner().to_string())
        }
        // The value decodes; what follows it does not (trailing characters).
        Ok(_) => match deserializer.end() {
            Err(error) => decode_failure(url, body, "", error.to_string()),
            Ok(()) => decode_failure(url, body, "", "the body is not the envelope".into()),
        },
    }
}

/// Classifies a reqwest failure: timeouts are an attempt's deadline, connecting, sending and reading the
/// body are transient connection errors.
pub(crate) fn client_error(error: reqwest::Error, limit: Option<std::time::Duration>) -> Error {
    let url = error
        .url()
        .map_or_else(|| "-".to_owned(), |url| redact(url.as_str()));
    if error.is_timeout() {
        return ErrorKind::Timeout {
            url,
            limit: limit.unwrap_or_default(),
            scope: TimeoutScope::Attempt,
        }
        .into();
    }
    if error.is_connect() || error.is_request() || error.is_body() || error.is_decode() {
        ErrorKind::Connection(error.without_url().into()).into()
    } else {
        ErrorKind::Transport(error.without_url().into()).into()
    }
}

/// Rejects a body announced (or grown) past the cap.
pub(crate) fn check_size(url: &Url, size: u64, limit: u64) -> Result<()> {
    if size > limit {
        return Err(ErrorKind::BodyTooLarge {
            url: redact(url.as_str()),
            limit,
        }
        .into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_parameters_keep_filters_and_nest_dotted_names() {
        let body = br#"{"query":"q","variables":{"owner":"o","after":null},"offset":5}"#;
        let out = set_body(
            Some(body),
            &[
                ("offset", ParamValue::Number(50)),
                ("variables.after", ParamValue::Text("c2".into())),
                ("variables.first", ParamValue::Number(20)),
                ("pit.id", ParamValue::Json(serde_json::json!({"k": 1}))),
            ],
        )
        .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"query":"q","variables":{"owner":"o","after":"c2","first":20},"offset":50,"pit":{"id":{"k":1}}})
        );
        assert!(set_body(Some(b"[1]"), &[("offset", ParamValue::Number(1))]).is_err());
        assert!(set_body(Some(br#"{"a":1}"#), &[("a.b", ParamValue::Number(1))]).is_err());
    }

    #[test]
    fn only_credential_free_headers_cross_origins() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("authorization", "Bearer t"),
            ("cookie", "s=1"),
            ("x-api-key", "k"),
            ("api-key", "k"),
            ("x-auth-token", "t"),
            ("accept", "application/json"),
            ("user-agent", "ua"),
        ] {
            headers.insert(HeaderName::from_static(name), HeaderValue::from_static(value));
        }
        keep_safe_headers(&mut headers);
        let mut kept: Vec<&str> = headers.keys().map(HeaderName::as_str).collect();
        kept.sort();
        assert_eq!(kept, ["accept", "user-agent"]);
    }
}
