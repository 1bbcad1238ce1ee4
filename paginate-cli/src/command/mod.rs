//! The `paginated` command: options → the first request → how the endpoint paginates (the attribute
//! given, read from an OpenAPI document, kept in a resume file, or detected from the first response)
//! → a run-time envelope → the library's walk, page by page, into the output.

mod args;
mod envelope;
mod exit;
mod explain;
mod openapi;
mod output;
mod probe;
mod progress;
mod request;
mod resume;
mod sketch;
mod walk;

use std::process::ExitCode;

use clap::Parser;
use paginated_attr::Attributes;
use paginated_cli::{detect, Confidence, Detection, Exchange};
use paginated_core::{DynamicEnvelope, ErrorKind};

use args::Args;
use exit::{Exit, Failure};
use output::{Output, WriteError};
use progress::Progress;
use request::FirstRequest;
use resume::{ResumeFile, Resumed};

/// Runs the command and returns its exit status; errors go to stderr.
pub fn main() -> ExitCode {
    let args = Args::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("paginated: cannot start: {error}");
            return Exit::Failure.into();
        }
    };
    match runtime.block_on(run(args)) {
        Ok(exit) => exit.into(),
        Err(failure) => {
            eprintln!("paginated: {failure}");
            failure.exit.into()
        }
    }
}

/// How the endpoint paginates, and where that was learnt.
enum Pagination {
    /// Attribute text, from `--paginate`, `--openapi`, a resume file or detection.
    Attribute {
        text: String,
        attrs: Box<Attributes>,
        detection: Option<Detection>,
        evidence: Vec<String>,
        /// The first page's body, when detection fetched it.
        sample: Option<serde_json::Value>,
    },
    /// The first response is the only page: its items, and what detection said.
    SinglePage {
        items: Vec<paginated_core::RawItem>,
        detection: Detection,
    },
}

async fn run(args: Args) -> Result<Exit, Failure> {
    let request = FirstRequest::from_args(&args)?;
    let client = paginated_core::http::client()
        .user_agent(concat!("paginated-cli/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|error| Failure::new(Exit::Failure, format!("cannot build the HTTP client: {error}")))?;
    let resume = args.resume.as_deref().map(ResumeFile::new);
    let resumed = match &resume {
        Some(file) => file.load(args.output, &output::target(args.out.as_deref()))?,
        None => None,
    };
    let pagination = pagination(&args, &client, &request, resumed.as_ref()).await?;
    if args.explain {
        print!(
            "{}",
            explain::render(&args, &request, &client, &pagination_view(&pagination))
        );
        return Ok(Exit::Success);
    }
    let progress = Progress::new(args.quiet);
    match pagination {
        Pagination::SinglePage { items, .. } => {
            if !args.quiet {
                eprintln!(
                    "paginated: note: the response has no pagination signal, so it was written as the only \
                     page ({} items); if the endpoint has more, put the position in the URL (`page=1`, \
                     `offset=0`) or describe the pagination with --paginate",
                    items.len()
                );
            }
            let mut output = Output::open(args.out.as_deref(), args.output, None)?;
            let limit = args
                .max_items
                .map_or(items.len(), |max| items.len().min(max as usize));
            let written = output.write_items(&items[..limit]).and_then(|()| output.finish());
            match written {
                Ok(()) | Err(WriteError::Closed) => Ok(Exit::Success),
                Err(WriteError::Failed(failure)) => Err(failure),
            }
        }
        Pagination::Attribute {
            text,
            attrs,
            detection,
            ..
        } => {
            let envelope = envelope::envelope(&attrs);
            let walk = walk::Walk {
                args: &args,
                attribute: &text,
                resume,
                progress,
                output: None,
                target: output::target(args.out.as_deref()),
            };
            let walked = walk.run(envelope.stream(request.build(&client)), resumed).await;
            walked.map_err(|(failure, kind)| {
                match kind.and_then(|kind| advice(&kind, &text, detection.as_ref())) {
                    Some(advice) => failure.note(advice),
                    None => failure,
                }
            })
        }
    }
}

/// What `--explain` prints.
fn pagination_view(pagination: &Pagination) -> explain::View<'_> {
    match pagination {
        Pagination::Attribute {
            text,
            attrs,
            detection,
            evidence,
            sample,
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
async fn pagination(
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
    for (name, value) in &page.headers {
        exchange = exchange.header(name, value);
    }
    let detection = detect(&exchange).map_err(|error| {
        let exit = match error {
            paginated_cli::DetectError::Status { status: 401 | 403 } => Exit::Credentials,
            paginated_cli::DetectError::Body { .. }
            | paginated_cli::DetectError::EmptyBody
            | paginated_cli::DetectError::GraphQlErrors
            | paginated_cli::DetectError::Status { .. } => Exit::Failure,
            _ => Exit::Usage,
        };
        Failure::new(exit, error.to_string())
    })?;
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
    })
}

/// What the command line can do about a walk's error, beside the library's message.
fn advice(kind: &ErrorKind, attribute: &str, detection: Option<&Detection>) -> Option<String> {
    let guessed = detection
        .map(Detection::confidence)
        .filter(|confidence| *confidence != Confidence::Observed);
    let mut notes = Vec::new();
    if let (ErrorKind::RepeatedPage { page: 2, .. } | ErrorKind::LoopDetected { .. }, Some(confidence)) =
        (kind, guessed)
    {
        notes.push(format!(
            "The request parameter this walk sends its position in was not read off the first exchange \
             but {} (`{attribute}`): if the API takes another name, name it with --paginate \
             (`cursor_param = \"...\"`); --explain shows the evidence.",
            match confidence {
                Confidence::Assumed => "assumed",
                _ => "taken from a known convention",
            }
        ));
    }
    match kind {
        ErrorKind::RepeatedPage { .. } => notes
            .push("If the API really serves identical pages, run with --allow-repeated-pages.".to_owned()),
        ErrorKind::CapExceeded { .. } => notes.push(
            "The API serves only part of what matches one query: narrow it (a filter or a time range in \
             the URL) and walk each part."
                .to_owned(),
        ),
        ErrorKind::CrossOrigin { .. } => notes
            .push("If you trust that origin with your headers, run with --allow-origin ORIGIN.".to_owned()),
        _ => {}
    }
    (!notes.is_empty()).then(|| notes.join("\n"))
}
