//! One error type for everything the client does, classified by what the caller should do
//! about it: retry later (transport, 429, 5xx), give up on this bank answer (protocol), or
//! show the bank's refusal (OAuth error, HTTP status with the OFB error code).

use std::time::Duration;

/// The longest excerpt of a bank's body kept in an error: enough to diagnose, too short to
/// carry a whole document of someone's data into logs.
pub const BODY_SNIPPET_CHARS: usize = 512;

#[derive(Debug, thiserror::Error)]
pub enum OfbError {
    /// Ponte's own configuration is unusable (key, certificate, trust anchors).
    #[error("OFB client configuration: {0}")]
    Config(String),
    /// The caller asked for something the protocol does not allow (bad CPF, scope, URL…);
    /// nothing was sent.
    #[error("invalid OFB request: {0}")]
    Input(String),
    /// The bank could not be reached or did not answer in time (connect, TLS, timeout, reset).
    #[error("cannot reach the bank's {endpoint} endpoint: {source}")]
    Transport {
        endpoint: &'static str,
        #[source]
        source: reqwest::Error,
    },
    /// The bank answered with an unexpected HTTP status.
    #[error("the bank's {endpoint} endpoint answered HTTP {status}{}", code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default())]
    Status {
        status: u16,
        endpoint: &'static str,
        /// The first OFB error code of the body (`errors[0].code`), when it has one.
        code: Option<String>,
        /// The start of the body (at most [`BODY_SNIPPET_CHARS`] characters, control
        /// characters removed), for support.
        body_snippet: String,
        /// `Retry-After` of a 429/503/529, in seconds form.
        retry_after: Option<Duration>,
    },
    /// The bank answered something the protocol does not allow (malformed JSON, missing
    /// fields, oversized body, bad metadata).
    #[error("the bank's answer breaks the protocol: {0}")]
    Protocol(String),
    /// An OAuth error answer (RFC 6749 §5.2) from the token or PAR endpoint.
    #[error("the bank refused: {error}{}", description.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Rejected { error: String, description: Option<String> },
    /// The id_token of the authorisation response is not acceptable (signature, issuer,
    /// audience, expiry, nonce, c_hash, s_hash, acr): the authorisation must not be used.
    #[error("the id_token is not acceptable: {0}")]
    IdToken(String),
}

impl OfbError {
    /// Whether trying again later may succeed: transport failures, 429 (and OFB's 529) and
    /// server errors. A code exchange must not be retried even so: codes are single-use.
    pub fn is_retryable(&self) -> bool {
        match self {
            OfbError::Transport { .. } => true,
            OfbError::Status { status, .. } => *status == 429 || *status >= 500,
            OfbError::Rejected { error, .. } => error == "temporarily_unavailable",
            _ => false,
        }
    }

    /// How long the bank asked us to wait, when it said.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            OfbError::Status { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    pub(crate) fn transport(endpoint: &'static str, source: reqwest::Error) -> OfbError {
        // The URL can carry query parameters (dates, pagination keys): keep it out of messages.
        OfbError::Transport { endpoint, source: source.without_url() }
    }

    pub(crate) fn protocol(message: impl Into<String>) -> OfbError {
        OfbError::Protocol(message.into())
    }
}

/// Text from a bank made safe to keep: at most `max` characters, no control characters.
pub(crate) fn sanitize(text: &str, max: usize) -> String {
    text.chars().filter(|c| !c.is_control()).take(max).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retryable_classes() {
        let status = |status| OfbError::Status {
            status,
            endpoint: "consents",
            code: None,
            body_snippet: String::new(),
            retry_after: None,
        };
        assert!(status(429).is_retryable());
        assert!(status(500).is_retryable());
        assert!(status(529).is_retryable());
        assert!(!status(422).is_retryable());
        assert!(!OfbError::Protocol("x".into()).is_retryable());
        assert!(!OfbError::Rejected { error: "invalid_grant".into(), description: None }.is_retryable());
        assert_eq!(sanitize("a\u{0}b\ncé", 3), "abc");
    }
}
