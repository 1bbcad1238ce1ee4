//! End to end: progenitor's client generated from the Oxide nexus document in `build.rs`, paginated by
//! the impls `paginated-openapi` generated from the same document, walked against `paginated-mock`'s
//! emulation of nexus.

use std::num::NonZeroU32;

use base64::Engine;
use chrono::{DateTime, Utc};
use futures::TryStreamExt;
use oxide_sdk_example::nexus::{types, Client, Error};
use paginated_mock::apis::oxide::{datum, organization_id, organization_name};
use paginated_mock::{MockConfig, MockServer, Record, RecordedRequest, EPOCH, SPAN_SECONDS};
use serde_json::Value;

const ID: &str = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

fn client(server: &MockServer) -> Client {
    Client::new(&server.url("/oxide"))
}

fn time(unix: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(unix, 0).unwrap()
}

/// The `page_start` of a dropshot page token.
fn page_start(token: &str) -> Value {
    let bytes = base64::engine::general_purpose::URL_SAFE.decode(token).unwrap();
    let token: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(token["v"], "v1");
    token["page_start"].clone()
}

/// Every request went to `path`, carried progenitor's `api-version` header, asked for `limit`
/// items, and from the second on carried a token whose `last_seen` is `last_seen(page)` of the
/// page before.
fn assert_carried(requests: &[RecordedRequest], path: &str, limit: u32, last_seen: impl Fn(usize) -> String) {
    for (page, request) in requests.iter().enumerate() {
        assert_eq!(request.path, path);
        assert_eq!(
            request.header("api-version"),
            Some("0.0.1"),
            "sent by progenitor's client"
        );
        assert_eq!(request.params("limit"), [limit.to_string()]);
        let tokens = request.params("page_token");
        if page == 0 {
            assert!(tokens.is_empty(), "the first page has no token");
        } else {
            assert_eq!(tokens.len(), 1, "page {page}: {:?}", request.query);
            assert_eq!(
                page_start(&tokens[0])["last_seen"],
                last_seen(page - 1),
                "page {page}"
            );
        }
    }
}

#[test]
fn organization_list_walked_by_progenitor_and_by_paginate() {
    let server = MockServer::start(MockConfig::with_records(250));
    let client = client(&server);
    let expected: Vec<String> = (1..=250).map(organization_name).collect();
    runtime().block_on(async {
        let by_progenitor: Vec<types::Organization> = client
            .organization_list_stream(NonZeroU32::new(40), None)
            .try_collect()
            .await
            .unwrap();
        let progenitor_requests = server.requests();
        server.clear_requests();

        let by_paginate: Vec<types::Organization> = oxide_sdk_example::organizations(&client, None)
            .page_size(40)
            .try_collect()
            .await
            .unwrap();
        let paginate_requests = server.requests();

        // Every organization exactly once, in order, both ways.
        let names = |organizations: &[types::Organization]| -> Vec<String> {
            organizations
                .iter()
                .map(|organization| organization.name.to_string())
                .collect()
        };
        assert_eq!(names(&by_paginate), expected);
        assert_eq!(names(&by_progenitor), expected);
        for (n, organization) in (1..).zip(&by_paginate) {
            assert_eq!(organization.id.to_string(), organization_id(n));
            assert_eq!(organization.description, format!("Record {n:06}"));
        }

        // Seven pages and dropshot's empty last page, the token of each page carried to the next.
        assert_eq!(paginate_requests.len(), 8);
        assert_eq!(progenitor_requests.len(), 8);
        let last_name = |page: usize| organization_name((40 * (page as u64 + 1)).min(250));
        assert_carried(&paginate_requests, "/oxide/organizations", 40, last_name);
        assert_carried(&progenitor_requests, "/oxide/organizations", 40, last_name);
    });
}

#[test]
fn the_sort_order_is_kept_across_pages() {
    let server = MockServer::start(MockConfig::with_records(30));
    let client = client(&server);
    let names: Vec<String> = runtime().block_on(async {
        oxide_sdk_example::organizations(&client, Some(types::NameOrIdSortMode::NameDescending))
            .page_size(7)
            .map_ok(|organization| organization.name.to_string())
            .try_collect()
            .await
            .unwrap()
    });
    assert_eq!(names, (1..=30).rev().map(organization_name).collect::<Vec<_>>());
    let requests = server.requests();
    assert_eq!(requests.len(), 6);
    assert!(requests
        .iter()
        .all(|request| request.params("sort_by") == ["name_descending"]));
}

