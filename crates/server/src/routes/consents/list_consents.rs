//! `GET /data/v1/consents`.

use crate::auth::AuthenticatedApp;
use crate::http::cursor;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_domain::{Cnpj, Cpf};
use ponte_link::view::ConsentView;
use ponte_store::journey::ConsentFilter;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub link_id: Option<String>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–100 (default 50).
    pub limit: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ConsentPage {
    #[schema(value_type = Vec<Object>)]
    pub data: Vec<ConsentView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List consents
///
/// The app's consents, newest first, optionally filtered by tax id or link.
#[utoipa::path(
    get,
    path = "/data/v1/consents",
    tag = "Consents",
    security(("accessToken" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of consents", body = ConsentPage),
        (status = 400, description = "A filter is invalid", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    )
)]
pub async fn list_consents(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<ConsentPage>> {
    let bad = |field: &str, message: String| ApiError::BadRequest(format!("{field}: {message}"));
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(bad("limit", "must be between 1 and 100".to_owned()));
    }
    let filter = ConsentFilter {
        personal_tax_id: query
            .personal_tax_id
            .map(|v| {
                v.parse::<Cpf>()
                    .map(|c| c.as_str().to_owned())
                    .map_err(|e| bad("personalTaxId", e.to_string()))
            })
            .transpose()?,
        business_tax_id: query
            .business_tax_id
            .map(|v| {
                v.parse::<Cnpj>()
                    .map(|c| c.as_str().to_owned())
                    .map_err(|e| bad("businessTaxId", e.to_string()))
            })
            .transpose()?,
        link_id: query
            .link_id
            .map(|v| v.parse().map_err(|_| bad("linkId", "is not a link id".to_owned())))
            .transpose()?,
        before: query.cursor.as_deref().map(cursor::decode).transpose()?,
    };
    let rows = state.store.list_consents(auth.app.id, &filter, limit + 1).await?;
    let more = rows.len() > limit as usize;
    let rows = &rows[..rows.len().min(limit as usize)];
    let next_cursor = more.then(|| rows.last().map(|r| cursor::encode(r.created_at, r.id))).flatten();
    let ids: Vec<uuid::Uuid> = rows.iter().map(|r| r.id).collect();
    let fetched = state.store.consent_data_times(&ids).await?;
    let fetched_at = |id| fetched.iter().find(|(c, _)| *c == id).map(|(_, at)| *at);
    let data = rows.iter().map(|r| ConsentView::of(r).fetched_at(fetched_at(r.id))).collect();
    Ok(Json(ConsentPage { data, next_cursor }))
}
