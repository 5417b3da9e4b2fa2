//! `POST /data/v1/webhooks/test`: sends a signed `webhook_test` event to the app's event URL.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct TestEventResponse {
    /// The delivery, as listed by `GET /data/v1/webhooks/deliveries`.
    pub delivery_id: String,
    /// The event id, sent as `webhook-id`.
    pub event_id: String,
    /// Where it is being sent.
    pub url: String,
}

/// Send a test event
///
/// Queues a `webhook_test` event to the app's event webhook URL, signed like every delivery
/// (Standard Webhooks and `X-Klavi-Signature`). Watch it arrive with `ponte webhooks listen`.
#[utoipa::path(
    post,
    path = "/data/v1/webhooks/test",
    tag = "Webhooks",
    security(("accessToken" = [])),
    responses(
        (status = 202, description = "Queued for delivery", body = TestEventResponse),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 422, description = "The app has no event webhook URL", body = ErrorBody),
    )
)]
pub async fn send_test(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
) -> ApiResult<(StatusCode, Json<TestEventResponse>)> {
    let url = auth.app.settings.event_webhook_url.as_ref().ok_or_else(|| {
        ApiError::Unprocessable(
            "This app has no event webhook URL; set one with `ponte apps update APP_ID --event-webhook-url URL`"
                .to_owned(),
        )
    })?;
    let payload = serde_json::json!({ "message": "This is a test event from Ponte." });
    let now = state.store.clock().now();
    let (delivery, event_id) = ponte_webhooks::events::event_delivery(
        auth.app.id,
        "webhook_test",
        payload,
        None,
        Some(url.as_str()),
        now,
    )
    .map_err(ApiError::internal)?;
    let mut tx = state.store.begin().await?;
    let (delivery_id, _) = ponte_webhooks::deliver::enqueue(&mut tx, &delivery)
        .await?
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a fresh event id was already in the outbox")))?;
    tx.commit().await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(TestEventResponse {
            delivery_id: delivery_id.to_string(),
            event_id: event_id.to_string(),
            url: url.as_str().to_owned(),
        }),
    ))
}
