//! The reqwest transports: the user's request is built once and cloned for every page, with only the
//! pagination parameters changed. A [`Request`] carries the transport's own settings (the body cap)
//! next to the user's request, for async and blocking reqwest alike.

use std::future::Future;
use std::sync::{Arc, Mutex};

use reqwest::header::HeaderMap;
use url::Url;

use crate::engine::fetch::{Fetch, Fetcher, Reusable};
use crate::engine::mode::{Async, Mode};
use crate::error::{ErrorKind, Result};
use crate::protocol::binding::binding;
use crate::protocol::page::ReceivedPage;
use crate::protocol::redact::{escape, Secrets};
use crate::protocol::request::PageRequest;
use crate::protocol::spec::Spec;
use crate::protocol::walk::Endpoint;
use crate::transport::http::{self, BodyDecoder, DEFAULT_MAX_BODY_BYTES};

const STREAMING_BODY: &str = "the request body is a stream and cannot be sent once per page";

/// What the async and blocking reqwest requests both offer, to repeat one with new parameters.
pub trait RepeatableRequest: Sized {
    fn try_clone(&self) -> Option<Self>;
    fn method(&self) -> &reqwest::Method;
    fn headers(&self) -> &HeaderMap;
    fn url(&self) -> &Url;
    fn url_mut(&mut self) -> &mut Url;
    fn headers_mut(&mut self) -> &mut HeaderMap;
    fn body_bytes(&self) -> Option<&[u8]>;
    fn set_body(&mut self, body: Vec<u8>);
}

macro_rules! repeatable_request {
    ($request:ty, $body:ty) => {
        impl RepeatableRequest for $request {
            fn try_clone(&self) -> Option<Self> {
                <$request>::try_clone(self)
            }
            fn method(&self) -> &reqwest::Method {
                <$request>::method(self)
            }
            fn headers(&self) -> &HeaderMap {
                <$request>::headers(self)
            }
            fn url(&self) -> &Url {
                <$request>::url(self)
            }
            fn url_mut(&mut self) -> &mut Url {
                <$request>::url_mut(self)
            }
            fn headers_mut(&mut self) -> &mut HeaderMap {
                <$request>::headers_mut(self)
            }
            fn body_bytes(&self) -> Option<&[u8]> {
                self.body().and_then(<$body>::as_bytes)
            }
            fn set_body(&mut self, body: Vec<u8>) {
                *self.body_mut() = Some(body.into());
            }
        }
    };
}

repeatable_request!(reqwest::Request, reqwest::Body);
#[cfg(feature = "reqwest-blocking")]
repeatable_request!(reqwest::blocking::Request, reqwest::blocking::Body);

/// The user's request, built once (or the error building it), repeated for every page, with the
/// secrets it sends.
pub(crate) struct Template<R> {
    built: std::result::Result<R, String>,
    secrets: Arc<Secrets>,
}

impl<R: RepeatableRequest> Template<R> {
    pub(crate) fn new<E: std::fmt::Display>(built: std::result::Result<R, E>) -> Self {
        let secrets = match &built {
            Ok(request) => http::secrets_of(request.url(), request.headers(), request.body_bytes()),
            Err(_) => Secrets::default(),
        };
        Template {
            built: built.map_err(|error| escape(&secrets.scrub(&error.to_string()))),
            secrets: Arc::new(secrets),
        }
    }

    /// The secrets the request sends, scrubbed from error messages.
    pub(crate) fn secrets(&self) -> &Arc<Secrets> {
        &self.secrets
    }

    /// The request for `page`: the original with the pagination parameters replaced.
    pub(crate) fn page_request(&self, spec: &Spec, page: &PageRequest) -> Result<R> {
        let template = self
            .built
            .as_ref()
            .map_err(|error| ErrorKind::InvalidRequest(error.clone()))?;
        let mut request = template
            .try_clone()
            .ok_or_else(|| ErrorKind::InvalidRequest(STREAMING_BODY.into()))?;
        let (url, body) = http::prepare(
            spec,
            page,
            template.url(),
            template.body_bytes(),
            request.headers_mut(),
        )?;
        *request.url_mut() = url;
        if let Some(body) = body {
            request.set_body(body);
        }
        Ok(request)
    }

