//! Checkpoints: where a walk stands, as plain serialisable data, so a walk can resume in another
//! process on the exact next item.

use serde::{Deserialize, Serialize};

use crate::request::PageRequest;

/// The position of a walk after its last yielded item: the page to fetch, how many of its items were
/// already yielded, and the state of the loop guards. Serialise it anywhere (JSON, a database row);
/// [`resume`](crate::Paginator::resume) yields exactly the items not yet yielded.
///
/// ```
/// use paginate_core::{Checkpoint, PageParts, PageRequest, Paginate, Signals, Spec, Strategy};
///
/// struct Numbers { data: Vec<u64>, next: Option<String> }
/// impl Paginate for Numbers {
///     type Item = u64;
///     const SPEC: Spec = Spec::new(Strategy::Cursor);
///     fn into_parts(self) -> PageParts<u64> {
///         PageParts::new(self.data, Signals { cursor: self.next, ..Signals::default() })
///     }
/// }
/// let api = |request: PageRequest| {
///     let start: u64 = request.cursor().map_or(0, |c| c.parse().unwrap());
///     let end = (start + 10).min(35);
///     Ok::<_, std::io::Error>(Numbers { data: (start..end).collect(), next: (end < 35).then(|| end.to_string()) })
/// };
///
/// let mut walk = Numbers::from_fn_blocking(api);
/// let first: Vec<u64> = walk.by_ref().take(13).collect::<Result<_, _>>()?;
/// let saved = serde_json::to_string(&walk.checkpoint()).unwrap();
///
/// let checkpoint: Checkpoint = serde_json::from_str(&saved).unwrap();
/// let rest: Vec<u64> = Numbers::from_fn_blocking(api).resume(checkpoint).collect::<Result<_, _>>()?;
/// assert_eq!(first, (0..13).collect::<Vec<_>>());
/// assert_eq!(rest, (13..35).collect::<Vec<_>>());
/// # Ok::<_, paginate_core::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// The page to fetch on resume; `None` when the walk was complete.
    pub(crate) request: Option<PageRequest>,
    /// Items of that page already yielded.
    pub(crate) skip: u64,
    pub(crate) pages: u64,
    pub(crate) received: u64,
    pub(crate) yielded: u64,
    pub(crate) seen: Vec<String>,
    pub(crate) last_page_number: Option<u64>,
    pub(crate) total: Option<u64>,
    pub(crate) current_url: Option<String>,
}

impl Checkpoint {
    /// The page a resumed walk fetches first, or `None` when the walk was complete.
    pub fn request(&self) -> Option<&PageRequest> {
        self.request.as_ref()
    }
    /// Items of that page already yielded, skipped on resume.
    pub fn skip(&self) -> u64 {
        self.skip
    }
    /// Items yielded before this checkpoint.
    pub fn items_yielded(&self) -> u64 {
        self.yielded
    }
    /// Whether the walk had ended.
    pub fn is_complete(&self) -> bool {
        self.request.is_none()
    }
}
