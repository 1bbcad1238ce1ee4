//! The page size a walk asks for, decided in one place: the size set with `.page_size(n)`, else the
//! one the request already carries (`?limit=25`), else none (the API's default); clamped to the
//! envelope's `max_page_size`; for a resumed walk, the size its checkpoint's page numbers count.

use crate::error::{ErrorKind, Result};
use crate::protocol::spec::{Spec, Strategy};

/// The page size of a walk, from the size asked for and the one in its first request.
pub(crate) fn decide(spec: &Spec, asked: Option<u64>, in_request: Option<u64>) -> Result<Option<u64>> {
    if asked == Some(0) {
        return Err(ErrorKind::InvalidRequest("page size must be at least 1".into()).into());
    }
    let size = asked.or(in_request.filter(|&size| size > 0));
    Ok(match (size, spec.max_page_size_value()) {
        (Some(size), Some(max)) if size > max => {
            if asked.is_some() {
                tracing::warn!(
                    requested = size,
                    max,
                    "page size above the API's maximum, clamped"
                );
            }
            Some(max)
        }
        (size, _) => size,
    })
}

/// The page size of a resumed walk: without one asked for or in the request, the checkpoint's; a page
/// walk cannot change it (its page numbers count pages of that size).
pub(crate) fn resumed(
    spec: &Spec,
    asked: Option<u64>,
    in_request: Option<u64>,
    taken: Option<u64>,
) -> std::result::Result<Option<u64>, String> {
    let current = asked.or(in_request.filter(|&size| size > 0));
    match (current, taken) {
        (None, taken) => decide(spec, taken, None).map_err(|error| error.to_string()),
        (Some(current), Some(taken))
            if current != taken && matches!(spec.strategy(), Strategy::Page { .. }) =>
        {
            Err(format!(
                "its page numbers count pages of {taken} items, this walk asks for {current}"
            ))
        }
        _ => decide(spec, asked, in_request).map_err(|error| error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asked_then_in_request_then_the_default_clamped_to_the_maximum() {
        let spec = Spec::new(Strategy::Cursor).max_page_size(100);
        assert_eq!(decide(&spec, Some(50), Some(25)).unwrap(), Some(50));
        assert_eq!(decide(&spec, None, Some(25)).unwrap(), Some(25));
        assert_eq!(decide(&spec, None, Some(0)).unwrap(), None);
        assert_eq!(decide(&spec, None, None).unwrap(), None);
        assert_eq!(decide(&spec, Some(250), None).unwrap(), Some(100));
        assert!(decide(&spec, Some(0), None).is_err());
    }

    #[test]
    fn a_resumed_page_walk_keeps_its_page_size() {
        let pages = Spec::new(Strategy::Page { first: 1 });
        assert_eq!(resumed(&pages, None, None, Some(20)).unwrap(), Some(20));
        assert_eq!(resumed(&pages, Some(20), None, Some(20)).unwrap(), Some(20));
        assert!(resumed(&pages, Some(50), None, Some(20)).is_err());
        let cursor = Spec::new(Strategy::Cursor);
        assert_eq!(resumed(&cursor, Some(50), None, Some(20)).unwrap(), Some(50));
    }
}
