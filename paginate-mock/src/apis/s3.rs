//! Amazon S3 object listings, in XML: `ListObjectsV2` (`GET /s3/{bucket}?list-type=2`) and the original
//! `ListObjects` (`GET /s3/{bucket}` without `list-type`).
//!
//! Every bucket holds one object per record, keyed [`key`]`(n)` = `{status}/{n:06}.json` (for example
//! `won/000042.json`), listed in UTF-8 binary order of the keys (so by status, then number), with a
//! deterministic `ETag`, `Size` and `LastModified` (the record's creation time).
//!
//! As S3 documents it:
//! - `max-keys` defaults to 1,000 and larger values are lowered to 1,000; `prefix` restricts the keys;
//!   `delimiter` rolls the keys that share a prefix up to the next delimiter into one
//!   `<CommonPrefixes><Prefix>..</Prefix></CommonPrefixes>` entry, which counts toward `max-keys` like
//!   a key. `max-keys=0` answers no keys and `<IsTruncated>false</IsTruncated>`.
//! - V2: `<KeyCount>` (keys plus common prefixes), `<IsTruncated>`, and `<NextContinuationToken>` only
//!   when truncated; the next request sends it as `continuation-token` (echoed back as
//!   `<ContinuationToken>`). `start-after` starts after a key. A token that is not one this server
//!   issued is `400` `InvalidArgument`.
//! - V1: `marker` starts after a key; `<NextMarker>` is returned only when a `delimiter` was given —
//!   otherwise a client that sees `<IsTruncated>true</IsTruncated>` must send its last `<Key>` as the
//!   next `marker`.
//! - errors are XML: `<Error><Code>InvalidArgument</Code><Message>..</Message><ArgumentName>..
//!   </ArgumentName><ArgumentValue>..</ArgumentValue><RequestId>..</RequestId></Error>`, also for a
//!   repeated parameter or a `max-keys` that is not a non-negative integer; a bucket name S3 would not
//!   allow is `InvalidBucketName`. Responses are `application/xml`.
//!
//! ```
//! use paginated_mock::{MockConfig, MockServer};
//! let server = MockServer::start(MockConfig::with_records(10));
//! let xml = reqwest::blocking::get(server.url("/s3/bucket?list-type=2&max-keys=4"))
//!     .unwrap()
//!     .text()
//!     .unwrap();
//! assert!(xml.contains("<KeyCount>4</KeyCount><MaxKeys>4</MaxKeys><IsTruncated>true</IsTruncated>"));
//! // `contacted/` sorts first: records 1, 5 and 9, then `lost/000003.json`.
//! assert!(xml.contains(&format!("<Key>{}</Key>", paginated_mock::apis::s3::key(9))));
//! assert!(xml.contains("<Key>lost/000003.json</Key>"));
//! assert!(xml.contains("<NextContinuationToken>"));
//! ```

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;

use super::AppState;
use crate::data::{iso8601, mix, Record};
use crate::http::{escape_xml, token, xml, Params};

const NAMESPACE: &str = "http://s3.amazonaws.com/doc/2006-03-01/";
const MAX_KEYS: i64 = 1000;

/// The object key of record `n`: its status, a slash, six digits and `.json` (`won/000042.json`).
pub fn key(n: u64) -> String {
    format!("{}/{n:06}.json", Record::generate(n, 1).status)
}

/// The ETag of record `n`'s object (32 hex digits, without the quotes S3 puts around it).
pub fn etag(n: u64) -> String {
    format!("{:016x}{:016x}", mix(n), mix(!n))
}

fn error(status: StatusCode, code: &str, message: &str, argument: Option<(&str, &str)>) -> Response {
    let argument = argument.map_or(String::new(), |(name, value)| {
        format!(
            "<ArgumentName>{}</ArgumentName><ArgumentValue>{}</ArgumentValue>",
            escape_xml(name),
            escape_xml(value)
        )
    });
    xml(
        status,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>{code}</Code><Message>{}</Message>{argument}<RequestId>4442587FB7D0A2F9</RequestId><HostId>mock</HostId></Error>",
            escape_xml(message)
        ),
    )
}

/// A `400 InvalidArgument`, not yet rendered: what is wrong, and the argument's name and value.
struct InvalidArgument {
    message: String,
    name: String,
    value: String,
}

fn invalid_argument(message: &str, name: &str, value: &str) -> InvalidArgument {
    InvalidArgument {
        message: message.to_owned(),
        name: name.to_owned(),
        value: value.to_owned(),
    }
}

impl InvalidArgument {
    fn response(self) -> Response {
        error(
            StatusCode::BAD_REQUEST,
            "InvalidArgument",
            &self.message,
            Some((&self.name, &self.value)),
        )
    }
}

/// One entry of a listing: an object, or a common prefix.
enum Entry<'a> {
    Object(String, &'a Record),
    Prefix(String),
}

