use std::fmt;
use std::str::FromStr;

use crate::serde_str::string_serde;

/// An ISO 4217 alphabetic currency code: exactly three uppercase ASCII letters.
///
/// The code list itself is not embedded (it changes, and OFB data may carry any code); the type
/// guarantees the shape, so a typo like `"R$"` or `"real"` never gets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Currency([u8; 3]);

/// Why a string is not a currency code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("currency must be an ISO 4217 code of three uppercase letters such as \"BRL\"")]
pub struct CurrencyError;

impl Currency {
    /// Brazilian real, the currency of nearly every OFB amount.
    pub const BRL: Currency = Currency(*b"BRL");
    pub const USD: Currency = Currency(*b"USD");
    pub const EUR: Currency = Currency(*b"EUR");

    pub fn as_str(&self) -> &str {
        match std::str::from_utf8(&self.0) {
            Ok(s) => s,
            Err(_) => unreachable!("currency codes are always ASCII"),
        }
    }
}

impl FromStr for Currency {
    type Err = CurrencyError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.as_bytes() {
            [a, b, c] if [a, b, c].iter().all(|x| x.is_ascii_uppercase()) => Ok(Currency([*a, *b, *c])),
            _ => Err(CurrencyError),
        }
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

string_serde!(Currency, "an ISO 4217 currency code such as \"BRL\"");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_three_uppercase_letters() {
        assert_eq!("BRL".parse::<Currency>(), Ok(Currency::BRL));
        assert_eq!(Currency::BRL.to_string(), "BRL");
        for bad in ["", "BR", "BRLL", "brl", "Brl", "R$ ", "B1L", "ÉUR"] {
            assert_eq!(bad.parse::<Currency>(), Err(CurrencyError), "{bad}");
        }
    }

    #[test]
    fn serde() {
        assert_eq!(serde_json::to_string(&Currency::EUR).unwrap(), "\"EUR\"");
        assert_eq!(serde_json::from_str::<Currency>("\"USD\"").unwrap(), Currency::USD);
        assert!(serde_json::from_str::<Currency>("\"usd\"").is_err());
    }
}
