//! URLs without I/O: pagination parameters replaced in a query while every other byte the user wrote
//! is kept (signed URLs stay valid), and the normal form of a request for the loop guard.

use std::borrow::Cow;

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
    if let Some(query) = url.query() {
        let mut kept = String::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let name = form_urlencoded::parse(pair.as_bytes())
                .next()
                .map(|(name, _)| name);
            if name.is_some_and(|name| params.iter().any(|(param, _)| *param == name)) {
                continue;
            }
            if !kept.is_empty() {
                kept.push('&');
            }
            kept.push_str(pair);
        }
        url.set_query((!kept.is_empty()).then_some(kept.as_str()));
    }
    // Appended to the URL's text as they are encoded: the query is not parsed again.
    let mut pairs = url.query_pairs_mut();
    let mut digits = [0; 20];
    for (name, value) in params {
        pairs.append_pair(name, &param_text(value, &mut digits));
    }
    drop(pairs);
    url
}

/// A parameter's value as query text: a number written out in `digits`, a text borrowed.
fn param_text<'a>(value: &'a ParamValue, digits: &'a mut [u8; 20]) -> Cow<'a, str> {
    match value {
        ParamValue::Number(number) => {
            let (mut number, mut start) = (*number, digits.len());
            loop {
                start -= 1;
                digits[start] = b'0' + (number % 10) as u8;
                number /= 10;
                if number == 0 {
                    break;
                }
            }
            Cow::Borrowed(std::str::from_utf8(&digits[start..]).unwrap_or_default())
        }
        ParamValue::Text(text) => Cow::Borrowed(text),
        ParamValue::Json(json) => Cow::Owned(json.to_string()),
    }
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
        let numbers = with_params(
            &Url::parse("https://a.test/x?limit=3#top").unwrap(),
            &[
                ("offset", ParamValue::Number(0)),
                ("limit", ParamValue::Number(u64::MAX)),
                ("key", ParamValue::Json(serde_json::json!({"k": [1]}))),
            ],
        );
        assert_eq!(
            numbers.as_str(),
            "https://a.test/x?offset=0&limit=18446744073709551615&key=%7B%22k%22%3A%5B1%5D%7D#top"
        );
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
}
