use crate::auth::tokens::LinkClaims;
use crate::http::error::ApiError;
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use ponte_store::apps::App;
use ponte_store::journey::LinkRow;

/// The link whose link token authenticated this request (front-end endpoints and the Link
/// pages). It can only see and act on that link.
#[derive(Clone, Debug)]
pub struct LinkSession {
    pub app: App,
    pub link: LinkRow,
    pub claims: LinkClaims,
    pub token: String,
}

impl LinkSession {
    /// Verifies a link token and loads its app and link.
    pub async fn open(state: &AppState, token: &str) -> Result<LinkSession, ApiError> {
        let claims = state.tokens.verify_link(token).await?;
        let invalid = || ApiError::Unauthorized("Invalid link token".to_owned());
        let app = state.store.app(claims.app_id).await?.ok_or_else(invalid)?;
        if app.environment != claims.env {
            return Err(invalid());
        }
        let link = state.store.link(app.id, claims.link_id).await?.ok_or_else(invalid)?;
        Ok(LinkSession { app, link, claims, token: token.to_owned() })
    }
}

impl FromRequestParts<AppState> for LinkSession {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let token = super::bearer_token(&parts.headers)?;
        LinkSession::open(state, token).await
    }
}
