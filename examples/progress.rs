//! A terminal progress bar over a window-split walk of 100,000 calls through Aircall's 10,000-record
//! cap, against the embedded mock server.
//!
//! Run: `cargo run --release --example progress`

use futures::TryStreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use paginated::{Error, Paginate};
use paginated_mock::{MockConfig, MockServer, EPOCH, SPAN_SECONDS};
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(
    items = "calls",
    page = "meta.current_page",
    total = "meta.total",
    max_page_size = 50,
    cap = 10000
)]
struct CallsPage {
    calls: Vec<Call>,
    meta: Meta,
}

#[derive(Deserialize)]
struct Meta {
    current_page: u64,
    total: u64,
}

#[derive(Deserialize)]
struct Call {
    id: u64,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(100_000));
    let client = paginated::http::client().build().map_err(Error::transport)?;
    let url = server.url("/v1/calls");

    let bar = ProgressBar::new(0);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} calls, {msg} [{elapsed_precise}]")
            .expect("valid template"),
    );
    let report = bar.clone();
    let calls: Vec<Call> = CallsPage::windows(EPOCH..EPOCH + SPAN_SECONDS, move |window| {
        client
            .get(&url)
            .query(&[("from", window.start), ("to", window.last())])
    })
    .page_size(50)
    .on_progress(move |progress| {
        if let Some(total) = progress.total {
            report.set_length(total);
        }
        report.set_position(progress.items);
        report.set_message(format!(
            "{} pages, window {}/{}",
            progress.pages,
            progress.windows_done + 1,
            progress.windows
        ));
    })
    .try_collect()
    .await?;
    bar.finish();

    let in_order = calls.windows(2).all(|pair| pair[0].id < pair[1].id);
    println!(
        "progress: {} calls (in order: {in_order}) in {} requests",
        calls.len(),
        server.request_count()
    );
    Ok(())
}
