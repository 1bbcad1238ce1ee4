//! The state every route shares, below the routes and the server: the records, the request log, the
//! pause gate and the counters. It imports no route module, so routes and server can both build on it.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use tokio::sync::watch;

use crate::data::{records, Record};
use crate::MockConfig;

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The raw query string (empty when none).
    pub query: String,
    /// The request body, as text.
    pub body: String,
    /// Request headers, names lowercase.
    pub headers: Vec<(String, String)>,
    /// When the request arrived, since the server started.
    pub at: Duration,
    /// How many requests the server was handling when this one arrived, this one included: `1` means
    /// it was alone. A request counts from the moment it enters the server's first layer until its
    /// response value is ready (after the [pause gate](crate::MockServer::pause), the latency and the
    /// handler), or until its client hangs up first; a streamed body still being sent
    /// (`/hostile/trickle`, `/hostile/short-body`) no longer counts.
    pub in_flight: usize,
}

impl RecordedRequest {
    /// Every value of query parameter `name`, decoded, in order.
    pub fn params(&self, name: &str) -> Vec<String> {
        serde_urlencoded::from_str::<Vec<(String, String)>>(&self.query)
            .unwrap_or_default()
            .into_iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value)
            .collect()
    }

    /// The value of header `name` (lowercase), if present.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Runs its closure when dropped: undoes a count even when a request's future is dropped midway (a
/// client that hangs up).
pub(crate) struct Decrement<F: FnMut()>(pub(crate) F);

impl<F: FnMut()> Drop for Decrement<F> {
    fn drop(&mut self) {
        (self.0)();
    }
}

/// The number of the request being handled (from 1), for faults scheduled by request.
#[derive(Clone, Copy)]
pub(crate) struct RequestNumber(pub(crate) u64);

/// State shared by every handler, and by the server that drives the gate and the log. State that only
/// one family of routes uses (Elasticsearch contexts, Salesforce locators, hostile counters) lives with
/// those routes instead, so this module needs none of them.
pub(crate) struct Shared {
    /// What the server serves and how it misbehaves.
    pub(crate) config: MockConfig,
    /// `http://127.0.0.1:PORT`.
    pub(crate) base_url: String,
    /// Server start, UNIX seconds: the issue time written into cursors.
    pub(crate) started: u64,
    /// The data set; grows when records are inserted.
    records: RwLock<Vec<Record>>,
    /// Every request received, in order.
    requests: Mutex<Vec<RecordedRequest>>,
    /// Requests received so far: the last request's number.
    pub(crate) counter: AtomicU64,
    /// Server start, for [`RecordedRequest::at`].
    pub(crate) clock: Instant,
    /// Requests being handled now.
    pub(crate) in_flight: AtomicUsize,
    /// `true` while responses are held.
    pub(crate) paused: watch::Sender<bool>,
    /// The number of the first request that closes the gate on arrival (`u64::MAX`: none).
    pub(crate) pause_from: AtomicU64,
    /// Requests waiting at the gate now.
    pub(crate) held: watch::Sender<usize>,
    /// `true` once the server is dropped: handlers that wait forever give up.
    pub(crate) stopping: watch::Sender<bool>,
    /// A server-wide sequence, for tokens that must never repeat.
    sequence: AtomicU64,
}

impl Shared {
    /// The state of a server starting now at `base_url`.
    pub(crate) fn new(config: MockConfig, base_url: String) -> Shared {
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Shared {
            records: RwLock::new(records(config.records)),
            config,
            base_url,
            started,
            requests: Mutex::new(Vec::new()),
            counter: AtomicU64::new(0),
            clock: Instant::now(),
            in_flight: AtomicUsize::new(0),
            paused: watch::Sender::new(false),
            pause_from: AtomicU64::new(u64::MAX),
            held: watch::Sender::new(0),
            stopping: watch::Sender::new(false),
            sequence: AtomicU64::new(0),
        }
    }

    /// The records now.
    pub(crate) fn records(&self) -> std::sync::RwLockReadGuard<'_, Vec<Record>> {
        self.records
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Creates one record, newer than all others.
    pub(crate) fn insert_record(&self) {
        let mut records = self
            .records
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let last = records.last().cloned().unwrap_or_else(|| Record::generate(0, 1));
        let mut record = Record::generate(last.id + 1, self.config.records.max(1));
        record.created_at = last.created_at + 1;
        records.push(record);
    }

    /// The request log.
    pub(crate) fn log(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The next number of the server-wide sequence (from 1).
    pub(crate) fn next_sequence(&self) -> u64 {
        self.sequence.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// Resolves once the server is being dropped.
    pub(crate) async fn stopped(&self) {
        let mut stopping = self.stopping.subscribe();
        let _ = stopping.wait_for(|stopping| *stopping).await;
    }

    /// Waits while the gate is closed (see [`MockServer::pause`](crate::MockServer::pause)); request
    /// `number` closes it first when [`MockServer::pause_after`](crate::MockServer::pause_after) says
    /// so.
    pub(crate) async fn pass_gate(&self, number: u64) {
        if number >= self.pause_from.load(Ordering::SeqCst) {
            self.paused.send_replace(true);
        }
        let mut paused = self.paused.subscribe();
        if !*paused.borrow_and_update() {
            return;
        }
        self.held.send_modify(|held| *held += 1);
        let _held = Decrement(|| self.held.send_modify(|held| *held -= 1));
        let resumed = async {
            let _ = paused.wait_for(|paused| !paused).await;
        };
        futures::future::select(Box::pin(resumed), Box::pin(self.stopped())).await;
    }

    /// The origin next-page links point at.
    pub(crate) fn link_origin(&self) -> &str {
        self.config
            .faults
            .foreign_next_origin
            .as_deref()
            .unwrap_or(&self.base_url)
    }
}
