//! The blocking engine: the same [`Driver`] as the async one, one request at a time, sleeping the
//! thread through the walk's timer. No runtime is started underneath.

use crate::engine::driver::Driver;
use crate::engine::fetch::FetchBlocking;
use crate::engine::pacing::Pacer;
use crate::error::Result;
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::page::Page;

/// The blocking engine.
pub struct BlockingEngine<T> {
    source: Box<dyn FetchBlocking<T>>,
    driver: Driver<T>,
    pacer: Option<Pacer>,
}

impl<T: 'static> BlockingEngine<T> {
    pub(crate) fn new(source: Box<dyn FetchBlocking<T>>, driver: Driver<T>, pacer: Option<Pacer>) -> Self {
        BlockingEngine {
            source,
            driver,
            pacer,
        }
    }

    pub(crate) fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        self.driver.checkpoint(consumed)
    }

    pub(crate) fn next_page(&mut self) -> Option<Result<Page<T>>> {
        loop {
            if let Err(error) = self.driver.ready()? {
                return Some(Err(error));
            }
            let request = self.driver.request()?;
            if let Some(pacer) = &self.pacer {
                let timer = self.driver.timer();
                let wait = pacer.reserve_at(timer.now());
                if !wait.is_zero() {
                    timer.sleep_blocking(wait);
                }
            }
            if self.source.waits() {
                self.driver.page_waiting();
            }
            // The page is accepted where the fetch returned it (`ref mut`: it is large).
            match self.source.fetch(request, self.driver.attempt_timeout()) {
                Ok(ref mut received) => {
                    if let Some(page) = self.driver.accept(received) {
                        return Some(Ok(page));
                    }
                }
                Err(error) => {
                    if let Some(delay) = self.driver.on_failure(error) {
                        if !delay.is_zero() {
                            self.driver.timer().sleep_blocking(delay);
                        }
                    }
                }
            }
        }
    }
}
