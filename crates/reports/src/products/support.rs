//! Small shared helpers of the product modules: exact sums, months, ratios.

use std::fmt;

use ponte_domain::{Amount, Money};
use rust_decimal::Decimal;
use serde::ser::Error as _;
use serde::{Serialize, Serializer};
use time::{Date, Month, OffsetDateTime, UtcOffset};

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

/// A calendar date, written `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Day(pub Date);

/// An instant in UTC with milliseconds, as OFB writes `transactionDateTime`
/// (`2016-01-29T12:29:03.374Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Timestamp(pub OffsetDateTime);

/// An instant in UTC to the second, as OFB writes `updateDateTime` (`2021-05-21T08:30:00Z`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UtcSecond(pub OffsetDateTime);

/// Writes `n` as `width` zero-padded digits ending at `buf[end]` (exclusive).
fn digits(buf: &mut [u8], end: usize, width: usize, mut n: u32) {
    for i in 1..=width {
        buf[end - i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

/// `YYYY-MM-DD` into `buf[..10]`, or `None` for a year outside 0..=9999.
fn write_date(buf: &mut [u8], date: Date) -> Option<()> {
    let year = u32::try_from(date.year()).ok().filter(|y| *y <= 9999)?;
    digits(buf, 4, 4, year);
    buf[4] = b'-';
    digits(buf, 7, 2, u32::from(u8::from(date.month())));
    buf[7] = b'-';
    digits(buf, 10, 2, u32::from(date.day()));
    Some(())
}

/// The instant in UTC, `YYYY-MM-DDTHH:MM:SS[.mmm]Z`; an error (never a panic) for an instant
/// whose UTC date is beyond four-digit years.
fn write_instant(buf: &mut [u8; 24], at: OffsetDateTime, millis: bool) -> Result<&str, &'static str> {
    let utc = at.checked_to_offset(UtcOffset::UTC).ok_or("instant out of the supported range in UTC")?;
    write_date(buf, utc.date()).ok_or("instant out of the supported range in UTC")?;
    buf[10] = b'T';
    digits(buf, 13, 2, u32::from(utc.hour()));
    buf[13] = b':';
    digits(buf, 16, 2, u32::from(utc.minute()));
    buf[16] = b':';
    digits(buf, 19, 2, u32::from(utc.second()));
    let end = if millis {
        buf[19] = b'.';
        digits(buf, 23, 3, u32::from(utc.millisecond()));
        23
    } else {
        19
    };
    buf[end] = b'Z';
    // Only ASCII was written.
    std::str::from_utf8(&buf[..=end]).map_err(|_| "unreachable: non-ASCII timestamp")
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; 10];
        match write_date(&mut buf, self.0) {
            Some(()) => f.write_str(std::str::from_utf8(&buf).map_err(|_| fmt::Error)?),
            None => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for Day {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 10];
        match write_date(&mut buf, self.0) {
            Some(()) => serializer.serialize_str(std::str::from_utf8(&buf).map_err(S::Error::custom)?),
            None => serializer.collect_str(&self.0),
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 24];
        serializer.serialize_str(write_instant(&mut buf, self.0, true).map_err(S::Error::custom)?)
    }
}

impl Serialize for UtcSecond {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; 24];
        serializer.serialize_str(write_instant(&mut buf, self.0, false).map_err(S::Error::custom)?)
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
    fn dates_and_instants_are_written_as_ofb_writes_them() {
        use time::macros::datetime;
        let json = |v: &dyn erased::Json| v.json();
        assert_eq!(json(&Day(date!(2026 - 03 - 05))), "\"2026-03-05\"");
        assert_eq!(Day(date!(0987 - 12 - 31)).to_string(), "0987-12-31");
        let at = datetime!(2026-03-05 23:30:01.042 -03:00);
        assert_eq!(json(&Timestamp(at)), "\"2026-03-06T02:30:01.042Z\"");
        assert_eq!(json(&UtcSecond(at)), "\"2026-03-06T02:30:01Z\"");
        let beyond = datetime!(9999-12-31 23:00 -03:00);
        assert!(serde_json::to_string(&Timestamp(beyond)).is_err(), "an error, not a panic");
    }

    mod erased {
        pub trait Json {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Json for T {
            fn json(&self) -> String {
                serde_json::to_string(self).unwrap()
            }
        }
    }

    #[test]
    fn median_of_even_and_odd_counts() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![Decimal::from(3), Decimal::ONE, Decimal::TWO]), Some(Decimal::TWO));
        assert_eq!(median(vec![Decimal::from(4), Decimal::ONE]), Some(Decimal::new(25, 1)));
    }
}
