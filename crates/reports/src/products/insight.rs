//! `pf_financial_insight`, `pj_financial_insight`: what the accounts and cards say about how a
//! person or a company manages money — monthly cash flow and balances, spending by category,
//! negative-balance days, overdraft interest, fees, late charges, card use, betting and debt
//! service; for a company also revenue and its concentration, card-acquirer receivables,
//! payroll, taxes, burn and runway.
//!
//! The figures are computed once ([`figures::Figures`]) and shared with the risk score.
//! Formulas and fields: `docs/products/pf_financial_insight.md`, `pj_financial_insight.md`.

mod balances;
mod cards;
mod debt;
pub(in crate::products) mod figures;
mod output;
mod revenue;
mod spending;
#[cfg(test)]
pub(crate) mod test_data;

use ponte_domain::Audience;

use self::figures::Figures;
pub use self::output::{BusinessBody, PersonalBody};
use crate::analysis::Analysis;

pub fn personal<'a>(a: &Analysis<'a>) -> PersonalBody<'a> {
    output::personal(&Figures::compute(a, Audience::Personal))
}

pub fn business<'a>(a: &Analysis<'a>) -> BusinessBody<'a> {
    output::business(&Figures::compute(a, Audience::Business))
}
