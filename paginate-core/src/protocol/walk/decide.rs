//! What each strategy does after a page: the next position, or the end, and whether the end is
//! complete.

use super::{describe, no_progress, protocol, Walk};
use crate::error::{ErrorKind, Result};
use crate::protocol::request::{PageRequest, Position};
use crate::protocol::signals::Signals;
use crate::protocol::spec::Strategy;

/// What the strategy decided after a page: stop, or go on at a position (on a foreign origin, for a
/// URL followed without credentials).
pub(super) enum Next {
    Stop,
    Continue(Position, bool),
}

impl Walk {
    pub(super) fn has_more(&self, signals: &Signals) -> Option<bool> {
        signals.has_more.filter(|_| self.spec.declares_has_more())
    }

    /// What follows the page answering `request`. With `keep` false the position is taken out of
    /// `signals` rather than copied (nobody reads them after the walk).
    pub(super) fn decide(
        &mut self,
        request: &PageRequest,
        signals: &mut Signals,
        keep: bool,
        received: u64,
    ) -> Result<Next> {
        let has_more = self.has_more(signals);
        if has_more == Some(false) {
            return Ok(Next::Stop);
        }
        match (self.spec.strategy(), request.position()) {
            (Strategy::Cursor, _) => {
                let present = signals.cursor.as_ref().is_some_and(|token| !token.is_empty());
                let token = match (present, keep) {
                    (false, _) => None,
                    (true, true) => signals.cursor.clone(),
                    (true, false) => signals.cursor.take(),
                };
                match (token, has_more) {
                    (Some(token), _) => Ok(Next::Continue(Position::Cursor(token), false)),
                    (None, Some(true)) => Err(protocol("has_more is true but the page has no cursor")),
                    (None, _) => Ok(Next::Stop),
                }
            }
            (Strategy::NextUrl | Strategy::LinkHeader, _) => {
                let next = signals
                    .next_url
                    .as_deref()
                    .map(str::trim)
                    .filter(|url| !url.is_empty());
                match (next, has_more) {
                    (Some(next), _) => {
                        let (url, foreign) = self.resolve(next)?;
                        Ok(Next::Continue(Position::Url(url), foreign))
                    }
                    (None, Some(true)) => Err(protocol("has_more is true but the page has no next URL")),
                    (None, _) => Ok(Next::Stop),
                }
            }
            (Strategy::Offset, Position::Offset(offset)) => {
                if received == 0 {
                    return match has_more {
                        Some(true) => Err(no_progress(format!(
                            "has_more is true but the page at offset {offset} is empty, so the offset cannot advance"
                        ))),
                        _ => Ok(Next::Stop),
                    };
                }
                let next = offset.saturating_add(received);
                if has_more.is_none() && self.ends_by_count(received, |total| next >= total) {
                    return Ok(Next::Stop);
                }
                Ok(Next::Continue(Position::Offset(next), false))
            }
            (Strategy::Page { first }, Position::Page(page)) => {
                let page = *page;
                if self.spec.reads_page() {
                    if let Some(echoed) = signals.page {
                        if self.counters.last_page_number.is_some_and(|last| echoed <= last) {
                            return Err(no_progress(format!(
                                "asked for page {page}, the API answered page {echoed} again"
                            )));
                        }
                        self.counters.last_page_number = Some(echoed);
                    }
                }
                if received == 0 && has_more != Some(true) {
                    return Ok(Next::Stop);
                }
                if has_more.is_none() {
                    let pages_done = page.saturating_sub(first).saturating_add(1);
                    let past_last = self.spec.declares_total_pages()
                        && signals.total_pages.is_some_and(|pages| pages_done >= pages);
                    let received_all = self.ends_by_count(received, |total| self.counters.received >= total);
                    if past_last || received_all {
                        return Ok(Next::Stop);
                    }
                }
                Ok(Next::Continue(Position::Page(page.saturating_add(1)), false))
            }
            (Strategy::Keyset, _) => {
                if received == 0 {
                    return match has_more {
                        Some(true) => Err(no_progress(
                            "has_more is true but the page is empty, so there is no last key to continue from",
                        )),
                        _ => Ok(Next::Stop),
                    };
                }
                if has_more.is_none() && self.ends_by_count(received, |_| false) {
                    return Ok(Next::Stop);
                }
                let present = signals.keyset.as_ref().is_some_and(|key| !key.is_empty());
                let key = match (present, keep) {
                    (false, _) => None,
                    (true, true) => signals.keyset.clone(),
                    (true, false) => signals.keyset.take(),
                };
                match key {
                    Some(key) => Ok(Next::Continue(Position::Keyset(key), false)),
                    None => Err(protocol("the last item of the page has no keyset value")),
                }
            }
            (strategy, position) => Err(protocol(format!(
                "position {} does not belong to strategy {}",
                describe(position),
                strategy.name()
            ))),
        }
    }

    /// Count-based end for strategies without `has_more`: the `total` test when the API gives a total,
    /// otherwise a page shorter than the page size asked for.
    fn ends_by_count(&self, received: u64, total_reached: impl Fn(u64) -> bool) -> bool {
        if let Some(total) = self.counters.total.filter(|_| self.spec.declares_total()) {
            if total_reached(total) {
                return true;
            }
        }
        self.config.page_size.is_some_and(|size| received < size)
    }

    /// At a natural end, items the API announced but did not serve are an error, not a silent loss.
    pub(super) fn check_complete(&self) -> Result<()> {
        match self.counters.total {
            Some(total)
                if self.config.detect_truncation
                    && self.spec.declares_total()
                    && self.counters.received < total =>
            {
                Err(ErrorKind::Truncated {
                    received: self.counters.received,
                    total,
                }
                .into())
            }
            _ => Ok(()),
        }
    }
}
