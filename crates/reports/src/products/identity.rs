//! `pf_identity`, `pj_identity`: the registration data every institution in scope holds about
//! the customer, as one identity: scalar fields from the source with the highest priority,
//! lists merged without repeats, and the fields institutions disagree on named in `conflicts`.
//!
//! Sources are the consents that carry registration data, most recently fetched first (the
//! freshest registration wins), then by institution code and consent id so the order never
//! depends on the input's. Formulas and field definitions: `docs/products/pf_identity.md` and
//! `docs/products/pj_identity.md`.

mod business;
mod conflicts;
mod contacts;
mod lists;
mod merge;
mod personal;
mod text;

use std::cmp::Reverse;

use ponte_domain::Money;
use ponte_domain::finance::{ConsentData, InformedAmount, Relationship};
use serde::Serialize;

use super::liabilities::periodicity::Periodicity;
use super::liabilities::wire::{Day, UtcSecond};
use crate::analysis::Analysis;

/// `pf_identity`: `{"identity": {...}}`, `null` when no consent carries personal data.
pub fn personal<'a>(a: &Analysis<'a>) -> personal::Body<'a> {
    personal::build(a.consents)
}

/// `pj_identity`: `{"identity": {...}}`, `null` when no consent carries business data.
pub fn business<'a>(a: &Analysis<'a>) -> business::Body<'a> {
    business::build(a.consents)
}

/// One consent's registration data (`T` is a personal or business identity).
struct Sourced<'a, T> {
    consent: &'a ConsentData,
    data: &'a T,
}

/// The consents with registration data, in priority order.
fn sources_of<'a, T>(
    consents: &'a [ConsentData],
    data: impl Fn(&'a ConsentData) -> Option<&'a T>,
) -> Vec<Sourced<'a, T>> {
    let mut sources: Vec<Sourced<'a, T>> =
        consents.iter().filter_map(|consent| Some(Sourced { consent, data: data(consent)? })).collect();
    sources
        .sort_by_key(|s| (Reverse(s.consent.fetched_at), &s.consent.institution_code, &s.consent.consent_id));
    sources
}

/// Where the identity's data came from, in priority order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct SourceView<'a> {
    institution_code: &'a str,
    brand_name: &'a str,
    consent_id: &'a str,
    /// When the data was fetched.
    fetched_at: UtcSecond,
}

impl<'a> SourceView<'a> {
    fn of<T>(source: &Sourced<'a, T>) -> Self {
        let consent = source.consent;
        SourceView {
            institution_code: &consent.institution_code,
            brand_name: &consent.institution_name,
            consent_id: &consent.consent_id,
            fetched_at: UtcSecond(consent.fetched_at),
        }
    }
}

/// A declared amount (income, revenue, patrimony) as the institution holds it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct DeclaredAmount<'a> {
    amount: Money,
    /// `DIARIA` … `ANUAL`, `OUTROS`; absent for patrimony.
    frequency: Option<&'a str>,
    date: Option<Day>,
    year: Option<i32>,
}

impl<'a> DeclaredAmount<'a> {
    fn of(declared: &'a InformedAmount) -> Self {
        DeclaredAmount {
            amount: declared.amount,
            frequency: declared.frequency.as_deref(),
            date: declared.date.map(Day),
            year: declared.year,
        }
    }

    /// The amount per month, by its frequency (`OUTROS` and no frequency: none).
    fn monthly(&self) -> Option<Money> {
        Periodicity::from_ofb(self.frequency?)?.monthly(self.amount)
    }

    /// As `conflicts` show it: `BRL 5000.0000 MENSAL`.
    fn text(&self) -> String {
        match self.frequency {
            Some(frequency) => format!("{} {frequency}", self.amount),
            None => self.amount.to_string(),
        }
    }
}

/// The customer's relationship with one institution (OFB financial relations).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct RelationshipView<'a> {
    institution_code: &'a str,
    brand_name: &'a str,
    start_date: Option<Day>,
    /// `productsServicesType` (`CONTA_DEPOSITO_A_VISTA`, `CARTAO_CREDITO`, …).
    products_services: &'a [String],
    procurators: &'a [String],
}

impl<'a> RelationshipView<'a> {
    /// The relationship of every source that has one, in priority order.
    fn all<T>(
        sources: &[Sourced<'a, T>],
        relationship: impl Fn(&'a T) -> Option<&'a Relationship>,
    ) -> Vec<Self> {
        sources
            .iter()
            .filter_map(|s| {
                let r = relationship(s.data)?;
                Some(RelationshipView {
                    institution_code: &s.consent.institution_code,
                    brand_name: &s.consent.institution_name,
                    start_date: r.start_date.map(Day),
                    products_services: &r.products_services,
                    procurators: &r.procurators,
                })
            })
            .collect()
    }
}
