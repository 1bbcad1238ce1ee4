//! Signals in response headers, with bare JSON arrays as bodies: a total in `X-Total-Count`
//! (json-server), GitLab's `X-Next-Page` sent back as `page`, WordPress's `X-WP-Total` and
//! `X-WP-TotalPages`; the header total also lets `.concurrency(n)` fetch pages at once. Against the
//! embedded mock server.
//!
//! Run: `cargo run --example headers`

use std::time::Duration;

use futures::TryStreamExt;
use paginated::{Error, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

/// json-server: `_page` and `_limit`; the total is only in `X-Total-Count`.
#[derive(Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(page, page_param = "_page", limit_param = "_limit", total = header("X-Total-Count"))]
struct ItemsPage {
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    id: u64,
}

/// GitLab: the next page's number in `X-Next-Page` (empty on the last page), the total in `X-Total`.
#[derive(Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(
    cursor = header("X-Next-Page"),
    cursor_param = "page",
    total = header("X-Total"),
    limit_param = "per_page",
    max_page_size = 100
)]
struct ProjectsPage {
    projects: Vec<Project>,
}

#[derive(Deserialize)]
struct Project {
    path_with_namespace: String,
}

/// WordPress: `X-WP-Total` and `X-WP-TotalPages`; asking past the last page is a `400`.
#[derive(Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(
    page,
    total = header("X-WP-Total"),
    total_pages = header("X-WP-TotalPages"),
    max_page_size = 100
)]
struct PostsPage {
    posts: Vec<serde_json::Value>,
}

#[tokio::main]
async fn main() -> Result<(), Error> {
    // 10 ms per answer, as a real API takes some time: concurrent requests overlap.
    let server = MockServer::start(MockConfig {
        latency: Duration::from_millis(10),
        ..MockConfig::with_records(1_037)
    });
    let client = paginated::http::client().build().map_err(Error::transport)?;

    // Ten pages at a time once the first page's header gave the total.
    let items: Vec<Item> = ItemsPage::stream(client.get(server.url("/headers/items")))
        .page_size(50)
        .concurrency(10)
        .try_collect()
        .await?;
    println!(
        "json-server: {} items (ids {}..={}) in {} requests, up to {} at once, ending at X-Total-Count",
        items.len(),
        items[0].id,
        items[items.len() - 1].id,
        server.request_count(),
        server.max_in_flight()
    );

    server.clear_requests();
    let projects: Vec<Project> = ProjectsPage::stream(client.get(server.url("/gitlab/api/v4/projects")))
        .page_size(100)
        .try_collect()
        .await?;
    let pages: Vec<String> = server
        .requests()
        .iter()
        .map(|request| request.params("page").concat())
        .collect();
    println!(
        "gitlab: {} projects, newest first ({} …); page sent: {pages:?}",
        projects.len(),
        projects[0].path_with_namespace
    );

    server.clear_requests();
    let posts: Vec<serde_json::Value> = PostsPage::stream(client.get(server.url("/wp-json/wp/v2/posts")))
        .page_size(100)
        .try_collect()
        .await?;
    println!(
        "wordpress: {} posts in {} requests, none past X-WP-TotalPages",
        posts.len(),
        server.request_count()
    );
    Ok(())
}
