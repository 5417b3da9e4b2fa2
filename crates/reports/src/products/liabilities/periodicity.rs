//! OFB periodicities (`instalmentPeriodicity` of a contract, `frequency` of a declared income or
//! revenue) and the two things the products do with them: turn an amount per period into an
//! amount per month, and step a date forward by whole periods.

use ponte_domain::{Amount, Money};
use rust_decimal::{Decimal, RoundingStrategy};
use time::{Date, Duration};

/// A regular period. `SEM_PERIODICIDADE_REGULAR`, `OUTROS` and unknown values have none.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Periodicity {
    Daily,
    Weekly,
    Fortnightly,
    Monthly,
    Bimonthly,
    Quarterly,
    SemiAnnual,
    Annual,
}

impl Periodicity {
    /// Parses an OFB value (`DIARIA`, `SEMANAL`, `QUINZENAL`, `MENSAL`, `BIMESTRAL`,
    /// `TRIMESTRAL`, `SEMESTRAL`, `ANUAL`); anything else has no regular period.
    pub(crate) fn from_ofb(value: &str) -> Option<Periodicity> {
        Some(match value {
            "DIARIA" => Self::Daily,
            "SEMANAL" => Self::Weekly,
            "QUINZENAL" => Self::Fortnightly,
            "MENSAL" => Self::Monthly,
            "BIMESTRAL" => Self::Bimonthly,
            "TRIMESTRAL" => Self::Quarterly,
            "SEMESTRAL" => Self::SemiAnnual,
            "ANUAL" => Self::Annual,
            _ => return None,
        })
    }

    /// Periods per month as an exact fraction `(numerator, denominator)`. A month is taken as
    /// 30 days for daily amounts (a calendar approximation) and as 52/12 weeks for weekly ones.
    fn per_month(self) -> (i64, i64) {
        match self {
            Self::Daily => (30, 1),
            Self::Weekly => (52, 12),
            Self::Fortnightly => (2, 1),
            Self::Monthly => (1, 1),
            Self::Bimonthly => (1, 2),
            Self::Quarterly => (1, 3),
            Self::SemiAnnual => (1, 6),
            Self::Annual => (1, 12),
        }
    }

    /// `amount` per period as an amount per month, rounded half-to-even to four decimals, in
    /// the same currency. `None` only if the result leaves the supported range.
    pub(crate) fn monthly(self, amount: Money) -> Option<Money> {
        let (numerator, denominator) = self.per_month();
        let scaled = amount.amount.decimal().checked_mul(Decimal::from(numerator))?;
        let monthly = scaled.checked_div(Decimal::from(denominator))?;
        let rounded = monthly.round_dp_with_strategy(Amount::SCALE, RoundingStrategy::MidpointNearestEven);
        Amount::new(rounded).ok().map(|a| Money::new(a, amount.currency))
    }

    /// `from` advanced by `periods` whole periods: days for daily, weekly (7) and fortnightly
    /// (15) periods; calendar months otherwise, keeping the day of the month and clamping it to
    /// the month's last day (31 January + 1 month = 28 or 29 February). `None` past the
    /// calendar's range.
    pub(crate) fn advance(self, from: Date, periods: u32) -> Option<Date> {
        let days = |each: i64| from.checked_add(Duration::days(each.checked_mul(i64::from(periods))?));
        match self {
            Self::Daily => days(1),
            Self::Weekly => days(7),
            Self::Fortnightly => days(15),
            Self::Monthly => add_months(from, periods),
            Self::Bimonthly => add_months(from, periods.checked_mul(2)?),
            Self::Quarterly => add_months(from, periods.checked_mul(3)?),
            Self::SemiAnnual => add_months(from, periods.checked_mul(6)?),
            Self::Annual => add_months(from, periods.checked_mul(12)?),
        }
    }
}

/// `from` plus `months` calendar months, the day clamped to the target month's length.
pub(crate) fn add_months(from: Date, months: u32) -> Option<Date> {
    shift_months(from, i64::from(months))
}

