//! Attio: limit/offset on a GET (ends at a short page), limit/offset in the JSON body of a
//! POST query, and an opaque cursor, against the embedded mock server.
//!
//! Run: `cargo run --example attio`

use paginated::{Error, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[paginate(offset, max_page_size = 50)]
struct NotesPage {
    data: Vec<serde_json::Value>,
}

#[derive(Deserialize, Paginate)]
#[paginate(offset, params_in = "body", max_page_size = 500)]
struct PeoplePage {
    data: Vec<serde_json::Value>,
}

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "pagination.next_cursor", max_page_size = 200)]
struct MeetingsPage {
    data: Vec<serde_json::Value>,
    pagination: Pagination,
}

#[derive(Deserialize)]
struct Pagination {
    next_cursor: Option<String>,
}

fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(122));
    let client = paginated::http::blocking_client()
        .build()
        .map_err(Error::transport)?;

    let notes = NotesPage::iter(client.get(server.url("/v2/notes")))
        .page_size(50)
        .count();
    let offsets: Vec<String> = server
        .requests()
        .iter()
        .flat_map(|r| r.params("offset"))
        .collect();
    println!("attio: {notes} notes, offsets {offsets:?} (22 < 50 ends the walk)");

    server.clear_requests();
    let query = client
        .post(server.url("/v2/objects/people/records/query"))
        .header("content-type", "application/json")
        .body(r#"{"filter": {"role": "admin"}}"#);
    let people: Vec<serde_json::Value> = PeoplePage::iter(query).page_size(10).collect::<Result<_, _>>()?;
    let bodies: Vec<String> = server.requests().iter().map(|r| r.body.clone()).collect();
    println!(
        "attio: {} admins; request bodies: {}",
        people.len(),
        bodies.join(" | ")
    );

    server.clear_requests();
    let meetings = MeetingsPage::iter(client.get(server.url("/v2/meetings")))
        .page_size(50)
        .collect::<Result<Vec<_>, _>>()?;
    println!(
        "attio: {} meetings by cursor in {} requests",
        meetings.len(),
        server.request_count()
    );
    Ok(())
}
