//! The first page of an emulated API, fetched over HTTP and handed to `detect`.
// Each test crate uses part of it.
#![allow(dead_code)]

use std::time::Duration;

use paginated_cli::{detect, DetectError, Detection, Exchange};
use paginated_mock::MockServer;
use reqwest::blocking::{Client, RequestBuilder};
use serde_json::Value;

/// A request and its response, owned.
pub struct First {
    method: &'static str,
    url: String,
    request_body: Option<Vec<u8>>,
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl First {
    /// What `detect` makes of it.
    pub fn detect(&self) -> Result<Detection, DetectError> {
        let mut exchange = Exchange::new(self.method, &self.url).response(self.status, &self.body);
        if let Some(body) = &self.request_body {
            exchange = exchange.request_body(body);
        }
        for (name, value) in &self.headers {
            exchange = exchange.header(name, value);
        }
        detect(&exchange)
    }

    /// The attribute text `detect` gives (panics on an error, with its message).
    pub fn attribute(&self) -> String {
        match self.detect() {
            Ok(detection) => {
                assert!(!detection.evidence().is_empty(), "a detection says why");
                detection.attribute().to_owned()
            }
            Err(error) => panic!("{} {}: {error}", self.method, self.url),
        }
    }

    /// The error `detect` gives (panics on a detection).
    pub fn error(&self) -> DetectError {
        match self.detect() {
            Ok(detection) => panic!("{} {}: detected {detection}", self.method, self.url),
            Err(error) => error,
        }
    }
}

fn client() -> Client {
    Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

fn fetch(method: &'static str, url: String, request_body: Option<Vec<u8>>, request: RequestBuilder) -> First {
    let response = request.send().unwrap();
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str().to_owned(), value.to_str().unwrap().to_owned()))
        .collect();
    let body = response.bytes().unwrap().to_vec();
    First {
        method,
        url,
        request_body,
        status,
        headers,
        body,
    }
}

/// `GET path_and_query`.
pub fn get(server: &MockServer, path_and_query: &str) -> First {
    let url = server.url(path_and_query);
    fetch("GET", url.clone(), None, client().get(url))
}

/// `POST path_and_query` with a JSON body and extra headers.
pub fn post(server: &MockServer, path_and_query: &str, body: &Value, headers: &[(&str, &str)]) -> First {
    let url = server.url(path_and_query);
    let bytes = body.to_string().into_bytes();
    let mut request = client()
        .post(&url)
        .header("content-type", "application/json")
        .body(bytes.clone());
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    fetch("POST", url, Some(bytes), request)
}
