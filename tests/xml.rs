//! XML listings, decoded with quick-xml behind paginated's `xml` feature (`cargo test --features xml
//! --test xml`): S3 `ListObjectsV2` (continuation tokens) and `ListObjects` (the last key as `marker`),
//! Azure Blob Storage's `NextMarker`, async and blocking, against their emulations.
#![cfg(feature = "xml")]

mod support;

use futures::TryStreamExt;
use paginated::{ErrorKind, Format, Paginate};
use paginated_mock::apis::{azure::blob_name, s3::key};
use paginated_mock::{MockConfig, MockServer};
use serde::Deserialize;

fn server(records: u64) -> MockServer {
    MockServer::start(MockConfig::with_records(records))
}

/// S3 `ListObjectsV2`: `<NextContinuationToken>` while `<IsTruncated>` is true.
#[derive(Debug, Deserialize, Paginate)]
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
    #[serde(default)]
    contents: Vec<Object>,
    is_truncated: bool,
    next_continuation_token: Option<String>,
}

/// S3's original `ListObjects`: without a delimiter there is no `<NextMarker>`; the last key is the
/// next `marker`.
#[derive(Debug, Deserialize, Paginate)]
#[serde(rename_all = "PascalCase")]
#[paginate(
    format = "xml",
    items = "contents",
    keyset = "key",
    keyset_param = "marker",
    has_more = "is_truncated",
    limit_param = "max-keys"
)]
struct ListBucketResultV1 {
    #[serde(default)]
    contents: Vec<Object>,
    is_truncated: bool,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Object {
    key: String,
    size: u64,
    #[serde(rename = "ETag")]
    etag: String,
}

/// The keys of records `1..=records` under `prefix`, in S3's listing order.
fn keys(records: u64, prefix: &str) -> Vec<String> {
    let mut keys: Vec<String> = (1..=records)
        .map(key)
        .filter(|key| key.starts_with(prefix))
        .collect();
    keys.sort();
    keys
}

fn object_keys(objects: &[Object]) -> Vec<String> {
    objects.iter().map(|object| object.key.clone()).collect()
}

#[test]
fn the_envelope_chooses_its_decoder() {
    assert_eq!(ListBucketResult::SPEC.body_format(), Format::Xml);
    assert_eq!(EnumerationResults::SPEC.body_format(), Format::Xml);
}

#[tokio::test]
async fn s3_list_objects_v2_with_continuation_tokens() {
    let server = server(250);
    let request = reqwest::Client::new().get(server.url("/s3/my-bucket?list-type=2&prefix=won/"));
    let objects: Vec<Object> = ListBucketResult::stream(request)
        .page_size(20)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(object_keys(&objects), keys(250, "won/"));
    assert!(objects
        .iter()
        .all(|object| object.size > 0 && object.etag.starts_with('"')));
    let requests = server.requests();
    // 63 objects in pages of 20: 20, 20, 20, 3.
    assert_eq!(requests.len(), 4);
    assert!(requests[0].params("continuation-token").is_empty());
    for request in &requests {
        assert_eq!(request.params("list-type"), ["2"]);
        assert_eq!(request.params("prefix"), ["won/"]);
        assert_eq!(request.params("max-keys"), ["20"]);
    }
    assert!(requests[1..]
        .iter()
        .all(|request| request.params("continuation-token").len() == 1));
}

#[test]
fn s3_list_objects_v2_blocking() {
    let server = server(2_500);
    let objects: Vec<Object> =
        ListBucketResult::iter(reqwest::blocking::Client::new().get(server.url("/s3/my-bucket?list-type=2")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(object_keys(&objects), keys(2_500, ""));
    // The default of 1,000 keys per page.
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn s3_list_objects_v1_with_the_last_key_as_marker() {
    let server = server(90);
    let objects: Vec<Object> =
        ListBucketResultV1::stream(reqwest::Client::new().get(server.url("/s3/old-bucket")))
            .page_size(25)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(object_keys(&objects), keys(90, ""));
    let markers: Vec<Vec<String>> = server.requests().iter().map(|r| r.params("marker")).collect();
    assert_eq!(markers.len(), 4);
    assert!(markers[0].is_empty());
    assert_eq!(markers[1], [objects[24].key.clone()]);
    assert_eq!(markers[3], [objects[74].key.clone()]);
}

#[test]
fn s3_list_objects_v1_blocking() {
    let server = server(90);
    let objects: Vec<Object> = ListBucketResultV1::iter(
        reqwest::blocking::Client::new().get(server.url("/s3/old-bucket?prefix=lost/&max-keys=10")),
    )
    .collect::<Result<_, _>>()
    .unwrap();
    assert_eq!(object_keys(&objects), keys(90, "lost/"));
    assert_eq!(server.request_count(), 3);
}

#[tokio::test]
async fn s3_errors_are_typed() {
    let server = server(10);
    // An invalid bucket name: S3's XML error with a 400.
    let mut walk =
        ListBucketResult::stream(reqwest::Client::new().get(server.url("/s3/No_Such?list-type=2")));
    match walk.try_next().await {
        Err(error) => match error.kind() {
            ErrorKind::Status { status, body, .. } => {
                assert_eq!(*status, 400);
                assert!(body.contains("<Code>InvalidBucketName</Code>"), "{body}");
            }
            other => panic!("{other:?}"),
        },
        Ok(item) => panic!("{item:?}"),
    }
    // An XML body that is not this envelope (an Azure listing): a decode error naming what is missing.
    let mut walk = ListBucketResult::stream(
        reqwest::Client::new().get(server.url("/azure/box?restype=container&comp=list")),
    );
    match walk.try_next().await {
        Err(error) => match error.kind() {
            ErrorKind::Decode { message, .. } => assert!(message.contains("IsTruncated"), "{message}"),
            other => panic!("{other:?}"),
        },
        Ok(item) => panic!("{item:?}"),
    }
}

/// Azure Blob Storage `List Blobs`: `<NextMarker>`, empty at the end; pages may be short, or empty.
#[derive(Debug, Deserialize, Paginate)]
#[serde(rename_all = "PascalCase")]
#[paginate(
    format = "xml",
    items = "blobs.blob",
    item = Blob,
    cursor = "next_marker",
    cursor_param = "marker",
    limit_param = "maxresults",
    max_page_size = 5000
)]
struct EnumerationResults {
    blobs: Blobs,
    next_marker: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Blobs {
    #[serde(rename = "Blob", default)]
    blob: Vec<Blob>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Blob {
    name: String,
    properties: Properties,
}

#[derive(Debug, Deserialize)]
struct Properties {
    #[serde(rename = "Content-Length")]
    content_length: u64,
}

fn blob_names(blobs: &[Blob]) -> Vec<String> {
    blobs.iter().map(|blob| blob.name.clone()).collect()
}

#[tokio::test]
async fn azure_next_marker_through_short_pages() {
    let server = server(2_500);
    let request = reqwest::Client::new().get(server.url("/azure/box?restype=container&comp=list"));
    let blobs: Vec<Blob> = EnumerationResults::stream(request)
        .page_size(800)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(blob_names(&blobs), (1..=2_500).map(blob_name).collect::<Vec<_>>());
    assert!(blobs.iter().all(|blob| blob.properties.content_length > 0));
    let requests = server.requests();
    // Pages stop at every 1,000th blob: 800, 200, 800, 200, 500. A short page is not the end.
    assert_eq!(requests.len(), 5);
    assert!(requests
        .iter()
        .all(|r| r.params("restype") == ["container"] && r.params("comp") == ["list"]));
    assert_eq!(requests[1].params("maxresults"), ["800"]);
}

#[test]
fn azure_empty_pages_with_a_marker_go_on_blocking() {
    let server = server(2_500);
    // Nothing under this prefix among the first 1,000 blobs: the first page is empty, with a marker.
    let request = reqwest::blocking::Client::new()
        .get(server.url("/azure/box?restype=container&comp=list&prefix=rec-0015"));
    let blobs: Vec<Blob> = EnumerationResults::iter(request)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        blob_names(&blobs),
        (1_500..=1_599).map(blob_name).collect::<Vec<_>>()
    );
    assert_eq!(server.request_count(), 2);
}

/// A run-time envelope reads XML too: its items come out as JSON.
#[test]
fn s3_xml_listings_as_json_items() {
    let server = server(250);
    use paginated::{DynamicEnvelope, JsonPath, RawItem, Source, Strategy};
    let member = |name: &str| Source::Body(JsonPath::member(name));
    let envelope = DynamicEnvelope::new(Strategy::Cursor, JsonPath::member("Contents"))
        .format(Format::Xml)
        .cursor(member("NextContinuationToken"))
        .has_more(member("IsTruncated"))
        .cursor_param("continuation-token")
        .limit_param("max-keys");
    let request = reqwest::blocking::Client::new().get(server.url("/s3/my-bucket?list-type=2&prefix=won/"));
    let items: Vec<RawItem> = envelope
        .iter(request)
        .unwrap()
        .page_size(20)
        .collect::<Result<_, _>>()
        .unwrap();
    let objects: Vec<serde_json::Value> = items
        .iter()
        .map(|item| serde_json::from_str(item.get()).unwrap())
        .collect();
    let listed: Vec<String> = objects
        .iter()
        .map(|object| object["Key"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(listed, keys(250, "won/"));
    assert!(objects
        .iter()
        .all(|object| object["ETag"].as_str().unwrap().starts_with('"')));
}
