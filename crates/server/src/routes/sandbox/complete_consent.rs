//! `POST /data/v1/sandbox/consents`.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, ErrorBody};
use crate::http::extract::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_domain::{Environment, PermissionGroup, TaxId};
use ponte_link::journey::HeadlessConsent;
use ponte_link::view::ConsentView;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxConsentBody {
    pub link_id: String,
    #[schema(example = "999")]
    pub institution_code: String,
    /// The persona's CPF or CNPJ.
    #[schema(example = "76109277673")]
    pub tax_id: String,
    /// `approve` (default) or `reject`.
    pub decision: Option<String>,
    /// Permission groups to ask for (default: what the app's products need).
    pub permissions: Option<Vec<String>>,
}

/// Complete a sandbox consent without a browser
///
/// For sandbox apps: runs the real journey (consent, PAR, the bank's login and consent pages,
/// callback checks, code exchange over mTLS, LGPD confirmation) against a sandbox bank, as a
/// person would in a browser, and returns the consent with its final status. Events are sent
/// as for any consent.
#[utoipa::path(
    post,
    path = "/data/v1/sandbox/consents",
    tag = "Sandbox",
    security(("accessToken" = [])),
    request_body = SandboxConsentBody,
    responses(
        (status = 200, description = "The consent, AUTHORISED, REJECTED or ERROR", body = Object),
        (status = 400, description = "A field is invalid", body = ErrorBody),
        (status = 403, description = "Not a sandbox app, or no sandbox banks run here", body = ErrorBody),
        (status = 404, description = "No such link in this app", body = ErrorBody),
    )
)]
pub async fn complete_consent(
    State(state): State<AppState>,
    auth: AuthenticatedApp,
    ApiJson(body): ApiJson<SandboxConsentBody>,
) -> ApiResult<Json<ConsentView>> {
    if auth.app.environment != Environment::Sandbox {
        return Err(ApiError::Forbidden(
            "Only sandbox apps can complete consents without a browser".to_owned(),
        ));
    }
    let customer = state.headless.clone().ok_or_else(|| {
        ApiError::Forbidden(
            "The sandbox banks do not run in this deployment (ponte serve runs them)".to_owned(),
        )
    })?;
    let bad = |field: &str, message: String| ApiError::BadRequest(format!("{field}: {message}"));
    let not_found = || ApiError::NotFound("No such link in this app".to_owned());
    let link_id: Uuid = body.link_id.parse().map_err(|_| not_found())?;
    let link = state.store.link(auth.app.id, link_id).await?.ok_or_else(not_found)?;
    let tax_id: TaxId = body.tax_id.parse().map_err(|e| bad("taxId", format!("{e}")))?;
    let approve = match body.decision.as_deref().unwrap_or("approve") {
        "approve" => true,
        "reject" => false,
        other => return Err(bad("decision", format!("must be \"approve\" or \"reject\", got {other:?}"))),
    };
    let groups = body
        .permissions
        .map(|list| {
            list.iter()
                .map(|g| g.parse::<PermissionGroup>().map_err(|e| bad("permissions", e.to_string())))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let consent = state
        .journey
        .complete_headless(
            &auth.app,
            customer.as_ref(),
            HeadlessConsent {
                link: &link,
                institution_code: body.institution_code.trim().to_owned(),
                tax_id,
                approve,
                groups,
            },
        )
        .await?;
    Ok(Json(ConsentView::of(&consent)))
}
