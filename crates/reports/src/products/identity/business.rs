//! `pj_identity`'s body.

use ponte_domain::Money;
use ponte_domain::finance::{BusinessIdentity, ConsentData, EconomicActivity, Party};
use serde::Serialize;

use super::conflicts::{Compare, Conflict, FieldPicker};
use super::contacts::{AddressView, Contacts, EmailView, PhoneView};
use super::lists::{CnpjView, DocumentView, companies, documents};
use super::merge::{Mergeable, merged};
use super::text::{alphanumeric, comparable};
use super::{DeclaredAmount, RelationshipView, SourceView, sources_of};
use crate::products::liabilities::wire::{Day, Ratio};

/// `{"identity": {...}}`; `identity` is `null` when no consent carries business data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body<'a> {
    identity: Option<BusinessView<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct BusinessView<'a> {
    company_name: Option<&'a str>,
    trade_name: Option<&'a str>,
    incorporation_date: Option<Day>,
    cnpj: Option<&'a str>,
    companies_cnpj: Vec<CnpjView<'a>>,
    documents: Vec<DocumentView<'a>>,
    parties: Vec<PartyView<'a>>,
    economic_activities: Vec<ActivityView<'a>>,
    informed_revenue: Option<DeclaredAmount<'a>>,
    monthly_informed_revenue: Option<Money>,
    informed_patrimony: Option<DeclaredAmount<'a>>,
    addresses: Vec<AddressView<'a>>,
    phones: Vec<PhoneView<'a>>,
    emails: Vec<EmailView<'a>>,
    relationships: Vec<RelationshipView<'a>>,
    sources: Vec<SourceView<'a>>,
    conflicts: Vec<Conflict<'a>>,
}

/// A partner or administrator.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct PartyView<'a> {
    /// `PESSOA_NATURAL` or `PESSOA_JURIDICA`.
    person_type: &'a str,
    /// `SOCIO` or `ADMINISTRADOR`.
    #[serde(rename = "type")]
    kind: &'a str,
    name: &'a str,
    document_type: Option<&'a str>,
    document_number: Option<&'a str>,
    /// Share of the company as a fraction, four decimals (`0.5000`).
    shareholding: Option<Ratio>,
    start_date: Option<Day>,
}

impl<'a> PartyView<'a> {
    fn of(party: &'a Party) -> Self {
        PartyView {
            person_type: &party.person_type,
            kind: &party.kind,
            name: &party.name,
            document_type: party.document_type.as_deref(),
            document_number: party.document_number.as_deref(),
            shareholding: party.shareholding.map(Ratio),
            start_date: party.start_date.map(Day),
        }
    }
}

impl Mergeable for PartyView<'_> {
    /// Role and person: the document number when there is one, else the name.
    type Key = (String, String);

    fn key(&self) -> Self::Key {
        let document = self.document_number.map(alphanumeric).filter(|d| !d.is_empty());
        (comparable(self.kind), document.unwrap_or_else(|| comparable(self.name)))
    }
}

/// A CNAE code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct ActivityView<'a> {
    code: &'a str,
    /// Main activity at any institution.
    is_main: bool,
}

impl Mergeable for ActivityView<'_> {
    type Key = String;

    fn key(&self) -> String {
        alphanumeric(self.code)
    }

    fn absorb(&mut self, repeat: Self) {
        self.is_main |= repeat.is_main;
    }
}

pub(super) fn build(consents: &[ConsentData]) -> Body<'_> {
    let sources = sources_of(consents, |c| c.business.as_ref());
    if sources.is_empty() {
        return Body { identity: None };
    }
    let mut field = FieldPicker::new(&sources);
    let company_name = field.text("companyName", Compare::Text, |b| Some(&b.company_name));
    let trade_name = field.text("tradeName", Compare::Text, |b| b.trade_name.as_deref());
    let incorporation_date = field.pick(
        "incorporationDate",
        Compare::Exact,
        |b| b.incorporation_date.map(Day),
        ToString::to_string,
    );
    let cnpj = field.text("cnpj", Compare::Code, |b| b.cnpj.as_deref());
    // Only for `conflicts`: the list below keeps every institution's activities.
    field.text("mainEconomicActivity", Compare::Code, |b| main_activity(&b.economic_activities));
    let informed_revenue = field.pick(
        "informedRevenue",
        Compare::Exact,
        |b| b.informed_revenue.as_ref().map(DeclaredAmount::of),
        DeclaredAmount::text,
    );
    let informed_patrimony = field.pick(
        "informedPatrimony",
        Compare::Exact,
        |b| b.informed_patrimony.as_ref().map(DeclaredAmount::of),
        DeclaredAmount::text,
    );
    let conflicts = field.into_conflicts();

    let Contacts { addresses, phones, emails } =
        Contacts::of_sources(&sources, |d: &BusinessIdentity| (&d.addresses, &d.phones, &d.emails));
    let mut economic_activities: Vec<ActivityView<'_>> = merged(
        sources
            .iter()
            .flat_map(|s| &s.data.economic_activities)
            .filter(|a| !a.code.trim().is_empty())
            .map(|a| ActivityView { code: &a.code, is_main: a.is_main }),
    );
    // Main first; otherwise first-seen order (the sort is stable).
    economic_activities.sort_by_key(|a| !a.is_main);
    let identity = BusinessView {
        company_name,
        trade_name,
        incorporation_date,
        cnpj,
        companies_cnpj: companies(&sources, |b: &BusinessIdentity| &b.companies_cnpj),
        documents: documents(&sources, |b: &BusinessIdentity| &b.documents),
        parties: merged(sources.iter().flat_map(|s| &s.data.parties).map(PartyView::of)),
        economic_activities,
        monthly_informed_revenue: informed_revenue.as_ref().and_then(DeclaredAmount::monthly),
        informed_revenue,
        informed_patrimony,
        addresses,
        phones,
        emails,
        relationships: RelationshipView::all(&sources, |b: &BusinessIdentity| b.relationship.as_ref()),
        sources: sources.iter().map(SourceView::of).collect(),
        conflicts,
    };
    Body { identity: Some(identity) }
}

fn main_activity(activities: &[EconomicActivity]) -> Option<&str> {
    activities.iter().find(|a| a.is_main).map(|a| a.code.as_str())
}
