//! The server, on top of the routes and the shared state: it assembles the router from the route
//! families, wraps it in the fault layer, and runs it on a thread of its own (so it serves async and
//! blocking clients alike).

use std::net::{SocketAddr, TcpListener};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use serde_json::json;

use crate::faults::Injected;
use crate::state::{Decrement, RecordedRequest, RequestNumber, Shared};
use crate::{apis, hostile, MockConfig};

/// Largest request body the server reads.
const MAX_REQUEST_BODY: usize = 1 << 20;

/// A running mock server on `127.0.0.1` (port chosen by the OS). Stops when dropped.
///
/// ```
/// use paginated_mock::{MockConfig, MockServer};
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
        let shared = Arc::new(Shared::new(config, format!("http://{addr}")));
        // Each route family carries its own state beside the shared one, so they meet only here.
        let router = apis::routes(shared.clone())
            .merge(hostile::routes(shared.clone()))
            .layer(middleware::from_fn_with_state(shared.clone(), inject_faults));
        let (shutdown, stop) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name(format!("paginated-mock {addr}"))
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

    /// Forgets the recorded requests (and so resets [`max_in_flight`](Self::max_in_flight)).
    pub fn clear_requests(&self) {
        self.shared.log().clear();
    }

    /// The largest [`RecordedRequest::in_flight`] among the recorded requests: how many requests the
    /// server handled at once, at most, since it started or since [`clear_requests`](Self::clear_requests).
    /// `0` when no request was recorded.
    ///
    /// ```
    /// use paginated_mock::{MockConfig, MockServer};
    /// let server = MockServer::start(MockConfig::with_records(10));
    /// for _ in 0..3 {
    ///     reqwest::blocking::get(server.url("/v1/agents")).unwrap();
    /// }
    /// // One request after the other: never more than one at a time.
    /// assert_eq!(server.max_in_flight(), 1);
    /// ```
    pub fn max_in_flight(&self) -> usize {
        self.shared
            .log()
            .iter()
            .map(|request| request.in_flight)
            .max()
            .unwrap_or(0)
    }

    /// How many requests the server is handling now (see [`RecordedRequest::in_flight`]).
    pub fn in_flight(&self) -> usize {
        self.shared.in_flight.load(Ordering::SeqCst)
    }

    /// Closes the gate: from now on every request is recorded on arrival as usual, then waits at the
    /// gate, before the latency, the fault layer and the handler, until [`resume`](Self::resume) (or
    /// until the server is dropped). Tests use it to prove what a client sent while it had no answer
    /// yet: that it asked for page N+1 while the consumer still held page N, or that it had four
    /// requests out at once ([`max_in_flight`](Self::max_in_flight)).
    ///
    /// ```
    /// use std::time::Duration;
    /// use paginated_mock::{MockConfig, MockServer};
    /// let server = MockServer::start(MockConfig::with_records(100));
    /// server.pause();
    /// let clients: Vec<_> = (0..4)
    ///     .map(|page| {
    ///         let url = server.url(&format!("/api/v1/leads?pageSize=10&page={}", page + 1));
    ///         std::thread::spawn(move || reqwest::blocking::get(url).unwrap().status())
    ///     })
    ///     .collect();
    /// // All four are recorded, none is answered.
    /// assert!(server.wait_held(4, Duration::from_secs(30)));
    /// assert_eq!(server.request_count(), 4);
    /// assert_eq!(server.max_in_flight(), 4);
    /// server.resume();
    /// for client in clients {
    ///     assert_eq!(client.join().unwrap(), 200);
    /// }
    /// assert_eq!(server.held(), 0);
    /// ```
    pub fn pause(&self) {
        self.shared.paused.send_replace(true);
    }

    /// Lets the next `requests` requests through, then closes the gate as [`pause`](Self::pause)
    /// does: the request after them, and every one after it, waits. A test stops a client at a known
    /// place this way (after its third page, say), by counting requests rather than timing them.
    ///
    /// ```
    /// use std::time::Duration;
    /// use paginated_mock::{MockConfig, MockServer};
    /// let server = MockServer::start(MockConfig::with_records(100));
    /// server.pause_after(2);
    /// let url = server.url("/v1/agents");
    /// let client = std::thread::spawn(move || {
    ///     (0..3).map(|_| reqwest::blocking::get(&url).unwrap().status()).collect::<Vec<_>>()
    /// });
    /// assert!(server.wait_held(1, Duration::from_secs(30)));
    /// assert_eq!(server.request_count(), 3, "two answered, the third held");
    /// server.resume();
    /// assert_eq!(client.join().unwrap().len(), 3);
    /// ```
    pub fn pause_after(&self, requests: u64) {
        let received = self.shared.counter.load(Ordering::SeqCst);
        (self.shared.pause_from).store(
            received.saturating_add(requests).saturating_add(1),
            Ordering::SeqCst,
        );
    }

    /// Opens the gate [`pause`](Self::pause) or [`pause_after`](Self::pause_after) closed: the held
    /// requests proceed, new ones pass.
    pub fn resume(&self) {
        self.shared.pause_from.store(u64::MAX, Ordering::SeqCst);
        self.shared.paused.send_replace(false);
    }

    /// Whether the gate is closed.
    pub fn is_paused(&self) -> bool {
        *self.shared.paused.borrow()
    }

    /// How many requests are waiting at the gate now.
    pub fn held(&self) -> usize {
        *self.shared.held.borrow()
    }

    /// Blocks the calling thread until at least `count` requests wait at the gate; `false` if `timeout`
    /// passed first. Don't call it on the thread that drives the client (an async test's own task):
    /// use [`until_held`](Self::until_held) there.
    pub fn wait_held(&self, count: usize, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while self.held() < count {
            if Instant::now() >= deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
        true
    }

    /// Resolves once at least `count` requests wait at the gate. Works on any executor; it never
    /// resolves if the requests never come, so wrap it in a timeout.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use paginated_mock::{MockConfig, MockServer};
    /// let server = MockServer::start(MockConfig::with_records(10));
    /// server.pause();
    /// let client = reqwest::Client::new();
    /// let request = client.get(server.url("/v1/agents")).send();
    /// let ((), response) = tokio::join!(
    ///     async {
    ///         server.until_held(1).await;
    ///         server.resume();
    ///     },
    ///     request,
    /// );
    /// assert_eq!(response.unwrap().status(), 200);
    /// # }
    /// ```
    pub async fn until_held(&self, count: usize) {
        let mut held = self.shared.held.subscribe();
        let _ = held.wait_for(|held| *held >= count).await;
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
        // Release the held requests and the handlers that never answer, so the graceful shutdown ends.
        self.shared.stopping.send_replace(true);
        self.shared.paused.send_replace(false);
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

/// Counts the request in flight, records it, holds it while the gate is closed, waits the configured
/// latency, and injects the configured faults.
async fn inject_faults(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    let in_flight = shared.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    let _in_flight = Decrement(|| {
        shared.in_flight.fetch_sub(1, Ordering::SeqCst);
    });
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
        in_flight,
    });
    let faults = &shared.config.faults;
    if faults
        .insert_every
        .is_some_and(|n| n > 0 && number.is_multiple_of(n))
    {
        shared.insert_record();
    }
    shared.pass_gate(number).await;
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

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::testing::get;
    use crate::{MockConfig, MockServer};

    #[test]
    fn sequential_requests_are_alone_in_flight() {
        let server = MockServer::start(MockConfig::with_records(10));
        for _ in 0..3 {
            assert_eq!(get(&server.url("/v1/agents")).status, 200);
        }
        let in_flight: Vec<usize> = server
            .requests()
            .iter()
            .map(|request| request.in_flight)
            .collect();
        assert_eq!(in_flight, [1, 1, 1]);
        assert_eq!(server.max_in_flight(), 1);
        assert_eq!(server.in_flight(), 0);
        server.clear_requests();
        assert_eq!(server.max_in_flight(), 0);
    }

    #[test]
    fn four_held_requests_are_in_flight_together() {
        let server = MockServer::start(MockConfig::with_records(100));
        server.pause();
        assert!(server.is_paused());
        let clients: Vec<_> = (1..=4)
            .map(|page| {
                let url = server.url(&format!("/api/v1/leads?pageSize=10&page={page}"));
                std::thread::spawn(move || get(&url))
            })
            .collect();
        assert!(server.wait_held(4, Duration::from_secs(60)));
        // Recorded on arrival, not answered.
        assert_eq!(server.request_count(), 4);
        assert_eq!(server.in_flight(), 4);
        let mut arrivals: Vec<usize> = server
            .requests()
            .iter()
            .map(|request| request.in_flight)
            .collect();
        arrivals.sort_unstable();
        assert_eq!(arrivals, [1, 2, 3, 4]);
        assert_eq!(server.max_in_flight(), 4);
        server.resume();
        let mut pages: Vec<u64> = clients
            .into_iter()
            .map(|client| {
                let reply = client.join().unwrap();
                assert_eq!(reply.status, 200);
                reply.json()["pagination"]["page"].as_u64().unwrap()
            })
            .collect();
        pages.sort_unstable();
        assert_eq!(pages, [1, 2, 3, 4]);
        assert_eq!(server.held(), 0);
        // The gate is open again: the next request passes alone.
        assert_eq!(get(&server.url("/v1/agents")).status, 200);
        assert_eq!(server.requests().last().unwrap().in_flight, 1);
        assert_eq!(server.max_in_flight(), 4);
        server.clear_requests();
        assert_eq!(server.max_in_flight(), 0);
    }

    #[test]
    fn dropping_a_paused_server_releases_its_requests() {
        let server = MockServer::start(MockConfig::with_records(10));
        server.pause();
        let url = server.url("/v1/agents");
        let client = std::thread::spawn(move || get(&url).status);
        assert!(server.wait_held(1, Duration::from_secs(60)));
        drop(server);
        assert_eq!(client.join().unwrap(), 200);
    }

    #[test]
    fn wait_held_gives_up() {
        let server = MockServer::start(MockConfig::with_records(10));
        server.pause();
        assert!(!server.wait_held(1, Duration::from_millis(5)));
        assert!(server.wait_held(0, Duration::ZERO));
    }
}
