//! The `paginated` binary against `paginated-mock`, over HTTP.

mod support;

mod apis;
mod hostile;
mod options;
mod resume;
