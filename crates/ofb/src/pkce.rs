//! PKCE (RFC 7636, S256 — the only method FAPI-BR allows) and the random `state` and `nonce`
//! values of an authorisation request.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::fmt;

/// A PKCE code verifier: 32 random bytes, base64url without padding (43 characters).
///
/// It is a secret until the code is exchanged, so `Debug` does not print it.
#[derive(Clone, PartialEq, Eq)]
pub struct Verifier(String);

impl Verifier {
    pub fn generate() -> Verifier {
        Verifier(URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()))
    }

    /// A verifier kept between the redirect and the code exchange (e.g. in a database),
    /// checked against RFC 7636's grammar: 43 to 128 characters of `[A-Za-z0-9-._~]`.
    pub fn parse(value: &str) -> Option<Verifier> {
        is_valid(value).then(|| Verifier(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The S256 challenge: base64url (no padding) of the SHA-256 of the verifier.
    pub fn challenge(&self) -> String {
        challenge_of(&self.0)
    }
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Verifier(…)")
    }
}

pub(crate) fn is_valid(value: &str) -> bool {
    (43..=128).contains(&value.len())
        && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b))
}

pub(crate) fn challenge_of(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A fresh unguessable value for `state`, `nonce` or `jti`: 32 random bytes, base64url.
pub fn random_token() -> String {
    URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn challenge_matches_rfc_7636_appendix_b() {
        let verifier = Verifier::parse("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
        assert_eq!(verifier.challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }

    #[test]
    fn generated_verifiers_are_valid_distinct_and_not_printed() {
        let a = Verifier::generate();
        let b = Verifier::generate();
        assert_eq!(a.as_str().len(), 43);
        assert!(is_valid(a.as_str()));
        assert_ne!(a, b);
        assert_eq!(a.challenge().len(), 43);
        assert!(!a.challenge().contains('='));
        assert!(!format!("{a:?}").contains(a.as_str()));
        assert_ne!(random_token(), random_token());
        assert_eq!(random_token().len(), 43);
    }

    #[test]
    fn parse_refuses_what_rfc_7636_refuses() {
        assert!(Verifier::parse("short").is_none());
        assert!(Verifier::parse(&"a".repeat(129)).is_none());
        assert!(Verifier::parse(&format!("{}+", "a".repeat(43))).is_none());
        assert!(Verifier::parse(&"a~._-".repeat(10)).is_some());
    }
}
