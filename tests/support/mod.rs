//! Envelopes of the emulated APIs, declared exactly as their documentation shows them, shared by the
//! integration tests.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use paginated::{DefaultTimer, Error, ErrorKind, Paginate, Sleep, Timer};
use paginated_mock::{Faults, MockConfig, MockServer};
use serde::Deserialize;

/// The kind of the error a walk yielded, if it yielded one.
pub fn kind_of<T>(outcome: &Option<Result<T, Error>>) -> Option<&ErrorKind> {
    match outcome {
        Some(Err(error)) => Some(error.kind()),
        _ => None,
    }
}

/// A timer that records every sleep a walk asks for (backoff, pacing, deadlines), then sleeps for
/// real: tests assert on what was asked, never on elapsed time.
#[derive(Clone, Default)]
pub struct RecordingTimer {
    sleeps: Arc<Mutex<Vec<Duration>>>,
    /// A clock that stands still, so schedules computed from it (pacing) are exact.
    frozen: Option<Instant>,
}

impl RecordingTimer {
    /// A recording timer whose clock stands still: every pacing slot is computed from the same instant.
    pub fn frozen() -> Self {
        RecordingTimer {
            frozen: Some(Instant::now()),
            ..RecordingTimer::default()
        }
    }

    /// Every sleep asked for, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }

    /// The sleeps shorter than `deadline`: the waits, without the attempts' deadlines.
    pub fn waits_under(&self, deadline: Duration) -> Vec<Duration> {
        self.sleeps()
            .into_iter()
            .filter(|sleep| *sleep < deadline)
            .collect()
    }
}

impl Timer for RecordingTimer {
    fn now(&self) -> Instant {
        self.frozen.unwrap_or_else(Instant::now)
    }

    fn sleep(&self, duration: Duration) -> Sleep {
        self.sleeps.lock().unwrap().push(duration);
        DefaultTimer.sleep(duration)
    }

    fn sleep_blocking(&self, duration: Duration) {
        self.sleeps.lock().unwrap().push(duration);
        std::thread::sleep(duration);
    }
}

/// A mock server with `records` records and `faults`.
pub fn faulty(records: u64, faults: Faults) -> MockServer {
    MockServer::start(MockConfig {
        faults,
        ..MockConfig::with_records(records)
    })
}

/// Aircall, following `meta.next_page_link`.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "calls",
    next_url = "meta.next_page_link",
    total = "meta.total",
    limit_param = "per_page",
    max_page_size = 50
)]
pub struct CallsPage {
    pub calls: Vec<Call>,
    pub meta: AircallMeta,
}

/// Aircall, by page number.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    items = "contacts",
    page = "meta.current_page",
    total = "meta.total",
    max_page_size = 50
)]
pub struct ContactsPage {
    pub contacts: Vec<Contact>,
    pub meta: AircallMeta,
}

#[derive(Debug, Deserialize)]
pub struct AircallMeta {
    pub count: u64,
    pub total: u64,
    pub current_page: u64,
    pub per_page: u64,
    pub next_page_link: Option<String>,
    pub previous_page_link: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Call {
    pub id: u64,
    pub direction: String,
    pub started_at: i64,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Contact {
    pub id: u64,
    pub created_at: i64,
}

/// AgentPhone offset endpoints: a generic envelope over the item type.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(offset, has_more = "has_more", total = "total", max_page_size = 100)]
pub struct OffsetPage<T> {
    pub data: Vec<T>,
    #[serde(rename = "hasMore")]
    pub has_more: bool,
    pub total: Option<u64>,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Number {
    pub id: String,
    #[serde(rename = "phoneNumber")]
    pub phone_number: String,
}

/// AgentPhone messages: keyset on the last item's `receivedAt`, sent back as `before`.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    keyset = "received_at",
    keyset_param = "before",
    has_more = "has_more",
    max_page_size = 200
)]
pub struct MessagesPage {
    pub data: Vec<Message>,
    #[serde(rename = "hasMore")]
    pub has_more: bool,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Message {
    pub id: String,
    #[serde(rename = "receivedAt")]
    pub received_at: String,
}

/// Airclou: cursor with `has_more` and a capped `total_count`.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    cursor = "pagination.next_cursor",
    has_more = "pagination.has_more",
    total = "pagination.total_count",
    max_page_size = 100
)]
pub struct UsersPage {
    pub data: Vec<User>,
    pub pagination: AirclouPagination,
}

#[derive(Debug, Deserialize)]
pub struct AirclouPagination {
    pub next_cursor: Option<String>,
    pub has_more: bool,
    pub total_count: u64,
}

#[derive(Debug, Deserialize, PartialEq, Clone)]
pub struct User {
    pub id: String,
    pub email: String,
    pub role: String,
}

/// Attio `GET /v2/notes`: the end is a page shorter than `limit`.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(offset, max_page_size = 50)]
pub struct NotesPage {
    pub data: Vec<Note>,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Note {
    pub id: NoteId,
    pub title: String,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct NoteId {
    pub note_id: String,
}

/// Attio `POST /v2/objects/people/records/query`: limit and offset in the JSON body.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(offset, params_in = "body", max_page_size = 500)]
pub struct PeoplePage {
    pub data: Vec<Person>,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Person {
    pub id: PersonId,
    pub values: PersonValues,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct PersonId {
    pub record_id: String,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct PersonValues {
    pub role: String,
}

/// Attio `GET /v2/meetings`: cursor only.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(cursor = "pagination.next_cursor", max_page_size = 200)]
pub struct MeetingsPage {
    pub data: Vec<Meeting>,
    pub pagination: MeetingsPagination,
}

#[derive(Debug, Deserialize)]
pub struct MeetingsPagination {
    pub next_cursor: Option<String>,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Meeting {
    pub id: MeetingId,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct MeetingId {
    pub meeting_id: String,
}

/// The leads API: page numbers, `hasNextPage` authoritative, the echoed page checked to advance.
#[derive(Debug, Deserialize, Paginate)]
#[paginate(
    page = "pagination.page",
    has_more = "pagination.has_next_page",
    total = "pagination.total",
    total_pages = "pagination.total_pages",
    per_page_param = "pageSize",
    max_page_size = 100
)]
pub struct LeadsPage {
    pub data: Vec<Lead>,
    pub pagination: LeadsPagination,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeadsPagination {
    pub page: u64,
    pub page_size: u64,
    pub total: u64,
    pub total_pages: u64,
    pub has_next_page: bool,
    pub has_prev_page: bool,
}

#[derive(Debug, Deserialize, PartialEq, Clone)]
pub struct Lead {
    pub id: String,
    pub status: String,
}

/// GitHub: a bare array body and the `Link` header.
#[derive(Debug, Deserialize, Paginate)]
#[serde(transparent)]
#[paginate(link_header, limit_param = "per_page", max_page_size = 100)]
pub struct IssuesPage {
    pub items: Vec<Issue>,
}

#[derive(Debug, Deserialize, PartialEq)]
pub struct Issue {
    pub number: u64,
}

/// `prefix_000042`-style ids `from..=to`.
pub fn ids(prefix: &str, width: usize, range: impl IntoIterator<Item = u64>) -> Vec<String> {
    range
        .into_iter()
        .map(|id| format!("{prefix}{id:0width$}"))
        .collect()
}
