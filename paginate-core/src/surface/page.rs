//! Pages as the page-level walks yield them, and the cursor through a page's items that the item-level
//! walks share.

use crate::engine::driver::{Delivered, Driver};
use crate::engine::options::Options;
use crate::protocol::checkpoint::Checkpoint;
use crate::protocol::request::PageRequest;
use crate::protocol::signals::Signals;
use crate::protocol::spec::Spec;
use crate::protocol::walk::Endpoint;

/// What a walk keeps of its envelope type once the transport decodes it: the spec, and the name that
/// checkpoints record.
#[derive(Clone)]
pub(crate) struct Envelope {
    pub(crate) spec: Spec,
    pub(crate) name: String,
}

impl Envelope {
    /// The envelope of type `P` with `spec`: its name without module paths (`OffsetPage<Number>`), so
    /// moving a type between modules does not invalidate checkpoints.
    pub(crate) fn of<P>(spec: Spec) -> Self {
        let full = std::any::type_name::<P>();
        let mut name = String::with_capacity(full.len());
        let mut segment_start = 0;
        for (index, c) in full.char_indices() {
            if c == ':' {
                segment_start = index + 1;
                continue;
            }
            if matches!(c, '<' | '>' | ',' | ' ' | '(' | ')' | '[' | ']' | '&' | ';') {
                name.push_str(&full[segment_start..index]);
                name.push(c);
                segment_start = index + 1;
            }
        }
        name.push_str(&full[segment_start..]);
        Envelope { spec, name }
    }

    /// Where a walk over this envelope runs: the transport's endpoint, named after the envelope.
    pub(crate) fn endpoint(&self, endpoint: Endpoint) -> Endpoint {
        Endpoint {
            envelope: Some(self.name.clone()),
            ..endpoint
        }
    }

    /// The checkpoint of a walk over this envelope that has not started: the one of the driver it would
    /// start with, given its transport's endpoint and page size hint.
    pub(crate) fn checkpoint_before_start<T>(
        &self,
        options: &Options,
        endpoint: Endpoint,
        size_hint: Option<u64>,
    ) -> Checkpoint {
        Driver::<T>::new(self.spec, options, self.endpoint(endpoint), size_hint, None).checkpoint(None)
    }
}

/// One page of a walk, with the request that fetched it.
///
/// ```
/// use paginated_core::{Page, PageRequest, Position, Signals};
/// let page = Page {
///     items: vec![1, 2, 3],
///     number: 1,
///     request: PageRequest::new(Position::First, Some(3)),
///     total: Some(10),
///     signals: Signals::default(),
/// };
/// assert_eq!(page.items.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of the page that the walk yields (cut short by `max_items`, a resumed checkpoint's
    /// skip, or de-duplication).
    pub items: Vec<T>,
    /// 1 for the first page of the walk, then 2, 3, …
    pub number: u64,
    /// The request that fetched this page.
    pub request: PageRequest,
    /// The latest total the API reported, if it reports one.
    pub total: Option<u64>,
    /// What the page said about the next one.
    pub signals: Signals,
}

impl<T> Page<T> {
    /// The page a page walk hands out: its engine keeps every page's request and signals.
    pub(crate) fn from_delivered(page: Delivered<T>) -> Self {
        let (request, signals) = match page.meta {
            Some(meta) => (meta.request, meta.signals),
            None => (PageRequest::new(crate::Position::First, None), Signals::default()),
        };
        Page {
            items: page.items,
            number: page.number,
            request,
            total: page.total,
            signals,
        }
    }
}

/// The items of the current page, handed out one by one; how many were consumed is what the iterator
/// no longer holds, so handing one out costs no more than the iterator's `next`.
pub(crate) struct ItemCursor<T> {
    items: std::vec::IntoIter<T>,
    kept_at: Option<Vec<usize>>,
    len: usize,
}

impl<T> Default for ItemCursor<T> {
    fn default() -> Self {
        ItemCursor {
            items: Vec::new().into_iter(),
            kept_at: None,
            len: 0,
        }
    }
}

impl<T> ItemCursor<T> {
    pub(crate) fn load(&mut self, page: Delivered<T>) {
        self.len = page.items.len();
        self.items = page.items.into_iter();
        self.kept_at = page.kept_at;
    }

    #[inline]
    pub(crate) fn next(&mut self) -> Option<T> {
        self.items.next()
    }

    /// The items left, for consumers that take the rest of the page at once.
    #[cfg(feature = "blocking")]
    pub(crate) fn rest(&mut self) -> std::vec::IntoIter<T> {
        std::mem::take(&mut self.items)
    }

    /// Items of the current page consumed, counted among the page's items before de-duplication;
    /// `None` when all of them were (or before the first page).
    pub(crate) fn consumed(&self) -> Option<u64> {
        let consumed = self.len - self.items.len();
        if consumed == self.len {
            return None;
        }
        let raw = match (&self.kept_at, consumed) {
            (Some(_), 0) => 0,
            (Some(kept_at), consumed) => kept_at[consumed - 1] + 1,
            (None, consumed) => consumed,
        };
        Some(raw as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod deep {
        pub struct Page<T>(#[allow(dead_code)] T);
        pub struct Item;
    }

    #[test]
    fn envelope_names_drop_module_paths() {
        let spec = Spec::new(crate::Strategy::Cursor);
        assert_eq!(Envelope::of::<deep::Page<deep::Item>>(spec).name, "Page<Item>");
        assert_eq!(
            Envelope::of::<deep::Page<(u8, &str)>>(spec).name,
            "Page<(u8, &str)>"
        );
    }
}
