//! HTTP plumbing shared by the async and blocking reqwest transports: forming each page's request from
//! the user's original one, and turning a response into page parts.

use std::borrow::Cow;
use std::time::SystemTime;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE, LOCATION, RETRY_AFTER};
use url::Url;

use crate::engine::retry::parse_retry_after;
use crate::error::{CrossOriginReason, Error, ErrorKind, Result, TimeoutScope, SNIPPET_CHARS};
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::page::{PageParts, ReceivedPage};
use crate::protocol::redact::{escape, is_credential_name, redact_with, snippet, Secrets};
use crate::protocol::request::{PageRequest, ParamValue};
use crate::protocol::spec::{Format, ParamsIn, Spec};
use crate::protocol::url::with_params;
use crate::transport::splitter::Splitter;

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

/// The longest URL an HTTP request can carry (the `http` crate's limit for a URI).
pub(crate) const MAX_URL_BYTES: usize = u16::MAX as usize - 1;

/// How an HTTP transport turns a successful body into a page: the envelope's spec, the body decoded and
/// split, and the fingerprint of decoded items where the item type has one.
pub(crate) trait BodyDecoder<T>: Send + Sync + 'static {
    fn spec(&self) -> &'static Spec;
    fn decode(&self, url: &Url, body: &[u8], secrets: &Secrets) -> Result<PageParts<T>>;
    fn items_fingerprint(&self, items: &[T]) -> Option<Fingerprint>;
}

/// A derived envelope type: decoded with serde, split with its `into_parts`.
impl<E, T> BodyDecoder<T> for Splitter<E, T>
where
    E: serde::de::DeserializeOwned + 'static,
    T: 'static,
{
    fn spec(&self) -> &'static Spec {
        self.spec
    }

    fn decode(&self, url: &Url, body: &[u8], secrets: &Secrets) -> Result<PageParts<T>> {
        let decoded: E = decode(self.spec.body_format(), url, body, secrets)?;
        Ok((self.into_parts)(decoded))
    }

    fn items_fingerprint(&self, items: &[T]) -> Option<Fingerprint> {
        (self.content)(items)
    }
}

/// Applies `request` to the user's original URL, body and headers: replaces the pagination parameters
/// (never appends a duplicate, keeps every other byte), or swaps in the next URL. A request the walk
/// sends to a foreign origin keeps only credential-free headers, and is refused if it has a body.
/// Returns the URL to fetch and, for `params_in = "body"`, the new body.
pub(crate) fn prepare(
    spec: &Spec,
    request: &PageRequest,
    original_url: &Url,
    original_body: Option<&[u8]>,
    headers: &mut HeaderMap,
) -> Result<(Url, Option<Vec<u8>>)> {
    let (url, body) = if let Some(next) = request.url() {
        let next = original_url.join(next).map_err(|error| {
            Error::from(ErrorKind::InvalidRequest(format!(
                "next URL `{}`: {error}",
                redact_with(next, &Secrets::default())
            )))
        })?;
        if request.is_foreign() {
            if original_body.is_some() {
                return Err(ErrorKind::CrossOrigin {
                    url: redact_with(next.as_str(), &Secrets::default()),
                    reason: CrossOriginReason::Body,
                }
                .into());
            }
            keep_safe_headers(headers);
        }
        (next, None)
    } else {
        let params = request.params(spec);
        match spec.params_place() {
            _ if params.is_empty() => (original_url.clone(), None),
            ParamsIn::Query => (with_params(original_url, &params), None),
            ParamsIn::Body => {
                let body = set_body(original_body, &params)?;
                headers
                    .entry(CONTENT_TYPE)
                    .or_insert(HeaderValue::from_static("application/json"));
                (original_url.clone(), Some(body))
            }
        }
    };
    if url.as_str().len() > MAX_URL_BYTES {
        return Err(ErrorKind::RequestTooLong {
            length: url.as_str().len(),
            limit: MAX_URL_BYTES,
        }
        .into());
    }
    Ok((url, body))
}

