//! The four report-request endpoints (spec §3): personal or business, institution or user level.
//! They differ only in the audience of `taxId` and whether `institutionCode` is required.

use crate::auth::AuthenticatedApp;
use crate::http::error::{ApiError, ApiResult, BusinessCode, ErrorBody};
use crate::http::extract::ApiJson;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use ponte_domain::Audience;
use ponte_pipeline::accept::{BusinessRule, Rejection, RequestInput, accept};
use ponte_store::products::ReportLevel;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReportRequestBody {
    /// CPF (personal endpoints) or CNPJ (business endpoints), digits only or formatted.
    #[schema(example = "76109277673")]
    pub tax_id: String,
    /// Required at the institution level; ignored at the user level.
    #[schema(example = "999")]
    pub institution_code: Option<String>,
    /// Only this link's consents.
    pub link_id: Option<String>,
    /// Only these consents.
    pub consent_ids: Option<Vec<String>>,
    /// `["all"]` (every enabled product of this endpoint's kind) or product codes.
    #[schema(example = json!(["all"]))]
    pub products: Vec<String>,
    /// One-time routing of these reports: product code, `other` or `all` → URL.
    #[serde(rename = "productsCallbackURL")]
    #[schema(value_type = Option<Object>)]
    pub products_callback_url: Option<serde_json::Map<String, serde_json::Value>>,
    /// Echoed in every report and event of the request.
    #[schema(value_type = Option<Object>)]
    pub external_info: Option<serde_json::Value>,
}

#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestAccepted {
    pub request_id: String,
    #[schema(example = "ok")]
    pub message: &'static str,
}

async fn handle(
    state: AppState,
    auth: AuthenticatedApp,
    level: ReportLevel,
    audience: Audience,
    body: ReportRequestBody,
) -> ApiResult<Json<RequestAccepted>> {
    let input = RequestInput {
        level,
        audience,
        tax_id: body.tax_id,
        institution_code: body.institution_code,
        link_id: body.link_id,
        consent_ids: body.consent_ids,
        products: body.products,
        products_callback_url: body.products_callback_url,
        external_info: body.external_info,
    };
    match accept(&state.pipeline, &auth.app, input).await {
        Ok(id) => Ok(Json(RequestAccepted { request_id: id.to_string(), message: "ok" })),
        Err(Rejection::Invalid(message)) => Err(ApiError::BadRequest(message)),
        Err(Rejection::Business { rule, message }) => {
            Err(ApiError::Business { code: code_of(rule), message })
        }
        Err(Rejection::Internal(error)) => Err(ApiError::Internal(error)),
    }
}

fn code_of(rule: BusinessRule) -> BusinessCode {
    match rule {
        BusinessRule::AuthorisationInfo => BusinessCode::InvalidAuthorisationInfo,
        BusinessRule::ProductInfo => BusinessCode::InvalidProductInfo,
        BusinessRule::Institution => BusinessCode::InvalidInstitution,
        BusinessRule::Products => BusinessCode::InvalidProducts,
        BusinessRule::CallbackUrl => BusinessCode::InvalidProductsCallbackUrl,
    }
}

macro_rules! request_endpoint {
    ($name:ident, $path:literal, $level:expr, $audience:expr, $summary:literal, $doc:literal) => {
        #[doc = $summary]
        ///
        #[doc = $doc]
        #[utoipa::path(
            post,
            path = $path,
            tag = "Reports",
            security(("accessToken" = [])),
            request_body = ReportRequestBody,
            responses(
                (status = 200, description = "Accepted; the reports follow by webhook and API", body = RequestAccepted),
                (status = 400, description = "A field is invalid", body = ErrorBody),
                (status = 401, description = "Missing, invalid or expired token", body = ErrorBody),
                (status = 416, description = "Business rule: 4001 no AUTHORISED consent in scope, 4002 product not enabled or of the wrong kind or level, 4004 institution in outage, 4005 no products, 4006 invalid productsCallbackURL", body = ErrorBody),
            )
        )]
        pub async fn $name(
            State(state): State<AppState>,
            auth: AuthenticatedApp,
            ApiJson(body): ApiJson<ReportRequestBody>,
        ) -> ApiResult<Json<RequestAccepted>> {
            handle(state, auth, $level, $audience, body).await
        }
    };
}

request_endpoint!(
    personal_institution_data,
    "/data/v1/personal/institution-data",
    ReportLevel::Institution,
    Audience::Personal,
    "Request reports of a person at one institution",
    "Builds the requested products from the AUTHORISED consents of the CPF at `institutionCode` in this app (narrowed by `linkId` or `consentIds`). Income, financial insight and risk score are user-level products: request them with /personal/user-data."
);
request_endpoint!(
    personal_user_data,
    "/data/v1/personal/user-data",
    ReportLevel::User,
    Audience::Personal,
    "Request reports of a person across institutions",
    "Builds the requested products from every AUTHORISED consent of the CPF in the partner's apps of this environment (narrowed by `linkId` or `consentIds`)."
);
request_endpoint!(
    business_institution_data,
    "/data/v1/business/institution-data",
    ReportLevel::Institution,
    Audience::Business,
    "Request reports of a company at one institution",
    "As /personal/institution-data, for a CNPJ and the pj_ products."
);
request_endpoint!(
    business_user_data,
    "/data/v1/business/user-data",
    ReportLevel::User,
    Audience::Business,
    "Request reports of a company across institutions",
    "As /personal/user-data, for a CNPJ and the pj_ products."
);
