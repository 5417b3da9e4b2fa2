//! Wire formats the identity, liabilities and investment bodies share beyond `support` (whose
//! dates and instants they re-export): contractual rates with OFB's six decimals, computed ratios with four, and
//! quantities as plain decimals.
//!
//! Each is a newtype with its own `Serialize`, so an `Option` of one serialises as `null` or
//! the formatted string without per-field attributes.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};

pub(crate) use crate::products::support::{Day, UtcSecond};

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
        assert_eq!(json(Day(date!(2026 - 03 - 05))), r#""2026-03-05""#);
        assert_eq!(json(Some(Day(date!(0999 - 12 - 31)))), r#""0999-12-31""#);
        assert_eq!(json(None::<Day>), "null");
    }

    #[test]
    fn instants_are_utc_to_the_second() {
        let at = time::macros::datetime!(2026-03-01 07:00:00.250 -03:00);
        assert_eq!(json(UtcSecond(at)), r#""2026-03-01T10:00:00Z""#);
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
