//! `POST /data/v1/webhooks/recover?since=…`: send again every delivery that failed since a time.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use ponte_store::deliveries::Requeue;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use utoipa::{IntoParams, ToSchema};

/// At most this many deliveries are queued by one call; call again for the rest.
const MAX_PER_CALL: u32 = 1000;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RecoverQuery {
    /// Failed deliveries created at or after this time (RFC 3339) are sent again.
    pub since: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecoverResponse {
    /// How many failed deliveries were queued again.
    pub requeued: u32,
    /// True when more remain: call again with the same `since`.
    pub more: bool,
}

/// Recover failed deliveries
///
/// After an outage of your endpoint, queues every failed delivery created since `since` for one
/// more attempt (at most 1,000 per call).
#[utoipa::path(
    post,
    path = "/data/v1/webhooks/recover",
    tag = "Webhooks",
    security(("accessToken" = [])),
    params(RecoverQuery),
    responses(
        (status = 202, description = "Queued again", body = RecoverResponse),
        (status = 400, description = "`since` is missing or not an RFC 3339 time", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    )
)]
pub async fn recover(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    ApiQuery(query): ApiQuery<RecoverQuery>,
) -> ApiResult<(StatusCode, Json<RecoverResponse>)> {
    let since = OffsetDateTime::parse(&query.since, &Rfc3339).map_err(|_| {
        ApiError::BadRequest("since: expected an RFC 3339 time such as 2026-11-23T12:00:00Z".to_owned())
    })?;
    let ids = state.store.failed_deliveries_since(auth.app.id, since, MAX_PER_CALL + 1).await?;
    let more = ids.len() > MAX_PER_CALL as usize;
    let mut requeued = 0;
    let mut tx = state.store.begin().await?;
    for id in ids.into_iter().take(MAX_PER_CALL as usize) {
        if ponte_webhooks::deliver::replay(&mut tx, auth.app.id, id).await? == Requeue::Queued {
            requeued += 1;
        }
    }
    tx.commit().await?;
    Ok((StatusCode::ACCEPTED, Json(RecoverResponse { requeued, more })))
}
