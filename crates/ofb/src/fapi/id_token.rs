//! Validation of the id_token of the hybrid response (`code id_token`): it is the detached
//! signature that proves the `code` and `state` in the browser's fragment came from the bank
//! (OIDC core §3.3.2.12, FAPI 1 Advanced §5.2.2.1, FAPI-BR: PS256 only).

use super::server::ServerKey;
use super::{AuthServer, FapiClient, jwt};
use crate::OfbError;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// Clock difference tolerated between Ponte and a bank.
const SKEW_SECONDS: i64 = 60;
const MAX_ID_TOKEN_BYTES: usize = 16 * 1024;

/// What the id_token must match: the values Ponte put in the authorisation request and the
/// values the browser brought back.
#[derive(Clone, Copy, Debug)]
pub struct Expected<'a> {
    pub nonce: &'a str,
    /// The `code` of the response: `c_hash` is then required and checked.
    pub code: Option<&'a str>,
    /// The `state` of the response: `s_hash` is then required and checked.
    pub state: Option<&'a str>,
    /// The authentication must not be older than this (`auth_time` then required).
    pub max_age: Option<Duration>,
}

/// What Ponte keeps of a valid id_token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdTokenClaims {
    /// The bank's stable pseudonymous id of the customer.
    pub sub: String,
    pub acr: String,
    pub auth_time: Option<i64>,
    pub issued_at: i64,
    pub expires_at: i64,
}

/// The left half of the SHA-256 of `value`, base64url: `c_hash`/`s_hash` for PS256.
pub fn half_hash(value: &str) -> String {
    URL_SAFE_NO_PAD.encode(&Sha256::digest(value.as_bytes())[..16])
}

#[derive(Deserialize)]
struct Claims {
    iss: Option<String>,
    sub: Option<String>,
    aud: Option<Audience>,
    azp: Option<String>,
    exp: Option<f64>,
    iat: Option<f64>,
    auth_time: Option<f64>,
    nonce: Option<String>,
    acr: Option<String>,
    c_hash: Option<String>,
    s_hash: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

/// Who the token must come from and be for.
pub(crate) struct Rules<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub acr_values: &'a [String],
}

fn invalid(message: impl Into<String>) -> OfbError {
    OfbError::IdToken(message.into())
}

/// The `kid` of a signed (not encrypted) PS256 token; any other algorithm is refused.
fn kid_of(token: &str) -> Result<Option<String>, OfbError> {
    if token.len() > MAX_ID_TOKEN_BYTES {
        return Err(invalid("it is oversized"));
    }
    if token.split('.').count() == 5 {
        return Err(invalid("encrypted id_tokens (JWE) are not supported; register a signed-only id_token"));
    }
    let header = jsonwebtoken::decode_header(token).map_err(|e| invalid(format!("not a signed JWT: {e}")))?;
    if header.alg != Algorithm::PS256 {
        return Err(invalid(format!("it is signed with {:?}; FAPI-BR allows only PS256", header.alg)));
    }
    Ok(header.kid)
}

fn find_key<'a>(keys: &'a [ServerKey], kid: Option<&str>) -> Option<&'a DecodingKey> {
    match kid {
        Some(kid) => keys.iter().find(|k| k.kid.as_deref() == Some(kid)).map(|k| &k.key),
        None if keys.len() == 1 => keys.first().map(|k| &k.key),
        None => None,
    }
}

fn seconds(value: Option<f64>, name: &str) -> Result<i64, OfbError> {
    value
        .filter(|v| v.is_finite() && v.abs() < 1e12)
        .map(|v| v as i64)
        .ok_or_else(|| invalid(format!("{name} is missing or not a time")))
}

