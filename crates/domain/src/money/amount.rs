use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// A decimal amount with at most four decimal places and at most 20 integer digits.
///
/// Four decimals is the precision of Ponte's report format (`"1000.0400"`) and of OFB amounts
/// (`^-?\d{1,15}\.\d{2,4}$`). Twenty integer digits is far beyond any real balance and keeps
/// every sum of two amounts inside [`Decimal`]'s range, so checked arithmetic only ever fails
/// on the documented limit.
///
/// Always displayed and serialised with exactly four decimals; parsed only from strings (a JSON
/// number is refused, because a float has already lost precision by the time we see it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Amount(Decimal);

/// Why a value is not an [`Amount`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AmountError {
    #[error(
        "amount must be a decimal number written as a string, such as \"1000.04\" or \"-12.5\": an optional minus sign, digits, and optionally a dot followed by 1 to 4 digits (no thousands separators, no comma, no exponent)"
    )]
    Malformed,
    #[error("amount has {found} decimal places; at most 4 are allowed")]
    TooManyDecimals { found: u32 },
    #[error("amount is out of range: at most 20 digits before the decimal point")]
    OutOfRange,
}

/// Number of decimal places every amount carries.
const SCALE: u32 = 4;
const MAX_INTEGER_DIGITS: usize = 20;
/// Exclusive bound on the mantissa at scale 4: 10^(20 + 4).
const MANTISSA_LIMIT: u128 = 10u128.pow((MAX_INTEGER_DIGITS as u32) + SCALE);

impl Amount {
    /// Zero, at scale 4 like every other amount.
    pub const ZERO: Amount = Amount(Decimal::from_parts(0, 0, 0, false, SCALE));

    /// Decimal places on the wire: always four.
    pub const SCALE: u32 = SCALE;

    /// Accepts a decimal that has at most four significant decimal places (trailing zeros
    /// don't count: `1.230000` is fine) and is within range.
    pub fn new(value: Decimal) -> Result<Amount, AmountError> {
        let normalised = value.normalize();
        if normalised.scale() > SCALE {
            return Err(AmountError::TooManyDecimals { found: normalised.scale() });
        }
        let mut v = normalised;
        v.rescale(SCALE);
        if v.scale() != SCALE || v.mantissa().unsigned_abs() >= MANTISSA_LIMIT {
            return Err(AmountError::OutOfRange);
        }
        if v.is_zero() {
            // No "-0.0000" on the wire.
            v.set_sign_positive(true);
        }
        Ok(Amount(v))
    }

    /// Rounds a computed value (an average, a ratio times a balance) to four decimals with
    /// round-half-to-even, the rule of ABNT NBR 5891 and the one that does not bias sums.
    pub fn rounded(value: Decimal) -> Result<Amount, AmountError> {
        Amount::new(value.round_dp_with_strategy(SCALE, RoundingStrategy::MidpointNearestEven))
    }

    /// The exact value, for computations; turn results back into an `Amount` with
    /// [`Amount::new`] or [`Amount::rounded`].
    pub const fn decimal(self) -> Decimal {
        self.0
    }

    pub fn checked_add(self, other: Amount) -> Result<Amount, AmountError> {
        let sum = self.0.checked_add(other.0).ok_or(AmountError::OutOfRange)?;
        Amount::new(sum)
    }

    pub fn checked_sub(self, other: Amount) -> Result<Amount, AmountError> {
        let diff = self.0.checked_sub(other.0).ok_or(AmountError::OutOfRange)?;
        Amount::new(diff)
    }

    /// The opposite amount; the range is symmetric so this cannot fail.
    #[must_use]
    pub fn negated(self) -> Amount {
        if self.0.is_zero() { self } else { Amount(-self.0) }
    }

    #[must_use]
    pub fn abs(self) -> Amount {
        Amount(self.0.abs())
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }
}

impl Default for Amount {
    fn default() -> Amount {
        Amount::ZERO
    }
}

