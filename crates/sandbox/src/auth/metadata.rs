//! The authorisation server's discovery document and JWKS.

use crate::context::BankContext;
use axum::Json;
use axum::extract::State;
use serde_json::{Value, json};
use std::sync::Arc;

pub const ACR_LOA2: &str = "urn:brasil:openbanking:loa2";
pub const ACR_LOA3: &str = "urn:brasil:openbanking:loa3";

/// The endpoints, relative to the issuer.
pub const PAR: &str = "/auth/par";
pub const AUTHORIZE: &str = "/auth/authorize";
pub const TOKEN: &str = "/auth/token";
pub const JWKS: &str = "/jwks";

pub fn document(ctx: &BankContext) -> Value {
    let url = |path: &str| format!("{}{path}", ctx.issuer);
    let scopes = [
        "openid",
        "consents",
        "resources",
        "customers",
        "accounts",
        "credit-cards-accounts",
        "loans",
        "financings",
        "invoice-financings",
        "unarranged-accounts-overdraft",
        "bank-fixed-incomes",
    ];
    json!({
        "issuer": ctx.issuer,
        "authorization_endpoint": url(AUTHORIZE),
        "token_endpoint": url(TOKEN),
        "pushed_authorization_request_endpoint": url(PAR),
        "jwks_uri": url(JWKS),
        // One listener serves both: the mTLS aliases are the same URLs (RFC 8705 §5).
        "mtls_endpoint_aliases": {
            "token_endpoint": url(TOKEN),
            "pushed_authorization_request_endpoint": url(PAR),
        },
        "require_pushed_authorization_requests": true,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": true,
        "require_signed_request_object": true,
        "request_object_signing_alg_values_supported": ["PS256"],
        "response_types_supported": ["code id_token"],
        "response_modes_supported": ["fragment"],
        "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token", "implicit"],
        "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        "token_endpoint_auth_signing_alg_values_supported": ["PS256"],
        "tls_client_certificate_bound_access_tokens": true,
        "code_challenge_methods_supported": ["S256"],
        "id_token_signing_alg_values_supported": ["PS256"],
        "subject_types_supported": ["public"],
        "acr_values_supported": [ACR_LOA2, ACR_LOA3],
        "claims_parameter_supported": true,
        "claims_supported": ["sub", "acr", "auth_time", "nonce", "cpf", "cnpj"],
        "scopes_supported": scopes,
        "authorization_response_iss_parameter_supported": true,
    })
}

pub async fn discovery(State(ctx): State<Arc<BankContext>>) -> Json<Value> {
    Json(document(&ctx))
}

pub async fn jwks(State(ctx): State<Arc<BankContext>>) -> Json<Value> {
    Json(json!({ "keys": [ctx.keys.jwk] }))
}
