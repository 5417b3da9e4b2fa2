//! Consents API v3 (`/open-banking/consents/v3`): create, read and revoke, with a
//! client-credentials token of scope `consents`.

use crate::fapi::http::{self, INTERACTION_ID, MAX_BODY_BYTES};
use crate::fapi::{AuthServer, FapiClient};
use crate::{OfbError, directory};
use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use serde_json::{Value, json};
use time::OffsetDateTime;
use url::Url;

const MAX_ID_BYTES: usize = 256;

/// A consent to ask a bank for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateConsent {
    /// The CPF of the person who will authorise (11 digits).
    pub logged_user_cpf: String,
    /// The company's CNPJ for a business consent.
    pub business_entity_cnpj: Option<String>,
    /// OFB permission names (`ACCOUNTS_READ`, …), whole groups plus `RESOURCES_READ`.
    pub permissions: Vec<String>,
    /// The end of the sharing; `None` for an indefinite consent.
    pub expiration: Option<OffsetDateTime>,
}

/// Why a consent is `REJECTED` (revoked and expired consents are rejected ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// `USER`, `ASPSP` or `TPP`.
    pub by: String,
    /// `CONSENT_EXPIRED`, `CUSTOMER_MANUALLY_REVOKED`, `CONSENT_TECHNICAL_ISSUE`, …
    pub code: String,
    pub additional_information: Option<String>,
}

/// A consent as the bank reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BankConsent {
    pub consent_id: String,
    /// `AWAITING_AUTHORISATION`, `AUTHORISED` or `REJECTED`.
    pub status: String,
    /// What the bank kept: a bank drops the products it does not offer (subset rule).
    pub permissions: Vec<String>,
    pub expiration: Option<String>,
    pub rejection: Option<Rejection>,
    pub creation_date_time: Option<String>,
    pub status_update_date_time: Option<String>,
    /// The `x-fapi-interaction-id` of this call, for support.
    pub interaction_id: String,
}

