//! Value types shared by every OFB family: decimals written as strings with a fixed number of
//! places, the `{amount, currency}` object, dates and date-times in the exact OFB formats.
//!
//! Money never goes through `f64`: amounts are [`rust_decimal::Decimal`] and are written with
//! exactly the number of places the type says (`Dec<2>` → `"1500.00"`, `Dec<6>` → `"0.290000"`).

use std::fmt;
use std::str::FromStr;

use ponte_domain::Currency;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::{Date, Month, PrimitiveDateTime, Time};

/// A decimal written as a JSON string with exactly `N` decimal places.
///
/// OFB amounts (`^-?\d{1,15}\.\d{2,4}$`) use `Dec<2>`; rates such as `CET` or `preFixedRate`
/// (`^\d{1,6}\.\d{6}$`) use `Dec<6>`; investment unit prices and quantities use `Dec<8>`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Dec<const N: u32>(pub Decimal);

/// A money amount with two decimals (`"1500.00"`).
pub type Dec2 = Dec<2>;
/// A rate with six decimals (`"0.290000"` is 29 %).
pub type Rate = Dec<6>;
/// A unit price or quantity with eight decimals.
pub type Dec8 = Dec<8>;

impl<const N: u32> Dec<N> {
    pub const ZERO: Dec<N> = Dec(Decimal::ZERO);

    /// From an integer number of hundredths (cents): `Dec2::cents(150_000)` is `1500.00`.
    pub fn cents(cents: i64) -> Dec<N> {
        Dec(Decimal::new(cents, 2))
    }

    /// From an integer number of millionths: `Rate::millionths(290_000)` is `0.290000`.
    pub fn millionths(value: i64) -> Dec<N> {
        Dec(Decimal::new(value, 6))
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    /// The value as written on the wire: rounded (half away from zero) to `N` places, never
    /// `-0`.
    pub fn wire(self) -> Decimal {
        let mut d = self.0.round_dp_with_strategy(N, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
        d.rescale(N);
        if d.is_zero() {
            d.set_sign_positive(true);
        }
        d
    }
}

impl<const N: u32> fmt::Display for Dec<N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.wire(), f)
    }
}

impl<const N: u32> From<Decimal> for Dec<N> {
    fn from(d: Decimal) -> Self {
        Dec(d)
    }
}

/// Why a string is not an OFB decimal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a decimal string such as \"1500.00\" (optional minus, digits, a dot and 1 to 10 digits)")]
pub struct DecimalFormatError;

impl<const N: u32> FromStr for Dec<N> {
    type Err = DecimalFormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let unsigned = s.strip_prefix('-').unwrap_or(s);
        let (int, frac) = unsigned.split_once('.').ok_or(DecimalFormatError)?;
        let digits =
            |p: &str, max: usize| !p.is_empty() && p.len() <= max && p.bytes().all(|b| b.is_ascii_digit());
        if !digits(int, 15) || !digits(frac, 10) {
            return Err(DecimalFormatError);
        }
        Decimal::from_str_exact(s).map(Dec).map_err(|_| DecimalFormatError)
    }
}

impl<const N: u32> Serialize for Dec<N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de, const N: u32> Deserialize<'de> for Dec<N> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// The OFB `{amount, currency}` object, `amount` with `N` decimals (2 unless said otherwise).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfbMoney<const N: u32 = 2> {
    pub amount: Dec<N>,
    pub currency: Currency,
}

impl<const N: u32> OfbMoney<N> {
    pub fn brl(amount: Dec<N>) -> OfbMoney<N> {
        OfbMoney { amount, currency: Currency::BRL }
    }

    /// Reais from cents: `OfbMoney::brl_cents(1050)` is `{"amount": "10.50", "currency": "BRL"}`.
    pub fn brl_cents(cents: i64) -> OfbMoney<N> {
        OfbMoney::brl(Dec::cents(cents))
    }
}

/// Why a string is not an OFB date or date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected {0}")]
pub struct DateFormatError(&'static str);

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OfbDate(pub Date);

/// A UTC date-time to the second, written `YYYY-MM-DDTHH:MM:SSZ` (the OFB pattern with
/// `maxLength: 20`, e.g. balances' `updateDateTime`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTimeZ(pub PrimitiveDateTime);

/// A UTC date-time with milliseconds, written `YYYY-MM-DDTHH:MM:SS.sssZ` (account and card
/// `transactionDateTime`, loans' `lastUpdatedContractOutstandingBalance`: `maxLength: 24`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DateTimeMs(pub PrimitiveDateTime);

fn write_date(f: &mut fmt::Formatter<'_>, d: Date) -> fmt::Result {
    write!(f, "{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn write_time(f: &mut fmt::Formatter<'_>, t: Time) -> fmt::Result {
    write!(f, "T{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())
}

impl fmt::Display for OfbDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0)
    }
}

impl fmt::Display for DateTimeZ {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0.date())?;
        write_time(f, self.0.time())?;
        f.write_str("Z")
    }
}

impl fmt::Display for DateTimeMs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_date(f, self.0.date())?;
        write_time(f, self.0.time())?;
        write!(f, ".{:03}Z", self.0.millisecond())
    }
}

