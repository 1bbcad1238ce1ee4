//! What ties a checkpoint to the request that started its walk, and what of a URL a checkpoint may
//! keep. A checkpoint is bound to the whole request (method, URL, body) apart from its credentials and
//! the pagination parameters the walk sets itself, so a checkpoint taken for `?tenant=alice` does not
//! resume a walk for `?tenant=bob`, and a rotated API key still resumes. The URLs it keeps lose their
//! credential parameters, which the resuming request supplies again.

use url::Url;

use crate::protocol::fingerprint::{Fingerprint, PartsHasher};
use crate::protocol::redact::{is_credential_name, is_position_name};
use crate::protocol::spec::Spec;

/// Whether a query parameter or body member is left out of bindings and checkpoints: a credential, or
/// a pagination parameter the walk sets itself.
fn left_out(name: &str, spec: &Spec) -> bool {
    let pagination = pagination_params(spec).any(|param| param == name);
    pagination || is_credential_name(name) && !is_position_name(name)
}

fn pagination_params(spec: &Spec) -> impl Iterator<Item = &'static str> {
    [
        spec.cursor_param_name(),
        spec.offset_param_name(),
        spec.page_param_name(),
        spec.size_param(),
    ]
    .into_iter()
    .chain(spec.keyset_param_names().iter().copied())
    .chain(spec.carry_param_name())
}

/// The fingerprint of a request as a checkpoint binds to it: method, origin, path, the query pairs
/// (sorted) and the body (a JSON body with its members sorted), without credentials and pagination
/// parameters.
pub(crate) fn binding(method: &str, url: &Url, body: Option<&[u8]>, spec: &Spec) -> Fingerprint {
    let mut hasher = PartsHasher::default();
    hasher
        .part(method.to_ascii_uppercase().as_bytes())
        .part(url.origin().ascii_serialization().as_bytes())
        .part(url.path().as_bytes());
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !left_out(name, spec))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    pairs.sort();
    for (name, value) in &pairs {
        hasher.part(name.as_bytes()).part(value.as_bytes());
    }
    match body.map(serde_json::from_slice::<serde_json::Value>) {
        None => {}
        Some(Ok(value)) => {
            hasher.part(b"json");
            canonical(&mut hasher, &value, "", spec);
        }
        Some(Err(_)) => {
            hasher.part(b"bytes").part(body.unwrap_or_default());
        }
    }
    hasher.finish()
}

/// Feeds `value` to `hasher` with object members sorted, leaving out credentials and the pagination
/// parameters (dotted names are nested members) found at `path`.
fn canonical(hasher: &mut PartsHasher, value: &serde_json::Value, path: &str, spec: &Spec) {
    match value {
        serde_json::Value::Object(members) => {
            let mut names: Vec<&String> = members.keys().collect();
            names.sort();
            hasher.part(b"{");
            for name in names {
                let nested = if path.is_empty() {
                    name.clone()
                } else {
                    format!("{path}.{name}")
                };
                if pagination_params(spec).any(|param| param == nested)
                    || is_credential_name(name) && !is_position_name(name)
                {
                    continue;
                }
                hasher.part(name.as_bytes());
                canonical(hasher, &members[name.as_str()], &nested, spec);
            }
            hasher.part(b"}");
        }
        serde_json::Value::Array(values) => {
            hasher.part(b"[");
            for value in values {
                canonical(hasher, value, path, spec);
            }
            hasher.part(b"]");
        }
        scalar => {
            hasher.part(scalar.to_string().as_bytes());
        }
    }
}

