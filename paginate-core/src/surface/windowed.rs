//! Window-split walks over a capped API's time range, async ([`Windowed`]) and blocking
//! ([`BlockingWindowed`]): the engine's [`WindowWalk`] decides, these loops only move pages from each
//! window's walk to it.

use std::ops::Range;

use crate::engine::options::Options;
use crate::engine::window::{WindowStep, WindowWalk};
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::error::{Error, Result};
use crate::surface::paginate::{envelope_name, Paginate};

/// What the window loop does after handing a page (or the end, or an error) of a window's walk to
/// the [`WindowWalk`].
enum Next<T> {
    /// Items to yield.
    Items(crate::engine::driver::Delivered<T>),
    /// The window's walk is done (finished or split): start the next window.
    NextWindow,
    /// The walk ends with this error.
    Fail(Error),
}

/// Hands one outcome of a window's walk to the window walk.
fn step<T>(
    walk: &mut WindowWalk<T>,
    outcome: Option<Result<crate::engine::driver::Delivered<T>>>,
) -> Next<T> {
    match outcome {
        Some(Ok(page)) => match walk.on_page(page) {
            Ok(WindowStep::Yield(page)) => Next::Items(page),
            Ok(WindowStep::Split) => Next::NextWindow,
            Err(error) => walk.on_error(error).map_or(Next::NextWindow, Next::Fail),
        },
        Some(Err(error)) => walk.on_error(error).map_or(Next::NextWindow, Next::Fail),
        None => {
            walk.window_done();
            Next::NextWindow
        }
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

    use super::{step, Next};
    use crate::engine::dedupe::Dedupe;
    use crate::engine::fetch::Fetch;
    use crate::engine::options::Options;
    use crate::engine::stream::Engine;
    use crate::engine::window::Window;
    use crate::engine::window::WindowWalk;
    use crate::protocol::checkpoint::Checkpoint;
    use crate::protocol::error::Result;
    use crate::surface::options::{async_options, shared_options};
    use crate::surface::page::ItemCursor;
    use crate::surface::paginate::{envelope_name, Paginate};
    use crate::surface::stream::start_engine;

    type MakeSource<T> = Box<dyn Fn(Window) -> Box<dyn Fetch<T>> + Send + Sync>;

    /// An async walk over a time range of a capped API, window by window; a
    /// `Stream<Item = Result<P::Item>>`. From [`Paginate::windows`].
    #[must_use = "a paginator does nothing until polled"]
    pub struct Windowed<P: Paginate> {
        make: MakeSource<P::Item>,
        range: Range<i64>,
        options: Options,
        dedupe: Option<Box<dyn Dedupe<P::Item>>>,
        run: Option<Run<P::Item>>,
        failed: bool,
    }

    struct Run<T> {
        walk: WindowWalk<T>,
        inner: Option<Engine<T>>,
        cursor: ItemCursor<T>,
    }

    impl<P> Windowed<P>
    where
        P: Paginate + 'static,
        P::Item: Send + 'static,
    {
        pub(crate) fn new(
            range: Range<i64>,
            make: impl Fn(Window) -> Box<dyn Fetch<P::Item>> + Send + Sync + 'static,
        ) -> Self {
            Windowed {
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
                None => super::checkpoint_before_start::<P>(&self.range, &self.options),
            }
        }
    }

    impl<P> Stream for Windowed<P>
    where
        P: Paginate + 'static,
        P::Item: Send + 'static,
    {
        type Item = Result<P::Item>;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
            let this = &mut *self;
            if this.failed {
                return Poll::Ready(None);
            }
            if this.run.is_none() {
                match WindowWalk::new(
                    this.range.clone(),
                    P::SPEC,
                    envelope_name::<P>(),
                    &this.options,
                    this.dedupe.take(),
                ) {
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
                        Some((window, options)) => {
                            run.inner
                                .insert(start_engine::<P>((this.make)(window), options, None))
                        }
                        None => return Poll::Ready(None),
                    },
                };
                let outcome = match inner.poll_page(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(outcome) => outcome,
                };
                match step(&mut run.walk, outcome) {
                    Next::Items(page) => run.cursor.load(page),
                    Next::NextWindow => run.inner = None,
                    Next::Fail(error) => {
                        run.inner = None;
                        this.failed = true;
                        return Poll::Ready(Some(Err(error)));
                    }
                }
            }
        }
    }

    impl<P: Paginate> Unpin for Windowed<P> {}
}

