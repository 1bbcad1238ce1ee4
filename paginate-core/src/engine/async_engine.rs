//! The async engine: a poll-driven state machine around the shared [`Driver`]: pace, fetch (with a
//! deadline), back off, accept. Fetches are polled in place, never spawned: no task per page, no
//! runtime required, and a panic in a transport unwinds into the consumer's poll like any other.

use std::collections::VecDeque;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::engine::detach::detach;
use crate::engine::driver::Driver;
use crate::engine::fetch::{describe, Fetch, PageFuture};
use crate::engine::pacing::Pacer;
use crate::engine::timer::Sleep;
use crate::error::{ErrorKind, Result, TimeoutScope};
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::page::{Page, ReceivedPage};
use crate::protocol::request::PageRequest;

/// Settings of the async engine.
pub(crate) struct EngineSettings {
    pub(crate) pacer: Option<Pacer>,
    pub(crate) concurrency: usize,
    pub(crate) prefetch: bool,
}

/// The async engine: requests in flight, in walk order. The front is always the state machine's next
/// request; behind it, with `.concurrency(n)`, requests predicted from the known total.
pub struct AsyncEngine<T> {
    source: Box<dyn Fetch<T>>,
    driver: Driver<T>,
    settings: EngineSettings,
    in_flight: VecDeque<InFlight<T>>,
    backoff: Option<Sleep>,
    /// When the last page was handed out with fetches still waiting, to learn how long the consumer
    /// takes over a page.
    handed_out: Option<Instant>,
    /// How long the consumer took over the last page it had, and how long the last fetch waited on
    /// its transport: whether detaching the next fetches is worth a task (see [`Engine::detach`]).
    consumer_took: Option<Duration>,
    last_wait: Option<Duration>,
}

/// One request on its way: waiting for its pacing slot, then fetching under its deadline.
struct InFlight<T> {
    /// A predicted request; `None` for the walk's next request, which the driver holds.
    predicted: Option<PageRequest>,
    timeout: Duration,
    paced: Option<Sleep>,
    future: Option<PageFuture<T>>,
    /// Armed the first time the fetch has to wait: an instant answer needs no timer.
    deadline: Option<Sleep>,
    /// The fetch runs on without the walk being polled (see [`detach`]).
    detached: bool,
    /// When the fetch first had to wait, and for how long it waited in all.
    waiting_since: Option<Instant>,
    waited: Option<Duration>,
    outcome: Option<Result<ReceivedPage<T>>>,
}

impl<T> AsyncEngine<T> {
    pub(crate) fn new(source: Box<dyn Fetch<T>>, driver: Driver<T>, settings: EngineSettings) -> Self {
        AsyncEngine {
            source,
            driver,
            settings,
            in_flight: VecDeque::new(),
            backoff: None,
            handed_out: None,
            consumer_took: None,
            last_wait: None,
        }
    }

    pub(crate) fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        self.driver.checkpoint(consumed)
    }
}

