//! The server: its shared state, the fault layer, and the lifecycle on a thread of its own (so it serves
//! async and blocking clients alike).

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::json;

use crate::data::{records, Record};
use crate::faults::Injected;
use crate::MockConfig;

/// Largest request body the server reads.
const MAX_REQUEST_BODY: usize = 1 << 20;

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

/// The number of the request being handled (from 1), for faults scheduled by request.
#[derive(Clone, Copy)]
pub(crate) struct RequestNumber(pub(crate) u64);

/// State shared by every handler.
pub(crate) struct Shared {
    pub(crate) config: MockConfig,
    pub(crate) base_url: String,
    /// Server start, UNIX seconds: the issue time written into cursors.
    pub(crate) started: u64,
    records: RwLock<Vec<Record>>,
    requests: Mutex<Vec<RecordedRequest>>,
    counter: AtomicU64,
    clock: Instant,
}

impl Shared {
    pub(crate) fn records(&self) -> std::sync::RwLockReadGuard<'_, Vec<Record>> {
        self.records
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn insert_record(&self) {
        let mut records = self
            .records
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let last = records.last().cloned().unwrap_or_else(|| Record::generate(0, 1));
        let mut record = Record::generate(last.id + 1, self.config.records.max(1));
        record.created_at = last.created_at + 1;
        records.push(record);
    }

    fn log(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        self.requests
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
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

/// A running mock server on `127.0.0.1` (port chosen by the OS). Stops when dropped.
///
/// ```
/// use paginate_mock::{MockConfig, MockServer};
/// let server = MockServer::start(MockConfig::with_records(30));
/// let body = reqwest::blocking::get(server.url("/api/v1/leads?pageSize=20&page=2")).unwrap().text().unwrap();
/// let body: serde_json::Value = serde_json::from_str(&body).unwrap();
/// assert_eq!(body["pagination"]["hasNextPage"], false);
/// assert_eq!(server.requests()[0].params("page"), ["2"]);
/// ```
pub struct MockServer {
    shared: Arc<Shared>,
    addr: SocketAddr,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl MockServer {
    /// Starts a server on its own thread and runtime; returns once it accepts connections.
    pub fn start(config: MockConfig) -> MockServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let addr = listener.local_addr().expect("local address");
        let started = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        let shared = Arc::new(Shared {
            records: RwLock::new(records(config.records)),
            config,
            base_url: format!("http://{addr}"),
            started,
            requests: Mutex::new(Vec::new()),
            counter: AtomicU64::new(0),
            clock: Instant::now(),
        });
        let router = crate::apis::routes()
            .layer(middleware::from_fn_with_state(shared.clone(), inject_faults))
            .with_state(shared.clone());
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name(format!("paginate-mock {addr}"))
            .spawn(move || serve(listener, router, stop))
            .expect("spawn the server thread");
        MockServer {
            shared,
            addr,
            shutdown: Some(shutdown),
        }
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The absolute URL of `path_and_query`.
    pub fn url(&self, path_and_query: &str) -> String {
        format!("{}{path_and_query}", self.shared.base_url)
    }

    /// The socket address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.shared.log().clone()
    }

    /// Number of requests received so far.
    pub fn request_count(&self) -> usize {
        self.shared.log().len()
    }

    /// Forgets the recorded requests.
    pub fn clear_requests(&self) {
        self.shared.log().clear();
    }

    /// Creates one record now (as another client of the API would), newer than all others.
    pub fn insert_record(&self) {
        self.shared.insert_record();
    }

    /// Number of records now.
    pub fn record_count(&self) -> usize {
        self.shared.records().len()
    }
}

impl Drop for MockServer {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

fn serve(listener: TcpListener, router: Router, stop: tokio::sync::oneshot::Receiver<()>) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("mock server runtime");
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
        let server = axum::serve(listener, router).with_graceful_shutdown(async move {
            let _ = stop.await;
        });
        let _ = server.await;
    });
}

/// Records the request, waits the configured latency, and injects the configured faults.
async fn inject_faults(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let number = shared.counter.fetch_add(1, Ordering::SeqCst) + 1;
    let (parts, body) = request.into_parts();
    let body = axum::body::to_bytes(body, MAX_REQUEST_BODY)
        .await
        .unwrap_or_default();
    shared.log().push(RecordedRequest {
        method: parts.method.to_string(),
        path: parts.uri.path().to_owned(),
        query: parts.uri.query().unwrap_or_default().to_owned(),
        body: String::from_utf8_lossy(&body).into_owned(),
        headers: parts
            .headers
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_str().unwrap_or_default().to_owned()))
            .collect(),
        at: shared.clock.elapsed(),
    });
    let faults = &shared.config.faults;
    if faults
        .insert_every
        .is_some_and(|n| n > 0 && number.is_multiple_of(n))
    {
        shared.insert_record();
    }
    if !shared.config.latency.is_zero() {
        tokio::time::sleep(shared.config.latency).await;
    }
    let mut request = Request::from_parts(parts, Body::from(body));
    request.extensions_mut().insert(RequestNumber(number));
    let response = match faults.decide(number, random(faults.seed, number)) {
        Injected::None => next.run(request).await,
        Injected::Status(status) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (status, axum::Json(json!({"error": "injected server error"}))).into_response()
        }
        Injected::RateLimited(retry_after) => {
            let mut response = (
                StatusCode::TOO_MANY_REQUESTS,
                axum::Json(json!({"error": "rate_limited"})),
            )
                .into_response();
            if let Ok(value) = HeaderValue::from_str(&retry_after) {
                response.headers_mut().insert("retry-after", value);
            }
            response
        }
        Injected::Drop => {
            let broken = futures::stream::once(async {
                Err::<Bytes, std::io::Error>(std::io::Error::other("injected connection drop"))
            });
            Response::new(Body::from_stream(broken))
        }
        Injected::Truncate => {
            let (parts, body) = next.run(request).await.into_parts();
            let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
            let mut parts = parts;
            parts.headers.remove("content-length");
            Response::from_parts(parts, Body::from(body.slice(..body.len() / 2)))
        }
    };
    match faults.pad_body_to {
        Some(size) => pad(response, size).await,
        None => response,
    }
}

/// Pads a JSON body with trailing spaces (still valid JSON) up to `size` bytes.
async fn pad(response: Response, size: usize) -> Response {
    let (mut parts, body) = response.into_parts();
    let body = axum::body::to_bytes(body, usize::MAX).await.unwrap_or_default();
    let mut padded = body.to_vec();
    padded.resize(size.max(body.len()), b' ');
    parts.headers.remove("content-length");
    Response::from_parts(parts, Body::from(padded))
}

/// A reproducible number in `[0, 1)` for request `number` (splitmix64).
fn random(seed: u64, number: u64) -> f64 {
    let mut z = seed.wrapping_add(number.wrapping_mul(0x9E37_79B9_7F4A_7C15));
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}
