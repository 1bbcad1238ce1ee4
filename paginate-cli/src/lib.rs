//! `paginated`, a command that writes every item of a paginated list endpoint as one JSON value per
//! line, with the whole runtime of the [`paginated`](https://docs.rs/paginated) toolkit behind it
//! (retries and `Retry-After`, deadlines, loop and repeat guards, origin rules, redaction, resume);
//! and its library, [`detect`], which tells how an endpoint paginates from its first response.
//!
//! ```sh
//! cargo install paginated-cli
//! paginated https://api.github.com/repos/rust-lang/rust/issues -H "Authorization: Bearer $TOKEN" > issues.ndjson
//! paginated https://api.example.com/v1/users --explain
//! ```
//!
//! # The command
//!
//! `paginated URL [-H 'Name: value']... [-X METHOD] [-d BODY | -d @FILE]` requests the first page and
//! walks the list to its end. Stdout gets the items and nothing else, each as the API wrote it (line
//! breaks between its tokens removed), or with `--output json` one array; `--out FILE` writes them to
//! a file. Progress (pages, items, the rate, and the share done and the time left when the API gives a
//! total) goes to stderr while stderr is a terminal, never with `-q`. `paginated --help` lists every
//! option.
//!
//! **How the endpoint paginates** comes from, in this order:
//! - a resume file (`--resume FILE`, below) that holds a walk's position: the walk goes on as it
//!   started;
//! - `--paginate 'ATTRIBUTE'`: the attribute language of `#[derive(Paginate)]`, parsed and checked
//!   with the derive's own grammar and messages (by `paginated-attr`), its paths naming JSON members:
//!   `--paginate 'items = "data", cursor = "meta.next", has_more = "meta.has_more"'`; a member that is
//!   no identifier in single quotes, `next_url = "'@odata.nextLink'"`;
//! - `--openapi DOCUMENT --operation ID`: the pagination `paginated-openapi` reads from an OpenAPI
//!   document for that operation;
//! - otherwise [detection](#detection) from the first response, which asks for an option instead of
//!   guessing when two readings fit. A response with items and no pagination signal at all is
//!   written as the only page, with a note on stderr.
//!
//! `--explain` prints what was decided and why, the command that walks the endpoint without
//! detection, and an envelope for `#[derive(Paginate)]` (structs with Rust names, the JSON names in
//! `#[serde(rename)]`): the step from a command to code. GraphQL: `--graphql QUERY_FILE [--var
//! NAME=VALUE]...` posts the query and walks the connection whose `pageInfo` the answer shows; a
//! query that does not pass its cursor as a variable is refused, since every page would be the first.
//!
//! **Settings**: `--page-size`, `--max-items`, `--max-pages` (reaching one ends the walk as
//! complete), `--concurrency N` (offset and page walks that know their total fetch N pages at once;
//! items stay in order), `--rate 5/s`, `--timeout SECONDS` per request and `--retries N` attempts per
//! page, `--allow-origin ORIGIN` (a next URL on another origin is refused otherwise),
//! `--allow-repeated-pages` (for an API whose pages may honestly repeat earlier ones).
//!
//! **Resume.** With `--resume FILE`, the walk's position is written to FILE after every page, by
//! replacing it whole (written beside it, then renamed), so a kill leaves one version or the next.
//! After Ctrl-C, `kill -9` or a failure, the same command goes on from there and appends; a finished
//! walk removes the file. When the output is a regular file (`--out FILE`, or stdout redirected with
//! `>>`), the resume file also records its length after each page, and a resumed walk first cuts the
//! file back to it: items written after the last recorded page are written once, not twice. Stdout
//! emptied by a shell's `>` is refused (the items it held are gone), and so is a resume file written
//! for another request (method, URL or body; credentials and pagination parameters aside), another
//! pagination, output or format. The file holds no header and no credential: URLs lose their
//! credential query parameters (put back from the resuming command), and the request body is kept
//! only as a fingerprint.
//!
//! **Security.** Headers go to the URL's origin only: a redirect or a next page on another origin is
//! refused (exit status 5) unless `--allow-origin` names it. Messages scrub every credential the
//! request carries (header values, credential query parameters, credential members of the body)
//! wherever a server echoes them, and escape control characters.
//!
//! **Exit status**
//!
//! | status | meaning |
//! |---|---|
//! | 0 | every item was written, or `--max-items` / `--max-pages` was reached |
//! | 1 | another error: an HTTP error status, a body that is not what the walk reads, output I/O |
//! | 2 | bad input: an option, the attribute, a file, a resume file of another request, or an endpoint whose pagination one response cannot tell |
//! | 3 | truncated: the API ended the list before the total it announced, or serves only part of what matches |
//! | 4 | the API repeats itself: a page or a cursor seen before, or pages without a new item |
//! | 5 | credentials rejected (401, 403), or a next page on another origin refused |
//! | 6 | network: connection failures, timeouts, rate limits that outlasted the retries |
//! | 130 | interrupted (Ctrl-C) |
//!
//! The message on stderr says what happened, what to do, and names the resume file when there is one.
//!
//! # Detection
//!
//! With no pagination option, the command fetches the first page and [`detect`] decides the strategy
//! and where the items and signals are, from the first response (body, headers, status) and the
//! request that got it (method, URL with its query, body). It is a pure function: no I/O, one parse
//! of the body, run once per command. The walk then reads its first page from that same response
//! (through [`Request::first_response`](paginated_core::Request::first_response)), so an endpoint is
//! never asked for its first page twice, which matters for a `POST` that is not idempotent or a
//! rate limit that counts every request; only a walk whose first request differs from the one
//! detection made (with `--page-size`, say) asks again.
//!
//! ```
//! use paginated_cli::{detect, Exchange, Strategy};
//!
//! // GitHub: a bare array, and the next page in the `Link` header.
//! let link = r#"<https://api.github.com/repos/o/r/issues?per_page=30&page=2>; rel="next""#;
//! let exchange = Exchange::new("GET", "https://api.github.com/repos/o/r/issues")
//!     .response(200, br#"[{"id": 1}, {"id": 2}]"#)
//!     .header("Link", link);
//! let detection = detect(&exchange)?;
//! assert_eq!(detection.strategy(), Strategy::LinkHeader);
//! assert_eq!(detection.attribute(), r#"link_header, limit_param = "per_page""#);
//! for line in detection.evidence() {
//!     println!("{line}");
//! }
//!
//! // Google APIs: the cursor goes back under another name, which one exchange cannot show.
//! let body = br#"{"books": [{"name": "b1"}], "nextPageToken": "Ym9va3M"}"#;
//! let exchange = Exchange::new("GET", "https://library.googleapis.com/v1/shelves/1/books")
//!     .response(200, body);
//! assert_eq!(
//!     detect(&exchange)?.attribute(),
//!     r#"items = "books", cursor = "nextPageToken", cursor_param = "pageToken", limit_param = "pageSize""#
//! );
//! # Ok::<(), paginated_cli::DetectError>(())
//! ```
//!
//! ## The result: attribute text
//!
//! A [`Detection`] carries the result as attribute text in the derive's attribute language, the one
//! `#[paginate(...)]` and `paginated --paginate '...'` take: `items = "data", cursor =
//! "pagination.next_cursor", has_more = "pagination.has_more"`. Its paths name JSON members (or XML
//! elements): there is no Rust struct at run time. A member name that is not a plain identifier (ASCII
//! letters, digits and `_`, not a Rust keyword) is written in single quotes inside the path:
//! `"'@odata.nextLink'"`, `"meta.'next-page'"`; `[]` reads through every element of a list
//! (`edges[].node`). No path has `?`: at run time any member may be missing. A member whose name holds
//! a quote, a backslash or a control character is never used.
//!
//! The keys come in one order: `format`, `items`, the strategy, `has_more`, `total`, `total_pages`,
//! `errors`, `carry`, then the request side: the position's parameter (`cursor_param`,
//! `offset_param`, `page_param`, `keyset_param`), the page size's (`limit_param`, or `per_page_param`
//! for `page`), `first_page`, `params_in`. Request-side keys appear only when they differ from the
//! derive's defaults (`cursor`, `offset`, `page`, `after`; `limit`, or `per_page` for `page`).
//! `items` is left out when the body itself is the list. Beside the text, the detection carries
//! [evidence](Detection::evidence) (one sentence per finding, naming members, headers and parameters,
//! never a value of the exchange) and a [`Confidence`].
//!
//! ## What it detects
//!
//! - **`Link: <...>; rel="next"`** (RFC 8288), read with [`paginated_core::next_link`], as the walk
//!   reads it: `link_header`. A `Link` with only `prev`, `first` or `last` is the last page of one.
//! - **A next URL in the body**: a member whose name has `next` and ends in `url`, `uri`, `link` or
//!   `href` (`next_page_url`, `meta.next_page_link`, `@odata.nextLink`, `nextLink`, `nextRecordsUrl`,
//!   HAL's `_links.next.href`), or `next` / `next_page` / `paging.next` holding an absolute or relative
//!   URL: `next_url`. The evidence compares it with the request's URL (origin, path, which parameters
//!   changed) and says when it is the request's own URL or on another origin.
//! - **A cursor**, with or without a has-more flag: a member whose name has `next` and `cursor`,
//!   `token`, `marker` or `key` (`next_cursor`, `nextPageToken`, `NextContinuationToken`,
//!   `NextMarker`), or `cursor`, `endCursor`, `LastEvaluatedKey`, `last_key`, `continuationToken`,
//!   `paging.cursors.after`, or `next` / `next_page` holding something else than a URL; a JSON object
//!   is a cursor too (DynamoDB's key); or a header (`X-Next-Cursor`, `X-Next-Token`, GitLab's
//!   `X-Next-Page`): `cursor`. Where the request does not send the cursor's parameter yet (a first
//!   request never does), its name comes from the [conventions](#conventions), else the derive's
//!   default, `cursor` ([`Confidence::Assumed`]); a number one past the page number the request
//!   sends goes back as that page parameter. A request with a JSON body gets `params_in = "body"`.
//! - **GraphQL** (a request body with `query`): the connection whose `pageInfo` has an `endCursor`,
//!   its items (`nodes`, or `edges[].node`), `hasNextPage`, `totalCount`, `errors = "errors"`, and the
//!   query's own cursor variable (`after: $x` in the query, else a declared or given `$after`,
//!   `$cursor`, `$endCursor`) as `cursor_param = "variables.x"`. A query with no cursor variable is
//!   refused ([`DetectError::NoCursorVariable`]) instead of walked in a loop.
//! - **Page numbers and offsets**: the request's own parameter (`page`, `_page`, `pageNumber`,
//!   `offset`, `skip`, `start`, `startAt`, …, in the query or the JSON body), else the number the API
//!   echoes in the body (`page`, `current_page`, `offset`, `skip`, …) or a header (`X-Page`): `page`
//!   (with the echo's path, `page = "pagination.page"`, so the walk checks that it advances) or
//!   `offset`. The page size parameter is the request's, else the one the API echoes (`pageSize`).
//!   Page 0 in the request gives `first_page = 0`.
//! - **Stop signals**, nearest to the strategy's signal: `has_more` (`has_more`, `hasMore`,
//!   `hasNextPage`, `IsTruncated`, header `X-Has-More`), `total` (`total`, `total_count`,
//!   `totalCount`, `totalSize`, `@odata.count`, `hits.total.value` when exact, headers
//!   `X-Total-Count`, `X-Total`, `X-WP-Total`), `total_pages` for page walks (`totalPages`,
//!   `last_page`, headers `X-Total-Pages`, `X-WP-TotalPages`). Two equally near are both left out.
//! - **XML answers** (a `Content-Type` with `xml`, or a body that starts with `<`): read as a tree
//!   whose repeated elements are lists, with `format = "xml"`: S3 `ListObjectsV2`
//!   (`NextContinuationToken` → `continuation-token`), `ListObjects` (the last `Key` → `marker`),
//!   Azure's `NextMarker` → `marker`.
//! - **The items**: the body when it is a list; else the one list of objects anywhere in the body
//!   (outside other lists; GraphQL `edges` read through to their `node`, and `nodes` beside `edges`
//!   holding the same items is one list); else the one list under a name APIs give their items
//!   (`data`, `items`, `results`, `value`, `records`, `Items`, `Contents`, `hits`, …), for an empty
//!   page; else the one list. `errors` and `warnings` never hold the items.
//! - **A single page**: items and no pagination signal at all is a [`Detection`] whose
//!   [`strategy`](Detection::strategy) is [`Strategy::SinglePage`]: its attribute names only where the
//!   items are (nothing when the body is the list), since there is no strategy to name.
//!
//! Signals that agree are one reading: a next URL (or `Link`) that carries the cursor the body or a
//! header gives (GitLab's `X-Next-Page` beside its `Link`), a `Link` and a body URL to the same place,
//! two members with the same cursor. A page number or offset beside a next URL is the URL's business:
//! the URL is followed as it is. Where a signal is absent on a last page (`"next": null`, `""`), it
//! still names the strategy, unless another signal is present.
//!
//! ## Ambiguity
//!
//! When two readings fit, [`detect`] does not guess: it returns [`DetectError::Ambiguous`] with every
//! reading as complete attribute text and its evidence, and its message says which flag picks one
//! (`--paginate '<reading>'`). Readings are ambiguous when
//! - two signals name the next page differently: a next URL and a cursor it does not carry, two
//!   cursors with different values, a `Link` and a body URL to different places
//!   ([`Ambiguity::Strategy`]);
//! - two lists of objects could hold the items ([`Ambiguity::Items`]);
//! - the answer says more items follow (a `has_more`, a total) and nothing says whether the position
//!   is a page number or an offset, or the request sends both ([`Ambiguity::PageOrOffset`]);
//! - a GraphQL answer has several connections with a next page ([`Ambiguity::Connection`]).
//!
//! The other errors say why nothing can be detected: a status that is not a success, an empty body, a
//! body that is not JSON or XML (trailing bytes included), no list in the body, a GraphQL answer with
//! only `errors`, an Elasticsearch scroll (whose next page lives at another endpoint).
//!
//! ## Conventions
//!
//! Where the exchange cannot say how the next request names its parameters, or a shape is the
//! signature of one API, these conventions apply ([`CONVENTIONS`]; the first row that fits wins):
//!
//! | API | the first response shows | gives |
//! |---|---|---|
//! | Notion | `next_cursor` beside `"object": "list"` | `cursor_param = "start_cursor"`, `limit_param = "page_size"` |
//! | Slack, Airclou, Attio and most cursor APIs | `next_cursor` | `cursor_param = "cursor"` (the derive's default) |
//! | Google APIs (AIP-158) | `nextPageToken` | `cursor_param = "pageToken"`, `limit_param = "pageSize"` |
//! | Google APIs, proto field names | `next_page_token` | `cursor_param = "page_token"`, `limit_param = "page_size"` |
//! | AWS JSON APIs | `NextToken` | `cursor_param = "NextToken"` |
//! | AWS REST APIs | `nextToken` | `cursor_param = "nextToken"` |
//! | Amazon S3 `ListObjectsV2` | `NextContinuationToken`, or `KeyCount` on a last page | `cursor_param = "continuation-token"`, `limit_param = "max-keys"` |
//! | Amazon S3 `ListObjects` with a delimiter | `NextMarker` in `ListBucketResult` | `cursor_param = "marker"`, `limit_param = "max-keys"` |
//! | Azure Blob Storage | `NextMarker` in `EnumerationResults` | `cursor_param = "marker"`, `limit_param = "maxresults"` |
//! | Amazon DynamoDB | `LastEvaluatedKey`, or `ScannedCount` on a last page | `cursor_param = "ExclusiveStartKey"`, `limit_param = "Limit"`, `params_in = "body"` |
//! | Relay-style connections outside GraphQL | `endCursor` | `cursor_param = "after"` |
//! | Oxide (dropshot) | `next_page` holding a token | `cursor_param = "page_token"` |
//! | APIs that give the next page number | `next_page` holding a number | `cursor_param = "page"` |
//! | APIs that give the next page number, camelCase | `nextPage` holding a number | `cursor_param = "page"` |
//! | Facebook Graph API | `paging.cursors.after` | `cursor_param = "after"` |
//! | GitLab | header `X-Next-Page` | `cursor_param = "page"` |
//! | Cursor headers | header `X-Next-Cursor` or `X-Next-Token` | `cursor_param = "cursor"` (the derive's default) |
//! | OData, Microsoft Graph | `@odata.nextLink`, or `@odata.context` on a last page | `next_url = "'@odata.nextLink'"` |
//! | Salesforce | `nextRecordsUrl`, or `done` with `totalSize` on a last page | `next_url = "nextRecordsUrl"` |
//! | Stripe | `"object": "list"` with `has_more`, items with an `id` | `keyset = "id"`, `keyset_param = "starting_after"` |
//! | Elasticsearch, OpenSearch (`search_after`) | `hits.hits` whose hits carry `sort` values | `keyset = "sort"`, `keyset_param = "search_after"`, `limit_param = "size"` |
//! | Elasticsearch, OpenSearch (`from`/`size`) | `hits.hits` without `sort` values | `offset`, `offset_param = "from"`, `limit_param = "size"` |
//! | Elasticsearch point in time | `pit_id` | `carry = "pit_id"`, `carry_param = "pit.id"` |
//! | Amazon S3 `ListObjects` | `ListBucketResult` with `Marker` and no `NextMarker` | `keyset = "Key"`, `keyset_param = "marker"`, `limit_param = "max-keys"` |
//! | Slack | `"ok": true` | `errors = "error"` |
//! | GraphQL | a request body with `query`, a `pageInfo` with `endCursor` | `errors = "errors"`, `cursor_param = "variables.<the after variable>"`, `params_in = "body"` |
//!
//! A parameter the request already sends wins over a convention ([`Confidence::Observed`]). Some APIs
//! share a response shape and differ in the request: Temporal answers `nextPageToken` like Google but
//! takes it back as `nextPageToken`, which one exchange cannot show; the walk's guards stop such a walk
//! at the second page (it repeats the first), and `--paginate` names the parameter.

mod detect;

pub use detect::{
    detect, Ambiguity, Confidence, Convention, DetectError, Detection, Exchange, Format, Reading, Strategy,
    CONVENTIONS,
};
