//! The leads API: `page`/`pageSize` with `pagination.hasNextPage`, filters applied before pagination, page
//! sizes above 100 clamped, and records created while the walk runs, against the embedded mock server.
//!
//! Run: `cargo run --example leads`

use futures::TryStreamExt;
use paginated::{Error, Paginate};
use paginated_mock::{Faults, MockConfig, MockServer};
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(
    page = "pagination.page",
    has_more = "pagination.has_next_page",
    total = "pagination.total",
    total_pages = "pagination.total_pages",
    per_page_param = "pageSize",
    max_page_size = 100
)]
struct LeadsPage {
    data: Vec<Lead>,
    pagination: Pagination,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Pagination {
    page: u64,
    total: u64,
    total_pages: u64,
    has_next_page: bool,
}

#[derive(Debug, Deserialize)]
struct Lead {
    id: String,
    status: String,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(1_234));
    let client = paginated::http::client().build().map_err(Error::transport)?;

    let leads: Vec<Lead> = LeadsPage::stream(client.get(server.url("/api/v1/leads")))
        .page_size(250) // clamped to the documented maximum of 100
        .try_collect()
        .await?;
    println!(
        "leads: {} leads in {} requests of 100",
        leads.len(),
        server.request_count()
    );

    let won: Vec<Lead> = LeadsPage::stream(client.get(server.url("/api/v1/leads?status=won")))
        .page_size(100)
        .try_collect()
        .await?;
    assert!(won.iter().all(|lead| lead.status == "won"));
    println!(
        "leads: {} won leads (filter applied before pagination)",
        won.len()
    );

    // The documentation warns that pages shift when records are created mid-walk (newest first).
    let mutating = MockServer::start(MockConfig {
        faults: Faults {
            insert_every: Some(2),
            ..Faults::default()
        },
        ..MockConfig::with_records(500)
    });
    let url = mutating.url("/api/v1/leads");
    let seen: Vec<Lead> = LeadsPage::stream(client.get(&url))
        .page_size(100)
        .try_collect()
        .await?;
    let mut ids: Vec<&str> = seen.iter().map(|lead| lead.id.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    println!(
        "leads: while records were created, {} rows came back for {} distinct leads",
        seen.len(),
        ids.len()
    );
    // The documentation's advice, "de-dupe by id on the client", built in.
    let deduped: Vec<Lead> = LeadsPage::stream(client.get(&url))
        .page_size(100)
        .dedupe_by(|lead: &Lead| lead.id.clone())
        .try_collect()
        .await?;
    println!(
        "leads: with .dedupe_by(id), {} rows, each lead once",
        deduped.len()
    );
    Ok(())
}
