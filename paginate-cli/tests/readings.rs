//! Detection on first pages written out: the shapes of well-known APIs outside the mock, signals that
//! agree or disagree, ambiguity and how it is reported, bodies that are no page.

use paginated_cli::{detect, Ambiguity, Confidence, DetectError, Detection, Exchange, Strategy};

fn detect_get(url: &str, body: &str) -> Result<Detection, DetectError> {
    detect(&Exchange::new("GET", url).response(200, body.as_bytes()))
}

fn attribute(url: &str, body: &str) -> String {
    match detect_get(url, body) {
        Ok(detection) => detection.attribute().to_owned(),
        Err(error) => panic!("{url}: {error}"),
    }
}

fn ambiguity(result: Result<Detection, DetectError>) -> (Ambiguity, Vec<String>, String) {
    match result {
        Err(error @ DetectError::Ambiguous { .. }) => {
            let message = error.to_string();
            let DetectError::Ambiguous { about, readings } = error else {
                unreachable!()
            };
            let readings = readings
                .iter()
                .map(|reading| reading.attribute().to_owned())
                .collect();
            (about, readings, message)
        }
        other => panic!("not an ambiguity: {other:?}"),
    }
}

#[test]
fn next_urls_of_well_known_shapes() {
    // Django REST framework: `count` is no total here (Aircall's `meta.count` is the page's).
    assert_eq!(
        attribute(
            "https://api.test/items/",
            r#"{"count": 120, "next": "https://api.test/items/?page=2", "previous": null, "results": [{"id": 1}]}"#
        ),
        r#"items = "results", next_url = "next""#
    );
    // Laravel.
    assert_eq!(
        attribute(
            "https://api.test/users",
            r#"{"current_page": 1, "data": [{"id": 1}], "next_page_url": "https://api.test/users?page=2", "last_page": 5, "per_page": 15, "total": 75}"#
        ),
        r#"items = "data", next_url = "next_page_url", total = "total""#
    );
    // JSON:API, relative.
    assert_eq!(
        attribute(
            "https://api.test/articles",
            r#"{"data": [{"type": "articles", "id": "1"}], "links": {"self": "/articles", "next": "/articles?page%5Bnumber%5D=2"}}"#
        ),
        r#"items = "data", next_url = "links.next""#
    );
    // HAL.
    assert_eq!(
        attribute(
            "https://api.test/orders",
            r#"{"_embedded": {"orders": [{"id": 1}]}, "_links": {"next": {"href": "https://api.test/orders?page=2"}}}"#
        ),
        r#"items = "_embedded.orders", next_url = "_links.next.href""#
    );
    // A name that is no identifier is quoted.
    assert_eq!(
        attribute(
            "https://api.test/items",
            r#"{"data": [{"id": 1}], "meta": {"next-page": "https://api.test/items?page=2"}}"#
        ),
        r#"items = "data", next_url = "meta.'next-page'""#
    );
}

#[test]
fn offsets_and_pages_echoed() {
    // dummyjson: `skip` is the offset, named as the API echoes it.
    let detection = detect_get(
        "https://dummyjson.test/products",
        r#"{"products": [{"id": 1}], "total": 194, "skip": 0, "limit": 30}"#,
    )
    .unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "products", offset, total = "total", offset_param = "skip""#
    );
    assert_eq!(detection.confidence(), Confidence::Conventional);
    // Jira.
    assert_eq!(
        attribute(
            "https://jira.test/rest/api/3/project/search",
            r#"{"startAt": 0, "maxResults": 50, "total": 120, "isLast": false, "values": [{"id": "1"}]}"#
        ),
        r#"items = "values", offset, total = "total", offset_param = "startAt", limit_param = "maxResults""#
    );
    // Spring Data, pages from 0.
    assert_eq!(
        attribute(
            "https://api.test/people?page=0&size=20",
            r#"{"content": [{"id": 1}], "totalElements": 100, "totalPages": 5, "number": 0, "size": 20}"#
        ),
        r#"items = "content", page, total = "totalElements", total_pages = "totalPages", per_page_param = "size", first_page = 0"#
    );
}

