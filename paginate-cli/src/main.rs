//! `paginated`: every item of a paginated list endpoint, one JSON value per line on stdout.
//!
//! `paginated --help` documents the options and the exit statuses; the library of this package,
//! `paginated_cli`, documents how the pagination is detected.

mod command;

fn main() -> std::process::ExitCode {
    command::main()
}
