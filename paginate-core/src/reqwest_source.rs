//! The reqwest transports: the user's request is built once and cloned for every page, with only the
//! pagination parameters changed.

use futures::future::BoxFuture;
use serde::de::DeserializeOwned;
use url::Url;

use crate::envelope::{PageParts, Paginate};
use crate::error::{Error, Result};
use crate::http;
use crate::request::PageRequest;
use crate::source::{Fetch, FetchOptions};

const STREAMING_BODY: &str = "the request body is a stream and cannot be sent once per page";

/// The user's request, ready to be repeated.
pub(crate) struct ReqwestSource {
    client: reqwest::Client,
    template: std::result::Result<reqwest::Request, String>,
}

impl ReqwestSource {
    pub(crate) fn new(request: reqwest::RequestBuilder) -> Self {
        let (client, template) = request.build_split();
        ReqwestSource {
            client,
            template: template.map_err(|error| error.to_string()),
        }
    }

    fn page_request<P: Paginate>(&self, page: &PageRequest) -> Result<reqwest::Request> {
        let template = self
            .template
            .as_ref()
            .map_err(|error| Error::InvalidRequest(error.clone()))?;
        let mut request = template
            .try_clone()
            .ok_or_else(|| Error::InvalidRequest(STREAMING_BODY.into()))?;
        let body = template.body().and_then(reqwest::Body::as_bytes);
        let (url, body) = http::prepare(&P::SPEC, page, template.url(), body, request.headers_mut())?;
        *request.url_mut() = url;
        if let Some(body) = body {
            *request.body_mut() = Some(body.into());
        }
        Ok(request)
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
        let request = self.page_request::<P>(page);
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
        Some(self.template.as_ref().ok()?.url().clone())
    }

    fn size_hint(&self) -> Option<u64> {
        let template = self.template.as_ref().ok()?;
        let body = template.body().and_then(reqwest::Body::as_bytes);
        http::size_in_request(&P::SPEC, template.url(), body)
    }
}

#[cfg(feature = "blocking")]
pub(crate) use blocking::BlockingReqwestSource;

#[cfg(feature = "blocking")]
mod blocking {
    use std::io::Read;

    use reqwest::blocking::{Body, Client, Request, RequestBuilder};
    use serde::de::DeserializeOwned;
    use url::Url;

    use super::STREAMING_BODY;
    use crate::envelope::{PageParts, Paginate};
    use crate::error::{Error, Result};
    use crate::http;
    use crate::request::PageRequest;
    use crate::source::{FetchBlocking, FetchOptions};

    /// The user's blocking request, ready to be repeated.
    pub(crate) struct BlockingReqwestSource {
        client: Client,
        template: std::result::Result<Request, String>,
    }

    impl BlockingReqwestSource {
        pub(crate) fn new(request: RequestBuilder) -> Self {
            let (client, template) = request.build_split();
            BlockingReqwestSource {
                client,
                template: template.map_err(|error| error.to_string()),
            }
        }

        fn page_request<P: Paginate>(&self, page: &PageRequest) -> Result<Request> {
            let template = self
                .template
                .as_ref()
                .map_err(|error| Error::InvalidRequest(error.clone()))?;
            let mut request = template
                .try_clone()
                .ok_or_else(|| Error::InvalidRequest(STREAMING_BODY.into()))?;
            let body = template.body().and_then(Body::as_bytes);
            let (url, body) = http::prepare(&P::SPEC, page, template.url(), body, request.headers_mut())?;
            *request.url_mut() = url;
            if let Some(body) = body {
                *request.body_mut() = Some(body.into());
            }
            Ok(request)
        }
    }

    impl<P> FetchBlocking<P> for BlockingReqwestSource
    where
        P: Paginate + DeserializeOwned + 'static,
    {
        fn fetch(&self, page: &PageRequest, options: &FetchOptions) -> Result<PageParts<P::Item>> {
            let request = self.page_request::<P>(page)?;
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
            Some(self.template.as_ref().ok()?.url().clone())
        }

        fn size_hint(&self) -> Option<u64> {
            let template = self.template.as_ref().ok()?;
            let body = template.body().and_then(Body::as_bytes);
            http::size_in_request(&P::SPEC, template.url(), body)
        }
    }
}
