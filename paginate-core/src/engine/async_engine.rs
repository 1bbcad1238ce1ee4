//! The async engine: a poll-driven state machine around the shared [`Driver`]: pace, fetch (with a
//! deadline), back off, accept. Fetches are polled in place, never spawned: no task per page, no
//! runtime required, and a panic in a transport unwinds into the consumer's poll like any other.

use std::collections::VecDeque;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use crate::engine::detach::detach;
use crate::engine::driver::Driver;
use crate::engine::fetch::{describe, Fetch, Fetcher, PageFuture};
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
/// request, in a slot reused page after page; behind it, with `.concurrency(n)`, requests predicted
/// from the known total.
pub struct AsyncEngine<T> {
    source: Box<dyn Fetch<T>>,
    driver: Driver<T>,
    settings: EngineSettings,
    /// The fetch of the walk's next request (idle between a page and the next fetch).
    front: InFlight<T>,
    /// The fetches of the requests predicted to follow it, in walk order.
    ahead: VecDeque<InFlight<T>>,
    backoff: Option<Sleep>,
    /// The alarm that wakes the walk for the earliest deadline of the fetches waiting (see
    /// [`AsyncEngine::poll_deadlines`]).
    alarm: Option<Alarm>,
    /// When the last page was handed out with fetches still waiting, to learn how long the consumer
    /// takes over a page.
    handed_out: Option<Instant>,
    /// How long the consumer took over the last page it had, and how long the last fetch waited on
    /// its transport: whether detaching the next fetches is worth a task (see [`Engine::detach`]).
    consumer_took: Option<Duration>,
    last_wait: Option<Duration>,
}

/// A sleep, and the instant it ends.
struct Alarm {
    sleep: Sleep,
    at: Instant,
}

/// One request on its way: waiting for its pacing slot, then fetching under its deadline.
struct InFlight<T> {
    /// Whether the slot holds a fetch.
    active: bool,
    /// A predicted request; `None` for the walk's next request, which the driver holds.
    predicted: Option<PageRequest>,
    timeout: Duration,
    paced: Option<Sleep>,
    /// Fetches the slot's requests, one after the other, in the same memory.
    fetcher: Box<dyn Fetcher<T>>,
    /// A fetch is under way: in the fetcher, or detached.
    fetching: bool,
    /// The fetch under way, running on without the walk being polled (see [`detach`]).
    detached: Option<PageFuture<T>>,
    /// When the fetch first had to wait (its deadline counts from then: an instant answer needs no
    /// clock), and for how long it waited in all.
    waiting_since: Option<Instant>,
    waited: Option<Duration>,
    /// The fetch's outcome once it has one (polled into place: a page is large).
    outcome: Poll<Result<ReceivedPage<T>>>,
}

