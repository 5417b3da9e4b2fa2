//! `POST /data/v1/webhooks/deliveries/{deliveryId}/retry`: send a delivery again.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use ponte_store::deliveries::Requeue;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RetryResponse {
    pub delivery_id: String,
    /// Always `pending`: the delivery is queued for one more attempt.
    pub status: &'static str,
}

/// Retry a delivery
///
/// Queues a delivered or failed delivery for one more attempt, with the same `webhook-id`.
#[utoipa::path(
    post,
    path = "/data/v1/webhooks/deliveries/{deliveryId}/retry",
    tag = "Webhooks",
    security(("accessToken" = [])),
    params(("deliveryId" = String, Path, description = "The delivery's id")),
    responses(
        (status = 202, description = "Queued again", body = RetryResponse),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 404, description = "No such delivery in this app", body = ErrorBody),
        (status = 409, description = "The delivery is already waiting for an attempt", body = ErrorBody),
        (status = 422, description = "The delivery has no URL (it was only stored)", body = ErrorBody),
    )
)]
pub async fn retry_delivery(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    Path(delivery_id): Path<String>,
) -> ApiResult<(StatusCode, Json<RetryResponse>)> {
    let not_found = || ApiError::NotFound(format!("No delivery {delivery_id} in this app"));
    let id = Uuid::parse_str(&delivery_id).map_err(|_| not_found())?;
    let mut tx = state.store.begin().await?;
    let outcome = ponte_webhooks::deliver::replay(&mut tx, auth.app.id, id).await?;
    tx.commit().await?;
    match outcome {
        Requeue::Queued => {
            Ok((StatusCode::ACCEPTED, Json(RetryResponse { delivery_id: id.to_string(), status: "pending" })))
        }
        Requeue::NotFound => Err(not_found()),
        Requeue::AlreadyPending => {
            Err(ApiError::Conflict("This delivery is already waiting for an attempt".to_owned()))
        }
        Requeue::NoUrl => Err(ApiError::Unprocessable(
            "This delivery has no URL: it was stored because the app had none configured".to_owned(),
        )),
    }
}
