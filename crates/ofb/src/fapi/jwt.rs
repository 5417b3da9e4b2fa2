//! What Ponte signs (PS256 — the only JWS algorithm FAPI-BR allows): `private_key_jwt` client
//! assertions and request objects.

use crate::OfbError;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{Value, json};

/// RFC 7523 client assertion type.
pub const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
/// Client assertions live a minute: long enough for clock skew, short enough not to be worth
/// stealing.
const ASSERTION_SECONDS: i64 = 60;
const MIN_KEY_BITS: usize = 2048;

/// Ponte's signing key and the `kid` the banks know it by.
pub(crate) struct Signer {
    key: EncodingKey,
    kid: String,
}

impl Signer {
    /// Reads a PKCS#8 PEM RSA private key. `jsonwebtoken`'s `rust_crypto` backend reads
    /// PKCS#1 DER, hence the conversion.
    pub fn from_pkcs8_pem(pem: &str, kid: &str) -> Result<Signer, OfbError> {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        use rsa::pkcs8::DecodePrivateKey;
        use rsa::traits::PublicKeyParts;
        let key = rsa::RsaPrivateKey::from_pkcs8_pem(pem)
            .map_err(|e| OfbError::Config(format!("the signing key is not a PKCS#8 RSA key: {e}")))?;
        if key.size() * 8 < MIN_KEY_BITS {
            return Err(OfbError::Config(format!("the signing key has fewer than {MIN_KEY_BITS} bits")));
        }
        if kid.is_empty() {
            return Err(OfbError::Config("the signing key id (kid) is empty".into()));
        }
        let der = key.to_pkcs1_der().map_err(|e| OfbError::Config(format!("the signing key: {e}")))?;
        Ok(Signer { key: EncodingKey::from_rsa_der(der.as_bytes()), kid: kid.to_owned() })
    }

    /// A PS256 JWS of `claims` with the key's `kid`.
    pub fn sign(&self, claims: &Value) -> Result<String, OfbError> {
        let mut header = Header::new(Algorithm::PS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.key)
            .map_err(|e| OfbError::Config(format!("cannot sign with the signing key: {e}")))
    }

    /// The form fields of `private_key_jwt` client authentication (RFC 7523 §2.2, OIDC core
    /// §9) for `audience`.
    pub fn client_auth(&self, client_id: &str, audience: &str) -> Result<Vec<(String, String)>, OfbError> {
        let now = now();
        let assertion = self.sign(&json!({
            "iss": client_id,
            "sub": client_id,
            "aud": audience,
            "jti": uuid::Uuid::new_v4().to_string(),
            "iat": now,
            "exp": now + ASSERTION_SECONDS,
        }))?;
        Ok(vec![
            ("client_id".into(), client_id.to_owned()),
            ("client_assertion_type".into(), ASSERTION_TYPE.into()),
            ("client_assertion".into(), assertion),
        ])
    }
}

pub(crate) fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use jsonwebtoken::{DecodingKey, Validation};
    use rsa::pkcs8::{EncodePrivateKey, LineEnding};
    use rsa::traits::PublicKeyParts;
    use std::sync::LazyLock;

    /// Test keys: generating RSA keys is slow, so each test binary makes two once.
    pub static KEYS: LazyLock<[rsa::RsaPrivateKey; 2]> = LazyLock::new(|| {
        let generate = || rsa::RsaPrivateKey::new(&mut rsa::rand_core::OsRng, 2048).unwrap();
        [generate(), generate()]
    });

    pub fn pem(key: &rsa::RsaPrivateKey) -> String {
        key.to_pkcs8_pem(LineEnding::LF).unwrap().to_string()
    }

    pub fn jwk(key: &rsa::RsaPrivateKey, kid: &str) -> Value {
        json!({
            "kty": "RSA", "use": "sig", "alg": "PS256", "kid": kid,
            "n": URL_SAFE_NO_PAD.encode(key.n().to_bytes_be()),
            "e": URL_SAFE_NO_PAD.encode(key.e().to_bytes_be()),
        })
    }

    #[test]
    fn client_assertions_are_ps256_with_kid_and_a_minute_long() {
        let signer = Signer::from_pkcs8_pem(&pem(&KEYS[0]), "k1").unwrap();
        let fields = signer.client_auth("client-1", "https://as.test/token").unwrap();
        assert_eq!(fields[0], ("client_id".into(), "client-1".into()));
        assert_eq!(fields[1].1, ASSERTION_TYPE);
        let header = jsonwebtoken::decode_header(&fields[2].1).unwrap();
        assert_eq!((header.alg, header.kid.as_deref()), (Algorithm::PS256, Some("k1")));
        let public = KEYS[0].to_public_key();
        let key = DecodingKey::from_rsa_raw_components(&public.n().to_bytes_be(), &public.e().to_bytes_be());
        let mut validation = Validation::new(Algorithm::PS256);
        validation.set_audience(&["https://as.test/token"]);
        let claims = jsonwebtoken::decode::<Value>(&fields[2].1, &key, &validation).unwrap().claims;
        assert_eq!(claims["iss"], "client-1");
        assert_eq!(claims["sub"], "client-1");
        assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 60);
        assert!(claims["jti"].as_str().is_some_and(|j| !j.is_empty()));
    }

    #[test]
    fn unusable_keys_are_configuration_errors() {
        assert!(matches!(Signer::from_pkcs8_pem("nope", "k"), Err(OfbError::Config(_))));
        assert!(matches!(Signer::from_pkcs8_pem(&pem(&KEYS[0]), ""), Err(OfbError::Config(_))));
    }
}
