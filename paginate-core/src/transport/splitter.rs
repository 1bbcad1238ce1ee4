//! How a transport splits the envelopes it receives into pages.

use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::page::PageParts;
use crate::protocol::spec::Spec;

/// How envelopes `E` split into pages of `T`: the envelope's spec, the function that splits one
/// (`Paginate::into_parts`), and the fingerprint of a page's items (`Paginate::items_fingerprint`).
/// Borrowed and copied: fetches carry pointers, not copies.
pub(crate) struct Splitter<E, T> {
    pub(crate) spec: &'static Spec,
    pub(crate) into_parts: fn(E) -> PageParts<T>,
    pub(crate) content: fn(&[T]) -> Option<Fingerprint>,
}

impl<E, T> Clone for Splitter<E, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E, T> Copy for Splitter<E, T> {}
