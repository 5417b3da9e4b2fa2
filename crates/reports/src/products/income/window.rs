//! The months the income, insight and risk products look at, and how much of them the data
//! covers.
//!
//! The window is the 12 full calendar months before the month of the report date plus the
//! current, partial month: 13 *slots*, slot 0 the oldest full month, slot 11 the last full one,
//! slot 12 ([`CURRENT`]) the month of `today` up to `today`. Bucketing a transaction is one
//! subtraction, so the products never allocate per transaction.

use std::ops::Range;

use time::Date;

pub(in crate::products) use crate::products::support::Day;
use crate::products::support::YearMonth;

/// Full months in the window.
pub(in crate::products) const FULL_MONTHS: usize = 12;
/// The slot of the current, partial month.
pub(in crate::products) const CURRENT: usize = FULL_MONTHS;
/// Full months plus the current one.
pub(in crate::products) const SLOTS: usize = FULL_MONTHS + 1;
/// The last six full months: the span of the estimates (median income, stability).
pub(in crate::products) const LAST_SIX: Range<usize> = FULL_MONTHS - 6..FULL_MONTHS;
/// The last three full months: the span of a company's burn.
pub(in crate::products) const LAST_THREE: Range<usize> = FULL_MONTHS - 3..FULL_MONTHS;

/// The 12 full months before `today`'s month and the current month.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::products) struct Window {
    months: [YearMonth; SLOTS],
    today: Date,
}

impl Window {
    pub(in crate::products) fn new(today: Date) -> Window {
        let mut months = [YearMonth::of(today); SLOTS];
        for (slot, month) in YearMonth::last_full_months(today, FULL_MONTHS).into_iter().enumerate() {
            months[slot] = month;
        }
        Window { months, today }
    }

    pub(in crate::products) fn today(&self) -> Date {
        self.today
    }

    pub(in crate::products) fn month(&self, slot: usize) -> YearMonth {
        self.months[slot.min(CURRENT)]
    }

    /// The first day of the oldest full month.
    pub(in crate::products) fn start(&self) -> Date {
        self.months[0].first_day()
    }

    /// The last day of the last full month.
    pub(in crate::products) fn end_of_full_months(&self) -> Date {
        self.months[CURRENT].first_day().previous_day().unwrap_or(Date::MIN)
    }

    /// The slot of a date: `0..12` for the full months, [`CURRENT`] for the current month up to
    /// `today`; `None` before the window or after `today`.
    pub(in crate::products) fn slot(&self, date: Date) -> Option<usize> {
        if date > self.today {
            return None;
        }
        let offset = month_number(YearMonth::of(date)) - month_number(self.months[0]);
        usize::try_from(offset).ok().filter(|slot| *slot < SLOTS)
    }

    /// The slot of a date when it falls in one of the full months.
    pub(in crate::products) fn full_month_slot(&self, date: Date) -> Option<usize> {
        self.slot(date).filter(|slot| *slot < FULL_MONTHS)
    }
}

/// Months since year 0, to subtract months.
fn month_number(month: YearMonth) -> i64 {
    i64::from(month.year) * 12 + i64::from(month.month as u8) - 1
}

/// Which full months of the window the data covers: from the month of the earliest booked
/// account transaction on. Accounts carry no opening date, so the first entry stands for it;
/// months before it are "no data", not "zero income", and the estimates leave them out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::products) struct History {
    /// The first covered slot; `None` when no booked entry falls before the current month's end.
    first_slot: Option<usize>,
}

impl History {
    /// The history of entries starting on `earliest`, fetched from `fetched_from` on: a month is
    /// covered from the month of the earliest entry, and only if the fetch window holds all of
    /// it (a window starting mid-month leaves that month partial: it is not covered).
    pub(in crate::products) fn starting(
        window: &Window,
        earliest: Option<Date>,
        fetched_from: Option<Date>,
    ) -> History {
        let slot_of = |date: Date| if date < window.start() { Some(0) } else { window.slot(date) };
        let first_entry = earliest.and_then(slot_of);
        let first_whole = match fetched_from {
            None => Some(0),
            Some(from) if from.day() == 1 => slot_of(from),
            Some(from) => slot_of(YearMonth::of(from).next().first_day()),
        };
        let first_slot = match (first_entry, first_whole) {
            (Some(entry), Some(whole)) => Some(entry.max(whole)),
            _ => None,
        };
        History { first_slot }
    }

    /// How many of the 12 full months are covered (0 for a history that starts this month).
    pub(in crate::products) fn months(&self) -> usize {
        self.first_slot.map_or(0, |first| FULL_MONTHS.saturating_sub(first))
    }

    pub(in crate::products) fn covers(&self, slot: usize) -> bool {
        self.first_slot.is_some_and(|first| slot >= first)
    }

    /// The covered slots of a range, oldest first.
    pub(in crate::products) fn covered(&self, slots: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        slots.filter(|slot| self.covers(*slot))
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn slots_run_from_the_oldest_full_month_to_today() {
        let w = Window::new(date!(2026 - 03 - 15));
        assert_eq!(w.month(0).to_string(), "2025-03");
        assert_eq!(w.month(11).to_string(), "2026-02");
        assert_eq!(w.month(CURRENT).to_string(), "2026-03");
        assert_eq!(w.start(), date!(2025 - 03 - 01));
        assert_eq!(w.end_of_full_months(), date!(2026 - 02 - 28));
        assert_eq!(w.slot(date!(2025 - 02 - 28)), None);
        assert_eq!(w.slot(date!(2025 - 03 - 01)), Some(0));
        assert_eq!(w.slot(date!(2025 - 12 - 31)), Some(9));
        assert_eq!(w.slot(date!(2026 - 03 - 15)), Some(CURRENT));
        assert_eq!(w.slot(date!(2026 - 03 - 16)), None, "after today");
        assert_eq!(w.full_month_slot(date!(2026 - 03 - 01)), None);
    }

    #[test]
    fn history_counts_covered_full_months() {
        let w = Window::new(date!(2026 - 03 - 15));
        let thin = History::starting(&w, Some(date!(2026 - 01 - 20)), None);
        assert_eq!(thin.months(), 2);
        assert!(!thin.covers(9) && thin.covers(10) && thin.covers(CURRENT));
        assert_eq!(thin.covered(LAST_SIX).collect::<Vec<_>>(), [10, 11]);
        assert_eq!(History::starting(&w, Some(date!(2020 - 01 - 01)), None).months(), 12);
        assert_eq!(History::starting(&w, Some(date!(2026 - 03 - 02)), None).months(), 0);
        assert_eq!(History::starting(&w, None, None).months(), 0);
        assert!(!History::starting(&w, None, None).covers(CURRENT));
        // A fetch window opening mid-month leaves that month partial: not covered.
        let fetched_mid_month =
            History::starting(&w, Some(date!(2025 - 03 - 15)), Some(date!(2025 - 03 - 15)));
        assert_eq!(fetched_mid_month.months(), 11);
        assert!(!fetched_mid_month.covers(0));
        let fetched_from_the_first =
            History::starting(&w, Some(date!(2025 - 03 - 02)), Some(date!(2025 - 03 - 01)));
        assert_eq!(fetched_from_the_first.months(), 12);
    }

    #[test]
    fn days_are_written_iso() {
        let text = serde_json::to_string(&Day(date!(2026 - 01 - 05))).unwrap_or_default();
        assert_eq!(text, "\"2026-01-05\"");
    }
}
