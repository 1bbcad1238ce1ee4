//! HTTP plumbing shared by the async and blocking reqwest transports: forming each page's request from
//! the user's original one, and turning a response into page parts.

use std::time::SystemTime;

use reqwest::header::{
    HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, COOKIE, LINK, PROXY_AUTHORIZATION, RETRY_AFTER,
};
use url::Url;

use crate::envelope::{PageParts, Paginate};
use crate::error::{Error, Result};
use crate::request::{PageRequest, ParamValue, Position};
use crate::retry::parse_retry_after;
use crate::source::FetchOptions;
use crate::spec::{ParamsIn, Spec, Strategy};

/// How much of a body error messages quote.
const SNIPPET_CHARS: usize = 200;

/// Applies `request` to the user's original URL, body and headers: replaces the pagination parameters
/// (never appends a duplicate), or swaps in the next URL and drops credentials when it is on another
/// origin. Returns the URL to fetch and, for `params_in = "body"`, the new body.
pub(crate) fn prepare(
    spec: &Spec,
    request: &PageRequest,
    original_url: &Url,
    original_body: Option<&[u8]>,
    headers: &mut HeaderMap,
) -> Result<(Url, Option<Vec<u8>>)> {
    if let Some(next) = request.url() {
        let next =
            Url::parse(next).map_err(|error| Error::InvalidRequest(format!("next URL `{next}`: {error}")))?;
        if next.origin() != original_url.origin() {
            for name in [AUTHORIZATION, COOKIE, PROXY_AUTHORIZATION] {
                headers.remove(name);
            }
        }
        return Ok((next, None));
    }
    let mut url = original_url.clone();
    let params = request.params(spec);
    if params.is_empty() {
        return Ok((url, None));
    }
    match spec.params_place() {
        ParamsIn::Query => {
            set_query(&mut url, &params);
            Ok((url, None))
        }
        ParamsIn::Body => {
            let body = set_body(original_body, &params)?;
            headers
                .entry(CONTENT_TYPE)
                .or_insert(HeaderValue::from_static("application/json"));
            Ok((url, Some(body)))
        }
    }
}

