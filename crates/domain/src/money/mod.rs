//! Money as exact decimals. There is no floating point anywhere in Ponte's money path: amounts
//! arrive from OFB as decimal strings, are held as [`rust_decimal::Decimal`], and leave as
//! strings with exactly four decimals (`"1000.0400"`), the report format partners parse.

mod amount;
mod currency;

use std::fmt;

use serde::{Deserialize, Serialize};

pub use amount::{Amount, AmountError};
pub use currency::{Currency, CurrencyError};

/// An [`Amount`] in a [`Currency`]. Serialises as `{"amount": "1000.0400", "currency": "BRL"}`.
///
/// Arithmetic is checked: adding different currencies or leaving the supported range is an
/// error, never a silent wrong number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Money {
    pub amount: Amount,
    pub currency: Currency,
}

/// Why a money operation failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("cannot combine amounts in different currencies ({left} and {right})")]
    CurrencyMismatch { left: Currency, right: Currency },
    #[error(transparent)]
    Amount(#[from] AmountError),
}

impl Money {
    pub const fn new(amount: Amount, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Shorthand for an amount in Brazilian reais.
    pub const fn brl(amount: Amount) -> Money {
        Money::new(amount, Currency::BRL)
    }

    pub const fn zero(currency: Currency) -> Money {
        Money::new(Amount::ZERO, currency)
    }

    pub fn checked_add(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Ok(Money::new(self.amount.checked_add(other.amount)?, self.currency))
    }

    pub fn checked_sub(self, other: Money) -> Result<Money, MoneyError> {
        self.same_currency(other)?;
        Ok(Money::new(self.amount.checked_sub(other.amount)?, self.currency))
    }

    fn same_currency(self, other: Money) -> Result<(), MoneyError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(MoneyError::CurrencyMismatch { left: self.currency, right: other.currency })
        }
    }
}

impl fmt::Display for Money {
    /// `BRL 1000.0400`: unambiguous in logs; UI formatting (`R$ 1.000,04`) is a presentation
    /// concern outside the domain.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.currency, self.amount)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn brl(s: &str) -> Money {
        Money::brl(s.parse().unwrap())
    }

    #[test]
    fn serialises_amount_as_four_decimal_string() {
        let m = brl("1000.04");
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"amount":"1000.0400","currency":"BRL"}"#);
        assert_eq!(m.to_string(), "BRL 1000.0400");
    }

    #[test]
    fn deserialises_and_validates() {
        let m: Money = serde_json::from_str(r#"{"amount":"-12.5","currency":"USD"}"#).unwrap();
        assert_eq!(m.amount.to_string(), "-12.5000");
        assert_eq!(m.currency.as_str(), "USD");
        assert!(serde_json::from_str::<Money>(r#"{"amount":12.5,"currency":"BRL"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1.23456","currency":"BRL"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1","currency":"brl"}"#).is_err());
        assert!(serde_json::from_str::<Money>(r#"{"amount":"1"}"#).is_err());
    }

    #[test]
    fn checked_arithmetic() {
        assert_eq!(brl("0.1").checked_add(brl("0.2")).unwrap(), brl("0.3"));
        assert_eq!(brl("1").checked_sub(brl("1.0001")).unwrap(), brl("-0.0001"));
        let usd = Money::new(Amount::ZERO, "USD".parse().unwrap());
        assert_eq!(
            brl("1").checked_add(usd),
            Err(MoneyError::CurrencyMismatch { left: Currency::BRL, right: usd.currency })
        );
        let max = brl("99999999999999999999.9999");
        assert!(matches!(max.checked_add(brl("0.0001")), Err(MoneyError::Amount(_))));
        assert_eq!(Money::zero(Currency::BRL).checked_add(brl("5")).unwrap(), brl("5"));
    }
}
