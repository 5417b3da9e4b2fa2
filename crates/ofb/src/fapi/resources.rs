//! Plain GETs: the participants directory, a bank's discovery status, and the consented data
//! APIs with the FAPI headers.

use super::FapiClient;
use super::http::{self, INTERACTION_ID, MAX_BODY_BYTES};
use crate::OfbError;
use crate::directory::{self, CodeTable, Institution};
use crate::error::sanitize;
use reqwest::header::{ACCEPT, AUTHORIZATION};
use serde_json::Value;
use url::Url;

/// The discovery API (common 2.0.1) path below a bank's API base.
pub const STATUS_PATH: &str = "/open-banking/discovery/v2/status";

/// A bank's own word on its health.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankStatus {
    /// `true` only for `OK`: `PARTIAL_FAILURE`, `UNAVAILABLE`, `SCHEDULED_OUTAGE`, or no
    /// answer at all, mean an outage.
    pub available: bool,
    /// The bank's code (`OK`, `UNAVAILABLE`, …), or `UNREACHABLE` when it did not answer or
    /// failed (5xx).
    pub code: String,
    pub explanation: Option<String>,
}

/// The headers that say the customer is present (OFB: optional on data calls).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserPresent {
    /// When the customer last logged in with Ponte, RFC 7231 form
    /// (`Sun, 10 Sep 2017 19:43:31 GMT`).
    pub auth_date: Option<String>,
    pub customer_ip_address: Option<String>,
    pub customer_user_agent: Option<String>,
}

/// A data API answer with the interaction id Ponte sent (for support tickets).
#[derive(Clone, Debug, PartialEq)]
pub struct Fetched {
    pub body: Value,
    pub interaction_id: String,
    /// The `x-v` header: the API version the bank implements.
    pub version: Option<String>,
}

/// A header value from the caller, checked so that it cannot break the request (CR/LF,
/// non-ASCII) — tokens up to 16 KiB, the customer headers up to 512 bytes.
fn header_value(value: &str, max: usize) -> Result<&str, OfbError> {
    let ok = !value.is_empty() && value.len() <= max && value.bytes().all(|b| (0x20..0x7f).contains(&b));
    ok.then_some(value).ok_or_else(|| OfbError::Input("a FAPI header value must be printable ASCII".into()))
}

impl FapiClient {
    /// Fetches and parses a participants document (at most 20 MiB).
    pub async fn participants(&self, url: &Url, codes: &CodeTable) -> Result<Vec<Institution>, OfbError> {
        let answer =
            http::send(self.inner.http.get(url.clone()), "directory", directory::MAX_DOCUMENT_BYTES).await?;
        if answer.status != 200 {
            return Err(answer.error("directory", false));
        }
        directory::parse(&answer.body, codes)
    }

    /// `GET {api_base}/open-banking/discovery/v2/status`. A bank that cannot be reached or
    /// fails (5xx) is reported as not available; an error means its answer says nothing
    /// usable (4xx, malformed).
    pub async fn discovery_status(&self, api_base: &Url) -> Result<BankStatus, OfbError> {
        let mut url = api_base.clone();
        url.set_path(&format!("{}{STATUS_PATH}", api_base.path().trim_end_matches('/')));
        url.set_query(None);
        let request = self.inner.http.get(url).header(INTERACTION_ID, uuid::Uuid::new_v4().to_string());
        let answer = match http::send(request, "discovery_status", MAX_BODY_BYTES).await {
            Ok(answer) => answer,
            Err(error @ OfbError::Transport { .. }) => {
                return Ok(BankStatus {
                    available: false,
                    code: "UNREACHABLE".into(),
                    explanation: Some(error.to_string()),
                });
            }
            Err(other) => return Err(other),
        };
        if answer.status >= 500 {
            let explanation = format!("the status endpoint answered HTTP {}", answer.status);
            return Ok(BankStatus {
                available: false,
                code: "UNREACHABLE".into(),
                explanation: Some(explanation),
            });
        }
        let body = answer.json(&[200], "discovery_status", false)?;
        let statuses = body
            .pointer("/data/status")
            .and_then(Value::as_array)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| OfbError::protocol("the discovery status has no data.status"))?;
        let code_of = |s: &Value| s.get("code").and_then(Value::as_str).map(|c| sanitize(c, 64));
        let codes: Vec<String> = statuses
            .iter()
            .map(code_of)
            .collect::<Option<_>>()
            .ok_or_else(|| OfbError::protocol("a status has no code"))?;
        // The first entry that is not OK speaks for the bank.
        let worst = codes.iter().position(|c| c != "OK").unwrap_or(0);
        let explanation =
            statuses[worst].get("explanation").and_then(Value::as_str).map(|e| sanitize(e, 2048));
        Ok(BankStatus { available: codes[worst] == "OK", code: codes[worst].clone(), explanation })
    }

    /// A consented data API GET (`x-fapi-interaction-id` fresh each call); 200 expected.
    pub async fn get_json(&self, url: &Url, access_token: &str) -> Result<Value, OfbError> {
        Ok(self.get_json_with(url, access_token, &UserPresent::default()).await?.body)
    }

    /// [`get_json`](Self::get_json) with the customer-present headers, returning the
    /// interaction id and the API version too.
    pub async fn get_json_with(
        &self,
        url: &Url,
        access_token: &str,
        user: &UserPresent,
    ) -> Result<Fetched, OfbError> {
        if url.scheme() != "https" {
            return Err(OfbError::Input("OFB APIs are only reached over HTTPS".into()));
        }
        let interaction_id = uuid::Uuid::new_v4().to_string();
        let mut request = self
            .inner
            .http
            .get(url.clone())
            .header(AUTHORIZATION, format!("Bearer {}", header_value(access_token, 16 * 1024)?))
            .header(INTERACTION_ID, &interaction_id)
            .header(ACCEPT, "application/json");
        let optional = [
            ("x-fapi-auth-date", &user.auth_date),
            ("x-fapi-customer-ip-address", &user.customer_ip_address),
            ("x-customer-user-agent", &user.customer_user_agent),
        ];
        for (name, value) in optional {
            if let Some(value) = value {
                request = request.header(name, header_value(value, 512)?);
            }
        }
        let response = request.send().await.map_err(|e| OfbError::transport("resource", e))?;
        let version = response.headers().get("x-v").and_then(|v| v.to_str().ok()).map(|v| sanitize(v, 32));
        let mut answer = http::read(response, "resource", MAX_BODY_BYTES).await?;
        answer.interaction_id.get_or_insert_with(|| interaction_id.clone());
        let body = answer.json(&[200], "resource", false)?;
        Ok(Fetched { body, interaction_id, version })
    }
}
