//! Checkpoints of a walk, and walks resumed from them: a checkpoint is checked against the walk that
//! resumes it, and holds no credential.

use url::Url;

use super::{describe, invalid_checkpoint, Endpoint, Walk, WalkConfig};
use crate::error::Result;
use crate::protocol::binding::{with_credentials, without_credentials};
use crate::protocol::checkpoint::{Checkpoint, CheckpointKey, VERSION};
use crate::protocol::guard::{History, RequestGuard, CONTENT_WINDOW};
use crate::protocol::page_size;
use crate::protocol::redact::escape;
use crate::protocol::request::{PageRequest, Position};
use crate::protocol::spec::{Spec, Strategy};

/// Whether `checkpoint` belongs to a walk over `spec` at `endpoint`: its format, signature, strategy,
/// envelope, request and counters.
fn check_belongs(
    spec: &Spec,
    endpoint: &Endpoint,
    checkpoint: &Checkpoint,
    key: Option<&CheckpointKey>,
) -> Result<()> {
    if checkpoint.version != VERSION {
        return Err(invalid_checkpoint(format!(
            "format version {}; this walk reads version {VERSION}",
            checkpoint.version
        )));
    }
    if key.is_some_and(|key| !checkpoint.verify(key)) {
        return Err(invalid_checkpoint(
            "its signature is missing or does not match the key",
        ));
    }
    if checkpoint.window.is_some() {
        return Err(invalid_checkpoint("it was taken by a window-split walk"));
    }
    if checkpoint.strategy != spec.strategy().name() {
        return Err(invalid_checkpoint(format!(
            "it was taken by a `{}` walk, not a `{}` walk",
            escape(&checkpoint.strategy),
            spec.strategy().name()
        )));
    }
    if let (Some(taken), Some(resumed)) = (&checkpoint.envelope, &endpoint.envelope) {
        if taken != resumed {
            return Err(invalid_checkpoint(format!(
                "it was taken by a walk over `{}`, not `{resumed}`",
                escape(taken)
            )));
        }
    }
    match (checkpoint.binding, endpoint.binding) {
        (Some(taken), Some(resumed)) if taken != resumed => {
            return Err(invalid_checkpoint(
                "it was taken by a walk over another request (its method, URL or body differ, \
                 credentials and pagination parameters aside)",
            ))
        }
        (Some(_), None) => {
            return Err(invalid_checkpoint(
                "it was taken by a walk over an HTTP request, and this walk has none",
            ))
        }
        _ => {}
    }
    if checkpoint.counters.yielded > checkpoint.counters.received {
        return Err(invalid_checkpoint("it counts more items yielded than received"));
    }
    Ok(())
}

impl Walk {
    /// Continues a walk from a [`Checkpoint`], after checking that it belongs to this walk: same
    /// format version, strategy, envelope and request, a position that fits the strategy and stays on
    /// the origin, sane counters and guards, and a valid signature when `key` is given. Credential
    /// parameters the checkpoint's URLs left out are put back from the endpoint's URL. The first page
    /// reported is the checkpoint's page; the caller skips its first [`Checkpoint::skip`] items.
    pub fn resume(
        spec: Spec,
        mut config: WalkConfig,
        endpoint: Endpoint,
        checkpoint: Checkpoint,
        key: Option<&CheckpointKey>,
    ) -> Result<Self> {
        check_belongs(&spec, &endpoint, &checkpoint, key)?;
        let taken = checkpoint.request.as_ref().and_then(PageRequest::page_size);
        config.page_size = page_size::resumed(&spec, config.page_size, endpoint.size_in_request, taken)
            .map_err(invalid_checkpoint)?;
        let mut walk = Walk::start(spec, config, endpoint)?;
        walk.requests = RequestGuard::restore(&checkpoint.requests).map_err(invalid_checkpoint)?;
        walk.content = History::restore(CONTENT_WINDOW, &checkpoint.content).map_err(invalid_checkpoint)?;
        walk.counters = checkpoint.counters;
        let from = walk.endpoint.url.clone();
        let restore = |url: &str| match &from {
            Some(from) => with_credentials(url, &checkpoint.removed, from),
            None => url.to_owned(),
        };
        if let Some(current) = &checkpoint.current_url {
            let current = restore(current);
            let current = Url::parse(&current)
                .map_err(|_| invalid_checkpoint("its current URL is not a URL"))
                .and_then(|url| {
                    walk.check_origin(url)
                        .map(|(url, _)| url)
                        .map_err(|error| invalid_checkpoint(error.to_string()))
                })?;
            walk.current_url = Some(current);
        }
        walk.next = match checkpoint.request {
            None => None,
            Some(_) if walk.limit_reached() => None,
            Some(request) => {
                let size = walk.config.page_size;
                let carry = request.carried().cloned();
                let position = match request.position() {
                    Position::Url(url) => Position::Url(restore(url)),
                    other => other.clone(),
                };
                let (position, foreign) = walk.check_resumed_position(position)?;
                Some(PageRequest::carrying(position, size, carry).foreign(foreign))
            }
        };
        Ok(walk)
    }

