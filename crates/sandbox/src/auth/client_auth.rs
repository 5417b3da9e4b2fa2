//! Client authentication by `private_key_jwt` (PS256), as FAPI-BR requires on the token and
//! PAR endpoints, and verification of JWTs the client signs (request objects).

use super::clients::RegisteredClient;
use crate::context::BankContext;
use jsonwebtoken::jwk::Jwk;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use std::collections::HashMap;

pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// An OAuth error answer (RFC 6749 §5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: String,
}

impl OAuthError {
    pub fn new(status: u16, error: &'static str, description: impl Into<String>) -> Self {
        OAuthError { status, error, description: description.into() }
    }
    pub fn invalid_client(description: impl Into<String>) -> Self {
        OAuthError::new(401, "invalid_client", description)
    }
    pub fn invalid_request(description: impl Into<String>) -> Self {
        OAuthError::new(400, "invalid_request", description)
    }
    pub fn invalid_grant(description: impl Into<String>) -> Self {
        OAuthError::new(400, "invalid_grant", description)
    }
}

impl axum::response::IntoResponse for OAuthError {
    fn into_response(self) -> axum::response::Response {
        let status =
            axum::http::StatusCode::from_u16(self.status).unwrap_or(axum::http::StatusCode::BAD_REQUEST);
        let body = serde_json::json!({ "error": self.error, "error_description": self.description });
        (status, [(axum::http::header::CACHE_CONTROL, "no-store")], axum::Json(body)).into_response()
    }
}

#[derive(Debug, Deserialize)]
struct AssertionClaims {
    iss: String,
    sub: String,
    jti: String,
    exp: i64,
}

/// Verifies a JWT signed by `client` with PS256 and one of its registered keys, with the given
/// audiences; returns its claims.
pub fn verify_client_jwt<T: DeserializeOwned>(
    client: &RegisteredClient,
    token: &str,
    audiences: &[&str],
) -> Result<T, String> {
    let header = jsonwebtoken::decode_header(token).map_err(|e| format!("not a JWT: {e}"))?;
    if header.alg != Algorithm::PS256 {
        return Err(format!("must be signed with PS256, not {:?}", header.alg));
    }
    let jwk = client
        .jwks
        .iter()
        .filter_map(|k| serde_json::from_value::<Jwk>(k.clone()).ok())
        .find(|k| header.kid.is_none() || k.common.key_id == header.kid)
        .ok_or("no registered key of the client matches the JWT's kid")?;
    let key = DecodingKey::from_jwk(&jwk).map_err(|e| format!("the client's key is unusable: {e}"))?;
    let mut validation = Validation::new(Algorithm::PS256);
    validation.set_audience(audiences);
    validation.leeway = 5;
    validation.set_required_spec_claims(&["exp", "aud"]);
    jsonwebtoken::decode::<T>(token, &key, &validation).map(|d| d.claims).map_err(|e| e.to_string())
}

/// Authenticates the client of a token or PAR request from its form fields. The assertion's
/// `jti` is single-use (kept as a grant until it expires) so a captured assertion cannot be
/// replayed.
pub async fn authenticate(
    ctx: &BankContext,
    form: &HashMap<String, String>,
    endpoint: &str,
) -> Result<RegisteredClient, OAuthError> {
    if form.get("client_assertion_type").map(String::as_str) != Some(ASSERTION_TYPE) {
        return Err(OAuthError::invalid_client(format!(
            "client authentication must be private_key_jwt (client_assertion_type {ASSERTION_TYPE})"
        )));
    }
    let assertion = form
        .get("client_assertion")
        .ok_or_else(|| OAuthError::invalid_client("client_assertion is missing"))?;
    let unverified: AssertionClaims =
        jsonwebtoken::dangerous::insecure_decode(assertion)
            .map(|d| d.claims)
            .map_err(|e| OAuthError::invalid_client(format!("client_assertion is not a JWT: {e}")))?;
    if form.get("client_id").is_some_and(|id| *id != unverified.iss) {
        return Err(OAuthError::invalid_client("client_id and the assertion's issuer differ"));
    }
    let client = ctx
        .clients
        .client(&unverified.iss)
        .await
        .ok_or_else(|| OAuthError::invalid_client("unknown client"))?;
    let claims: AssertionClaims = verify_client_jwt(&client, assertion, &[&ctx.issuer, endpoint])
        .map_err(|e| OAuthError::invalid_client(format!("client_assertion: {e}")))?;
    if claims.iss != client.client_id || claims.sub != client.client_id {
        return Err(OAuthError::invalid_client("the assertion's iss and sub must be the client_id"));
    }
    let expires = time::OffsetDateTime::from_unix_timestamp(claims.exp)
        .map_err(|_| OAuthError::invalid_client("the assertion's exp is out of range"))?;
    // A long-lived assertion is a replayable credential (and its jti would be kept as long).
    if expires > time::OffsetDateTime::now_utc() + time::Duration::hours(1) {
        return Err(OAuthError::invalid_client("the assertion must expire within an hour"));
    }
    let handle = format!("{}:{}", client.client_id, claims.jti);
    ctx.store
        .insert_sandbox_grant(ctx.bank.code.code(), &handle, "assertion", "", expires)
        .await
        .map_err(|_| OAuthError::invalid_client("the client assertion was already used (jti replay)"))?;
    Ok(client)
}
