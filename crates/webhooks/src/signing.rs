//! Signatures on every delivery, in two schemes at once so receivers can use either:
//!
//! - [Standard Webhooks](https://www.standardwebhooks.com/): `webhook-id`, `webhook-timestamp`
//!   and `webhook-signature: v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with the
//!   app's `whsec_` secret. While a rotated secret is still valid both signatures are sent,
//!   space-separated, so receivers can switch secrets without losing deliveries.
//! - Klavi-compatible: `X-Klavi-Signature: <hex HMAC-SHA256 of the raw body>` keyed with the app's
//!   secretKey, and `X-Klavi-Timestamp` (the header prefix is configurable).
//!
//! Verification (used by `ponte webhooks listen` and documented for partners) compares in
//! constant time and refuses timestamps outside a tolerance, which stops replays.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;
use std::str::FromStr;
use subtle::ConstantTimeEq;

type HmacSha256 = Hmac<Sha256>;

/// How far a delivery's timestamp may be from the receiver's clock (the reference libraries'
/// value).
pub const DEFAULT_TOLERANCE_SECS: i64 = 5 * 60;

/// A Standard Webhooks signing secret: `whsec_` followed by base64 of 24 to 64 random bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct WebhookSecret(Vec<u8>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    #[error("a webhook secret starts with whsec_ followed by base64")]
    Format,
    #[error("a webhook secret must hold 24 to 64 bytes, this one holds {0}")]
    Length(usize),
}

impl FromStr for WebhookSecret {
    type Err = SecretError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let encoded = text.trim().strip_prefix("whsec_").ok_or(SecretError::Format)?;
        let key = BASE64.decode(encoded).map_err(|_| SecretError::Format)?;
        if !(24..=64).contains(&key.len()) {
            return Err(SecretError::Length(key.len()));
        }
        Ok(Self(key))
    }
}

impl fmt::Debug for WebhookSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("WebhookSecret([redacted])")
    }
}

impl WebhookSecret {
    /// The `v1,<base64>` signature of one delivery.
    pub fn sign(&self, msg_id: &str, timestamp: i64, body: &[u8]) -> String {
        format!("v1,{}", BASE64.encode(self.mac(msg_id, timestamp, body)))
    }