impl From<i64> for Amount {
    /// Whole units; any `i64` has fewer than 20 digits, so this cannot fail.
    fn from(units: i64) -> Amount {
        let mut v = Decimal::from(units);
        v.rescale(SCALE);
        Amount(v)
    }
}

impl FromStr for Amount {
    type Err = AmountError;

    /// Parses `-?\d+(\.\d{1,4})?` by hand rather than with `Decimal::from_str`, which also
    /// accepts forms (underscores, exponents, `+`) that the wire format does not allow.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (negative, body) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match body.split_once('.') {
            Some((int, frac)) => (int, frac),
            None => (body, ""),
        };
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() || !all_digits(int) || !all_digits(frac) || (frac.is_empty() && body.contains('.'))
        {
            return Err(AmountError::Malformed);
        }
        if frac.len() > SCALE as usize {
            return Err(AmountError::TooManyDecimals {
                found: u32::try_from(frac.len()).unwrap_or(u32::MAX),
            });
        }
        let int = int.trim_start_matches('0');
        if int.len() > MAX_INTEGER_DIGITS {
            return Err(AmountError::OutOfRange);
        }
        // At most 24 digits: fits in i128 and in Decimal's 96-bit mantissa.
        let mut mantissa: i128 = 0;
        let padding = SCALE as usize - frac.len();
        for b in int.bytes().chain(frac.bytes()).chain(std::iter::repeat_n(b'0', padding)) {
            mantissa = mantissa * 10 + i128::from(b - b'0');
        }
        if negative {
            mantissa = -mantissa;
        }
        let value =
            Decimal::try_from_i128_with_scale(mantissa, SCALE).map_err(|_| AmountError::OutOfRange)?;
        Amount::new(value)
    }
}

impl fmt::Display for Amount {
    /// Always four decimals: `1000.0400`, `-0.5000`, `0.0000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Amount {
    /// Writes the amount as [`Display`](fmt::Display) does, into `buf`, without the formatting
    /// machinery: reports write tens of thousands of amounts, and this is most of their cost.
    fn write_to(self, buf: &mut [u8; 48]) -> &str {
        // Every amount has scale 4 and fewer than 25 digits (see `MANTISSA_LIMIT`).
        let mantissa = self.0.mantissa();
        let mut digits = mantissa.unsigned_abs();
        let mut end = buf.len();
        let mut written = 0;
        while written < 5 || digits > 0 {
            if written == 4 {
                end -= 1;
                buf[end] = b'.';
            }
            end -= 1;
            buf[end] = b'0' + (digits % 10) as u8;
            digits /= 10;
            written += 1;
        }
        if mantissa < 0 {
            end -= 1;
            buf[end] = b'-';
        }
        // Only ASCII digits, '.' and '-' were written.
        std::str::from_utf8(&buf[end..]).unwrap_or("0.0000")
    }
}

impl serde::Serialize for Amount {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 48];
        serializer.serialize_str(self.write_to(&mut buf))
    }
}

impl<'de> serde::Deserialize<'de> for Amount {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AmountVisitor;

