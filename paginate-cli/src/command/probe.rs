//! The first page, fetched once to detect how the endpoint paginates. The walk reads its first page
//! from this response when its first request is the same request (see
//! [`paginated_core::Request::first_response`]), so the endpoint is asked once.

use std::time::Duration;

use paginated_core::http::Redactor;
use reqwest::header::{LOCATION, RETRY_AFTER};
use reqwest::StatusCode;

use super::exit::{Exit, Failure};
use super::request::FirstRequest;

/// The largest first page read for detection.
const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;
/// Waits between attempts, doubling from the first.
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const MAX_BACKOFF: Duration = Duration::from_secs(10);
/// The longest `Retry-After` the probe waits for.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// The first response: status, headers and body, and what of the request messages must scrub.
pub struct FirstPage {
    pub status: u16,
    /// The URL that answered, after any redirect.
    pub url: reqwest::Url,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
    pub redactor: Redactor,
}

/// Fetches the first page, retrying what a walk retries (connection failures, timeouts, 408, 429 and
/// 5xx) up to `attempts` times. Any other status than a success is a failure.
pub async fn fetch(
    client: &reqwest::Client,
    request: &FirstRequest,
    attempts: u32,
    timeout: Duration,
) -> Result<FirstPage, Failure> {
    let built = request
        .build(client)
        .build()
        .map_err(|error| Failure::usage(format!("cannot build the request: {}", error.without_url())))?;
    let redactor = Redactor::of(&built);
    let shown = redactor.url(request.url.as_str());
    let mut backoff = FIRST_BACKOFF;
    let mut attempt = 1;
    loop {
        let outcome = match tokio::time::timeout(timeout, send(client, request, &redactor, &shown)).await {
            Ok(outcome) => outcome,
            Err(_) => Err(Failure::new(
                Exit::Network,
                format!(
                    "{} {shown}: no answer within {} s",
                    request.method,
                    timeout.as_secs_f64()
                ),
            )),
        };
        let wait = match &outcome {
            Ok(page) if matches!(page.status, 408 | 429 | 500..=599) => {
                let retry_after = (page.headers.get(RETRY_AFTER))
                    .and_then(|value| value.to_str().ok()?.trim().parse::<u64>().ok())
                    .map(Duration::from_secs);
                match retry_after {
                    Some(wait) if wait > MAX_RETRY_AFTER => {
                        return Err(Failure::new(
                            Exit::Network,
                            format!(
                                "HTTP {} from {shown}: the API asks to wait {} s before the next request; \
                                 run again later",
                                page.status,
                                wait.as_secs()
                            ),
                        ))
                    }
                    Some(wait) => wait,
                    None => backoff,
                }
            }
            Err(failure) if failure.exit == Exit::Network => backoff,
            Ok(page) if !(200..300).contains(&page.status) => {
                return Err(status_failure(page, &shown, &redactor))
            }
            _ => return outcome,
        };
        if attempt >= attempts {
            return outcome.and_then(|page| Err(status_failure(&page, &shown, &redactor)));
        }
        attempt += 1;
        tokio::time::sleep(wait).await;
        backoff = (backoff * 2).min(MAX_BACKOFF);
    }
}

async fn send(
    client: &reqwest::Client,
    request: &FirstRequest,
    redactor: &Redactor,
    shown: &str,
) -> Result<FirstPage, Failure> {
    let network = |error: reqwest::Error| {
        let (exit, what) = if error.is_redirect() {
            // Not transient: the same redirects come back.
            (Exit::Failure, "the redirects do not end")
        } else if error.is_timeout() {
            (Exit::Network, "timed out")
        } else if error.is_connect() {
            (Exit::Network, "cannot connect")
        } else {
            (Exit::Network, "the request failed")
        };
        // reqwest's own message is generic ("error sending request"); its sources say what failed.
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            causes.push(cause.to_string());
            source = cause.source();
        }
        causes.dedup();
        let cause = causes
            .last()
            .cloned()
            .unwrap_or_else(|| error.without_url().to_string());
        Failure::new(
            exit,
            format!("{} {shown}: {what}: {}", request.method, redactor.text(&cause)),
        )
    };
    let mut response = request.build(client).send().await.map_err(network)?;
    let status = response.status();
    if status.is_redirection() {
        let target = response
            .headers()
            .get(LOCATION)
            .and_then(|value| value.to_str().ok())
            .and_then(|location| response.url().join(location).ok());
        if let Some(target) = target.filter(|target| target.origin() != request.url.origin()) {
            return Err(Failure::new(
                Exit::Credentials,
                format!(
                    "{shown} redirects to another origin, {}: your headers are not sent there; request \
                     that URL directly if you trust it",
                    redactor.url(target.origin().ascii_serialization().as_str())
                ),
            ));
        }
    }
    if matches!(status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN) {
        let body = response.bytes().await.unwrap_or_default();
        return Err(Failure::new(
            Exit::Credentials,
            format!(
                "HTTP {status} from {shown}: the API refused the credentials (pass them with -H 'Authorization: ...'): {}",
                redactor.body(&body)
            ),
        ));
    }
    let html = response
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|kind| kind.trim_start().to_ascii_lowercase().starts_with("text/html"));
    if status.is_success() && html {
        return Err(Failure::new(
            Exit::Failure,
            format!(
                "{shown} answered with an HTML page, not JSON or XML: a login or error page, or the \
                 site rather than its API?"
            ),
        ));
    }
    let url = response.url().clone();
    let headers = response.headers().clone();
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(network)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(Failure::new(
                Exit::Failure,
                format!(
                    "the first page from {shown} is larger than {} MiB",
                    MAX_BODY_BYTES >> 20
                ),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(FirstPage {
        status: status.as_u16(),
        url,
        headers,
        body,
        redactor: redactor.clone(),
    })
}

/// A status detection cannot read a page from, with the start of the body.
pub fn status_failure(page: &FirstPage, shown: &str, redactor: &Redactor) -> Failure {
    let exit = match page.status {
        401 | 403 => Exit::Credentials,
        408 | 429 => Exit::Network,
        _ => Exit::Failure,
    };
    Failure::new(
        exit,
        format!("HTTP {} from {shown}: {}", page.status, redactor.body(&page.body)),
    )
}

impl FirstPage {
    /// The response, for the walk to read its first page from.
    pub fn into_response(self) -> paginated_core::http::FirstResponse {
        paginated_core::http::FirstResponse {
            status: self.status,
            url: self.url,
            headers: self.headers,
            body: self.body,
        }
    }
}
