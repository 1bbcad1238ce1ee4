//! The cursor through a page's items that item walks hand out one by one.

use crate::protocol::page::Page;

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
    pub(crate) fn load(&mut self, page: Page<T>) {
        self.len = page.items.len();
        self.items = page.items.into_iter();
        self.kept_at = page.kept_at;
    }

    #[inline]
    pub(crate) fn next(&mut self) -> Option<T> {
        self.items.next()
    }

    /// The items left, for consumers that take the rest of the page at once.
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
