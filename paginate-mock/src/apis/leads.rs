//! The leads API: `page` (1-indexed) and `pageSize` (default 50, 1–100, values above 100 clamped), filters
//! (`status`, `search`) applied before pagination, and a `pagination` object with page, pageSize, total,
//! totalPages (always >= 1), hasNextPage and hasPrevPage. Newest first, so records created during a
//! walk shift later pages.

use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::AppState;
use crate::data::iso8601;
use crate::http::{json, Params};

pub(crate) async fn leads(State(state): State<AppState>, RawQuery(query): RawQuery) -> Response {
    let read = || -> Result<_, String> {
        let params = Params::parse(query.as_deref())?;
        let text = |name: &str| params.get(name).map(|value| value.map(str::to_lowercase));
        Ok((
            params.int("page")?.unwrap_or(1),
            params.int("pageSize")?.unwrap_or(50),
            text("status")?,
            text("search")?,
        ))
    };
    let (page, page_size, status, search) = match read() {
        Ok(values) => values,
        Err(message) => return json(StatusCode::BAD_REQUEST, json!({"error": message})),
    };
    if page < 1 || page_size < 1 {
        return json(
            StatusCode::BAD_REQUEST,
            json!({"error": "page and pageSize must be at least 1"}),
        );
    }
    let page = page as u64;
    let page_size = page_size.min(100) as u64;
    let records = state.records();
    let matching: Vec<_> = records
        .iter()
        .rev()
        .filter(|record| status.as_deref().is_none_or(|status| record.status == status))
        .filter(|record| {
            search
                .as_deref()
                .is_none_or(|search| record.name().to_lowercase().contains(search))
        })
        .collect();
    let total = matching.len() as u64;
    let total_pages = total.div_ceil(page_size).max(1);
    let start = (page - 1).saturating_mul(page_size).min(total) as usize;
    let end = (start + page_size as usize).min(matching.len());
    let items: Vec<Value> = matching[start..end]
        .iter()
        .map(|record| {
            json!({
                "id": format!("lead_{:06}", record.id),
                "name": record.name(),
                "status": record.status,
                "createdAt": iso8601(record.created_at),
            })
        })
        .collect();
    json(
        StatusCode::OK,
        json!({
            "data": items,
            "pagination": {
                "page": page,
                "pageSize": page_size,
                "total": total,
                "totalPages": total_pages,
                "hasNextPage": page < total_pages,
                "hasPrevPage": page > 1,
            }
        }),
    )
}
