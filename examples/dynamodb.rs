//! JSON-valued keys: DynamoDB's `Scan` sends `LastEvaluatedKey` back as `ExclusiveStartKey`, an object in
//! the JSON body (never a string holding JSON), and a filtered scan's empty pages are walked to the end;
//! the same kind of key in a query parameter travels as JSON text. Against the embedded mock server.
//!
//! Run: `cargo run --example dynamodb`

use paginated::{Error, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;
use serde_json::{json, Value};

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "PascalCase")]
#[paginate(
    cursor = "last_evaluated_key",
    cursor_param = "ExclusiveStartKey",
    limit_param = "Limit",
    params_in = "body"
)]
struct ScanPage {
    items: Vec<Value>,
    // Any JSON value (or your own `CursorValue` type) is a cursor; `None` ends the scan.
    last_evaluated_key: Option<Value>,
}

#[derive(Deserialize, Paginate)]
#[paginate(cursor = "last_key", cursor_param = "start_key")]
struct KeyedPage {
    items: Vec<Value>,
    last_key: Option<serde_json::Map<String, Value>>,
}

fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(200));
    let client = paginated::http::blocking_client()
        .build()
        .map_err(Error::transport)?;
    let scan = |body: Value| {
        client
            .post(server.url("/dynamodb"))
            .header("x-amz-target", "DynamoDB_20120810.Scan")
            .json(&body)
    };

    let items: Vec<Value> = ScanPage::iter(scan(json!({"TableName": "records"})))
        .page_size(60)
        .collect::<Result<_, _>>()?;
    let second = server.requests()[1].body.clone();
    println!(
        "dynamodb: {} items in {} requests; the second request's body: {second}",
        items.len(),
        server.request_count()
    );

    // `Limit` counts the items evaluated, not those the filter keeps: most pages here are empty while
    // the key advances, and the default settings walk on to the end.
    server.clear_requests();
    let filtered = json!({
        "TableName": "records",
        "FilterExpression": "#s = :won AND n > :low",
        "ExpressionAttributeNames": {"#s": "status"},
        "ExpressionAttributeValues": {":won": {"S": "won"}, ":low": {"N": "150"}},
    });
    let pages: Vec<usize> = ScanPage::iter(scan(filtered))
        .page_size(10)
        .pages()
        .map(|page| page.map(|page| page.items.len()))
        .collect::<Result<_, _>>()?;
    println!(
        "dynamodb: filtered scan, {} won items over {} pages of sizes {pages:?}",
        pages.iter().sum::<usize>(),
        pages.len()
    );

    // A JSON key object in a query parameter: sent back as JSON text.
    server.clear_requests();
    let items = KeyedPage::iter(client.get(server.url("/json-key/items")))
        .page_size(80)
        .collect::<Result<Vec<_>, _>>()?
        .len();
    let keys: Vec<String> = server
        .requests()
        .iter()
        .flat_map(|request| request.params("start_key"))
        .collect();
    println!("json key: {items} items; start_key sent: {keys:?}");
    Ok(())
}
