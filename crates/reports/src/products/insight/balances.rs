//! Balances reconstructed backwards from today's: month-end closing balances and the days on
//! which an account closed negative.
//!
//! OFB gives the balance now, not its history. The balance at the end of a day (or month) is
//! therefore `available now − Σ signed booked entries after that day`: every entry, own
//! transfers included, since they move the balance of each account. Only accounts whose
//! balance is known and in reais take part. Entries the bank did not send (outside the history
//! window) make earlier balances wrong by their sum, so the reconstruction is reported as what
//! it is: an estimate.

use ponte_domain::Currency;
use ponte_domain::finance::{Account, ConsentData};
use rust_decimal::Decimal;
use time::{Date, Duration};

use crate::products::income::scope::Scope;
use crate::products::income::window::{SLOTS, Window};

/// The days before today the negative-balance count looks at.
pub(in crate::products) const NEGATIVE_WINDOW_DAYS: usize = 90;

#[derive(Clone, Debug, PartialEq)]
pub(in crate::products) struct BalanceFigures {
    /// Σ available balance now of the accounts with a known balance in reais.
    pub current: Option<Decimal>,
    /// Σ balance at the end of each slot's month (the current slot: now).
    pub closing: [Option<Decimal>; SLOTS],
    /// Days of the last [`NEGATIVE_WINDOW_DAYS`] on which at least one account closed below
    /// zero; days before the consent's history window are not counted.
    pub negative_days: Option<u32>,
}

pub(super) fn balances(consents: &[ConsentData], scope: &Scope, window: &Window) -> BalanceFigures {
    let mut figures = BalanceFigures { current: None, closing: [None; SLOTS], negative_days: None };
    let mut negative = [false; NEGATIVE_WINDOW_DAYS];
    for &(c, i) in &scope.accounts {
        let Some(consent) = consents.get(c) else { continue };
        let Some(account) = consent.accounts.get(i) else { continue };
        let Some(available) = available_brl(account) else { continue };
        let history = AccountHistory::of(account, window);
        let mut after = history.later;
        for slot in (0..SLOTS).rev() {
            let closing = figures.closing[slot].get_or_insert(Decimal::ZERO);
            *closing += available - after;
            after += history.by_slot[slot];
        }
        *figures.current.get_or_insert(Decimal::ZERO) += available;
        history.mark_negative_days(available, window.today(), consent.from, &mut negative);
        figures.negative_days = Some(0);
    }
    if figures.negative_days.is_some() {
        figures.negative_days = Some(negative.iter().filter(|n| **n).count() as u32);
    }
    figures
}

fn available_brl(account: &Account) -> Option<Decimal> {
    let available = account.balances.as_ref()?.available;
    (available.currency == Currency::BRL).then(|| available.amount.decimal())
}

/// One account's booked entries summed by slot and by day.
struct AccountHistory {
    by_slot: [Decimal; SLOTS],
    /// Entries dated after today (booked with a future date: still inside today's balance).
    later: Decimal,
    /// Index `d`: the day `today − NEGATIVE_WINDOW_DAYS + d`.
    by_day: [Decimal; NEGATIVE_WINDOW_DAYS],
    /// Entries dated today or later: the balance now includes them.
    from_today: Decimal,
}

impl AccountHistory {
    fn of(account: &Account, window: &Window) -> AccountHistory {
        let mut h = AccountHistory {
            by_slot: [Decimal::ZERO; SLOTS],
            later: Decimal::ZERO,
            by_day: [Decimal::ZERO; NEGATIVE_WINDOW_DAYS],
            from_today: Decimal::ZERO,
        };
        let today = window.today();
        for t in account.transactions.iter().filter(|t| t.is_booked() && t.amount.currency == Currency::BRL) {
            let signed = t.signed().amount.decimal();
            let date = t.date();
            if date > today {
                h.later += signed;
            } else if let Some(slot) = window.slot(date) {
                h.by_slot[slot] += signed;
            }
            if date >= today {
                h.from_today += signed;
            } else if let Some(day) = day_index(today, date) {
                h.by_day[day] += signed;
            }
        }
        h
    }

    /// Walks back from yesterday: the end-of-day balance of day `d − 1` is that of day `d`
    /// minus day `d`'s entries.
    fn mark_negative_days(&self, available: Decimal, today: Date, history_from: Date, negative: &mut [bool]) {
        let mut end_of_day = available - self.from_today;
        for d in (0..NEGATIVE_WINDOW_DAYS).rev() {
            let day = today - Duration::days((NEGATIVE_WINDOW_DAYS - d) as i64);
            if day < history_from {
                break;
            }
            if end_of_day.is_sign_negative() && !end_of_day.is_zero() {
                negative[d] = true;
            }
            end_of_day -= self.by_day[d];
        }
    }
}

/// The position of `date` among the [`NEGATIVE_WINDOW_DAYS`] days before `today`.
fn day_index(today: Date, date: Date) -> Option<usize> {
    let back = (today - date).whole_days();
    let back = usize::try_from(back).ok().filter(|b| (1..=NEGATIVE_WINDOW_DAYS).contains(b))?;
    Some(NEGATIVE_WINDOW_DAYS - back)
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    #[test]
    fn day_index_covers_the_ninety_days_before_today() {
        let today = date!(2026 - 03 - 15);
        assert_eq!(day_index(today, date!(2026 - 03 - 14)), Some(89));
        assert_eq!(day_index(today, today - Duration::days(90)), Some(0));
        assert_eq!(day_index(today, today - Duration::days(91)), None);
        assert_eq!(day_index(today, today), None);
    }
}
