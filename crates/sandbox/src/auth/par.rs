//! Pushed authorisation requests (RFC 9126) with a signed request object (RFC 9101, PS256):
//! the only way to start an authorisation at a sandbox bank, as FAPI-BR requires. The checked
//! request is kept for 60 seconds as a single-use `request_uri`.

use super::client_auth::{self, OAuthError};
use super::metadata::{ACR_LOA2, PAR};
use crate::consents::{ConsentStatus, repo};
use crate::context::BankContext;
use crate::tls::ClientCertificate;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;

pub const REQUEST_URI_PREFIX: &str = "urn:ietf:params:oauth:request_uri:";
pub const REQUEST_URI_SECONDS: i64 = 60;

/// The request object's claims that matter here.
#[derive(Debug, Deserialize)]
struct RequestObject {
    client_id: String,
    response_type: String,
    redirect_uri: String,
    scope: String,
    state: Option<String>,
    nonce: Option<String>,
    code_challenge: Option<String>,
    code_challenge_method: Option<String>,
    exp: i64,
    nbf: Option<i64>,
}

/// An authorisation request that passed every check, waiting for the customer.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PendingAuthorization {
    pub client_id: String,
    pub client_name: String,
    pub redirect_uri: String,
    pub scope: String,
    pub state: Option<String>,
    pub nonce: String,
    pub code_challenge: String,
    pub consent_id: String,
    pub acr: String,
    /// `x5t#S256` of the certificate the request came over: codes are redeemed with it.
    pub thumbprint: String,
}

pub fn parse_form(body: &[u8]) -> HashMap<String, String> {
    url::form_urlencoded::parse(body).into_owned().collect()
}

/// `consent:<id>` from a scope string; exactly one.
pub fn consent_scope(scope: &str) -> Option<&str> {
    let mut ids = scope.split_ascii_whitespace().filter_map(|s| s.strip_prefix("consent:"));
    let first = ids.next()?;
    ids.next().is_none().then_some(first)
}

pub async fn push(
    State(ctx): State<Arc<BankContext>>,
    certificate: Option<Extension<ClientCertificate>>,
    body: Bytes,
) -> Result<Response, OAuthError> {
    let thumbprint = certificate
        .and_then(|Extension(c)| c.thumbprint_s256())
        .ok_or_else(|| OAuthError::invalid_client("the PAR endpoint requires mutual TLS"))?;
    let form = parse_form(&body);
    let client = client_auth::authenticate(&ctx, &form, &format!("{}{PAR}", ctx.issuer)).await?;
    let jwt = form
        .get("request")
        .ok_or_else(|| OAuthError::invalid_request("a signed request object (request) is required"))?;
    let request: RequestObject = client_auth::verify_client_jwt(&client, jwt, &[&ctx.issuer])
        .map_err(|e| OAuthError::new(400, "invalid_request_object", e))?;
    let invalid = OAuthError::invalid_request;
    if request.client_id != client.client_id {
        return Err(invalid("the request object's client_id is not the authenticated client"));
    }
    let lifetime = request.exp - request.nbf.unwrap_or(request.exp - 60);
    if !(0..=3600).contains(&lifetime) {
        return Err(OAuthError::new(
            400,
            "invalid_request_object",
            "exp must be at most 60 minutes after nbf",
        ));
    }
    if request.response_type != "code id_token" {
        return Err(OAuthError::new(
            400,
            "unsupported_response_type",
            "response_type must be \"code id_token\"",
        ));
    }
    if !client.redirect_uris.allows(&request.redirect_uri) {
        return Err(invalid("redirect_uri is not registered for this client"));
    }
    let scopes: Vec<&str> = request.scope.split_ascii_whitespace().collect();
    if !scopes.contains(&"openid") {
        return Err(OAuthError::new(400, "invalid_scope", "scope must include openid"));
    }
    let consent_id = consent_scope(&request.scope).ok_or_else(|| {
        OAuthError::new(400, "invalid_scope", "scope must name exactly one consent:{consentId}")
    })?;
    let consent = repo::load(&ctx, consent_id)
        .await
        .map_err(|e| OAuthError::new(500, "server_error", e.detail))?
        .filter(|c| c.client_id == client.client_id)
        .ok_or_else(|| OAuthError::new(400, "invalid_scope", "the consent does not exist for this client"))?;
    if consent.status != ConsentStatus::AwaitingAuthorisation {
        return Err(OAuthError::new(400, "invalid_scope", "the consent is not awaiting authorisation"));
    }
    let code_challenge = match (request.code_challenge, request.code_challenge_method.as_deref()) {
        (Some(challenge), Some("S256")) if challenge.len() == 43 => challenge,
        _ => {
            return Err(invalid(
                "PKCE is required: code_challenge (S256, 43 characters) with code_challenge_method S256",
            ));
        }
    };
    let nonce = request.nonce.filter(|n| !n.is_empty()).ok_or_else(|| invalid("nonce is required"))?;
    let pending = PendingAuthorization {
        client_id: client.client_id,
        client_name: client.name,
        redirect_uri: request.redirect_uri,
        scope: request.scope,
        state: request.state,
        nonce,
        code_challenge,
        consent_id: consent.consent_id,
        acr: ACR_LOA2.to_owned(),
        thumbprint,
    };
    let handle = super::random_handle();
    let body =
        serde_json::to_string(&pending).map_err(|e| OAuthError::new(500, "server_error", e.to_string()))?;
    let expires = ctx.now() + time::Duration::seconds(REQUEST_URI_SECONDS);
    ctx.store
        .insert_sandbox_grant(ctx.bank.code.code(), &handle, "par", &body, expires)
        .await
        .map_err(|e| OAuthError::new(500, "server_error", e.to_string()))?;
    let answer =
        json!({ "request_uri": format!("{REQUEST_URI_PREFIX}{handle}"), "expires_in": REQUEST_URI_SECONDS });
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}
