//! `GET /data/v1/reports/{productReportId}`.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use uuid::Uuid;

/// Get a report
///
/// A stored report, exactly as it was delivered (envelope and product body).
#[utoipa::path(
    get,
    path = "/data/v1/reports/{productReportId}",
    tag = "Reports",
    security(("accessToken" = [])),
    params(("productReportId" = String, Path, description = "The report's id (productReportId)")),
    responses(
        (status = 200, description = "The report", body = Object),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 404, description = "No such report in this app (or past its retention)", body = ErrorBody),
    )
)]
pub async fn get_report(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    Path(report_id): Path<String>,
) -> ApiResult<Response> {
    let not_found = || ApiError::NotFound("No such report in this app".to_owned());
    let id: Uuid = report_id.parse().map_err(|_| not_found())?;
    let report = state.store.report(auth.app.id, id).await?.ok_or_else(not_found)?;
    Ok(([(header::CONTENT_TYPE, "application/json")], report.body).into_response())
}
