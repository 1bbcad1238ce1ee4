//! reqwest clients with safe defaults for paginated walks: timeouts that bound a silent server,
//! redirects followed only within one origin (so no header, custom credential headers included, ever
//! reaches another origin through a redirect), and a user agent.

use std::time::Duration;

const USER_AGENT: &str = concat!("paginated/", env!("CARGO_PKG_VERSION"));
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const READ_TIMEOUT: Duration = Duration::from_secs(30);
const MAX_REDIRECTS: usize = 10;

fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let first = attempt.previous().first().map(url::Url::origin);
        if attempt.previous().len() > MAX_REDIRECTS {
            attempt.error("too many redirects")
        } else if first.is_some_and(|first| first != attempt.url().origin()) {
            // Not followed: the walk sees the redirect itself and refuses it as another origin.
            attempt.stop()
        } else {
            attempt.follow()
        }
    })
}

/// An async client builder with safe defaults: 10 s to connect, 30 s without a byte read, redirects
/// only within the origin (a redirect to another origin is returned to the walk, which refuses it with
/// [`ErrorKind::CrossOrigin`](crate::ErrorKind::CrossOrigin)), and a `paginated/<version>` user agent.
/// Add your own settings, then `build()`.
///
/// ```
/// let client = paginated_core::http::client().build().unwrap();
/// # drop(client);
/// ```
pub fn client() -> reqwest::ClientBuilder {
    reqwest::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .read_timeout(READ_TIMEOUT)
        .redirect(same_origin_redirects())
        .user_agent(USER_AGENT)
}

/// The blocking twin of [`client`]. Needs the `reqwest-blocking` feature.
///
/// ```
/// let client = paginated_core::http::blocking_client().build().unwrap();
/// # drop(client);
/// ```
#[cfg(feature = "reqwest-blocking")]
pub fn blocking_client() -> reqwest::blocking::ClientBuilder {
    reqwest::blocking::Client::builder()
        .connect_timeout(CONNECT_TIMEOUT)
        .timeout(READ_TIMEOUT)
        .redirect(same_origin_redirects())
        .user_agent(USER_AGENT)
}
