//! What errors may print. Everything from the network or from a URL goes through here before it
//! reaches a message: the secrets the walk itself sent are scrubbed wherever a server echoes them,
//! values under credential-like names are redacted (`api_key=`, `"password": "..."`, `Bearer ...`),
//! and control, format and line-separator characters are escaped so a body cannot forge log lines.

use std::borrow::Cow;

use url::form_urlencoded;
use url::Url;

/// What replaces a secret.
pub(crate) const REDACTED: &str = "REDACTED";

/// Whether a parameter, header or JSON member name looks like it carries a credential: `api_key`,
/// `X-Api-Key`, `access_token`, `client_secret`, `password`, `X-Amz-Signature`, `hmac`, `ticket`,
/// `client_assertion`, `session`, `code`, ... Broad on purpose: redacting too much in an error message
/// costs little.
pub(crate) fn is_credential_name(name: &str) -> bool {
    let name: String = name
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const PARTS: [&str; 16] = [
        "token",
        "secret",
        "passw",
        "pwd",
        "signature",
        "credential",
        "auth",
        "session",
        "jwt",
        "hmac",
        "ticket",
        "assertion",
        "cookie",
        "private",
        "bearer",
        "apikey",
    ];
    const NAMES: [&str; 8] = ["sig", "code", "pass", "otp", "sid", "nonce", "pin", "key"];
    name.ends_with("key") || PARTS.iter().any(|part| name.contains(part)) || NAMES.contains(&name.as_str())
}

/// Whether a credential-like name is a pagination position (`pageToken`, `next_token`,
/// `ExclusiveStartKey`, `continuation-token`): kept in checkpoints, which need it to resume.
pub(crate) fn is_position_name(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    const HINTS: [&str; 14] = [
        "page", "next", "cursor", "continu", "sync", "resum", "start", "offset", "delta", "after", "before",
        "last", "marker", "skip",
    ];
    HINTS.iter().any(|hint| name.contains(hint))
}

/// Shorter values are not scrubbed from free text.
const MIN_SECRET_CHARS: usize = 4;

/// The secrets a walk sends with its requests (credential header values, credential query values,
/// credential members of its body), scrubbed from everything an error prints. Never serialised.
#[derive(Clone, Default)]
pub(crate) struct Secrets(Vec<String>);

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Secrets({} values)", self.0.len())
    }
}

// Only the reqwest transports know the secrets they send.
#[cfg_attr(not(feature = "reqwest"), allow(dead_code))]
impl Secrets {
    /// Adds a secret value (and, for `Scheme credentials` such as `Bearer abc`, the credentials).
    pub(crate) fn add(&mut self, value: &str) {
        let value = value.trim();
        // Scrubbed as text wherever it appears, a value of a few characters would garble the
        // message (`1` in `127.0.0.1`) and guards nothing; URLs redact credential parameters by
        // name, whatever their length.
        if value.chars().count() < MIN_SECRET_CHARS {
            return;
        }
        if let Some((scheme, credentials)) = value.split_once(' ') {
            if scheme.chars().all(|c| c.is_ascii_alphabetic()) {
                self.add(credentials);
            }
        }
        if !self.0.iter().any(|known| known == value) {
            self.0.push(value.to_owned());
            // Longest first, so a secret that contains another is scrubbed whole.
            self.0.sort_by_key(|known| std::cmp::Reverse(known.len()));
        }
    }

    /// The credential values of a query string.
    pub(crate) fn add_query(&mut self, url: &Url) {
        for (name, value) in url.query_pairs() {
            if is_credential_name(&name) && !is_position_name(&name) {
                self.add(&value);
            }
        }
        if let Some(password) = url.password() {
            self.add(password);
        }
    }

