//! How the account and card products write values: dates, instants, exact totals and ratios.
//!
//! The domain types hold checked values; these wrappers only decide their text on the wire, so
//! every product of the family writes a date, an instant or a total the same way.

use ponte_domain::{Amount, Currency, Money};
use rust_decimal::Decimal;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use time::Date;

use crate::products::support::YearMonth;
pub(crate) use crate::products::support::{Day, Timestamp, UtcSecond};

/// How many months before the report's month the history window starts: 12 full months plus
/// the current one, the span the fetcher asks the bank for.
const WINDOW_FULL_MONTHS: usize = 12;

/// The first day of the history window the products list: the first day of the month 12
/// months before the month of `today` (for 2026-03-15: 2025-03-01).
pub(crate) fn window_start(today: Date) -> Date {
    let mut month = YearMonth::of(today);
    for _ in 0..WINDOW_FULL_MONTHS {
        month = month.previous();
    }
    month.first_day()
}

/// An exact sum of amounts in one currency, written as [`Money`].
///
/// Sums are kept as [`Decimal`] while they accumulate (tens of thousands of 4-decimal amounts
/// stay exact) and checked only when written: a total beyond [`Amount`]'s 20 integer digits
/// fails the serialisation, so the report is refused (`5000`) rather than showing a wrong number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Total {
    pub sum: Decimal,
    pub currency: Currency,
}

impl Total {
    pub fn zero(currency: Currency) -> Self {
        Total { sum: Decimal::ZERO, currency }
    }

    /// The total as money, rounded half-to-even to 4 places (a no-op for sums of amounts).
    pub fn to_money(self) -> Result<Money, ponte_domain::AmountError> {
        Amount::rounded(self.sum).map(|amount| Money::new(amount, self.currency))
    }
}

impl Serialize for Total {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let money = self.to_money().map_err(|e| S::Error::custom(format_args!("total {}: {e}", self.sum)))?;
        money.serialize(serializer)
    }
}

/// Writes a ratio as a string with exactly 4 decimals (`"0.2500"`), rounded half-to-even;
/// `None` is `null`.
pub(crate) fn ratio<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => {
            let mut rounded =
                v.round_dp_with_strategy(4, rust_decimal::RoundingStrategy::MidpointNearestEven);
            rounded.rescale(4);
            serializer.collect_str(&rounded)
        }
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use time::macros::{date, datetime};

    #[test]
    fn window_is_twelve_full_months_plus_the_current_one() {
        assert_eq!(window_start(date!(2026 - 03 - 15)), date!(2025 - 03 - 01));
        assert_eq!(window_start(date!(2026 - 01 - 01)), date!(2025 - 01 - 01));
        assert_eq!(window_start(date!(2026 - 12 - 31)), date!(2025 - 12 - 01));
    }

    #[test]
    fn dates_and_instants_are_written_as_ofb_writes_them() {
        assert_eq!(serde_json::to_value(Day(date!(2026 - 03 - 05))).unwrap(), json!("2026-03-05"));
        let at = datetime!(2026-03-05 21:30:00.5 -03:00);
        assert_eq!(serde_json::to_value(Timestamp(at)).unwrap(), json!("2026-03-06T00:30:00.500Z"));
        assert_eq!(serde_json::to_value(UtcSecond(at)).unwrap(), json!("2026-03-06T00:30:00Z"));
        let edge = datetime!(9999-12-31 23:00 -03:00);
        assert!(serde_json::to_value(Timestamp(edge)).is_err());
    }

    #[test]
    fn totals_have_four_decimals_and_refuse_to_overflow() {
        let total = Total { sum: Decimal::new(-15, 1), currency: Currency::BRL };
        assert_eq!(serde_json::to_value(total).unwrap(), json!({"amount": "-1.5000", "currency": "BRL"}));
        let zero = Total::zero(Currency::BRL);
        assert_eq!(serde_json::to_value(zero).unwrap(), json!({"amount": "0.0000", "currency": "BRL"}));
        let huge = Total { sum: Decimal::from_i128_with_scale(10_i128.pow(21), 0), currency: Currency::BRL };
        assert!(serde_json::to_value(huge).is_err());
    }

    #[derive(Serialize)]
    struct Wrapped(#[serde(serialize_with = "ratio")] Option<Decimal>);

    #[test]
    fn ratios_have_four_decimals_rounded_half_to_even() {
        let text = |v: Option<Decimal>| serde_json::to_value(Wrapped(v)).unwrap();
        assert_eq!(text(Some(Decimal::new(25, 2))), json!("0.2500"));
        assert_eq!(text(Some(Decimal::new(12_345, 5))), json!("0.1234"));
        assert_eq!(text(Some(Decimal::new(12_355, 5))), json!("0.1236"));
        assert_eq!(text(Some(Decimal::from(-2))), json!("-2.0000"));
        assert_eq!(text(None), json!(null));
    }
}
