//! End to end against the faithful emulations of the five documented APIs (and GitHub's `Link` header), over
//! real HTTP on 127.0.0.1, async and blocking.

mod support;

use futures::TryStreamExt;
use paginated::{ErrorKind, Paginate};
use paginated_mock::{MockConfig, MockServer};
use support::*;

fn server(records: u64) -> MockServer {
    MockServer::start(MockConfig::with_records(records))
}

// Aircall: page/per_page, meta, next_page_link, 10,000-record cap, from/to.

#[tokio::test]
async fn aircall_calls_follow_next_page_link() {
    let server = server(137);
    let calls: Vec<Call> = CallsPage::stream(reqwest::Client::new().get(server.url("/v1/calls")))
        .page_size(50)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        calls.iter().map(|c| c.id).collect::<Vec<_>>(),
        (1..=137).collect::<Vec<_>>()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert_eq!(requests[2].params("page"), ["3"]);
    assert!(requests.iter().all(|r| r.params("per_page") == ["50"]));
}

#[test]
fn aircall_contacts_by_page_number_blocking_with_clamped_page_size() {
    let server = server(120);
    let contacts: Vec<Contact> =
        ContactsPage::iter(reqwest::blocking::Client::new().get(server.url("/v1/contacts")))
            .page_size(500)
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
        (1..=120).collect::<Vec<_>>()
    );
    // 500 is clamped to the documented maximum of 50: pages 1, 2 and 3; `total` ends the walk.
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|r| r.params("per_page") == ["50"]));
}

#[tokio::test]
async fn aircall_time_window_filters_survive_every_page() {
    let server = server(1000);
    let (from, to) = (
        paginated_mock::EPOCH + 86_400 * 30,
        paginated_mock::EPOCH + 86_400 * 90,
    );
    let request = reqwest::Client::new()
        .get(server.url("/v1/calls"))
        .query(&[("from", from), ("to", to)]);
    let calls: Vec<Call> = CallsPage::stream(request)
        .page_size(20)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<u64> = (1..=1000)
        .map(|id| paginated_mock::Record::generate(id, 1000))
        .filter(|r| r.created_at >= from && r.created_at <= to)
        .map(|r| r.id)
        .collect();
    assert!(expected.len() > 100);
    assert_eq!(calls.iter().map(|c| c.id).collect::<Vec<_>>(), expected);
    for request in server.requests() {
        assert_eq!(request.params("from"), [from.to_string()]);
        assert_eq!(request.params("to"), [to.to_string()]);
    }
}

#[tokio::test]
async fn aircall_cap_is_reported_as_truncation_not_silently() {
    let server = server(10_120);
    let mut stream = CallsPage::stream(reqwest::Client::new().get(server.url("/v1/calls"))).page_size(50);
    let mut received = 0u64;
    let error = loop {
        match stream.try_next().await {
            Ok(Some(_)) => received += 1,
            Ok(None) => panic!("the walk ended silently after {received} items"),
            Err(error) => break error,
        }
    };
    assert_eq!(received, 10_000);
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Truncated {
                received: 10_000,
                total: 10_120
            }
        ),
        "{error:?}"
    );
}

#[test]
fn aircall_page_past_the_cap_is_a_typed_error() {
    let server = server(10_060);
    let mut contacts =
        ContactsPage::iter(reqwest::blocking::Client::new().get(server.url("/v1/contacts"))).page_size(50);
    let received = contacts.by_ref().take_while(Result::is_ok).count();
    assert_eq!(received, 10_000);
    // Page 201 starts at record 10,001: the API refuses it, and the walk says so.
    let last = server.requests().pop().unwrap();
    assert_eq!(last.params("page"), ["201"]);
}

// AgentPhone: offset endpoints and the receivedAt keyset.

