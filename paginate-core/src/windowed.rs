//! Window-split walks over reqwest, async and blocking: the [`WindowPlan`] decides, these drive it.

use std::ops::Range;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{ready, Context, Poll};

use futures::Stream;
use serde::de::DeserializeOwned;

use crate::envelope::Paginate;
use crate::error::{Error, Result};
use crate::options::{builder_methods, Options};
use crate::reqwest_source::ReqwestSource;
use crate::stream::Pages;
use crate::window::{window_options, FirstPage, Window, WindowPlan};

type MakeRequest = Arc<dyn Fn(Window) -> reqwest::RequestBuilder + Send + Sync>;

/// An async walk over a time range of a capped API, window by window; a
/// `Stream<Item = Result<P::Item>>`. From [`Paginate::windows`].
#[must_use = "a paginator does nothing until polled"]
pub struct Windowed<P: Paginate> {
    make: MakeRequest,
    range: Range<i64>,
    options: Options,
    state: Option<WindowState<P>>,
}

struct WindowState<P: Paginate> {
    plan: WindowPlan,
    current: Option<(Window, Pages<P>, bool)>,
    items: std::vec::IntoIter<P::Item>,
    inner: Options,
}

impl<P> Windowed<P>
where
    P: Paginate + DeserializeOwned + 'static,
    P::Item: Send + 'static,
{
    pub(crate) fn new(range: Range<i64>, make: MakeRequest) -> Self {
        Windowed {
            make,
            range,
            options: Options::default(),
            state: None,
        }
    }

    builder_methods!(options);
}

impl<P: Paginate> Unpin for Windowed<P> {}

impl<P> Stream for Windowed<P>
where
    P: Paginate + DeserializeOwned + 'static,
    P::Item: Send + 'static,
{
    type Item = Result<P::Item>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = &mut *self;
        if this.state.is_none() {
            let (plan, inner, error) = match window_options(&this.options, P::SPEC.cap_value()) {
                Ok((cap, inner)) => (WindowPlan::new(this.range.clone(), cap), inner, None),
                // An empty plan: the walk ends after this error.
                Err(error) => (WindowPlan::new(0..0, 1), Options::default(), Some(error)),
            };
            this.state = Some(WindowState {
                plan,
                current: None,
                items: Vec::new().into_iter(),
                inner,
            });
            if let Some(error) = error {
                return Poll::Ready(Some(Err(error)));
            }
        }
        let state = this.state.as_mut().expect("initialised above");
        loop {
            if let Some(item) = state.items.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            let (window, pages, checked) = match &mut state.current {
                Some(current) => current,
                None => {
                    let Some(window) = state.plan.next_window() else {
                        return Poll::Ready(None);
                    };
                    let source = Arc::new(ReqwestSource::new((this.make)(window)));
                    state
                        .current
                        .insert((window, Pages::with_options(source, state.inner.clone()), false))
                }
            };
            match ready!(Pin::new(pages).poll_next(cx)) {
                Some(Ok(page)) => {
                    if !*checked {
                        *checked = true;
                        match state.plan.on_first_page(*window, page.total) {
                            Ok(FirstPage::Walk) => {}
                            Ok(FirstPage::Split) => {
                                state.current = None;
                                continue;
                            }
                            Err(error) => return fail(state, error),
                        }
                    }
                    state.plan.on_page(page.items.len());
                    if let Some(report) = &this.options.progress {
                        report(&state.plan.progress());
                    }
                    state.items = page.items.into_iter();
                }
                Some(Err(error)) => return fail(state, error),
                None => {
                    state.current = None;
                    state.plan.window_done();
                }
            }
        }
    }
}

/// Ends the walk after `error`.
fn fail<P: Paginate, T>(state: &mut WindowState<P>, error: Error) -> Poll<Option<Result<T>>> {
    state.current = None;
    while state.plan.next_window().is_some() {}
    Poll::Ready(Some(Err(error)))
}

#[cfg(feature = "blocking")]
pub use blocking::BlockingWindowed;

#[cfg(feature = "blocking")]
mod blocking {
    use std::ops::Range;

    use serde::de::DeserializeOwned;

    use crate::blocking::BlockingPages;
    use crate::envelope::Paginate;
    use crate::error::Result;
    use crate::options::{builder_methods, Options};
    use crate::reqwest_source::BlockingReqwestSource;
    use crate::window::{window_options, FirstPage, Window, WindowPlan};

    type MakeRequest = Box<dyn Fn(Window) -> reqwest::blocking::RequestBuilder + Send>;

    /// A blocking walk over a time range of a capped API, window by window; an
    /// `Iterator<Item = Result<P::Item>>`. From [`Paginate::windows_blocking`].
    #[must_use = "a paginator does nothing until iterated"]
    pub struct BlockingWindowed<P: Paginate + 'static> {
        make: MakeRequest,
        range: Range<i64>,
        options: Options,
        plan: Option<(WindowPlan, Options)>,
        current: Option<(Window, BlockingPages<P>, bool)>,
        items: std::vec::IntoIter<P::Item>,
        failed: bool,
    }

    impl<P: Paginate + DeserializeOwned + 'static> BlockingWindowed<P> {
        pub(crate) fn new(range: Range<i64>, make: MakeRequest) -> Self {
            BlockingWindowed {
                make,
                range,
                options: Options::default(),
                plan: None,
                current: None,
                items: Vec::new().into_iter(),
                failed: false,
            }
        }

        builder_methods!(options);
    }

    impl<P: Paginate + DeserializeOwned + 'static> Iterator for BlockingWindowed<P> {
        type Item = Result<P::Item>;

        fn next(&mut self) -> Option<Self::Item> {
            if self.failed {
                return None;
            }
            if self.plan.is_none() {
                match window_options(&self.options, P::SPEC.cap_value()) {
                    Ok((cap, inner)) => self.plan = Some((WindowPlan::new(self.range.clone(), cap), inner)),
                    Err(error) => {
                        self.failed = true;
                        return Some(Err(error));
                    }
                }
            }
            let (plan, inner) = self.plan.as_mut().expect("initialised above");
            loop {
                if let Some(item) = self.items.next() {
                    return Some(Ok(item));
                }
                let (window, pages, checked) = match &mut self.current {
                    Some(current) => current,
                    None => {
                        let window = plan.next_window()?;
                        let source = Box::new(BlockingReqwestSource::new((self.make)(window)));
                        self.current.insert((
                            window,
                            BlockingPages::with_options(source, inner.clone()),
                            false,
                        ))
                    }
                };
                match pages.next() {
                    Some(Ok(page)) => {
                        if !*checked {
                            *checked = true;
                            match plan.on_first_page(*window, page.total) {
                                Ok(FirstPage::Walk) => {}
                                Ok(FirstPage::Split) => {
                                    self.current = None;
                                    continue;
                                }
                                Err(error) => {
                                    self.failed = true;
                                    return Some(Err(error));
                                }
                            }
                        }
                        plan.on_page(page.items.len());
                        if let Some(report) = &self.options.progress {
                            report(&plan.progress());
                        }
                        self.items = page.items.into_iter();
                    }
                    Some(Err(error)) => {
                        self.failed = true;
                        return Some(Err(error));
                    }
                    None => {
                        self.current = None;
                        plan.window_done();
                    }
                }
            }
        }
    }
}
