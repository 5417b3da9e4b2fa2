//! The token endpoint: `client_credentials`, `authorization_code` (with PKCE S256) and
//! `refresh_token` (non-rotating), client authentication by `private_key_jwt`, mutual TLS, and
//! every token bound to the client's certificate.

use super::authorize::CodeGrant;
use super::client_auth::{self, OAuthError};
use super::id_token::{self, IdTokenFor};
use super::metadata::TOKEN;
use super::par::parse_form;
use super::tokens::{self, ACCESS_TOKEN_SECONDS, Grant, TokenClaims, TokenUse};
use crate::consents::{RejectedBy, Rejection, RejectionCode, repo};
use crate::context::BankContext;
use crate::personas::{self, PersonaKind};
use crate::tls::ClientCertificate;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ponte_store::sandbox::GrantTaken;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// Scopes a client-credentials token may carry.
const CLIENT_SCOPES: &[&str] = &["consents"];
/// A refresh token for a consent without an end date lives this long (it is still refused
/// once the consent is no longer AUTHORISED).
const INDEFINITE_REFRESH_SECONDS: i64 = 5 * 365 * 24 * 3600;

fn server_error(e: impl std::fmt::Display) -> OAuthError {
    tracing::error!(error = %e, "sandbox token endpoint failed");
    OAuthError::new(500, "server_error", "the bank could not issue the token")
}

pub async fn token(
    State(ctx): State<Arc<BankContext>>,
    certificate: Option<Extension<ClientCertificate>>,
    body: Bytes,
) -> Result<Response, OAuthError> {
    let thumbprint = certificate
        .and_then(|Extension(c)| c.thumbprint_s256())
        .ok_or_else(|| OAuthError::invalid_client("the token endpoint requires mutual TLS"))?;
    let form = parse_form(&body);
    let client = client_auth::authenticate(&ctx, &form, &format!("{}{TOKEN}", ctx.issuer)).await?;
    let answer = match form.get("grant_type").map(String::as_str) {
        Some("client_credentials") => {
            let scope = form.get("scope").map(String::as_str).unwrap_or("consents");
            if scope.split_ascii_whitespace().any(|s| !CLIENT_SCOPES.contains(&s)) {
                return Err(OAuthError::new(
                    400,
                    "invalid_scope",
                    "client credentials allow the scope consents",
                ));
            }
            let grant = Grant {
                sub: client.client_id.clone(),
                client_id: client.client_id.clone(),
                scope: scope.to_owned(),
                consent_id: None,
                thumbprint,
            };
            let access = issue(&ctx, &grant, TokenUse::Access, ACCESS_TOKEN_SECONDS)?;
            json!({ "access_token": access, "token_type": "Bearer", "expires_in": ACCESS_TOKEN_SECONDS, "scope": scope })
        }
        Some("authorization_code") => exchange_code(&ctx, &form, &client.client_id, &thumbprint).await?,
        Some("refresh_token") => refresh(&ctx, &form, &client.client_id, &thumbprint).await?,
        _ => {
            return Err(OAuthError::new(
                400,
                "unsupported_grant_type",
                "grant_type must be client_credentials, authorization_code or refresh_token",
            ));
        }
    };
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(answer)).into_response())
}

fn issue(ctx: &BankContext, grant: &Grant, token_use: TokenUse, seconds: i64) -> Result<String, OAuthError> {
    tokens::sign(&ctx.keys, &TokenClaims::issue(&ctx.issuer, grant, token_use, seconds)).map_err(server_error)
}

fn pkce_matches(verifier: &str, challenge: &str) -> bool {
    // RFC 7636: 43 to 128 characters of [A-Za-z0-9-._~].
    let valid = (43..=128).contains(&verifier.len())
        && verifier.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b));
    valid && URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes())) == challenge
}

