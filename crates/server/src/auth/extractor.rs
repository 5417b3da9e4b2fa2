use crate::http::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use ponte_store::apps::App;

/// The app whose access token authenticated this request. Handlers that take it can only see
/// that app's data: every store query they make is scoped by `app.id`.
#[derive(Clone, Debug)]
pub struct AuthenticatedApp {
    pub app: App,
    pub claims: super::AccessClaims,
}

/// The token of an `Authorization: Bearer …` header.
pub fn bearer_token(headers: &HeaderMap) -> Result<&str, ApiError> {
    let value = headers.get(header::AUTHORIZATION).ok_or_else(|| {
        ApiError::Unauthorized(
            "Missing Authorization header: send `Authorization: Bearer <accessToken>`".to_owned(),
        )
    })?;
    let value =
        value.to_str().map_err(|_| ApiError::Unauthorized("Malformed Authorization header".to_owned()))?;
    match value.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty() => {
            Ok(token.trim())
        }
        _ => Err(ApiError::Unauthorized("Authorization header must be `Bearer <accessToken>`".to_owned())),
    }
}

impl FromRequestParts<AppState> for AuthenticatedApp {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(cached) = parts.extensions.get::<AuthenticatedApp>() {
            return Ok(cached.clone());
        }
        let authenticated = authenticate(&parts.headers, state).await?;
        parts.extensions.insert(authenticated.clone());
        Ok(authenticated)
    }
}

/// Verifies the bearer token and loads its app; refuses tokens revoked by a secret rotation.
pub async fn authenticate(headers: &HeaderMap, state: &AppState) -> Result<AuthenticatedApp, ApiError> {
    let token = bearer_token(headers)?;
    let claims = state.tokens.verify_access(token).await?;
    let app = state
        .store
        .app(claims.app_id)
        .await?
        .ok_or_else(|| ApiError::Unauthorized("Invalid access token".to_owned()))?;
    if claims.generation != app.token_generation {
        return Err(ApiError::Unauthorized(
            "Access token revoked (the app's secretKey was rotated); get a new one from POST /data/v1/auth"
                .to_owned(),
        ));
    }
    if app.environment != claims.env {
        return Err(ApiError::Unauthorized("Invalid access token".to_owned()));
    }
    Ok(AuthenticatedApp { app, claims })
}
