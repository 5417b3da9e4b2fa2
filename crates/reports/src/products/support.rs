//! Small shared helpers of the product modules: exact sums, months, ratios.

use ponte_domain::{Amount, Money};
use rust_decimal::Decimal;
use serde::Serialize;
use time::{Date, Month};

/// A calendar month (`2026-03`), serialised as `YYYY-MM`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YearMonth {
    pub year: i32,
    pub month: Month,
}

impl YearMonth {
    pub fn of(date: Date) -> Self {
        YearMonth { year: date.year(), month: date.month() }
    }

    pub fn previous(self) -> Self {
        match self.month {
            Month::January => YearMonth { year: self.year - 1, month: Month::December },
            m => YearMonth { year: self.year, month: m.previous() },
        }
    }

    pub fn next(self) -> Self {
        match self.month {
            Month::December => YearMonth { year: self.year + 1, month: Month::January },
            m => YearMonth { year: self.year, month: m.next() },
        }
    }

    pub fn first_day(self) -> Date {
        Date::from_calendar_date(self.year, self.month, 1).unwrap_or(Date::MIN)
    }

    /// The `n` full months before the month of `today`, oldest first (the month of `today`
    /// itself is not full yet and is left out).
    pub fn last_full_months(today: Date, n: usize) -> Vec<YearMonth> {
        let mut months = Vec::with_capacity(n);
        let mut m = YearMonth::of(today).previous();
        for _ in 0..n {
            months.push(m);
            m = m.previous();
        }
        months.reverse();
        months
    }
}

impl std::fmt::Display for YearMonth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month as u8)
    }
}

impl Serialize for YearMonth {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// An amount in reais from an exact decimal, rounded half-to-even to 4 places. Sums of valid
/// amounts never leave the supported range (20 integer digits), so the fallback to zero is
/// unreachable in practice and keeps reports total functions.
pub fn brl(value: Decimal) -> Money {
    Money::brl(Amount::rounded(value).unwrap_or(Amount::ZERO))
}

/// The exact sum of amounts.
pub fn sum<'m>(amounts: impl IntoIterator<Item = &'m Money>) -> Decimal {
    amounts.into_iter().map(|m| m.amount.decimal()).sum()
}

/// `part / whole` rounded to 4 places, or `None` when `whole` is zero.
pub fn ratio(part: Decimal, whole: Decimal) -> Option<Decimal> {
    if whole.is_zero() { None } else { Some((part / whole).round_dp(4)) }
}

/// The median of values (the mean of the two middle ones for an even count), `None` if empty.
pub fn median(mut values: Vec<Decimal>) -> Option<Decimal> {
    if values.is_empty() {
        return None;
    }
    values.sort();
    let mid = values.len() / 2;
    Some(if values.len() % 2 == 1 { values[mid] } else { (values[mid - 1] + values[mid]) / Decimal::TWO })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn last_full_months_skip_the_current_one_and_cross_years() {
        let months = YearMonth::last_full_months(date!(2026 - 02 - 10), 3);
        let text: Vec<String> = months.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["2025-11", "2025-12", "2026-01"]);
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![Decimal::from(3), Decimal::ONE, Decimal::TWO]), Some(Decimal::TWO));
        assert_eq!(median(vec![Decimal::from(4), Decimal::ONE]), Some(Decimal::new(25, 1)));
    }
}
