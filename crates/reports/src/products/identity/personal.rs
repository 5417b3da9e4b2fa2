//! `pf_identity`'s body.

use ponte_domain::Money;
use ponte_domain::finance::{ConsentData, PersonalIdentity};
use serde::Serialize;

use super::conflicts::{Compare, Conflict, FieldPicker};
use super::contacts::{AddressView, Contacts, EmailView, PhoneView};
use super::lists::{CnpjView, DocumentView, companies, documents};
use super::merge::{Mergeable, merged};
use super::text::comparable;
use super::{DeclaredAmount, RelationshipView, SourceView, sources_of};
use crate::products::liabilities::wire::Day;

/// `{"identity": {...}}`; `identity` is `null` when no consent carries personal data.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body<'a> {
    identity: Option<PersonalView<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonalView<'a> {
    civil_name: Option<&'a str>,
    social_name: Option<&'a str>,
    birth_date: Option<Day>,
    cpf: Option<&'a str>,
    marital_status: Option<&'a str>,
    sex: Option<&'a str>,
    has_brazilian_nationality: Option<bool>,
    filiation: Vec<FiliationView<'a>>,
    documents: Vec<DocumentView<'a>>,
    companies_cnpj: Vec<CnpjView<'a>>,
    addresses: Vec<AddressView<'a>>,
    phones: Vec<PhoneView<'a>>,
    emails: Vec<EmailView<'a>>,
    occupation: Option<Occupation<'a>>,
    employer: Option<Employer<'a>>,
    informed_income: Option<DeclaredAmount<'a>>,
    monthly_informed_income: Option<Money>,
    informed_patrimony: Option<DeclaredAmount<'a>>,
    relationships: Vec<RelationshipView<'a>>,
    sources: Vec<SourceView<'a>>,
    conflicts: Vec<Conflict<'a>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct FiliationView<'a> {
    /// `MAE` or `PAI`.
    #[serde(rename = "type")]
    kind: &'a str,
    civil_name: &'a str,
}

impl Mergeable for FiliationView<'_> {
    type Key = (String, String);

    fn key(&self) -> Self::Key {
        (comparable(self.kind), comparable(self.civil_name))
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Occupation<'a> {
    /// `RECEITA_FEDERAL`, `CBO`, `OUTRO`.
    code_type: Option<&'a str>,
    description: Option<&'a str>,
}

impl Occupation<'_> {
    fn text(&self) -> String {
        [self.code_type, self.description].into_iter().flatten().collect::<Vec<_>>().join(": ")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Employer<'a> {
    name: Option<&'a str>,
    tax_id: Option<&'a str>,
}

impl Employer<'_> {
    fn text(&self) -> String {
        [self.name, self.tax_id].into_iter().flatten().collect::<Vec<_>>().join(" ")
    }
}

pub(super) fn build(consents: &[ConsentData]) -> Body<'_> {
    let sources = sources_of(consents, |c| c.personal.as_ref());
    if sources.is_empty() {
        return Body { identity: None };
    }
    let mut field = FieldPicker::new(&sources);
    let civil_name = field.text("civilName", Compare::Text, |p| Some(&p.civil_name));
    let social_name = field.text("socialName", Compare::Text, |p| p.social_name.as_deref());
    let birth_date = field.pick("birthDate", Compare::Exact, |p| p.birth_date.map(Day), ToString::to_string);
    let cpf = field.text("cpf", Compare::Code, |p| p.cpf.as_deref());
    let marital_status = field.text("maritalStatus", Compare::Code, |p| p.marital_status.as_deref());
    let sex = field.text("sex", Compare::Code, |p| p.sex.as_deref());
    let has_brazilian_nationality = field.pick(
        "hasBrazilianNationality",
        Compare::Exact,
        |p| p.has_brazilian_nationality,
        ToString::to_string,
    );
    // Pairs are taken whole from one source, never a code from one and a description from another.
    let occupation = field.pick("occupation", Compare::Text, occupation_of, Occupation::text);
    let employer = field.pick("employer", Compare::Text, employer_of, Employer::text);
    let informed_income = field.pick(
        "informedIncome",
        Compare::Exact,
        |p| p.informed_income.as_ref().map(DeclaredAmount::of),
        DeclaredAmount::text,
    );
    let informed_patrimony = field.pick(
        "informedPatrimony",
        Compare::Exact,
        |p| p.informed_patrimony.as_ref().map(DeclaredAmount::of),
        DeclaredAmount::text,
    );
    let conflicts = field.into_conflicts();

    let Contacts { addresses, phones, emails } =
        Contacts::of_sources(&sources, |d: &PersonalIdentity| (&d.addresses, &d.phones, &d.emails));
    let filiation = merged(
        sources
            .iter()
            .flat_map(|s| &s.data.filiation)
            .filter(|(_, name)| !name.trim().is_empty())
            .map(|(kind, civil_name)| FiliationView { kind, civil_name }),
    );
    let identity = PersonalView {
        civil_name,
        social_name,
        birth_date,
        cpf,
        marital_status,
        sex,
        has_brazilian_nationality,
        filiation,
        documents: documents(&sources, |p: &PersonalIdentity| &p.documents),
        companies_cnpj: companies(&sources, |p: &PersonalIdentity| &p.companies_cnpj),
        addresses,
        phones,
        emails,
        occupation,
        employer,
        monthly_informed_income: informed_income.as_ref().and_then(DeclaredAmount::monthly),
        informed_income,
        informed_patrimony,
        relationships: RelationshipView::all(&sources, |p: &PersonalIdentity| p.relationship.as_ref()),
        sources: sources.iter().map(SourceView::of).collect(),
        conflicts,
    };
    Body { identity: Some(identity) }
}

fn occupation_of(p: &PersonalIdentity) -> Option<Occupation<'_>> {
    let code_type = p.occupation_code.as_deref().and_then(super::text::non_blank);
    let description = p.occupation_description.as_deref().and_then(super::text::non_blank);
    (code_type.is_some() || description.is_some()).then_some(Occupation { code_type, description })
}

fn employer_of(p: &PersonalIdentity) -> Option<Employer<'_>> {
    let name = p.employer_name.as_deref().and_then(super::text::non_blank);
    let tax_id = p.employer_tax_id.as_deref().and_then(super::text::non_blank);
    (name.is_some() || tax_id.is_some()).then_some(Employer { name, tax_id })
}
