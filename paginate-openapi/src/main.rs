//! `paginated-openapi`: pagination code and a report from an OpenAPI document.

use std::path::PathBuf;
use std::process::ExitCode;

use paginated_openapi::{generate, Document, Options, Target};

const USAGE: &str = "\
usage: paginated-openapi <DOCUMENT> [--progenitor] [--crate PATH] [--out FILE] [--report] [--explain OPERATION]
                         [--format text|json]

Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (JSON or YAML) and writes Rust that paginates its list
operations with the paginated toolkit.

  <DOCUMENT>              the document file
  --progenitor            write impl_paginate! for progenitor's `types` instead of envelope structs
  --crate PATH            the path generated code names the facade by (default: paginated)
  --out FILE              write the code to FILE instead of standard output
  --report                print the report (per operation: strategy, evidence, what is unclassified
                          and why) instead of the code; with --out, the code still goes to FILE
  --explain OPERATION     print the reasoning for one operation, named by its operation id or as
                          `METHOD /path`
  --format text|json      the format of the report and of --explain: text (the default), or JSON in
                          the layout of the library's `json` module (one record for --explain);
                          --format json without --explain prints the report
  -h, --help              this text
  -V, --version           the version";

struct Args {
    document: PathBuf,
    target: Target,
    crate_path: Option<String>,
    out: Option<PathBuf>,
    report: bool,
    explain: Option<String>,
    format: Format,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

enum Parsed {
    Run(Args),
    Exit(&'static str),
}

fn parse_args() -> Result<Parsed, lexopt::Error> {
    use lexopt::prelude::*;
    let mut parser = lexopt::Parser::from_env();
    let mut document = None;
    let mut args = Args {
        document: PathBuf::new(),
        target: Target::Envelopes,
        crate_path: None,
        out: None,
        report: false,
        explain: None,
        format: Format::Text,
    };
    while let Some(arg) = parser.next()? {
        match arg {
            Long("progenitor") => args.target = Target::Progenitor,
            Long("crate") => args.crate_path = Some(parser.value()?.string()?),
            Long("out") => args.out = Some(parser.value()?.into()),
            Long("report") => args.report = true,
            Long("explain") => args.explain = Some(parser.value()?.string()?),
            Long("format") => {
                args.format = match parser.value()?.string()?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("unknown format `{other}`: expected text or json").into()),
                }
            }
            Short('h') | Long("help") => return Ok(Parsed::Exit(USAGE)),
            Short('V') | Long("version") => return Ok(Parsed::Exit(env!("CARGO_PKG_VERSION"))),
            Value(path) if document.is_none() => document = Some(PathBuf::from(path)),
            _ => return Err(arg.unexpected()),
        }
    }
    args.document = document.ok_or("missing the document to read")?;
    Ok(Parsed::Run(args))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Exit(text)) => {
            return match write_stdout(&format!("{text}\n")) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("paginated-openapi: {message}");
                    ExitCode::FAILURE
                }
            };
        }
        Err(error) => {
            eprintln!("paginated-openapi: {error}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("paginated-openapi: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> Result<ExitCode, String> {
    let document = Document::read(&args.document).map_err(|error| error.to_string())?;
    let mut options = Options::default().target(args.target);
    if let Some(path) = &args.crate_path {
        options = options.crate_path(path.clone());
    }
    let output = generate(&document, &options).map_err(|error| error.to_string())?;
    if let Some(out) = &args.out {
        std::fs::write(out, &output.code)
            .map_err(|error| format!("cannot write {}: {error}", out.display()))?;
        eprintln!("{}: {}", out.display(), output.report.summary());
    }
    let report = &output.report;
    if let Some(key) = &args.explain {
        let text = match args.format {
            Format::Text => {
                report.operation(key).map_err(|error| error.to_string())?;
                report.explain(key).unwrap_or_default()
            }
            Format::Json => json_text(
                report
                    .to_json()
                    .operation(key)
                    .map_err(|error| error.to_string())?,
            )?,
        };
        write_stdout(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        Format::Json => write_stdout(&json_text(&report.to_json())?)?,
        Format::Text if args.report => write_stdout(&report.to_string())?,
        Format::Text if args.out.is_none() => write_stdout(&output.code)?,
        Format::Text => {}
    }
    Ok(ExitCode::SUCCESS)
}

/// Pretty JSON, with a final newline.
fn json_text(value: &impl serde::Serialize) -> Result<String, String> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|error| format!("cannot write the JSON report: {error}"))
}

/// Writes to standard output. A reader that went away (`| head`) ends the output quietly, as it does
/// for other command-line tools, instead of the panic `print!` raises.
fn write_stdout(text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(error) if error.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(format!("cannot write to standard output: {error}"))
        }
        _ => Ok(()),
    }
}