impl<T: 'static> AsyncEngine<T> {
    pub(crate) fn new(source: Box<dyn Fetch<T>>, driver: Driver<T>, settings: EngineSettings) -> Self {
        AsyncEngine {
            front: InFlight::idle(source.fetcher()),
            source,
            driver,
            ahead: VecDeque::with_capacity(settings.concurrency.saturating_sub(1)),
            settings,
            backoff: None,
            alarm: None,
            handed_out: None,
            consumer_took: None,
            last_wait: None,
        }
    }

    pub(crate) fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        self.driver.checkpoint(consumed)
    }

    /// Drops every fetch in flight.
    fn clear(&mut self) {
        self.front.end();
        self.ahead.clear();
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
                    self.clear();
                    return Poll::Ready(None);
                }
                Some(Err(error)) => {
                    self.clear();
                    return Poll::Ready(Some(Err(error)));
                }
                Some(Ok(())) => self.fill(cx),
            }
            // Every fetch in flight progresses; the front one decides.
            let front_done = self.front.advance(&self.driver, &mut self.alarm, cx);
            for slot in &mut self.ahead {
                slot.advance(&self.driver, &mut self.alarm, cx);
            }
            if !front_done {
                if self.poll_deadlines(cx) {
                    // The front fetch timed out: its outcome is there.
                    continue;
                }
                return Poll::Pending;
            }
            let front = &mut self.front;
            // A wait the clock cannot see (a frozen clock in tests) says nothing.
            if front.waited.is_some_and(|waited| !waited.is_zero()) {
                self.last_wait = front.waited;
            }
            // An answer at the first poll had nothing to overlap with the consumer's work, unless it
            // came over a network.
            let waited = front.waiting_since.is_some() || self.source.networked();
            // A page is accepted where it lies, in its slot: it is large, and moving it costs.
            let accepted = match &mut front.outcome {
                Poll::Ready(Ok(received)) => Ok(self.driver.accept(received)),
                outcome => Err(std::mem::replace(outcome, Poll::Pending)),
            };
            front.end();
            match accepted {
                Ok(Some(page)) => {
                    if self.settings.prefetch && waited && self.driver.ready_to_prefetch() {
                        // The next page is requested now, while the consumer works on this one. A
                        // source that answered at once (in memory) is asked when the consumer asks.
                        self.fill(cx);
                    }
                    self.detach();
                    return Poll::Ready(Some(Ok(page)));
                }
                Ok(None) => {}
                Err(Poll::Ready(Err(error))) => {
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
        let ahead_waiting = !self.ahead.is_empty() && self.ahead.iter().any(InFlight::waiting);
        if !self.front.waiting() && !ahead_waiting {
            return;
        }
        let consumer_works = match (self.consumer_took, self.last_wait) {
            (Some(took), Some(wait)) => took.saturating_mul(16) >= wait,
            _ => true,
        };
        if consumer_works {
            self.front.detach();
            self.ahead.iter_mut().for_each(InFlight::detach);
        }
        self.handed_out = Some(self.driver.timer().now());
    }

    /// Makes sure the walk's next request is being fetched, and fills up to the concurrency with
    /// predicted requests; each new fetch is polled once at once, so its request goes out now.
    fn fill(&mut self, cx: &mut Context<'_>) {
        let Some(next) = self.driver.request() else {
            return;
        };
        if !self.front.active {
            let predicted_next = self
                .ahead
                .front()
                .is_some_and(|slot| slot.predicted.as_ref() == Some(next));
            match self.ahead.pop_front() {
                // A prediction that held: its fetch is the front now.
                Some(slot) if predicted_next => self.front = slot,
                // A prediction missed (a short page, a clamped size) or a retry: the state machine
                // decides.
                _ => {
                    if !self.ahead.is_empty() {
                        self.ahead.clear();
                    }
                    let timeout = self.driver.attempt_timeout();
                    let paced = self.pace();
                    self.front.begin(timeout, paced);
                    self.front.advance(&self.driver, &mut self.alarm, cx);
                }
            }
        }
        while 1 + self.ahead.len() < self.settings.concurrency {
            let last = match self.ahead.back() {
                Some(slot) => slot.predicted.as_ref(),
                None => self.driver.request(),
            };
            let Some(predicted) = last.and_then(|last| self.driver.predict(last)) else {
                break;
            };
            let timeout = self.driver.attempt_deadline();
            let paced = self.pace();
            let mut slot = InFlight::idle(self.source.fetcher());
            slot.predicted = Some(predicted);
            slot.begin(timeout, paced);
            self.ahead.push_back(slot);
            if let Some(slot) = self.ahead.back_mut() {
                slot.advance(&self.driver, &mut self.alarm, cx);
            }
        }
    }

    /// Ends the fetches whose deadline passed when the alarm rings, and sets it again for the
    /// earliest deadline still ahead; `true` when the front fetch timed out. One alarm serves every
    /// fetch and is kept from one fetch to the next: a fetch whose deadline is no earlier than the
    /// alarm needs no timer of its own (see [`InFlight::advance`]).
    fn poll_deadlines(&mut self, cx: &mut Context<'_>) -> bool {
        loop {
            let Some(alarm) = &mut self.alarm else {
                return false;
            };
            if alarm.sleep.as_mut().poll(cx).is_pending() {
                return false;
            }
            self.alarm = None;
            let timer = self.driver.timer();
            let now = timer.now();
            let (source, driver) = (&*self.source, &self.driver);
            let front_timed_out = self.front.time_out_by(now, source, driver);
            for slot in &mut self.ahead {
                slot.time_out_by(now, source, driver);
            }
            if front_timed_out {
                return true;
            }
            // It rang for a fetch that has finished since: set it for the next deadline.
            if let Some(earliest) = std::iter::once(&self.front)
                .chain(&self.ahead)
                .filter_map(InFlight::deadline)
                .min()
            {
                self.alarm = Some(Alarm {
                    sleep: timer.sleep(earliest.saturating_duration_since(now)),
                    at: earliest,
                });
            }
        }
    }

    /// The wait for the next request's pacing slot, if it has to wait.
    fn pace(&self) -> Option<Sleep> {
        let timer = self.driver.timer();
        self.settings.pacer.as_ref().and_then(|pacer| {
            let wait = pacer.reserve_at(timer.now());
            (!wait.is_zero()).then(|| timer.sleep(wait))
        })
    }
}

