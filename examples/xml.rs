//! XML listings, decoded with quick-xml (paginated's `xml` feature): S3 `ListObjectsV2` continuation
//! tokens and Azure Blob Storage's `NextMarker`, whose pages may be short. Against the embedded mock
//! server.
//!
//! Run: `cargo run --example xml --features xml`

use paginated::{Error, Paginate};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "PascalCase")]
#[paginate(
    format = "xml",
    items = "contents",
    cursor = "next_continuation_token",
    has_more = "is_truncated",
    cursor_param = "continuation-token",
    limit_param = "max-keys",
    max_page_size = 1000
)]
struct ListBucketResult {
    // A listing without keys has no `<Contents>` element at all.
    #[serde(default)]
    contents: Vec<Object>,
    is_truncated: bool,
    next_continuation_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Object {
    key: String,
    size: u64,
}

#[derive(Deserialize, Paginate)]
#[serde(rename_all = "PascalCase")]
#[paginate(
    format = "xml",
    items = "blobs.blob",
    item = Blob,
    cursor = "next_marker",
    cursor_param = "marker",
    limit_param = "maxresults"
)]
struct EnumerationResults {
    blobs: Blobs,
    // `<NextMarker />` at the end: empty, so the walk stops.
    next_marker: Option<String>,
}

#[derive(Deserialize)]
struct Blobs {
    #[serde(rename = "Blob", default)]
    blob: Vec<Blob>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Blob {
    name: String,
}

fn main() -> Result<(), Error> {
    let server = MockServer::start(MockConfig::with_records(2_500));
    let client = paginated::http::blocking_client()
        .build()
        .map_err(Error::transport)?;

    let objects: Vec<Object> =
        ListBucketResult::iter(client.get(server.url("/s3/my-bucket?list-type=2&prefix=won/")))
            .page_size(250)
            .collect::<Result<_, _>>()?;
    let bytes: u64 = objects.iter().map(|object| object.size).sum();
    println!(
        "s3: {} objects under won/ ({} … {}), {bytes} bytes, in {} requests",
        objects.len(),
        objects[0].key,
        objects[objects.len() - 1].key,
        server.request_count()
    );

    server.clear_requests();
    let pages: Vec<usize> =
        EnumerationResults::iter(client.get(server.url("/azure/box?restype=container&comp=list")))
            .page_size(800)
            .pages()
            .map(|page| page.map(|page| page.items.len()))
            .collect::<Result<_, _>>()?;
    println!(
        "azure: {} blobs in pages of {pages:?} (short pages are not the end; NextMarker is)",
        pages.iter().sum::<usize>()
    );
    let last: Option<Blob> = EnumerationResults::iter(
        client.get(server.url("/azure/box?restype=container&comp=list&prefix=rec-0024")),
    )
    .last()
    .transpose()?;
    println!(
        "azure: the last blob under rec-0024: {:?}",
        last.map(|blob| blob.name)
    );
    Ok(())
}
