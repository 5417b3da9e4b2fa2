//! Encryption at rest for sensitive columns.
//!
//! Values are sealed with XChaCha20-Poly1305 (192-bit random nonces, so random nonces are safe
//! for any realistic number of values). Each sealed value carries the id of the key that sealed
//! it, so the master key can rotate: new values use the current key, old values stay readable
//! with the previous keys until they are re-sealed. The caller passes "associated data" naming
//! where the value lives (table, column, row id), so a sealed value copied into another row or
//! column fails to open instead of silently decrypting there.

use chacha20poly1305::aead::{Aead, Payload};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::fmt;

const MAGIC: &[u8; 2] = b"P1";
const KEY_ID_LEN: usize = 8;
const NONCE_LEN: usize = 24;
const HEADER_LEN: usize = MAGIC.len() + KEY_ID_LEN + NONCE_LEN;

/// A 256-bit master key. Its id is derived from the key itself so it never has to be configured.
#[derive(Clone)]
pub struct MasterKey {
    id: [u8; KEY_ID_LEN],
    cipher: XChaCha20Poly1305,
}

impl MasterKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CryptoError> {
        let key: [u8; 32] = bytes.try_into().map_err(|_| CryptoError::KeyLength(bytes.len()))?;
        let digest = Sha256::new().chain_update(b"ponte-master-key-id\0").chain_update(key).finalize();
        let mut id = [0u8; KEY_ID_LEN];
        id.copy_from_slice(&digest[..KEY_ID_LEN]);
        Ok(Self { id, cipher: XChaCha20Poly1305::new(&key.into()) })
    }

    /// Parses the configured form: 32 bytes in standard or URL-safe base64.
    pub fn from_base64(text: &str) -> Result<Self, CryptoError> {
        use base64::Engine;
        let text = text.trim();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(text)
            .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(text))
            .map_err(|_| CryptoError::KeyEncoding)?;
        Self::from_bytes(&bytes)
    }

    /// A fresh random key, base64-encoded, for first runs and `ponte keys generate`.
    pub fn generate_base64() -> String {
        use base64::Engine;
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        base64::engine::general_purpose::STANDARD.encode(key)
    }

    pub fn id_hex(&self) -> String {
        hex_encode(&self.id)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MasterKey({})", self.id_hex())
    }
}

/// The current key (seals) and the previous ones (open only).
#[derive(Clone, Debug)]
pub struct Keyring {
    current: MasterKey,
    previous: Vec<MasterKey>,
}

impl Keyring {
    pub fn new(current: MasterKey, previous: Vec<MasterKey>) -> Self {
        Self { current, previous }
    }

    pub fn current_key_id(&self) -> String {
        self.current.id_hex()
    }

    pub fn seal(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload { msg: plaintext, aad: context.as_bytes() };
        // Encryption with a valid key and an in-memory buffer cannot fail; the error type only
        // exists for buffer-based APIs. Fall back to an empty ciphertext would be silent data
        // loss, so this is the one place where the invariant is asserted.
        let ciphertext = self
            .current
            .cipher
            .encrypt(&XNonce::from(nonce), payload)
            .expect("XChaCha20-Poly1305 encryption of an in-memory buffer is infallible");
        let mut out = Vec::with_capacity(HEADER_LEN + ciphertext.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.current.id);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>, CryptoError> {
        if sealed.len() < HEADER_LEN || &sealed[..MAGIC.len()] != MAGIC {
            return Err(CryptoError::Malformed);
        }
        let key_id = &sealed[MAGIC.len()..MAGIC.len() + KEY_ID_LEN];
        let nonce: [u8; NONCE_LEN] =
            sealed[MAGIC.len() + KEY_ID_LEN..HEADER_LEN].try_into().map_err(|_| CryptoError::Malformed)?;
        let key = std::iter::once(&self.current)
            .chain(&self.previous)
            .find(|key| key.id == key_id)
            .ok_or_else(|| CryptoError::UnknownKey(hex_encode(key_id)))?;
        let payload = Payload { msg: &sealed[HEADER_LEN..], aad: context.as_bytes() };
        key.cipher.decrypt(&XNonce::from(nonce), payload).map_err(|_| CryptoError::Tampered)
    }

    pub fn seal_str(&self, plaintext: &str, context: &str) -> Vec<u8> {
        self.seal(plaintext.as_bytes(), context)
    }

    pub fn open_string(&self, sealed: &[u8], context: &str) -> Result<String, CryptoError> {
        String::from_utf8(self.open(sealed, context)?).map_err(|_| CryptoError::Malformed)
    }

    /// Whether a sealed value was sealed with an older key and should be re-sealed.
    pub fn needs_reseal(&self, sealed: &[u8]) -> bool {
        sealed.len() < HEADER_LEN || sealed[MAGIC.len()..MAGIC.len() + KEY_ID_LEN] != self.current.id
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("the master key must be exactly 32 bytes, got {0}")]
    KeyLength(usize),
    #[error("the master key must be 32 bytes encoded in base64 (generate one with `ponte keys generate`)")]
    KeyEncoding,
    #[error("sealed value is malformed")]
    Malformed,
    #[error("sealed value uses master key {0}, which is not configured (add it to previous_master_keys)")]
    UnknownKey(String),
    #[error("sealed value failed authentication (wrong key, wrong context or tampered data)")]
    Tampered,
}

fn hex_encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(byte: u8) -> MasterKey {
        MasterKey::from_bytes(&[byte; 32]).unwrap()
    }

    #[test]
    fn round_trips_and_binds_context() {
        let ring = Keyring::new(key(1), vec![]);
        let sealed = ring.seal(b"secret", "apps.secret_key:a");
        assert_eq!(ring.open(&sealed, "apps.secret_key:a").unwrap(), b"secret");
        assert!(matches!(ring.open(&sealed, "apps.secret_key:b"), Err(CryptoError::Tampered)));
    }

    #[test]
    fn detects_tampering() {
        let ring = Keyring::new(key(1), vec![]);
        let mut sealed = ring.seal(b"secret", "c");
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert!(matches!(ring.open(&sealed, "c"), Err(CryptoError::Tampered)));
        assert!(matches!(ring.open(b"P1", "c"), Err(CryptoError::Malformed)));
    }

    #[test]
    fn previous_keys_open_old_values_after_rotation() {
        let old = Keyring::new(key(1), vec![]);
        let sealed = old.seal(b"secret", "c");
        let rotated = Keyring::new(key(2), vec![key(1)]);
        assert_eq!(rotated.open(&sealed, "c").unwrap(), b"secret");
        assert!(rotated.needs_reseal(&sealed));
        let without_old = Keyring::new(key(2), vec![]);
        assert!(matches!(without_old.open(&sealed, "c"), Err(CryptoError::UnknownKey(_))));
    }

    #[test]
    fn parses_base64_keys() {
        let text = MasterKey::generate_base64();
        assert!(MasterKey::from_base64(&text).is_ok());
        assert!(matches!(MasterKey::from_base64("c2hvcnQ="), Err(CryptoError::KeyLength(5))));
        assert!(matches!(MasterKey::from_base64("!!"), Err(CryptoError::KeyEncoding)));
    }
}
