//! A consent builder for the unit tests of the identity, liabilities and investment products.

use ponte_domain::Money;
use ponte_domain::finance::ConsentData;
use time::OffsetDateTime;
use time::macros::date;

pub(crate) fn brl(text: &str) -> Money {
    Money::brl(text.parse().unwrap_or_default())
}

/// A consent with nothing in it, fetched at `fetched_at`.
pub(crate) fn consent(institution: &str, id: &str, fetched_at: OffsetDateTime) -> ConsentData {
    ConsentData {
        consent_id: id.into(),
        institution_code: institution.into(),
        institution_name: format!("Banco {institution}"),
        permissions_granted: vec![],
        fetched_at,
        from: date!(2025 - 03 - 15),
        to: date!(2026 - 03 - 15),
        resources: vec![],
        accounts: vec![],
        cards: vec![],
        contracts: vec![],
        investments: vec![],
        personal: None,
        business: None,
        missing: vec![],
    }
}
