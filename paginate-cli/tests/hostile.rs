//! Detection on a cross-section of `paginated-mock`'s hostile routes: it names what the first page
//! says, truthfully (the walk's guards deal with the misbehaviour later), and refuses what is no page,
//! without echoing anything of the exchange.

mod support;

use paginated_cli::{Ambiguity, DetectError, Format};
use paginated_mock::{MockConfig, MockServer};
use support::get;

fn server() -> MockServer {
    MockServer::start(MockConfig::with_records(250))
}

/// Page numbers with no end signal: the request's `page` is the strategy; a page without one is a
/// single page, since nothing in it says more follow.
#[test]
fn page_numbers_without_end_signals() {
    let server = server();
    for path in [
        "/hostile/clamped?page=1&per_page=20",
        "/hostile/last-page-forever?page=1",
        "/hostile/alternating-tail?page=1&per_page=10",
    ] {
        assert_eq!(
            get(&server, path).attribute(),
            r#"items = "data", page"#,
            "{path}"
        );
    }
    let single = get(&server, "/hostile/clamped").detect().unwrap();
    assert!(single.is_single_page());
}

#[test]
fn ignored_offsets() {
    let server = server();
    assert_eq!(
        get(&server, "/hostile/ignores-offset?offset=0&limit=10").attribute(),
        r#"items = "data", offset, total = "total""#
    );
    // A total above the page, and no position: a page or an offset.
    match get(&server, "/hostile/ignores-offset").error() {
        DetectError::Ambiguous { about, readings } => {
            assert_eq!(about, Ambiguity::PageOrOffset);
            assert_eq!(readings.len(), 2);
        }
        other => panic!("{other}"),
    }
}

/// A next URL that is the request's own (or differs by its fragment) is still the strategy; the
/// evidence says the walk will stop at it.
#[test]
fn self_links() {
    let server = server();
    for path in ["/hostile/self-link", "/hostile/fragment-link"] {
        let detection = get(&server, path).detect().unwrap();
        assert_eq!(
            detection.attribute(),
            r#"items = "data", next_url = "next""#,
            "{path}"
        );
        assert!(
            detection.evidence().iter().any(|line| line.contains("own URL")),
            "{path}: {:?}",
            detection.evidence()
        );
    }
}

#[test]
fn next_link_to_another_origin() {
    let elsewhere = MockServer::start(MockConfig::with_records(10));
    let server = MockServer::start(MockConfig {
        redirect_origin: Some(elsewhere.base_url().to_owned()),
        ..MockConfig::with_records(10)
    });
    let detection = get(&server, "/hostile/next-elsewhere").detect().unwrap();
    assert_eq!(detection.attribute(), r#"items = "data", next_url = "next""#);
    assert!(
        detection
            .evidence()
            .iter()
            .any(|line| line.contains("another origin")),
        "{:?}",
        detection.evidence()
    );
}

#[test]
fn misbehaving_cursors() {
    let server = server();
    assert_eq!(
        get(&server, "/hostile/repeat-cursor").attribute(),
        r#"items = "data", cursor = "next_cursor""#
    );
    // `size` is this route's cursor length; in a query it is as often a page size (Spring,
    // Elasticsearch), and detection reads it as one.
    assert_eq!(
        get(&server, "/hostile/huge-cursor?size=100").attribute(),
        r#"items = "data", cursor = "next_cursor", has_more = "has_more", limit_param = "size""#
    );
    for path in [
        "/hostile/cursor-cycle",
        "/hostile/identical-pages",
        "/hostile/tenant-items?tenant=t",
        "/hostile/endless-empty",
    ] {
        assert_eq!(
            get(&server, path).attribute(),
            r#"items = "data", cursor = "next_cursor", has_more = "has_more""#,
            "{path}"
        );
    }
}

#[test]
fn trailing_garbage_is_no_json() {
    let server = server();
    match get(&server, "/hostile/trailing-garbage").error() {
        DetectError::Body { format, reason } => {
            assert_eq!(format, Format::Json);
            assert!(reason.contains("trailing characters"), "{reason}");
        }
        other => panic!("{other}"),
    }
}

/// Answers that are no page are refused by their status; the message holds nothing of the body.
#[test]
fn errors_are_no_page() {
    let server = server();
    assert_eq!(
        get(&server, "/hostile/rate-limited").error(),
        DetectError::Status { status: 429 }
    );
    let evil = get(&server, "/hostile/evil-error").error().to_string();
    assert_eq!(
        evil,
        "the first response has HTTP status 400, not a success: there is no page to detect pagination from"
    );
    let secrets = get(&server, "/hostile/echo-secrets?api_key=hunter2")
        .error()
        .to_string();
    assert!(!secrets.contains("hunter2"), "{secrets}");
    assert_eq!(
        get(&server, "/hostile/redirect-same/v1/agents").error(),
        DetectError::Status { status: 302 }
    );
}
