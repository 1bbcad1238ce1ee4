//! What a request may carry, read and checked: index names, time values, JSON bodies, and the whole
//! of a search request.

use serde_json::{Map, Value};

use super::errors::{fail, invalid_time, validation, Failure};
use super::query::{parse_query, Term};
use super::sort::{has_shard_doc, parse_sort, SortClause};
use crate::http::{json_body, Params};

/// `index.max_result_window`: the deepest `from + size`, and the largest scroll batch.
const MAX_RESULT_WINDOW: i64 = 10_000;

/// The members a search body may have.
const SEARCH_KEYS: [&str; 8] = [
    "size",
    "from",
    "sort",
    "search_after",
    "query",
    "pit",
    "track_total_hits",
    "_source",
];

/// A search request, read and checked on its own; what depends on the point in time it names is
/// checked once that is known ([`SearchRequest::check_search_after`]).
pub(super) struct SearchRequest {
    pub(super) size: i64,
    pub(super) from: i64,
    pub(super) sort: Vec<SortClause>,
    pub(super) terms: Vec<Term>,
    /// Whether hits carry `_source`.
    pub(super) source: bool,
    /// `track_total_hits` as given, `null` when absent.
    pub(super) track_total_hits: Value,
    pub(super) search_after: Option<Vec<Value>>,
    /// The id of the point in time to search.
    pub(super) pit: Option<String>,
    /// Whether the search opens a scroll (the query parameter `scroll`).
    pub(super) scroll: bool,
}

impl SearchRequest {
    /// Reads a search from its query string and body; `index_given` when its path names an index.
    pub(super) fn parse(
        index_given: bool,
        query: Option<&str>,
        body: &[u8],
    ) -> Result<SearchRequest, Failure> {
        let scroll = scroll_param(query)?;
        let body = body_object(body)?;
        if let Some(unknown) = body.keys().find(|key| !SEARCH_KEYS.contains(&key.as_str())) {
            return Err(fail(
                "parsing_exception",
                format!("Unknown key for a START_OBJECT in [{unknown}]."),
            ));
        }
        let request = SearchRequest {
            size: non_negative(&body, "size", 10)?,
            from: non_negative(&body, "from", 0)?,
            sort: body.get("sort").map(parse_sort).transpose()?.unwrap_or_default(),
            terms: body
                .get("query")
                .map(parse_query)
                .transpose()?
                .unwrap_or_default(),
            source: body
                .get("_source")
                .is_none_or(|source| source != &Value::Bool(false)),
            track_total_hits: body.get("track_total_hits").cloned().unwrap_or(Value::Null),
            search_after: search_after(&body)?,
            pit: pit_id(&body)?,
            scroll: scroll.is_some(),
        };
        request.check(index_given)?;
        Ok(request)
    }

    /// The rules between members that hold whatever the point in time.
    fn check(&self, index_given: bool) -> Result<(), Failure> {
        if self.pit.is_some() && index_given {
            return Err(validation(
                "[indices] cannot be used with point in time. Do not specify any index with point in time.",
            ));
        }
        if has_shard_doc(&self.sort) && self.pit.is_none() {
            return Err(fail(
                "illegal_argument_exception",
                "[_shard_doc] sort field cannot be used without [point in time]",
            ));
        }
        if self.scroll {
            self.check_scroll()
        } else {
            self.check_window()
        }
    }

    /// A scroll takes neither a point in time, `from` nor `search_after`, and batches of at most
    /// [`MAX_RESULT_WINDOW`].
    fn check_scroll(&self) -> Result<(), Failure> {
        if self.pit.is_some() {
            return Err(validation(
                "using [point in time] is not allowed in a scroll context",
            ));
        }
        if self.from > 0 {
            return Err(validation("using [from] is not allowed in a scroll context"));
        }
        if self.search_after.is_some() {
            return Err(fail(
                "search_context_exception",
                "`search_after` cannot be used in a scroll context.",
            ));
        }
        if self.size > MAX_RESULT_WINDOW {
            return Err(fail("illegal_argument_exception", format!(
                "Batch size is too large, size must be less than or equal to: [{MAX_RESULT_WINDOW}] but was [{}]. Scroll batch sizes cost as much memory as result windows so they are controlled by the [index.max_result_window] index level setting.",
                self.size
            )));
        }
        Ok(())
    }

