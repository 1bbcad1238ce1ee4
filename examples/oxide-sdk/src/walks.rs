//! Walks over the generated client's methods: `paginated`'s `from_fn` calls them with each page's
//! token and size, and reads the pages through the impls `paginated-openapi` generated.

use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use paginated::{PageRequest, Paginate, Paginator, Token};

use crate::nexus::{types, Client, ResponseValue};

/// The `limit` parameter for a page request: its page size, `None` (the server's default) without
/// one. Sizes beyond `u32` are sent as `u32::MAX`, which the server lowers to its maximum.
pub fn limit(request: &PageRequest) -> Option<NonZeroU32> {
    let size = request.page_size()?;
    NonZeroU32::new(u32::try_from(size).unwrap_or(u32::MAX))
}

/// Every organization, in the order `sort_by` asks for (by name without it): `organization_list`,
/// walked by `paginated` through `types::OrganizationResultsPage`'s generated impl.
///
/// `sort_by` is sent on every request; a dropshot server reads it from the page token after the
/// first page and ignores it.
pub fn organizations(
    client: &Client,
    sort_by: Option<types::NameOrIdSortMode>,
) -> Paginator<types::Organization> {
    let client = client.clone();
    types::OrganizationResultsPage::from_fn(move |request: PageRequest| {
        let client = client.clone();
        async move {
            let cursor = request.cursor().map(Token::to_text);
            client
                .organization_list(limit(&request), cursor.as_deref(), sort_by)
                .await
                .map(ResponseValue::into_inner)
        }
    })
}

/// Every measurement of `metric_name` for the object `id` in `[start, end)`: `system_metric`, which
/// progenitor does not page, walked by `paginated` through `types::MeasurementResultsPage`'s generated
/// impl. `id` is sent with every page, as the server requires; the window too (the server reads it
/// from the page token after the first page).
pub fn system_metric(
    client: &Client,
    metric_name: types::SystemMetricName,
    id: uuid::Uuid,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Paginator<types::Measurement> {
    let client = client.clone();
    types::MeasurementResultsPage::from_fn(move |request: PageRequest| {
        let client = client.clone();
        async move {
            let cursor = request.cursor().map(Token::to_text);
            client
                .system_metric(
                    metric_name,
                    Some(&end),
                    &id,
                    limit(&request),
                    cursor.as_deref(),
                    Some(&start),
                )
                .await
                .map(ResponseValue::into_inner)
        }
    })
}
