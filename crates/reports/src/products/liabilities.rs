//! `pf_liabilities`, `pj_liabilities`: every credit contract of every consent in scope (loans,
//! financings, invoice financings, unarranged overdraft) with its schedule, rates, payments and
//! monthly debt service, and the totals a credit analyst starts from.
//!
//! Credit-card debt is not here: cards have their own products (`pf_credit_card`, …).
//! Formulas and field definitions: `docs/products/pf_liabilities.md`.

mod contract;
pub(crate) mod periodicity;
mod schedule;
#[cfg(test)]
pub(crate) mod test_data;
pub(crate) mod wire;

use std::cmp::Reverse;

use ponte_domain::finance::{ConsentData, Contract, CreditFamily};
use ponte_domain::{Currency, Money};
use serde::Serialize;
use time::OffsetDateTime;

use self::contract::ContractView;
use crate::analysis::Analysis;
use crate::products::support::{brl, sum};

/// The product's body: `{"liabilities": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body<'a> {
    liabilities: Liabilities<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Liabilities<'a> {
    contracts: Vec<ContractView<'a>>,
    totals: Totals,
}

/// Sums over `contracts`. Money totals are in BRL and add the BRL amounts only.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Totals {
    contracts_count: usize,
    total_outstanding: Money,
    total_monthly_debt_service: Money,
    past_due_instalments: u64,
    contracts_with_past_due: usize,
}

pub fn build<'a>(a: &Analysis<'a>) -> Body<'a> {
    let contracts: Vec<ContractView<'a>> =
        distinct_contracts(a.consents).into_iter().map(|(c, k)| ContractView::of(c, k, a.today)).collect();
    let totals = Totals::of(&contracts);
    Body { liabilities: Liabilities { contracts, totals } }
}

/// Every contract once, ordered by (institution, contract id, family). A contract seen under
/// several consents of the same institution (an old and a renewed consent) is taken from the
/// most recently fetched one, so its debt is not counted twice.
fn distinct_contracts(consents: &[ConsentData]) -> Vec<(&ConsentData, &Contract)> {
    let mut all: Vec<(&ConsentData, &Contract)> =
        consents.iter().flat_map(|c| c.contracts.iter().map(move |k| (c, k))).collect();
    all.sort_by(|x, y| order(x).cmp(&order(y)));
    all.dedup_by(|(c2, k2), (c1, k1)| {
        c1.institution_code == c2.institution_code && k1.id == k2.id && k1.family == k2.family
    });
    all
}

/// Institution, contract id and family, then the newest fetch first.
fn order<'a>(
    &(consent, contract): &(&'a ConsentData, &'a Contract),
) -> (&'a str, &'a str, CreditFamily, Reverse<OffsetDateTime>, &'a str) {
    (
        &consent.institution_code,
        &contract.id,
        contract.family,
        Reverse(consent.fetched_at),
        &consent.consent_id,
    )
}

impl Totals {
    fn of(contracts: &[ContractView<'_>]) -> Totals {
        let in_brl = |m: &&Money| m.currency == Currency::BRL;
        let past_due = |c: &ContractView<'_>| c.instalments.as_ref().and_then(|i| i.past_due).unwrap_or(0);
        Totals {
            contracts_count: contracts.len(),
            total_outstanding: brl(sum(contracts
                .iter()
                .filter_map(|c| c.outstanding_balance.as_ref())
                .filter(in_brl))),
            total_monthly_debt_service: brl(sum(contracts
                .iter()
                .filter_map(|c| c.monthly_debt_service.as_ref())
                .filter(in_brl))),
            past_due_instalments: contracts.iter().map(|c| u64::from(past_due(c))).sum(),
            contracts_with_past_due: contracts.iter().filter(|c| past_due(c) > 0).count(),
        }
    }
}
