//! The async engine under executors other than tokio: `futures::executor` (the portable timer) and
//! async-io's (smol's) with its timer. Retries, pacing and deadlines sleep on the walk's timer, so a
//! walk that waits works without a tokio runtime. CI runs this file with `--features async-io` too.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::TryStreamExt;
use paginated_core::{
    Error, ErrorKind, PageParts, PageRequest, Paginate, RetryPolicy, Signals, Spec, Strategy, TimeoutScope,
};

struct Numbers {
    data: Vec<u64>,
    total: u64,
}

impl Paginate for Numbers {
    type Item = u64;
    const SPEC: Spec = Spec::new(Strategy::Offset).total();
    fn into_parts(self) -> PageParts<u64> {
        PageParts::new(
            self.data,
            Signals {
                total: Some(self.total),
                ..Signals::default()
            },
        )
    }
}

/// An API whose every page fails once (503 with a short `Retry-After`) before it is served.
fn flaky_api(
) -> impl Fn(PageRequest) -> futures::future::BoxFuture<'static, Result<Numbers, Error>> + Send + Sync {
    let failed: Arc<Mutex<HashSet<u64>>> = Arc::default();
    move |request: PageRequest| {
        let offset = request.offset().unwrap_or(0);
        let first_attempt = failed.lock().unwrap().insert(offset);
        Box::pin(async move {
            if first_attempt {
                return Err(Error::status(503, "busy", Some(Duration::from_millis(3))));
            }
            Ok(Numbers {
                data: (offset..(offset + 10).min(45)).collect(),
                total: 45,
            })
        })
    }
}

#[test]
fn retries_and_pacing_under_the_futures_executor() {
    let walk = Numbers::from_fn(flaky_api())
        .page_size(10)
        .min_interval(Duration::from_millis(2))
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)));
    let items: Vec<u64> = futures::executor::block_on(walk.try_collect()).unwrap();
    assert_eq!(items, (0..45).collect::<Vec<_>>());
}

#[test]
fn deadlines_under_the_futures_executor() {
    // A transport that never answers: the attempt's deadline fires on the portable timer.
    let walk = Numbers::from_fn(|_| futures::future::pending::<Result<Numbers, Error>>()).retry(
        RetryPolicy::default()
            .initial_backoff(Duration::from_millis(1))
            .attempt_timeout(Duration::from_millis(20))
            .page_timeout(Duration::from_millis(70)),
    );
    let error = futures::executor::block_on(walk.try_collect::<Vec<u64>>()).unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::Timeout {
                scope: TimeoutScope::Page,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn retries_and_deadlines_under_async_io() {
    let walk = Numbers::from_fn(flaky_api())
        .page_size(10)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)));
    let items: Vec<u64> = async_io::block_on(walk.try_collect()).unwrap();
    assert_eq!(items, (0..45).collect::<Vec<_>>());

    let walk = Numbers::from_fn(|_| futures::future::pending::<Result<Numbers, Error>>()).retry(
        RetryPolicy::default()
            .attempt_timeout(Duration::from_millis(20))
            .page_timeout(Duration::from_millis(70)),
    );
    let error = async_io::block_on(walk.try_collect::<Vec<u64>>()).unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Timeout { .. }), "{error:?}");
}

/// With the `async-io` feature, the default timer outside tokio is async-io's.
#[cfg(feature = "async-io")]
#[test]
fn the_async_io_timer_drives_waits_under_its_executor() {
    let walk = Numbers::from_fn(flaky_api())
        .page_size(10)
        .timer(paginated_core::AsyncIoTimer)
        .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)));
    let items: Vec<u64> = async_io::block_on(walk.try_collect()).unwrap();
    assert_eq!(items.len(), 45);
}