    /// Where the walk runs: the request's URL, its binding and its secrets (the envelope's name is
    /// the surface's to add).
    pub(crate) fn endpoint(&self, spec: &Spec) -> Endpoint {
        let Ok(template) = &self.built else {
            return Endpoint::default();
        };
        let (url, body) = (template.url(), template.body_bytes());
        Endpoint {
            url: Some(url.clone()),
            envelope: None,
            binding: Some(binding(template.method().as_str(), url, body, spec)),
            size_in_request: http::size_in_request(spec, url, body),
            secrets: Secrets::clone(&self.secrets),
        }
    }
}

/// The modes walks over reqwest run in: [`Async`], and [`Blocking`](crate::Blocking) with the `reqwest-blocking`
/// feature.
pub trait HttpMode: Mode + sealed::HttpModeImpl {}

impl HttpMode for Async {}
#[cfg(feature = "reqwest-blocking")]
impl HttpMode for Blocking {}

pub(crate) mod sealed {
    use super::*;

    /// What a mode's reqwest transport is made of.
    pub trait HttpModeImpl: Mode {
        /// reqwest's client of this mode.
        type Client: Send + Sync + 'static;
        /// reqwest's request of this mode.
        type Request: RepeatableRequest + Send + 'static;
    }

    impl HttpModeImpl for Async {
        type Client = reqwest::Client;
        type Request = reqwest::Request;
    }

    #[cfg(feature = "reqwest-blocking")]
    impl HttpModeImpl for Blocking {
        type Client = reqwest::blocking::Client;
        type Request = reqwest::blocking::Request;
    }
}

/// A paginated request over reqwest: the request every page repeats, with the transport's settings.
/// Walks take it, or a `reqwest::RequestBuilder` (a `reqwest::blocking::RequestBuilder` for a
/// [`Blocking`](crate::Blocking) walk) directly.
///
/// ```
/// use paginated_core::Request;
/// let request = Request::from(reqwest::Client::new().get("http://127.0.0.1:1/v1/users")).max_body_bytes(1 << 20);
/// # drop(request);
/// ```
pub struct Request<M: HttpMode = Async> {
    client: M::Client,
    template: Template<M::Request>,
    max_body_bytes: u64,
    first: Option<Mutex<Option<FirstResponse>>>,
}

/// A response already received for a walk's request as built, before the walk changed any of its
/// parameters: a tool that read the first page to decide how to walk hands it to the walk with
/// [`Request::first_response`] instead of having it requested twice.
#[derive(Clone, Debug)]
pub struct FirstResponse {
    /// The HTTP status.
    pub status: u16,
    /// The URL that answered, after any redirect: relative next URLs resolve against it.
    pub url: Url,
    /// The response's headers.
    pub headers: HeaderMap,
    /// The whole body.
    pub body: Vec<u8>,
}

impl<M: HttpMode> Request<M> {
    /// Cap on one response body, in bytes (default 32 MiB): a larger body is
    /// [`ErrorKind::BodyTooLarge`], refused before it is read when its `Content-Length` says so.
    pub fn max_body_bytes(mut self, max: u64) -> Self {
        self.max_body_bytes = max;
        self
    }

    /// The response to this request as it was built, already received: the walk's first page is
    /// read from it, once, when the walk's first request is this request unchanged (the same
    /// method, URL, headers and body); a walk whose first request differs (a page size or a
    /// resumed position in it) requests its first page as usual. The response goes through the
    /// same checks as any page (status, origin, size cap, decoding).
    ///
    /// ```
    /// use paginated_core::http::FirstResponse;
    /// use paginated_core::Request;
    /// let url: url::Url = "http://127.0.0.1:1/v1/users".parse().unwrap();
    /// let first = FirstResponse {
    ///     status: 200,
    ///     url: url.clone(),
    ///     headers: Default::default(),
    ///     body: br#"{"data": [], "has_more": false}"#.to_vec(),
    /// };
    /// let request = Request::from(reqwest::Client::new().get(url)).first_response(first);
    /// # drop(request);
    /// ```
    pub fn first_response(mut self, response: FirstResponse) -> Self {
        self.first = Some(Mutex::new(Some(response)));
        self
    }

