//! Envelopes described at run time: the derive's attribute language with JSON member paths instead of
//! Rust fields, for tools that learn the envelope from their user (a command line, a config file) or
//! from the first response. Items stay raw JSON, as the body has them: a walk hands them out without
//! decoding or re-encoding them.

use std::collections::HashSet;
use std::hash::Hash;
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::value::RawValue;
use url::Url;

#[cfg(feature = "reqwest-blocking")]
use crate::engine::mode::Blocking;
use crate::error::{Error, ErrorKind, Result, SNIPPET_CHARS};
use crate::protocol::envelope::Envelope;
use crate::protocol::fingerprint::Fingerprint;
use crate::protocol::page::PageParts;
use crate::protocol::redact::{escape, redact_with, snippet, Secrets};
use crate::protocol::request::Token;
use crate::protocol::signals::Signals;
use crate::protocol::spec::{Format, HeaderSignals, ParamsIn, Spec, Strategy};
use crate::surface::fields::{CursorValue, ErrorValue, KeyPart};
use crate::surface::paginator::{Paginator, Plan};
use crate::transport::http::BodyDecoder;
#[cfg(feature = "xml")]
use crate::transport::json_body::xml_to_json;
use crate::transport::json_body::{values_at, JsonPath};
use crate::transport::reqwest_request::Request;

/// One item of a run-time envelope: its JSON text exactly as the body held it.
pub type RawItem = Box<RawValue>;

/// Where a run-time envelope reads a signal: a path into the body, or a response header.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Source {
    /// A value of the body.
    Body(JsonPath),
    /// A response header, by name.
    Header(String),
}

/// Where the signals of a [`DynamicEnvelope`] are.
#[derive(Debug, Clone, Default)]
struct Paths {
    items: JsonPath,
    cursor: Option<JsonPath>,
    next_url: Option<JsonPath>,
    has_more: Option<JsonPath>,
    total: Option<JsonPath>,
    total_pages: Option<JsonPath>,
    page: Option<JsonPath>,
    keyset: Vec<JsonPath>,
    errors: Option<JsonPath>,
    carry: Option<JsonPath>,
}

/// An envelope described at run time instead of by a Rust type: its strategy, where its items and
/// signals are in the body (or the headers), and how the next request is formed: everything
/// `#[paginate(...)]` says, with JSON member paths. Its walks yield [`RawItem`]s.
///
/// ```
/// use futures::TryStreamExt;
/// use paginated_core::{DynamicEnvelope, JsonPath, Source, Strategy};
/// # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::with_records(120));
/// # let url = server.url("/playbook/api/v1/users");
/// # tokio::runtime::Runtime::new().unwrap().block_on(async {
/// let envelope = DynamicEnvelope::new(Strategy::Cursor, JsonPath::member("data"))
///     .cursor(Source::Body(JsonPath::member("pagination").then("next_cursor")))
///     .has_more(Source::Body(JsonPath::member("pagination").then("has_more")));
/// let client = paginated_core::http::client().build().unwrap();
/// let users: Vec<_> = envelope.stream(client.get(&url))?.page_size(50).try_collect().await?;
/// assert_eq!(users.len(), 120);
/// assert!(users[0].get().contains(r#""id":"usr_001""#), "{}", users[0].get());
/// # Ok::<_, paginated_core::Error>(()) }).unwrap();
/// ```
#[derive(Debug, Clone)]
pub struct DynamicEnvelope {
    spec: Spec,
    headers: Headers,
    paths: Paths,
    name: String,
}

/// The header names of signals read from headers (kept owned until the walk interns them).
#[derive(Debug, Clone, Default)]
struct Headers {
    cursor: Option<String>,
    next_url: Option<String>,
    has_more: Option<String>,
    total: Option<String>,
    total_pages: Option<String>,
    page: Option<String>,
}

impl DynamicEnvelope {
    /// An envelope of `strategy` whose items are at `items` (a list; missing or `null` is an empty
    /// page; an object is one item).
    pub fn new(strategy: Strategy, items: JsonPath) -> Self {
        DynamicEnvelope {
            spec: Spec::new(strategy),
            headers: Headers::default(),
            paths: Paths {
                items,
                ..Paths::default()
            },
            name: "dynamic".into(),
        }
    }

    /// The name checkpoints record for walks over this envelope (default `dynamic`).
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// The next cursor (strategy `Cursor`).
    pub fn cursor(mut self, source: Source) -> Self {
        set(source, &mut self.paths.cursor, &mut self.headers.cursor);
        self
    }

