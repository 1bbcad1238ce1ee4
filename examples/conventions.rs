//! Conventions that need nothing new, each one derive: Stripe's `starting_after` (the last item's id)
//! with `has_more`, Google's `pageToken`/`nextPageToken`, Temporal's token with the same name both ways,
//! OData's `@odata.nextLink` after `$top`, Salesforce's relative `nextRecordsUrl`, and Slack's
//! `response_metadata.next_cursor` with its `error` in a `200`. Against the embedded mock server.
//!
//! Run: `cargo run --example conventions`

use paginated::{Error, ErrorKind, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;
use serde_json::Value;

#[derive(Deserialize, Paginate)]
#[paginate(
    keyset = "id",
    keyset_param = "starting_after",
    has_more = "has_more",
    max_page_size = 100
)]
struct CustomersPage {
    data: Vec<Customer>,
    has_more: bool,
}

#[derive(Deserialize)]
struct Customer {
    id: String,
}

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(
    cursor = "next_page_token",
    cursor_param = "pageToken",
    limit_param = "pageSize",
    max_page_size = 1000
)]
struct BooksPage {
    books: Vec<Value>,
    next_page_token: Option<String>,
}

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(
    cursor = "next_page_token",
    cursor_param = "nextPageToken",
    limit_param = "pageSize"
)]
struct NamespacesPage {
    namespaces: Vec<Value>,
    next_page_token: String,
}

#[derive(Deserialize, Paginate)]
#[paginate(
    items = "value",
    next_url = "next_link",
    limit_param = "$top",
    max_page_size = 999
)]
struct UsersPage {
    value: Vec<Value>,
    #[serde(rename = "@odata.nextLink")]
    next_link: Option<String>,
}

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "camelCase")]
#[paginate(items = "records", next_url = "next_records_url", total = "total_size")]
struct QueryPage {
    records: Vec<Value>,
    total_size: u64,
    next_records_url: Option<String>,
}

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "response_metadata?.next_cursor", errors = "error")]
struct ChannelsPage {
    #[serde(default)]
    channels: Vec<Value>,
    // Slack answers `{"ok": false, "error": "invalid_cursor"}` with a `200`.
    error: Option<String>,
    response_metadata: Option<ResponseMetadata>,
}

#[derive(Deserialize)]
struct ResponseMetadata {
    next_cursor: String,
}

fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(450));
    let client = paginated::http::blocking_client()
        .build()
        .map_err(Error::transport)?;
    let report = |name: &str, count: usize| {
        let requests = server.requests();
        let last = requests
            .last()
            .map(|r| match r.query.as_str() {
                "" => r.path.clone(),
                query => format!("{}?{query}", r.path),
            })
            .unwrap_or_default();
        println!(
            "{name}: {count} items in {} requests; the last: {last}",
            requests.len()
        );
        server.clear_requests();
    };

    let customers: Vec<Customer> = CustomersPage::iter(client.get(server.url("/stripe/v1/customers")))
        .page_size(100)
        .collect::<Result<_, _>>()?;
    report("stripe", customers.len());

    let books =
        BooksPage::iter(client.get(server.url("/google/v1/projects/demo/books?filter=status%3D%22won%22")))
            .page_size(40)
            .collect::<Result<Vec<_>, _>>()?
            .len();
    report("google", books);

    let namespaces = NamespacesPage::iter(client.get(server.url("/temporal/api/v1/namespaces")))
        .page_size(200)
        .collect::<Result<Vec<_>, _>>()?
        .len();
    report("temporal", namespaces);

    let users = UsersPage::iter(client.get(server.url("/odata/v1.0/users")))
        .page_size(150)
        .collect::<Result<Vec<_>, _>>()?
        .len();
    report("odata", users);

    // The batch size is a request header, kept on every request.
    let query = client
        .get(server.url("/services/data/v58.0/query?q=SELECT+Id,Name+FROM+Account"))
        .header("Sforce-Query-Options", "batchSize=200");
    let accounts = QueryPage::iter(query).collect::<Result<Vec<_>, _>>()?.len();
    report("salesforce", accounts);

    let channels =
        ChannelsPage::iter(client.get(server.url("/slack/api/conversations.list?exclude_archived=true")))
            .page_size(100)
            .collect::<Result<Vec<_>, _>>()?
            .len();
    report("slack", channels);
    let refused = ChannelsPage::iter(client.get(server.url("/slack/api/conversations.list?cursor=bogus")))
        .find_map(Result::err);
    if let Some(error) = refused {
        if let ErrorKind::Api { message } = error.kind() {
            println!("slack: an unknown cursor is the API's error `{message}`, before any item");
        }
    }
    Ok(())
}