fn set_query(url: &mut Url, params: &[(&'static str, ParamValue)]) {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !params.iter().any(|(param, _)| param == name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    url.query_pairs_mut()
        .clear()
        .extend_pairs(kept)
        .extend_pairs(params.iter().map(|(name, value)| (*name, value.to_string())));
}

fn set_body(body: Option<&[u8]>, params: &[(&'static str, ParamValue)]) -> Result<Vec<u8>> {
    let mut object = match body {
        None => serde_json::Map::new(),
        Some(bytes) => match serde_json::from_slice(bytes) {
            Ok(serde_json::Value::Object(object)) => object,
            _ => {
                return Err(Error::InvalidRequest(
                    "params_in = \"body\" needs a JSON object request body".into(),
                ))
            }
        },
    };
    for (name, value) in params {
        object.insert((*name).to_owned(), value.into());
    }
    serde_json::to_vec(&object).map_err(|error| Error::InvalidRequest(error.to_string()))
}

/// The page size already present in the user's request, used for the short-page rule when
/// `.page_size()` was not called.
pub(crate) fn size_in_request(spec: &Spec, url: &Url, body: Option<&[u8]>) -> Option<u64> {
    let name = spec.size_param();
    match spec.params_place() {
        ParamsIn::Query => url.query_pairs().find(|(key, _)| key == name)?.1.parse().ok(),
        ParamsIn::Body => serde_json::from_slice::<serde_json::Value>(body?)
            .ok()?
            .get(name)?
            .as_u64(),
    }
}

/// Turns a complete response into page parts: status check, decode with the JSON path of any error,
/// and the `Link` header for link strategies.
pub(crate) fn finish<P>(
    request: &PageRequest,
    options: &FetchOptions,
    status: u16,
    url: &Url,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<PageParts<P::Item>>
where
    P: Paginate + serde::de::DeserializeOwned,
{
    if !(200..300).contains(&status) {
        let (url, body) = (url.to_string(), snippet(body));
        if cursor_sent(request) && (options.cursor_rejected)(status, &body) {
            return Err(Error::CursorRejected { status, url, body });
        }
        let retry_after = headers
            .get(RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
        return Err(Error::Status {
            status,
            url,
            body,
            retry_after,
        });
    }
    let envelope: P = serde_json::from_slice(body).map_err(|_| decode_error::<P>(url, body))?;
    let mut parts = envelope.into_parts();
    if P::SPEC.strategy() == Strategy::LinkHeader {
        parts.signals.next_url = headers
            .get_all(LINK)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .find_map(next_link);
    }
    Ok(parts)
}

/// Decodes `body` again, tracking the JSON path, to say where it is not the envelope. Only on failure:
/// path tracking slows the common, successful decode.
fn decode_error<P: serde::de::DeserializeOwned>(url: &Url, body: &[u8]) -> Error {
    let deserializer = &mut serde_json::Deserializer::from_slice(body);
    match serde_path_to_error::deserialize::<_, P>(deserializer) {
        Err(error) if error.inner().is_eof() => Error::IncompleteBody { url: url.to_string() },
        Err(error) => Error::Decode {
            url: url.to_string(),
            path: error.path().to_string(),
            message: error.inner().to_string(),
            snippet: snippet(body),
        },
        Ok(_) => Error::Decode {
            url: url.to_string(),
            path: String::new(),
            message: "the body decodes only with path tracking".into(),
            snippet: snippet(body),
        },
    }
}

/// Whether the request carried a position the API issued (a cursor, next URL or key): only those can
/// be rejected as invalid or expired.
fn cursor_sent(request: &PageRequest) -> bool {
    matches!(
        request.position(),
        Position::Cursor(_) | Position::Keyset(_) | Position::Url(_)
    )
}

/// The `rel="next"` target of an RFC 8288 `Link` header value.
pub(crate) fn next_link(header: &str) -> Option<String> {
    let mut rest = header;
    while let Some(start) = rest.find('<') {
        let end = start + rest[start..].find('>')?;
        let target = &rest[start + 1..end];
        let params_end = rest[end..].find('<').map_or(rest.len(), |next| end + next);
        let params = rest[end + 1..params_end].trim().trim_end_matches(',');
        let is_next = params.split(';').any(|param| {
            let Some((name, value)) = param.split_once('=') else {
                return false;
            };
            name.trim().eq_ignore_ascii_case("rel")
                && value
                    .trim()
                    .trim_matches('"')
                    .split_ascii_whitespace()
                    .any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        if is_next {
            return Some(target.trim().to_owned());
        }
        rest = &rest[params_end..];
    }
    None
}

/// Classifies a reqwest failure: connecting, timing out, sending and reading the body are transient.
pub(crate) fn client_error(error: reqwest::Error) -> Error {
    if error.is_connect() || error.is_timeout() || error.is_request() || error.is_body() || error.is_decode()
    {
        Error::Connection(error.into())
    } else {
        Error::Transport(error.into())
    }
}

/// The start of a body, for error messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(SNIPPET_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.into_owned(),
    }
}

/// Rejects a body announced (or grown) past the cap.
pub(crate) fn check_size(url: &Url, size: u64, limit: u64) -> Result<()> {
    if size > limit {
        return Err(Error::BodyTooLarge {
            url: url.to_string(),
            limit,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn link_header_next_among_several_relations() {
        let header = r#"<https://api.test/items?page=3>; rel="prev", <https://api.test/items?page=5>; rel="next", <https://api.test/items?page=9>; rel="last""#;
        assert_eq!(
            next_link(header).as_deref(),
            Some("https://api.test/items?page=5")
        );
        assert_eq!(
            next_link(r#"</x?p=2>; rel="first next""#).as_deref(),
            Some("/x?p=2")
        );
        assert_eq!(next_link("</x?p=2>; rel=next").as_deref(), Some("/x?p=2"));
        assert_eq!(next_link(r#"<https://a/?p=1>; rel="prev""#), None);
        assert_eq!(next_link("garbage"), None);
        assert_eq!(next_link("<unterminated; rel=next"), None);
    }

    #[test]
    fn query_parameters_are_replaced_not_duplicated() {
        let mut url = Url::parse("https://a.test/v1/users?role=admin&limit=10&cursor=old").unwrap();
        set_query(
            &mut url,
            &[
                ("cursor", ParamValue::Text("a b&c=d/é".into())),
                ("limit", ParamValue::Number(50)),
            ],
        );
        assert_eq!(
            url.as_str(),
            "https://a.test/v1/users?role=admin&cursor=a+b%26c%3Dd%2F%C3%A9&limit=50"
        );
        let cursor: Vec<_> = url.query_pairs().filter(|(k, _)| k == "cursor").collect();
        assert_eq!(cursor.len(), 1);
        assert_eq!(cursor[0].1, "a b&c=d/é");
    }

    #[test]
    fn body_parameters_keep_filters() {
        let body = br#"{"filter":{"name":"x"},"offset":5}"#;
        let out = set_body(
            Some(body),
            &[
                ("offset", ParamValue::Number(50)),
                ("cursor", ParamValue::Text("007".into())),
            ],
        )
        .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            value,
            serde_json::json!({"filter":{"name":"x"},"offset":50,"cursor":"007"})
        );
        assert!(set_body(Some(b"[1]"), &[("offset", ParamValue::Number(1))]).is_err());
    }
}