#[tokio::test]
async fn agentphone_numbers_by_offset() {
    let server = server(242);
    let numbers: Vec<Number> =
        OffsetPage::<Number>::stream(reqwest::Client::new().get(server.url("/v1/numbers")))
            .page_size(100)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(
        numbers.iter().map(|n| n.id.clone()).collect::<Vec<_>>(),
        ids("num_", 6, 1..=242)
    );
    let offsets: Vec<_> = server.requests().iter().map(|r| r.params("offset")).collect();
    assert_eq!(offsets, [["0"], ["100"], ["200"]]);
}

#[test]
fn agentphone_numbers_default_page_size_blocking() {
    let server = server(45);
    let numbers: Vec<Number> =
        OffsetPage::<Number>::iter(reqwest::blocking::Client::new().get(server.url("/v1/numbers")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(numbers.len(), 45);
    assert_eq!(
        server.request_count(),
        3,
        "default limit 20: 20 + 20 + 5, hasMore false ends"
    );
}

#[tokio::test]
async fn agentphone_messages_by_received_at() {
    let server = server(333);
    let messages: Vec<Message> =
        MessagesPage::stream(reqwest::Client::new().get(server.url("/v1/numbers/num_000001/messages")))
            .page_size(50)
            .try_collect()
            .await
            .unwrap();
    // Newest first.
    assert_eq!(
        messages.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        ids("msg_", 6, (1..=333).rev())
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 7);
    assert!(requests[0].params("before").is_empty());
    assert_eq!(requests[1].params("before"), [messages[49].received_at.clone()]);
}

#[test]
fn agentphone_messages_blocking() {
    let server = server(120);
    let messages: Vec<Message> =
        MessagesPage::iter(reqwest::blocking::Client::new().get(server.url("/v1/numbers/n/messages")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        messages.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        ids("msg_", 6, (1..=120).rev())
    );
}

// Airclou: cursor, has_more, filters kept by the cursor, invalid cursor.

#[tokio::test]
async fn airclou_users_by_cursor_with_filters_and_sort() {
    let server = server(250);
    let request = reqwest::Client::new()
        .get(server.url("/playbook/api/v1/users?role=admin&sort=created_at&order=desc"))
        .bearer_auth("secret");
    let users: Vec<User> = UsersPage::stream(request)
        .page_size(25)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = (1..=250u64)
        .rev()
        .filter(|id| id % 3 == 0)
        .map(|id| format!("usr_{id:03}"))
        .collect();
    assert_eq!(users.iter().map(|u| u.id.clone()).collect::<Vec<_>>(), expected);
    for request in server.requests() {
        assert_eq!(request.params("role"), ["admin"]);
        assert_eq!(request.params("order"), ["desc"]);
        assert_eq!(request.params("limit"), ["25"]);
        assert!(request.params("cursor").len() <= 1);
        assert_eq!(request.header("authorization"), Some("Bearer secret"));
    }
}

#[test]
fn airclou_users_blocking_and_empty_result() {
    let server = server(0);
    let client = reqwest::blocking::Client::new();
    let users: Vec<User> = UsersPage::iter(client.get(server.url("/playbook/api/v1/users")))
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(users.is_empty());

    let server = self::server(130);
    let users: Vec<User> = UsersPage::iter(client.get(server.url("/playbook/api/v1/users")))
        .page_size(100)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        users.iter().map(|u| u.id.clone()).collect::<Vec<_>>(),
        ids("usr_", 3, 1..=130)
    );
}

#[tokio::test]
async fn airclou_expired_cursor_is_a_typed_error_after_the_first_page() {
    let server = MockServer::start(MockConfig {
        cursor_ttl: std::time::Duration::ZERO,
        ..MockConfig::with_records(120)
    });
    let mut stream =
        UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users"))).page_size(50);
    for _ in 0..50 {
        stream.try_next().await.unwrap().unwrap();
    }
    match stream.try_next().await.map_err(paginated::Error::into_kind) {
        Err(ErrorKind::CursorRejected {
            status: 400, body, ..
        }) => assert!(body.contains("invalid_cursor"), "{body}"),
        other => panic!("expected CursorRejected, got {other:?}"),
    }
}

#[tokio::test]
async fn airclou_page_size_over_the_limit_is_clamped_not_rejected() {
    let server = server(150);
    let users: Vec<User> =
        UsersPage::stream(reqwest::Client::new().get(server.url("/playbook/api/v1/users")))
            .page_size(1000)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(users.len(), 150);
    assert!(server.requests().iter().all(|r| r.params("limit") == ["100"]));
}

// Attio: limit/offset GET, limit/offset in a POST body, cursor.

#[tokio::test]
async fn attio_notes_stop_at_the_short_page() {
    let server = server(122);
    let notes: Vec<Note> = NotesPage::stream(reqwest::Client::new().get(server.url("/v2/notes")))
        .page_size(50)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        notes.iter().map(|n| n.id.note_id.clone()).collect::<Vec<_>>(),
        ids("note_", 6, 1..=122)
    );
    // Exactly the three requests the documentation lists: offsets 0, 50, 100; 22 < 50 ends.
    let offsets: Vec<_> = server.requests().iter().map(|r| r.params("offset")).collect();
    assert_eq!(offsets, [["0"], ["50"], ["100"]]);
}

#[test]
fn attio_notes_with_limit_in_the_request_blocking() {
    let server = server(60);
    let client = reqwest::blocking::Client::new();
    let notes: Vec<Note> = NotesPage::iter(client.get(server.url("/v2/notes?limit=25")))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(notes.len(), 60);
    // The limit already in the request is the page size: 25 + 25 + 10 ends without a fourth request.
    assert_eq!(server.request_count(), 3);
    assert!(server.requests().iter().all(|r| r.params("limit") == ["25"]));
}

#[tokio::test]
async fn attio_people_query_pages_in_the_post_body_keeping_the_filter() {
    let server = server(400);
    let request = reqwest::Client::new()
        .post(server.url("/v2/objects/people/records/query"))
        .header("content-type", "application/json")
        .body(r#"{"filter":{"role":"member"},"limit":999}"#);
    let people: Vec<Person> = PeoplePage::stream(request)
        .page_size(50)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = (1..=400u64)
        .filter(|id| id % 3 == 1)
        .map(|id| format!("person_{id:06}"))
        .collect();
    assert_eq!(
        people.iter().map(|p| p.id.record_id.clone()).collect::<Vec<_>>(),
        expected
    );
    for (index, request) in server.requests().iter().enumerate() {
        let body: serde_json::Value = serde_json::from_str(&request.body).unwrap();
        assert_eq!(body["filter"]["role"], "member");
        assert_eq!(body["limit"], 50);
        assert_eq!(body["offset"], index as u64 * 50);
        assert!(request.query.is_empty());
    }
}

#[test]
fn attio_meetings_by_cursor_blocking() {
    let server = server(230);
    let meetings: Vec<Meeting> =
        MeetingsPage::iter(reqwest::blocking::Client::new().get(server.url("/v2/meetings?limit=50")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        meetings
            .iter()
            .map(|m| m.id.meeting_id.clone())
            .collect::<Vec<_>>(),
        ids("meeting_", 6, 1..=230)
    );
    assert!(server.requests().iter().all(|r| r.params("limit") == ["50"]));
}

// The leads API: page/pageSize, hasNextPage, filters before pagination, clamping.

#[tokio::test]
async fn leads_by_page_with_filters() {
    let server = server(500);
    let request = reqwest::Client::new()
        .get(server.url("/api/v1/leads"))
        .query(&[("status", "won"), ("search", "record 0001")]);
    let leads: Vec<Lead> = LeadsPage::stream(request)
        .page_size(7)
        .try_collect()
        .await
        .unwrap();
    let expected: Vec<String> = (100..=199u64)
        .rev()
        .filter(|id| id % 4 == 2)
        .map(|id| format!("lead_{id:06}"))
        .collect();
    assert_eq!(leads.iter().map(|l| l.id.clone()).collect::<Vec<_>>(), expected);
    assert!(server
        .requests()
        .iter()
        .all(|r| r.params("status") == ["won"] && r.params("pageSize") == ["7"]));
}

#[test]
fn leads_page_size_above_100_is_clamped_blocking() {
    let server = server(350);
    let leads: Vec<Lead> = LeadsPage::iter(reqwest::blocking::Client::new().get(server.url("/api/v1/leads")))
        .page_size(250)
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        leads.iter().map(|l| l.id.clone()).collect::<Vec<_>>(),
        ids("lead_", 6, (1..=350).rev())
    );
    let pages: Vec<_> = server
        .requests()
        .iter()
        .map(|r| (r.params("page"), r.params("pageSize")))
        .collect();
    assert_eq!(pages.len(), 4);
    assert!(pages.iter().all(|(_, size)| size == &["100"]));
}

// GitHub: Link header.

#[tokio::test]
async fn github_issues_follow_the_link_header() {
    let server = server(205);
    let issues: Vec<Issue> =
        IssuesPage::stream(reqwest::Client::new().get(server.url("/repos/octo/hello/issues?state=open")))
            .page_size(100)
            .try_collect()
            .await
            .unwrap();
    assert_eq!(
        issues.iter().map(|i| i.number).collect::<Vec<_>>(),
        (1..=205).collect::<Vec<_>>()
    );
    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests
        .iter()
        .all(|r| r.params("state") == ["open"] && r.params("per_page") == ["100"]));
}

#[test]
fn github_issues_blocking() {
    let server = server(61);
    let issues: Vec<Issue> =
        IssuesPage::iter(reqwest::blocking::Client::new().get(server.url("/repos/octo/hello/issues")))
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(issues.len(), 61);
    assert_eq!(server.request_count(), 3, "default per_page 30");
}

/// AgentPhone messages with a compound key: `receivedAt` and `id`, for timestamps that repeat.
#[derive(Debug, serde::Deserialize, Paginate)]
#[paginate(
    keyset = "received_at, id",
    keyset_param = "before, before_id",
    has_more = "has_more",
    max_page_size = 200
)]
struct MessagesByKeyPage {
    data: Vec<Message>,
    #[serde(rename = "hasMore")]
    has_more: bool,
}