    /// The next page's URL (strategy `NextUrl`).
    pub fn next_url(mut self, source: Source) -> Self {
        set(source, &mut self.paths.next_url, &mut self.headers.next_url);
        self
    }

    /// Whether more items exist: `true`/`false`, also as text (`"true"`, `"1"`).
    pub fn has_more(mut self, source: Source) -> Self {
        set(source, &mut self.paths.has_more, &mut self.headers.has_more);
        self.spec = self.spec.has_more();
        self
    }

    /// The total number of items.
    pub fn total(mut self, source: Source) -> Self {
        set(source, &mut self.paths.total, &mut self.headers.total);
        self.spec = self.spec.total();
        self
    }

    /// The total number of pages.
    pub fn total_pages(mut self, source: Source) -> Self {
        set(source, &mut self.paths.total_pages, &mut self.headers.total_pages);
        self.spec = self.spec.total_pages();
        self
    }

    /// The page number the API says it returned (checked to advance).
    pub fn page(mut self, source: Source) -> Self {
        set(source, &mut self.paths.page, &mut self.headers.page);
        self.spec = self.spec.page_read();
        self
    }

    /// The parts of the key of the last item (strategy `Keyset`), each a path into an item.
    pub fn keyset(mut self, parts: Vec<JsonPath>) -> Self {
        self.paths.keyset = parts;
        self
    }

    /// The API's errors inside a successful answer (GraphQL's `errors`).
    pub fn errors(mut self, path: JsonPath) -> Self {
        self.paths.errors = Some(path);
        self
    }

    /// A value each answer carries, sent back with the next request as `param`.
    pub fn carry(mut self, path: JsonPath, param: &str) -> Self {
        self.paths.carry = Some(path);
        self.spec = self.spec.carry_param(intern_str(param));
        self
    }

    /// The name of the cursor parameter (default `cursor`).
    pub fn cursor_param(mut self, name: &str) -> Self {
        self.spec = self.spec.cursor_param(intern_str(name));
        self
    }

    /// The name of the offset parameter (default `offset`).
    pub fn offset_param(mut self, name: &str) -> Self {
        self.spec = self.spec.offset_param(intern_str(name));
        self
    }

    /// The name of the page size parameter (default `limit`, `per_page` for the page strategy).
    pub fn limit_param(mut self, name: &str) -> Self {
        self.spec = self.spec.limit_param(intern_str(name));
        self
    }

    /// The name of the page number parameter (default `page`).
    pub fn page_param(mut self, name: &str) -> Self {
        self.spec = self.spec.page_param(intern_str(name));
        self
    }

    /// The names of the keyset parameters (default `after`).
    pub fn keyset_params(mut self, names: &[&str]) -> Self {
        let names: Vec<&'static str> = names.iter().map(|name| intern_str(name)).collect();
        self.spec = self.spec.keyset_params(intern_names(&names));
        self
    }

    /// The API's largest page size.
    pub fn max_page_size(mut self, max: u64) -> Self {
        self.spec = self.spec.max_page_size(max);
        self
    }

    /// The most records one query can reach.
    pub fn cap(mut self, cap: u64) -> Self {
        self.spec = self.spec.cap(cap);
        self
    }

    /// Where the pagination parameters travel (default: the query).
    pub fn params_in(mut self, place: ParamsIn) -> Self {
        self.spec = self.spec.params_in(place);
        self
    }

    /// The body's format (default JSON; XML needs the `xml` feature, and its items are written as
    /// JSON: an element's children are members, repeated ones a list, text-only ones strings).
    pub fn format(mut self, format: Format) -> Self {
        self.spec = self.spec.format(format);
        self
    }

    /// The spec walks over this envelope use.
    pub fn spec(&self) -> Spec {
        self.spec
    }

    /// Walks every item, asynchronously, over reqwest: like `Paginate::stream`. Fails when the
    /// envelope lacks what its strategy needs (a cursor, a next URL, a key).
    pub fn stream(self, request: impl Into<Request>) -> Result<Paginator<RawItem>> {
        let (envelope, decoder) = self.prepare()?;
        let source = request.into().into_source(decoder);
        Ok(Paginator::new(envelope, Plan::Single(source)))
    }

    /// Walks every item with a blocking client, like `Paginate::iter`. Needs the `reqwest-blocking`
    /// feature.
    #[cfg(feature = "reqwest-blocking")]
    pub fn iter(self, request: impl Into<Request<Blocking>>) -> Result<Paginator<RawItem, Blocking>> {
        let (envelope, decoder) = self.prepare()?;
        let source = request.into().into_source(decoder);
        Ok(Paginator::new(envelope, Plan::Single(source)))
    }

