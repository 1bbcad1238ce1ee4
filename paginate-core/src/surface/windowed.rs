//! Window-split walks over a capped API's time range, async ([`Windowed`]) and blocking
//! ([`BlockingWindowed`]): the engine's [`WindowWalk`] decides, these loops only move pages from each
//! window's walk to it.

use std::ops::Range;

use crate::engine::driver::Delivered;
use crate::engine::options::Options;
use crate::engine::window::WindowWalk;
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::error::{Error, Result};
use crate::protocol::walk::Endpoint;
use crate::surface::page::Envelope;

/// Hands one outcome of a window's walk to the window walk: items to yield, `Ok(None)` when that
/// window's walk is done (finished or split) and the next window starts, or the error that ends the
/// walk.
fn step<T>(walk: &mut WindowWalk<T>, outcome: Option<Result<Delivered<T>>>) -> Result<Option<Delivered<T>>> {
    let failed = |walk: &mut WindowWalk<T>, error: Error| walk.on_error(error).map_or(Ok(None), Err);
    match outcome {
        Some(Ok(page)) => walk.on_page(page).or_else(|error| failed(walk, error)),
        Some(Err(error)) => failed(walk, error),
        None => {
            walk.window_done();
            Ok(None)
        }
    }
}

/// The window walk of a walk over `envelope`, or the error that prevents it.
fn window_walk<T>(
    envelope: &Envelope,
    range: &Range<i64>,
    options: &Options,
    dedupe: Option<Box<dyn crate::engine::dedupe::Dedupe<T>>>,
) -> Result<WindowWalk<T>> {
    WindowWalk::new(
        range.clone(),
        envelope.spec,
        envelope.name.clone(),
        options,
        dedupe,
    )
}

/// The checkpoint of a window-split walk that has not started: the one it resumes from, or the start
/// of its range.
fn checkpoint_before_start<T>(envelope: &Envelope, range: &Range<i64>, options: &Options) -> Checkpoint {
    if let Some(checkpoint) = &options.resume {
        return checkpoint.clone();
    }
    match window_walk::<T>(envelope, range, options, None) {
        Ok(walk) => walk.checkpoint(None),
        // Without a cap there is no window walk: its checkpoint is the start of a plain walk.
        Err(_) => envelope.checkpoint_before_start::<T>(options, Endpoint::default(), None),
    }
}

#[cfg(feature = "async")]
pub use self::stream::Windowed;

#[cfg(feature = "async")]
mod stream {
    use std::ops::Range;
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use futures_core::Stream;

    use super::{checkpoint_before_start, step, window_walk};
    use crate::engine::dedupe::Dedupe;
    use crate::engine::fetch::Fetch;
    use crate::engine::options::Options;
    use crate::engine::stream::Engine;
    use crate::engine::window::{Window, WindowWalk};
    use crate::protocol::checkpoint::Checkpoint;
    use crate::protocol::error::Result;
    use crate::surface::options::{async_options, shared_options};
    use crate::surface::page::{Envelope, ItemCursor};
    use crate::surface::stream::start_engine;

    type MakeSource<T> = Box<dyn Fn(Window) -> Box<dyn Fetch<T>> + Send + Sync>;

    /// An async walk over a time range of a capped API, window by window; a `Stream<Item = Result<T>>`.
    /// From [`Paginate::windows`](crate::Paginate::windows).
    #[must_use = "a paginator does nothing until polled"]
    pub struct Windowed<T> {
        envelope: Envelope,
        make: MakeSource<T>,
        range: Range<i64>,
        options: Options,
        dedupe: Option<Box<dyn Dedupe<T>>>,
        run: Option<Run<T>>,
        failed: bool,
    }

    struct Run<T> {
        walk: WindowWalk<T>,
        inner: Option<Engine<T>>,
        cursor: ItemCursor<T>,
    }

    impl<T: Send + 'static> Windowed<T> {
        pub(crate) fn new(
            envelope: Envelope,
            range: Range<i64>,
            make: impl Fn(Window) -> Box<dyn Fetch<T>> + Send + Sync + 'static,
        ) -> Self {
            Windowed {
                envelope,
                make: Box::new(make),
                range,
                options: Options::default(),
                dedupe: None,
                run: None,
                failed: false,
            }
        }

        shared_options!(options ; dedupe);
        async_options!(options);

