//! URL and text handling without I/O: pagination parameters replaced in a query while every other
//! byte the user wrote is kept (signed URLs stay valid), the normal form of a request for the loop
//! guard, and the redaction and escaping applied to everything an error prints.

use url::form_urlencoded;
use url::Url;

use crate::protocol::request::ParamValue;

/// `url` with the pagination parameters `params` set: pairs whose decoded name is one of them are
/// dropped, every other pair is kept byte for byte, the new pairs are appended (form-encoded).
pub(crate) fn with_params(url: &Url, params: &[(&str, ParamValue)]) -> Url {
    let mut url = url.clone();
    if params.is_empty() {
        return url;
    }
    let mut query = String::new();
    for pair in url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
    {
        let name = form_urlencoded::parse(pair.as_bytes())
            .next()
            .map(|(name, _)| name);
        if name.is_some_and(|name| params.iter().any(|(param, _)| *param == name)) {
            continue;
        }
        if !query.is_empty() {
            query.push('&');
        }
        query.push_str(pair);
    }
    let mut added = form_urlencoded::Serializer::for_suffix(query, 0);
    for (name, value) in params {
        added.append_pair(name, &value.to_string());
    }
    let query = added.finish();
    url.set_query(Some(query.trim_start_matches('&')));
    url
}

/// The form of a URL two requests share when they ask for the same thing: no fragment, query pairs
/// decoded and sorted.
pub(crate) fn normalized(url: &Url) -> String {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    let mut url = url.clone();
    url.set_fragment(None);
    url.set_query(None);
    let mut text = String::from(url);
    if !pairs.is_empty() {
        text.push('?');
        text.push_str(
            &form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish(),
        );
    }
    text
}

/// Whether a query parameter name looks like it carries a credential.
fn is_credential_name(name: &str) -> bool {
    let name: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const PARTS: [&str; 9] = [
        "token",
        "secret",
        "password",
        "passwd",
        "signature",
        "credential",
        "auth",
        "session",
        "jwt",
    ];
    const NAMES: [&str; 4] = ["sig", "code", "pwd", "pass"];
    name.ends_with("key") || PARTS.iter().any(|part| name.contains(part)) || NAMES.contains(&name.as_str())
}

/// A URL fit for an error message: user info removed, values of credential-like query parameters
/// (`api_key`, `access_token`, `X-Amz-Signature`, ...) replaced by `REDACTED`, control characters
/// escaped.
pub(crate) fn redact(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (url, None),
    };
    let head = match Url::parse(head) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            String::from(parsed)
        }
        _ => head.to_owned(),
    };
    let mut text = head;
    if let Some(query) = query {
        let (query, fragment) = match query.split_once('#') {
            Some((query, fragment)) => (query, Some(fragment)),
            None => (query, None),
        };
        text.push('?');
        let pairs: Vec<String> = query
            .split('&')
            .map(|pair| {
                let name = form_urlencoded::parse(pair.as_bytes())
                    .next()
                    .map(|(name, _)| name);
                match (name, pair.split_once('=')) {
                    (Some(name), Some((raw_name, _))) if is_credential_name(&name) => {
                        format!("{raw_name}=REDACTED")
                    }
                    _ => pair.to_owned(),
                }
            })
            .collect();
        text.push_str(&pairs.join("&"));
        if let Some(fragment) = fragment {
            text.push('#');
            text.push_str(fragment);
        }
    }
    escape(&text)
}

/// Server or user text fit for a log line: control characters and bidirectional overrides escaped,
/// so a body cannot forge log lines or recolour a terminal.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        let invisible =
            matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
        if c.is_control() || invisible {
            escaped.extend(c.escape_default());
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// `text` with the values of credential-like `name=value` pairs replaced by `REDACTED`: servers often
/// echo the request's URL in an error body.
fn redact_pairs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('=') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        out.push('=');
        let after = &after[1..];
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .map_or(0, |index| index + 1);
        let value_end = after
            .find(|c: char| c.is_whitespace() || matches!(c, '&' | '"' | '\'' | '<' | '>' | ',' | ';'))
            .unwrap_or(after.len());
        if value_end > 0 && is_credential_name(&before[name_start..]) {
            out.push_str("REDACTED");
            rest = &after[value_end..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// At most `limit` characters of `bytes` as escaped text with credential-like `name=value` pairs
/// redacted, with `…` when cut.
pub(crate) fn snippet(bytes: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(bytes);
    let cut = text.char_indices().nth(limit).map(|(index, _)| index);
    let mut snippet = escape(&redact_pairs(&text[..cut.unwrap_or(text.len())]));
    if cut.is_some() {
        snippet.push('…');
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pagination_parameters_are_replaced_and_other_bytes_kept() {
        let url =
            Url::parse("https://a.test/v1/users?filter=a%20b&flag&limit=10&cursor=old&sig=x%2By").unwrap();
        let url = with_params(
            &url,
            &[
                ("cursor", ParamValue::Text("a b&c=d/é".into())),
                ("limit", ParamValue::Number(50)),
            ],
        );
        assert_eq!(
            url.as_str(),
            "https://a.test/v1/users?filter=a%20b&flag&sig=x%2By&cursor=a+b%26c%3Dd%2F%C3%A9&limit=50"
        );
        let bare = with_params(
            &Url::parse("https://a.test/x").unwrap(),
            &[("page", ParamValue::Number(2))],
        );
        assert_eq!(bare.as_str(), "https://a.test/x?page=2");
    }

    #[test]
    fn normal_form_ignores_fragments_and_parameter_order() {
        let a = Url::parse("https://a.test/x?limit=5&page=2#top").unwrap();
        let b = Url::parse("https://a.test/x?page=2&limit=5").unwrap();
        assert_eq!(normalized(&a), normalized(&b));
        assert_ne!(
            normalized(&a),
            normalized(&Url::parse("https://a.test/x?page=3&limit=5").unwrap())
        );
    }

    #[test]
    fn credentials_are_redacted_and_control_characters_escaped() {
        let url = "https://user:pw@a.test/x?api_key=s3cr3t&q=ok&X-Amz-Signature=abc&access_token=t";
        assert_eq!(
            redact(url),
            "https://a.test/x?api_key=REDACTED&q=ok&X-Amz-Signature=REDACTED&access_token=REDACTED"
        );
        assert_eq!(escape("a\x1b[31mb\r\nc\u{202e}"), "a\\u{1b}[31mb\\r\\nc\\u{202e}");
        assert_eq!(snippet("héllo wörld".as_bytes(), 5), "héllo…");
        assert_eq!(
            snippet(b"bad request: /x?api_key=s3cr3t&q=1 token=abc sort=asc", 200),
            "bad request: /x?api_key=REDACTED&q=1 token=REDACTED sort=asc"
        );
    }
}
