//! The walk: the library's run-time envelope walked page by page into the output, with the options'
//! settings, the resume file kept after every page, and Ctrl-C honoured between pages.

use std::pin::pin;
use std::time::Duration;

use futures::future::{select, Either};
use futures::StreamExt;
use paginated_core::{ErrorKind, Page, Paginator, RawItem, RetryPolicy};

use super::args::Args;
use super::exit::{describe, exit_of, Exit, Failure};
use super::output::{Mark, Output, WriteError};
use super::progress::Progress;
use super::resume::{Kept, ResumeFile, Resumed};

/// The attempt deadline when `--timeout` is not given.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Attempts per page when `--retries` is not given.
pub const DEFAULT_ATTEMPTS: u32 = 5;

/// A walk's failure, with the library's error when there is one.
pub type WalkFailure = (Failure, Option<Box<ErrorKind>>);

/// One walk of the command.
pub struct Walk<'a> {
    pub args: &'a Args,
    /// The attribute the walk follows, for the resume file.
    pub attribute: &'a str,
    pub resume: Option<ResumeFile>,
    pub progress: Progress,
    /// Opened with the first page: a walk refused before (a resume file of another request) leaves
    /// the output as it was.
    pub output: Option<Output>,
    /// `stdout`, or the path of `--out`.
    pub target: String,
}

