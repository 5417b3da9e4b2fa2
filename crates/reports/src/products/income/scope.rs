//! Which accounts, cards and contracts the income, insight and risk products read: each once.
//!
//! A user-level request may hold several consents of the same institution (an old consent and
//! its renewal) that share accounts. Summing both would count every salary twice, so a
//! resource seen under several consents of one institution is read from the most recently
//! fetched consent only.

use std::cmp::Reverse;

use ponte_domain::finance::{ConsentData, CreditFamily};
use time::{Date, OffsetDateTime};

/// Positions `(consent, item)` in [`crate::analysis::Analysis::consents`], ordered by
/// institution code then the bank's id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(in crate::products) struct Scope {
    pub accounts: Vec<(usize, usize)>,
    pub cards: Vec<(usize, usize)>,
    pub contracts: Vec<(usize, usize)>,
}

impl Scope {
    pub(in crate::products) fn of(consents: &[ConsentData]) -> Scope {
        Scope {
            accounts: distinct(consents, |c| c.accounts.iter().map(|a| (a.id.as_str(), None)).collect()),
            cards: distinct(consents, |c| c.cards.iter().map(|k| (k.id.as_str(), None)).collect()),
            // Contract ids are unique per API only: the family is part of the key.
            contracts: distinct(consents, |c| {
                c.contracts.iter().map(|k| (k.id.as_str(), Some(k.family))).collect()
            }),
        }
    }

    /// The date of the earliest booked transaction of the accounts in scope.
    pub(in crate::products) fn earliest_booked(&self, consents: &[ConsentData]) -> Option<Date> {
        self.accounts
            .iter()
            .filter_map(|&(c, a)| {
                let account = consents.get(c)?.accounts.get(a)?;
                account.transactions.iter().filter(|t| t.is_booked()).map(|t| t.date()).min()
            })
            .min()
    }
}

/// An item's id within its institution.
type ItemKey<'c> = (&'c str, Option<CreditFamily>);

/// One item seen under one consent, in the order that keeps the latest fetch first.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Sighting<'c> {
    institution: &'c str,
    key: ItemKey<'c>,
    latest_first: Reverse<OffsetDateTime>,
    consent_id: &'c str,
    position: (usize, usize),
}

/// Every item once, keyed by (institution, id), from the latest fetch.
fn distinct<'c>(
    consents: &'c [ConsentData],
    keys: impl Fn(&'c ConsentData) -> Vec<ItemKey<'c>>,
) -> Vec<(usize, usize)> {
    let mut all: Vec<Sighting<'c>> = consents
        .iter()
        .enumerate()
        .flat_map(|(c, consent)| {
            keys(consent).into_iter().enumerate().map(move |(i, key)| Sighting {
                institution: &consent.institution_code,
                key,
                latest_first: Reverse(consent.fetched_at),
                consent_id: &consent.consent_id,
                position: (c, i),
            })
        })
        .collect();
    all.sort();
    all.dedup_by(|later, kept| later.institution == kept.institution && later.key == kept.key);
    all.into_iter().map(|s| s.position).collect()
}

/// An institution whose data a report uses.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub(in crate::products) struct Institution<'a> {
    pub institution_code: &'a str,
    pub brand_name: &'a str,
}

impl Institution<'_> {
    /// Every institution of the consents once, ordered by code.
    pub(in crate::products) fn all(consents: &[ConsentData]) -> Vec<Institution<'_>> {
        let mut all: Vec<Institution<'_>> = consents
            .iter()
            .map(|c| Institution { institution_code: &c.institution_code, brand_name: &c.institution_name })
            .collect();
        all.sort();
        all.dedup_by(|later, kept| later.institution_code == kept.institution_code);
        all
    }
}