    /// The items of one response body from `url`, read as this envelope's walks read them: for an
    /// answer that is the only page, which needs no walk. Its signals are not read.
    ///
    /// ```
    /// use paginated_core::{DynamicEnvelope, JsonPath, Strategy};
    ///
    /// let envelope = DynamicEnvelope::new(Strategy::Offset, JsonPath::member("data"));
    /// let items = envelope.items_of("https://api.example.com/v1/tags", br#"{"data": [{"id": 1}, {"id": 2}]}"#)?;
    /// assert_eq!(items.iter().map(|item| item.get()).collect::<Vec<_>>(), [r#"{"id": 1}"#, r#"{"id": 2}"#]);
    /// # Ok::<_, paginated_core::Error>(())
    /// ```
    pub fn items_of(&self, url: &str, body: &[u8]) -> Result<Vec<RawItem>> {
        let url =
            Url::parse(url).map_err(|error| ErrorKind::InvalidRequest(format!("not a URL: {error}")))?;
        let decoder = DynamicDecoder {
            spec: intern(Spec::new(Strategy::Offset).format(self.spec.body_format())),
            paths: Arc::new(Paths {
                items: self.paths.items.clone(),
                ..Paths::default()
            }),
        };
        Ok(decoder.decode(&url, body, &Secrets::default())?.items)
    }

    /// Checks the envelope and fixes its spec for its walks.
    fn prepare(self) -> Result<(Envelope, DynamicDecoder)> {
        let strategy = self.spec.strategy();
        let missing = match strategy {
            Strategy::Cursor if self.paths.cursor.is_none() && self.headers.cursor.is_none() => {
                Some("a cursor (`cursor`)")
            }
            Strategy::NextUrl if self.paths.next_url.is_none() && self.headers.next_url.is_none() => {
                Some("a next URL (`next_url`)")
            }
            Strategy::Keyset if self.paths.keyset.is_empty() => Some("a key (`keyset`)"),
            _ => None,
        };
        if let Some(missing) = missing {
            return Err(ErrorKind::InvalidRequest(format!(
                "a `{}` envelope needs {missing}",
                strategy.name()
            ))
            .into());
        }
        if self.spec.body_format() == Format::Xml && !cfg!(feature = "xml") {
            return Err(ErrorKind::InvalidRequest(
                "XML envelopes need the `xml` feature of paginated".into(),
            )
            .into());
        }
        let header = |name: &Option<String>| name.as_deref().map(intern_str);
        let spec = self.spec.headers(HeaderSignals {
            cursor: header(&self.headers.cursor),
            next_url: header(&self.headers.next_url),
            has_more: header(&self.headers.has_more),
            total: header(&self.headers.total),
            total_pages: header(&self.headers.total_pages),
            page: header(&self.headers.page),
        });
        let spec = intern(spec);
        let envelope = Envelope::named(spec, intern_str(&self.name));
        let decoder = DynamicDecoder {
            spec,
            paths: Arc::new(self.paths),
        };
        Ok((envelope, decoder))
    }
}

fn set(source: Source, path: &mut Option<JsonPath>, header: &mut Option<String>) {
    match source {
        Source::Body(body) => *path = Some(body),
        Source::Header(name) => *header = Some(name),
    }
}

/// Decodes the bodies of a [`DynamicEnvelope`]'s walk: the body is checked to be JSON and read in
/// place; only the items are copied out.
#[derive(Clone)]
struct DynamicDecoder {
    spec: &'static Spec,
    paths: Arc<Paths>,
}

impl BodyDecoder<RawItem> for DynamicDecoder {
    fn spec(&self) -> &'static Spec {
        self.spec
    }

    fn decode(&self, url: &Url, body: &[u8], secrets: &Secrets) -> Result<PageParts<RawItem>> {
        match self.spec.body_format() {
            Format::Json => self.split(url, body, secrets),
            #[cfg(feature = "xml")]
            Format::Xml => {
                let json = xml_to_json(url, body, secrets)?;
                self.split(url, json.as_bytes(), secrets)
            }
            #[cfg(not(feature = "xml"))]
            Format::Xml => Err(ErrorKind::InvalidRequest(
                "XML envelopes need the `xml` feature of paginated".into(),
            )
            .into()),
        }
    }

    fn items_fingerprint(&self, _: &[RawItem]) -> Option<Fingerprint> {
        None
    }
}