fn coarse_timestamps(records: u64) -> MockServer {
    MockServer::start(MockConfig {
        timestamp_granularity: std::time::Duration::from_secs(86_400),
        ..MockConfig::with_records(records)
    })
}

#[tokio::test]
async fn agentphone_messages_with_repeated_timestamps_need_a_compound_key() {
    // 1,000 messages over a year, timestamps rounded to the day: about three per timestamp.
    let server = coarse_timestamps(1_000);
    let url = server.url("/v1/numbers/n/messages");
    let client = reqwest::Client::new();
    let messages: Vec<Message> = MessagesByKeyPage::stream(client.get(&url))
        .page_size(50)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(
        messages.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        ids("msg_", 6, (1..=1_000).rev())
    );
    let second = &server.requests()[1];
    assert_eq!(second.params("before"), [messages[49].received_at.clone()]);
    assert_eq!(second.params("before_id"), [messages[49].id.clone()]);

    // The documented single-field cursor skips the messages that share the last timestamp of a page.
    let single: Vec<Message> = MessagesPage::stream(client.get(&url))
        .page_size(50)
        .try_collect()
        .await
        .unwrap();
    assert!(
        single.len() < 1_000,
        "ties at page boundaries are lost: {}",
        single.len()
    );
}

#[test]
fn agentphone_messages_compound_key_blocking() {
    let server = coarse_timestamps(300);
    let messages: Vec<Message> =
        MessagesByKeyPage::iter(reqwest::blocking::Client::new().get(server.url("/v1/numbers/n/messages")))
            .page_size(40)
            .collect::<Result<_, _>>()
            .unwrap();
    assert_eq!(
        messages.iter().map(|m| m.id.clone()).collect::<Vec<_>>(),
        ids("msg_", 6, (1..=300).rev())
    );
}
