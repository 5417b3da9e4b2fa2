//! Income sources: the income credits grouped by payer and type.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use ponte_domain::Money;
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use super::window::{Day, LAST_SIX, SLOTS};
use super::{IncomeCredit, IncomeType};
use crate::products::support::brl;

/// Present in at least this many of the last six full months makes a source `regular`.
pub(super) const REGULAR_MONTHS: u32 = 5;

/// One payer of one type of income.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Source<'a> {
    /// The counterparty's CPF/CNPJ; `null` when the bank did not send one (then the source is
    /// grouped by its name).
    pub payer_tax_id: Option<&'a str>,
    /// The recognised brand, else the statement name without its transfer words.
    pub payer_name: &'a str,
    #[serde(rename = "type")]
    pub kind: IncomeType,
    /// Calendar months of the window (12 full months and the current one) with a payment.
    pub months_present: u32,
    pub transaction_count: u32,
    pub total_amount: Money,
    /// `totalAmount / monthsPresent`: what it pays in a month it pays.
    pub average_amount: Money,
    pub last_date: Day,
    pub regular: bool,
}

/// How a source is told apart: the payer's tax id, else its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PayerKey<'a> {
    TaxId(&'a str),
    Name(&'a str),
}

#[derive(Debug)]
struct Tally<'a> {
    total: Decimal,
    count: u32,
    /// Bit `s` set: a payment in slot `s`.
    slots: u16,
    /// The latest payment (date, transaction id) and the name it was printed with.
    latest: (Date, &'a str),
    name: &'a str,
}

pub(super) fn sources<'a>(income: impl Iterator<Item = IncomeCredit<'a>>) -> Vec<Source<'a>> {
    let mut tallies: BTreeMap<(PayerKey<'a>, IncomeType), Tally<'a>> = BTreeMap::new();
    for entry in income {
        let key = entry.tax_id.map_or(PayerKey::Name(entry.payer_name), PayerKey::TaxId);
        let latest = (entry.date, entry.id);
        let tally = tallies.entry((key, entry.kind)).or_insert(Tally {
            total: Decimal::ZERO,
            count: 0,
            slots: 0,
            latest,
            name: entry.payer_name,
        });
        tally.total += entry.amount;
        tally.count += 1;
        tally.slots |= 1 << entry.slot.min(SLOTS - 1);
        if latest >= tally.latest {
            tally.latest = latest;
            tally.name = entry.payer_name;
        }
    }
    let last_six_mask: u16 = LAST_SIX.fold(0, |mask, slot| mask | 1 << slot);
    let mut sources: Vec<Source<'a>> = tallies
        .into_iter()
        .map(|((key, kind), t)| {
            let months_present = t.slots.count_ones();
            Source {
                payer_tax_id: match key {
                    PayerKey::TaxId(id) => Some(id),
                    PayerKey::Name(_) => None,
                },
                payer_name: t.name,
                kind,
                months_present,
                transaction_count: t.count,
                total_amount: brl(t.total),
                // At least one month: a tally exists only with a payment.
                average_amount: brl(t.total / Decimal::from(months_present.max(1))),
                last_date: Day(t.latest.0),
                regular: (t.slots & last_six_mask).count_ones() >= REGULAR_MONTHS,
            }
        })
        .collect();
    sources.sort_by(|x, y| {
        (Reverse(x.total_amount.amount), x.kind, x.payer_tax_id, x.payer_name).cmp(&(
            Reverse(y.total_amount.amount),
            y.kind,
            y.payer_tax_id,
            y.payer_name,
        ))
    });
    sources
}