/// The checkpoint of a window-split walk that has not started: the one it resumes from, or the start
/// of its range.
fn checkpoint_before_start<P: Paginate>(range: &Range<i64>, options: &Options) -> Checkpoint {
    match &options.resume {
        Some(checkpoint) => checkpoint.clone(),
        None => match WindowWalk::<P::Item>::new(range.clone(), P::SPEC, envelope_name::<P>(), options, None)
        {
            Ok(walk) => walk.checkpoint(None),
            Err(_) => {
                // Without a cap there is no window walk; its checkpoint is the start of a plain walk.
                let options = Options {
                    resume: None,
                    ..options.clone()
                };
                crate::engine::driver::Driver::<P::Item>::new(
                    P::SPEC,
                    &options,
                    crate::surface::paginate::endpoint::<P>(None),
                    None,
                    None,
                )
                .checkpoint(None)
            }
        },
    }
}

#[cfg(feature = "blocking")]
pub use self::blocking::BlockingWindowed;

#[cfg(feature = "blocking")]
mod blocking {
    use std::ops::Range;

    use super::{step, Next};
    use crate::engine::blocking::BlockingEngine;
    use crate::engine::dedupe::Dedupe;
    use crate::engine::fetch::FetchBlocking;
    use crate::engine::options::Options;
    use crate::engine::window::Window;
    use crate::engine::window::WindowWalk;
    use crate::protocol::checkpoint::Checkpoint;
    use crate::protocol::error::Result;
    use crate::surface::blocking::start_blocking_engine;
    use crate::surface::options::shared_options;
    use crate::surface::page::ItemCursor;
    use crate::surface::paginate::{envelope_name, Paginate};

    type MakeSource<T> = Box<dyn Fn(Window) -> Box<dyn FetchBlocking<T>> + Send>;

    /// A blocking walk over a time range of a capped API, window by window; an
    /// `Iterator<Item = Result<P::Item>>`. From [`Paginate::windows_blocking`].
    #[must_use = "a paginator does nothing until iterated"]
    pub struct BlockingWindowed<P: Paginate + 'static> {
        make: MakeSource<P::Item>,
        range: Range<i64>,
        options: Options,
        dedupe: Option<Box<dyn Dedupe<P::Item>>>,
        run: Option<Run<P::Item>>,
        failed: bool,
    }

    struct Run<T> {
        walk: WindowWalk<T>,
        inner: Option<BlockingEngine<T>>,
        cursor: ItemCursor<T>,
    }

    impl<P: Paginate + 'static> BlockingWindowed<P> {
        pub(crate) fn new(
            range: Range<i64>,
            make: impl Fn(Window) -> Box<dyn FetchBlocking<P::Item>> + Send + 'static,
        ) -> Self {
            BlockingWindowed {
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
                None => super::checkpoint_before_start::<P>(&self.range, &self.options),
            }
        }
    }

    impl<P: Paginate + 'static> Iterator for BlockingWindowed<P> {
        type Item = Result<P::Item>;

        fn next(&mut self) -> Option<Self::Item> {
            if self.failed {
                return None;
            }
            if self.run.is_none() {
                let walk = WindowWalk::new(
                    self.range.clone(),
                    P::SPEC,
                    envelope_name::<P>(),
                    &self.options,
                    self.dedupe.take(),
                );
                match walk {
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
                        run.inner
                            .insert(start_blocking_engine::<P>((self.make)(window), options, None))
                    }
                };
                match step(&mut run.walk, inner.next_page()) {
                    Next::Items(page) => run.cursor.load(page),
                    Next::NextWindow => run.inner = None,
                    Next::Fail(error) => {
                        run.inner = None;
                        self.failed = true;
                        return Some(Err(error));
                    }
                }
            }
        }
    }
}
