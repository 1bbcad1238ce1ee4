//! The command line, as clap reads it.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, ValueEnum};

/// Every item of a paginated list endpoint, one JSON value per line on stdout.
///
/// With no pagination option, the first response decides how the endpoint paginates (a `Link`
/// header, a next URL or a cursor in the body, page or offset parameters, ...); `--explain` shows
/// what was found, and `--paginate` says it yourself, in the attribute language of
/// `#[derive(Paginate)]`.
#[derive(Debug, Parser)]
#[command(
    name = "paginated",
    version,
    about = "Every item of a paginated list endpoint, one JSON value per line on stdout",
    long_about = None,
    after_help = AFTER_HELP,
    max_term_width = 100
)]
pub struct Args {
    /// The URL of the list's first page.
    pub url: String,

    /// A request header, `Name: value` (repeat for more). Headers go only to the URL's origin.
    #[arg(
        short = 'H',
        long = "header",
        value_name = "NAME: VALUE",
        help_heading = "Request"
    )]
    pub headers: Vec<String>,

    /// The request method [default: GET, or POST with --data or --graphql].
    #[arg(
        short = 'X',
        long = "request",
        value_name = "METHOD",
        help_heading = "Request"
    )]
    pub method: Option<String>,

    /// The request body: text, `@FILE` for a file's contents, or `@-` for stdin. Sent as JSON
    /// unless a Content-Type header says otherwise.
    #[arg(short = 'd', long = "data", value_name = "BODY", help_heading = "Request")]
    pub data: Option<String>,

    /// A GraphQL query file: POSTs `{"query": ..., "variables": ...}` and walks the connection
    /// whose `pageInfo` the answer shows. The query must take the cursor as a variable
    /// (`after: $after`).
    #[arg(long, value_name = "FILE", conflicts_with = "data", help_heading = "Request")]
    pub graphql: Option<PathBuf>,

    /// A GraphQL variable, `NAME=VALUE` (repeat for more): VALUE is read as JSON when it is JSON,
    /// else as a string.
    #[arg(
        long = "var",
        value_name = "NAME=VALUE",
        requires = "graphql",
        help_heading = "Request"
    )]
    pub vars: Vec<String>,

    /// Seconds one request may take before it is retried.
    #[arg(long, value_name = "SECONDS", value_parser = parse_seconds, help_heading = "Request")]
    pub timeout: Option<Duration>,

    /// Attempts per page, the first included, before a transient failure (a timeout, 429, 5xx)
    /// ends the walk.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Request")]
    pub retries: Option<u32>,

    /// How the endpoint paginates, in the attribute language of `#[derive(Paginate)]`:
    /// `'items = "data", cursor = "meta.next", has_more = "meta.has_more"'`. Paths name JSON
    /// members; quote a name that is no identifier: `next_url = "'@odata.nextLink'"`.
    #[arg(long, value_name = "ATTRIBUTE", help_heading = "Pagination")]
    pub paginate: Option<String>,

    /// An OpenAPI document (JSON or YAML) that describes the endpoint; with --operation.
    #[arg(
        long,
        value_name = "DOCUMENT",
        requires = "operation",
        conflicts_with_all = ["paginate", "graphql"],
        help_heading = "Pagination"
    )]
    pub openapi: Option<PathBuf>,

    /// The operation of --openapi: its operationId, or `METHOD /path`.
    #[arg(long, value_name = "ID", requires = "openapi", help_heading = "Pagination")]
    pub operation: Option<String>,

    /// Print how the endpoint paginates (the attribute, the evidence, an envelope for the derive)
    /// and stop.
    #[arg(long, help_heading = "Pagination")]
    pub explain: bool,

    /// Items to ask for per page.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..), help_heading = "Pagination")]
    pub page_size: Option<u64>,

    /// Stop after this many items.
    #[arg(long, value_name = "N", help_heading = "Pagination")]
    pub max_items: Option<u64>,

    /// Stop after this many pages.
    #[arg(long, value_name = "N", help_heading = "Pagination")]
    pub max_pages: Option<u64>,

    /// Pages fetched at once, where the positions are known ahead (offsets and page numbers with
    /// a total); items still come in order.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=64), help_heading = "Pagination")]
    pub concurrency: Option<u64>,

    /// At most this many requests: `5/s`, `100/m`, `1000/h` (a bare number is per second).
    #[arg(long, value_name = "N/s", value_parser = parse_rate, help_heading = "Pagination")]
    pub rate: Option<Duration>,

    /// Another origin the walk may follow next URLs to, with your headers (`https://host:port`).
    #[arg(long, value_name = "ORIGIN", value_parser = parse_origin, help_heading = "Pagination")]
    pub allow_origin: Vec<String>,

    /// Walk an API whose pages may honestly repeat earlier pages' items.
    #[arg(long, help_heading = "Pagination")]
    pub allow_repeated_pages: bool,

    /// Pages in a row without a new item (empty, or repeated with --allow-repeated-pages) before the
    /// walk gives up [default: 1000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..), help_heading = "Pagination")]
    pub max_stalled_pages: Option<u32>,

    /// Keep the walk's position in FILE after every page; run the same command again to go on
    /// where it stopped, appending. It holds no header and no credential.
    #[arg(long, value_name = "FILE", help_heading = "Output")]
    pub resume: Option<PathBuf>,

    /// Write the items to FILE instead of stdout.
    #[arg(long = "out", value_name = "FILE", help_heading = "Output")]
    pub out: Option<PathBuf>,

    /// `ndjson`: one item per line; `json`: one array.
    #[arg(
        long,
        value_name = "FORMAT",
        default_value = "ndjson",
        help_heading = "Output"
    )]
    pub output: OutputFormat,

    /// No progress on stderr (it shows only while stderr is a terminal).
    #[arg(short, long, help_heading = "Output")]
    pub quiet: bool,
}