async fn exchange_code(
    ctx: &BankContext,
    form: &std::collections::HashMap<String, String>,
    client_id: &str,
    thumbprint: &str,
) -> Result<Value, OAuthError> {
    let code = form.get("code").ok_or_else(|| OAuthError::invalid_request("code is required"))?;
    let grant: CodeGrant = match ctx.store.take_sandbox_grant(ctx.bank.code.code(), code, "code").await {
        Ok(GrantTaken::Fresh(body)) => serde_json::from_str(&body).map_err(server_error)?,
        Ok(GrantTaken::AlreadyUsed) => return Err(OAuthError::invalid_grant("the code was already used")),
        Ok(GrantTaken::Expired) => return Err(OAuthError::invalid_grant("the code expired")),
        Ok(GrantTaken::Unknown) => return Err(OAuthError::invalid_grant("unknown code")),
        Err(e) => return Err(server_error(e)),
    };
    let request = &grant.pending;
    if request.client_id != client_id {
        return Err(OAuthError::invalid_grant("the code was issued to another client"));
    }
    if form.get("redirect_uri") != Some(&request.redirect_uri) {
        return Err(OAuthError::invalid_grant("redirect_uri differs from the authorisation request's"));
    }
    let verifier = form.get("code_verifier").map(String::as_str).unwrap_or_default();
    if !pkce_matches(verifier, &request.code_challenge) {
        return Err(OAuthError::invalid_grant("code_verifier does not match the code_challenge (PKCE S256)"));
    }
    if request.thumbprint != thumbprint {
        return Err(OAuthError::invalid_grant(
            "the code must be redeemed with the certificate that asked for it",
        ));
    }
    let consent = repo::load(ctx, &request.consent_id)
        .await
        .map_err(|e| server_error(e.detail))?
        .filter(repo::is_usable)
        .ok_or_else(|| OAuthError::invalid_grant("the consent is no longer authorised"))?;
    if let Ok(login) = grant.login.parse::<ponte_domain::TaxId>()
        && personas::persona_of(&login) == PersonaKind::FailsCodeExchange
    {
        // Persona 70000000744: the bank fails here, as real ones sometimes do, and the
        // consent ends with a technical issue (what OFB prescribes for a failed exchange).
        let rejection = Rejection {
            by: RejectedBy::Aspsp,
            code: RejectionCode::ConsentTechnicalIssue,
            info: Some("Falha na troca do código de autorização".into()),
        };
        let _ = repo::transition(ctx, &consent, &consent.rejected(rejection, ctx.now())).await;
        return Err(OAuthError::new(
            500,
            "server_error",
            "the bank failed to exchange the code (sandbox persona)",
        ));
    }
    let token_grant = Grant {
        sub: grant.customer.clone(),
        client_id: client_id.to_owned(),
        scope: request.scope.clone(),
        consent_id: Some(consent.consent_id.clone()),
        thumbprint: thumbprint.to_owned(),
    };
    let refresh_seconds = consent
        .expiration
        .map(|end| (end - ctx.now()).whole_seconds().max(1))
        .unwrap_or(INDEFINITE_REFRESH_SECONDS);
    let access = issue(ctx, &token_grant, TokenUse::Access, ACCESS_TOKEN_SECONDS)?;
    let refresh = issue(ctx, &token_grant, TokenUse::Refresh, refresh_seconds)?;
    let subject = id_token::subject(ctx.bank.code.code(), &grant.customer);
    let id_token = id_token::sign(
        &ctx.keys,
        &IdTokenFor {
            issuer: &ctx.issuer,
            subject: &subject,
            client_id,
            nonce: &request.nonce,
            acr: &request.acr,
            auth_time: grant.auth_time,
            code: None,
            state: None,
        },
    )
    .map_err(server_error)?;
    Ok(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "refresh_token": refresh,
        "id_token": id_token,
        "scope": request.scope,
    }))
}

async fn refresh(
    ctx: &BankContext,
    form: &std::collections::HashMap<String, String>,
    client_id: &str,
    thumbprint: &str,
) -> Result<Value, OAuthError> {
    let token =
        form.get("refresh_token").ok_or_else(|| OAuthError::invalid_request("refresh_token is required"))?;
    let claims = tokens::verify(&ctx.keys, &ctx.issuer, token, TokenUse::Refresh)
        .map_err(|e| OAuthError::invalid_grant(e.to_string()))?;
    if claims.client_id != client_id || claims.cnf.x5t_s256 != thumbprint {
        return Err(OAuthError::invalid_grant("the refresh token belongs to another client or certificate"));
    }
    let consent_id = claims
        .consent_id
        .clone()
        .ok_or_else(|| OAuthError::invalid_grant("the refresh token names no consent"))?;
    repo::load(ctx, &consent_id)
        .await
        .map_err(|e| server_error(e.detail))?
        .filter(repo::is_usable)
        .ok_or_else(|| OAuthError::invalid_grant("the consent is no longer authorised"))?;
    let grant = Grant {
        sub: claims.sub.clone(),
        client_id: client_id.to_owned(),
        scope: claims.scope.clone(),
        consent_id: Some(consent_id),
        thumbprint: thumbprint.to_owned(),
    };
    let access = issue(ctx, &grant, TokenUse::Access, ACCESS_TOKEN_SECONDS)?;
    // Non-rotating (FAPI-BR): the same refresh token stays valid.
    Ok(json!({
        "access_token": access,
        "token_type": "Bearer",
        "expires_in": ACCESS_TOKEN_SECONDS,
        "refresh_token": token,
        "scope": claims.scope,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_is_checked_as_rfc_7636_says() {
        // The verifier of RFC 7636 appendix B; the challenge is BASE64URL(SHA-256(verifier)),
        // computed independently (Python's hashlib).
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        assert!(pkce_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
        assert!(!pkce_matches(verifier, "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN"));
        assert!(!pkce_matches("short", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    }
}