impl CreateConsent {
    /// The v3 request body, after checking what the spec's patterns require.
    pub fn body(&self) -> Result<Value, OfbError> {
        let cpf = &self.logged_user_cpf;
        if cpf.len() != 11 || !cpf.bytes().all(|b| b.is_ascii_digit()) {
            return Err(OfbError::Input("the logged user's CPF must be 11 digits".into()));
        }
        let mut permissions: Vec<&str> = Vec::new();
        for permission in &self.permissions {
            let name = permission.as_str();
            if name.is_empty()
                || name.len() > 64
                || !name.bytes().all(|b| b.is_ascii_uppercase() || b == b'_')
            {
                return Err(OfbError::Input(format!("{permission:?} is not an OFB permission")));
            }
            if !permissions.contains(&name) {
                permissions.push(name);
            }
        }
        if permissions.is_empty() {
            return Err(OfbError::Input("a consent needs at least one permission".into()));
        }
        let mut data = json!({
            "loggedUser": {"document": {"identification": cpf, "rel": "CPF"}},
            "permissions": permissions,
        });
        if let Some(cnpj) = &self.business_entity_cnpj {
            let cnpj = directory::normalize_cnpj(cnpj)
                .ok_or_else(|| OfbError::Input("the business entity's CNPJ is not a CNPJ".into()))?;
            data["businessEntity"] = json!({"document": {"identification": cnpj, "rel": "CNPJ"}});
        }
        if let Some(expiration) = self.expiration {
            data["expirationDateTime"] = json!(zulu(expiration)?);
        }
        Ok(json!({ "data": data }))
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ`: UTC, whole seconds, at most 20 characters (the v3 pattern).
fn zulu(when: OffsetDateTime) -> Result<String, OfbError> {
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
    let utc = when.to_offset(time::UtcOffset::UTC);
    if !(1..=9999).contains(&utc.year()) {
        return Err(OfbError::Input("the expiration is out of range".into()));
    }
    utc.format(&format).map_err(|e| OfbError::Input(format!("the expiration: {e}")))
}

fn printable_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= MAX_ID_BYTES && id.bytes().all(|b| (0x21..0x7f).contains(&b))
}

fn parse_consent(body: &Value, interaction_id: String) -> Result<BankConsent, OfbError> {
    let data = body.get("data").ok_or_else(|| OfbError::protocol("the consent answer has no data"))?;
    let text = |v: &Value, key: &str, max: usize| http::field(v, key, max).map(str::to_owned);
    let consent_id = text(data, "consentId", MAX_ID_BYTES)
        .filter(|id| printable_id(id))
        .ok_or_else(|| OfbError::protocol("the consent answer has no valid consentId"))?;
    let status =
        text(data, "status", 64).ok_or_else(|| OfbError::protocol("the consent answer has no status"))?;
    let permissions = data
        .get("permissions")
        .and_then(Value::as_array)
        .and_then(|p| p.iter().map(|p| p.as_str().filter(|p| p.len() <= 64).map(str::to_owned)).collect())
        .ok_or_else(|| OfbError::protocol("the consent answer's permissions are not a list of names"))?;
    let rejection = data.get("rejection").filter(|r| r.is_object()).map(|r| {
        let reason = r.get("reason").cloned().unwrap_or(Value::Null);
        Rejection {
            by: text(r, "rejectedBy", 64).unwrap_or_default(),
            code: text(&reason, "code", 64).unwrap_or_default(),
            additional_information: text(&reason, "additionalInformation", 1024),
        }
    });
    Ok(BankConsent {
        consent_id,
        status,
        permissions,
        expiration: text(data, "expirationDateTime", 64),
        rejection,
        creation_date_time: text(data, "creationDateTime", 64),
        status_update_date_time: text(data, "statusUpdateDateTime", 64),
        interaction_id,
    })
}

/// `{consents_url}/{consent_id}`, the id as one path segment.
fn consent_url(consents_url: &Url, consent_id: &str) -> Result<Url, OfbError> {
    if !printable_id(consent_id) {
        return Err(OfbError::Input("the consent id is not a valid consent id".into()));
    }
    let mut url = consents_url.clone();
    url.path_segments_mut()
        .map_err(|_| OfbError::Input("the consents URL cannot take a path".into()))?
        .pop_if_empty()
        .push(consent_id);
    Ok(url)
}

impl FapiClient {
    /// One consents API call with a `consents` client-credentials token; a 401 (the cached
    /// token revoked or expired early) is retried once with a fresh token.
    async fn consents_call(
        &self,
        server: &AuthServer,
        method: Method,
        url: &Url,
        body: Option<&Value>,
        expected: u16,
    ) -> Result<(http::Answer, String), OfbError> {
        if url.scheme() != "https" {
            return Err(OfbError::Input("the consents URL must be HTTPS".into()));
        }
        let mut retried = false;
        loop {
            let token = self.client_credentials(server, "consents").await?;
            let interaction_id = uuid::Uuid::new_v4().to_string();
            let mut request = self
                .http()
                .request(method.clone(), url.clone())
                .header(AUTHORIZATION, format!("Bearer {}", token.as_str()))
                .header(INTERACTION_ID, &interaction_id)
                .header(ACCEPT, "application/json");
            if let Some(body) = body {
                let bytes = serde_json::to_vec(body).map_err(|e| OfbError::Input(e.to_string()))?;
                request = request.header(CONTENT_TYPE, "application/json").body(bytes);
            }
            let mut answer = http::send(request, "consents", MAX_BODY_BYTES).await?;
            if answer.status == 401 && !retried {
                retried = true;
                self.forget_client_token(server, "consents");
                continue;
            }
            if answer.status != expected {
                answer.interaction_id.get_or_insert(interaction_id);
                return Err(answer.error("consents", false));
            }
            return Ok((answer, interaction_id));
        }
    }

    /// `POST /consents`: the bank answers 201 with the consent `AWAITING_AUTHORISATION` and
    /// the permissions it kept.
    pub async fn create_consent(
        &self,
        server: &AuthServer,
        consents_url: &Url,
        request: &CreateConsent,
    ) -> Result<BankConsent, OfbError> {
        let body = request.body()?;
        let (answer, interaction_id) =
            self.consents_call(server, Method::POST, consents_url, Some(&body), 201).await?;
        parse_consent(&answer.json(&[201], "consents", false)?, interaction_id)
    }

    /// `GET /consents/{consentId}`.
    pub async fn get_consent(
        &self,
        server: &AuthServer,
        consents_url: &Url,
        consent_id: &str,
    ) -> Result<BankConsent, OfbError> {
        let url = consent_url(consents_url, consent_id)?;
        let (answer, interaction_id) = self.consents_call(server, Method::GET, &url, None, 200).await?;
        let consent = parse_consent(&answer.json(&[200], "consents", false)?, interaction_id)?;
        if consent.consent_id != consent_id {
            return Err(OfbError::protocol("the bank answered with another consent"));
        }
        Ok(consent)
    }

    /// `DELETE /consents/{consentId}` (204): revokes the consent at the bank. Returns the
    /// call's interaction id.
    pub async fn delete_consent(
        &self,
        server: &AuthServer,
        consents_url: &Url,
        consent_id: &str,
    ) -> Result<String, OfbError> {
        let url = consent_url(consents_url, consent_id)?;
        Ok(self.consents_call(server, Method::DELETE, &url, None, 204).await?.1)
    }
}

#[cfg(test)]
#[path = "consents_tests.rs"]
mod tests;
