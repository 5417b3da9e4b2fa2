//! The tokens a sandbox bank issues. Access and refresh tokens are PS256 JWTs signed with the
//! bank's key, so that any replica can verify them without a lookup; what can revoke them lives
//! in the consent they name: a token for a consent that is no longer AUTHORISED is refused
//! (which is how deleting a consent revokes every token issued for it).

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

/// Access tokens live 15 minutes (FAPI-BR: 300 to 900 seconds).
pub const ACCESS_TOKEN_SECONDS: i64 = 900;

/// The bank's signing key (PS256) and its published form.
#[derive(Clone)]
pub struct BankKeys {
    pub kid: String,
    pub encoding: EncodingKey,
    pub decoding: DecodingKey,
    /// The public JWK, as the JWKS endpoint publishes it.
    pub jwk: serde_json::Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenUse {
    Access,
    Refresh,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    #[serde(rename = "x5t#S256")]
    pub x5t_s256: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenClaims {
    pub iss: String,
    /// The customer (CPF) for consent tokens, the client for client-credentials tokens.
    pub sub: String,
    pub aud: String,
    pub client_id: String,
    pub scope: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_id: Option<String>,
    pub token_use: TokenUse,
    /// Bound to the client's transport certificate (RFC 8705).
    pub cnf: Confirmation,
    pub iat: i64,
    pub exp: i64,
    pub jti: String,
}

impl TokenClaims {
    pub fn scopes(&self) -> impl Iterator<Item = &str> {
        self.scope.split_ascii_whitespace()
    }

    pub fn has_scope(&self, scope: &str) -> bool {
        self.scopes().any(|s| s == scope)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("the token is not valid: {0}")]
    Invalid(String),
    #[error("the token is not a {0:?} token")]
    WrongUse(TokenUse),
}

pub fn sign(keys: &BankKeys, claims: &TokenClaims) -> Result<String, TokenError> {
    let mut header = Header::new(Algorithm::PS256);
    header.kid = Some(keys.kid.clone());
    jsonwebtoken::encode(&header, claims, &keys.encoding).map_err(|e| TokenError::Invalid(e.to_string()))
}

/// Verifies signature, issuer, audience, expiry and use; the caller checks the certificate
/// binding and the consent.
pub fn verify(
    keys: &BankKeys,
    issuer: &str,
    token: &str,
    expected: TokenUse,
) -> Result<TokenClaims, TokenError> {
    let mut validation = Validation::new(Algorithm::PS256);
    validation.set_issuer(&[issuer]);
    validation.set_audience(&[issuer]);
    validation.leeway = 0;
    validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
    let claims = jsonwebtoken::decode::<TokenClaims>(token, &keys.decoding, &validation)
        .map_err(|e| TokenError::Invalid(e.to_string()))?
        .claims;
    if claims.token_use != expected {
        return Err(TokenError::WrongUse(expected));
    }
    Ok(claims)
}

/// Who a token is for and what it allows.
#[derive(Clone, Debug)]
pub struct Grant {
    /// The customer (CPF) for consent tokens, the client for client-credentials tokens.
    pub sub: String,
    pub client_id: String,
    pub scope: String,
    pub consent_id: Option<String>,
    /// `x5t#S256` of the client certificate the token is bound to.
    pub thumbprint: String,
}

impl TokenClaims {
    /// Claims issued now (system time: `jsonwebtoken` checks expiry against it) by `issuer`.
    pub fn issue(issuer: &str, grant: &Grant, token_use: TokenUse, lifetime_seconds: i64) -> TokenClaims {
        let iat = OffsetDateTime::now_utc().unix_timestamp();
        TokenClaims {
            iss: issuer.to_owned(),
            sub: grant.sub.clone(),
            aud: issuer.to_owned(),
            client_id: grant.client_id.clone(),
            scope: grant.scope.clone(),
            consent_id: grant.consent_id.clone(),
            token_use,
            cnf: Confirmation { x5t_s256: grant.thumbprint.clone() },
            iat,
            exp: iat + lifetime_seconds,
            jti: uuid::Uuid::new_v4().to_string(),
        }
    }
}
