//! Every row of the conventions table, each with an example first page of its API: detection gives
//! the expected attribute and names the row's API in its evidence (so the row, not a coincidence,
//! gave it). A row without an example fails `every_convention_has_an_example`.

use paginated_cli::{detect, Exchange, CONVENTIONS};

/// A first page of an API that follows a convention.
struct Example {
    method: &'static str,
    url: &'static str,
    request_body: Option<&'static str>,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    expected: &'static str,
}

const fn get(url: &'static str, body: &'static str, expected: &'static str) -> Example {
    Example {
        method: "GET",
        url,
        request_body: None,
        headers: &[],
        body,
        expected,
    }
}

/// The example of the row whose API is `api`.
fn example(api: &str) -> Option<Example> {
    let example = match api {
        "Notion" => Example {
            method: "POST",
            request_body: Some("{}"),
            ..get(
                "https://api.notion.com/v1/databases/d1/query",
                r#"{"object": "list", "results": [{"object": "page", "id": "p1"}], "next_cursor": "c2", "has_more": true, "type": "page_or_database"}"#,
                r#"items = "results", cursor = "next_cursor", has_more = "has_more", cursor_param = "start_cursor", limit_param = "page_size", params_in = "body""#,
            )
        },
        "Slack, Airclou, Attio and most cursor APIs" => get(
            "https://api.example.com/v2/meetings?limit=50",
            r#"{"data": [{"id": "m1"}], "pagination": {"next_cursor": "bWVldGluZ3M6NTA"}}"#,
            r#"items = "data", cursor = "pagination.next_cursor""#,
        ),
        "Google APIs (AIP-158)" => get(
            "https://library.googleapis.com/v1/shelves/s1/books",
            r#"{"books": [{"name": "shelves/s1/books/b1"}], "nextPageToken": "Ym9va3M"}"#,
            r#"items = "books", cursor = "nextPageToken", cursor_param = "pageToken", limit_param = "pageSize""#,
        ),
        "Google APIs, proto field names" => get(
            "https://grpc-gateway.example/v1/books",
            r#"{"books": [{"name": "b1"}], "next_page_token": "Ym9va3M"}"#,
            r#"items = "books", cursor = "next_page_token", cursor_param = "page_token", limit_param = "page_size""#,
        ),
        "AWS JSON APIs" => Example {
            method: "POST",
            request_body: Some(r#"{"MaxResults": 20}"#),
            ..get(
                "https://secretsmanager.us-east-1.amazonaws.com/",
                r#"{"SecretList": [{"Name": "s1"}], "NextToken": "dG9rZW4"}"#,
                r#"items = "SecretList", cursor = "NextToken", cursor_param = "NextToken", limit_param = "MaxResults", params_in = "body""#,
            )
        },
        "AWS REST APIs" => get(
            "https://apigateway.us-east-1.amazonaws.com/v2/apis?maxResults=20",
            r#"{"items": [{"apiId": "a1"}], "nextToken": "dG9rZW4"}"#,
            r#"items = "items", cursor = "nextToken", cursor_param = "nextToken", limit_param = "maxResults""#,
        ),
        "Amazon S3 `ListObjectsV2`" => get(
            "https://bucket.s3.amazonaws.com/?list-type=2",
            r#"<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>bucket</Name><KeyCount>1</KeyCount><MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated><Contents><Key>a.json</Key></Contents><NextContinuationToken>1ueGcxLPRx1Tr</NextContinuationToken></ListBucketResult>"#,
            r#"format = "xml", items = "Contents", cursor = "NextContinuationToken", has_more = "IsTruncated", cursor_param = "continuation-token", limit_param = "max-keys""#,
        ),
        "Amazon S3 `ListObjects` with a delimiter" => get(
            "https://bucket.s3.amazonaws.com/?delimiter=/&prefix=photos/",
            r#"<ListBucketResult><Name>bucket</Name><Prefix>photos/</Prefix><Marker></Marker><NextMarker>photos/b.jpg</NextMarker><IsTruncated>true</IsTruncated><Contents><Key>photos/a.jpg</Key></Contents><Contents><Key>photos/b.jpg</Key></Contents></ListBucketResult>"#,
            r#"format = "xml", items = "Contents", cursor = "NextMarker", has_more = "IsTruncated", cursor_param = "marker", limit_param = "max-keys""#,
        ),
        "Azure Blob Storage" => get(
            "https://account.blob.core.windows.net/box?restype=container&comp=list",
            r#"<?xml version="1.0" encoding="utf-8"?><EnumerationResults ContainerName="box"><Blobs><Blob><Name>a</Name></Blob></Blobs><NextMarker>2!72!MDAwMDA</NextMarker></EnumerationResults>"#,
            r#"format = "xml", items = "Blobs.Blob", cursor = "NextMarker", cursor_param = "marker", limit_param = "maxresults""#,
        ),
        "Amazon DynamoDB" => Example {
            method: "POST",
            request_body: Some(r#"{"TableName": "t"}"#),
            ..get(
                "https://dynamodb.us-east-1.amazonaws.com/",
                r#"{"Count": 1, "Items": [{"pk": {"S": "a"}}], "LastEvaluatedKey": {"pk": {"S": "a"}}, "ScannedCount": 1}"#,
                r#"items = "Items", cursor = "LastEvaluatedKey", cursor_param = "ExclusiveStartKey", limit_param = "Limit", params_in = "body""#,
            )
        },
        "Relay-style connections outside GraphQL" => get(
            "https://api.example.com/v1/orders",
            r#"{"data": [{"id": 1}], "pageInfo": {"endCursor": "Y3Vyc29y", "hasNextPage": true}}"#,
            r#"items = "data", cursor = "pageInfo.endCursor", has_more = "pageInfo.hasNextPage", cursor_param = "after""#,
        ),
        "Oxide (dropshot)" => get(
            "https://oxide.example/v1/projects?limit=10",
            r#"{"items": [{"id": "p1"}], "next_page": "eyJ2IjoidjEifQ=="}"#,
            r#"items = "items", cursor = "next_page", cursor_param = "page_token""#,
        ),
        "APIs that give the next page number" => get(
            "https://api.example.com/v1/tickets",
            r#"{"results": [{"id": 1}], "next_page": 2, "total": 50}"#,
            r#"items = "results", cursor = "next_page", total = "total", cursor_param = "page""#,
        ),
        "APIs that give the next page number, camelCase" => get(
            "https://api.example.com/v1/tickets",
            r#"{"results": [{"id": 1}], "nextPage": 2}"#,
            r#"items = "results", cursor = "nextPage", cursor_param = "page""#,
        ),
        "Facebook Graph API" => get(
            "https://graph.facebook.com/v19.0/me/posts",
            r#"{"data": [{"id": "1"}], "paging": {"cursors": {"before": "QVFI", "after": "QVFJ"}}}"#,
            r#"items = "data", cursor = "paging.cursors.after", cursor_param = "after""#,
        ),
        "GitLab" => Example {
            headers: &[("x-next-page", "2"), ("x-total", "40"), ("x-page", "1")],
            ..get(
                "https://gitlab.example/api/v4/projects",
                r#"[{"id": 1}]"#,
                r#"cursor = header("X-Next-Page"), total = header("X-Total"), cursor_param = "page""#,
            )
        },
        "Cursor headers" => Example {
            headers: &[("X-Next-Token", "dG9rZW4")],
            ..get(
                "https://api.example.com/v1/events",
                r#"[{"id": 1}]"#,
                r#"cursor = header("X-Next-Token")"#,
            )
        },
        "OData, Microsoft Graph" => get(
            "https://graph.microsoft.com/v1.0/users",
            r#"{"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users", "value": [{"id": "u1"}]}"#,
            r#"items = "value", next_url = "'@odata.nextLink'""#,
        ),
        "Salesforce" => get(
            "https://na1.salesforce.com/services/data/v58.0/query?q=SELECT+Id+FROM+Account",
            r#"{"totalSize": 1, "done": true, "records": [{"Id": "001"}]}"#,
            r#"items = "records", next_url = "nextRecordsUrl", total = "totalSize""#,
        ),
        "Stripe" => get(
            "https://api.stripe.com/v1/customers?limit=3",
            r#"{"object": "list", "url": "/v1/customers", "has_more": true, "data": [{"id": "cus_1", "object": "customer"}]}"#,
            r#"items = "data", keyset = "id", has_more = "has_more", keyset_param = "starting_after""#,
        ),
        "Elasticsearch, OpenSearch (`search_after`)" => Example {
            method: "POST",
            request_body: Some(r#"{"size": 10, "sort": [{"@timestamp": "asc"}]}"#),
            ..get(
                "https://es.example:9200/logs/_search",
                r#"{"took": 1, "hits": {"total": {"value": 30, "relation": "eq"}, "hits": [{"_id": "1", "sort": [1704067200000]}]}}"#,
                r#"items = "hits.hits", keyset = "sort", total = "hits.total.value", keyset_param = "search_after", limit_param = "size", params_in = "body""#,
            )
        },
        "Elasticsearch, OpenSearch (`from`/`size`)" => get(
            "https://es.example:9200/logs/_search?size=10",
            r#"{"took": 1, "_shards": {"total": 1}, "hits": {"total": {"value": 30, "relation": "eq"}, "hits": [{"_id": "1"}]}}"#,
            r#"items = "hits.hits", offset, total = "hits.total.value", offset_param = "from", limit_param = "size""#,
        ),
        "Elasticsearch point in time" => Example {
            method: "POST",
            request_body: Some(r#"{"size": 10, "sort": ["_shard_doc"], "pit": {"id": "cGl0"}}"#),
            ..get(
                "https://es.example:9200/_search",
                r#"{"pit_id": "cGl0Mg", "hits": {"hits": [{"_id": "1", "sort": [0]}]}}"#,
                r#"items = "hits.hits", keyset = "sort", carry = "pit_id", carry_param = "pit.id", keyset_param = "search_after", limit_param = "size", params_in = "body""#,
            )
        },
        "Amazon S3 `ListObjects`" => get(
            "https://bucket.s3.amazonaws.com/",
            r#"<ListBucketResult><Name>bucket</Name><Marker></Marker><MaxKeys>1</MaxKeys><IsTruncated>true</IsTruncated><Contents><Key>a.json</Key></Contents></ListBucketResult>"#,
            r#"format = "xml", items = "Contents", keyset = "Key", has_more = "IsTruncated", keyset_param = "marker", limit_param = "max-keys""#,
        ),
        "Slack" => get(
            "https://slack.com/api/conversations.list?limit=100",
            r#"{"ok": true, "channels": [{"id": "C1"}], "response_metadata": {"next_cursor": "dGVhbTpD"}}"#,
            r#"items = "channels", cursor = "response_metadata.next_cursor", errors = "error""#,
        ),
        "GraphQL" => Example {
            method: "POST",
            request_body: Some(
                r#"{"query": "query($cursor: String) { viewer { repositories(first: 10, after: $cursor) { nodes { name } pageInfo { endCursor hasNextPage } } } }"}"#,
            ),
            ..get(
                "https://api.github.com/graphql",
                r#"{"data": {"viewer": {"repositories": {"nodes": [{"name": "r"}], "pageInfo": {"endCursor": "Y3Vy", "hasNextPage": true}}}}}"#,
                r#"items = "data.viewer.repositories.nodes", cursor = "data.viewer.repositories.pageInfo.endCursor", has_more = "data.viewer.repositories.pageInfo.hasNextPage", errors = "errors", cursor_param = "variables.cursor", params_in = "body""#,
            )
        },
        _ => return None,
    };
    Some(example)
}

#[test]
fn every_convention_has_an_example() {
    for convention in CONVENTIONS {
        let Some(example) = example(convention.api) else {
            panic!("no example for the convention of {}", convention.api);
        };
        let mut exchange = Exchange::new(example.method, example.url).response(200, example.body.as_bytes());
        if let Some(body) = example.request_body {
            exchange = exchange.request_body(body.as_bytes());
        }
        for (name, value) in example.headers {
            exchange = exchange.header(name, value);
        }
        let detection = detect(&exchange).unwrap_or_else(|error| panic!("{}: {error}", convention.api));
        assert_eq!(detection.attribute(), example.expected, "{}", convention.api);
        let cited = format!("convention of {}", convention.api);
        assert!(
            detection.evidence().iter().any(|line| line.contains(&cited)),
            "{}: {:?}",
            convention.api,
            detection.evidence()
        );
    }
}

/// The table in the crate documentation is this table.
#[test]
fn the_documented_table_is_the_table() {
    let docs = include_str!("../src/lib.rs");
    for convention in CONVENTIONS {
        let row = format!(
            "//! | {} | {} | {} |",
            convention.api, convention.shows, convention.gives
        );
        assert!(
            docs.contains(&row),
            "the crate documentation lacks the row\n{row}"
        );
    }
    let (_, section) = docs
        .split_once("//! ## Conventions")
        .expect("the crate documentation has a Conventions section");
    let documented = section
        .lines()
        .take_while(|line| !line.starts_with("//! #"))
        .filter(|line| line.starts_with("//! | ") && !line.starts_with("//! | API | "))
        .count();
    assert_eq!(
        documented,
        CONVENTIONS.len(),
        "the crate documentation has rows the table has not"
    );
}