impl Entry<'_> {
    fn name(&self) -> &str {
        match self {
            Entry::Object(key, _) | Entry::Prefix(key) => key,
        }
    }
}

fn valid_bucket(name: &str) -> bool {
    (3..=63).contains(&name.len())
        && name.chars().all(|character| {
            character.is_ascii_lowercase() || character.is_ascii_digit() || ".-".contains(character)
        })
        && name.starts_with(|character: char| character.is_ascii_alphanumeric())
        && name.ends_with(|character: char| character.is_ascii_alphanumeric())
}

/// A listing request, read and checked.
struct ListRequest {
    /// `ListObjectsV2` (`list-type=2`), or the original `ListObjects`.
    v2: bool,
    max_keys: usize,
    prefix: String,
    /// Non-empty when given.
    delimiter: Option<String>,
    /// V2's `continuation-token`, as sent.
    continuation_token: Option<String>,
    /// V2's `start-after`, as sent.
    start_after: Option<String>,
    /// V1's `marker`, as sent.
    marker: Option<String>,
    /// Entries strictly after this name are listed.
    after: Option<String>,
}

/// The query parameters of a listing, each given at most once.
fn read_request(query: Option<&str>) -> Result<ListRequest, InvalidArgument> {
    let params = Params::parse(query)
        .map_err(|message| invalid_argument(&message, "query", query.unwrap_or_default()))?;
    let text = |name: &str| {
        params
            .get(name)
            .map(|value| value.map(str::to_owned))
            .map_err(|message| invalid_argument(&message, name, ""))
    };
    let list_type = text("list-type")?;
    let max_keys = text("max-keys")?;
    let prefix = text("prefix")?;
    let delimiter = text("delimiter")?;
    let continuation_token = text("continuation-token")?;
    let start_after = text("start-after")?;
    let marker = text("marker")?;
    let v2 = match list_type.as_deref() {
        None => false,
        Some("2") => true,
        Some(other) => {
            return Err(invalid_argument(
                "Invalid List Type specified",
                "list-type",
                other,
            ))
        }
    };
    let max_keys = parse_max_keys(max_keys.as_deref())?;
    let after = if v2 {
        match &continuation_token {
            Some(text) => Some(token_start(text)?),
            None => start_after.clone(),
        }
    } else {
        marker.clone()
    };
    Ok(ListRequest {
        v2,
        max_keys,
        prefix: prefix.unwrap_or_default(),
        delimiter: delimiter.filter(|delimiter| !delimiter.is_empty()),
        continuation_token,
        start_after,
        marker,
        after,
    })
}

/// `max-keys`: a non-negative integer, lowered to [`MAX_KEYS`].
fn parse_max_keys(text: Option<&str>) -> Result<usize, InvalidArgument> {
    match text.map(str::parse::<i64>) {
        None => Ok(MAX_KEYS as usize),
        Some(Ok(value)) if value >= 0 => Ok(value.min(MAX_KEYS) as usize),
        Some(_) => Err(invalid_argument(
            "Provided max-keys not an integer or within integer range",
            "max-keys",
            text.unwrap_or_default(),
        )),
    }
}

/// The name a continuation token continues after.
fn token_start(text: &str) -> Result<String, InvalidArgument> {
    token::decode(text, "s3:").ok_or_else(|| {
        invalid_argument(
            "The continuation token provided is incorrect",
            "continuation-token",
            text,
        )
    })
}

fn continuation_token(name: &str) -> String {
    token::encode(&format!("s3:{name}"))
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Path(bucket): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if !valid_bucket(&bucket) {
        return error(
            StatusCode::BAD_REQUEST,
            "InvalidBucketName",
            "The specified bucket is not valid.",
            None,
        );
    }
    let request = match read_request(query.as_deref()) {
        Ok(request) => request,
        Err(invalid) => return invalid.response(),
    };
    let records = state.records();
    let remaining: Vec<Entry> = entries(&records, &request.prefix, request.delimiter.as_deref())
        .into_iter()
        .filter(|entry| request.after.as_deref().is_none_or(|after| entry.name() > after))
        .collect();
    let page = &remaining[..request.max_keys.min(remaining.len())];
    // `max-keys=0` lists nothing and is not truncated (there would be no token to go on with).
    let truncated = remaining.len() > page.len() && !page.is_empty();
    let body = if request.v2 {
        render_v2(&bucket, &request, page, truncated)
    } else {
        render_v1(&bucket, &request, page, truncated)
    };
    xml(
        StatusCode::OK,
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"{NAMESPACE}\">{body}</ListBucketResult>"),
    )
}