#[test]
fn system_metric_walked_by_paginate_keeps_its_id() {
    let records = 250;
    let server = MockServer::start(MockConfig::with_records(records));
    let client = client(&server);
    let id: uuid::Uuid = ID.parse().unwrap();
    let measurements: Vec<types::Measurement> = runtime().block_on(async {
        oxide_sdk_example::system_metric(
            &client,
            types::SystemMetricName::VirtualDiskSpaceProvisioned,
            id,
            time(EPOCH),
            time(EPOCH + SPAN_SECONDS),
        )
        .page_size(60)
        .try_collect()
        .await
        .unwrap()
    });

    // Every measurement exactly once, in order.
    let expected: Vec<(i64, i64)> = (1..=records)
        .map(|n| {
            let created = Record::generate(n, records).created_at;
            (created, datum("virtual_disk_space_provisioned", n).unwrap())
        })
        .collect();
    let actual: Vec<(i64, i64)> = measurements
        .iter()
        .map(|measurement| match measurement.datum {
            types::Datum::I64(value) => (measurement.timestamp.timestamp(), value),
            ref other => panic!("not an i64 gauge: {other:?}"),
        })
        .collect();
    assert_eq!(actual, expected);

    // `id` on every page, the first page's window, each token carried.
    let requests = server.requests();
    assert_eq!(requests.len(), 6, "five pages and the empty end");
    for request in &requests {
        assert_eq!(request.params("id"), [ID], "{}", request.query);
    }
    let stamp = |page: usize| {
        let n = (60 * (page as u64 + 1)).min(records);
        paginated_mock::iso8601(Record::generate(n, records).created_at)
    };
    assert_carried(
        &requests,
        "/oxide/system/metrics/virtual_disk_space_provisioned",
        60,
        stamp,
    );
    assert_eq!(requests[0].params("start_time"), ["2024-01-01T00:00:00Z"]);
}

#[test]
fn a_dropshot_error_reaches_the_caller_typed() {
    let server = MockServer::start(MockConfig::with_records(5));
    let client = client(&server);
    let id: uuid::Uuid = ID.parse().unwrap();
    let result = runtime().block_on(client.system_metric(
        types::SystemMetricName::CpusProvisioned,
        None,
        &id,
        None,
        None,
        None,
    ));
    match result {
        Err(Error::ErrorResponse(response)) => {
            assert_eq!(response.status().as_u16(), 400);
            assert!(
                response.message.contains("missing field `start_time`"),
                "{}",
                response.message
            );
            assert_eq!(response.error_code, None);
            assert!(!response.request_id.is_empty());
        }
        other => panic!("expected dropshot's 400, got {other:?}"),
    }
}

#[test]
fn the_impls_come_from_paginate_openapi() {
    // The report classified both operations by their extension.
    let report = oxide_sdk_example::REPORT;
    assert!(
        report.starts_with("paginated-openapi report: Oxide Region API 0.0.1 (OpenAPI 3.0)\n"),
        "{report}"
    );
    for operation in [
        "organization_list  GET /organizations",
        "system_metric  GET /system/metrics/{metric_name}",
    ] {
        let at = report
            .find(&format!("\n{operation}\n"))
            .unwrap_or_else(|| panic!("{operation} is not in the report"));
        let entry = report[at..].lines().nth(2).unwrap();
        assert!(
            entry.starts_with("    cursor [x-dropshot-pagination] #[paginate(items = \"items\""),
            "{operation}: {entry}"
        );
    }

    // The code it emitted, which the crate includes (`tests/checked_in.rs`: the checked-in output).
    let pagination = oxide_sdk_example::PAGINATION;
    for page in ["OrganizationResultsPage", "MeasurementResultsPage"] {
        let item = page.trim_end_matches("ResultsPage");
        let block = format!(
            "paginated::impl_paginate! {{\n    #[paginate(\n        items = \"items\",\n        \
             item = types::{item},\n        cursor = \"next_page\",\n        \
             cursor_param = \"page_token\"\n    )]\n    types::{page}\n}}"
        );
        assert!(pagination.contains(&block), "{block}");
    }

    // Progenitor streams one operation and not the other.
    let client = include_str!(concat!(env!("OUT_DIR"), "/client.rs"));
    assert!(client.contains("pub fn organization_list_stream<"));
    assert!(client.contains("pub async fn system_metric<"));
    assert!(!client.contains("fn system_metric_stream"));
    assert!(!client.contains("impl_paginate") && !client.contains("Paginate"));
}
