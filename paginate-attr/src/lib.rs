//! The attribute language of [`paginated`](https://docs.rs/paginated): the model of what
//! `#[paginate(...)]` says, its parser, the checks that need no Rust type, and a printer back to text.
//!
//! `#[derive(Paginate)]` parses its attributes with this crate, then checks what needs the envelope's
//! fields and types itself. Tools that take the same language at run time (a command line's
//! `--paginate` option) read it with [`parse_str`]: one grammar, one set of checks, the same messages. At
//! run time a path names JSON members, not Rust fields, so a member whose name is no Rust identifier is
//! written in single quotes (`next_url = "'@odata.nextLink'"`, `cursor = "meta.'next-page'"`);
//! the derive refuses those, and says how to declare the field instead.
//!
//! ```
//! use paginated_attr::{parse_str, to_text, Source, StrategyAttr};
//!
//! let attrs = parse_str(r#"next_url = "'@odata.nextLink'", items = "value", total = header("X-Total-Count")"#)
//!     .unwrap();
//! let Some(StrategyAttr::NextUrl(Source::Body(next))) = attrs.strategy().map(|strategy| &strategy.attr) else {
//!     unreachable!()
//! };
//! assert_eq!(next.first().name.json(), "@odata.nextLink");
//! assert_eq!(attrs.total.as_ref().and_then(Source::header).as_deref(), Some("X-Total-Count"));
//!
//! // Written back in canonical form, which reads back to the same attributes.
//! let text = to_text(&attrs);
//! assert_eq!(text, r#"next_url = "'@odata.nextLink'", items = "value", total = header("X-Total-Count")"#);
//! assert_eq!(to_text(&parse_str(&text).unwrap()), text);
//!
//! // Every mistake, with the derive's message and the bytes it is about.
//! let text = r#"item = User, cursor = "meta.next", max_page_size = 0"#;
//! let errors = parse_str(text).unwrap_err();
//! assert_eq!(errors.len(), 2);
//! assert_eq!(&text[errors[0].range.clone()], "item = User");
//! assert_eq!(&text[errors[1].range.clone()], "0");
//! assert!(errors[1].message.starts_with("`max_page_size` takes a whole number from 1"));
//! ```
//!
//! # Features
//!
//! - `runtime` (default): [`parse_str`] and [`Diagnostic`]. It turns on proc-macro2's `span-locations`,
//!   which a proc macro has no use for: the derive depends on this crate without it.

#![warn(missing_docs)]

mod canonical;
mod check;
mod ctxt;
pub mod keys;
mod model;
mod parse;
mod path;
#[cfg(feature = "runtime")]
mod runtime;
mod suggest;

pub use canonical::to_text;
pub use check::{check_strategy, check_strategy_options};
pub use ctxt::Ctxt;
pub use model::{Attributes, Format, ParamsIn, Source, Strategy, StrategyAttr};
pub use parse::skip_value;
pub use path::Mode;
pub use path::{located, FieldPath, Name, Segment};
#[cfg(feature = "runtime")]
pub use runtime::{parse_str, Diagnostic};
pub use suggest::{closest, tokens_text};

/// The README's example, compiled and run as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
