//! Lists both identities have besides contacts: other documents and the CNPJs of the
//! institution's group the customer relates to.

use ponte_domain::finance::Document;
use serde::Serialize;

use super::Sourced;
use super::merge::{Mergeable, merged};
use super::text::alphanumeric;
use crate::products::liabilities::wire::Day;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DocumentView<'a> {
    /// `CNH`, `RG`, `NIF`, `RNE`, `PASSAPORTE`, `OUTROS`, …
    #[serde(rename = "type")]
    pub kind: &'a str,
    pub number: &'a str,
    pub country: Option<&'a str>,
    pub expiration_date: Option<Day>,
}

impl Mergeable for DocumentView<'_> {
    /// Type and number, letters and digits only.
    type Key = (String, String);

    fn key(&self) -> Self::Key {
        (alphanumeric(self.kind), alphanumeric(self.number))
    }
}

/// Every source's documents, merged.
pub(super) fn documents<'a, T>(
    sources: &[Sourced<'a, T>],
    of: impl Fn(&'a T) -> &'a [Document],
) -> Vec<DocumentView<'a>> {
    merged(sources.iter().flat_map(|s| of(s.data)).map(|d| DocumentView {
        kind: &d.kind,
        number: &d.number,
        country: d.country.as_deref(),
        expiration_date: d.expiration_date.map(Day),
    }))
}

/// A CNPJ as sent, compared by its letters and digits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub(super) struct CnpjView<'a>(pub &'a str);

impl Mergeable for CnpjView<'_> {
    type Key = String;

    fn key(&self) -> String {
        alphanumeric(self.0)
    }
}

/// Every source's `companiesCnpj`, merged.
pub(super) fn companies<'a, T>(
    sources: &[Sourced<'a, T>],
    of: impl Fn(&'a T) -> &'a [String],
) -> Vec<CnpjView<'a>> {
    merged(sources.iter().flat_map(|s| of(s.data)).filter(|c| !c.trim().is_empty()).map(|c| CnpjView(c)))
}