/// Verifies the signature with `key` and every claim.
fn check(
    token: &str,
    key: &DecodingKey,
    rules: &Rules,
    expected: &Expected,
    now: i64,
) -> Result<IdTokenClaims, OfbError> {
    let mut validation = Validation::new(Algorithm::PS256);
    validation.validate_exp = false;
    validation.validate_aud = false;
    validation.required_spec_claims.clear();
    let claims = jsonwebtoken::decode::<Claims>(token, key, &validation)
        .map_err(|e| invalid(format!("the signature or claims do not verify: {e}")))?
        .claims;
    if claims.iss.as_deref() != Some(rules.issuer) {
        return Err(invalid("iss is not the bank's issuer"));
    }
    let audiences = match claims.aud {
        Some(Audience::One(a)) => vec![a],
        Some(Audience::Many(a)) => a,
        None => Vec::new(),
    };
    if !audiences.iter().any(|a| a == rules.client_id) {
        return Err(invalid("aud does not contain Ponte's client id"));
    }
    if audiences.len() > 1 && claims.azp.as_deref() != Some(rules.client_id) {
        return Err(invalid("aud has several audiences and azp is not Ponte's client id"));
    }
    let expires_at = seconds(claims.exp, "exp")?;
    if expires_at + SKEW_SECONDS <= now {
        return Err(invalid("it has expired"));
    }
    let issued_at = seconds(claims.iat, "iat")?;
    if issued_at > now + SKEW_SECONDS {
        return Err(invalid("iat is in the future"));
    }
    if claims.nonce.as_deref() != Some(expected.nonce) {
        return Err(invalid("nonce does not match the authorisation request's"));
    }
    let bound = [("c_hash", expected.code, &claims.c_hash), ("s_hash", expected.state, &claims.s_hash)];
    for (name, value, hash) in bound {
        if let Some(value) = value
            && hash.as_deref() != Some(half_hash(value).as_str())
        {
            return Err(invalid(format!("{name} is missing or does not match")));
        }
    }
    let acr = claims
        .acr
        .filter(|a| rules.acr_values.contains(a))
        .ok_or_else(|| invalid("acr is not one asked for"))?;
    let auth_time = claims.auth_time.map(|t| seconds(Some(t), "auth_time")).transpose()?;
    if let Some(max_age) = expected.max_age {
        let max_age = i64::try_from(max_age.as_secs()).unwrap_or(i64::MAX);
        let auth_time = auth_time.ok_or_else(|| invalid("auth_time is required with max_age"))?;
        if auth_time.saturating_add(max_age).saturating_add(SKEW_SECONDS) < now {
            return Err(invalid("the authentication is older than max_age"));
        }
    }
    let sub =
        claims.sub.filter(|s| !s.is_empty() && s.len() <= 1024).ok_or_else(|| invalid("sub is missing"))?;
    Ok(IdTokenClaims { sub, acr, auth_time, issued_at, expires_at })
}

/// Validation against a given key set, without fetching (what the client does once it has
/// the right keys).
pub(crate) fn verify(
    keys: &[ServerKey],
    token: &str,
    rules: &Rules,
    expected: &Expected,
    now: i64,
) -> Result<IdTokenClaims, OfbError> {
    let kid = kid_of(token)?;
    let key = find_key(keys, kid.as_deref()).ok_or_else(|| invalid("no key of the bank matches its kid"))?;
    check(token, key, rules, expected, now)
}

impl FapiClient {
    /// Validates the id_token of an authorisation response. An unknown `kid` makes the
    /// client fetch the bank's JWKS once more (key rotation) before refusing.
    pub async fn validate_id_token(
        &self,
        server: &AuthServer,
        id_token: &str,
        expected: &Expected<'_>,
    ) -> Result<IdTokenClaims, OfbError> {
        let rules = Rules {
            issuer: &server.issuer,
            client_id: &self.inner.client_id,
            acr_values: &self.inner.acr_values,
        };
        let kid = kid_of(id_token)?;
        if find_key(&server.keys(), kid.as_deref()).is_none() {
            self.refresh_keys(server).await?;
        }
        verify(&server.keys(), id_token, &rules, expected, jwt::now())
    }
}

#[cfg(test)]
#[path = "id_token_tests.rs"]
mod tests;
