//! `POST /data/v1/links`.

use super::request::CreateLinkBody;
use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiResult, ErrorBody};
use crate::http::extract::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedLink {
    pub link_id: String,
    /// Open it in a browser or WebView: the hosted Link pages.
    #[serde(rename = "linkURL")]
    pub link_url: String,
    /// For the link's front-end calls (institutions, API-only consents).
    pub link_token: String,
    /// Seconds the link URL and token stay valid.
    #[schema(example = 1800)]
    pub expire_in: u64,
}

/// Create a link
///
/// Creates a link for one end user and returns its hosted URL and link token. Emits
/// `link_created`.
#[utoipa::path(
    post,
    path = "/data/v1/links",
    tag = "Links",
    security(("accessToken" = [])),
    request_body = CreateLinkBody,
    responses(
        (status = 200, description = "The link", body = CreatedLink),
        (status = 400, description = "A field is invalid (the message names it)", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 416, description = "productsCallbackURL breaks its rules (4006)", body = ErrorBody),
    )
)]
pub async fn create_link(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    ApiJson(body): ApiJson<CreateLinkBody>,
) -> ApiResult<Json<CreatedLink>> {
    let request = body.parse(&auth.app.settings)?;
    let link = state.journey.create_link(&auth.app, &request).await?;
    let token = state.tokens.issue_link(&auth.app, link.id, link.expires_at.unix_timestamp())?;
    Ok(Json(CreatedLink {
        link_id: link.id.to_string(),
        link_url: link_url(&state, &token.token),
        link_token: token.token,
        expire_in: token.expires_in,
    }))
}

/// `{public_url}/link?v={linkToken}`.
pub fn link_url(state: &AppState, token: &str) -> String {
    format!("{}/link?v={token}", state.config.effective_public_url().trim_end_matches('/'))
}
