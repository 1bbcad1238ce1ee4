//! Azure Blob Storage, List Blobs: `GET /azure/{container}?restype=container&comp=list`, in XML.
//!
//! Every container holds one block blob per record, named [`blob_name`]`(n)` = `rec-{n:06}.json`, listed
//! in name order.
//!
//! As Azure documents it:
//! - `maxresults` defaults to 5,000 and larger values are lowered to 5,000; zero or less is
//!   `400 OutOfRangeQueryParameterValue`, a non-integer `400 InvalidQueryParameterValue`. `prefix`
//!   restricts the names.
//! - the answer is `<EnumerationResults ServiceEndpoint=".." ContainerName="..">`, echoing `<Prefix>`,
//!   `<Marker>` and `<MaxResults>` when the request gave them, then `<Blobs>` with one
//!   `<Blob><Name>..</Name><Properties>..<Content-Length>..</Content-Length>..</Properties></Blob>` each,
//!   then `<NextMarker>` with an opaque marker to send back as `marker`, or an empty `<NextMarker />`
//!   at the end: the only end signal.
//! - the service may return fewer blobs than `maxresults`, even none, with a `NextMarker`: here a page
//!   never crosses a partition boundary, every 1,000 blobs of the container in name order (blobs
//!   1..=1000, 1001..=2000, …), whatever the `prefix`. A client must follow `NextMarker`, not stop at
//!   a short page.
//! - `restype=container&comp=list` are required; errors are XML `<Error><Code>..</Code><Message>..
//!   </Message></Error>` (an unknown marker is `InvalidQueryParameterValue` too). Responses are
//!   `application/xml`.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(1_500));
//! let list = |query: &str| {
//!     let url = server.url(&format!("/azure/box?restype=container&comp=list{query}"));
//!     reqwest::blocking::get(url).unwrap().text().unwrap()
//! };
//! let next_marker = |xml: &str| xml.split("<NextMarker>").nth(1).unwrap().split("</NextMarker>").next().unwrap().to_owned();
//! let first = list("&maxresults=800");
//! assert!(first.contains("<MaxResults>800</MaxResults>"));
//! // Only 200 blobs: the page stops at the partition boundary after blob 1000.
//! let second = list(&format!("&maxresults=800&marker={}", next_marker(&first)));
//! assert_eq!(second.matches("<Blob>").count(), 200);
//! assert!(second.contains(&format!("<Name>{}</Name>", paginated_mock::apis::azure::blob_name(1000))));
//! let third = list(&format!("&maxresults=800&marker={}", next_marker(&second)));
//! assert_eq!(third.matches("<Blob>").count(), 500);
//! assert!(third.ends_with("<NextMarker /></EnumerationResults>"));
//! ```

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::AppState;
use crate::data::{http_date, mix, Record};
use crate::http::{escape_xml, token, xml, Params};

const MAX_RESULTS: i64 = 5000;
/// Pages never cross a multiple of this many blobs.
const PARTITION: usize = 1000;

/// The name of record `n`'s blob: `rec-` and six digits, `.json` (`rec-000042.json`).
pub fn blob_name(n: u64) -> String {
    format!("rec-{n:06}.json")
}

fn error(status: StatusCode, code: &str, message: &str, parameter: Option<(&str, &str)>) -> Response {
    let parameter = parameter.map_or(String::new(), |(name, value)| {
        format!(
            "<QueryParameterName>{}</QueryParameterName><QueryParameterValue>{}</QueryParameterValue>",
            escape_xml(name),
            escape_xml(value)
        )
    });
    xml(
        status,
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>{code}</Code><Message>{}\nRequestId:00000000-0000-0000-0000-000000000000\nTime:2024-01-01T00:00:00.0000000Z</Message>{parameter}</Error>",
            escape_xml(message)
        ),
    )
}

fn marker(name: &str) -> String {
    format!("2!{}!{}", name.len(), token::encode(&format!("azure:{name}")))
}

/// The blob name a marker starts at.
fn parse_marker(text: &str) -> Option<String> {
    let mut parts = text.splitn(3, '!');
    let (version, length, encoded) = (parts.next()?, parts.next()?, parts.next()?);
    let name = token::decode(encoded, "azure:")?;
    (version == "2" && length.parse::<usize>().ok()? == name.len()).then_some(name)
}

/// A `400` error answer about a query parameter, not yet sent.
struct Failure {
    code: &'static str,
    message: &'static str,
    /// The parameter's name and value.
    name: String,
    value: String,
}

