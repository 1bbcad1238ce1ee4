//! The two ways a walk runs: [`Async`] walks are polled as streams, [`Blocking`] walks are iterated.
//! The walk types are generic over their mode, so every setting is written once; what differs
//! between the modes (the transport's interface and the engine that drives it) is chosen here.

use crate::engine::async_engine::{AsyncEngine, EngineSettings};
use crate::engine::blocking_engine::BlockingEngine;
use crate::engine::driver::Driver;
use crate::engine::fetch::{Fetch, FetchBlocking};
use crate::engine::options::Options;
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::walk::Endpoint;

/// The mode of walks polled as a `futures::Stream`, under any executor.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Async;

/// The mode of walks iterated as a blocking `Iterator`, on the calling thread.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Blocking;

/// [`Async`] or [`Blocking`]: the mode a walk runs in.
pub trait Mode: sealed::ModeImpl {}

impl Mode for Async {}
impl Mode for Blocking {}

pub(crate) mod sealed {
    use super::*;

    /// What a mode chooses: its transports' interface and its engine.
    pub trait ModeImpl: Sized + Send + Sync + 'static {
        /// The transport of a walk in this mode.
        type Source<T: 'static>: ?Sized;
        /// The engine of a walk in this mode.
        type Engine<T: 'static>;

        fn endpoint<T: 'static>(source: &Self::Source<T>) -> Endpoint;
        fn start<T: 'static>(
            source: Box<Self::Source<T>>,
            driver: Driver<T>,
            options: &Options,
        ) -> Self::Engine<T>;
        fn checkpoint<T: 'static>(engine: &Self::Engine<T>, consumed: Option<u64>) -> Checkpoint;
    }

    impl ModeImpl for Async {
        type Source<T: 'static> = dyn Fetch<T>;
        type Engine<T: 'static> = AsyncEngine<T>;

        fn endpoint<T: 'static>(source: &Self::Source<T>) -> Endpoint {
            source.endpoint()
        }
        fn start<T: 'static>(
            source: Box<Self::Source<T>>,
            driver: Driver<T>,
            options: &Options,
        ) -> Self::Engine<T> {
            let settings = EngineSettings {
                pacer: options.pacer.clone(),
                concurrency: options.concurrency,
                prefetch: options.prefetch,
            };
            AsyncEngine::new(source, driver, settings)
        }
        fn checkpoint<T: 'static>(engine: &Self::Engine<T>, consumed: Option<u64>) -> Checkpoint {
            engine.checkpoint(consumed)
        }
    }

    impl ModeImpl for Blocking {
        type Source<T: 'static> = dyn FetchBlocking<T>;
        type Engine<T: 'static> = BlockingEngine<T>;

        fn endpoint<T: 'static>(source: &Self::Source<T>) -> Endpoint {
            source.endpoint()
        }
        fn start<T: 'static>(
            source: Box<Self::Source<T>>,
            driver: Driver<T>,
            options: &Options,
        ) -> Self::Engine<T> {
            BlockingEngine::new(source, driver, options.pacer.clone())
        }
        fn checkpoint<T: 'static>(engine: &Self::Engine<T>, consumed: Option<u64>) -> Checkpoint {
            engine.checkpoint(consumed)
        }
    }
}
