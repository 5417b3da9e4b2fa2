//! Who is calling: a bearer token issued by this bank, presented over mutual TLS with the
//! certificate it was bound to (RFC 8705). Consent-bound calls then need the consent to be
//! AUTHORISED (a revoked consent's tokens get 401), the API's scope and the endpoint's
//! permission (403).

use super::error::{OfbError, OfbResult};
use crate::auth::tokens::TokenClaims;
use crate::consents::{ConsentRecord, repo};
use crate::context::BankContext;
use crate::tls::ClientCertificate;
use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use ponte_domain::Permission;
use std::sync::Arc;

/// A valid access token of this bank, bound to the presented client certificate.
#[derive(Debug, Clone)]
pub struct Authenticated(pub TokenClaims);

impl FromRequestParts<Arc<BankContext>> for Authenticated {
    type Rejection = OfbError;

    async fn from_request_parts(parts: &mut Parts, ctx: &Arc<BankContext>) -> OfbResult<Self> {
        let thumbprint = parts
            .extensions
            .get::<ClientCertificate>()
            .and_then(ClientCertificate::thumbprint_s256)
            .ok_or_else(|| {
                OfbError::unauthorized("this endpoint requires mutual TLS with the client's certificate")
            })?;
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| OfbError::unauthorized("an Authorization: Bearer access token is required"))?;
        let claims = ctx.verify_access_token(token).map_err(|e| OfbError::unauthorized(e.to_string()))?;
        if claims.cnf.x5t_s256 != thumbprint {
            return Err(OfbError::unauthorized("the token is bound to another client certificate"));
        }
        Ok(Authenticated(claims))
    }
}

impl Authenticated {
    /// A client-credentials call with `scope` (e.g. `consents`).
    pub fn require_client_scope(&self, scope: &str) -> OfbResult<&TokenClaims> {
        if self.0.consent_id.is_some() || !self.0.has_scope(scope) {
            return Err(OfbError::forbidden(format!(
                "this endpoint needs a client-credentials token with scope {scope}"
            )));
        }
        Ok(&self.0)
    }

    /// A consent-bound call: the consent is AUTHORISED, the token has `scope` and the consent
    /// grants `permission`.
    pub async fn require_consent(
        &self,
        ctx: &BankContext,
        scope: &str,
        permission: Permission,
    ) -> OfbResult<ConsentRecord> {
        let claims = &self.0;
        let consent_id = claims
            .consent_id
            .as_deref()
            .ok_or_else(|| OfbError::forbidden("this endpoint needs a token issued for a consent"))?;
        let consent = repo::load(ctx, consent_id)
            .await?
            .filter(|c| c.client_id == claims.client_id && repo::is_usable(c))
            .ok_or_else(|| {
                OfbError::unauthorized(
                    "the consent of this token is not authorised (revoked, rejected or expired)",
                )
            })?;
        if !claims.has_scope(scope) {
            return Err(OfbError::forbidden(format!("the token does not have the scope {scope}")));
        }
        if !consent.allows(permission) {
            return Err(OfbError::forbidden(format!("the consent does not grant {}", permission.as_str())));
        }
        Ok(consent)
    }
}
