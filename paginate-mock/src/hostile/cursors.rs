//! Cursor APIs: cursors that lead nowhere new (the first page again, empty pages, a cycle), pages
//! identical by content, a cursor too big to send back, and cursors not bound to their tenant.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::{bad_request, first_page, fresh_token, positive, within, AppState};
use crate::http::{json, token, Params};

/// What a route answers to a cursor it did not issue.
const INVALID_CURSOR: &str = "invalid cursor";

pub(super) async fn repeat_cursor(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    match first_page(&state, query.as_deref()) {
        Ok((_, data)) => json(
            StatusCode::OK,
            json!({"data": data, "next_cursor": fresh_token(&state, "repeat")}),
        ),
        Err(message) => bad_request(message),
    }
}

pub(super) async fn endless_empty(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<(), String> {
        Params::parse(query.as_deref())?.get("cursor")?;
        Ok(())
    };
    if let Err(message) = read() {
        return bad_request(message);
    }
    json(
        StatusCode::OK,
        json!({"data": [], "next_cursor": fresh_token(&state, "empty"), "has_more": true}),
    )
}

/// The page index a cursor of kind `kind` names: `{kind}:{index}` (`fresh: false`) or
/// `{kind}:{index}:{sequence}` (`fresh: true`, as [`fresh_token`] makes it), with `index < pages`.
fn page_of(cursor: &str, kind: &str, fresh: bool, pages: u64) -> Option<u64> {
    let text = token::decode(cursor, &format!("{kind}:"))?;
    let (index, sequence) = match text.split_once(':') {
        Some((index, sequence)) => (index, Some(sequence)),
        None => (text.as_str(), None),
    };
    if sequence.is_some() != fresh || sequence.is_some_and(|sequence| sequence.parse::<u64>().is_err()) {
        return None;
    }
    index.parse().ok().filter(|&index| index < pages)
}

/// `fresh`: absent or `false` is `false`, `true` is `true`.
fn flag(params: &Params, name: &str) -> Result<bool, String> {
    match params.get(name)? {
        None | Some("false") => Ok(false),
        Some("true") => Ok(true),
        Some(other) => Err(format!(
            "parameter `{name}` must be `true` or `false`, got `{other}`"
        )),
    }
}

/// The cursor of page `index` of the cycle: one text per page, or a new text every time.
fn cycle_cursor(state: &AppState, index: u64, fresh: bool) -> String {
    if fresh {
        fresh_token(state, &format!("cycle:{index}"))
    } else {
        token::encode(&format!("cycle:{index}"))
    }
}

pub(super) async fn cursor_cycle(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<(u64, u64, bool, Option<String>), String> {
        let params = Params::parse(query.as_deref())?;
        let cycle = within(&params, "cycle", 50, 1..=100_000)? as u64;
        let limit = positive(&params, "limit", 10, 100)?;
        let fresh = flag(&params, "fresh")?;
        let cursor = params.get("cursor")?.map(str::to_owned);
        Ok((cycle, limit, fresh, cursor))
    };
    let (cycle, limit, fresh, cursor) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let index = match cursor {
        None => 0,
        // Both kinds of cursor name their page; which kind a client sends back is its business.
        Some(cursor) => {
            match page_of(&cursor, "cycle", false, cycle).or_else(|| page_of(&cursor, "cycle", true, cycle)) {
                Some(index) => index,
                None => return bad_request(INVALID_CURSOR.into()),
            }
        }
    };
    let data: Vec<Value> = (index * limit + 1..=(index + 1) * limit)
        .map(|id| json!({"id": id}))
        .collect();
    let next = cycle_cursor(&state, (index + 1) % cycle, fresh);
    json(
        StatusCode::OK,
        json!({"data": data, "next_cursor": next, "has_more": true}),
    )
}

