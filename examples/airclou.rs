//! Airclou: cursor pagination with `pagination.next_cursor` and `has_more`, filters kept
//! across pages, and the documented invalid-cursor error, against the embedded mock server.
//!
//! Run: `cargo run --example airclou`

use futures::TryStreamExt;
use paginated::{Error, ErrorKind, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct User {
    id: String,
    email: String,
    role: String,
}

#[derive(Deserialize, Paginate)]
#[paginate(
    cursor = "pagination.next_cursor",
    has_more = "pagination.has_more",
    total = "pagination.total_count",
    max_page_size = 100
)]
struct UsersPage {
    data: Vec<User>,
    pagination: Pagination,
}

#[derive(Deserialize)]
struct Pagination {
    next_cursor: Option<String>,
    has_more: bool,
    total_count: u64,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(250));
    let client = paginated::http::client().build().map_err(Error::transport)?;

    // Every user, 50 per page, as an async stream.
    let users: Vec<User> = UsersPage::stream(
        client
            .get(server.url("/playbook/api/v1/users"))
            .bearer_auth("key"),
    )
    .page_size(50)
    .try_collect()
    .await?;
    println!(
        "airclou: {} users in {} requests ({} … {})",
        users.len(),
        server.request_count(),
        users[0].id,
        users[users.len() - 1].email
    );

    // Filters and sort stay on every page.
    server.clear_requests();
    let admins: Vec<User> = UsersPage::stream(
        client.get(server.url("/playbook/api/v1/users?role=admin&sort=created_at&order=desc")),
    )
    .page_size(25)
    .try_collect()
    .await?;
    assert!(admins.iter().all(|user| user.role == "admin"));
    println!(
        "airclou: {} admins, newest first, in {} requests",
        admins.len(),
        server.request_count()
    );

    // Page by page, blocking.
    let url = server.url("/playbook/api/v1/users");
    let pages = tokio::task::spawn_blocking(move || {
        let client = paginated::http::blocking_client()
            .build()
            .map_err(Error::transport)?;
        UsersPage::iter(client.get(url))
            .page_size(100)
            .pages()
            .map(|page| page.map(|page| page.items.len()))
            .collect::<Result<Vec<_>, _>>()
    })
    .await
    .expect("blocking walk")?;
    println!("airclou: blocking walk, page sizes {pages:?}");

    // Cursors expire: the walk fails with a typed error instead of restarting silently.
    let expiring = MockServer::start(MockConfig {
        cursor_ttl: std::time::Duration::ZERO,
        ..MockConfig::with_records(250)
    });
    let result: Result<Vec<User>, Error> =
        UsersPage::stream(client.get(expiring.url("/playbook/api/v1/users")))
            .try_collect()
            .await;
    match result.map_err(Error::into_kind) {
        Err(ErrorKind::CursorRejected { status, .. }) => {
            println!("airclou: expired cursor → HTTP {status}, typed error")
        }
        other => println!("airclou: unexpected {other:?}"),
    }
    Ok(())
}
