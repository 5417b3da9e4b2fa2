//! `DELETE /data/v1/consents/{consentId}/revoke`.

use super::get_consent::find;
use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Ok {
    #[schema(example = "ok")]
    pub message: &'static str,
}

/// Revoke a consent
///
/// Revokes the consent at the institution (OFB `DELETE /consents/{id}`) and in Ponte; emits
/// `consent_revoked`. Revoking a consent that already ended changes nothing.
#[utoipa::path(
    delete,
    path = "/data/v1/consents/{consentId}/revoke",
    tag = "Consents",
    security(("accessToken" = [])),
    params(("consentId" = String, Path, description = "The consent's id")),
    responses(
        (status = 200, description = "Revoked", body = Ok),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 404, description = "No such consent in this app", body = ErrorBody),
    )
)]
pub async fn revoke_consent(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    Path(consent_id): Path<String>,
) -> ApiResult<Json<Ok>> {
    let consent = find(&state, &auth, &consent_id).await?;
    state.journey.revoke(&auth.app, &consent, "partner_revoke").await?;
    Ok(Json(Ok { message: "ok" }))
}
