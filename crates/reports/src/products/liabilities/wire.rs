//! Wire formats the identity, liabilities and investment bodies share beyond `support`: dates as
//! `YYYY-MM-DD`, contractual rates with OFB's six decimals, computed ratios with four, and
//! quantities as plain decimals.
//!
//! Each is a newtype with its own `Serialize`, so an `Option` of one serialises as `null` or
//! the formatted string without per-field attributes.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

/// A calendar date, serialised `YYYY-MM-DD` (the `time` crate's own serde form is a tuple).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct IsoDate(pub Date);

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = format_description!("[year]-[month]-[day]");
        match self.0.format(&format) {
            Ok(text) => f.write_str(&text),
            // Only years beyond four digits fail; `time`'s own form is still a readable date.
            Err(_) => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An instant, written in UTC to the second as OFB writes `updateDateTime`
/// (`2026-03-01T10:00:00Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UtcInstant(pub OffsetDateTime);

impl fmt::Display for UtcInstant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
        let utc = self.0.to_offset(UtcOffset::UTC);
        match utc.format(&format) {
            Ok(text) => f.write_str(&text),
            Err(_) => write!(f, "{utc}"),
        }
    }
}

impl Serialize for UtcInstant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A contractual rate as a fraction (`0.293400` = 29.34 %), with the six decimals OFB uses:
/// a contract's rate is echoed, never rounded to fewer places than the bank sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rate(pub Decimal);

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&fixed(self.0, 6))
    }
}

/// A computed ratio (`0.2500`), rounded half-to-even to four decimals like every Ponte ratio.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Ratio(pub Decimal);

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&fixed(self.0, 4))
    }
}

/// A quantity of units or shares, without trailing zeros (`100`, `12.5`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Quantity(pub Decimal);

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0.normalize())
    }
}

/// `value` rounded half-to-even to `places` and shown with exactly that many decimals, never
/// as `-0.0000`.
fn fixed(value: Decimal, places: u32) -> Decimal {
    let mut rounded = value.round_dp_with_strategy(places, RoundingStrategy::MidpointNearestEven);
    rounded.rescale(places);
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    rounded
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn json(value: impl Serialize) -> String {
        serde_json::to_string(&value).unwrap_or_default()
    }

    #[test]
    fn dates_are_iso_calendar_dates() {
        assert_eq!(json(IsoDate(date!(2026 - 03 - 05))), r#""2026-03-05""#);
        assert_eq!(json(Some(IsoDate(date!(0999 - 12 - 31)))), r#""0999-12-31""#);
        assert_eq!(json(None::<IsoDate>), "null");
    }

    #[test]
    fn instants_are_utc_to_the_second() {
        let at = time::macros::datetime!(2026-03-01 07:00:00.250 -03:00);
        assert_eq!(json(UtcInstant(at)), r#""2026-03-01T10:00:00Z""#);
    }

    #[test]
    fn rates_keep_six_decimals_and_ratios_round_half_even_to_four() {
        assert_eq!(json(Rate(Decimal::new(2934, 4))), r#""0.293400""#);
        assert_eq!(json(Rate(Decimal::new(12_345_675, 8))), r#""0.123457""#);
        assert_eq!(json(Ratio(Decimal::new(5, 1))), r#""0.5000""#);
        assert_eq!(json(Ratio(Decimal::new(12_505, 5))), r#""0.1250""#);
        assert_eq!(json(Ratio(Decimal::new(12_515, 5))), r#""0.1252""#);
        assert_eq!(json(Ratio(Decimal::new(125_051, 6))), r#""0.1251""#);
        assert_eq!(json(Ratio(Decimal::new(-1, 6))), r#""0.0000""#);
    }

    #[test]
    fn quantities_drop_trailing_zeros() {
        assert_eq!(json(Quantity(Decimal::new(10_000_000_000, 8))), r#""100""#);
        assert_eq!(json(Quantity(Decimal::new(125, 1))), r#""12.5""#);
    }
}