impl<T: 'static> InFlight<T> {
    /// A slot without a fetch, fetching with `fetcher`.
    fn idle(fetcher: Box<dyn Fetcher<T>>) -> Self {
        InFlight {
            active: false,
            predicted: None,
            timeout: Duration::ZERO,
            paced: None,
            fetcher,
            fetching: false,
            detached: None,
            waiting_since: None,
            waited: None,
            outcome: Poll::Pending,
        }
    }

    /// Starts a fetch in this idle slot, field by field (a slot is large): of its `predicted`
    /// request, or of the walk's next one when it has none.
    fn begin(&mut self, timeout: Duration, paced: Option<Sleep>) {
        self.active = true;
        self.timeout = timeout;
        self.paced = paced;
        self.waiting_since = None;
        self.waited = None;
    }

    /// Ends the slot's fetch, dropping what is left of it.
    fn end(&mut self) {
        self.active = false;
        self.predicted = None;
        self.paced = None;
        self.stop();
        self.outcome = Poll::Pending;
    }

    /// Drops the fetch under way, if any.
    fn stop(&mut self) {
        if self.fetching {
            self.fetcher.cancel();
            self.detached = None;
            self.fetching = false;
        }
    }

    /// Whether the fetch is waiting on its transport, in the walk.
    fn waiting(&self) -> bool {
        self.fetching && self.detached.is_none()
    }

    /// A fetch waiting on its transport keeps going while the walk is not polled.
    fn detach(&mut self)
    where
        T: Send + 'static,
    {
        if !self.waiting() {
            return;
        }
        if let Some(fetch) = self.fetcher.take() {
            self.detached = Some(detach(fetch));
        }
    }

    /// Polls the fetch; `true` once it has an outcome (never for an idle slot). The first time it
    /// has to wait, its deadline starts, and `alarm` is set for it unless it rings before.
    #[inline]
    fn advance(&mut self, driver: &Driver<T>, alarm: &mut Option<Alarm>, cx: &mut Context<'_>) -> bool {
        // The front fetch is asked again after it answered at its first poll (in `fill`): that
        // answer costs no call.
        self.outcome.is_ready() || (self.active && self.poll_fetch(driver, alarm, cx))
    }

    /// [`InFlight::advance`] for an active slot without an outcome.
    fn poll_fetch(&mut self, driver: &Driver<T>, alarm: &mut Option<Alarm>, cx: &mut Context<'_>) -> bool {
        if let Some(paced) = &mut self.paced {
            if paced.as_mut().poll(cx).is_pending() {
                return false;
            }
            self.paced = None;
        }
        if !self.fetching {
            let Some(request) = self.predicted.as_ref().or(driver.request()) else {
                self.outcome = Poll::Ready(Err(ErrorKind::Protocol {
                    reason: "a fetch was started after the walk ended".into(),
                }
                .into()));
                return true;
            };
            self.fetcher.start(request, self.timeout);
            self.fetching = true;
        }
        match &mut self.detached {
            Some(fetch) => self.outcome = fetch.as_mut().poll(cx),
            None => self.fetcher.poll_fetch(cx, &mut self.outcome),
        }
        if self.outcome.is_ready() {
            self.fetching = false;
            self.detached = None;
            if let Some(since) = self.waiting_since {
                self.waited = Some(driver.timer().now().saturating_duration_since(since));
            }
            return true;
        }
        if self.waiting_since.is_none() {
            driver.page_waiting();
            let timer = driver.timer();
            let now = timer.now();
            self.waiting_since = Some(now);
            if let Some(deadline) = now.checked_add(self.timeout) {
                if alarm.as_ref().is_none_or(|alarm| alarm.at > deadline) {
                    *alarm = Some(Alarm {
                        sleep: timer.sleep(self.timeout),
                        at: deadline,
                    });
                }
            }
        }
        false
    }

    /// When the fetch times out, once it waits on its transport (never, past the clock's range).
    fn deadline(&self) -> Option<Instant> {
        let since = self.waiting_since.filter(|_| self.fetching)?;
        since.checked_add(self.timeout)
    }

    /// Ends the fetch with a timeout if its deadline is `now` or earlier; says whether it did.
    fn time_out_by(&mut self, now: Instant, source: &dyn Fetch<T>, driver: &Driver<T>) -> bool {
        if self.deadline().is_none_or(|deadline| deadline > now) {
            return false;
        }
        self.stop();
        self.outcome = Poll::Ready(Err(ErrorKind::Timeout {
            url: match self.predicted.as_ref().or(driver.request()) {
                Some(request) => describe(request, &source.endpoint()),
                None => "-".into(),
            },
            limit: Some(self.timeout),
            scope: TimeoutScope::Attempt,
        }
        .into()));
        true
    }
}
