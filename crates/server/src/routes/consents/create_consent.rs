//! `POST /data/v1/consents` (API-only mode).

use crate::auth::LinkSession;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiJson;
use crate::routes::links::request::check_redirect;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_domain::{Cnpj, Cpf, Email, Phone, ValidityPeriod};
use ponte_link::documents::Mode;
use ponte_link::journey::StartConsent;
use ponte_webhooks::events::timestamp;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use utoipa::ToSchema;

/// How long a `consentRedirectURL` may be opened (once).
pub const REDIRECT_VALIDITY: Duration = Duration::from_secs(60);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateConsentBody {
    /// Your tracking id, unique per consent in the app.
    pub external_track_id: String,
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    #[schema(example = "999")]
    pub institution_code: String,
    /// Where the user returns after the LGPD confirmation.
    #[serde(rename = "redirectURL")]
    pub redirect_url: String,
    /// 12 (months, default) or 0 (until cancelled).
    #[schema(value_type = Option<u8>)]
    pub validity_period: Option<ValidityPeriod>,
    pub phone: Option<String>,
    pub email: Option<String>,
    #[schema(value_type = Option<Object>)]
    pub client_metadata: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreatedConsent {
    pub consent_id: String,
    /// Send the user's browser here within 60 seconds; it works once.
    #[serde(rename = "consentRedirectURL")]
    pub consent_redirect_url: String,
    /// When the consent's sharing period ends (null: until cancelled).
    pub expire_at: Option<String>,
}

fn bad(field: &str, message: impl std::fmt::Display) -> ApiError {
    ApiError::BadRequest(format!("{field}: {message}"))
}

/// Create a consent (API-only)
///
/// For partners with their own UI: creates the consent at the institution and returns the URL
/// to send the user to (valid 60 s, single use). After the bank and the LGPD confirmation the
/// user returns to `redirectURL` with `link_id`, `consent_id`, `external_track_id` and
/// `external_info` (and `error`, `error_description` on failure).
#[utoipa::path(
    post,
    path = "/data/v1/consents",
    tag = "Consents",
    security(("linkToken" = [])),
    request_body = CreateConsentBody,
    responses(
        (status = 200, description = "The consent and where to send the user", body = CreatedConsent),
        (status = 400, description = "A field is invalid", body = ErrorBody),
        (status = 401, description = "Missing, invalid or expired link token", body = ErrorBody),
        (status = 409, description = "externalTrackId already used in this app", body = ErrorBody),
        (status = 416, description = "The institution is unknown or in outage (4004)", body = ErrorBody),
        (status = 503, description = "The institution failed; the consent is ERROR", body = ErrorBody),
    )
)]
pub async fn create_consent(
    State(state): State<AppState>,
    session: LinkSession,
    ApiJson(body): ApiJson<CreateConsentBody>,
) -> ApiResult<Json<CreatedConsent>> {
    let track = body.external_track_id.trim();
    if track.is_empty() || track.len() > 100 {
        return Err(bad("externalTrackId", "must be 1 to 100 characters"));
    }
    let present =
        |v: &Option<String>| v.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let personal = present(&body.personal_tax_id)
        .or_else(|| session.link.personal_tax_id.clone())
        .map(|v| v.parse::<Cpf>().map_err(|e| bad("personalTaxId", e)))
        .transpose()?
        .ok_or_else(|| bad("personalTaxId", "is required (the person who logs in at the institution)"))?;
    let business = present(&body.business_tax_id)
        .or_else(|| session.link.business_tax_id.clone())
        .map(|v| v.parse::<Cnpj>().map_err(|e| bad("businessTaxId", e)))
        .transpose()?;
    let redirect_url = check_redirect(&session.app.settings, "redirectURL", body.redirect_url.trim())?;
    let email = present(&body.email).map(|v| v.parse::<Email>().map_err(|e| bad("email", e))).transpose()?;
    let phone = present(&body.phone).map(|v| v.parse::<Phone>().map_err(|e| bad("phone", e))).transpose()?;
    let start = StartConsent {
        institution_code: body.institution_code.trim().to_owned(),
        personal_tax_id: personal.as_str().to_owned(),
        business_tax_id: business.map(|c| c.as_str().to_owned()),
        validity: body.validity_period.unwrap_or_default(),
        external_track_id: Some(track.to_owned()),
        mode: Mode::ApiOnly,
        redirect_url: Some(redirect_url),
        client_metadata: body.client_metadata,
        email: email.map(|e| e.as_str().to_owned()),
        phone: phone.map(|p| p.as_str().to_owned()),
        cause: "api",
    };
    let consent = state.journey.start_consent(&session.app, &session.link, &start, None).await?;
    let bank_url = state.journey.send_to_bank(&session.app, &consent).await?;
    let handle = ponte_ofb::pkce::random_token();
    let expires = state.store.clock().now() + REDIRECT_VALIDITY;
    state
        .store
        .insert_journey_grant(&handle, "consent_redirect", consent.id, bank_url.as_str(), expires)
        .await?;
    Ok(Json(CreatedConsent {
        consent_id: consent.id.to_string(),
        consent_redirect_url: format!(
            "{}/link/go/{handle}",
            state.config.effective_public_url().trim_end_matches('/')
        ),
        expire_at: consent.expire_at.map(timestamp),
    }))
}
