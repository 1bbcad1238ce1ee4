//! Sorting hits: the fields a search can sort on, its `sort` clauses, the order they put records in,
//! and where a `search_after` page starts.

use std::cmp::Ordering;

use serde_json::{json, Value};

use super::doc_id;
use super::errors::{fail, Failure};
use crate::data::Record;

/// A field hits can be sorted on.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Field {
    /// Sort value: epoch milliseconds.
    CreatedAt,
    /// A keyword: the `_id` text.
    Id,
    /// Index order; sort value: the record's position, from 0.
    Doc,
    /// As `_doc`; only a point-in-time search may sort on it, and it is that search's tiebreaker.
    ShardDoc,
}

impl Field {
    fn parse(name: &str) -> Option<Field> {
        match name {
            "created_at" => Some(Field::CreatedAt),
            "id" => Some(Field::Id),
            "_doc" => Some(Field::Doc),
            "_shard_doc" => Some(Field::ShardDoc),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Field::CreatedAt => "created_at",
            Field::Id => "id",
            Field::Doc => "_doc",
            Field::ShardDoc => "_shard_doc",
        }
    }

    /// The sort value of `record`, as its hit carries it in `sort`.
    pub(super) fn value(self, record: &Record) -> Value {
        match self {
            Field::CreatedAt => json!(record.created_at * 1000),
            Field::Id => json!(doc_id(record.id)),
            Field::Doc | Field::ShardDoc => json!(record.id - 1),
        }
    }

    /// Compares two records on this field, ascending.
    fn order(self, a: &Record, b: &Record) -> Ordering {
        match self {
            Field::Id => doc_id(a.id).cmp(&doc_id(b.id)),
            _ => self.value(a).as_i64().cmp(&self.value(b).as_i64()),
        }
    }

    /// Compares a record's value with a `search_after` value; `None` when the value has the wrong type.
    fn compare(self, record: &Record, after: &Value) -> Option<Ordering> {
        match self {
            Field::Id => after.as_str().map(|after| doc_id(record.id).as_str().cmp(after)),
            _ => {
                let after = match after {
                    Value::String(text) => text.parse::<i64>().ok()?,
                    other => other.as_i64()?,
                };
                self.value(record).as_i64().map(|value| value.cmp(&after))
            }
        }
    }
}

/// One sort clause: a field, descending or not.
#[derive(Clone, Copy)]
pub(super) struct SortClause {
    pub(super) field: Field,
    pub(super) descending: bool,
}

impl SortClause {
    fn directed(self, ordering: Ordering) -> Ordering {
        if self.descending {
            ordering.reverse()
        } else {
            ordering
        }
    }
}

/// The clauses of `sort`: a list of `"field"`, `{"field": "asc"}` or `{"field": {"order": "desc"}}`,
/// or one of those alone.
pub(super) fn parse_sort(value: &Value) -> Result<Vec<SortClause>, Failure> {
    let clauses = match value {
        Value::Array(clauses) => clauses.clone(),
        other => vec![other.clone()],
    };
    clauses.iter().map(parse_clause).collect()
}

fn parse_clause(clause: &Value) -> Result<SortClause, Failure> {
    match clause {
        Value::String(name) => Ok(SortClause {
            field: sort_field(name)?,
            descending: false,
        }),
        Value::Object(object) if object.len() == 1 => {
            let Some((name, spec)) = object.iter().next() else {
                return Err(fail("parsing_exception", "malformed sort clause"));
            };
            let descending = match spec {
                Value::String(text) => is_descending(Some(text))?,
                Value::Object(options) => is_descending(options.get("order").and_then(Value::as_str))?,
                _ => is_descending(None)?,
            };
            Ok(SortClause {
                field: sort_field(name)?,
                descending,
            })
        }
        _ => Err(fail("parsing_exception", "malformed sort clause")),
    }
}

fn sort_field(name: &str) -> Result<Field, Failure> {
    Field::parse(name).ok_or_else(|| {
        fail(
            "query_shard_exception",
            format!("No mapping found for [{name}] in order to sort on"),
        )
    })
}

/// `desc` or `asc`, the order of a clause.
fn is_descending(order: Option<&str>) -> Result<bool, Failure> {
    match order {
        Some("asc") => Ok(false),
        Some("desc") => Ok(true),
        other => Err(fail(
            "parsing_exception",
            format!("[sort] unknown order [{}]", other.unwrap_or("null")),
        )),
    }
}

/// Whether `sort` names `_shard_doc`.
pub(super) fn has_shard_doc(sort: &[SortClause]) -> bool {
    sort.iter().any(|clause| clause.field == Field::ShardDoc)
}

/// Appends the implicit tiebreaker of a point-in-time search, `_shard_doc` ascending, to a `sort` that
/// has clauses but not that one.
pub(super) fn add_tiebreaker(sort: &mut Vec<SortClause>) {
    if !sort.is_empty() && !has_shard_doc(sort) {
        sort.push(SortClause {
            field: Field::ShardDoc,
            descending: false,
        });
    }
}

/// Orders two records by `sort`: the first clause that tells them apart decides.
pub(super) fn compare_records(sort: &[SortClause], a: &Record, b: &Record) -> Ordering {
    sort.iter()
        .map(|clause| clause.directed(clause.field.order(a, b)))
        .find(|ordering| ordering.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// Where a `search_after` page starts in `records` (sorted by `sort`): the first record strictly
/// after the `after` values.
pub(super) fn position_after(
    records: &[&Record],
    sort: &[SortClause],
    after: &[Value],
) -> Result<usize, Failure> {
    for (position, record) in records.iter().enumerate() {
        if compare_with_after(record, sort, after)?.is_gt() {
            return Ok(position);
        }
    }
    Ok(records.len())
}

/// Compares a record with the `search_after` values, clause by clause until one tells them apart.
fn compare_with_after(record: &Record, sort: &[SortClause], after: &[Value]) -> Result<Ordering, Failure> {
    for (clause, value) in sort.iter().zip(after) {
        let Some(ordering) = clause.field.compare(record, value) else {
            return Err(fail(
                "illegal_argument_exception",
                format!(
                    "Failed to parse search_after value for field [{}].",
                    clause.field.name()
                ),
            ));
        };
        let ordering = clause.directed(ordering);
        if ordering.is_ne() {
            return Ok(ordering);
        }
    }
    Ok(Ordering::Equal)
}
