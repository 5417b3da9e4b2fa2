//! `GET /data/v1/links/institutions` and `GET /data/v1/links/institutions/status`.

use crate::auth::LinkSession;
use crate::http::error::{ApiResult, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_link::InstitutionEntry;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstitutionItem {
    #[schema(example = "999")]
    pub institution_code: String,
    pub name: String,
    /// Logo URL (served by Ponte).
    pub avatar: String,
    pub is_beta: bool,
    /// The institution reports an outage (its discovery status is not OK).
    pub is_outage: bool,
    /// 1: Open Finance.
    pub institution_type: u8,
    /// NATURAL, LEGAL or BOTH.
    pub business_type: String,
    pub available_resources: Vec<String>,
    pub organization_id: String,
    pub organization_name: String,
    pub parent_organization_id: String,
    pub parent_organization_name: String,
}

impl InstitutionItem {
    pub fn of(state: &AppState, entry: &InstitutionEntry) -> InstitutionItem {
        let i = &entry.institution;
        InstitutionItem {
            institution_code: i.code.clone(),
            name: i.name.clone(),
            avatar: format!(
                "{}/link/logos/institutions/{}",
                state.config.effective_public_url().trim_end_matches('/'),
                i.code
            ),
            is_beta: false,
            is_outage: entry.outage,
            institution_type: 1,
            business_type: i.business_type.as_str().to_owned(),
            available_resources: i.available_resources.clone(),
            organization_id: i.organisation_id.clone(),
            organization_name: i.organisation_name.clone(),
            parent_organization_id: i.parent_organisation_id.clone().unwrap_or_default(),
            parent_organization_name: i.parent_organisation_name.clone().unwrap_or_default(),
        }
    }
}

/// List institutions
///
/// The institutions this link's user can connect to (sandbox apps see the sandbox banks,
/// production apps the real ones). Needs the link's `linkToken`.
#[utoipa::path(
    get,
    path = "/data/v1/links/institutions",
    tag = "Links",
    security(("linkToken" = [])),
    responses(
        (status = 200, description = "The institutions", body = Vec<InstitutionItem>),
        (status = 401, description = "Missing, invalid or expired link token", body = ErrorBody),
        (status = 403, description = "An access token was sent instead of the link token", body = ErrorBody),
    )
)]
pub async fn list_institutions(
    State(state): State<AppState>,
    session: LinkSession,
) -> ApiResult<Json<Vec<InstitutionItem>>> {
    let entries = state.journey.registry.institutions(session.app.environment);
    Ok(Json(entries.iter().map(|e| InstitutionItem::of(&state, e)).collect()))
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct InstitutionStatus {
    pub institution_code: String,
    pub name: String,
    /// The status of the link's latest consent at this institution.
    #[schema(example = "AUTHORISED")]
    pub status: String,
}

/// Institutions' status for a link
///
/// For each institution this link has touched, the status of its latest consent there
/// (multi-institution mode).
#[utoipa::path(
    get,
    path = "/data/v1/links/institutions/status",
    tag = "Links",
    security(("linkToken" = [])),
    responses(
        (status = 200, description = "One entry per institution", body = Vec<InstitutionStatus>),
        (status = 401, description = "Missing, invalid or expired link token", body = ErrorBody),
    )
)]
pub async fn institutions_status(
    State(state): State<AppState>,
    session: LinkSession,
) -> ApiResult<Json<Vec<InstitutionStatus>>> {
    let mut latest = BTreeMap::new();
    for consent in state.store.link_consents(session.app.id, session.link.id).await? {
        latest.insert(consent.institution_code.clone(), consent.status);
    }
    let statuses = latest
        .into_iter()
        .map(|(code, status)| InstitutionStatus {
            name: state
                .journey
                .registry
                .institution(session.app.environment, &code)
                .map(|e| e.institution.name)
                .unwrap_or_default(),
            institution_code: code,
            status: status.as_str().to_owned(),
        })
        .collect();
    Ok(Json(statuses))
}
