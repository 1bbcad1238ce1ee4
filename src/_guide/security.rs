//! # Security
//!
//! Everything from the network is untrusted input: next URLs, redirects, bodies, and checkpoints when
//! they come back. What a walk sends where:
//!
//! - **The origin you addressed gets your request as you built it**, every header included, on every
//!   page.
//! - **Another origin gets nothing by default.** A next URL or `Link` on another origin, a redirect that
//!   lands there, or a checkpoint whose position points there is refused with
//!   [`ErrorKind::CrossOrigin`](crate::ErrorKind::CrossOrigin) (a checkpoint:
//!   [`InvalidCheckpoint`](crate::ErrorKind::InvalidCheckpoint)) before anything is sent to it or
//!   yielded from it.
//! - **An origin you name with [`.allow_origin("https://...")`](crate::Paginator::allow_origin)** is
//!   treated as the walk's own: it gets the whole request.
//! - **With [`.cross_origin(CrossOrigin::FollowWithoutCredentials)`](crate::CrossOrigin)**, another
//!   origin gets only headers known to carry no credential: `Accept`, `Accept-Encoding`,
//!   `Accept-Language`, `Cache-Control`, `Content-Type`, `Pragma`, `User-Agent`. `Authorization`,
//!   cookies and every other header (`X-Api-Key`, `X-Auth-Token`, ...) stay home, and so does a request
//!   body: a walk with one is refused there ([`CrossOriginReason::Body`](crate::CrossOriginReason::Body)).
//! - **Redirects are followed by the HTTP client**, below the walk. reqwest's default client follows
//!   them and drops only `Authorization` and cookies on the way to another origin; the walk then
//!   refuses the page and says what may have left
//!   ([`CrossOriginReason::FollowedByClient`](crate::CrossOriginReason::FollowedByClient)).
//!   [`paginated::http::client()`](crate::http::client) (and `blocking_client()`) builds a client that
//!   follows redirects only within the origin, with connect and read timeouts and a `paginated` user
//!   agent: the redirect comes back to the walk, which refuses it, and nothing is sent
//!   ([`CrossOriginReason::Redirected`](crate::CrossOriginReason::Redirected), whatever origins are
//!   allowed: request the redirect's target directly if it may receive the request).
//! - **A closure transport is only handed http(s) URLs** on the walk's origin (the first absolute URL
//!   it meets), or paths relative to it; never `//host`, `file:` or `javascript:` URLs.
//!
//! ```
//! use paginated::{CrossOrigin, ErrorKind, Paginate};
//! use paginated_mock::{MockConfig, MockServer};
//! use serde::Deserialize;
//!
//! #[derive(Debug, Deserialize)]
//! struct Item { id: u64 }
//!
//! #[derive(Deserialize, Paginate)]
//! #[paginate(next_url = "next")]
//! struct ItemsPage { data: Vec<Item>, next: Option<String> }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // The API's second page links to another origin.
//! let elsewhere = MockServer::start(MockConfig::default());
//! let api = MockServer::start(MockConfig {
//!     redirect_origin: Some(elsewhere.base_url().to_owned()),
//!     ..MockConfig::default()
//! });
//! let client = paginated::http::blocking_client().build()?;
//! let items = || client.get(api.url("/hostile/next-elsewhere")).header("x-api-key", "s3cr3t");
//!
//! // Refused by default: the first page's items, then the error; nothing went there.
//! let walk: Vec<_> = ItemsPage::iter(items()).collect();
//! assert_eq!(walk.len(), 6);
//! assert!(matches!(walk[5].as_ref().unwrap_err().kind(), ErrorKind::CrossOrigin { .. }));
//! assert_eq!(elsewhere.request_count(), 0);
//!
//! // Followed without credentials: the key stays home.
//! let ids: Vec<u64> = ItemsPage::iter(items())
//!     .cross_origin(CrossOrigin::FollowWithoutCredentials)
//!     .map(|item| item.map(|item| item.id))
//!     .collect::<Result<_, _>>()?;
//! assert_eq!(ids, (1..=10).collect::<Vec<_>>());
//! assert_eq!(elsewhere.requests()[0].header("x-api-key"), None);
//!
//! // An origin named as the walk's own gets the whole request.
//! let walk = ItemsPage::iter(items()).allow_origin(elsewhere.base_url());
//! assert_eq!(walk.count(), 10);
//! assert_eq!(elsewhere.requests()[1].header("x-api-key"), Some("s3cr3t"));
//! # Ok(()) }
//! ```
//!
//! # Checkpoints
//!
//! A checkpoint holds no credential: credential query parameters (`api_key`, `access_token`,
//! `X-Amz-Signature`, ...) are taken out of the URLs it keeps, and headers and bodies are never stored;
//! the request a walk resumes with supplies them again, so a rotated key resumes. A checkpoint is
//! bound to the whole request that started its walk (method, URL and body, credentials and
//! pagination parameters aside): one taken for `?tenant=alice` does not resume a walk for
//! `?tenant=bob`. It is checked against the walk that resumes it (strategy, envelope, request,
//! origin, counters that can be) and refused with
//! [`ErrorKind::InvalidCheckpoint`](crate::ErrorKind::InvalidCheckpoint) before any request. Sign
//! checkpoints that leave the process: a walk with a key signs the checkpoints it takes (HMAC-SHA256)
//! and refuses unsigned or altered ones. Keys are 32 bytes at least.
//!
//! ```
//! use paginated::{CheckpointKey, ErrorKind, PageRequest, Paginate};
//!
//! #[derive(Paginate)]
//! #[paginate(page, total_pages = "pages")]
//! struct Numbers { data: Vec<u64>, pages: u64 }
//!
//! let api = |request: PageRequest| {
//!     let page = request.page().unwrap();
//!     Ok::<_, std::io::Error>(Numbers { data: vec![page * 10, page * 10 + 1], pages: 3 })
//! };
//! assert!(CheckpointKey::new(*b"too short").is_err());
//! let key = CheckpointKey::new(vec![7; 32])?;
//!
//! let mut walk = Numbers::from_fn_blocking(api).sign_checkpoints(key.clone());
//! walk.next();
//! let checkpoint = walk.checkpoint();
//! assert!(checkpoint.is_signed());
//!
//! // Resumed with the key: the rest. Without a key, or with another one: refused.
//! let rest = Numbers::from_fn_blocking(api).sign_checkpoints(key).resume(checkpoint.clone());
//! assert_eq!(rest.collect::<Result<Vec<u64>, _>>()?, [11, 20, 21, 30, 31]);
//! let other = CheckpointKey::new(vec![8; 32])?;
//! let mut refused = Numbers::from_fn_blocking(api).sign_checkpoints(other).resume(checkpoint);
//! let error = refused.next().unwrap().unwrap_err();
//! assert!(matches!(error.kind(), ErrorKind::InvalidCheckpoint { .. }));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```
//!
//! # What errors may print
//!
//! Errors never print a credential or a control character. The secrets a walk sent (credential
//! headers, query parameters and body members) are scrubbed wherever a server echoes them; URLs lose
//! their user info and the values of credential-like parameters (`api_key`, `access_token`,
//! `X-Amz-Signature`, `hmac`, `ticket`, ...); JSON members such as `"password": "..."` and `Bearer` or
//! `Basic` credentials are redacted; terminal escapes, line and paragraph separators are escaped, so
//! a body cannot forge log lines.
//!
//! ```
//! use paginated::{ErrorKind, Paginate};
//! # #[derive(serde::Deserialize, Paginate)]
//! # #[paginate(cursor = "next")]
//! # struct ItemsPage { data: Vec<u64>, next: Option<String> }
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let server = paginated_mock::MockServer::start(paginated_mock::MockConfig::default());
//! // A `400` whose body holds terminal escapes, a fake log line and the query, echoed.
//! let url = server.url("/hostile/evil-error?api_key=s3cr3t&q=ok");
//! let client = paginated::http::blocking_client().build()?;
//! let error = ItemsPage::iter(client.get(url)).next().unwrap().unwrap_err();
//! let text = error.to_string();
//! assert!(matches!(error.kind(), ErrorKind::Status { status: 400, .. }));
//! assert!(text.contains("api_key=REDACTED") && text.contains("q=ok"));
//! assert!(!text.contains("s3cr3t") && !text.contains('\x1b') && !text.contains('\n'));
//! # Ok(()) }
//! ```
