//! `GET /data/v1/reports`.

use crate::auth::AuthenticatedApp;
use crate::http::cursor;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiQuery;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_domain::{ProductCode, TaxId};
use ponte_store::products::{ReportFilter, ReportSummary};
use ponte_webhooks::events::timestamp;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    pub request_id: Option<String>,
    pub link_id: Option<String>,
    /// CPF or CNPJ.
    pub tax_id: Option<String>,
    /// A product code such as `pf_income`.
    pub product_name: Option<String>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
    /// 1–100 (default 50).
    pub limit: Option<u32>,
}

/// A report without its body (fetch it with `GET /data/v1/reports/{productReportId}`).
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportItem {
    pub product_report_id: String,
    pub request_id: String,
    pub product_name: String,
    pub tax_id: String,
    /// 200 complete, 204 partial.
    pub code: u16,
    pub product_report_time: String,
    pub expires_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ReportPage {
    pub data: Vec<ReportItem>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List reports
///
/// The app's stored reports, newest first, optionally filtered.
#[utoipa::path(
    get,
    path = "/data/v1/reports",
    tag = "Reports",
    security(("accessToken" = [])),
    params(ListQuery),
    responses(
        (status = 200, description = "A page of reports", body = ReportPage),
        (status = 400, description = "A filter is invalid", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
    )
)]
pub async fn list_reports(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<ReportPage>> {
    let bad = |field: &str, message: String| ApiError::BadRequest(format!("{field}: {message}"));
    let limit = query.limit.unwrap_or(50);
    if !(1..=100).contains(&limit) {
        return Err(bad("limit", "must be between 1 and 100".to_owned()));
    }
    let filter = ReportFilter {
        request_id: query
            .request_id
            .map(|v| v.parse().map_err(|_| bad("requestId", "is not a request id".to_owned())))
            .transpose()?,
        link_id: query
            .link_id
            .map(|v| v.parse().map_err(|_| bad("linkId", "is not a link id".to_owned())))
            .transpose()?,
        tax_id: query
            .tax_id
            .map(|v| {
                v.parse::<TaxId>().map(|t| t.as_str().to_owned()).map_err(|e| bad("taxId", e.to_string()))
            })
            .transpose()?,
        product: query
            .product_name
            .map(|v| v.parse::<ProductCode>().map_err(|e| bad("productName", e.to_string())))
            .transpose()?,
        before: query.cursor.as_deref().map(cursor::decode).transpose()?,
    };
    let rows = state.store.list_reports(auth.app.id, &filter, limit + 1).await?;
    let more = rows.len() > limit as usize;
    let rows = &rows[..rows.len().min(limit as usize)];
    let next_cursor = more.then(|| rows.last().map(|r| cursor::encode(r.created_at, r.id))).flatten();
    Ok(Json(ReportPage { data: rows.iter().map(item).collect(), next_cursor }))
}

fn item(row: &ReportSummary) -> ReportItem {
    ReportItem {
        product_report_id: row.id.to_string(),
        request_id: row.request_id.to_string(),
        product_name: row.product.to_string(),
        tax_id: row.tax_id.clone(),
        code: row.code,
        product_report_time: timestamp(row.created_at),
        expires_at: timestamp(row.expires_at),
    }
}
