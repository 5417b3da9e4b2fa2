//! A company's revenue: client payments (`Revenue`) and card-acquirer settlements
//! (`CardAcquirer`), by month and by payer, and how concentrated it is.
//!
//! Concentration counts payers by tax id. Two kinds of revenue have no single payer and are
//! kept apart: card-acquirer settlements (an acquirer passes on many card customers' payments,
//! so a shop paid through Cielo does not depend on Cielo the way a consultancy depends on its
//! one client) and credits without a tax id ("unidentified"). Both stay in total revenue, the
//! denominator of every share.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use ponte_domain::Money;
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use crate::analysis::AccountEntry;
use crate::categorise::Role;
use crate::products::income::numbers::{Fixed4, mean, share, stability};
use crate::products::income::payer::payer_name;
use crate::products::income::window::{FULL_MONTHS, History, LAST_SIX, SLOTS};
use crate::products::support::{brl, median};

/// Payers listed by name in the concentration.
pub(super) const TOP_PAYERS: usize = 5;

/// Whether a credit with this role is revenue.
pub(super) fn is_revenue(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Revenue | Role::CardAcquirer))
}

#[derive(Clone, Debug, Default, PartialEq)]
pub(in crate::products) struct RevenueFigures<'a> {
    pub monthly: [Decimal; SLOTS],
    /// Full months only, by tax id.
    payers: BTreeMap<&'a str, Payer<'a>>,
    pub unidentified: Decimal,
    pub card_acquirers: Decimal,
}

#[derive(Clone, Debug, PartialEq)]
struct Payer<'a> {
    amount: Decimal,
    latest: (Date, &'a str),
    name: &'a str,
}

impl<'a> RevenueFigures<'a> {
    pub(super) fn add(&mut self, slot: usize, entry: &AccountEntry<'a>, amount: Decimal) {
        self.monthly[slot] += amount;
        if slot >= FULL_MONTHS {
            return;
        }
        let t = entry.transaction;
        let tax_id = t
            .counterparty
            .as_ref()
            .and_then(|p| p.tax_id.as_deref())
            .map(str::trim)
            .filter(|id| !id.is_empty());
        match (entry.category.role(), tax_id) {
            (Some(Role::CardAcquirer), _) => self.card_acquirers += amount,
            (_, None) => self.unidentified += amount,
            (_, Some(id)) => {
                let latest = (t.date(), t.id.as_str());
                let name = entry.category.brand.unwrap_or_else(|| payer_name(&t.name));
                let payer = self.payers.entry(id).or_insert(Payer { amount: Decimal::ZERO, latest, name });
                payer.amount += amount;
                if latest >= payer.latest {
                    payer.latest = latest;
                    payer.name = name;
                }
            }
        }
    }

    /// Revenue of the 12 full months.
    pub(in crate::products) fn total(&self) -> Decimal {
        self.monthly[..FULL_MONTHS].iter().sum()
    }

    fn covered(&self, history: &History, slots: std::ops::Range<usize>) -> Vec<Decimal> {
        history.covered(slots).map(|slot| self.monthly[slot]).collect()
    }

    /// The median of the covered months among the last six full months.
    pub(in crate::products) fn estimated_monthly(&self, history: &History) -> Option<Decimal> {
        median(self.covered(history, LAST_SIX))
    }

    pub(in crate::products) fn average_monthly(&self, history: &History) -> Option<Decimal> {
        mean(&self.covered(history, 0..FULL_MONTHS))
    }

    pub(in crate::products) fn stability(&self, history: &History) -> Option<Decimal> {
        stability(&self.covered(history, LAST_SIX))
    }

    /// The identified payers by amount, largest first (ties by tax id).
    fn ranked(&self) -> Vec<(&'a str, &Payer<'a>)> {
        let mut ranked: Vec<(&'a str, &Payer<'a>)> = self.payers.iter().map(|(id, p)| (*id, p)).collect();
        ranked.sort_by(|x, y| (Reverse(x.1.amount), x.0).cmp(&(Reverse(y.1.amount), y.0)));
        ranked
    }

    /// The largest payer's share of revenue; `None` without revenue.
    pub(in crate::products) fn largest_payer_share(&self) -> Option<Decimal> {
        let largest = self.ranked().first().map_or(Decimal::ZERO, |(_, p)| p.amount);
        share(largest, self.total())
    }

    pub(super) fn concentration(&self) -> Concentration<'a> {
        let total = self.total();
        let ranked = self.ranked();
        let top: Vec<PayerShare<'a>> = ranked
            .iter()
            .take(TOP_PAYERS)
            .map(|(id, p)| PayerShare {
                payer_tax_id: id,
                payer_name: p.name,
                amount: brl(p.amount),
                share: share(p.amount, total).map(Fixed4::new),
            })
            .collect();
        let top_amount: Decimal = ranked.iter().take(TOP_PAYERS).map(|(_, p)| p.amount).sum();
        Concentration {
            top5_payer_share: share(top_amount, total).map(Fixed4::new),
            largest_payer_share: self.largest_payer_share().map(Fixed4::new),
            identified_payers: ranked.len(),
            top_payers: top,
            card_acquirer_amount: brl(self.card_acquirers),
            unidentified_amount: brl(self.unidentified),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Concentration<'a> {
    /// Σ the five largest identified payers ÷ total revenue.
    #[serde(rename = "top5PayerShare")]
    pub top5_payer_share: Option<Fixed4>,
    pub largest_payer_share: Option<Fixed4>,
    pub identified_payers: usize,
    pub top_payers: Vec<PayerShare<'a>>,
    pub card_acquirer_amount: Money,
    pub unidentified_amount: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PayerShare<'a> {
    pub payer_tax_id: &'a str,
    pub payer_name: &'a str,
    pub amount: Money,
    pub share: Option<Fixed4>,
}