    /// The first response, when `request` (the walk's first) is the request as built. Taken on the
    /// first call whatever the request: a response that does not fit the first request fits none,
    /// and later pages pay no comparison.
    fn take_first(&self, request: &M::Request) -> Option<FirstResponse> {
        // A poisoned lock held only an `Option`: nothing in it can be half-changed.
        let response = (self.first.as_ref()?.lock())
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take()?;
        let template = self.template.built.as_ref().ok()?;
        let unchanged = request.method() == template.method()
            && request.url() == template.url()
            && request.headers() == template.headers()
            && request.body_bytes() == template.body_bytes();
        unchanged.then_some(response)
    }
}

impl Request<Async> {
    /// The transport of an async walk over this request, decoding its pages with `decoder`.
    pub(crate) fn into_source<T, D>(self, decoder: D) -> Box<dyn Fetch<T>>
    where
        T: Send + 'static,
        D: BodyDecoder<T> + Clone,
    {
        Box::new(Arc::new(ReqwestSource {
            request: self,
            decoder,
            items: std::marker::PhantomData,
        }))
    }
}

#[cfg(feature = "reqwest-blocking")]
use blocking_imports::*;
#[cfg(feature = "reqwest-blocking")]
mod blocking_imports {
    pub(super) use std::io::Read;
    pub(super) use std::time::Duration;

    pub(super) use crate::engine::fetch::FetchBlocking;
    pub(super) use crate::engine::mode::Blocking;
    pub(super) use crate::error::{Error, TimeoutScope};
    pub(super) use crate::protocol::redact::redact_with;
}

#[cfg(feature = "reqwest-blocking")]
impl Request<Blocking> {
    /// The transport of a blocking walk over this request, decoding its pages with `decoder`.
    pub(crate) fn into_source<T, D>(self, decoder: D) -> Box<dyn FetchBlocking<T>>
    where
        T: 'static,
        D: BodyDecoder<T>,
    {
        Box::new(ReqwestSource {
            request: self,
            decoder,
            items: std::marker::PhantomData,
        })
    }
}

impl From<reqwest::RequestBuilder> for Request<Async> {
    fn from(request: reqwest::RequestBuilder) -> Self {
        let (client, template) = request.build_split();
        Request {
            client,
            template: Template::new(template),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            first: None,
        }
    }
}

#[cfg(feature = "reqwest-blocking")]
impl From<reqwest::blocking::RequestBuilder> for Request<Blocking> {
    fn from(request: reqwest::blocking::RequestBuilder) -> Self {
        let (client, template) = request.build_split();
        Request {
            client,
            template: Template::new(template),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            first: None,
        }
    }
}

/// The reqwest transport of a walk in mode `M`: a [`Request`] and how to decode its pages.
struct ReqwestSource<M: HttpMode, D, T> {
    request: Request<M>,
    decoder: D,
    items: std::marker::PhantomData<fn() -> T>,
}

impl<D, T> ReqwestSource<Async, D, T>
where
    D: BodyDecoder<T> + Clone,
    T: Send + 'static,
{
    /// The fetch of `page`.
    fn fetch(&self, page: &PageRequest) -> impl Future<Output = Result<ReceivedPage<T>>> + Send + 'static {
        let request = self.request.template.page_request(self.decoder.spec(), page);
        let limit = self.request.max_body_bytes;
        let decoder = self.decoder.clone();
        let secrets = Arc::clone(self.request.template.secrets());
        // Sent from here (reqwest's future is lazy until polled): the future below then holds only
        // the response's state. A response already received for this request answers it instead.
        let sent = match request
            .as_ref()
            .ok()
            .and_then(|request| self.request.take_first(request))
        {
            Some(first) => Err(first),
            None => Ok(request.map(|request| self.request.client.execute(request))),
        };
        async move {
            let secrets = &*secrets;
            let sent = match sent {
                Ok(sent) => sent,
                Err(first) => return first.finish(&decoder, limit, secrets),
            };
            let mut response = sent?
                .await
                .map_err(|error| http::client_error(error, None, secrets))?;
            let url = response.url().clone();
            let announced = response.content_length();
            if let Some(length) = announced {
                http::check_size(&url, length, limit, secrets)?;
            }
            // The body as it came: a body in one chunk is used as it is, a longer one is joined into
            // one buffer, of the announced length when there is one (never a second copy of it).
            let read =
                |chunk: reqwest::Result<_>| chunk.map_err(|error| http::client_error(error, None, secrets));
            let mut single = read(response.chunk().await)?;
            let mut joined = Vec::new();
            if let Some(first) = &single {
                http::check_size(&url, first.len() as u64, limit, secrets)?;
            }
            while let Some(chunk) = read(response.chunk().await)? {
                if let Some(first) = single.take() {
                    let length = announced.map_or(0, |length| length as usize);
                    joined.reserve_exact(length.max(first.len() + chunk.len()));
                    joined.extend_from_slice(&first);
                }
                joined.extend_from_slice(&chunk);
                http::check_size(&url, joined.len() as u64, limit, secrets)?;
            }
            let body = single.as_deref().unwrap_or(&joined);
            let status = response.status().as_u16();
            http::finish(&decoder, status, url, response.headers(), body, secrets)
        }
    }
}