    /// `from + size` stays within [`MAX_RESULT_WINDOW`].
    fn check_window(&self) -> Result<(), Failure> {
        let window = self.from.saturating_add(self.size);
        if window > MAX_RESULT_WINDOW {
            return Err(fail("illegal_argument_exception", format!(
                "Result window is too large, from + size must be less than or equal to: [{MAX_RESULT_WINDOW}] but was [{window}]. See the scroll api for a more efficient way to request large data sets. This limit can be set by changing the [index.max_result_window] index level setting."
            )));
        }
        Ok(())
    }

    /// `search_after` needs `from` 0 and a sort with as many clauses: call once `sort` is complete
    /// (a point in time adds its tiebreaker).
    pub(super) fn check_search_after(&self) -> Result<(), Failure> {
        let Some(after) = &self.search_after else {
            return Ok(());
        };
        if self.sort.is_empty() {
            return Err(fail(
                "illegal_argument_exception",
                "Sort must contain at least one field.",
            ));
        }
        if self.from > 0 {
            return Err(fail(
                "illegal_argument_exception",
                "`from` parameter must be set to 0 when `search_after` is used.",
            ));
        }
        if after.len() != self.sort.len() {
            return Err(fail(
                "illegal_argument_exception",
                format!(
                    "search_after has {} value(s) but sort has {}.",
                    after.len(),
                    self.sort.len()
                ),
            ));
        }
        Ok(())
    }
}

/// The query parameter `scroll`, a time value, when given.
fn scroll_param(query: Option<&str>) -> Result<Option<String>, Failure> {
    let scroll = Params::parse(query)
        .and_then(|params| params.get("scroll").map(|scroll| scroll.map(str::to_owned)))
        .map_err(|message| fail("illegal_argument_exception", message))?;
    if let Some(scroll) = &scroll {
        check_time_value("scroll", scroll)?;
    }
    Ok(scroll)
}

/// Body member `name`, an integer of at least 0, or `default` when absent.
fn non_negative(body: &Map<String, Value>, name: &str, default: i64) -> Result<i64, Failure> {
    match body.get(name) {
        None => Ok(default),
        Some(value) => match value.as_i64() {
            Some(number) if number >= 0 => Ok(number),
            _ => Err(fail(
                "illegal_argument_exception",
                format!("[{name}] parameter cannot be negative or non-integer, found [{value}]"),
            )),
        },
    }
}

fn search_after(body: &Map<String, Value>) -> Result<Option<Vec<Value>>, Failure> {
    match body.get("search_after") {
        None => Ok(None),
        Some(Value::Array(values)) => Ok(Some(values.clone())),
        Some(_) => Err(fail("parsing_exception", "[search_after] must be an array")),
    }
}

/// The id of `{"pit": {"id": "..", "keep_alive": ".."}}`, whose `keep_alive` is optional.
fn pit_id(body: &Map<String, Value>) -> Result<Option<String>, Failure> {
    let Some(pit) = body.get("pit") else {
        return Ok(None);
    };
    match (pit.get("id").and_then(Value::as_str), pit.get("keep_alive")) {
        (None, _) => Err(fail("parsing_exception", "[pit] requires an [id]")),
        (Some(_), Some(keep_alive)) if !keep_alive.as_str().is_some_and(is_time_value) => {
            Err(invalid_time("keep_alive", &keep_alive.to_string()))
        }
        (Some(id), _) => Ok(Some(id.to_owned())),
    }
}

/// `1m`, `30s`, `500ms`, …: Elasticsearch's time values.
pub(super) fn is_time_value(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && ["d", "h", "m", "s", "ms", "micros", "nanos"].contains(&&text[digits..])
}

/// Setting `name` is a time value.
pub(super) fn check_time_value(name: &str, text: &str) -> Result<(), Failure> {
    if is_time_value(text) {
        Ok(())
    } else {
        Err(invalid_time(name, text))
    }
}

/// A JSON request body as an object; an empty body is an empty object.
pub(super) fn body_object(body: &[u8]) -> Result<Map<String, Value>, Failure> {
    json_body(body)
        .map(Option::unwrap_or_default)
        .map_err(|message| fail("parse_exception", message))
}

/// An index name Elasticsearch accepts: lowercase, not starting with `_`, `-` or `+`, and without
/// `\ / * ? " < > | , # :` or spaces.
pub(super) fn check_index(index: &str) -> Result<(), Failure> {
    let valid = !index.is_empty()
        && !index.starts_with(['_', '-', '+'])
        && !index
            .chars()
            .any(|character| character.is_ascii_uppercase() || "\\/*?\"<>| ,#:".contains(character));
    if valid {
        Ok(())
    } else {
        Err(fail(
            "invalid_index_name_exception",
            format!(
                "Invalid index name [{index}], must be lowercase and must not start with '_', '-', or '+'"
            ),
        ))
    }
}
