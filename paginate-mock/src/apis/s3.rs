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

fn invalid_argument(message: &str, name: &str, value: &str) -> Response {
    error(
        StatusCode::BAD_REQUEST,
        "InvalidArgument",
        message,
        Some((name, value)),
    )
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
    let params = match Params::parse(query.as_deref()) {
        Ok(params) => params,
        Err(message) => return invalid_argument(&message, "query", query.as_deref().unwrap_or_default()),
    };
    let mut read = Vec::new();
    for name in [
        "list-type",
        "max-keys",
        "prefix",
        "delimiter",
        "continuation-token",
        "start-after",
        "marker",
    ] {
        match params.get(name) {
            Ok(value) => read.push(value.map(str::to_owned)),
            Err(message) => return invalid_argument(&message, name, ""),
        }
    }
    let [list_type, max_keys, prefix, delimiter, token_text, start_after, marker] =
        <[Option<String>; 7]>::try_from(read).unwrap_or_default();
    let v2 = match list_type.as_deref() {
        None => false,
        Some("2") => true,
        Some(other) => return invalid_argument("Invalid List Type specified", "list-type", other),
    };
    let max_keys = match max_keys.as_deref().map(str::parse::<i64>) {
        None => MAX_KEYS,
        Some(Ok(value)) if value >= 0 => value.min(MAX_KEYS),
        Some(_) => {
            return invalid_argument(
                "Provided max-keys not an integer or within integer range",
                "max-keys",
                max_keys.as_deref().unwrap_or_default(),
            )
        }
    } as usize;
    let prefix = prefix.unwrap_or_default();
    let delimiter = delimiter.filter(|delimiter| !delimiter.is_empty());
    // Entries strictly after this name are listed.
    let after = if v2 {
        match &token_text {
            Some(text) => match token::decode(text, "s3:") {
                Some(name) => Some(name),
                None => {
                    return invalid_argument(
                        "The continuation token provided is incorrect",
                        "continuation-token",
                        text,
                    )
                }
            },
            None => start_after.clone(),
        }
    } else {
        marker.clone()
    };
    let records = state.records();
    let mut objects: Vec<(String, &Record)> = records
        .iter()
        .map(|record| (key(record.id), record))
        .filter(|(key, _)| key.starts_with(&prefix))
        .collect();
    objects.sort_by(|a, b| a.0.cmp(&b.0));
    // Roll keys up into common prefixes, then keep the entries after `after`.
    let mut entries: Vec<Entry> = Vec::new();
    for (key, record) in objects {
        let rolled = delimiter.as_deref().and_then(|delimiter| {
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
    let remaining: Vec<Entry> = entries
        .into_iter()
        .filter(|entry| after.as_deref().is_none_or(|after| entry.name() > after))
        .collect();
    let page = &remaining[..max_keys.min(remaining.len())];
    // `max-keys=0` lists nothing and is not truncated (there would be no token to go on with).
    let truncated = remaining.len() > page.len() && !page.is_empty();
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
    let element = |name: &str, value: &Option<String>| {
        value.as_deref().map_or(String::new(), |value| {
            format!("<{name}>{}</{name}>", escape_xml(value))
        })
    };
    let last = page.last().map(|entry| entry.name().to_owned());
    let body = if v2 {
        format!(
            "<Name>{}</Name><Prefix>{}</Prefix>{}<KeyCount>{}</KeyCount><MaxKeys>{max_keys}</MaxKeys><IsTruncated>{truncated}</IsTruncated>{}{}{contents}{common}{}",
            escape_xml(&bucket),
            escape_xml(&prefix),
            element("Delimiter", &delimiter),
            page.len(),
            element("ContinuationToken", &token_text),
            element("StartAfter", &start_after),
            element("NextContinuationToken", &last.filter(|_| truncated).map(|name| token::encode(&format!("s3:{name}")))),
        )
    } else {
        let next_marker = last.filter(|_| truncated && delimiter.is_some());
        format!(
            "<Name>{}</Name><Prefix>{}</Prefix><Marker>{}</Marker>{}<MaxKeys>{max_keys}</MaxKeys>{}<IsTruncated>{truncated}</IsTruncated>{contents}{common}",
            escape_xml(&bucket),
            escape_xml(&prefix),
            escape_xml(marker.as_deref().unwrap_or_default()),
            element("NextMarker", &next_marker),
            element("Delimiter", &delimiter),
        )
    };
    xml(
        StatusCode::OK,
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"{NAMESPACE}\">{body}</ListBucketResult>"),
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
