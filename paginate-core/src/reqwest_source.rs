//! The reqwest transports: the user's request is built once and cloned for every page, with only the
//! pagination parameters changed.

use futures::future::BoxFuture;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use url::Url;

use crate::envelope::{PageParts, Paginate};
use crate::error::{Error, Result};
use crate::http;
use crate::request::PageRequest;
use crate::source::{Fetch, FetchOptions};
use crate::spec::Spec;

const STREAMING_BODY: &str = "the request body is a stream and cannot be sent once per page";

/// What the async and blocking reqwest requests both offer, to repeat one with new parameters.
pub(crate) trait RepeatableRequest: Sized {
    fn try_clone(&self) -> Option<Self>;
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
#[cfg(feature = "blocking")]
repeatable_request!(reqwest::blocking::Request, reqwest::blocking::Body);

/// The user's request, built once (or the error building it), repeated for every page.
pub(crate) struct Template<R>(std::result::Result<R, String>);

impl<R: RepeatableRequest> Template<R> {
    pub(crate) fn new<E: std::fmt::Display>(built: std::result::Result<R, E>) -> Self {
        Template(built.map_err(|error| error.to_string()))
    }

    /// The request for `page`: the original with the pagination parameters replaced.
    pub(crate) fn page_request(&self, spec: &Spec, page: &PageRequest) -> Result<R> {
        let template = self
            .0
            .as_ref()
            .map_err(|error| Error::InvalidRequest(error.clone()))?;
        let mut request = template
            .try_clone()
            .ok_or_else(|| Error::InvalidRequest(STREAMING_BODY.into()))?;
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

    pub(crate) fn base_url(&self) -> Option<Url> {
        Some(self.0.as_ref().ok()?.url().clone())
    }

    pub(crate) fn size_hint(&self, spec: &Spec) -> Option<u64> {
        let template = self.0.as_ref().ok()?;
        http::size_in_request(spec, template.url(), template.body_bytes())
    }
}

/// The user's request, ready to be repeated.
pub(crate) struct ReqwestSource {
    client: reqwest::Client,
    template: Template<reqwest::Request>,
}

impl ReqwestSource {
    pub(crate) fn new(request: reqwest::RequestBuilder) -> Self {
        let (client, template) = request.build_split();
        ReqwestSource {
            client,
            template: Template::new(template),
        }
    }
}

impl<P> Fetch<P> for ReqwestSource
where
    P: Paginate + DeserializeOwned + 'static,
{
    fn fetch(
        &self,
        page: &PageRequest,
        options: &FetchOptions,
    ) -> BoxFuture<'static, Result<PageParts<P::Item>>> {
        let request = self.template.page_request(&P::SPEC, page);
        let client = self.client.clone();
        let page = page.clone();
        let options = options.clone();
        Box::pin(async move {
            let request = request?;
            let url = request.url().clone();
            let mut response = client.execute(request).await.map_err(http::client_error)?;
            let limit = options.max_body_bytes;
            if let Some(length) = response.content_length() {
                http::check_size(&url, length, limit)?;
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(http::client_error)? {
                body.extend_from_slice(&chunk);
                http::check_size(&url, body.len() as u64, limit)?;
            }
            http::finish::<P>(
                &page,
                &options,
                response.status().as_u16(),
                &url,
                response.headers(),
                &body,
            )
        })
    }

    fn base_url(&self) -> Option<Url> {
        self.template.base_url()
    }

    fn size_hint(&self) -> Option<u64> {
        self.template.size_hint(&P::SPEC)
    }
}

#[cfg(feature = "blocking")]
pub(crate) use blocking::BlockingReqwestSource;

#[cfg(feature = "blocking")]
mod blocking {
    use std::io::Read;

    use reqwest::blocking::{Client, Request, RequestBuilder};
    use serde::de::DeserializeOwned;
    use url::Url;

    use super::Template;
    use crate::envelope::{PageParts, Paginate};
    use crate::error::{Error, Result};
    use crate::http;
    use crate::request::PageRequest;
    use crate::source::{FetchBlocking, FetchOptions};

    /// The user's blocking request, ready to be repeated.
    pub(crate) struct BlockingReqwestSource {
        client: Client,
        template: Template<Request>,
    }

    impl BlockingReqwestSource {
        pub(crate) fn new(request: RequestBuilder) -> Self {
            let (client, template) = request.build_split();
            BlockingReqwestSource {
                client,
                template: Template::new(template),
            }
        }
    }

    impl<P> FetchBlocking<P> for BlockingReqwestSource
    where
        P: Paginate + DeserializeOwned + 'static,
    {
        fn fetch(&self, page: &PageRequest, options: &FetchOptions) -> Result<PageParts<P::Item>> {
            let request = self.template.page_request(&P::SPEC, page)?;
            let url = request.url().clone();
            let response = self.client.execute(request).map_err(http::client_error)?;
            let limit = options.max_body_bytes;
            if let Some(length) = response.content_length() {
                http::check_size(&url, length, limit)?;
            }
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let mut body = Vec::new();
            response
                .take(limit.saturating_add(1))
                .read_to_end(&mut body)
                .map_err(|error| Error::Connection(error.into()))?;
            http::check_size(&url, body.len() as u64, limit)?;
            http::finish::<P>(page, options, status, &url, &headers, &body)
        }

        fn base_url(&self) -> Option<Url> {
            self.template.base_url()
        }

        fn size_hint(&self) -> Option<u64> {
            self.template.size_hint(&P::SPEC)
        }
    }
}
