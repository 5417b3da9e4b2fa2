//! `GET /data/v1/links/{linkId}`.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Path, State};
use ponte_link::view::{ConsentView, ConsentWithTimeline, LinkView, TimelineEntry};
use uuid::Uuid;

/// Get a link
///
/// The link, its status and its consents, each with its timeline (every status change with
/// its time and cause).
#[utoipa::path(
    get,
    path = "/data/v1/links/{linkId}",
    tag = "Links",
    security(("accessToken" = [])),
    params(("linkId" = String, Path, description = "The link's id")),
    responses(
        (status = 200, description = "The link", body = Object),
        (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
        (status = 404, description = "No such link in this app", body = ErrorBody),
    )
)]
pub async fn get_link(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    Path(link_id): Path<String>,
) -> ApiResult<Json<LinkView>> {
    let not_found = || ApiError::NotFound("No such link in this app".to_owned());
    let id: Uuid = link_id.parse().map_err(|_| not_found())?;
    let link = state.store.link(auth.app.id, id).await?.ok_or_else(not_found)?;
    let mut consents = Vec::new();
    for consent in state.store.link_consents(auth.app.id, id).await? {
        let timeline = state.store.consent_timeline(consent.id).await?;
        let fetched = state.store.consent_data_times(&[consent.id]).await?;
        consents.push(ConsentWithTimeline {
            consent: ConsentView::of(&consent).fetched_at(fetched.first().map(|(_, at)| *at)),
            timeline: timeline.iter().map(TimelineEntry::of).collect(),
        });
    }
    Ok(Json(LinkView::of(&link, consents)))
}