    /// A resumed position must be one this strategy produces, and a URL must pass the same checks as a
    /// next URL. Also says whether the position is on a foreign origin.
    fn check_resumed_position(&mut self, position: Position) -> Result<(Position, bool)> {
        let fits = match (self.spec.strategy(), &position) {
            (Strategy::Cursor, Position::First | Position::Cursor(_)) => true,
            (Strategy::NextUrl | Strategy::LinkHeader, Position::First | Position::Url(_)) => true,
            (Strategy::Offset, Position::Offset(_)) => true,
            (Strategy::Page { first }, Position::Page(page)) => page >= &first,
            (Strategy::Keyset, Position::First) => true,
            (Strategy::Keyset, Position::Keyset(parts)) => !parts.is_empty(),
            _ => false,
        };
        if !fits {
            return Err(invalid_checkpoint(format!(
                "its position {} does not belong to a `{}` walk",
                describe(&position),
                self.spec.strategy().name()
            )));
        }
        match position {
            Position::Url(url) => self
                .resolve(&url)
                .map(|(url, foreign)| (Position::Url(url), foreign))
                .map_err(|error| invalid_checkpoint(error.to_string())),
            other => Ok((other, false)),
        }
    }

    /// Where the walk stands after `consumed` items of the last reported page were yielded (`None`: all
    /// of them). Resuming from it yields exactly the items not yet yielded. After an error, it points
    /// at the failing page, past the items already yielded from it.
    pub fn checkpoint(&self, consumed: Option<u64>) -> Checkpoint {
        let mut request = self.next.clone();
        let mut counters = self.counters;
        let mut current_url = self.current_url.as_ref();
        let mut skip = 0;
        let (mut admitted, mut recorded) = (false, false);
        if let Some(rewind) = &self.rewind {
            if self.failed || consumed.is_some_and(|consumed| consumed < rewind.taken) {
                request = Some(rewind.request.clone());
                skip = consumed.unwrap_or(rewind.taken).min(rewind.taken);
                counters = rewind.counters;
                current_url = rewind.current_url.as_ref().or(current_url);
                (admitted, recorded) = (rewind.admitted, rewind.recorded);
            }
        }
        // URLs lose their credential parameters: the resuming request supplies them again.
        let mut removed = Vec::new();
        let mut keep = |url: &str| {
            let (kept, names) = without_credentials(url, &self.spec);
            for name in names {
                if !removed.contains(&name) {
                    removed.push(name);
                }
            }
            kept
        };
        if let Some(request) = &mut request {
            if let Position::Url(url) = request.position() {
                let kept = keep(url);
                request.set_position(Position::Url(kept));
            }
        }
        let current_url = current_url.map(|url| keep(url.as_str()));
        Checkpoint {
            version: VERSION,
            strategy: self.spec.strategy().name().to_owned(),
            envelope: self.endpoint.envelope.clone(),
            binding: self.endpoint.binding,
            request,
            skip,
            counters,
            current_url,
            removed,
            requests: self.requests.state(admitted),
            content: self.content.state(recorded),
            window: None,
            mac: None,
        }
    }
}
