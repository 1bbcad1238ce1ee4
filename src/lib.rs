//! placeholder
pub use paginate_core::*;
pub use paginate_derive::Paginate;
#[doc(hidden)]
pub mod __private {
    pub use paginate_core::__private::*;
}
