//! An app's settings (spec §2): what it may request, where its webhooks go, how its Link pages
//! look. Stored as one JSON document; fields added later must have defaults so older documents
//! keep loading.

use crate::{DeliveryMode, HexColor, HttpUrl, Language, ProductSet};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AppSettings {
    /// The products the app may request; `["all"]` at creation expands to every product.
    pub products: ProductSet,
    pub event_webhook_url: Option<HttpUrl>,
    pub products_webhook_url: Option<HttpUrl>,
    pub delivery_mode: DeliveryMode,
    /// A link's `redirectURL` must start with one of these.
    pub allowed_redirect_prefixes: Vec<RedirectPrefix>,
    pub branding: Branding,
    /// How long a link URL stays valid, in seconds.
    pub link_lifetime_secs: u32,
    /// How long fetched data and reports are kept, in days.
    pub retention_days: u32,
}

impl Default for AppSettings {
    fn default() -> Self {
        Self {
            products: ProductSet::all(),
            event_webhook_url: None,
            products_webhook_url: None,
            delivery_mode: DeliveryMode::Automatic,
            allowed_redirect_prefixes: Vec::new(),
            branding: Branding::default(),
            link_lifetime_secs: 1800,
            retention_days: 90,
        }
    }
}

/// Bounds for the numeric settings, checked by [`AppSettings::validate_limits`].
pub const LINK_LIFETIME_SECS: std::ops::RangeInclusive<u32> = 60..=7 * 24 * 3600;
pub const RETENTION_DAYS: std::ops::RangeInclusive<u32> = 1..=3650;

/// A numeric setting outside its bounds.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettingsLimitError {
    #[error("link lifetime must be between 60 and 604800 seconds (got {0})")]
    LinkLifetime(u32),
    #[error("retention must be between 1 and 3650 days (got {0})")]
    Retention(u32),
}

impl AppSettings {
    /// Checks the numeric settings are within their bounds.
    pub fn validate_limits(&self) -> Result<(), SettingsLimitError> {
        if !LINK_LIFETIME_SECS.contains(&self.link_lifetime_secs) {
            return Err(SettingsLimitError::LinkLifetime(self.link_lifetime_secs));
        }
        if !RETENTION_DAYS.contains(&self.retention_days) {
            return Err(SettingsLimitError::Retention(self.retention_days));
        }
        Ok(())
    }

    /// Whether `redirect_url` may be used by a link of this app.
    pub fn allows_redirect(&self, redirect_url: &str) -> bool {
        self.allowed_redirect_prefixes.iter().any(|p| p.allows(redirect_url))
    }
}

/// How the app's Link pages look.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Branding {
    pub display_name: Option<String>,
    pub logo_url: Option<HttpUrl>,
    pub primary_color: HexColor,
    pub accent_color: HexColor,
    pub privacy_policy_url: Option<HttpUrl>,
    pub default_language: Language,
}

impl Default for Branding {
    fn default() -> Self {
        Self {
            display_name: None,
            logo_url: None,
            primary_color: HexColor::from_str("#0B6E4F").unwrap_or_else(|_| unreachable!("valid literal")),
            accent_color: HexColor::from_str("#F2A541").unwrap_or_else(|_| unreachable!("valid literal")),
            privacy_policy_url: None,
            default_language: Language::default(),
        }
    }
}

/// The start of allowed redirect URLs. Any absolute URL scheme is accepted (apps return to
/// `myapp://…` deep links) except those that run code or read local files.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RedirectPrefix(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid redirect prefix '{value}': {reason}")]
pub struct RedirectPrefixError {
    value: String,
    reason: &'static str,
}

const FORBIDDEN_SCHEMES: &[&str] = &["javascript", "data", "file", "vbscript", "blob", "about"];

impl FromStr for RedirectPrefix {
    type Err = RedirectPrefixError;

    fn from_str(value: &str) -> Result<Self, Self::Err> {
        let error = |reason| RedirectPrefixError { value: value.chars().take(100).collect(), reason };
        if value.len() > 2048 {
            return Err(error("longer than 2048 characters"));
        }
        let parsed = url::Url::parse(value)
            .map_err(|_| error("not an absolute URL such as https://partner.example/callback"))?;
        if FORBIDDEN_SCHEMES.contains(&parsed.scheme()) {
            return Err(error("this URL scheme is not allowed"));
        }
        if matches!(parsed.scheme(), "http" | "https") && parsed.host().is_none() {
            return Err(error("an http(s) prefix needs a host"));
        }
        Ok(Self(value.to_owned()))
    }
}

impl TryFrom<String> for RedirectPrefix {
    type Error = RedirectPrefixError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<RedirectPrefix> for String {
    fn from(prefix: RedirectPrefix) -> Self {
        prefix.0
    }
}

impl fmt::Display for RedirectPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl RedirectPrefix {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// True when `url` starts with this prefix at a boundary: `https://a.com` allows
    /// `https://a.com/cb` and `https://a.com?x` but not `https://a.com.evil.net`.
    pub fn allows(&self, url: &str) -> bool {
        let Some(rest) = url.strip_prefix(self.0.as_str()) else {
            return false;
        };
        rest.is_empty()
            || self.0.ends_with('/')
            || self.0.ends_with('?')
            || self.0.ends_with('#')
            || rest.starts_with(['/', '?', '#'])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prefix(s: &str) -> RedirectPrefix {
        s.parse().unwrap()
    }

    #[test]
    fn prefixes_match_only_at_boundaries() {
        let p = prefix("https://partner.com");
        assert!(p.allows("https://partner.com"));
        assert!(p.allows("https://partner.com/cb?x=1"));
        assert!(p.allows("https://partner.com?x=1"));
        assert!(!p.allows("https://partner.com.evil.net/cb"));
        assert!(!p.allows("https://partner.co"));
        let p = prefix("https://partner.com/app/");
        assert!(p.allows("https://partner.com/app/return"));
        assert!(!p.allows("https://partner.com/other"));
        assert!(prefix("myapp://callback").allows("myapp://callback?state=1"));
    }

    #[test]
    fn dangerous_prefixes_are_refused() {
        for bad in ["javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "not a url", "https://"]
        {
            assert!(bad.parse::<RedirectPrefix>().is_err(), "{bad}");
        }
    }

    #[test]
    fn settings_round_trip_and_tolerate_missing_fields() {
        let settings = AppSettings::default();
        let json = serde_json::to_string(&settings).unwrap();
        assert_eq!(serde_json::from_str::<AppSettings>(&json).unwrap(), settings);
        let partial: AppSettings = serde_json::from_str(r#"{"deliveryMode":"manual"}"#).unwrap();
        assert_eq!(partial.delivery_mode, DeliveryMode::Manual);
        assert_eq!(partial.link_lifetime_secs, 1800);
    }

    #[test]
    fn limits_are_checked() {
        let settings = AppSettings { link_lifetime_secs: 10, ..AppSettings::default() };
        assert_eq!(settings.validate_limits(), Err(SettingsLimitError::LinkLifetime(10)));
        assert!(AppSettings::default().validate_limits().is_ok());
    }
}
