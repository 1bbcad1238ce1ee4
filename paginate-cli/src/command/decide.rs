//! How the endpoint paginates, decided once: a resume file's attribute (which an attribute given
//! again must match), `--paginate`, `--openapi`, or detection from the first response.

use paginated_attr::Attributes;
use paginated_cli::{detect, DetectError, Detection, Exchange};
use paginated_core::DynamicEnvelope;

use super::args::Args;
use super::envelope;
use super::exit::{Exit, Failure};
use super::explain;
use super::openapi;
use super::probe;
use super::request::FirstRequest;
use super::resume::Resumed;
use super::walk;

/// How the endpoint paginates, and where that was learnt.
pub enum Pagination {
    /// Attribute text, from `--paginate`, `--openapi`, a resume file or detection.
    Attribute {
        text: String,
        attrs: Box<Attributes>,
        detection: Option<Detection>,
        evidence: Vec<String>,
        /// The first page's body, when detection fetched it.
        sample: Option<serde_json::Value>,
        /// The first response, when detection fetched it: the walk's first page.
        first: Option<Box<paginated_core::http::FirstResponse>>,
    },
    /// The first response is the only page: its items, and what detection said.
    SinglePage {
        items: Vec<paginated_core::RawItem>,
        detection: Detection,
    },
}

/// What `--explain` prints of it.
pub fn view(pagination: &Pagination) -> explain::View<'_> {
    match pagination {
        Pagination::Attribute {
            text,
            attrs,
            detection,
            evidence,
            sample,
            ..
        } => explain::View {
            text,
            attrs: Some(attrs),
            detection: detection.as_ref(),
            evidence,
            sample: sample.as_ref(),
        },
        Pagination::SinglePage { detection, .. } => explain::View {
            text: detection.attribute(),
            attrs: None,
            detection: Some(detection),
            evidence: detection.evidence(),
            sample: None,
        },
    }
}

/// Decides how the endpoint paginates: a resume file's attribute (which an attribute given again must
/// match), `--paginate`, `--openapi`, or detection from the first response.
pub async fn pagination(
    args: &Args,
    client: &reqwest::Client,
    request: &FirstRequest,
    resumed: Option<&Resumed>,
) -> Result<Pagination, Failure> {
    let given = match (&args.paginate, &args.openapi, &args.operation) {
        (Some(text), _, _) => Some((text.clone(), "--paginate".to_owned(), Vec::new())),
        (None, Some(document), Some(operation)) => {
            let (text, evidence) = openapi::attribute(document, operation)?;
            Some((
                text,
                format!("the attribute read from `{}`", document.display()),
                evidence,
            ))
        }
        _ => None,
    };
    if let Some(resumed) = resumed {
        let attrs = envelope::parse(&resumed.attribute, "the resume file's attribute")?;
        let text = paginated_attr::to_text(&attrs);
        if let Some((given, origin, _)) = &given {
            let given = paginated_attr::to_text(&envelope::parse(given, origin)?);
            if given != text {
                return Err(Failure::usage(format!(
                    "the resume file was written for another pagination, `{text}`, than {origin}, `{given}`: \
                     run with the same options, or remove the resume file to start over"
                )));
            }
        }
        let evidence = vec!["kept in the resume file".to_owned()];
        return Ok(Pagination::Attribute {
            text,
            attrs: Box::new(attrs),
            detection: None,
            evidence,
            sample: None,
            first: None,
        });
    }
    if let Some((text, origin, evidence)) = given {
        let attrs = envelope::parse(&text, &origin)?;
        return Ok(Pagination::Attribute {
            text: paginated_attr::to_text(&attrs),
            attrs: Box::new(attrs),
            detection: None,
            evidence,
            sample: None,
            first: None,
        });
    }
    detected(args, client, request).await
}

/// Fetches the first page and detects how the endpoint paginates.
async fn detected(
    args: &Args,
    client: &reqwest::Client,
    request: &FirstRequest,
) -> Result<Pagination, Failure> {
    let attempts = args.retries.unwrap_or(walk::DEFAULT_ATTEMPTS);
    let timeout = args.timeout.unwrap_or(walk::DEFAULT_TIMEOUT);
    let page = probe::fetch(client, request, attempts, timeout).await?;
    let method = request.method.as_str();
    let mut exchange = Exchange::new(method, request.url.as_str()).response(page.status, &page.body);
    if let Some(body) = &request.body {
        exchange = exchange.request_body(body);
    }
    // Detection reads the headers whose values are text.
    for (name, value) in &page.headers {
        if let Ok(value) = value.to_str() {
            exchange = exchange.header(name.as_str(), value);
        }
    }
    let detection = detect(&exchange).map_err(|error| detect_failure(error, &page))?;
    if detection.is_single_page() {
        let format = match detection.format() {
            paginated_cli::Format::Json => paginated_core::Format::Json,
            paginated_cli::Format::Xml => paginated_core::Format::Xml,
        };
        let envelope =
            DynamicEnvelope::new(paginated_core::Strategy::Offset, detection.items().clone()).format(format);
        let items = envelope.items_of(request.url.as_str(), &page.body)?;
        return Ok(Pagination::SinglePage { items, detection });
    }
    let attrs = envelope::parse(detection.attribute(), "the detected attribute")?;
    Ok(Pagination::Attribute {
        text: paginated_attr::to_text(&attrs),
        attrs: Box::new(attrs),
        evidence: detection.evidence().to_vec(),
        detection: Some(detection),
        sample: serde_json::from_slice(&page.body).ok(),
        first: Some(Box::new(page.into_response())),
    })
}

/// Why detection gave no answer, as the command says it: the API's own words where it gave them
/// (a GraphQL error, an `error` member), redacted.
fn detect_failure(error: DetectError, page: &probe::FirstPage) -> Failure {
    let said = |what: &str| page.redactor.text(&what.chars().take(300).collect::<String>());
    match &error {
        DetectError::Status { status: 401 | 403 } => Failure::new(Exit::Credentials, error.to_string()),
        DetectError::GraphQlErrors { message } => Failure::new(
            Exit::Failure,
            format!("{error} (the first error says: {})", said(message)),
        ),
        DetectError::NoItems => match api_error(&page.body) {
            Some(message) => Failure::new(
                Exit::Failure,
                format!(
                    "the first response holds no list of items but an error: {}",
                    said(&message)
                ),
            ),
            None => Failure::usage(error.to_string()),
        },
        DetectError::Body { .. } | DetectError::EmptyBody | DetectError::Status { .. } => {
            Failure::new(Exit::Failure, error.to_string())
        }
        _ => Failure::usage(error.to_string()),
    }
}

/// The error a JSON body reports instead of a list: `{"ok": false, "error": "invalid_auth"}`,
/// `{"error": {"message": ...}}`, `{"message": ...}`, `{"errors": [{"message": ...}]}`.
fn api_error(body: &[u8]) -> Option<String> {
    let root: serde_json::Value = serde_json::from_slice(body).ok()?;
    let text = |value: &serde_json::Value| match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Object(members) => members
            .get("message")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned),
        _ => None,
    };
    ["error", "message", "error_description", "detail"]
        .iter()
        .find_map(|name| root.get(*name).and_then(text))
        .or_else(|| root.get("errors")?.as_array()?.first().and_then(text))
}
