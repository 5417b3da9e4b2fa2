//! The sealed JSON documents stored with links and consents: everything about them that is not
//! a column (contact details, URLs, externalInfo, permissions, the bank's consent id).

use ponte_domain::{Language, ValidityPeriod};
use serde::{Deserialize, Serialize};

/// A link's request, as the partner created it (validated before it gets here).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LinkDocument {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub institution_code: Option<String>,
    pub redirect_url: Option<String>,
    pub products_callback_url: Option<serde_json::Value>,
    pub external_info: Option<serde_json::Value>,
    pub app_link: Option<String>,
    pub app_redirect_url_key: Option<String>,
    pub language: Option<Language>,
    pub validity_period: Option<ValidityPeriod>,
}

/// How a consent's journey is driven.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The hosted Link pages.
    #[default]
    Hosted,
    /// The partner's own UI (`POST /data/v1/consents`): the user returns to its redirectURL.
    ApiOnly,
    /// `POST /data/v1/sandbox/consents`: no browser.
    Headless,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ConsentDocument {
    pub mode: Mode,
    /// OFB permissions Ponte asked the bank for.
    pub permissions_apply: Vec<String>,
    /// What the bank's consent holds after the user decided (the bank may drop some).
    pub permissions_granted: Vec<String>,
    pub validity_period: ValidityPeriod,
    /// The consent's id at the bank (`urn:…`).
    pub bank_consent_id: Option<String>,
    /// Where the user returns in the API-only mode.
    pub redirect_url: Option<String>,
    pub client_metadata: Option<serde_json::Value>,
    pub email: Option<String>,
    pub phone: Option<String>,
    /// `x-fapi-interaction-id`s of the calls made for this consent (for support).
    pub interaction_ids: Vec<String>,
    /// Why the journey ended badly, in words for the Link page (never shown to the bank).
    pub failure: Option<String>,
}

/// Tokens a bank issued for a consent (sealed in `consent_tokens`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentTokens {
    pub access_token: String,
    pub refresh_token: Option<String>,
    /// Unix seconds.
    pub access_expires_at: i64,
    pub scope: Option<String>,
}

/// What Ponte keeps between sending the user to the bank and the callback (sealed, single use).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PendingAuthorisation {
    pub nonce: String,
    pub code_verifier: String,
    pub discovery_document: String,
    pub redirect_uri: String,
}

pub fn to_json<T: Serialize>(value: &T) -> String {
    // Serialising these plain structs cannot fail (no maps with non-string keys, no I/O).
    serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned())
}
