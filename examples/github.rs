//! GitHub-style pagination: a bare JSON array body and the RFC 8288 `Link` header, against the embedded
//! mock server.
//!
//! Run: `cargo run --example github`

use paginated::{Error, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(link_header, limit_param = "per_page", max_page_size = 100)]
struct IssuesPage {
    issues: Vec<Issue>,
}

#[derive(Debug, Deserialize)]
struct Issue {
    number: u64,
    title: String,
}

fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(250));
    let client = paginated::http::blocking_client()
        .build()
        .map_err(Error::transport)?;
    let request = client.get(server.url("/repos/octo/hello/issues?state=open"));
    let issues: Vec<Issue> = IssuesPage::iter(request)
        .page_size(100)
        .collect::<Result<_, _>>()?;
    println!(
        "github: {} issues (#{} {:?} … #{}) in {} requests following rel=\"next\"",
        issues.len(),
        issues[0].number,
        issues[0].title,
        issues[issues.len() - 1].number,
        server.request_count()
    );
    Ok(())
}
