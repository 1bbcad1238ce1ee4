//! The first request, as the options describe it: method, URL, headers and body.

use std::io::Read;
use std::path::Path;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde_json::{Map, Value};
use url::Url;

use super::args::Args;
use super::exit::Failure;

/// The request of the first page. Every later request is derived from it by the walk.
#[derive(Debug, Clone)]
pub struct FirstRequest {
    pub method: Method,
    pub url: Url,
    pub headers: HeaderMap,
    pub body: Option<Vec<u8>>,
}

impl FirstRequest {
    /// The request the options describe. Messages name files and header names, never a header's
    /// value or the body: either may hold a credential.
    pub fn from_args(args: &Args) -> Result<Self, Failure> {
        let url = parse_url(&args.url)?;
        let mut headers = HeaderMap::new();
        for header in &args.headers {
            // `Name:` with no value removes the header, as curl's `-H 'Name:'` does.
            match parse_header(header)? {
                (name, value) if value.is_empty() => {
                    headers.remove(name);
                }
                (name, value) => {
                    headers.append(name, value);
                }
            }
        }
        let body = match (&args.data, &args.graphql) {
            (Some(data), _) => Some(read_data(data)?),
            (None, Some(query)) => Some(graphql_body(query, &args.vars)?),
            (None, None) => None,
        };
        if body.is_some() && !headers.contains_key(CONTENT_TYPE) {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        }
        let method = match &args.method {
            Some(method) => Method::from_bytes(method.to_ascii_uppercase().as_bytes())
                .map_err(|_| Failure::usage(format!("`{method}` is not an HTTP method")))?,
            None if body.is_some() => Method::POST,
            None => Method::GET,
        };
        Ok(FirstRequest {
            method,
            url,
            headers,
            body,
        })
    }

    /// The request, ready to send with `client`.
    pub fn build(&self, client: &reqwest::Client) -> reqwest::RequestBuilder {
        let mut request = client
            .request(self.method.clone(), self.url.clone())
            .headers(self.headers.clone());
        if let Some(body) = &self.body {
            request = request.body(body.clone());
        }
        request
    }
}

fn parse_url(text: &str) -> Result<Url, Failure> {
    let url = Url::parse(text.trim()).map_err(|error| {
        let hint = if text.contains("://") {
            ""
        } else {
            " (begin it with https:// or http://)"
        };
        Failure::usage(format!("not a URL: {error}{hint}"))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Failure::usage(format!(
            "`{}:` URLs cannot be paginated: give an http or https URL",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(Failure::usage("the URL has no host"));
    }
    Ok(url)
}

/// `Name: value`; the value is never repeated in a message.
fn parse_header(text: &str) -> Result<(HeaderName, HeaderValue), Failure> {
    let Some((name, value)) = text.split_once(':') else {
        return Err(Failure::usage(
            "a header is written `Name: value` (-H 'Accept: application/json')",
        ));
    };
    let name = name.trim();
    let header = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Failure::usage(format!("`{}` is not a header name", name.escape_debug())))?;
    let value = HeaderValue::from_str(value.trim()).map_err(|_| {
        Failure::usage(format!(
            "the value of header `{name}` holds a character a header cannot carry (a line break or a \
             control character)"
        ))
    })?;
    Ok((header, value))
}

/// `-d`: the text itself, `@FILE`, or `@-` for stdin.
fn read_data(data: &str) -> Result<Vec<u8>, Failure> {
    match data.strip_prefix('@') {
        Some("-") => {
            let mut body = Vec::new();
            std::io::stdin()
                .read_to_end(&mut body)
                .map_err(|error| Failure::usage(format!("cannot read the body from stdin: {error}")))?;
            Ok(body)
        }
        Some(file) => read_file(Path::new(file), "the body"),
        None => Ok(data.as_bytes().to_vec()),
    }
}

pub fn read_file(path: &Path, what: &str) -> Result<Vec<u8>, Failure> {
    std::fs::read(path)
        .map_err(|error| Failure::usage(format!("cannot read {what} from `{}`: {error}", path.display())))
}

/// `{"query": ..., "variables": {...}}` from the query file and `--var NAME=VALUE`s.
fn graphql_body(query: &Path, vars: &[String]) -> Result<Vec<u8>, Failure> {
    let text = String::from_utf8(read_file(query, "the GraphQL query")?)
        .map_err(|_| Failure::usage(format!("`{}` is not UTF-8 text", query.display())))?;
    let mut variables = Map::new();
    for var in vars {
        let Some((name, value)) = var.split_once('=') else {
            return Err(Failure::usage(format!(
                "`--var {}`: write a variable as NAME=VALUE",
                var.escape_debug()
            )));
        };
        let name = name.trim().trim_start_matches('$');
        if name.is_empty() {
            return Err(Failure::usage("`--var`: the variable has no name"));
        }
        let value = serde_json::from_str(value).unwrap_or_else(|_| Value::String(value.to_owned()));
        variables.insert(name.to_owned(), value);
    }
    let body = serde_json::json!({ "query": text, "variables": variables });
    Ok(body.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        let (name, value) = parse_header("Authorization:  Bearer abc ").unwrap();
        assert_eq!(name, "authorization");
        assert_eq!(value, "Bearer abc");
        assert!(parse_header("no colon").is_err());
        let error = parse_header("X-Key: secret\u{7}value").unwrap_err();
        assert!(!error.message.contains("secret"), "{}", error.message);
        assert!(parse_header("Bad Name: x").is_err());
    }

    #[test]
    fn urls() {
        assert!(parse_url("ftp://example.com/").is_err());
        assert!(parse_url("example.com/v1").is_err());
        assert!(parse_url("http://127.0.0.1:8080/v1?x=1").is_ok());
    }
}
