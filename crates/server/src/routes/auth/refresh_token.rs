//! `GET /data/v1/refresh`: a new access token for a still-valid one.

use super::create_token::TokenResponse;
use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;

/// Refresh an access token
#[utoipa::path(
    get,
    path = "/data/v1/refresh",
    tag = "Authentication",
    security(("accessToken" = [])),
    responses(
        (status = 200, description = "A new token", body = TokenResponse),
        (status = 401, description = "Missing, invalid, expired or revoked token", body = ErrorBody),
        (status = 403, description = "A link token was sent instead of an access token", body = ErrorBody),
    )
)]
pub async fn refresh_token(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
) -> ApiResult<Json<TokenResponse>> {
    let issued = state.tokens.issue_access(&auth.app)?;
    Ok(Json(issued.into()))
}