    fn mac(&self, msg_id: &str, timestamp: i64, body: &[u8]) -> [u8; 32] {
        let mut mac =
            HmacSha256::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(msg_id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac.finalize().into_bytes().into()
    }
}

/// The `webhook-signature` header value: one signature per valid secret (current first).
pub fn standard_signature_header(
    secrets: &[&WebhookSecret],
    msg_id: &str,
    timestamp: i64,
    body: &[u8],
) -> String {
    secrets.iter().map(|s| s.sign(msg_id, timestamp, body)).collect::<Vec<_>>().join(" ")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    #[error("the timestamp header is missing or not a number of seconds")]
    BadTimestamp,
    #[error("the timestamp is {0} s away from now, more than the tolerance (a replay, or a wrong clock)")]
    OutsideTolerance(i64),
    #[error("no signature matches (wrong secret, or the body was changed)")]
    NoMatch,
    #[error("{0} is missing")]
    Missing(String),
}

/// Verifies a Standard Webhooks delivery: some `v1` signature in `signature_header` must match,
/// and the timestamp must be within `tolerance_secs` of `now`.
pub fn verify_standard(
    secret: &WebhookSecret,
    msg_id: &str,
    timestamp_header: &str,
    signature_header: &str,
    body: &[u8],
    now: i64,
    tolerance_secs: i64,
) -> Result<(), VerifyError> {
    let timestamp: i64 = timestamp_header.trim().parse().map_err(|_| VerifyError::BadTimestamp)?;
    let skew = (now - timestamp).abs();
    if skew > tolerance_secs {
        return Err(VerifyError::OutsideTolerance(skew));
    }
    let expected = secret.mac(msg_id, timestamp, body);
    let matches = signature_header
        .split_whitespace()
        .filter_map(|candidate| candidate.strip_prefix("v1,"))
        .filter_map(|encoded| BASE64.decode(encoded).ok())
        .any(|given| bool::from(given.as_slice().ct_eq(&expected)));
    if matches { Ok(()) } else { Err(VerifyError::NoMatch) }
}

/// The Klavi-compatible signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the
/// app's secretKey.
pub fn klavi_signature(secret_key: &str, body: &[u8]) -> String {
    let mut mac = HmacSha256::new_from_slice(secret_key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(body);
    hex::encode(mac.finalize().into_bytes())
}

/// Verifies a Klavi-compatible signature (hex, either case) in constant time.
pub fn verify_klavi(secret_key: &str, body: &[u8], signature_header: &str) -> Result<(), VerifyError> {
    let given =
        hex::decode(signature_header.trim().to_ascii_lowercase()).map_err(|_| VerifyError::NoMatch)?;
    let mut mac = HmacSha256::new_from_slice(secret_key.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    mac.update(body);
    let expected = mac.finalize().into_bytes();
    if bool::from(given.as_slice().ct_eq(&expected[..])) { Ok(()) } else { Err(VerifyError::NoMatch) }
}

/// One scheme's verdict on a delivery: `None` when it was not checked (no secret given).
pub type SchemeVerdict = Option<Result<(), VerifyError>>;

/// Verifies a received delivery in both schemes at once, for receivers (`ponte webhooks
/// listen`) and tests. `header` looks a header up by its lowercase name. A scheme whose secret is
/// `None` is not checked (`None` in the result).
pub fn verify_delivery<'a>(
    header: impl Fn(&str) -> Option<&'a str>,
    body: &[u8],
    secret: Option<&WebhookSecret>,
    klavi: Option<(&str, &str)>,
    now: i64,
) -> (SchemeVerdict, SchemeVerdict) {
    let standard = secret.map(|secret| {
        match (header("webhook-id"), header("webhook-timestamp"), header("webhook-signature")) {
            (Some(id), Some(timestamp), Some(signature)) => {
                verify_standard(secret, id, timestamp, signature, body, now, DEFAULT_TOLERANCE_SECS)
            }
            _ => Err(VerifyError::Missing("webhook-id, webhook-timestamp or webhook-signature".to_owned())),
        }
    });
    let klavi = klavi.map(|(prefix, secret_key)| {
        let name = format!("{prefix}-signature").to_ascii_lowercase();
        match header(&name) {
            Some(signature) => verify_klavi(secret_key, body, signature),
            None => Err(VerifyError::Missing(format!("{prefix}-Signature"))),
        }
    });
    (standard, klavi)
}

/// Every signature header of one delivery attempt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders(pub Vec<(String, String)>);

/// What one app signs with.
#[derive(Debug, Clone)]
pub struct AppSigningKeys {
    /// Current first, then a rotated secret that is still valid.
    pub webhook_secrets: Vec<WebhookSecret>,
    pub secret_key: String,
}

impl AppSigningKeys {
    /// The headers of one attempt. `msg_id` is stable across retries (the event id or report id);
    /// `timestamp` is the attempt's time in Unix seconds; `klavi_prefix` is e.g. `X-Klavi`.
    pub fn headers(&self, msg_id: &str, timestamp: i64, body: &[u8], klavi_prefix: &str) -> SignedHeaders {
        let secrets: Vec<&WebhookSecret> = self.webhook_secrets.iter().collect();
        SignedHeaders(vec![
            ("webhook-id".to_owned(), msg_id.to_owned()),
            ("webhook-timestamp".to_owned(), timestamp.to_string()),
            ("webhook-signature".to_owned(), standard_signature_header(&secrets, msg_id, timestamp, body)),
            (format!("{klavi_prefix}-Signature"), klavi_signature(&self.secret_key, body)),
            (format!("{klavi_prefix}-Timestamp"), timestamp.to_string()),
        ])
    }
}

#[cfg(test)]
mod tests;
