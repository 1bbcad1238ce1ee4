//! Servers that misbehave (`paginated-mock`'s hostile routes), walked with no pagination option: the
//! command stops with the documented status, never writes an item twice, never hangs, and never
//! shows a credential it sent.

use paginated_mock::{MockConfig, MockServer};
use serde_json::Value;

use crate::support::{paginated, sorted_ids};

fn server() -> MockServer {
    MockServer::start(MockConfig::with_records(45))
}

/// The ids written, checked to be each once.
fn distinct(items: &[Value]) -> Vec<u64> {
    let ids = sorted_ids(items, &["id"]);
    let mut unique = ids.clone();
    unique.dedup();
    assert_eq!(ids, unique, "an item written twice");
    ids
}

#[test]
fn a_last_page_repeated_past_the_end_stops_the_walk() {
    let server = server();
    for route in ["last-page-forever", "alternating-tail"] {
        let run = paginated(&[&server.url(&format!("/hostile/{route}?page=1"))]);
        assert_eq!(run.status, 4, "{route}: {}", run.stderr);
        assert_eq!(distinct(&run.items()), (1..=45).collect::<Vec<_>>(), "{route}");
        assert!(
            run.stderr.contains("holds the same items as page"),
            "{route}: {}",
            run.stderr
        );
    }
}

#[test]
fn an_ignored_offset_stops_the_walk() {
    let server = server();
    let run = paginated(&[&server.url("/hostile/ignores-offset?offset=0&limit=10")]);
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert_eq!(distinct(&run.items()), (1..=10).collect::<Vec<_>>());
}

#[test]
fn cursor_cycles_and_self_links_stop_the_walk() {
    let server = server();
    for path in [
        "/hostile/cursor-cycle?cycle=7&limit=5",
        "/hostile/cursor-cycle?cycle=7&limit=5&fresh=true",
        "/hostile/self-link?limit=5",
        "/hostile/fragment-link?limit=5",
    ] {
        let run = paginated(&[&server.url(path)]);
        assert_eq!(run.status, 4, "{path}: {}", run.stderr);
        distinct(&run.items());
    }
}

#[test]
fn endless_empty_pages_stop_the_walk() {
    let server = server();
    let run = paginated(&[&server.url("/hostile/endless-empty")]);
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert!(run.items().is_empty());
}

