//! RSA keys for PS256 signatures (FAPI-BR allows no other JWS algorithm): Ponte's private_key_jwt
//! key and each sandbox bank's signing key.

use std::fmt;
use std::path::Path;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::pkcs8::der::SecretDocument;
use rsa::pkcs8::der::zeroize::Zeroizing;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey, LineEnding};
use rsa::traits::PublicKeyParts;
use rsa::{RsaPrivateKey, RsaPublicKey};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::PkiError;
use super::files::{self, PRIVATE, PRIVATE_DIR};

const KEY_BITS: usize = 2048;

/// An RSA private key with what JOSE needs of it: the `jsonwebtoken` keys and the public JWK.
pub struct RsaSigningKey {
    private: RsaPrivateKey,
    pkcs8_pem: Zeroizing<String>,
    pkcs1_der: SecretDocument,
    jwk: Value,
    kid: String,
}

impl RsaSigningKey {
    /// Generates a new 2048-bit key (slow in debug builds: seconds).
    pub fn generate() -> Result<Self, PkiError> {
        let private = RsaPrivateKey::new(&mut rsa::rand_core::OsRng, KEY_BITS)
            .map_err(|e| PkiError::generate("an RSA key", e))?;
        Self::from_private(private).map_err(|e| PkiError::generate("an RSA key", e))
    }

    /// Reads a PKCS#8 PEM RSA private key (`-----BEGIN PRIVATE KEY-----`).
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, String> {
        let private = RsaPrivateKey::from_pkcs8_pem(pem).map_err(|e| e.to_string())?;
        if private.size() * 8 < KEY_BITS {
            return Err(format!("the key has {} bits, fewer than {KEY_BITS}", private.size() * 8));
        }
        Self::from_private(private)
    }

    fn from_private(private: RsaPrivateKey) -> Result<Self, String> {
        let pkcs8_pem = private.to_pkcs8_pem(LineEnding::LF).map_err(|e| e.to_string())?;
        let pkcs1_der = private.to_pkcs1_der().map_err(|e| e.to_string())?;
        let n = URL_SAFE_NO_PAD.encode(private.n().to_bytes_be());
        let e = URL_SAFE_NO_PAD.encode(private.e().to_bytes_be());
        let kid = rsa_jwk_thumbprint(&n, &e);
        let jwk = json!({ "kty": "RSA", "use": "sig", "alg": "PS256", "kid": kid, "n": n, "e": e });
        Ok(RsaSigningKey { private, pkcs8_pem, pkcs1_der, jwk, kid })
    }

    /// The private key as PKCS#8 PEM, as written to disk.
    pub fn pkcs8_pem(&self) -> &str {
        &self.pkcs8_pem
    }

    /// The private key as PKCS#1 DER: what `jsonwebtoken::EncodingKey::from_rsa_der` expects with
    /// the `rust_crypto` backend (it parses PKCS#1, not PKCS#8).
    pub fn pkcs1_der(&self) -> &[u8] {
        self.pkcs1_der.as_bytes()
    }

    /// The key for `jsonwebtoken::encode` with `Algorithm::PS256`.
    pub fn encoding_key(&self) -> jsonwebtoken::EncodingKey {
        jsonwebtoken::EncodingKey::from_rsa_der(self.pkcs1_der())
    }

    /// The public key for `jsonwebtoken::decode`.
    pub fn decoding_key(&self) -> jsonwebtoken::DecodingKey {
        let public = self.private.to_public_key();
        jsonwebtoken::DecodingKey::from_rsa_raw_components(
            &public.n().to_bytes_be(),
            &public.e().to_bytes_be(),
        )
    }

    /// The public JWK: `kty`, `use` = sig, `alg` = PS256, `kid`, `n`, `e`.
    pub fn public_jwk(&self) -> &Value {
        &self.jwk
    }

    /// A JWKS (`{"keys": [...]}`) holding only this key.
    pub fn jwks(&self) -> Value {
        json!({ "keys": [self.jwk] })
    }

    /// The RFC 7638 thumbprint of the public key, used as `kid`.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The key itself, for what `jsonwebtoken` does not do (RSA-OAEP decryption of JWEs).
    pub fn private_key(&self) -> &RsaPrivateKey {
        &self.private
    }

    pub fn public_key(&self) -> RsaPublicKey {
        self.private.to_public_key()
    }
}

impl fmt::Debug for RsaSigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RsaSigningKey").field("kid", &self.kid).finish_non_exhaustive()
    }
}

/// The RFC 7638 JWK thumbprint of an RSA key given its base64url `n` and `e`: SHA-256 over the
/// required members in lexicographic order, without whitespace, base64url without padding.
pub fn rsa_jwk_thumbprint(n: &str, e: &str) -> String {
    // Built by hand rather than with serde_json, whose key order depends on its features.
    let canonical = format!(r#"{{"e":"{e}","kty":"RSA","n":"{n}"}}"#);
    URL_SAFE_NO_PAD.encode(Sha256::digest(canonical.as_bytes()))
}

/// Loads the PKCS#8 PEM RSA key at `path`, or generates one and writes it there (mode 0600; a
/// missing parent directory is created with mode 0700).
pub fn load_or_create_rsa_key(path: &Path) -> Result<RsaSigningKey, PkiError> {
    load_or_create(path, &format!("delete {} to generate a new key", path.display()))
}

pub(crate) fn load_or_create(path: &Path, fix: &str) -> Result<RsaSigningKey, PkiError> {
    if let Some(bytes) = files::read_optional(path)? {
        let pem = std::str::from_utf8(&bytes).map_err(|e| e.to_string());
        return pem
            .and_then(RsaSigningKey::from_pkcs8_pem)
            .map_err(|reason| PkiError::corrupt(path, "RSA private key (PKCS#8 PEM)", reason, fix));
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        files::ensure_dir(parent, PRIVATE_DIR)?;
    }
    let key = RsaSigningKey::generate()?;
    files::write_atomic(path, key.pkcs8_pem().as_bytes(), PRIVATE)?;
    tracing::info!(path = %path.display(), kid = key.kid(), "generated an RSA signing key");
    Ok(key)
}