/// The objects whose keys start with `prefix`, in key order, with the keys that share a prefix up to
/// the next `delimiter` rolled up into one common prefix.
fn entries<'a>(records: &'a [Record], prefix: &str, delimiter: Option<&str>) -> Vec<Entry<'a>> {
    let mut objects: Vec<(String, &Record)> = records
        .iter()
        .map(|record| (key(record.id), record))
        .filter(|(key, _)| key.starts_with(prefix))
        .collect();
    objects.sort_by(|a, b| a.0.cmp(&b.0));
    let mut entries: Vec<Entry> = Vec::new();
    for (key, record) in objects {
        let rolled = delimiter.and_then(|delimiter| {
            key[prefix.len()..]
                .find(delimiter)
                .map(|at| key[..prefix.len() + at + delimiter.len()].to_owned())
        });
        let entry = match rolled {
            Some(common) if entries.last().is_some_and(|last| last.name() == common) => continue,
            Some(common) => Entry::Prefix(common),
            None => Entry::Object(key, record),
        };
        entries.push(entry);
    }
    entries
}

/// The `<Contents>` of the objects of `page`, then the `<CommonPrefixes>` of its common prefixes.
fn render_entries(page: &[Entry]) -> String {
    let mut contents = String::new();
    let mut common = String::new();
    for entry in page {
        match entry {
            Entry::Object(key, record) => contents.push_str(&format!(
                "<Contents><Key>{}</Key><LastModified>{}</LastModified><ETag>&quot;{}&quot;</ETag><Size>{}</Size><StorageClass>STANDARD</StorageClass></Contents>",
                escape_xml(key),
                iso8601(record.created_at),
                etag(record.id),
                100 + mix(record.id) % 9_900,
            )),
            Entry::Prefix(name) => common.push_str(&format!(
                "<CommonPrefixes><Prefix>{}</Prefix></CommonPrefixes>",
                escape_xml(name)
            )),
        }
    }
    contents + &common
}

/// `<name>value</name>`, or nothing without a value.
fn element(name: &str, value: Option<&str>) -> String {
    value.map_or(String::new(), |value| {
        format!("<{name}>{}</{name}>", escape_xml(value))
    })
}

/// The body of a `ListObjectsV2` answer.
fn render_v2(bucket: &str, request: &ListRequest, page: &[Entry], truncated: bool) -> String {
    let next_token = page
        .last()
        .filter(|_| truncated)
        .map(|entry| continuation_token(entry.name()));
    format!(
        "<Name>{}</Name><Prefix>{}</Prefix>{}<KeyCount>{}</KeyCount><MaxKeys>{}</MaxKeys><IsTruncated>{truncated}</IsTruncated>{}{}{}{}",
        escape_xml(bucket),
        escape_xml(&request.prefix),
        element("Delimiter", request.delimiter.as_deref()),
        page.len(),
        request.max_keys,
        element("ContinuationToken", request.continuation_token.as_deref()),
        element("StartAfter", request.start_after.as_deref()),
        render_entries(page),
        element("NextContinuationToken", next_token.as_deref()),
    )
}

/// The body of a `ListObjects` answer: `<NextMarker>` only with a delimiter.
fn render_v1(bucket: &str, request: &ListRequest, page: &[Entry], truncated: bool) -> String {
    let next_marker = page
        .last()
        .filter(|_| truncated && request.delimiter.is_some())
        .map(Entry::name);
    format!(
        "<Name>{}</Name><Prefix>{}</Prefix><Marker>{}</Marker>{}<MaxKeys>{}</MaxKeys>{}<IsTruncated>{truncated}</IsTruncated>{}",
        escape_xml(bucket),
        escape_xml(&request.prefix),
        escape_xml(request.marker.as_deref().unwrap_or_default()),
        element("NextMarker", next_marker),
        request.max_keys,
        element("Delimiter", request.delimiter.as_deref()),
        render_entries(page),
    )
}

#[cfg(test)]
mod tests {
    use super::key;
    use crate::testing::get;
    use crate::{MockConfig, MockServer};

    /// The text of every `<name>` element, in order.
    fn elements(xml: &str, name: &str) -> Vec<String> {
        let open = format!("<{name}>");
        let close = format!("</{name}>");
        xml.split(&open)
            .skip(1)
            .map(|rest| rest.split(&close).next().unwrap().to_owned())
            .collect()
    }

    fn all_keys(records: u64) -> Vec<String> {
        let mut keys: Vec<String> = (1..=records).map(key).collect();
        keys.sort();
        keys
    }

