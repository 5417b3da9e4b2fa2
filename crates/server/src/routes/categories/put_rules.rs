//! `PUT /data/v1/categories/rules`.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_reports::Categoriser;
use ponte_reports::categorise::OverrideRules;
use serde::Serialize;
use utoipa::ToSchema;

/// The app's category rules as stored.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CategoryRules {
    /// Tried in order, before Ponte's own rules.
    #[schema(value_type = Vec<Object>)]
    pub rules: serde_json::Value,
    /// The taxonomy version the rules' leaf codes belong to.
    pub taxonomy_version: String,
}

/// Replace the app's category rules
///
/// Rules are tried in order before Ponte's own, for reports built from now on. Each rule:
/// `{"match": {"keywords": [...], "counterpartyTaxId": "...", "mcc": 5411, "direction": "DEBITO",
/// "type": "PIX"}, "category": "<leaf code>", "brand": "..."}` — at least one matcher, all given
/// matchers must hold. An empty list removes them. See docs/categories.md.
#[utoipa::path(
    put,
    path = "/data/v1/categories/rules",
    tag = "Reports",
    security(("accessToken" = [])),
    request_body(content = Object, description = "`{\"rules\": [...]}`, at most 500 rules"),
    responses(
        (status = 200, description = "The rules now in force", body = CategoryRules),
        (status = 400, description = "A rule is invalid; the message names it and its field", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    )
)]
pub async fn put_rules(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult<Json<CategoryRules>> {
    let rules =
        OverrideRules::from_json(&body.to_string()).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let categoriser =
        Categoriser::with_overrides(&rules.rules).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    let stored = serde_json::to_string(&rules).map_err(ApiError::internal)?;
    state.store.save_category_rules(auth.app.id, &stored).await?;
    Ok(Json(CategoryRules {
        rules: serde_json::to_value(&rules.rules).map_err(ApiError::internal)?,
        taxonomy_version: categoriser.taxonomy().version.clone(),
    }))
}
