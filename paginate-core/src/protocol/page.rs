//! A page on its way through a walk: as the envelope splits it ([`PageParts`]), as a transport
//! received it ([`ReceivedPage`]), and as a walk yields it ([`Page`]).

use url::Url;

use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::request::PageRequest;
use crate::protocol::signals::Signals;

/// An envelope split into its items and signals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageParts<T> {
    /// The items of the page, in API order.
    pub items: Vec<T>,
    /// The pagination signals of the page.
    pub signals: Signals,
}

impl<T> PageParts<T> {
    /// Builds the parts of one page.
    ///
    /// ```
    /// use paginated_core::{PageParts, Signals};
    /// let parts = PageParts::new(vec!["a"], Signals::default());
    /// assert_eq!(parts.items.len(), 1);
    /// ```
    pub fn new(items: Vec<T>, signals: Signals) -> Self {
        PageParts { items, signals }
    }
}

/// One page as a transport received it, reported to [`Walk::on_response`](crate::Walk::on_response).
///
/// ```
/// use paginated_core::{Fingerprint, PageParts, ReceivedPage, Signals};
/// let page = ReceivedPage::new(PageParts::new(vec![1, 2], Signals::default()))
///     .with_content(Fingerprint::of_items(&[1, 2]));
/// assert_eq!(page.parts.items, [1, 2]);
/// ```
#[derive(Debug, Clone)]
pub struct ReceivedPage<T> {
    /// Its items and signals.
    pub parts: PageParts<T>,
    /// The URL it finally came from, after redirects (boxed: pages move through the engine).
    pub url: Option<Box<Url>>,
    /// The fingerprint of what it contains ([`Fingerprint::of_json_items`], [`Fingerprint::of_items`]):
    /// a page whose items repeat an earlier page's is refused before any of them is yielded.
    pub content: Option<Fingerprint>,
}

impl<T> ReceivedPage<T> {
    /// A page with neither URL nor content fingerprint.
    #[inline]
    pub fn new(parts: PageParts<T>) -> Self {
        ReceivedPage {
            parts,
            url: None,
            content: None,
        }
    }

    /// The page, with the URL it came from.
    pub fn with_url(self, url: Url) -> Self {
        ReceivedPage {
            url: Some(Box::new(url)),
            ..self
        }
    }

    /// The page, with the fingerprint of its content.
    #[inline]
    pub fn with_content(self, content: impl Into<Option<Fingerprint>>) -> Self {
        ReceivedPage {
            content: content.into(),
            ..self
        }
    }
}

/// One page of a walk, with the request that fetched it: what a page walk (`.pages()`) yields.
///
/// ```
/// use paginated_core::{PageParts, PageRequest, Paginate, Signals, Spec, Strategy, Token};
/// struct Letters { data: Vec<char>, next: Option<String> }
/// impl Paginate for Letters {
///     type Item = char;
///     const SPEC: Spec = Spec::new(Strategy::Cursor);
///     fn into_parts(self) -> PageParts<char> {
///         PageParts::new(self.data, Signals { cursor: self.next.map(Token::Text), ..Signals::default() })
///     }
/// }
/// let mut pages = Letters::from_fn_blocking(|request: PageRequest| {
///     Ok::<_, std::io::Error>(match request.cursor() {
///         None => Letters { data: vec!['a', 'b'], next: Some("2".into()) },
///         Some(_) => Letters { data: vec!['c'], next: None },
///     })
/// })
/// .pages();
/// let first = pages.next().unwrap()?;
/// assert_eq!((first.items.as_slice(), first.number), (&['a', 'b'][..], 1));
/// assert_eq!(first.signals().cursor, Some(Token::text("2")));
/// let second = pages.next().unwrap()?;
/// assert_eq!(second.request().cursor(), Some(&Token::text("2")));
/// # Ok::<_, paginated_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    /// The items of the page that the walk yields (cut short by `max_items`, a resumed checkpoint's
    /// skip, or de-duplication).
    pub items: Vec<T>,
    /// 1 for the first page of the walk, then 2, 3, …
    pub number: u64,
    /// The latest total the API reported, if it reports one.
    pub total: Option<u64>,
    /// The request that fetched the page and what the page said about the next one: page walks keep
    /// them, item walks do not (a page moves through the engine, so they live on the heap).
    pub(crate) meta: Option<Box<(PageRequest, Signals)>>,
    /// When de-duplication dropped items: the position of each kept item among the page's items, so
    /// a checkpoint inside the page counts the dropped ones too.
    pub(crate) kept_at: Option<Vec<usize>>,
}

impl<T> Page<T> {
    /// The request that fetched this page.
    pub fn request(&self) -> &PageRequest {
        match &self.meta {
            Some(meta) => &meta.0,
            None => &empty().0,
        }
    }

    /// What the page said about the next one.
    pub fn signals(&self) -> &Signals {
        match &self.meta {
            Some(meta) => &meta.1,
            None => &empty().1,
        }
    }
}

/// What a page without its request and signals answers (never handed out: page walks keep them).
fn empty() -> &'static (PageRequest, Signals) {
    static EMPTY: std::sync::OnceLock<(PageRequest, Signals)> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| {
        (
            PageRequest::new(crate::protocol::request::Position::First, None),
            Signals::default(),
        )
    })
}
