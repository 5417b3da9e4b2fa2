//! `GET /data/v1/categories/rules`.

use super::put_rules::CategoryRules;
use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_reports::categorise::{OverrideRules, taxonomy};

/// Get the app's category rules
#[utoipa::path(
    get,
    path = "/data/v1/categories/rules",
    tag = "Reports",
    security(("accessToken" = [])),
    responses(
        (status = 200, description = "The app's rules (an empty list when it has none)", body = CategoryRules),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    )
)]
pub async fn get_rules(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
) -> ApiResult<Json<CategoryRules>> {
    let rules = match state.store.category_rules(auth.app.id).await? {
        Some(text) => {
            OverrideRules::from_json(&text).map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?
        }
        None => OverrideRules::default(),
    };
    Ok(Json(CategoryRules {
        rules: serde_json::to_value(&rules.rules).map_err(ApiError::internal)?,
        taxonomy_version: taxonomy().version.clone(),
    }))
}