#[test]
fn identical_pages_need_the_option_that_accepts_them() {
    let server = server();
    let url = server.url("/hostile/identical-pages?pages=3");
    let run = paginated(&[&url]);
    assert_eq!(run.status, 4, "{}", run.stderr);
    assert!(run.stderr.contains("--allow-repeated-pages"), "{}", run.stderr);
    let run = paginated(&[&url, "--allow-repeated-pages"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(run.items().len(), 6);
}

#[test]
fn another_origin_is_refused() {
    let other = MockServer::start(MockConfig::with_records(45));
    let server = MockServer::start(MockConfig {
        redirect_origin: Some(other.base_url().to_owned()),
        ..MockConfig::with_records(45)
    });
    let run = paginated(&[
        &server.url("/hostile/next-elsewhere"),
        "-H",
        "Authorization: Bearer s3cr3t-t0k3n",
    ]);
    assert_eq!(run.status, 5, "{}", run.stderr);
    assert_eq!(distinct(&run.items()), (1..=5).collect::<Vec<_>>());
    assert!(run.stderr.contains("--allow-origin"), "{}", run.stderr);
    assert!(!run.stderr.contains(".allow_origin("), "{}", run.stderr);
    assert_eq!(other.request_count(), 0, "nothing reached the other origin");

    let run = paginated(&[
        &server.url("/hostile/next-elsewhere"),
        "--allow-origin",
        other.base_url(),
    ]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert_eq!(distinct(&run.items()), (1..=10).collect::<Vec<_>>());

    let before = other.request_count();
    let run = paginated(&[
        &server.url("/hostile/redirect-307/v1/calls"),
        "-H",
        "X-Api-Key: s3cr3t-k3y-0f-u5",
    ]);
    assert_eq!(run.status, 5, "{}", run.stderr);
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
    assert_eq!(other.request_count(), before, "nothing reached the other origin");
}

#[test]
fn secrets_never_reach_stderr() {
    let server = server();
    let run = paginated(&[
        &server.url("/hostile/echo-secrets?api_key=s3cr3t-qu3ry-k3y&page=1"),
        "-H",
        "Authorization: Bearer s3cr3t-b3ar3r-t0k3n",
        "-H",
        "X-Api-Key: s3cr3t-h3ad3r-k3y",
        "-d",
        r#"{"client_secret": "s3cr3t-b0dy-s3cr3t"}"#,
    ]);
    assert_eq!(run.status, 5, "{}", run.stderr);
    assert!(!run.stderr.contains("s3cr3t"), "{}", run.stderr);
    assert!(!run.stderr.contains('\u{2028}'), "{}", run.stderr);
}

#[test]
fn broken_bodies_are_errors() {
    let server = server();
    let run = paginated(&[&server.url("/hostile/trailing-garbage")]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    let run = paginated(&[&server.url("/hostile/evil-error")]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(
        !run.stderr.chars().any(|c| c.is_control() && c != '\n'),
        "control characters on stderr: {:?}",
        run.stderr
    );
}

#[test]
fn silence_and_rate_limits_end_as_network_errors() {
    let server = server();
    for path in ["/hostile/silent", "/hostile/short-body"] {
        let run = paginated(&[&server.url(path), "--timeout", "0.3", "--retries", "2"]);
        assert_eq!(run.status, 6, "{path}: {}", run.stderr);
    }
    let run = paginated(&[&server.url("/hostile/rate-limited?retry_after=3600")]);
    assert_eq!(run.status, 6, "{}", run.stderr);
    assert!(run.stderr.contains("3600"), "{}", run.stderr);
}

#[test]
fn a_cursor_too_long_for_a_url_is_an_error() {
    let server = server();
    let run = paginated(&[&server.url("/hostile/huge-cursor")]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert_eq!(distinct(&run.items()), [1]);
}

#[test]
fn a_web_page_is_not_an_api() {
    let server = server();
    let run = paginated(&[&server.url("/hostile/html-page")]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("HTML page"), "{}", run.stderr);
    assert!(run.items().is_empty());
}

/// The messages speak of the command's options, never of the library's methods.
#[test]
fn messages_name_options_not_library_calls() {
    let server = server();
    for (path, args) in [
        ("/hostile/identical-pages?pages=3", &[][..]),
        ("/hostile/endless-empty", &["--max-stalled-pages", "5"][..]),
        ("/hostile/rate-limited?retry_after=3600", &[][..]),
        ("/hostile/silent", &["--timeout", "0.2", "--retries", "1"][..]),
    ] {
        let url = server.url(path);
        let mut all = vec![url.as_str()];
        all.extend_from_slice(args);
        let run = paginated(&all);
        assert_ne!(run.status, 0, "{path}");
        for library in [
            "(true)",
            ".allow_origin(",
            ".max_stalled_pages(",
            "checkpoint",
            "PageRequest",
            "Attempt deadline",
        ] {
            assert!(
                !run.stderr.contains(library),
                "{path}: {library} in {}",
                run.stderr
            );
        }
    }
}

/// A redirect to another origin is refused whatever origins are allowed: the advice is to request its
/// target directly.
#[test]
fn a_redirect_elsewhere_is_refused_with_advice() {
    let other = MockServer::start(MockConfig::with_records(45));
    let server = MockServer::start(MockConfig {
        redirect_origin: Some(other.base_url().to_owned()),
        ..MockConfig::with_records(45)
    });
    let run = paginated(&[
        &server.url("/hostile/redirect/v1/numbers?limit=10&offset=0"),
        "--paginate",
        r#"items = "data", offset, has_more = "hasMore""#,
        "--allow-origin",
        other.base_url(),
    ]);
    assert_eq!(run.status, 5, "{}", run.stderr);
    assert!(run.stderr.contains("request that URL directly"), "{}", run.stderr);
    assert_eq!(other.request_count(), 0);
}

#[test]
fn items_that_are_not_a_list_are_an_error() {
    let server = MockServer::start(MockConfig::with_records(45));
    let url = server.url("/playbook/api/v1/users");
    let run = paginated(&[&url, "--paginate", r#"cursor = "pagination.next_cursor""#]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("not a list of items"), "{}", run.stderr);
    assert!(run.items().is_empty(), "no page written as an item");
    let run = paginated(&[
        &url,
        "--page-size",
        "10",
        "--paginate",
        r#"cursor = "pagination.next_cursor", items = "pagination.next_cursor""#,
    ]);
    assert_eq!(run.status, 1, "{}", run.stderr);
    assert!(run.stderr.contains("holds a string"), "{}", run.stderr);
}