        impl serde::de::Visitor<'_> for AmountVisitor {
            type Value = Amount;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an amount as a decimal string with up to 4 decimals, such as \"1000.0400\"")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Amount, E> {
                value.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_str(AmountVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialising_writes_what_display_writes() {
        for text in
            ["0", "-0.5", "1000.04", "-1000.04", "0.0001", "-0.0001", "12345678901234567890.9999", "7"]
        {
            let a = amount(text);
            let mut buf = [0u8; 48];
            assert_eq!(a.write_to(&mut buf), a.to_string(), "{text}");
            assert_eq!(serde_json::to_string(&a).unwrap(), format!("\"{a}\""));
        }
    }

    proptest::proptest! {
        #[test]
        fn serialising_agrees_with_display_everywhere(mantissa in -(10i128.pow(24) - 1)..10i128.pow(24)) {
            let a = Amount::new(Decimal::from_i128_with_scale(mantissa, 4)).unwrap();
            let mut buf = [0u8; 48];
            proptest::prop_assert_eq!(a.write_to(&mut buf), a.to_string());
        }
    }

    fn amount(s: &str) -> Amount {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn parses_and_displays_four_decimals() {
        for (input, shown) in [
            ("1000.04", "1000.0400"),
            ("1000.0400", "1000.0400"),
            ("0", "0.0000"),
            ("-0", "0.0000"),
            ("-0.0000", "0.0000"),
            ("-12.5", "-12.5000"),
            ("007.1", "7.1000"),
            ("0.0001", "0.0001"),
            ("99999999999999999999.9999", "99999999999999999999.9999"),
            ("-99999999999999999999.9999", "-99999999999999999999.9999"),
            ("000000000000000000000000000001", "1.0000"),
        ] {
            assert_eq!(amount(input).to_string(), shown, "{input}");
        }
    }

    #[test]
    fn rejects_malformed_strings() {
        for bad in [
            "", "-", ".", "1.", ".5", "+1", "1,5", "1.000,50", "1_000", "1e5", "1E5", "NaN", "nan", "inf",
            "Infinity", " 1", "1 ", "--1", "1.2.3", "R$1", "١٢",
        ] {
            assert_eq!(bad.parse::<Amount>(), Err(AmountError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn rejects_more_than_four_decimals_and_out_of_range() {
        assert_eq!("1.23456".parse::<Amount>(), Err(AmountError::TooManyDecimals { found: 5 }));
        assert_eq!("1.00000".parse::<Amount>(), Err(AmountError::TooManyDecimals { found: 5 }));
        assert_eq!("100000000000000000000".parse::<Amount>(), Err(AmountError::OutOfRange));
        assert_eq!(Amount::new(Decimal::new(123_456, 5)), Err(AmountError::TooManyDecimals { found: 5 }));
        assert_eq!(Amount::new(Decimal::MAX), Err(AmountError::OutOfRange));
    }

    #[test]
    fn new_ignores_trailing_zeros() {
        assert_eq!(Amount::new(Decimal::new(1_230_000, 6)).unwrap(), amount("1.23"));
    }

    #[test]
    fn rounded_uses_half_even() {
        assert_eq!(Amount::rounded(Decimal::new(100_005, 5)).unwrap(), amount("1.0000"));
        assert_eq!(Amount::rounded(Decimal::new(100_015, 5)).unwrap(), amount("1.0002"));
        assert_eq!(Amount::rounded(Decimal::new(-100_015, 5)).unwrap(), amount("-1.0002"));
    }

    #[test]
    fn checked_arithmetic_and_helpers() {
        assert_eq!(amount("0.1").checked_add(amount("0.2")).unwrap(), amount("0.3"));
        assert_eq!(amount("0.1").checked_sub(amount("0.3")).unwrap(), amount("-0.2"));
        assert_eq!(
            amount("99999999999999999999.9999").checked_add(amount("0.0001")),
            Err(AmountError::OutOfRange)
        );
        assert!(amount("-1").is_negative());
        assert!(!amount("-0").is_negative());
        assert_eq!(amount("-1").abs(), amount("1"));
        assert_eq!(amount("2.5").negated(), amount("-2.5"));
        assert_eq!(Amount::ZERO.negated().to_string(), "0.0000");
        assert_eq!(Amount::default().to_string(), "0.0000");
        assert_eq!(Amount::from(-42).to_string(), "-42.0000");
        assert_eq!(Amount::from(i64::MIN).to_string(), "-9223372036854775808.0000");
        assert!(amount("-1") < amount("0.5"));
        assert_eq!(amount("1.5"), amount("1.50"));
    }

    #[test]
    fn serde_accepts_strings_only() {
        assert_eq!(serde_json::to_string(&amount("1000.04")).unwrap(), "\"1000.0400\"");
        assert_eq!(serde_json::from_str::<Amount>("\"1000.04\"").unwrap(), amount("1000.04"));
        for bad in ["1000.04", "1000", "null", "\"NaN\"", "\"1.23456\"", "[]"] {
            assert!(serde_json::from_str::<Amount>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<Amount>("12.5").unwrap_err().to_string();
        assert!(err.contains("decimal string"), "{err}");
    }
}
