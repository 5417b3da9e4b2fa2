//! Sending a request and reading a bank's answer within a size limit, and turning unexpected
//! answers into classified errors. Bodies are never logged.

use crate::OfbError;
use crate::error::{BODY_SNIPPET_CHARS, sanitize};
use reqwest::header::{CONTENT_LENGTH, RETRY_AFTER};
use serde_json::Value;
use std::time::Duration;

/// Every bank answer but the directory is read up to this size: OFB pages of 1000 records are
/// well below it, and a bank cannot make Ponte buffer more.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// The `x-fapi-interaction-id` header.
pub const INTERACTION_ID: &str = "x-fapi-interaction-id";

/// A bank's answer, read whole.
pub(crate) struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub retry_after: Option<Duration>,
    /// The `x-fapi-interaction-id` the bank echoed, for support.
    pub interaction_id: Option<String>,
}

/// Sends `request` and reads at most `limit` bytes of the answer.
pub(crate) async fn send(
    request: reqwest::RequestBuilder,
    endpoint: &'static str,
    limit: usize,
) -> Result<Answer, OfbError> {
    let response = request.send().await.map_err(|e| OfbError::transport(endpoint, e))?;
    read(response, endpoint, limit).await
}

/// Reads at most `limit` bytes of an answer.
pub(crate) async fn read(
    mut response: reqwest::Response,
    endpoint: &'static str,
    limit: usize,
) -> Result<Answer, OfbError> {
    let status = response.status().as_u16();
    let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok());
    let retry_after =
        header(RETRY_AFTER.as_str()).and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs);
    let interaction_id = header(INTERACTION_ID).map(|v| sanitize(v, 64));
    let declared = header(CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large(endpoint, limit));
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| OfbError::transport(endpoint, e))? {
        if body.len() + chunk.len() > limit {
            return Err(too_large(endpoint, limit));
        }
        body.extend_from_slice(&chunk);
    }
    tracing::debug!(endpoint, status, bytes = body.len(), interaction_id, "OFB answer");
    Ok(Answer { status, body, retry_after, interaction_id })
}

fn too_large(endpoint: &'static str, limit: usize) -> OfbError {
    OfbError::protocol(format!("the {endpoint} answer is larger than {limit} bytes"))
}

impl Answer {
    /// The body as JSON, when the status is one of `expected`; else the error it means.
    /// `oauth`: the endpoint speaks RFC 6749 errors (token, PAR).
    pub fn json(self, expected: &[u16], endpoint: &'static str, oauth: bool) -> Result<Value, OfbError> {
        if !expected.contains(&self.status) {
            return Err(self.error(endpoint, oauth));
        }
        serde_json::from_slice(&self.body)
            .map_err(|e| OfbError::protocol(format!("the {endpoint} answer is not JSON: {e}")))
    }

    /// The error an unexpected status means. A 4xx with an OAuth error body is the bank's
    /// refusal ([`OfbError::Rejected`]); anything else keeps the status, the OFB error code
    /// and a short excerpt.
    pub fn error(&self, endpoint: &'static str, oauth: bool) -> OfbError {
        let json: Option<Value> = serde_json::from_slice(&self.body).ok();
        if oauth
            && (400..500).contains(&self.status)
            && let Some(error) = json.as_ref().and_then(|j| j.get("error")).and_then(Value::as_str)
        {
            let description = json.as_ref().and_then(|j| j.get("error_description")).and_then(Value::as_str);
            return OfbError::Rejected {
                error: sanitize(error, 64),
                description: description.map(|d| sanitize(d, BODY_SNIPPET_CHARS)),
            };
        }
        let code = json
            .as_ref()
            .and_then(|j| j.pointer("/errors/0/code"))
            .or_else(|| json.as_ref().and_then(|j| j.get("error")))
            .and_then(Value::as_str)
            .map(|c| sanitize(c, 255));
        tracing::warn!(
            endpoint,
            status = self.status,
            code = code.as_deref(),
            interaction_id = self.interaction_id.as_deref(),
            "OFB call failed"
        );
        OfbError::Status {
            status: self.status,
            endpoint,
            code,
            body_snippet: sanitize(&String::from_utf8_lossy(&self.body), BODY_SNIPPET_CHARS),
            retry_after: self.retry_after,
        }
    }
}

/// A string field of a bank's JSON, at most `max` bytes; `None` when absent, not a string or
/// oversized.
pub(crate) fn field<'a>(value: &'a Value, key: &str, max: usize) -> Option<&'a str> {
    value.get(key).and_then(Value::as_str).filter(|s| s.len() <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, body: &str) -> Answer {
        Answer {
            status,
            body: body.as_bytes().to_vec(),
            retry_after: Some(Duration::from_secs(3)),
            interaction_id: None,
        }
    }

    #[test]
    fn errors_are_classified() {
        let refused = answer(400, r#"{"error":"invalid_grant","error_description":"expired"}"#);
        assert!(matches!(
            refused.error("token", true),
            OfbError::Rejected { error, description: Some(d) } if error == "invalid_grant" && d == "expired"
        ));
        let failed = answer(500, r#"{"error":"server_error"}"#).error("token", true);
        assert!(
            matches!(failed, OfbError::Status { status: 500, ref code, .. } if code.as_deref() == Some("server_error"))
        );
        assert!(failed.is_retryable());
        let ofb = answer(422, r#"{"errors":[{"code":"SEM_PERMISSOES_FUNCIONAIS_RESTANTES"}]}"#);
        let ofb = ofb.error("consents", false);
        assert!(
            matches!(&ofb, OfbError::Status { code: Some(c), .. } if c == "SEM_PERMISSOES_FUNCIONAIS_RESTANTES")
        );
        let long = answer(429, &"x".repeat(5000)).error("resource", false);
        assert!(
            matches!(&long, OfbError::Status { body_snippet, .. } if body_snippet.chars().count() == BODY_SNIPPET_CHARS)
        );
        assert_eq!(long.retry_after(), Some(Duration::from_secs(3)));
        assert!(answer(200, "{").json(&[200], "x", false).is_err());
        assert!(answer(201, "{}").json(&[200], "x", false).is_err());
    }
}