impl Failure {
    fn response(self) -> Response {
        error(
            StatusCode::BAD_REQUEST,
            self.code,
            self.message,
            Some((&self.name, &self.value)),
        )
    }
}

fn invalid_value(name: &str, value: &str) -> Failure {
    Failure {
        code: "InvalidQueryParameterValue",
        message: "Value for one of the query parameters specified in the request URI is invalid.",
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

/// A listing request's parameters, read and checked.
struct ListRequest {
    /// `maxresults`, lowered to [`MAX_RESULTS`].
    max: usize,
    /// `maxresults` as given (the answer echoes `max` when it was).
    max_results: Option<String>,
    /// `marker` as given.
    marker_text: Option<String>,
    /// The blob name `marker` starts at.
    start_name: Option<String>,
    prefix: Option<String>,
}

fn read_request(query: Option<&str>) -> Result<ListRequest, Failure> {
    let params = Params::parse(query).map_err(|_| invalid_value("query", query.unwrap_or_default()))?;
    let text = |name: &str| {
        params
            .get(name)
            .map(|value| value.map(str::to_owned))
            .map_err(|_| invalid_value(name, "(given more than once)"))
    };
    let restype = text("restype")?;
    let comp = text("comp")?;
    let max_results = text("maxresults")?;
    let marker_text = text("marker")?;
    let prefix = text("prefix")?;
    if restype.as_deref() != Some("container") {
        return Err(invalid_value("restype", restype.as_deref().unwrap_or_default()));
    }
    if comp.as_deref() != Some("list") {
        return Err(invalid_value("comp", comp.as_deref().unwrap_or_default()));
    }
    let max = parse_max_results(max_results.as_deref())?;
    let start_name = match &marker_text {
        None => None,
        Some(text) => Some(parse_marker(text).ok_or_else(|| invalid_value("marker", text))?),
    };
    Ok(ListRequest {
        max,
        max_results,
        marker_text,
        start_name,
        prefix,
    })
}

/// `maxresults`: at least 1, lowered to [`MAX_RESULTS`].
fn parse_max_results(text: Option<&str>) -> Result<usize, Failure> {
    match text.map(str::parse::<i64>) {
        None => Ok(MAX_RESULTS as usize),
        Some(Ok(value)) if value >= 1 => Ok(value.min(MAX_RESULTS) as usize),
        Some(Ok(_)) => Err(Failure {
            code: "OutOfRangeQueryParameterValue",
            message:
                "One of the query parameters specified in the request URI is outside the permissible range.",
            name: "maxresults".into(),
            value: text.unwrap_or_default().to_owned(),
        }),
        Some(Err(_)) => Err(invalid_value("maxresults", text.unwrap_or_default())),
    }
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Path(container): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let request = match read_request(query.as_deref()) {
        Ok(request) => request,
        Err(failure) => return failure.response(),
    };
    let records = state.records();
    let mut blobs: Vec<(String, &Record)> = records
        .iter()
        .map(|record| (blob_name(record.id), record))
        .collect();
    blobs.sort_by(|a, b| a.0.cmp(&b.0));
    let start = request
        .start_name
        .map_or(0, |name| blobs.partition_point(|(blob, _)| *blob < name));
    let prefix = request.prefix.clone().unwrap_or_default();
    let (listed, position) = list_blobs(&blobs, start, &prefix, request.max);
    // More blobs matching the prefix after this page?
    let more = blobs[position..]
        .iter()
        .any(|(name, _)| name.starts_with(&prefix));
    let next = if more {
        format!(
            "<NextMarker>{}</NextMarker>",
            escape_xml(&marker(&blobs[position].0))
        )
    } else {
        "<NextMarker />".to_owned()
    };
    let element = |name: &str, value: Option<String>| {
        value.map_or(String::new(), |value| {
            format!("<{name}>{}</{name}>", escape_xml(&value))
        })
    };
    xml(
        StatusCode::OK,
        format!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults ServiceEndpoint=\"{}\" ContainerName=\"{}\">{}{}{}<Blobs>{listed}</Blobs>{next}</EnumerationResults>",
            escape_xml(&format!("{}/azure/", state.base_url)),
            escape_xml(&container),
            element("Prefix", request.prefix),
            element("Marker", request.marker_text),
            element("MaxResults", request.max_results.map(|_| request.max.to_string())),
        ),
    )
}

/// The `<Blob>` elements of one page: up to `max` blobs matching `prefix` from `start`, never past
/// the end of `start`'s partition; and the position the scan stopped at.
fn list_blobs(blobs: &[(String, &Record)], start: usize, prefix: &str, max: usize) -> (String, usize) {
    let boundary = (start / PARTITION + 1) * PARTITION;
    let mut listed = String::new();
    let mut count = 0;
    let mut position = start;
    while position < blobs.len() && position < boundary && count < max {
        let (name, record) = &blobs[position];
        position += 1;
        if !name.starts_with(prefix) {
            continue;
        }
        count += 1;
        let date = http_date(record.created_at);
        listed.push_str(&format!(
            "<Blob><Name>{}</Name><Properties><Creation-Time>{date}</Creation-Time><Last-Modified>{date}</Last-Modified><Etag>0x8D{:013X}</Etag><Content-Length>{}</Content-Length><Content-Type>application/json</Content-Type><BlobType>BlockBlob</BlobType><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState></Properties></Blob>",
            escape_xml(name),
            mix(record.id) >> 12,
            100 + mix(record.id) % 9_900,
        ));
    }
    (listed, position)
}

#[cfg(test)]
mod tests {
    use super::blob_name;
    use crate::testing::get;
    use crate::{MockConfig, MockServer};

    fn elements(xml: &str, name: &str) -> Vec<String> {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        xml.split(&open)
            .skip(1)
            .map(|rest| rest.split(&close).next().unwrap().to_owned())
            .collect()
    }

    fn walk(server: &MockServer, query: &str) -> (Vec<String>, Vec<usize>) {
        let mut names = Vec::new();
        let mut sizes = Vec::new();
        let mut marker = String::new();
        loop {
            let reply = get(&server.url(&format!("/azure/box?restype=container&comp=list{query}{marker}")));
            assert_eq!(reply.status, 200, "{}", reply.text);
            assert_eq!(reply.header("content-type"), Some("application/xml"));
            let page = elements(&reply.text, "Name");
            sizes.push(page.len());
            names.extend(page);
            match elements(&reply.text, "NextMarker").pop() {
                Some(next) => marker = format!("&marker={next}"),
                None => {
                    assert!(reply.text.ends_with("<NextMarker /></EnumerationResults>"));
                    break;
                }
            }
        }
        (names, sizes)
    }

    #[test]
    fn walk_with_markers() {
        let server = MockServer::start(MockConfig::with_records(25));
        let (names, sizes) = walk(&server, "&maxresults=10");
        assert_eq!(names, (1..=25).map(blob_name).collect::<Vec<_>>());
        assert_eq!(sizes, [10, 10, 5]);
        let first = get(&server.url("/azure/box?restype=container&comp=list"));
        assert!(first.text.contains("ContainerName=\"box\""));
        assert!(!first.text.contains("<MaxResults>"), "echoed only when given");
        assert!(first.text.contains("<Content-Length>"));
        assert_eq!(elements(&first.text, "Name").len(), 25);
    }

    #[test]
    fn short_pages_at_partition_boundaries() {
        let server = MockServer::start(MockConfig::with_records(2_100));
        let (names, sizes) = walk(&server, "&maxresults=700");
        assert_eq!(names.len(), 2_100);
        assert_eq!(sizes, [700, 300, 700, 300, 100]);
        // With a prefix matching only the last hundred, the first partitions yield empty pages.
        let (names, sizes) = walk(&server, "&prefix=rec-0020");
        assert_eq!(names, (2000..=2099).map(blob_name).collect::<Vec<_>>());
        assert_eq!(
            sizes,
            [0, 1, 99],
            "rec-002000 is the last blob of the second partition"
        );
    }

    #[test]
    fn errors_are_azure_xml() {
        let server = MockServer::start(MockConfig::with_records(25));
        for (query, code) in [
            (
                "restype=container&comp=list&maxresults=0",
                "OutOfRangeQueryParameterValue",
            ),
            (
                "restype=container&comp=list&maxresults=x",
                "InvalidQueryParameterValue",
            ),
            (
                "restype=container&comp=list&marker=bogus",
                "InvalidQueryParameterValue",
            ),
            (
                "restype=container&comp=list&marker=a&marker=b",
                "InvalidQueryParameterValue",
            ),
            ("comp=list", "InvalidQueryParameterValue"),
        ] {
            let reply = get(&server.url(&format!("/azure/box?{query}")));
            assert_eq!(reply.status, 400, "{query}");
            assert_eq!(elements(&reply.text, "Code"), [code], "{query}");
        }
        let capped = get(&server.url("/azure/box?restype=container&comp=list&maxresults=9000"));
        assert_eq!(elements(&capped.text, "MaxResults"), ["5000"]);
    }
}
