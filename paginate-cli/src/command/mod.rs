//! The `paginated` command: options → the first request → how the endpoint paginates (the attribute
//! given, read from an OpenAPI document, kept in a resume file, or detected from the first response)
//! → a run-time envelope → the library's walk, page by page, into the output.

mod args;
mod decide;
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

use args::Args;
use decide::Pagination;
use exit::{Exit, Failure};
use output::{Output, WriteError};
use progress::Progress;
use request::FirstRequest;
use resume::ResumeFile;

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

async fn run(args: Args) -> Result<Exit, Failure> {
    check_files(&args)?;
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
    let pagination = decide::pagination(&args, &client, &request, resumed.as_ref()).await?;
    if args.explain {
        print!("{}", explain::render(&args, &decide::view(&pagination)));
        return Ok(Exit::Success);
    }
    let progress = Progress::new(args.quiet);
    match pagination {
        Pagination::SinglePage { items, .. } => single_page(&args, &items),
        Pagination::Attribute {
            text,
            attrs,
            detection,
            first,
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
            let mut source = paginated_core::Request::from(request.build(&client));
            if let Some(first) = first {
                source = source.first_response(*first);
            }
            let walked = walk.run(envelope.stream(source), resumed).await;
            walked.map_err(|(failure, kind)| {
                match kind.and_then(|kind| exit::advice(&kind, &text, detection.as_ref())) {
                    Some(advice) => failure.note(advice),
                    None => failure,
                }
            })
        }
    }
}

/// Writes the items of a response that is the only page, with a note that says so.
fn single_page(args: &Args, items: &[paginated_core::RawItem]) -> Result<Exit, Failure> {
    if !args.quiet {
        eprintln!(
            "paginated: note: the response has no pagination signal, so it was written as the only \
             page ({}); if the endpoint has more, put the position in the URL (`page=1`, \
             `offset=0`) or describe the pagination with --paginate",
            progress::count(items.len() as u64, "item")
        );
    }
    let mut output = Output::open(args.out.as_deref(), args.output, None)?;
    let limit = args
        .max_items
        .map_or(items.len(), |max| items.len().min(max as usize));
    match output.write_items(&items[..limit]).and_then(|()| output.finish()) {
        Ok(()) | Err(WriteError::Closed) => Ok(Exit::Success),
        Err(WriteError::Failed(failure)) => Err(failure),
    }
}

/// Refuses, before any request, files the walk could not keep: a resume file in a directory that does
/// not exist, or the same file for the resume file and the output (each would replace the other).
fn check_files(args: &Args) -> Result<(), Failure> {
    let Some(resume) = &args.resume else {
        return Ok(());
    };
    let directory = match resume.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => std::path::Path::new("."),
    };
    if !directory.is_dir() {
        return Err(Failure::usage(format!(
            "cannot keep the resume file `{}`: `{}` is not a directory",
            resume.display(),
            directory.display()
        )));
    }
    let same =
        |a: &std::path::Path, b: &std::path::Path| match (std::path::absolute(a), std::path::absolute(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => a == b,
        };
    if args.out.as_deref().is_some_and(|out| same(out, resume)) {
        return Err(Failure::usage(
            "--out and --resume name the same file: give the resume file a name of its own",
        ));
    }
    Ok(())
}
