//! What detection reads: the first request and its response, borrowed from the caller.

/// One request and the response it got: the first page of a walk, as detection reads it.
///
/// It borrows everything, so building one costs nothing beyond the list of response headers.
///
/// ```
/// use paginated_cli::Exchange;
/// let body = br#"{"data": [{"id": 1}], "next_cursor": "abc", "has_more": true}"#;
/// let exchange = Exchange::new("GET", "https://api.example.com/v1/users?limit=1")
///     .response(200, body)
///     .header("Content-Type", "application/json");
/// assert_eq!(exchange.method(), "GET");
/// assert_eq!(exchange.header_value("content-type"), Some("application/json"));
/// ```
#[derive(Clone, Debug)]
pub struct Exchange<'a> {
    method: &'a str,
    url: &'a str,
    request_body: Option<&'a [u8]>,
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: &'a [u8],
}

impl<'a> Exchange<'a> {
    /// A request with `method` to `url` (absolute, with its query), without a body; its response is
    /// `200` with an empty body until [`response`](Self::response) says otherwise.
    pub fn new(method: &'a str, url: &'a str) -> Self {
        Exchange {
            method,
            url,
            request_body: None,
            status: 200,
            headers: Vec::new(),
            body: &[],
        }
    }

    /// The body the request sent (a JSON body is read for parameters: `params_in = "body"`).
    pub fn request_body(mut self, body: &'a [u8]) -> Self {
        self.request_body = Some(body);
        self
    }

    /// The response's status and body.
    pub fn response(mut self, status: u16, body: &'a [u8]) -> Self {
        self.status = status;
        self.body = body;
        self
    }

    /// A response header (call it once per header line; names are compared ignoring case).
    pub fn header(mut self, name: &'a str, value: &'a str) -> Self {
        self.headers.push((name, value));
        self
    }

    /// The request's method.
    pub fn method(&self) -> &'a str {
        self.method
    }

    /// The request's URL.
    pub fn url(&self) -> &'a str {
        self.url
    }

    /// The request's body, if it had one.
    pub fn request_body_bytes(&self) -> Option<&'a [u8]> {
        self.request_body
    }

    /// The response's status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The response's body.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// The first value of response header `name`, ignoring case.
    pub fn header_value(&self, name: &str) -> Option<&'a str> {
        self.header_values(name).next()
    }

    /// Every value of response header `name`, ignoring case, in order.
    pub fn header_values<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        self.headers
            .iter()
            .filter(move |(header, _)| header.eq_ignore_ascii_case(name))
            .map(|&(_, value)| value)
    }
}