impl Walk<'_> {
    /// Walks `walk` (the envelope's walk over the first request), from `resumed` when a resume file
    /// held a position.
    pub async fn run(
        mut self,
        walk: paginated_core::Result<Paginator<RawItem>>,
        resumed: Option<Resumed>,
    ) -> Result<Exit, WalkFailure> {
        let mut walk = self.configure(walk.map_err(|error| (error.into(), None))?);
        let written = resumed.as_ref().map(|resumed| resumed.written);
        if let Some(resumed) = resumed {
            walk = walk.resume(resumed.checkpoint);
        }
        let mut pages = walk.pages();
        let mut interrupt = pin!(tokio::signal::ctrl_c());
        loop {
            let next = match select(pages.next(), interrupt.as_mut()).await {
                Either::Left((next, _)) => next,
                Either::Right(_) => return Err(self.interrupted()),
            };
            match next {
                Some(Ok(page)) => {
                    if page.number == 1 {
                        self.check_page_size(&page);
                    }
                    let mark = match self.write(&page, written)? {
                        Some(mark) => mark,
                        None => return Ok(Exit::Success),
                    };
                    if let Some(file) = &self.resume {
                        file.save(&self.kept(), mark, pages.checkpoint())
                            .map_err(|failure| (failure, None))?;
                    }
                    self.progress.update(page.number, mark.items, page.total);
                }
                Some(Err(error)) => {
                    self.progress.clear();
                    if let (Some(file), Some(checkpoint), Some(output)) =
                        (&self.resume, error.checkpoint(), &self.output)
                    {
                        file.save(&self.kept(), output.mark(), checkpoint.clone())
                            .map_err(|failure| (failure, None))?;
                    }
                    self.end_early();
                    let kind = error.into_kind();
                    let failure = self.hint(Failure::new(exit_of(&kind), describe(&kind)));
                    return Err((failure, Some(Box::new(kind))));
                }
                None => break,
            }
        }
        self.progress.clear();
        let output = self.open(written)?;
        match output.finish() {
            Ok(()) | Err(WriteError::Closed) => {}
            Err(WriteError::Failed(failure)) => return Err((self.hint(failure), None)),
        }
        let mark = output.mark();
        if let Some(file) = &self.resume {
            let checkpoint = pages.checkpoint();
            let saved = if checkpoint.is_complete() {
                file.remove()
            } else {
                file.save(&self.kept(), mark, checkpoint)
            };
            saved.map_err(|failure| (failure, None))?;
        }
        Ok(Exit::Success)
    }

    /// The walk with the options' settings.
    fn configure(&self, mut walk: Paginator<RawItem>) -> Paginator<RawItem> {
        let args = self.args;
        let attempts = args.retries.unwrap_or(DEFAULT_ATTEMPTS);
        let timeout = args.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let page_budget =
            (timeout * attempts + Duration::from_secs(30)).max(RetryPolicy::default().page_deadline());
        walk = walk
            .retry(
                RetryPolicy::default()
                    .max_attempts(attempts)
                    .attempt_timeout(timeout)
                    .page_timeout(page_budget),
            )
            .allow_repeated_pages(args.allow_repeated_pages);
        for origin in &args.allow_origin {
            walk = walk.allow_origin(origin.clone());
        }
        if let Some(size) = args.page_size {
            walk = walk.page_size(size);
        }
        if let Some(max) = args.max_items {
            walk = walk.max_items(max);
        }
        if let Some(max) = args.max_pages {
            walk = walk.max_pages(max);
        }
        if let Some(pages) = args.concurrency {
            walk = walk.concurrency(pages as usize);
        }
        if let Some(interval) = args.rate {
            walk = walk.min_interval(interval);
        }
        if let Some(max) = args.max_stalled_pages {
            walk = walk.max_stalled_pages(max);
        }
        walk
    }

    /// What the resume file keeps beside the position.
    fn kept(&self) -> Kept<'_> {
        Kept {
            attribute: self.attribute,
            format: self.args.output,
            output: &self.target,
        }
    }

    /// The output, opened on first use.
    fn open(&mut self, resumed: Option<Mark>) -> Result<&mut Output, WalkFailure> {
        if self.output.is_none() {
            let output = Output::open(self.args.out.as_deref(), self.args.output, resumed)
                .map_err(|failure| (self.hint(failure), None))?;
            if self.resume.is_some() && !output.is_regular_file() && !self.args.quiet {
                self.progress.note(
                    "paginated: note: the output is not a file, so a page being written when the command is \
                     killed may be written again on resume; --out FILE writes every item once",
                );
            }
            self.output = Some(output);
        }
        Ok(self.output.as_mut().unwrap_or_else(|| unreachable!()))
    }

    /// Writes a page's items and flushes them: where the output stands, or `None` when the reader
    /// went away (`| head`), which ends the command quietly.
    fn write(&mut self, page: &Page<RawItem>, resumed: Option<Mark>) -> Result<Option<Mark>, WalkFailure> {
        let output = self.open(resumed)?;
        match output.write_items(&page.items).and_then(|()| output.flush()) {
            Ok(mark) => Ok(Some(mark)),
            Err(WriteError::Closed) => {
                self.progress.clear();
                Ok(None)
            }
            Err(WriteError::Failed(failure)) => {
                self.progress.clear();
                Err((self.hint(failure), None))
            }
        }
    }

    /// Says so when the first page holds more items than `--page-size` asked for: the API does not
    /// read the parameter the walk sends it in.
    fn check_page_size(&self, page: &Page<RawItem>) {
        let (Some(asked), false) = (self.args.page_size, self.args.quiet) else {
            return;
        };
        let received = page.items.len() as u64;
        if received > asked {
            self.progress.note(&format!(
                "paginated: note: the first page holds {received} items where --page-size asked for {asked}: \
                 the API does not read the page size where the walk sends it; name its parameter with \
                 --paginate (`limit_param = \"...\"`)"
            ));
        }
    }

    /// Ends the output of a walk that stops before its end. Without a resume file a JSON array is
    /// closed, so what was written is valid; with one it stays open for the resumed walk to go on
    /// (in a file it is cut back to the last page anyway).
    fn end_early(&mut self) {
        if let (Some(output), None) = (&mut self.output, &self.resume) {
            let _ = output.finish();
        }
    }

    /// Ctrl-C: the resume file holds the last page written.
    fn interrupted(&mut self) -> WalkFailure {
        self.progress.clear();
        self.end_early();
        let written = self.output.as_ref().map_or(0, |output| output.mark().items);
        let failure = Failure::new(Exit::Interrupted, format!("interrupted after {written} items"));
        (self.hint(failure), None)
    }

    /// The failure, with what to do about the resume file.
    fn hint(&self, failure: Failure) -> Failure {
        match self.resume.as_ref().filter(|file| file.path().exists()) {
            Some(file) if failure.exit == Exit::Usage => failure.note(format!(
                "`{}` cannot continue this walk: run the command that wrote it, or remove it to start over.",
                file.path().display()
            )),
            Some(file) => failure.note(format!(
                "The position is kept in `{}`: run the same command again to go on from there.",
                file.path().display()
            )),
            None => failure,
        }
    }
}
