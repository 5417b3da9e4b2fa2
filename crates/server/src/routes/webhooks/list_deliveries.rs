//! `GET /data/v1/webhooks/deliveries`: the app's delivery log, newest first.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_store::deliveries::{Delivery, DeliveryCursor, DeliveryFilter, DeliveryStatus};
use ponte_webhooks::events::timestamp;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveriesQuery {
    /// pending, delivered, failed or stored.
    pub status: Option<String>,
    /// Only deliveries of this event (or product) name.
    pub event_name: Option<String>,
    /// Only deliveries created at or after this time (RFC 3339).
    pub since: Option<String>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 100 (default 50).
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryView {
    pub delivery_id: String,
    /// `event` or `report`.
    pub kind: String,
    /// The `webhook-id` header: the event id or report id.
    pub webhook_id: String,
    /// The eventName or productName.
    pub event_name: String,
    pub url: Option<String>,
    /// pending, delivered, failed or stored.
    pub status: String,
    pub attempts: u32,
    pub last_status_code: Option<u16>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<String>,
    pub created_at: String,
    pub delivered_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeliveriesPage {
    pub deliveries: Vec<DeliveryView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

impl From<Delivery> for DeliveryView {
    fn from(d: Delivery) -> Self {
        Self {
            delivery_id: d.id.to_string(),
            kind: serde_json::to_value(d.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default(),
            webhook_id: d.message_id,
            event_name: d.name,
            url: d.url,
            status: d.status.as_str().to_owned(),
            attempts: d.attempts,
            last_status_code: d.last_status_code,
            last_error: d.last_error,
            next_attempt_at: d.next_attempt_at.map(timestamp),
            created_at: timestamp(d.created_at),
            delivered_at: d.delivered_at.map(timestamp),
        }
    }
}

/// List webhook deliveries
#[utoipa::path(
    get,
    path = "/data/v1/webhooks/deliveries",
    tag = "Webhooks",
    security(("accessToken" = [])),
    params(DeliveriesQuery),
    responses(
        (status = 200, description = "A page of the delivery log, newest first", body = DeliveriesPage),
        (status = 400, description = "A filter is malformed (the message names it)", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    )
)]
pub async fn list_deliveries(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    ApiQuery(query): ApiQuery<DeliveriesQuery>,
) -> ApiResult<Json<DeliveriesPage>> {
    let status = query
        .status
        .as_deref()
        .map(str::parse::<DeliveryStatus>)
        .transpose()
        .map_err(|e| ApiError::BadRequest(format!("status: {e}")))?;
    let since =
        query.since.as_deref().map(|s| OffsetDateTime::parse(s, &Rfc3339)).transpose().map_err(|_| {
            ApiError::BadRequest("since: expected an RFC 3339 time such as 2026-11-23T12:00:00Z".to_owned())
        })?;
    let after = query
        .cursor
        .as_deref()
        .map(|c| {
            DeliveryCursor::decode(c)
                .ok_or_else(|| ApiError::BadRequest("cursor: not a cursor from this endpoint".to_owned()))
        })
        .transpose()?;
    let limit = match query.limit {
        None => 50,
        Some(n @ 1..=100) => n,
        Some(_) => return Err(ApiError::BadRequest("limit: must be between 1 and 100".to_owned())),
    };
    let filter = DeliveryFilter { status, name: query.event_name, since, after, limit };
    let (page, next) = state.store.list_deliveries(auth.app.id, &filter).await?;
    Ok(Json(DeliveriesPage {
        deliveries: page.into_iter().map(DeliveryView::from).collect(),
        next_cursor: next.map(|c| c.encode()),
    }))
}
