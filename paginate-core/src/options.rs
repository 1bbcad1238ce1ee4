//! Builder settings shared by the async and blocking paginators.

use crate::http::DEFAULT_MAX_BODY_BYTES;
use crate::source::FetchOptions;
use crate::walk::WalkConfig;

#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) walk: WalkConfig,
    pub(crate) fetch: FetchOptions,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            walk: WalkConfig::default(),
            fetch: FetchOptions {
                max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            },
        }
    }
}

/// The builder methods of a paginator type, given the path to its `Options` field.
macro_rules! builder_methods {
    ($($options:ident).+) => {
        /// Items to ask for per page; clamped to the envelope's `max_page_size`. Without it the API's
        /// default (or the size already in your request) applies.
        pub fn page_size(mut self, size: u64) -> Self {
            self.$($options).+.walk.page_size = Some(size);
            self
        }
        /// Stop after this many items; always wins over the API's signals.
        pub fn max_items(mut self, max: u64) -> Self {
            self.$($options).+.walk.max_items = Some(max);
            self
        }
        /// Stop after this many pages (a runaway guard); always wins over the API's signals.
        pub fn max_pages(mut self, max: u64) -> Self {
            self.$($options).+.walk.max_pages = Some(max);
            self
        }
        /// Consecutive empty pages tolerated while the API says there is more (default 3).
        pub fn max_empty_pages(mut self, max: u32) -> Self {
            self.$($options).+.walk.max_empty_pages = max;
            self
        }
        /// Policy for a next URL or `Link` on another origin (default: refuse).
        pub fn cross_origin(mut self, policy: $crate::CrossOrigin) -> Self {
            self.$($options).+.walk.cross_origin = policy;
            self
        }
        /// Whether ending before the API's `total` is an [`Error::Truncated`](crate::Error::Truncated)
        /// (default true).
        pub fn detect_truncation(mut self, detect: bool) -> Self {
            self.$($options).+.walk.detect_truncation = detect;
            self
        }
        /// Cap on one response body, in bytes (default 32 MiB).
        pub fn max_body_bytes(mut self, max: u64) -> Self {
            self.$($options).+.fetch.max_body_bytes = max;
            self
        }
    };
}
pub(crate) use builder_methods;