/// How items are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON value per line.
    Ndjson,
    /// One JSON array.
    Json,
}

const AFTER_HELP: &str = "\
Exit status:
  0    every item was written (or --max-items/--max-pages was reached)
  1    another error: an HTTP error status, a body that is not what the walk reads, output I/O
  2    bad input: an option, the attribute, a file, a resume file of another request, or an
       endpoint whose pagination one response cannot tell (the message says which option to add)
  3    truncated: the API ended the list before the total it announced
  4    the API repeats itself: a page or a cursor seen before, or pages without new items
  5    credentials rejected (401, 403), or a next page on another origin refused
  6    network: connection failures, timeouts and rate limits that outlasted the retries
  130  interrupted (Ctrl-C); with --resume, the same command goes on where it stopped

Examples:
  paginated https://api.github.com/repos/rust-lang/rust/issues -H \"Authorization: Bearer $TOKEN\"
  paginated https://api.example.com/v1/users --explain
  paginated https://api.example.com/v1/users --paginate 'items = \"data\", cursor = \"meta.next\"'
  paginated https://api.example.com/v1/users --resume users.resume --out users.ndjson";

/// An origin, `scheme://host[:port]`, written as the walk compares origins.
fn parse_origin(text: &str) -> Result<String, String> {
    let url = url::Url::parse(text.trim())
        .map_err(|_| format!("`{text}` is not an origin: write it as https://host or https://host:port"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(format!("`{text}` is not an http or https origin"));
    }
    Ok(url.origin().ascii_serialization())
}

/// Seconds, whole or fractional, above zero.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    if !(seconds > 0.0 && seconds <= 86_400.0) {
        return Err(format!(
            "`{text}`: give a number of seconds above 0, at most a day"
        ));
    }
    Ok(Duration::from_secs_f64(seconds))
}

/// `N/s`, `N/m`, `N/h` or `N` (per second): the interval between two requests.
fn parse_rate(text: &str) -> Result<Duration, String> {
    let (count, unit) = match text.trim().split_once('/') {
        Some((count, unit)) => (count.trim(), unit.trim()),
        None => (text.trim(), "s"),
    };
    let per = match unit {
        "s" | "sec" | "second" => 1.0,
        "m" | "min" | "minute" => 60.0,
        "h" | "hour" => 3600.0,
        _ => return Err(format!("`{text}`: write the rate as N/s, N/m or N/h")),
    };
    let count: f64 = count
        .parse()
        .map_err(|_| format!("`{text}`: write the rate as N/s, N/m or N/h"))?;
    if !(count > 0.0 && count.is_finite()) {
        return Err(format!("`{text}`: the rate must be above 0"));
    }
    let interval = per / count;
    if interval > 86_400.0 {
        return Err(format!("`{text}`: at least one request a day"));
    }
    Ok(Duration::from_secs_f64(interval))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates() {
        assert_eq!(parse_rate("5/s"), Ok(Duration::from_millis(200)));
        assert_eq!(parse_rate("2"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_rate("120/m"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_rate("3600/h"), Ok(Duration::from_secs(1)));
        assert!(parse_rate("0/s").is_err());
        assert!(parse_rate("5/d").is_err());
        assert!(parse_rate("fast").is_err());
        assert!(parse_rate("NaN/s").is_err());
    }

    #[test]
    fn origins() {
        assert_eq!(
            parse_origin("https://api.example.com/v1/x").unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            parse_origin("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080"
        );
        assert!(parse_origin("not a url").is_err());
        assert!(parse_origin("ftp://files.example.com").is_err());
    }

    #[test]
    fn seconds() {
        assert_eq!(parse_seconds("1.5"), Ok(Duration::from_millis(1500)));
        assert!(parse_seconds("0").is_err());
        assert!(parse_seconds("-1").is_err());
        assert!(parse_seconds("inf").is_err());
    }

    #[test]
    fn the_command_line_is_consistent() {
        use clap::CommandFactory;
        Args::command().debug_assert();
    }
}