impl DynamicDecoder {
    fn split(&self, url: &Url, body: &[u8], secrets: &Secrets) -> Result<PageParts<RawItem>> {
        let failure = |message: String| -> Error {
            ErrorKind::Decode {
                url: redact_with(url.as_str(), secrets),
                path: String::new(),
                offset: None,
                message: escape(&secrets.scrub(&message)),
                snippet: snippet(body, SNIPPET_CHARS, secrets),
            }
            .into()
        };
        let root: &RawValue = serde_json::from_slice(body).map_err(|error| failure(error.to_string()))?;
        let paths = &*self.paths;
        let found = values_at(root, &paths.items, true)
            .map_err(|error| failure(format!("at `{}`: {error}", paths.items)))?;
        if paths.items.steps().is_empty() && !root.get().starts_with('[') {
            return Err(failure(
                "the body is not a list of items: name where the items are (`items = \"data\"`)".into(),
            ));
        }
        let items: Vec<RawItem> = found.into_iter().map(RawValue::to_owned).collect();
        let read = |path: &Option<JsonPath>| -> Result<Option<serde_json::Value>> {
            let Some(path) = path else { return Ok(None) };
            let found =
                values_at(root, path, false).map_err(|error| failure(format!("at `{path}`: {error}")))?;
            match found.first() {
                Some(raw) => serde_json::from_str(raw.get())
                    .map(Some)
                    .map_err(|error| failure(format!("at `{path}`: {error}"))),
                None => Ok(None),
            }
        };
        let keyset = match (paths.keyset.is_empty(), items.last()) {
            (false, Some(last)) => Some(key_of(last, &paths.keyset).map_err(failure)?),
            _ => None,
        };
        let signals = Signals {
            cursor: read(&paths.cursor)?.and_then(|value| value.cursor_token()),
            next_url: read(&paths.next_url)?.and_then(|value| value.as_str().map(str::to_owned)),
            has_more: read(&paths.has_more)?.and_then(|value| flag(&value)),
            total: read(&paths.total)?.and_then(|value| count(&value)),
            total_pages: read(&paths.total_pages)?.and_then(|value| count(&value)),
            page: read(&paths.page)?.and_then(|value| count(&value)),
            keyset,
            error: read(&paths.errors)?.and_then(|value| value.error_message()),
            carry: read(&paths.carry)?.and_then(|value| value.cursor_token()),
        };
        Ok(PageParts::new(items, signals))
    }
}

/// The key of `item` for a keyset walk: one token per part.
fn key_of(item: &RawValue, parts: &[JsonPath]) -> std::result::Result<Vec<Token>, String> {
    let mut key = Vec::with_capacity(parts.len());
    for part in parts {
        let found =
            values_at(item, part, false).map_err(|error| format!("at `{part}` of the last item: {error}"))?;
        let value: serde_json::Value = match found.first() {
            Some(raw) => serde_json::from_str(raw.get()).map_err(|error| error.to_string())?,
            None => return Err(format!("the last item has no `{part}`")),
        };
        match value.key_part() {
            Some(token) => key.push(token),
            None => return Err(format!("the last item's `{part}` is null")),
        }
    }
    Ok(key)
}

/// `true`/`false`, or text saying so (`"true"`, `"1"`: XML has no booleans).
fn flag(value: &serde_json::Value) -> Option<bool> {
    match value {
        serde_json::Value::Bool(flag) => Some(*flag),
        serde_json::Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A count: a non-negative integer, or text holding one.
fn count(value: &serde_json::Value) -> Option<u64> {
    match value {
        serde_json::Value::Number(number) => number.as_u64(),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Gives a run-time value the `'static` lifetime a spec's fields have: each distinct value is leaked
/// once and shared by every later equal one, so memory grows only with the number of distinct values.
fn interned<T: Eq + Hash + ?Sized + 'static>(
    table: &'static OnceLock<Mutex<HashSet<&'static T>>>,
    value: &T,
    leak: impl FnOnce() -> &'static T,
) -> &'static T {
    let mut table = table
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = table.get(value) {
        return known;
    }
    let leaked = leak();
    table.insert(leaked);
    leaked
}

/// A run-time name, as a spec holds it.
fn intern_str(text: &str) -> &'static str {
    static TABLE: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
    interned(&TABLE, text, || Box::leak(text.into()))
}

/// Run-time parameter names, as a spec holds them.
fn intern_names(names: &[&'static str]) -> &'static [&'static str] {
    static TABLE: OnceLock<Mutex<HashSet<&'static [&'static str]>>> = OnceLock::new();
    interned(&TABLE, names, || Box::leak(names.into()))
}

/// A spec built at run time, for walks that hold it as `&'static`.
fn intern(spec: Spec) -> &'static Spec {
    static TABLE: OnceLock<Mutex<HashSet<&'static Spec>>> = OnceLock::new();
    interned(&TABLE, &spec, || Box::leak(Box::new(spec)))
}
