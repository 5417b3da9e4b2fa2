//! `GET /data/v1/consents/{consentId}`.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use ponte_link::view::ConsentView;
use uuid::Uuid;

/// Get a consent
#[utoipa::path(
    get,
    path = "/data/v1/consents/{consentId}",
    tag = "Consents",
    security(("accessToken" = [])),
    params(("consentId" = String, Path, description = "The consent's id")),
    responses(
        (status = 200, description = "The consent", body = Object),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 404, description = "No such consent in this app", body = ErrorBody),
    )
)]
pub async fn get_consent(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    Path(consent_id): Path<String>,
) -> ApiResult<Json<ConsentView>> {
    let consent = find(&state, &auth, &consent_id).await?;
    let fetched = state.store.consent_data_times(&[consent.id]).await?.first().map(|(_, at)| *at);
    Ok(Json(ConsentView::of(&consent).fetched_at(fetched)))
}

/// A consent of the authenticated app; another app's consent is not found.
pub async fn find(
    state: &AppState,
    auth: &AuthenticatedApp,
    consent_id: &str,
) -> ApiResult<ponte_store::journey::ConsentRow> {
    let not_found = || ApiError::NotFound("No such consent in this app".to_owned());
    let id: Uuid = consent_id.parse().map_err(|_| not_found())?;
    state.store.consent(auth.app.id, id).await?.ok_or_else(not_found)
}