impl<T: Send + 'static> AsyncEngine<T> {
    pub(crate) fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Page<T>>>> {
        if let Some(handed_out) = self.handed_out.take() {
            self.consumer_took = Some(self.driver.timer().now().saturating_duration_since(handed_out));
        }
        loop {
            if let Some(backoff) = &mut self.backoff {
                if backoff.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                self.backoff = None;
            }
            match self.driver.ready() {
                None => {
                    self.in_flight.clear();
                    return Poll::Ready(None);
                }
                Some(Err(error)) => {
                    self.in_flight.clear();
                    return Poll::Ready(Some(Err(error)));
                }
                Some(Ok(())) => self.fill(cx),
            }
            // Every fetch in flight progresses; the front one decides.
            let mut front_done = false;
            for (index, slot) in self.in_flight.iter_mut().enumerate() {
                let done = slot.advance(&*self.source, &self.driver, cx);
                if index == 0 {
                    front_done = done;
                }
            }
            if !front_done {
                return Poll::Pending;
            }
            let front = self.in_flight.front_mut().expect("a fetch is in flight");
            // A wait the clock cannot see (a frozen clock in tests) says nothing.
            if front.waited.is_some_and(|waited| !waited.is_zero()) {
                self.last_wait = front.waited;
            }
            // A page is accepted where it lies, in its slot: it is large, and moving it costs.
            let accepted = match &mut front.outcome {
                Some(Ok(received)) => Ok(self.driver.accept(received)),
                outcome => Err(outcome.take()),
            };
            // Dropped in place, not moved out.
            self.in_flight.drain(..1);
            match accepted {
                Ok(Some(page)) => {
                    if self.settings.prefetch && self.driver.ready_to_prefetch() {
                        // The next page is requested now, while the consumer works on this one.
                        self.fill(cx);
                    }
                    self.detach();
                    return Poll::Ready(Some(Ok(page)));
                }
                Ok(None) => {}
                Err(Some(Err(error))) => {
                    if let Some(delay) = self.driver.on_failure(error) {
                        if !delay.is_zero() {
                            self.backoff = Some(self.driver.timer().sleep(delay));
                        }
                    }
                }
                Err(_) => unreachable!("the front fetch is done"),
            }
        }
    }

    /// Called as a page is handed out. Nothing polls the walk while the consumer works on it, so fetches
    /// still waiting go on by themselves, as tasks: on the first page, and whenever the consumer took
    /// at least a sixteenth of the last fetch's wait over its last page. A consumer that comes
    /// straight back polls them itself, sooner than a task would report: for it, a task per page
    /// would only add a hand-over between threads. What a fetch left in place can lose is bounded by
    /// that sixteenth; on a pooled connection its request leaves and its response arrives without
    /// further polls anyway.
    fn detach(&mut self) {
        if !self.in_flight.iter().any(InFlight::waiting) {
            return;
        }
        let consumer_works = match (self.consumer_took, self.last_wait) {
            (Some(took), Some(wait)) => took.saturating_mul(16) >= wait,
            _ => true,
        };
        if consumer_works {
            self.in_flight.iter_mut().for_each(InFlight::detach);
        }
        self.handed_out = Some(self.driver.timer().now());
    }

    /// Makes the walk's next request the front of the requests in flight and fills up to the
    /// concurrency with predicted requests; each new fetch is polled once at once, so its request goes
    /// out now.
    fn fill(&mut self, cx: &mut Context<'_>) {
        let Some(next) = self.driver.request() else {
            return;
        };
        let front_is_next = self.in_flight.front().is_some_and(|slot| match &slot.predicted {
            None => true,
            Some(predicted) => predicted == next,
        });
        if !front_is_next {
            // A prediction missed (a short page, a clamped size) or a retry: the state machine decides.
            self.in_flight.clear();
            let timeout = self.driver.attempt_timeout();
            self.start(None, timeout, cx);
        }
        while self.in_flight.len() < self.settings.concurrency {
            let Some(last) = self.in_flight.back() else { break };
            let Some(last) = last.predicted.as_ref().or(self.driver.request()) else {
                break;
            };
            match self.driver.predict(last) {
                Some(predicted) => {
                    let timeout = self.driver.attempt_deadline();
                    self.start(Some(predicted), timeout, cx)
                }
                None => break,
            }
        }
    }

    /// Starts a fetch of `predicted`, or of the walk's next request.
    fn start(&mut self, predicted: Option<PageRequest>, timeout: Duration, cx: &mut Context<'_>) {
        let timer = self.driver.timer();
        let paced = self.settings.pacer.as_ref().and_then(|pacer| {
            let wait = pacer.reserve_at(timer.now());
            (!wait.is_zero()).then(|| timer.sleep(wait))
        });
        let mut slot = InFlight {
            predicted,
            timeout,
            paced,
            future: None,
            deadline: None,
            detached: false,
            waiting_since: None,
            waited: None,
            outcome: None,
        };
        slot.advance(&*self.source, &self.driver, cx);
        self.in_flight.push_back(slot);
    }
}

impl<T: Send + 'static> InFlight<T> {
    /// Whether the fetch is waiting on its transport, in the walk.
    fn waiting(&self) -> bool {
        self.future.is_some() && !self.detached
    }

    /// A fetch waiting on its transport keeps going while the walk is not polled.
    fn detach(&mut self) {
        if self.detached {
            return;
        }
        if let Some(future) = self.future.take() {
            self.future = Some(detach(future));
            self.detached = true;
        }
    }

    /// Polls the fetch; `true` once it has an outcome.
    fn advance(&mut self, source: &dyn Fetch<T>, driver: &Driver<T>, cx: &mut Context<'_>) -> bool {
        if self.outcome.is_some() {
            return true;
        }
        if let Some(paced) = &mut self.paced {
            if paced.as_mut().poll(cx).is_pending() {
                return false;
            }
            self.paced = None;
        }
        let future = match &mut self.future {
            Some(future) => future,
            None => {
                let Some(request) = self.predicted.as_ref().or(driver.request()) else {
                    self.outcome = Some(Err(ErrorKind::Protocol {
                        reason: "a fetch was started after the walk ended".into(),
                    }
                    .into()));
                    return true;
                };
                self.future.insert(source.fetch(request, self.timeout))
            }
        };
        if let Poll::Ready(outcome) = future.as_mut().poll(cx) {
            self.future = None;
            self.deadline = None;
            if let Some(since) = self.waiting_since {
                self.waited = Some(driver.timer().now().saturating_duration_since(since));
            }
            self.outcome = Some(outcome);
            return true;
        }
        let limit = self.timeout;
        let waiting_since = &mut self.waiting_since;
        let deadline = self.deadline.get_or_insert_with(|| {
            driver.page_waiting();
            let timer = driver.timer();
            *waiting_since = Some(timer.now());
            timer.sleep(limit)
        });
        if deadline.as_mut().poll(cx).is_pending() {
            return false;
        }
        self.future = None;
        self.outcome = Some(Err(ErrorKind::Timeout {
            url: match self.predicted.as_ref().or(driver.request()) {
                Some(request) => describe(request, &source.endpoint()),
                None => "-".into(),
            },
            limit: Some(limit),
            scope: TimeoutScope::Attempt,
        }
        .into()));
        true
    }
}