    #[test]
    fn v2_walk_with_continuation_tokens() {
        let server = MockServer::start(MockConfig::with_records(25));
        let mut url = server.url("/s3/my-bucket?list-type=2&max-keys=10");
        let mut keys = Vec::new();
        let mut pages = 0;
        loop {
            let reply = get(&url);
            assert_eq!(reply.status, 200);
            assert_eq!(reply.header("content-type"), Some("application/xml"));
            let page = elements(&reply.text, "Key");
            assert_eq!(elements(&reply.text, "KeyCount"), [page.len().to_string()]);
            keys.extend(page);
            pages += 1;
            let truncated = elements(&reply.text, "IsTruncated") == ["true"];
            let next = elements(&reply.text, "NextContinuationToken");
            assert_eq!(truncated, !next.is_empty());
            if !truncated {
                break;
            }
            url = server.url(&format!(
                "/s3/my-bucket?list-type=2&max-keys=10&continuation-token={}",
                next[0]
            ));
        }
        assert_eq!((keys, pages), (all_keys(25), 3));
        assert_eq!(
            elements(&get(&server.url("/s3/my-bucket?list-type=2")).text, "MaxKeys"),
            ["1000"]
        );
        assert_eq!(
            elements(
                &get(&server.url("/s3/my-bucket?list-type=2&max-keys=5000")).text,
                "MaxKeys"
            ),
            ["1000"]
        );
        let none = get(&server.url("/s3/my-bucket?list-type=2&max-keys=0")).text;
        assert_eq!(elements(&none, "IsTruncated"), ["false"]);
        assert_eq!(elements(&none, "KeyCount"), ["0"]);
    }

    #[test]
    fn prefix_start_after_and_escaped_contents() {
        let server = MockServer::start(MockConfig::with_records(25));
        let reply =
            get(&server.url("/s3/my-bucket?list-type=2&prefix=won/&start-after=won/000010.json&max-keys=2"));
        assert_eq!(
            elements(&reply.text, "Key"),
            ["won/000014.json", "won/000018.json"]
        );
        assert_eq!(elements(&reply.text, "Prefix"), ["won/"]);
        assert!(reply.text.contains("<ETag>&quot;"));
        assert!(reply.text.contains("<StorageClass>STANDARD</StorageClass>"));
        let odd = get(&server.url("/s3/my-bucket?list-type=2&prefix=%3Ca%26b%3E"));
        assert_eq!(elements(&odd.text, "Prefix"), ["&lt;a&amp;b&gt;"]);
        assert_eq!(elements(&odd.text, "KeyCount"), ["0"]);
    }

    #[test]
    fn delimiter_rolls_up_common_prefixes() {
        let server = MockServer::start(MockConfig::with_records(25));
        let first = get(&server.url("/s3/my-bucket?list-type=2&delimiter=/&max-keys=3"));
        assert_eq!(
            elements(&first.text, "Prefix").len(),
            4,
            "the empty request prefix and 3 common ones"
        );
        assert!(first
            .text
            .contains("<CommonPrefixes><Prefix>contacted/</Prefix></CommonPrefixes>"));
        assert!(elements(&first.text, "Key").is_empty());
        let token = &elements(&first.text, "NextContinuationToken")[0];
        let second = get(&server.url(&format!(
            "/s3/my-bucket?list-type=2&delimiter=/&max-keys=3&continuation-token={token}"
        )));
        assert!(second
            .text
            .contains("<CommonPrefixes><Prefix>won/</Prefix></CommonPrefixes>"));
        assert_eq!(elements(&second.text, "IsTruncated"), ["false"]);
    }

    #[test]
    fn v1_markers() {
        let server = MockServer::start(MockConfig::with_records(25));
        let first = get(&server.url("/s3/my-bucket?max-keys=10"));
        assert_eq!(elements(&first.text, "IsTruncated"), ["true"]);
        assert!(
            elements(&first.text, "NextMarker").is_empty(),
            "no NextMarker without a delimiter"
        );
        let last = elements(&first.text, "Key").pop().unwrap();
        let second = get(&server.url(&format!("/s3/my-bucket?max-keys=10&marker={last}")));
        assert_eq!(elements(&second.text, "Key")[0], all_keys(25)[10]);
        let with_delimiter = get(&server.url("/s3/my-bucket?max-keys=1&delimiter=/"));
        assert_eq!(elements(&with_delimiter.text, "NextMarker"), ["contacted/"]);
    }

    #[test]
    fn errors_are_s3_xml() {
        let server = MockServer::start(MockConfig::with_records(25));
        for bad in [
            "list-type=2&continuation-token=bogus",
            "list-type=2&max-keys=-1",
            "list-type=2&max-keys=x",
            "list-type=3",
            "list-type=2&max-keys=1&max-keys=2",
        ] {
            let reply = get(&server.url(&format!("/s3/my-bucket?{bad}")));
            assert_eq!(reply.status, 400, "{bad}");
            assert_eq!(elements(&reply.text, "Code"), ["InvalidArgument"], "{bad}");
        }
        let reply = get(&server.url("/s3/My_Bucket?list-type=2"));
        assert_eq!(elements(&reply.text, "Code"), ["InvalidBucketName"]);
    }
}