    /// The values of credential members of a JSON or form body, at any depth.
    pub(crate) fn add_body(&mut self, body: &[u8]) {
        fn walk(secrets: &mut Secrets, value: &serde_json::Value, credential: bool) {
            match value {
                serde_json::Value::String(text) if credential => secrets.add(text),
                serde_json::Value::Number(number) if credential => secrets.add(&number.to_string()),
                serde_json::Value::Array(values) => {
                    values.iter().for_each(|value| walk(secrets, value, credential))
                }
                serde_json::Value::Object(members) => {
                    for (name, value) in members {
                        let credential = is_credential_name(name) && !is_position_name(name);
                        walk(secrets, value, credential);
                    }
                }
                _ => {}
            }
        }
        match serde_json::from_slice::<serde_json::Value>(body) {
            Ok(value) => walk(self, &value, false),
            Err(_) => {
                for (name, value) in form_urlencoded::parse(body) {
                    if is_credential_name(&name) && !is_position_name(&name) {
                        self.add(&value);
                    }
                }
            }
        }
    }

    /// `text` with every secret replaced by `REDACTED`.
    pub(crate) fn scrub<'t>(&self, text: &'t str) -> Cow<'t, str> {
        let mut text = Cow::Borrowed(text);
        for secret in &self.0 {
            if text.contains(secret.as_str()) {
                text = Cow::Owned(text.replace(secret.as_str(), REDACTED));
            }
        }
        text
    }
}

/// A URL fit for an error message: user info removed, values of credential-like query parameters
/// replaced by `REDACTED`, the walk's secrets scrubbed, control characters escaped.
pub(crate) fn redact(url: &str) -> String {
    redact_with(url, &Secrets::default())
}

/// [`redact`], scrubbing `secrets` too.
pub(crate) fn redact_with(url: &str, secrets: &Secrets) -> String {
    let url = secrets.scrub(url);
    let (head, query) = match url.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (url.as_ref(), None),
    };
    let mut text = match Url::parse(head) {
        Ok(mut parsed) if !parsed.username().is_empty() || parsed.password().is_some() => {
            let _ = parsed.set_username("");
            let _ = parsed.set_password(None);
            String::from(parsed)
        }
        _ => head.to_owned(),
    };
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
                        format!("{raw_name}={REDACTED}")
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

/// Whether `c` must not reach a log line as itself: control characters, line and paragraph
/// separators, and invisible format characters (bidirectional overrides, zero-width characters).
fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{180e}'
            | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206f}' | '\u{feff}' | '\u{fff9}'..='\u{fffb}'
            | '\u{e0001}' | '\u{e0020}'..='\u{e007f}')
}

/// Server or user text fit for a log line: control, format and line-separator characters escaped,
/// so a body cannot forge log lines or recolour a terminal.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            escaped.extend(c.escape_default());
        } else {
            escaped.push(c);
        }
    }
    escaped
}

/// `text` with the values of credential-like `name=value` pairs, JSON members (`"api_key": "..."`)
/// and `Bearer`/`Basic` credentials replaced by `REDACTED`: servers echo requests in error bodies.
pub(crate) fn redact_text(text: &str) -> String {
    redact_schemes(&redact_members(&redact_pairs(text)))
}

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
            out.push_str(REDACTED);
            rest = &after[value_end..];
        } else {
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The end (exclusive) of the JSON-like string starting after the quote at `start`.
fn quoted_end(text: &str, start: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return Some(at),
            _ => at += 1,
        }
    }
    None
}

fn redact_members(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut at = 0;
    while let Some(offset) = text[at..].find('"') {
        let open = at + offset;
        let Some(close) = quoted_end(text, open + 1) else {
            break;
        };
        at = close + 1;
        let rest = &text[at..];
        let Some(value) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        // `"code"` names an error code in a JSON body (which invalid-cursor predicates read), not an
        // OAuth code.
        let name = &text[open + 1..close];
        if !is_credential_name(name) || name.eq_ignore_ascii_case("code") {
            continue;
        }
        let value_start = text.len() - value.trim_start().len();
        let value_end = if text[value_start..].starts_with('"') {
            match quoted_end(text, value_start + 1) {
                Some(end) => end + 1,
                None => text.len(),
            }
        } else {
            text[value_start..]
                .find(|c: char| matches!(c, ',' | '}' | ']') || c.is_whitespace())
                .map_or(text.len(), |end| value_start + end)
        };
        if value_end > value_start {
            out.push_str(&text[copied..value_start]);
            out.push('"');
            out.push_str(REDACTED);
            out.push('"');
            copied = value_end;
        }
        at = value_end.max(at);
    }
    out.push_str(&text[copied..]);
    out
}