impl<D, T> Fetch<T> for Arc<ReqwestSource<Async, D, T>>
where
    D: BodyDecoder<T> + Clone,
    T: Send + 'static,
{
    fn fetcher(&self) -> Box<dyn Fetcher<T>> {
        let source = Arc::clone(self);
        Box::new(Reusable::new(
            move |page: &PageRequest, _| source.fetch(page),
            // The fetch returns the page itself.
            |page, outcome: &mut std::task::Poll<_>| *outcome = std::task::Poll::Ready(page),
        ))
    }

    fn networked(&self) -> bool {
        true
    }

    fn endpoint(&self) -> Endpoint {
        self.request.template.endpoint(self.decoder.spec())
    }
}

/// Each attempt gets the attempt's deadline as reqwest's timeout, which covers connecting, sending
/// and reading the whole body.
#[cfg(feature = "reqwest-blocking")]
impl<D, T> FetchBlocking<T> for ReqwestSource<Blocking, D, T>
where
    D: BodyDecoder<T>,
    T: 'static,
{
    fn fetch(&self, page: &PageRequest, timeout: Duration) -> Result<ReceivedPage<T>> {
        let mut request = self.request.template.page_request(self.decoder.spec(), page)?;
        let secrets = &**self.request.template.secrets();
        let limit = self.request.max_body_bytes;
        if let Some(first) = self.request.take_first(&request) {
            return first.finish(&self.decoder, limit, secrets);
        }
        *request.timeout_mut() = Some(timeout);
        let response = self
            .request
            .client
            .execute(request)
            .map_err(|error| http::client_error(error, Some(timeout), secrets))?;
        let url = response.url().clone();
        if let Some(length) = response.content_length() {
            http::check_size(&url, length, limit, secrets)?;
        }
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        // Sized once when the length is announced: reading grows the buffer otherwise.
        let mut body = Vec::with_capacity(response.content_length().map_or(0, |length| length as usize));
        response
            .take(limit.saturating_add(1))
            .read_to_end(&mut body)
            .map_err(|error| {
                match error
                    .get_ref()
                    .and_then(|inner| inner.downcast_ref::<reqwest::Error>())
                {
                    Some(inner) if inner.is_timeout() => ErrorKind::Timeout {
                        url: redact_with(url.as_str(), secrets),
                        limit: Some(timeout),
                        scope: TimeoutScope::Attempt,
                    }
                    .into(),
                    _ => Error::connection(error),
                }
            })?;
        http::check_size(&url, body.len() as u64, limit, secrets)?;
        http::finish(&self.decoder, status, url, &headers, &body, secrets)
    }

    fn endpoint(&self) -> Endpoint {
        self.request.template.endpoint(self.decoder.spec())
    }
}

impl FirstResponse {
    /// The page this response holds, checked as a fetched page is.
    fn finish<T>(
        self,
        decoder: &impl BodyDecoder<T>,
        limit: u64,
        secrets: &Secrets,
    ) -> Result<ReceivedPage<T>> {
        let FirstResponse {
            status,
            url,
            headers,
            body,
        } = self;
        http::check_size(&url, body.len() as u64, limit, secrets)?;
        http::finish(decoder, status, url, &headers, &body, secrets)
    }
}
