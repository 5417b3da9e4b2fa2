//! Probes for orchestrators and the Prometheus endpoint.

use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    #[schema(example = "ok")]
    pub status: &'static str,
}

/// Liveness: the process is up
#[utoipa::path(get, path = "/healthz", tag = "Operations", responses((status = 200, body = Health)))]
pub async fn healthz() -> Json<Health> {
    Json(Health { status: "ok" })
}

/// Readiness: the database answers and its schema is current
#[utoipa::path(
    get,
    path = "/readyz",
    tag = "Operations",
    responses((status = 200, body = Health), (status = 503, description = "Not ready; the message says why", body = ErrorBody))
)]
pub async fn readyz(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    state.store.ping().await.map_err(|e| ApiError::Unavailable(format!("database unreachable: {e}")))?;
    state.store.check_schema().await.map_err(|e| ApiError::Unavailable(e.to_string()))?;
    Ok(Json(Health { status: "ready" }))
}

/// Metrics in the Prometheus text format
#[utoipa::path(get, path = "/metrics", tag = "Operations", responses((status = 200, content_type = "text/plain", body = String)))]
pub async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    // Per kind, so that the webhook queue's lag (`kind="deliver_webhook"`) can be watched apart
    // from slower background work.
    if let Ok(kinds) = state.store.queue_stats_by_kind().await {
        for (kind, stats) in kinds {
            metrics::gauge!("ponte_jobs_pending", "kind" => kind.clone()).set(stats.pending as f64);
            metrics::gauge!("ponte_jobs_running", "kind" => kind.clone()).set(stats.running as f64);
            metrics::gauge!("ponte_jobs_dead", "kind" => kind.clone()).set(stats.dead as f64);
            metrics::gauge!("ponte_jobs_oldest_due_age_seconds", "kind" => kind)
                .set(stats.oldest_due_age_ms as f64 / 1000.0);
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], state.metrics.render())
}