/// `url` fit for a checkpoint: without user info and credential query parameters; also returns the
/// names of the parameters taken out.
pub(crate) fn without_credentials(url: &str, spec: &Spec) -> (String, Vec<String>) {
    let Ok(mut parsed) = Url::parse(url) else {
        return (url.to_owned(), Vec::new());
    };
    let _ = parsed.set_username("");
    let _ = parsed.set_password(None);
    let mut removed = Vec::new();
    if let Some(query) = parsed.query().map(str::to_owned) {
        let kept: Vec<&str> = query
            .split('&')
            .filter(|pair| {
                let name = url::form_urlencoded::parse(pair.as_bytes())
                    .next()
                    .map(|(name, _)| name.into_owned())
                    .unwrap_or_default();
                let credential = is_credential_name(&name)
                    && !is_position_name(&name)
                    && !pagination_params(spec).any(|param| param == name);
                if credential && !removed.contains(&name) {
                    removed.push(name);
                }
                !credential
            })
            .collect();
        parsed.set_query((!kept.is_empty()).then(|| kept.join("&")).as_deref());
    }
    (parsed.into(), removed)
}

/// `url` with the parameters `names` put back from `from`'s query (the resuming request's), and
/// `from`'s user info when both are on the same origin.
pub(crate) fn with_credentials(url: &str, names: &[String], from: &Url) -> String {
    let Ok(mut parsed) = Url::parse(url) else {
        return url.to_owned();
    };
    if parsed.origin() != from.origin() {
        return url.to_owned();
    }
    let _ = parsed.set_username(from.username());
    let _ = parsed.set_password(from.password());
    let restored: Vec<(String, String)> = from
        .query_pairs()
        .filter(|(name, _)| names.iter().any(|removed| removed == name))
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    if !restored.is_empty() {
        parsed.query_pairs_mut().extend_pairs(restored);
    }
    parsed.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::spec::Strategy;

    const SPEC: Spec = Spec::new(Strategy::Cursor).limit_param("per_page");

    fn bind(method: &str, url: &str, body: Option<&str>) -> Fingerprint {
        binding(method, &Url::parse(url).unwrap(), body.map(str::as_bytes), &SPEC)
    }

    #[test]
    fn a_binding_ignores_credentials_and_pagination_parameters_only() {
        let base = bind(
            "GET",
            "https://a.test/v1/items?tenant=alice&api_key=k1&cursor=c1&per_page=5",
            None,
        );
        assert_eq!(
            base,
            bind("get", "https://a.test/v1/items?api_key=k2&tenant=alice", None)
        );
        for other in [
            bind("GET", "https://a.test/v1/items?tenant=bob&api_key=k1", None),
            bind("POST", "https://a.test/v1/items?tenant=alice", None),
            bind("GET", "https://a.test/v2/items?tenant=alice", None),
            bind("GET", "https://b.test/v1/items?tenant=alice", None),
            bind("GET", "https://a.test/v1/items?tenant=alice&tenant=bob", None),
        ] {
            assert_ne!(base, other);
        }
        let body = |text: &str| bind("POST", "https://a.test/search", Some(text));
        assert_eq!(
            body(r#"{"q":"x","opts":{"b":1,"a":2},"password":"p","cursor":"c","page":{"size":3}}"#),
            body(r#"{"opts":{"a":2,"b":1},"q":"x","password":"other","page":{"size":3}}"#),
        );
        assert_ne!(body(r#"{"q":"x"}"#), body(r#"{"q":"y"}"#));
        assert_ne!(body("q=x"), body("q=y"));
    }

    #[test]
    fn checkpoint_urls_lose_their_credentials_and_get_them_back() {
        let (kept, removed) = without_credentials(
            "https://u:p@a.test/x?page=2&api_key=s3&access_token=t&pageToken=pt&cursor=c",
            &SPEC,
        );
        assert_eq!(kept, "https://a.test/x?page=2&pageToken=pt&cursor=c");
        assert_eq!(removed, ["api_key", "access_token"]);
        let from = Url::parse("https://u2:p2@a.test/start?api_key=new&tenant=t").unwrap();
        assert_eq!(
            with_credentials(&kept, &removed, &from),
            "https://u2:p2@a.test/x?page=2&pageToken=pt&cursor=c&api_key=new"
        );
        let elsewhere = Url::parse("https://b.test/?api_key=new").unwrap();
        assert_eq!(with_credentials(&kept, &removed, &elsewhere), kept);
    }
}
