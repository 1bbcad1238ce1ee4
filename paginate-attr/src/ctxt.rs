//! Collects every error of one attribute (or one derive) so they are reported together.

use std::cell::RefCell;
use std::fmt::Display;

use quote::ToTokens;

/// The errors found so far. Parsing and checking record errors here and carry on, so that every mistake
/// of an attribute is reported at once.
///
/// ```
/// use paginated_attr::Ctxt;
///
/// let cx = Ctxt::default();
/// cx.error_spanned_by(quote::quote!(curosr), "unknown `paginate` key `curosr`");
/// assert!(cx.has_errors());
/// assert_eq!(cx.check().unwrap_err().to_string(), "unknown `paginate` key `curosr`");
/// ```
#[derive(Default)]
pub struct Ctxt {
    errors: RefCell<Vec<syn::Error>>,
}

impl Ctxt {
    /// Records `message` at the span of `tokens` (from the first token to the last).
    pub fn error_spanned_by(&self, tokens: impl ToTokens, message: impl Display) {
        self.errors
            .borrow_mut()
            .push(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// Records an error as it is.
    pub fn syn_error(&self, error: syn::Error) {
        self.errors.borrow_mut().push(error);
    }

    /// Whether an error was recorded.
    pub fn has_errors(&self) -> bool {
        !self.errors.borrow().is_empty()
    }

    /// Every error, in the order they were recorded.
    pub fn into_errors(self) -> Vec<syn::Error> {
        self.errors.into_inner()
    }

    /// All errors combined into one, or `Ok` if there were none.
    pub fn check(self) -> syn::Result<()> {
        let mut errors = self.into_errors().into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined)
    }
}