        /// Where the walk stands after the last item yielded: the window and the position inside it.
        pub fn checkpoint(&self) -> Checkpoint {
            match &self.run {
                Some(run) => run.walk.checkpoint(
                    run.inner
                        .as_ref()
                        .map(|inner| inner.checkpoint(run.cursor.consumed())),
                ),
                None => checkpoint_before_start::<T>(&self.envelope, &self.range, &self.options),
            }
        }
    }

    impl<T: Send + 'static> Stream for Windowed<T> {
        type Item = Result<T>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = &mut *self;
            if this.failed {
                return Poll::Ready(None);
            }
            if this.run.is_none() {
                match window_walk(&this.envelope, &this.range, &this.options, this.dedupe.take()) {
                    Ok(walk) => {
                        this.run = Some(Run {
                            walk,
                            inner: None,
                            cursor: ItemCursor::default(),
                        })
                    }
                    Err(error) => {
                        this.failed = true;
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
            let Some(run) = &mut this.run else {
                return Poll::Ready(None);
            };
            loop {
                if let Some(item) = run.cursor.next() {
                    return Poll::Ready(Some(Ok(item)));
                }
                let inner = match &mut run.inner {
                    Some(inner) => inner,
                    None => match run.walk.next_window() {
                        Some((window, options)) => run.inner.insert(start_engine(
                            &this.envelope,
                            (this.make)(window),
                            options,
                            None,
                            false,
                        )),
                        None => return Poll::Ready(None),
                    },
                };
                let outcome = match inner.poll_page(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(outcome) => outcome,
                };
                match step(&mut run.walk, outcome) {
                    Ok(Some(page)) => run.cursor.load(page),
                    Ok(None) => run.inner = None,
                    Err(error) => {
                        run.inner = None;
                        this.failed = true;
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
        }
    }

    impl<T> Unpin for Windowed<T> {}
}

#[cfg(feature = "reqwest-blocking")]
pub use self::blocking::BlockingWindowed;

#[cfg(feature = "reqwest-blocking")]
mod blocking {
    use std::ops::Range;

    use super::{checkpoint_before_start, step, window_walk};
    use crate::engine::blocking::BlockingEngine;
    use crate::engine::dedupe::Dedupe;
    use crate::engine::fetch::FetchBlocking;
    use crate::engine::options::Options;
    use crate::engine::window::{Window, WindowWalk};
    use crate::protocol::checkpoint::Checkpoint;
    use crate::protocol::error::Result;
    use crate::surface::blocking::start_blocking_engine;
    use crate::surface::options::shared_options;
    use crate::surface::page::{Envelope, ItemCursor};

    type MakeSource<T> = Box<dyn Fn(Window) -> Box<dyn FetchBlocking<T>> + Send>;

    /// A blocking walk over a time range of a capped API, window by window; an
    /// `Iterator<Item = Result<T>>`. From [`Paginate::windows_blocking`](crate::Paginate::windows_blocking).
    #[must_use = "a paginator does nothing until iterated"]
    pub struct BlockingWindowed<T> {
        envelope: Envelope,
        make: MakeSource<T>,
        range: Range<i64>,
        options: Options,
        dedupe: Option<Box<dyn Dedupe<T>>>,
        run: Option<Run<T>>,
        failed: bool,
    }

    struct Run<T> {
        walk: WindowWalk<T>,
        inner: Option<BlockingEngine<T>>,
        cursor: ItemCursor<T>,
    }

    impl<T: 'static> BlockingWindowed<T> {
        pub(crate) fn new(
            envelope: Envelope,
            range: Range<i64>,
            make: impl Fn(Window) -> Box<dyn FetchBlocking<T>> + Send + 'static,
        ) -> Self {
            BlockingWindowed {
                envelope,
                make: Box::new(make),
                range,
                options: Options::default(),
                dedupe: None,
                run: None,
                failed: false,
            }
        }

        shared_options!(options ; dedupe);

        /// Where the walk stands after the last item yielded: the window and the position inside it.
        pub fn checkpoint(&self) -> Checkpoint {
            match &self.run {
                Some(run) => run.walk.checkpoint(
                    run.inner
                        .as_ref()
                        .map(|inner| inner.checkpoint(run.cursor.consumed())),
                ),
                None => checkpoint_before_start::<T>(&self.envelope, &self.range, &self.options),
            }
        }
    }

    impl<T: 'static> Iterator for BlockingWindowed<T> {
        type Item = Result<T>;

        fn next(&mut self) -> Option<Self::Item> {
            if self.failed {
                return None;
            }
            if self.run.is_none() {
                match window_walk(&self.envelope, &self.range, &self.options, self.dedupe.take()) {
                    Ok(walk) => {
                        self.run = Some(Run {
                            walk,
                            inner: None,
                            cursor: ItemCursor::default(),
                        })
                    }
                    Err(error) => {
                        self.failed = true;
                        return Some(Err(error));
                    }
                }
            }
            let run = self.run.as_mut()?;
            loop {
                if let Some(item) = run.cursor.next() {
                    return Some(Ok(item));
                }
                let inner = match &mut run.inner {
                    Some(inner) => inner,
                    None => {
                        let (window, options) = run.walk.next_window()?;
                        run.inner.insert(start_blocking_engine(
                            &self.envelope,
                            (self.make)(window),
                            options,
                            None,
                            false,
                        ))
                    }
                };
                match step(&mut run.walk, inner.next_page()) {
                    Ok(Some(page)) => run.cursor.load(page),
                    Ok(None) => run.inner = None,
                    Err(error) => {
                        run.inner = None;
                        self.failed = true;
                        return Some(Err(error));
                    }
                }
            }
        }
    }
}
