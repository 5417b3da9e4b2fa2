//! The id_token of the hybrid flow (`code id_token`): a detached signature over the code and the
//! state (`c_hash`, `s_hash`), with the nonce and the authentication level (`acr`).

use super::tokens::BankKeys;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, Header};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Left half of the SHA-256 of `value`, base64url (OIDC core §3.3.2.11, for PS256).
pub fn half_hash(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    URL_SAFE_NO_PAD.encode(&digest[..16])
}

/// A subject stable per customer at a bank, that does not reveal the CPF.
pub fn subject(bank_code: &str, cpf: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("ponte-sandbox:{bank_code}:{cpf}").as_bytes())
        .to_string()
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct IdTokenClaims {
    pub iss: String,
    pub sub: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub auth_time: i64,
    pub nonce: String,
    pub acr: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub c_hash: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub s_hash: Option<String>,
}

pub struct IdTokenFor<'a> {
    pub issuer: &'a str,
    pub subject: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    pub acr: &'a str,
    pub auth_time: i64,
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
}

pub fn sign(keys: &BankKeys, what: &IdTokenFor<'_>) -> Result<String, jsonwebtoken::errors::Error> {
    let iat = time::OffsetDateTime::now_utc().unix_timestamp();
    let claims = IdTokenClaims {
        iss: what.issuer.to_owned(),
        sub: what.subject.to_owned(),
        aud: what.client_id.to_owned(),
        exp: iat + 300,
        iat,
        auth_time: what.auth_time,
        nonce: what.nonce.to_owned(),
        acr: what.acr.to_owned(),
        c_hash: what.code.map(half_hash),
        s_hash: what.state.map(half_hash),
    };
    let mut header = Header::new(Algorithm::PS256);
    header.kid = Some(keys.kid.clone());
    jsonwebtoken::encode(&header, &claims, &keys.encoding)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_hash_is_the_left_half_of_sha256() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223…; its left half, base64url.
        assert_eq!(half_hash("abc"), "ungWv48Bz-pBQUDeXa4iIw");
        assert_ne!(subject("999", "76109277673"), subject("998", "76109277673"));
    }
}