#[test]
fn the_request_wins_over_an_echo() {
    // The request sends `page`; the body echoes it and an offset: a page walk that checks the echo.
    let detection = detect_get(
        "https://api.test/items?page=2&per_page=10",
        r#"{"data": [{"id": 11}], "meta": {"page": 2, "offset": 10, "total": 40}}"#,
    )
    .unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "data", page = "meta.page", total = "meta.total""#
    );
    assert_eq!(detection.confidence(), Confidence::Observed);
}

#[test]
fn page_signals_in_headers() {
    let exchange = Exchange::new("GET", "https://api.test/items?page=1&per_page=20")
        .response(200, br#"[{"id": 1}]"#)
        .header("X-Total-Pages", "7")
        .header("X-Total", "140");
    assert_eq!(
        detect(&exchange).unwrap().attribute(),
        r#"page, total = header("X-Total"), total_pages = header("X-Total-Pages")"#
    );
}

#[test]
fn a_url_that_carries_the_cursor_is_one_reading() {
    // Facebook: `paging.next` sends `paging.cursors.after` back: the URL is followed as it is.
    let detection = detect_get(
        "https://graph.facebook.com/v19.0/me/posts",
        r#"{"data": [{"id": "1"}], "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}, "next": "https://graph.facebook.com/v19.0/me/posts?limit=25&after=QVFJ"}}"#,
    )
    .unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "data", next_url = "paging.next""#
    );
    assert_eq!(detection.confidence(), Confidence::Observed);
    // The same place twice, in the `Link` header and the body: one reading, the header's.
    let exchange = Exchange::new("GET", "https://api.test/items")
        .response(
            200,
            br#"{"data": [{"id": 1}], "next": "https://api.test/items?page=2"}"#,
        )
        .header("Link", r#"<https://api.test/items?page=2>; rel="next""#);
    assert_eq!(detect(&exchange).unwrap().strategy(), Strategy::LinkHeader);
}

#[test]
fn a_url_and_a_cursor_it_does_not_carry_are_ambiguous() {
    let (about, readings, message) = ambiguity(detect_get(
        "https://api.test/items",
        r#"{"data": [{"id": 1}], "next": "https://api.test/items?page=2", "next_cursor": "abc"}"#,
    ));
    assert_eq!(about, Ambiguity::Strategy);
    assert_eq!(
        readings,
        [
            r#"items = "data", next_url = "next""#,
            r#"items = "data", cursor = "next_cursor""#
        ]
    );
    assert!(
        message.starts_with("2 readings fit the first response (two signals name the next page differently)")
    );
    assert!(message.contains("--paginate"), "{message}");
    assert!(
        !message.contains("abc"),
        "the message holds no value of the exchange: {message}"
    );
    // A `Link` and a body URL to different places.
    let exchange = Exchange::new("GET", "https://api.test/items")
        .response(
            200,
            br#"{"data": [{"id": 1}], "next": "https://api.test/items?page=9"}"#,
        )
        .header("Link", r#"<https://api.test/items?page=2>; rel="next""#);
    assert_eq!(ambiguity(detect(&exchange)).0, Ambiguity::Strategy);
}

#[test]
fn an_absent_signal_beside_a_present_one_is_left_out() {
    assert_eq!(
        attribute(
            "https://api.test/items",
            r#"{"data": [{"id": 1}], "next": null, "next_cursor": "abc", "has_more": true}"#
        ),
        r#"items = "data", cursor = "next_cursor", has_more = "has_more""#
    );
}

#[test]
fn two_lists_of_objects_are_ambiguous() {
    let (about, readings, message) = ambiguity(detect_get(
        "https://api.test/articles",
        r#"{"data": [{"id": 1}], "included": [{"id": 2}], "next_cursor": "x"}"#,
    ));
    assert_eq!(about, Ambiguity::Items);
    assert_eq!(
        readings,
        [
            r#"items = "data", cursor = "next_cursor""#,
            r#"items = "included", cursor = "next_cursor""#
        ]
    );
    assert!(
        message.contains("several lists could hold the items"),
        "{message}"
    );
}

#[test]
fn a_page_and_an_offset_in_one_request_are_ambiguous() {
    let (about, readings, _) = ambiguity(detect_get(
        "https://api.test/items?page=1&offset=0",
        r#"{"data": [{"id": 1}], "total": 40}"#,
    ));
    assert_eq!(about, Ambiguity::PageOrOffset);
    assert_eq!(
        readings,
        [
            r#"items = "data", page, total = "total""#,
            r#"items = "data", offset, total = "total""#
        ]
    );
}

#[test]
fn graphql_connections() {
    let query = br#"{"query": "query($after: String) { a: search(first: 5, after: $after) { nodes { id } pageInfo { endCursor hasNextPage } } b: viewer { repos(first: 5) { nodes { id } pageInfo { endCursor hasNextPage } } } }"}"#;
    let body = br#"{"data": {"a": {"nodes": [{"id": 1}], "pageInfo": {"endCursor": "x", "hasNextPage": true}}, "b": {"repos": {"nodes": [{"id": 2}], "pageInfo": {"endCursor": "y", "hasNextPage": true}}}}}"#;
    let exchange = Exchange::new("POST", "https://api.test/graphql")
        .request_body(query)
        .response(200, body);
    let (about, readings, _) = ambiguity(detect(&exchange));
    assert_eq!(about, Ambiguity::Connection);
    assert_eq!(readings.len(), 2);
    // Only one connection has a next page: that one.
    let body = br#"{"data": {"a": {"nodes": [{"id": 1}], "pageInfo": {"endCursor": "x", "hasNextPage": true}}, "b": {"repos": {"nodes": [], "pageInfo": {"endCursor": null, "hasNextPage": false}}}}}"#;
    let exchange = Exchange::new("POST", "https://api.test/graphql")
        .request_body(query)
        .response(200, body);
    assert!(detect(&exchange)
        .unwrap()
        .attribute()
        .starts_with(r#"items = "data.a.nodes""#));
}

#[test]
fn equally_near_stop_signals_are_left_out() {
    let detection = detect_get(
        "https://api.test/items",
        r#"{"data": [{"id": 1}], "next_cursor": "c", "meta": {"total": 10}, "stats": {"total": 12}}"#,
    )
    .unwrap();
    assert_eq!(detection.attribute(), r#"items = "data", cursor = "next_cursor""#);
    assert!(detection
        .evidence()
        .iter()
        .any(|line| line.contains("equally near")));
}

#[test]
fn a_post_with_a_json_body_sends_the_cursor_in_it() {
    let exchange = Exchange::new("POST", "https://api.test/search")
        .request_body(br#"{"filter": {"status": "open"}, "limit": 50}"#)
        .response(
            200,
            br#"{"results": [{"id": 1}], "next_cursor": "c", "has_more": true}"#,
        );
    assert_eq!(
        detect(&exchange).unwrap().attribute(),
        r#"items = "results", cursor = "next_cursor", has_more = "has_more", params_in = "body""#
    );
}

#[test]
fn an_unknown_cursor_name_is_assumed() {
    let detection = detect_get(
        "https://api.test/events",
        r#"{"events": [{"id": 1}], "cursor": "c2"}"#,
    )
    .unwrap();
    assert_eq!(detection.attribute(), r#"items = "events", cursor = "cursor""#);
    assert_eq!(detection.confidence(), Confidence::Assumed);
    // A request that sends its cursor names the parameter.
    let detection = detect_get(
        "https://api.test/events?since_token=c1",
        r#"{"events": [{"id": 1}], "cursor": "c2"}"#,
    )
    .unwrap();
    assert_eq!(
        detection.confidence(),
        Confidence::Assumed,
        "`since_token` is no known cursor parameter"
    );
    let detection = detect_get(
        "https://api.test/events?page_token=c1",
        r#"{"events": [{"id": 1}], "cursor": "c2"}"#,
    )
    .unwrap();
    assert_eq!(
        detection.attribute(),
        r#"items = "events", cursor = "cursor", cursor_param = "page_token""#
    );
    assert_eq!(detection.confidence(), Confidence::Observed);
}

#[test]
fn a_complete_answer_is_a_single_page() {
    // `has_more` false and a total the page holds: nothing more.
    let detection = detect_get(
        "https://api.test/numbers",
        r#"{"data": [{"id": 1}, {"id": 2}], "hasMore": false, "total": 2}"#,
    )
    .unwrap();
    assert!(detection.is_single_page());
    assert_eq!(detection.attribute(), r#"items = "data""#);
    assert_eq!(detection.strategy().name(), "single page");
}

#[test]
fn xml_is_known_by_its_content() {
    let body = r#"<?xml version="1.0"?><ListBucketResult><KeyCount>1</KeyCount><IsTruncated>false</IsTruncated><Contents><Key>a</Key></Contents></ListBucketResult>"#;
    let detection = detect_get("https://bucket.s3.test/?list-type=2", body).unwrap();
    assert_eq!(detection.format(), paginated_cli::Format::Xml);
    assert!(detection
        .attribute()
        .starts_with(r#"format = "xml", items = "Contents", cursor = "NextContinuationToken""#));
    // An empty listing leaves its list out.
    let empty =
        r#"<ListBucketResult><KeyCount>0</KeyCount><IsTruncated>false</IsTruncated></ListBucketResult>"#;
    assert!(detect_get("https://bucket.s3.test/?list-type=2", empty)
        .unwrap()
        .attribute()
        .starts_with(r#"format = "xml", items = "Contents""#));
}

#[test]
fn hostile_member_names_are_never_used() {
    let detection = detect_get(
        "https://api.test/items",
        "{\"data\": [{\"id\": 1}], \"next_cursor\\u001b[2K\": \"x\", \"it's_next_url\": \"https://api.test/?p=2\"}",
    )
    .unwrap();
    assert!(detection.is_single_page());
    assert!(detection.evidence().iter().all(|line| !line.contains('\u{1b}')));
}

#[test]
fn what_is_no_page() {
    assert_eq!(
        detect_get("https://api.test/", "  ").unwrap_err(),
        DetectError::EmptyBody
    );
    assert_eq!(
        detect_get("https://api.test/", r#"{"id": 1, "name": "one"}"#).unwrap_err(),
        DetectError::NoItems
    );
    assert!(matches!(
        detect_get("https://api.test/", "{\"data\": [1,").unwrap_err(),
        DetectError::Body { .. }
    ));
    assert!(matches!(
        detect_get("https://api.test/", "<a><b></a>").unwrap_err(),
        DetectError::Body { .. }
    ));
    assert!(matches!(
        detect_get("not a url", "[]").unwrap_err(),
        DetectError::Url { .. }
    ));
    let exchange = Exchange::new("GET", "https://api.test/").response(503, b"[]");
    assert_eq!(
        detect(&exchange).unwrap_err().to_string(),
        "the first response has HTTP status 503, not a success: there is no page to detect pagination from"
    );
}

/// A number in `next` that is the request's page number plus one is the next page number, sent back
/// as the request's own page parameter.
#[test]
fn a_next_page_number_goes_back_as_the_page_parameter() {
    let detection = detect_get(
        "https://api.test/items?page=1",
        r#"{"results": [{"id": 1}, {"id": 2}], "next": 2, "count": 30}"#,
    )
    .unwrap();
    assert!(
        detection.attribute().contains(r#"cursor_param = "page""#),
        "{}",
        detection.attribute()
    );
    assert_eq!(detection.confidence(), Confidence::Observed);
    // Any other number is no page number of this request.
    let detection = detect_get(
        "https://api.test/items?page=1",
        r#"{"results": [{"id": 1}], "next": 7}"#,
    )
    .unwrap();
    assert!(
        !detection.attribute().contains(r#"cursor_param = "page""#),
        "{}",
        detection.attribute()
    );
}