fn redact_schemes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        let lower = rest.to_ascii_lowercase();
        let found = ["bearer ", "basic "]
            .iter()
            .filter_map(|scheme| lower.find(scheme).map(|at| (at, scheme.len())))
            .min();
        let Some((at, length)) = found else { break };
        let start = at + length;
        let end = rest[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || "-._~+/=".contains(c)))
            .map_or(rest.len(), |end| start + end);
        out.push_str(&rest[..start]);
        if end > start {
            out.push_str(REDACTED);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// At most `limit` characters of `bytes` as escaped text with the walk's secrets scrubbed and
/// credential-like values redacted, with `…` when cut.
pub(crate) fn snippet(bytes: &[u8], limit: usize, secrets: &Secrets) -> String {
    let text = String::from_utf8_lossy(bytes);
    let text = redact_text(&secrets.scrub(&text));
    let cut = text.char_indices().nth(limit).map(|(index, _)| index);
    let mut snippet = escape(&text[..cut.unwrap_or(text.len())]);
    if cut.is_some() {
        snippet.push('…');
    }
    snippet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_redacted_and_control_characters_escaped() {
        let url = "https://user:pw@a.test/x?api_key=s3cr3t&q=ok&X-Amz-Signature=abc&access_token=t&hmac=h&ticket=1&client_assertion=j";
        assert_eq!(
            redact(url),
            "https://a.test/x?api_key=REDACTED&q=ok&X-Amz-Signature=REDACTED&access_token=REDACTED\
             &hmac=REDACTED&ticket=REDACTED&client_assertion=REDACTED"
        );
        assert_eq!(
            escape("a\x1b[31mb\r\nc\u{202e}d\u{2028}e\u{2029}f\u{feff}"),
            "a\\u{1b}[31mb\\r\\nc\\u{202e}d\\u{2028}e\\u{2029}f\\u{feff}"
        );
        let none = Secrets::default();
        assert_eq!(snippet("héllo wörld".as_bytes(), 5, &none), "héllo…");
        assert_eq!(
            snippet(
                b"bad request: /x?api_key=s3cr3t&q=1 token=abc sort=asc",
                200,
                &none
            ),
            "bad request: /x?api_key=REDACTED&q=1 token=REDACTED sort=asc"
        );
    }

    #[test]
    fn json_members_and_authorization_schemes_are_redacted() {
        let none = Secrets::default();
        let body = br#"{"error":"bad","api_key": "k-123","password":"p\"w","pin":1234,"note":"Bearer abc.def-ghi, Basic dXNlcjpwdw=="}"#;
        assert_eq!(
            snippet(body, 500, &none),
            r#"{"error":"bad","api_key": "REDACTED","password":"REDACTED","pin":"REDACTED","note":"Bearer REDACTED, Basic REDACTED"}"#
        );
    }

    #[test]
    fn the_walks_own_secrets_are_scrubbed_wherever_they_appear() {
        let mut secrets = Secrets::default();
        secrets.add("Bearer tok-abc-123");
        secrets.add("xk-9");
        secrets.add_query(&Url::parse("https://a.test/x?hmac=hh77&page=2&pageToken=p1").unwrap());
        secrets.add_body(br#"{"auth": {"client_secret": "cs-1"}, "query": "q"}"#);
        let echoed = "you sent tok-abc-123 and xk-9 (hh77) cs-1; q p1";
        assert_eq!(
            snippet(echoed.as_bytes(), 500, &secrets),
            "you sent REDACTED and REDACTED (REDACTED) REDACTED; q p1"
        );
        assert_eq!(format!("{secrets:?}"), "Secrets(5 values)");
        assert_eq!(
            redact_with("https://a.test/bot-xk-9/items", &secrets),
            "https://a.test/bot-REDACTED/items"
        );
    }

    #[test]
    fn position_names_are_not_credentials_in_checkpoints() {
        for name in [
            "pageToken",
            "next_token",
            "ExclusiveStartKey",
            "continuation-token",
            "startKey",
        ] {
            assert!(is_position_name(name), "{name}");
        }
        for name in ["api_key", "access_token", "X-Amz-Signature", "client_secret"] {
            assert!(is_credential_name(name) && !is_position_name(name), "{name}");
        }
    }
}
