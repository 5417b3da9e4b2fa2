//! Consents API v3.3.1: create, read, delete (`/open-banking/consents/v3`).

use super::access::Authenticated;
use super::error::{OfbError, OfbResult, request_date_time};
use crate::consents::{ConsentRecord, ConsentStatus, CreateConsentRequest, granted_permissions, repo};
use crate::context::BankContext;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::sync::Arc;

pub const BASE: &str = "/open-banking/consents/v3";
pub const VERSION: &str = "3.3.1";

pub fn router() -> Router<Arc<BankContext>> {
    Router::new().route("/consents", post(create)).route("/consents/{consent_id}", get(read).delete(delete))
}

/// The consent as the API shows it.
pub fn consent_body(ctx: &BankContext, record: &ConsentRecord) -> Value {
    let mut data = json!({
        "consentId": record.consent_id,
        "creationDateTime": request_date_time(record.created_at),
        "status": record.status.as_str(),
        "statusUpdateDateTime": request_date_time(record.status_updated_at),
        "permissions": record.permissions.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
    });
    if let Some(end) = record.expiration {
        data["expirationDateTime"] = json!(request_date_time(end));
    }
    if let Some(rejection) = &record.rejection {
        let mut reason = json!({ "code": rejection.code });
        if let Some(info) = &rejection.info {
            reason["additionalInformation"] = json!(info);
        }
        data["rejection"] = json!({ "rejectedBy": rejection.by, "reason": reason });
    }
    json!({
        "data": data,
        "links": { "self": ctx.url(&format!("{BASE}/consents/{}", record.consent_id)) },
        "meta": { "requestDateTime": request_date_time(ctx.now()) },
    })
}

fn json_response(status: StatusCode, body: Value) -> Response {
    let mut response = (status, axum::Json(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        axum::http::HeaderValue::from_static("application/json; charset=utf-8"),
    );
    response
}

async fn create(
    State(ctx): State<Arc<BankContext>>,
    auth: Authenticated,
    headers: HeaderMap,
    body: Bytes,
) -> OfbResult<Response> {
    let claims = auth.require_client_scope("consents")?;
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"));
    if !is_json {
        return Err(OfbError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "FORMATO_NAO_SUPORTADO",
            "the body must be application/json",
        ));
    }
    let request: CreateConsentRequest = serde_json::from_slice(&body)
        .map_err(|e| OfbError::bad_request(format!("the consent request is not valid: {e}")))?;
    let now = ctx.now();
    let permissions = granted_permissions(&request.data, ctx.bank.offer, now)?;
    let record = ConsentRecord {
        consent_id: format!("urn:ponte{}:{}", ctx.bank.code.code(), uuid::Uuid::new_v4()),
        client_id: claims.client_id.clone(),
        status: ConsentStatus::AwaitingAuthorisation,
        permissions,
        logged_user: request.data.logged_user.document.identification.clone(),
        business_entity: request.data.business_entity.map(|b| b.document.identification),
        expiration: request.data.expiration_date_time,
        created_at: now,
        status_updated_at: now,
        rejection: None,
        shared_resources: Vec::new(),
    };
    repo::insert(&ctx, &record).await?;
    Ok(json_response(StatusCode::CREATED, consent_body(&ctx, &record)))
}

/// The client's own consent; another client's is "not found" for it.
async fn own_consent(ctx: &BankContext, auth: &Authenticated, consent_id: &str) -> OfbResult<ConsentRecord> {
    let claims = auth.require_client_scope("consents")?;
    repo::load(ctx, consent_id)
        .await?
        .filter(|c| c.client_id == claims.client_id)
        .ok_or_else(|| OfbError::not_found("no such consent"))
}

async fn read(
    State(ctx): State<Arc<BankContext>>,
    auth: Authenticated,
    Path(consent_id): Path<String>,
) -> OfbResult<Response> {
    let record = own_consent(&ctx, &auth, &consent_id).await?;
    Ok(json_response(StatusCode::OK, consent_body(&ctx, &record)))
}

async fn delete(
    State(ctx): State<Arc<BankContext>>,
    auth: Authenticated,
    Path(consent_id): Path<String>,
) -> OfbResult<Response> {
    for _ in 0..2 {
        let record = own_consent(&ctx, &auth, &consent_id).await?;
        let Some(deleted) = record.deleted(ctx.now()) else {
            return Err(OfbError::unprocessable(
                "CONSENTIMENTO_EM_STATUS_REJEITADO",
                "the consent is already rejected",
            ));
        };
        if repo::transition(&ctx, &record, &deleted).await? {
            return Ok(StatusCode::NO_CONTENT.into_response());
        }
    }
    Err(OfbError::internal("the consent kept changing while it was deleted; try again"))
}