/// The secrets a request sends: the values of its credential headers (`Authorization`, cookies,
/// `X-Api-Key` and any header named like a credential, and long values of other custom headers), of
/// its credential query parameters, and of its body's credential members.
pub(crate) fn secrets_of(url: &Url, headers: &HeaderMap, body: Option<&[u8]>) -> Secrets {
    let mut secrets = Secrets::default();
    for (name, value) in headers {
        let Ok(value) = value.to_str() else { continue };
        let credential = is_credential_name(name.as_str())
            || *name == reqwest::header::PROXY_AUTHORIZATION
            || !SAFE_HEADERS.contains(name) && value.len() >= 8;
        if *name == reqwest::header::COOKIE {
            for cookie in value.split(';') {
                secrets.add(cookie.split_once('=').map_or(cookie, |(_, value)| value));
            }
        } else if credential {
            secrets.add(value);
        }
    }
    secrets.add_query(url);
    if let Some(body) = body {
        secrets.add_body(body);
    }
    secrets
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
pub(crate) fn finish<T>(
    decoder: &impl BodyDecoder<T>,
    status: u16,
    url: Url,
    headers: &HeaderMap,
    body: &[u8],
    secrets: &Secrets,
) -> Result<ReceivedPage<T>> {
    if !(200..300).contains(&status) {
        let location = headers.get(LOCATION).and_then(|value| value.to_str().ok());
        if let (300..=399, Some(location)) = (status, location) {
            if let Ok(target) = url.join(location) {
                if target.origin() != url.origin() {
                    return Err(ErrorKind::CrossOrigin {
                        url: redact_with(target.as_str(), secrets),
                        reason: CrossOriginReason::Redirected,
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
            url: redact_with(url.as_str(), secrets),
            body: snippet(body, SNIPPET_CHARS, secrets),
            retry_after,
        }
        .into());
    }
    let spec = decoder.spec();
    let mut parts = decoder.decode(&url, body, secrets)?;
    parts
        .signals
        .read_headers(spec, |name| header_value(headers, name));
    let content = content_fingerprint(decoder, spec.body_format(), body, &parts);
    Ok(ReceivedPage {
        parts,
        url: Some(Box::new(url)),
        content,
    })
}

/// The fingerprint of what a page contains, for the repeat guard: a JSON page's arrays (its items,
/// without the request ids, timestamps and cursors around them); else the decoded items' own
/// fingerprint, where the item type has one; else the body without the positions it issues. `None`
/// for a page without items.
fn content_fingerprint<T>(
    decoder: &impl BodyDecoder<T>,
    format: Format,
    body: &[u8],
    parts: &PageParts<T>,
) -> Option<Fingerprint> {
    if parts.items.is_empty() {
        return None;
    }
    let located = match format {
        Format::Json => Fingerprint::of_json_items(body),
        Format::Xml => None,
    };
    if let Some(content) = located.or_else(|| decoder.items_fingerprint(&parts.items)) {
        return Some(content);
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
    Some(Fingerprint::of_page(body, &issued))
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

fn decode<E: serde::de::DeserializeOwned>(
    format: Format,
    url: &Url,
    body: &[u8],
    secrets: &Secrets,
) -> Result<E> {
    match format {
        Format::Json => serde_json::from_slice(body).map_err(|_| json_error::<E>(url, body, secrets)),
        Format::Xml => decode_xml(url, body, secrets),
    }
}

#[cfg(feature = "xml")]
fn decode_xml<E: serde::de::DeserializeOwned>(url: &Url, body: &[u8], secrets: &Secrets) -> Result<E> {
    let text = std::str::from_utf8(body).map_err(|error| {
        DecodeFailure {
            url,
            body,
            path: "",
            offset: Some(error.valid_up_to() as u64),
            message: error.to_string(),
        }
        .error(secrets)
    })?;
    let deserializer = &mut quick_xml::de::Deserializer::from_str(text);
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        DecodeFailure {
            url,
            body,
            path: &path,
            offset: None,
            message: error.into_inner().to_string(),
        }
        .error(secrets)
    })
}

#[cfg(not(feature = "xml"))]
fn decode_xml<E>(url: &Url, body: &[u8], secrets: &Secrets) -> Result<E> {
    let message = "this envelope is XML: enable the `xml` feature of paginated".into();
    Err(DecodeFailure {
        url,
        body,
        path: "",
        offset: None,
        message,
    }
    .error(secrets))
}

/// What a decode error says.
struct DecodeFailure<'a> {
    url: &'a Url,
    body: &'a [u8],
    path: &'a str,
    offset: Option<u64>,
    message: String,
}

impl DecodeFailure<'_> {
    fn error(self, secrets: &Secrets) -> Error {
        ErrorKind::Decode {
            url: redact_with(self.url.as_str(), secrets),
            path: self.path.to_owned(),
            offset: self.offset,
            message: escape(&secrets.scrub(&self.message)),
            snippet: snippet(self.body, SNIPPET_CHARS, secrets),
        }
        .into()
    }
}

/// The byte offset in `body` of serde_json's 1-based `line` and `column` (a column counts bytes).
fn byte_offset(body: &[u8], line: usize, column: usize) -> Option<u64> {
    let line_start = match line {
        0 => return None,
        1 => 0,
        _ => memchr::memchr_iter(b'\n', body)
            .nth(line - 2)
            .map(|newline| newline + 1)?,
    };
    Some((line_start + column.saturating_sub(1)) as u64)
}

/// Decodes `body` again, tracking the JSON path, to say where it is not the envelope. Only on failure:
/// path tracking slows the common, successful decode.
fn json_error<E: serde::de::DeserializeOwned>(url: &Url, body: &[u8], secrets: &Secrets) -> Error {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let (path, error) = match serde_path_to_error::deserialize::<_, E>(&mut deserializer) {
        Err(error) if error.inner().is_eof() => {
            return ErrorKind::IncompleteBody {
                url: redact_with(url.as_str(), secrets),
            }
            .into()
        }
        Err(error) => (error.path().to_string(), error.into_inner()),
        // The value decodes; what follows it does not (trailing characters).
        Ok(_) => match deserializer.end() {
            Err(error) => (String::new(), error),
            Ok(()) => {
                let message = "the body is not the envelope".into();
                return DecodeFailure {
                    url,
                    body,
                    path: "",
                    offset: None,
                    message,
                }
                .error(secrets);
            }
        },
    };
    DecodeFailure {
        url,
        body,
        path: &path,
        offset: byte_offset(body, error.line(), error.column()),
        message: error.to_string(),
    }
    .error(secrets)
}

/// Classifies a reqwest failure: timeouts are an attempt's deadline, connecting, sending and reading the
/// body are transient connection errors.
pub(crate) fn client_error(
    error: reqwest::Error,
    limit: Option<std::time::Duration>,
    secrets: &Secrets,
) -> Error {
    let url = error
        .url()
        .map_or_else(|| "-".to_owned(), |url| redact_with(url.as_str(), secrets));
    if error.is_timeout() {
        return ErrorKind::Timeout {
            url,
            limit,
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
pub(crate) fn check_size(url: &Url, size: u64, limit: u64, secrets: &Secrets) -> Result<()> {
    if size > limit {
        return Err(ErrorKind::BodyTooLarge {
            url: redact_with(url.as_str(), secrets),
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