pub(super) async fn identical_pages(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<(u64, Option<String>), String> {
        let params = Params::parse(query.as_deref())?;
        let pages = within(&params, "pages", 3, 1..=1000)? as u64;
        Ok((pages, params.get("cursor")?.map(str::to_owned)))
    };
    let (pages, cursor) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    let index = match cursor {
        None => 0,
        Some(cursor) => match page_of(&cursor, "identical", true, pages) {
            Some(index) => index,
            None => return bad_request(INVALID_CURSOR.into()),
        },
    };
    let data = json!([{"event": "tick"}, {"event": "tick"}]);
    let body = if index + 1 < pages {
        let next = fresh_token(&state, &format!("identical:{}", index + 1));
        json!({"data": data, "next_cursor": next, "has_more": true})
    } else {
        json!({"data": data, "next_cursor": null, "has_more": false})
    };
    json(StatusCode::OK, body)
}

/// `size` characters of the URL-safe base64 alphabet, in order, over and over.
fn huge_text(size: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    ALPHABET
        .iter()
        .cycle()
        .take(size)
        .map(|&byte| char::from(byte))
        .collect()
}

pub(super) async fn huge_cursor(RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<(usize, bool), String> {
        let params = Params::parse(query.as_deref())?;
        let size = within(&params, "size", 70_000, 1..=1_000_000)? as usize;
        let resumed = params.get("cursor")?.is_some_and(|cursor| !cursor.is_empty());
        Ok((size, resumed))
    };
    let body = match read() {
        Ok((_, true)) => json!({"data": [{"id": 2}], "next_cursor": null, "has_more": false}),
        Ok((size, false)) => {
            json!({"data": [{"id": 1}], "next_cursor": huge_text(size), "has_more": true})
        }
        Err(message) => return bad_request(message),
    };
    json(StatusCode::OK, body)
}

