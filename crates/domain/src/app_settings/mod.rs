//! Value types of an app's settings (spec §2): delivery mode, default language, brand colours
//! and the URLs an app configures (webhooks, logo, privacy policy, redirect prefixes).

mod color;
mod http_url;

use std::fmt;
use std::str::FromStr;

pub use color::{HexColor, HexColorError};
pub use http_url::{HttpUrl, HttpUrlError};

use crate::serde_str::string_serde;

/// A setting given a value outside its fixed set of choices.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{setting} must be one of {expected}, got \"{found}\"")]
pub struct SettingValueError {
    pub setting: &'static str,
    pub expected: &'static str,
    /// The rejected value, cut to 64 characters so a huge input can't bloat logs.
    pub found: String,
}

impl SettingValueError {
    fn new(setting: &'static str, expected: &'static str, found: &str) -> Self {
        SettingValueError { setting, expected, found: found.chars().take(64).collect() }
    }
}

/// How finished reports reach the partner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DeliveryMode {
    /// Ponte builds every enabled product when data arrives and pushes it to the product
    /// webhook.
    Automatic,
    /// The partner asks for each report by API.
    Manual,
}

impl DeliveryMode {
    pub const fn as_str(self) -> &'static str {
        match self {
            DeliveryMode::Automatic => "automatic",
            DeliveryMode::Manual => "manual",
        }
    }
}

impl FromStr for DeliveryMode {
    type Err = SettingValueError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "automatic" => Ok(DeliveryMode::Automatic),
            "manual" => Ok(DeliveryMode::Manual),
            _ => Err(SettingValueError::new("delivery mode", "\"automatic\", \"manual\"", s)),
        }
    }
}

impl fmt::Display for DeliveryMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(DeliveryMode, "\"automatic\" or \"manual\"");

/// Language of the Link pages and e-mails. Portuguese (Brazil) is the default: the end users
/// are Brazilian account holders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Language {
    #[default]
    PtBr,
    En,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::PtBr, Language::En];

    /// The BCP 47 tag: `pt-BR` or `en`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Language::PtBr => "pt-BR",
            Language::En => "en",
        }
    }
}

impl FromStr for Language {
    type Err = SettingValueError;

    /// BCP 47 tags are case-insensitive, so `pt-br` and `EN` are accepted; the canonical
    /// spelling is written back.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.eq_ignore_ascii_case("pt-BR") {
            Ok(Language::PtBr)
        } else if s.eq_ignore_ascii_case("en") {
            Ok(Language::En)
        } else {
            Err(SettingValueError::new("language", "\"pt-BR\", \"en\"", s))
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(Language, "a language tag: \"pt-BR\" or \"en\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delivery_mode_round_trips() {
        for mode in [DeliveryMode::Automatic, DeliveryMode::Manual] {
            assert_eq!(mode.as_str().parse::<DeliveryMode>(), Ok(mode));
            let json = serde_json::to_string(&mode).unwrap();
            assert_eq!(serde_json::from_str::<DeliveryMode>(&json).unwrap(), mode);
        }
        assert_eq!(serde_json::to_string(&DeliveryMode::Manual).unwrap(), "\"manual\"");
    }

    #[test]
    fn delivery_mode_rejects_unknown_values() {
        let err = "Automatic".parse::<DeliveryMode>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "delivery mode must be one of \"automatic\", \"manual\", got \"Automatic\""
        );
        let long = "x".repeat(1000);
        assert_eq!(long.parse::<DeliveryMode>().unwrap_err().found.len(), 64);
    }

    #[test]
    fn language_tags() {
        assert_eq!(Language::default(), Language::PtBr);
        assert_eq!(serde_json::to_string(&Language::PtBr).unwrap(), "\"pt-BR\"");
        assert_eq!(serde_json::to_string(&Language::En).unwrap(), "\"en\"");
        assert_eq!("pt-br".parse::<Language>(), Ok(Language::PtBr));
        assert_eq!("EN".parse::<Language>(), Ok(Language::En));
        for bad in ["", "pt", "pt_BR", "en-US", "es"] {
            assert!(bad.parse::<Language>().is_err(), "{bad}");
        }
        assert!(serde_json::from_str::<Language>("\"fr\"").is_err());
    }
}