/// Parses a fixed-width run of ASCII digits.
fn num(s: &str, range: std::ops::Range<usize>) -> Option<u32> {
    let part = s.get(range)?;
    if part.bytes().all(|b| b.is_ascii_digit()) { part.parse().ok() } else { None }
}

fn parse_date(s: &str) -> Option<Date> {
    if s.len() != 10 || !s.is_ascii() || &s[4..5] != "-" || &s[7..8] != "-" {
        return None;
    }
    let month = Month::try_from(u8::try_from(num(s, 5..7)?).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(num(s, 0..4)?).ok()?, month, u8::try_from(num(s, 8..10)?).ok()?)
        .ok()
}

fn parse_time(s: &str, millis: Option<u32>) -> Option<Time> {
    if s.len() != 9 || !s.is_ascii() || &s[0..1] != "T" || &s[3..4] != ":" || &s[6..7] != ":" {
        return None;
    }
    let (h, m, sec) = (num(s, 1..3)?, num(s, 4..6)?, num(s, 7..9)?);
    Time::from_hms_milli(
        u8::try_from(h).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(sec).ok()?,
        u16::try_from(millis.unwrap_or(0)).ok()?,
    )
    .ok()
}

impl FromStr for OfbDate {
    type Err = DateFormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        parse_date(s).map(OfbDate).ok_or(DateFormatError("a date YYYY-MM-DD"))
    }
}

impl FromStr for DateTimeZ {
    type Err = DateFormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const E: DateFormatError = DateFormatError("a date-time YYYY-MM-DDTHH:MM:SSZ");
        if s.len() != 20 || !s.is_ascii() || !s.ends_with('Z') {
            return Err(E);
        }
        let date = parse_date(&s[..10]).ok_or(E)?;
        let time = parse_time(&s[10..19], None).ok_or(E)?;
        Ok(DateTimeZ(PrimitiveDateTime::new(date, time)))
    }
}

impl FromStr for DateTimeMs {
    type Err = DateFormatError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        const E: DateFormatError = DateFormatError("a date-time YYYY-MM-DDTHH:MM:SS.sssZ");
        if s.len() != 24 || !s.is_ascii() || !s.ends_with('Z') || &s[19..20] != "." {
            return Err(E);
        }
        let date = parse_date(&s[..10]).ok_or(E)?;
        let time = parse_time(&s[10..19], Some(num(s, 20..23).ok_or(E)?)).ok_or(E)?;
        Ok(DateTimeMs(PrimitiveDateTime::new(date, time)))
    }
}

/// Serialises through `Display` and deserialises through `FromStr`.
macro_rules! display_serde {
    ($($ty:ty),*) => {$(
        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}

display_serde!(OfbDate, DateTimeZ, DateTimeMs);

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn decimals_are_written_with_the_declared_places() {
        assert_eq!(Dec2::cents(150_000).to_string(), "1500.00");
        assert_eq!(Dec2::cents(-5).to_string(), "-0.05");
        assert_eq!(Dec::<2>(Decimal::new(-0, 2)).to_string(), "0.00");
        assert_eq!(Rate::millionths(290_000).to_string(), "0.290000");
        assert_eq!(Dec8::cents(1000).to_string(), "10.00000000");
        assert_eq!(Dec::<2>(Decimal::new(12345, 3)).to_string(), "12.35");
        let json = serde_json::to_string(&OfbMoney::<2>::brl_cents(1050)).unwrap();
        assert_eq!(json, r#"{"amount":"10.50","currency":"BRL"}"#);
        let back: OfbMoney = serde_json::from_str(&json).unwrap();
        assert_eq!(back, OfbMoney::brl_cents(1050));
        assert!(serde_json::from_str::<Dec2>(r#""10.5""#).is_ok());
        for bad in [r#""10""#, r#""1e3""#, r#"".50""#, "10.5", r#""1,50""#] {
            assert!(serde_json::from_str::<Dec2>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_and_date_times_round_trip_in_the_ofb_formats() {
        let t = datetime!(2026-03-07 09:05:03.042);
        assert_eq!(DateTimeMs(t).to_string(), "2026-03-07T09:05:03.042Z");
        assert_eq!(DateTimeZ(t).to_string(), "2026-03-07T09:05:03Z");
        assert_eq!(OfbDate(t.date()).to_string(), "2026-03-07");
        assert_eq!("2026-03-07T09:05:03.042Z".parse::<DateTimeMs>().unwrap(), DateTimeMs(t));
        assert_eq!("2026-03-07".parse::<OfbDate>().unwrap(), OfbDate(t.date()));
        assert!("2026-03-07T09:05:03Z".parse::<DateTimeZ>().is_ok());
        for bad in ["2026-3-07", "2026-02-30", "2026-03-07T09:05:03.04Z", "2026-03-07T25:00:00Z"] {
            assert!(bad.parse::<OfbDate>().is_err() && bad.parse::<DateTimeMs>().is_err(), "{bad}");
            assert!(bad.parse::<DateTimeZ>().is_err(), "{bad}");
        }
    }
}