pub(super) async fn tenant_items(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<(String, Option<String>, u64), String> {
        let params = Params::parse(query.as_deref())?;
        let tenant = match params.get("tenant")? {
            Some(tenant) if !tenant.is_empty() => tenant.to_owned(),
            _ => return Err("parameter `tenant` is required".into()),
        };
        let limit = positive(&params, "limit", 10, 100)?;
        Ok((tenant, params.get("cursor")?.map(str::to_owned), limit))
    };
    let (tenant, cursor, limit) = match read() {
        Ok(values) => values,
        Err(message) => return bad_request(message),
    };
    // The cursor is the offset alone: nothing in it says which tenant it was issued for.
    let offset = match cursor {
        None => 0,
        Some(cursor) => match token::decode(&cursor, "").and_then(|offset| offset.parse::<usize>().ok()) {
            Some(offset) => offset,
            None => return bad_request(INVALID_CURSOR.into()),
        },
    };
    let records = state.records();
    let data: Vec<Value> = records
        .iter()
        .skip(offset)
        .take(limit as usize)
        .map(|record| json!({"id": format!("{tenant}-{}", record.id)}))
        .collect();
    let next = offset.saturating_add(data.len());
    let has_more = next < records.len();
    let next_cursor = has_more.then(|| token::encode(&next.to_string()));
    json(
        StatusCode::OK,
        json!({"data": data, "next_cursor": next_cursor, "has_more": has_more}),
    )
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    use serde_json::{json, Value};

    use super::{huge_text, page_of};
    use crate::http::token;
    use crate::testing::{get, numeric_ids, text_ids};
    use crate::{MockConfig, MockServer};

    fn ids(body: &Value) -> Vec<u64> {
        numeric_ids(&body["data"])
    }

    /// Each query is `400 {"error": ...}`, with `error` when given.
    fn assert_rejected(server: &MockServer, route: &str, queries: &[String], error: Option<&str>) {
        for query in queries {
            let reply = get(&server.url(&format!("/hostile/{route}?{query}")));
            assert_eq!(reply.status, 400, "{route}?{query}");
            let message = reply.json()["error"].as_str().unwrap().to_owned();
            if let Some(error) = error {
                assert_eq!(message, error, "{route}?{query}");
            }
        }
    }

    fn strings(queries: &[&str]) -> Vec<String> {
        queries.iter().map(|query| query.to_string()).collect()
    }

    #[test]
    fn repeat_cursor_ignores_the_cursor() {
        let server = MockServer::start(MockConfig::with_records(45));
        let mut cursors = HashSet::new();
        let mut url = server.url("/hostile/repeat-cursor?limit=4");
        for _ in 0..5 {
            let body = get(&url).json();
            assert_eq!(ids(&body), [1, 2, 3, 4]);
            let cursor = body["next_cursor"].as_str().unwrap().to_owned();
            assert!(cursors.insert(cursor.clone()), "fresh every time");
            url = server.url(&format!("/hostile/repeat-cursor?limit=4&cursor={cursor}"));
        }
        let reply = get(&server.url("/hostile/repeat-cursor?cursor=a&cursor=b"));
        assert_eq!(reply.status, 400);
    }

    #[test]
    fn endless_empty_never_ends() {
        let server = MockServer::start(MockConfig::with_records(45));
        let first = get(&server.url("/hostile/endless-empty")).json();
        assert_eq!(first["data"], json!([]));
        assert_eq!(first["has_more"], true);
        let cursor = first["next_cursor"].as_str().unwrap();
        let second = get(&server.url(&format!("/hostile/endless-empty?cursor={cursor}"))).json();
        assert_eq!(second["has_more"], true);
        assert_ne!(second["next_cursor"], first["next_cursor"]);
        assert_eq!(
            get(&server.url("/hostile/endless-empty?cursor=a&cursor=a")).status,
            400
        );
    }

    #[test]
    fn cursors_name_their_page() {
        let plain = token::encode("cycle:2");
        let fresh = token::encode("cycle:2:17");
        assert_eq!(page_of(&plain, "cycle", false, 3), Some(2));
        assert_eq!(page_of(&plain, "cycle", true, 3), None);
        assert_eq!(page_of(&fresh, "cycle", true, 3), Some(2));
        assert_eq!(page_of(&fresh, "cycle", false, 3), None);
        assert_eq!(page_of(&plain, "cycle", false, 2), None, "past the cycle");
        assert_eq!(page_of(&plain, "identical", false, 3), None, "another kind");
        for bad in ["cycle:x", "cycle:-1", "cycle:1:x", "cycle:1:2:3", "cycle:"] {
            assert_eq!(
                page_of(&token::encode(bad), "cycle", bad.matches(':').count() > 1, 9),
                None,
                "{bad}"
            );
        }
        assert_eq!(page_of("%%%", "cycle", false, 3), None);
    }

    /// Walks `pages` answers of `path` (which has a query), returning each page's ids and the cursor
    /// it gave.
    fn walk(server: &MockServer, path: &str, pages: usize) -> Vec<(Vec<u64>, String)> {
        let mut url = server.url(path);
        (0..pages)
            .map(|_| {
                let body = get(&url).json();
                assert_eq!(body["has_more"], true);
                let cursor = body["next_cursor"].as_str().unwrap().to_owned();
                url = server.url(&format!("{path}&cursor={cursor}"));
                (ids(&body), cursor)
            })
            .collect()
    }

    #[test]
    fn cursor_cycle_goes_round() {
        let server = MockServer::start(MockConfig::with_records(0));
        let pages = [vec![1, 2], vec![3, 4], vec![5, 6]];

        // Without `fresh`: the same cursor text for the same page.
        let plain = walk(&server, "/hostile/cursor-cycle?cycle=3&limit=2", 7);
        for (n, (ids, cursor)) in plain.iter().enumerate() {
            assert_eq!(ids, &pages[n % 3], "answer {n}");
            assert_eq!(cursor, &plain[n % 3].1, "answer {n}");
        }
        assert_eq!(
            plain
                .iter()
                .map(|(_, cursor)| cursor)
                .collect::<HashSet<_>>()
                .len(),
            3
        );

        // With `fresh=true`: the items cycle, the cursors never repeat.
        let fresh = walk(&server, "/hostile/cursor-cycle?cycle=3&limit=2&fresh=true", 7);
        for (n, (ids, _)) in fresh.iter().enumerate() {
            assert_eq!(ids, &pages[n % 3], "answer {n}");
        }
        assert_eq!(
            fresh
                .iter()
                .map(|(_, cursor)| cursor)
                .collect::<HashSet<_>>()
                .len(),
            7
        );

        // The defaults: 50 pages of 10; answer 51 is page 0 again.
        let default = walk(&server, "/hostile/cursor-cycle?fresh=false", 51);
        assert_eq!(default[0].0, (1..=10).collect::<Vec<_>>());
        assert_eq!(default[49].0, (491..=500).collect::<Vec<_>>());
        assert_eq!(default[50], default[0]);

        // A cursor names its page, whichever way it is sent back.
        let second = &fresh[0].1;
        let body = get(&server.url(&format!("/hostile/cursor-cycle?cycle=3&limit=2&cursor={second}"))).json();
        assert_eq!(ids(&body), [3, 4]);

        let foreign = get(&server.url("/hostile/endless-empty")).json()["next_cursor"].clone();
        let past = &walk(&server, "/hostile/cursor-cycle?cycle=5", 4)[3].1;
        let cursor_errors = [
            "cursor=garbage".to_string(),
            format!("cursor={}", foreign.as_str().unwrap()),
            format!("cycle=3&cursor={past}"),
        ];
        assert_rejected(&server, "cursor-cycle", &cursor_errors, Some("invalid cursor"));
        let parameter_errors = strings(&[
            "cycle=0",
            "cycle=100001",
            "cycle=x",
            "cycle=2&cycle=2",
            "limit=0",
            "fresh=yes",
            "fresh=true&fresh=true",
            "cursor=a&cursor=a",
        ]);
        assert_rejected(&server, "cursor-cycle", &parameter_errors, None);
        assert_eq!(get(&server.url("/hostile/cursor-cycle?cycle=100000")).status, 200);
    }

    #[test]
    fn identical_pages_end_honestly() {
        let server = MockServer::start(MockConfig::with_records(0));
        let ticks = json!([{"event": "tick"}, {"event": "tick"}]);
        let page = |query: &str| get(&server.url(&format!("/hostile/identical-pages?{query}"))).json();

        // The default walk: three identical pages, the last says so.
        let mut answers = vec![page("")];
        while let Some(cursor) = answers.last().unwrap()["next_cursor"].as_str() {
            answers.push(page(&format!("cursor={cursor}")));
            assert!(answers.len() <= 3, "three pages");
        }
        assert_eq!(answers.len(), 3);
        for (n, answer) in answers.iter().enumerate() {
            assert_eq!(answer["data"], ticks);
            assert_eq!(answer["has_more"], n < 2);
        }
        assert_eq!(answers[2]["next_cursor"], Value::Null);

        // A cursor used again resumes at the same page, with a fresh next cursor.
        let first = answers[0]["next_cursor"].as_str().unwrap();
        let again = page(&format!("cursor={first}"));
        assert_eq!(again["has_more"], true);
        assert_ne!(again["next_cursor"], answers[1]["next_cursor"]);
        let last = page(&format!("cursor={}", again["next_cursor"].as_str().unwrap()));
        assert_eq!(last["has_more"], false);

        let one = page("pages=1");
        assert_eq!(
            (one["has_more"].clone(), one["next_cursor"].clone()),
            (json!(false), Value::Null)
        );
        let mut cursor = page("pages=5")["next_cursor"].as_str().unwrap().to_owned();
        for _ in 0..3 {
            cursor = page(&format!("pages=5&cursor={cursor}"))["next_cursor"]
                .as_str()
                .unwrap()
                .to_owned();
        }
        let cursor_errors = [
            "cursor=garbage".to_string(),
            format!("cursor={}", token::encode("identical:1")),
            format!("pages=3&cursor={cursor}"),
        ];
        assert_rejected(&server, "identical-pages", &cursor_errors, Some("invalid cursor"));
        let parameter_errors = strings(&["pages=0", "pages=1001", "pages=x", "pages=2&pages=2"]);
        assert_rejected(&server, "identical-pages", &parameter_errors, None);
        assert_eq!(page("pages=1000")["has_more"], true);
    }

    /// The status line of the answer to a raw `GET path`.
    fn raw_status(server: &MockServer, path: &str) -> String {
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nhost: mock\r\nconnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        answer.lines().next().unwrap_or_default().to_owned()
    }

    #[test]
    fn huge_cursor_is_as_long_as_asked() {
        let server = MockServer::start(MockConfig::with_records(0));
        let first = get(&server.url("/hostile/huge-cursor")).json();
        assert_eq!(first["data"], json!([{"id": 1}]));
        assert_eq!(first["has_more"], true);
        let cursor = first["next_cursor"].as_str().unwrap();
        assert_eq!(cursor.len(), 70_000);
        assert!(cursor
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || byte == b'-' || byte == b'_'));
        assert_eq!(cursor, huge_text(70_000));

        // The default cannot come back in a URL: the `http` crate's URIs stop short of 64 KiB, so
        // reqwest refuses to build the request, and this server answers `414` without recording it.
        let url = server.url(&format!("/hostile/huge-cursor?cursor={cursor}"));
        assert!(reqwest::blocking::get(&url).unwrap_err().is_builder());
        let path = format!("/hostile/huge-cursor?cursor={cursor}");
        assert_eq!(raw_status(&server, &path), "HTTP/1.1 414 URI Too Long");
        assert_eq!(server.request_count(), 1);

        // A smaller one comes back, whole.
        let body = get(&server.url("/hostile/huge-cursor?size=60000")).json();
        let cursor = body["next_cursor"].as_str().unwrap();
        assert_eq!(cursor.len(), 60_000);
        let second = get(&server.url(&format!("/hostile/huge-cursor?size=60000&cursor={cursor}"))).json();
        assert_eq!(
            second,
            json!({"data": [{"id": 2}], "next_cursor": null, "has_more": false})
        );
        assert_eq!(server.requests().last().unwrap().params("cursor"), [cursor]);

        for size in [1, 5, 1_000_000] {
            let body = get(&server.url(&format!("/hostile/huge-cursor?size={size}"))).json();
            assert_eq!(body["next_cursor"].as_str().unwrap().len(), size);
        }
        // Any non-empty cursor ends the walk; an empty one is no cursor.
        assert_eq!(
            get(&server.url("/hostile/huge-cursor?cursor=x")).json()["has_more"],
            false
        );
        assert_eq!(
            get(&server.url("/hostile/huge-cursor?size=3&cursor=")).json()["has_more"],
            true
        );
        let errors = strings(&[
            "size=0",
            "size=1000001",
            "size=big",
            "size=1&size=1",
            "cursor=a&cursor=b",
        ]);
        assert_rejected(&server, "huge-cursor", &errors, None);
    }

    #[test]
    fn tenant_items_accepts_another_tenants_cursor() {
        let server = MockServer::start(MockConfig::with_records(25));
        let page = |query: &str| get(&server.url(&format!("/hostile/tenant-items?{query}"))).json();

        let mut walked = Vec::new();
        let mut body = page("tenant=acme");
        loop {
            walked.extend(text_ids(&body["data"], "id"));
            match body["next_cursor"].as_str() {
                Some(cursor) => {
                    assert_eq!(body["has_more"], true);
                    assert!(walked.len() < 25, "the walk ends");
                    body = page(&format!("tenant=acme&cursor={cursor}"));
                }
                None => break,
            }
        }
        assert_eq!(body["has_more"], false);
        assert_eq!(walked, (1..=25).map(|n| format!("acme-{n}")).collect::<Vec<_>>());

        // acme's cursor, sent for globex: globex's items from the same offset.
        let acme = page("tenant=acme&limit=4");
        let cursor = acme["next_cursor"].as_str().unwrap();
        let globex = page(&format!("tenant=globex&limit=4&cursor={cursor}"));
        assert_eq!(
            text_ids(&globex["data"], "id"),
            ["globex-5", "globex-6", "globex-7", "globex-8"]
        );

        let many = MockServer::start(MockConfig::with_records(250));
        let body = get(&many.url("/hostile/tenant-items?tenant=t&limit=500")).json();
        assert_eq!(
            body["data"].as_array().unwrap().len(),
            100,
            "limit clamped at 100"
        );
        let beyond = page(&format!("tenant=acme&cursor={}", token::encode("1000")));
        assert_eq!(
            beyond,
            json!({"data": [], "next_cursor": null, "has_more": false})
        );

        let errors = strings(&["", "tenant=", "limit=5", "tenant=a&tenant=b", "tenant=a&limit=0"]);
        assert_rejected(&server, "tenant-items", &errors, None);
        let cursor_errors = strings(&["tenant=a&cursor=garbage", "tenant=a&cursor=LTE"]);
        assert_rejected(&server, "tenant-items", &cursor_errors, Some("invalid cursor"));
    }
}
