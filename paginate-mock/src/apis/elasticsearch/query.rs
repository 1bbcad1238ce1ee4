//! The `query` of a search, reduced to term filters: `match_all`, `term` (on `status`, `role` or `id`)
//! and `bool` with `filter` / `must` lists of those.

use serde_json::Value;

use super::doc_id;
use super::errors::{fail, Failure};
use crate::data::Record;

/// A term filter: a record matches when `field` (`status`, `role` or `id`) equals `value`.
pub(super) struct Term {
    field: String,
    value: String,
}

/// The term filters of `query`, all of which a record must match; `match_all` adds none.
pub(super) fn parse_query(query: &Value) -> Result<Vec<Term>, Failure> {
    let mut terms = Vec::new();
    collect_terms(query, &mut terms)?;
    Ok(terms)
}

/// Whether `record` matches every filter of `terms`.
pub(super) fn matches(record: &Record, terms: &[Term]) -> bool {
    terms.iter().all(|term| match term.field.as_str() {
        "status" => record.status == term.value,
        "role" => record.role == term.value,
        _ => doc_id(record.id) == term.value,
    })
}

fn collect_terms(query: &Value, terms: &mut Vec<Term>) -> Result<(), Failure> {
    let Some((kind, body)) = single_entry(query) else {
        return Err(fail(
            "parsing_exception",
            "[query] malformed query, expected a single query object",
        ));
    };
    match kind.as_str() {
        "match_all" => Ok(()),
        "term" => {
            terms.push(parse_term(body)?);
            Ok(())
        }
        "bool" => collect_bool(body, terms),
        other => Err(fail("parsing_exception", format!("unknown query [{other}]"))),
    }
}

/// `{"status": "won"}` or `{"status": {"value": "won"}}`.
fn parse_term(body: &Value) -> Result<Term, Failure> {
    let Some((field, value)) = single_entry(body) else {
        return Err(fail(
            "parsing_exception",
            "[term] query malformed, no field specified",
        ));
    };
    if !["status", "role", "id"].contains(&field.as_str()) {
        return Err(fail(
            "query_shard_exception",
            format!("No mapping found for field [{field}]"),
        ));
    }
    let value = match value {
        Value::Object(options) => options.get("value").cloned().unwrap_or(Value::Null),
        other => other.clone(),
    };
    let Value::String(value) = value else {
        return Err(fail(
            "parsing_exception",
            "[term] query does not support this value",
        ));
    };
    Ok(Term {
        field: field.clone(),
        value,
    })
}

/// `{"filter": [..], "must": [..]}`, each a query or a list of queries.
fn collect_bool(body: &Value, terms: &mut Vec<Term>) -> Result<(), Failure> {
    let Some(clauses) = body.as_object() else {
        return Err(fail("parsing_exception", "[bool] malformed query"));
    };
    for (occur, list) in clauses {
        if !["filter", "must"].contains(&occur.as_str()) {
            return Err(fail(
                "parsing_exception",
                format!("[bool] query does not support [{occur}]"),
            ));
        }
        let list = match list {
            Value::Array(list) => list.clone(),
            other => vec![other.clone()],
        };
        for query in &list {
            collect_terms(query, terms)?;
        }
    }
    Ok(())
}

/// The name and value of an object with exactly one member, as Elasticsearch's query clauses are.
fn single_entry(value: &Value) -> Option<(&String, &Value)> {
    value
        .as_object()
        .filter(|object| object.len() == 1)
        .and_then(|object| object.iter().next())
}
