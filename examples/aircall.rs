//! Aircall: `page`/`per_page` with a `meta` object and `next_page_link`, the 10,000-record
//! limit reported as a truncation, and `from`/`to` time windows, against the embedded mock server.
//!
//! Run: `cargo run --example aircall`

use futures::TryStreamExt;
use paginated::{Error, ErrorKind, Paginate};
use paginated_mock::{MockConfig, MockServer, EPOCH};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Call {
    id: u64,
    started_at: i64,
}

#[derive(Deserialize, Paginate)]
#[paginate(
    items = "calls",
    next_url = "meta.next_page_link",
    total = "meta.total",
    limit_param = "per_page",
    max_page_size = 50
)]
struct CallsPage {
    calls: Vec<Call>,
    meta: Meta,
}

#[derive(Deserialize)]
struct Meta {
    total: u64,
    next_page_link: Option<String>,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(12_000));
    let client = paginated::http::client().build().map_err(Error::transport)?;

    // One week of calls: under the cap, every call.
    let week = (EPOCH, EPOCH + 7 * 86_400);
    let calls: Vec<Call> = CallsPage::stream(
        client
            .get(server.url("/v1/calls"))
            .query(&[("from", week.0), ("to", week.1)]),
    )
    .page_size(50)
    .try_collect()
    .await?;
    let (last_id, last_at) = calls.last().map_or((0, 0), |call| (call.id, call.started_at));
    println!(
        "aircall: {} calls in the first week (last #{last_id} at {last_at}), {} requests",
        calls.len(),
        server.request_count()
    );

    // Everything at once: the API stops at 10,000 records, and the walk says so.
    let mut walk = CallsPage::stream(client.get(server.url("/v1/calls"))).page_size(50);
    loop {
        match walk.try_next().await {
            Ok(Some(_)) => {}
            Ok(None) => return Ok(()),
            Err(error) => match error.kind() {
                ErrorKind::Truncated { received, total } => {
                    println!("aircall: capped at {received} of {total} calls; split the query with from/to");
                    return Ok(());
                }
                _ => return Err(error),
            },
        }
    }
}