/// `to` moved back by `months` calendar months, the day clamped like [`add_months`].
pub(crate) fn months_before(to: Date, months: u32) -> Option<Date> {
    shift_months(to, -i64::from(months))
}

fn shift_months(date: Date, delta: i64) -> Option<Date> {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1 + delta;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = time::Month::try_from(u8::try_from(index.rem_euclid(12) + 1).ok()?).ok()?;
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).ok()
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    fn brl(text: &str) -> Money {
        Money::brl(text.parse().unwrap_or_default())
    }

    #[test]
    fn parses_only_regular_periodicities() {
        assert_eq!(Periodicity::from_ofb("MENSAL"), Some(Periodicity::Monthly));
        assert_eq!(Periodicity::from_ofb("DIARIA"), Some(Periodicity::Daily));
        for irregular in ["SEM_PERIODICIDADE_REGULAR", "OUTROS", "mensal", ""] {
            assert_eq!(Periodicity::from_ofb(irregular), None, "{irregular}");
        }
    }

    #[test]
    fn monthly_equivalents_follow_the_documented_table() {
        let cases = [
            (Periodicity::Daily, "100", "3000.0000"),
            (Periodicity::Weekly, "1000", "4333.3333"),
            (Periodicity::Fortnightly, "1500.5", "3001.0000"),
            (Periodicity::Monthly, "4200.04", "4200.0400"),
            (Periodicity::Bimonthly, "0.0001", "0.0000"),
            (Periodicity::Quarterly, "1000", "333.3333"),
            (Periodicity::SemiAnnual, "0.0003", "0.0000"),
            (Periodicity::Annual, "93600", "7800.0000"),
        ];
        for (periodicity, amount, expected) in cases {
            let monthly = periodicity.monthly(brl(amount)).map(|m| m.amount.to_string());
            assert_eq!(monthly.as_deref(), Some(expected), "{periodicity:?} {amount}");
        }
        // Half-to-even at the fifth decimal: 0.00015 → 0.0002, 0.00025 → 0.0002.
        assert_eq!(Periodicity::Bimonthly.monthly(brl("0.0003")), Some(brl("0.0002")));
        assert_eq!(Periodicity::Bimonthly.monthly(brl("0.0005")), Some(brl("0.0002")));
    }

    #[test]
    fn monthly_equivalent_out_of_range_is_none() {
        assert_eq!(Periodicity::Daily.monthly(brl("99999999999999999999")), None);
    }

    #[test]
    fn advance_clamps_to_month_end_and_counts_days() {
        assert_eq!(Periodicity::Monthly.advance(date!(2026 - 01 - 31), 1), Some(date!(2026 - 02 - 28)));
        assert_eq!(Periodicity::Monthly.advance(date!(2026 - 11 - 15), 3), Some(date!(2027 - 02 - 15)));
        assert_eq!(Periodicity::Annual.advance(date!(2024 - 02 - 29), 1), Some(date!(2025 - 02 - 28)));
        assert_eq!(Periodicity::Quarterly.advance(date!(2026 - 01 - 10), 0), Some(date!(2026 - 01 - 10)));
        assert_eq!(Periodicity::Weekly.advance(date!(2026 - 01 - 01), 2), Some(date!(2026 - 01 - 15)));
        assert_eq!(Periodicity::Fortnightly.advance(date!(2026 - 01 - 01), 2), Some(date!(2026 - 01 - 31)));
        assert_eq!(Periodicity::Monthly.advance(Date::MAX, 1), None);
        assert_eq!(Periodicity::Daily.advance(Date::MAX, u32::MAX), None);
    }

    #[test]
    fn months_before_clamps_too() {
        assert_eq!(months_before(date!(2026 - 03 - 31), 1), Some(date!(2026 - 02 - 28)));
        assert_eq!(months_before(date!(2026 - 03 - 15), 12), Some(date!(2025 - 03 - 15)));
        assert_eq!(months_before(Date::MIN, 1), None);
    }
}
