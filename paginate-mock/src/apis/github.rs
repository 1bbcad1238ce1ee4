//! GitHub-style pagination: `page`/`per_page` (default 30, max 100), a bare JSON array body, and the
//! RFC 8288 `Link` header with `next`, `prev`, `first` and `last` relations.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::AppState;
use crate::http::{link, Params};

pub(crate) async fn issues(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let page = params.int("page")?.unwrap_or(1);
        let per_page = params.int("per_page")?.unwrap_or(30);
        Ok((params, page, per_page))
    };
    let (params, page, per_page) = match read() {
        Ok(values) => values,
        Err(message) => {
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"message": message})),
            )
                .into_response()
        }
    };
    let (page, per_page) = (page.max(1) as u64, per_page.clamp(1, 100) as u64);
    let records = state.records();
    let total = records.len() as u64;
    let last = total.div_ceil(per_page).max(1);
    let start = (page - 1).saturating_mul(per_page).min(total) as usize;
    let end = (start + per_page as usize).min(records.len());
    let items: Vec<Value> = records[start..end]
        .iter()
        .map(|record| json!({"id": record.id, "number": record.id, "title": record.name()}))
        .collect();
    let rest = params.without(&["page", "per_page"]);
    let target = |page: u64| {
        let mut pairs = rest.clone();
        pairs.push(("per_page".into(), per_page.to_string()));
        pairs.push(("page".into(), page.to_string()));
        link(state.link_origin(), "/repos/octo/hello/issues", &pairs)
    };
    let mut relations = Vec::new();
    if page > 1 {
        relations.push(format!("<{}>; rel=\"prev\"", target(page - 1)));
    }
    if page < last {
        relations.push(format!("<{}>; rel=\"next\"", target(page + 1)));
    }
    relations.push(format!("<{}>; rel=\"last\"", target(last)));
    relations.push(format!("<{}>; rel=\"first\"", target(1)));
    let mut response = Json(items).into_response();
    if let Ok(value) = HeaderValue::from_str(&relations.join(", ")) {
        response.headers_mut().insert("link", value);
    }
    response
}
