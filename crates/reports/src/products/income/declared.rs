//! The income the customer declared to an institution (`informedIncome` of the personal
//! qualifications), converted to a month.

use ponte_domain::Money;
use ponte_domain::finance::ConsentData;
use rust_decimal::Decimal;
use serde::Serialize;

use super::window::Day;
use crate::products::liabilities::periodicity::Periodicity;

/// The declared income the product compares the estimate with.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DeclaredIncome<'a> {
    /// As declared, in the declared frequency.
    pub amount: Money,
    /// OFB `frequency` (`MENSAL`, `ANUAL`, …) as the institution sent it.
    pub frequency: Option<&'a str>,
    /// `amount` per month; `null` when the frequency is absent, `OUTROS` or unknown.
    pub monthly_amount: Option<Money>,
    pub date: Option<Day>,
    pub institution_code: &'a str,
    pub brand_name: &'a str,
}

impl DeclaredIncome<'_> {
    /// The monthly amount in reais, the one the ratio divides by.
    pub(super) fn monthly_brl(&self) -> Option<Decimal> {
        self.monthly_amount.filter(|m| m.currency == ponte_domain::Currency::BRL).map(|m| m.amount.decimal())
    }
}

/// The declaration to use when several institutions hold one: one with a monthly equivalent
/// first, then the most recently dated, then the most recently fetched, then the lowest
/// institution code (so the choice never depends on the order of the consents).
pub(super) fn declared_income(consents: &[ConsentData]) -> Option<DeclaredIncome<'_>> {
    consents
        .iter()
        .filter_map(|consent| {
            let informed = consent.personal.as_ref()?.informed_income.as_ref()?;
            let frequency = informed.frequency.as_deref();
            let monthly_amount =
                frequency.and_then(Periodicity::from_ofb).and_then(|p| p.monthly(informed.amount));
            let declared = DeclaredIncome {
                amount: informed.amount,
                frequency,
                monthly_amount,
                date: informed.date.map(Day),
                institution_code: &consent.institution_code,
                brand_name: &consent.institution_name,
            };
            Some((consent, declared))
        })
        .max_by(|(c1, d1), (c2, d2)| {
            let rank =
                |c: &ConsentData, d: &DeclaredIncome<'_>| (d.monthly_amount.is_some(), d.date, c.fetched_at);
            rank(c1, d1)
                .cmp(&rank(c2, d2))
                .then_with(|| c2.institution_code.cmp(&c1.institution_code))
                .then_with(|| c2.consent_id.cmp(&c1.consent_id))
        })
        .map(|(_, declared)| declared)
}
