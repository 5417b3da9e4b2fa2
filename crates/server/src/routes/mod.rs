//! Every HTTP route, one file per action. Routes and the OpenAPI document come from the same
//! `#[utoipa::path]` annotations, so the document cannot drift from the code.

pub mod auth;
pub mod categories;
pub mod client_ip;
pub mod consents;
pub mod docs;
pub mod health;
pub mod links;
pub mod reports;
pub mod sandbox;
pub mod webhooks;

use crate::http::error::ErrorBody;
use crate::state::AppState;
use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ponte partner API",
        description = "Open Finance Brasil data through one API, wire-compatible with the Klavi Link API v1.\n\n\
Authenticate with `POST /data/v1/auth`, then send `Authorization: Bearer <accessToken>`. \
Errors share one shape: `{statusCode, error, message}`. Business-rule failures answer HTTP 416 with a \
business `statusCode` (4001–4009). Every response carries `x-request-id`; POST endpoints accept an \
`Idempotency-Key` header (same key and body within 24 h returns the first response; another body, 409).",
        license(name = "Apache-2.0")
    ),
    components(schemas(ErrorBody)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "Authentication", description = "Access tokens for a partner's backend"),
        (name = "Links", description = "Links for end users, and the institutions they can connect"),
        (name = "Consents", description = "Consents at institutions: API-only creation, status, revocation"),
        (name = "Reports", description = "Report requests and the reports they produce"),
        (name = "Sandbox", description = "Completing sandbox consents without a browser"),
        (name = "Webhooks", description = "The delivery log and test events"),
        (name = "Operations", description = "Probes and metrics for operators"),
    )
)]
struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        let mut scheme = Http::new(HttpAuthScheme::Bearer);
        scheme.bearer_format = Some("JWT".to_owned());
        scheme.description = Some("Access token from POST /data/v1/auth (valid 30 minutes)".to_owned());
        components.add_security_scheme("accessToken", SecurityScheme::Http(scheme));
        let mut link = Http::new(HttpAuthScheme::Bearer);
        link.bearer_format = Some("JWT".to_owned());
        link.description =
            Some("The linkToken of POST /data/v1/links (valid as long as the link URL)".to_owned());
        components.add_security_scheme("linkToken", SecurityScheme::Http(link));
    }
}

/// The partner API and operations routes, with their OpenAPI document.
pub fn api_router() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::create_token::create_token))
        .routes(routes!(auth::refresh_token::refresh_token))
        .routes(routes!(links::create_link::create_link))
        .routes(routes!(links::institutions::list_institutions))
        .routes(routes!(links::institutions::institutions_status))
        .routes(routes!(links::get_link::get_link))
        .routes(routes!(consents::create_consent::create_consent, consents::list_consents::list_consents))
        .routes(routes!(consents::get_consent::get_consent))
        .routes(routes!(consents::revoke_consent::revoke_consent))
        .routes(routes!(reports::request_reports::personal_institution_data))
        .routes(routes!(reports::request_reports::personal_user_data))
        .routes(routes!(reports::request_reports::business_institution_data))
        .routes(routes!(reports::request_reports::business_user_data))
        .routes(routes!(reports::list_reports::list_reports))
        .routes(routes!(categories::list_categories::list_categories))
        .routes(routes!(categories::get_rules::get_rules, categories::put_rules::put_rules))
        .routes(routes!(reports::get_report::get_report))
        .routes(routes!(sandbox::complete_consent::complete_consent))
        .routes(routes!(webhooks::send_test::send_test))
        .routes(routes!(webhooks::list_deliveries::list_deliveries))
        .routes(routes!(webhooks::retry_delivery::retry_delivery))
        .routes(routes!(webhooks::recover::recover))
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .routes(routes!(health::metrics))
}

/// The OpenAPI document, as served at `/openapi.json`.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut api) = api_router().split_for_parts();
    api.info.version = env!("CARGO_PKG_VERSION").to_owned();
    api
}
