//! Customers v2 (`/open-banking/customers/v2`): a person's or a company's identification,
//! qualification and financial relations, merged into one identity.
//!
//! Each reader returns the value and how many of its sub-items (addresses, phones, documents,
//! partners…) were malformed and skipped.

use super::{
    CODE_CHARS, NAME_CHARS, NUMBER_CHARS, Parsed, count, data_items, date, decimal, flag, items, money, text,
    texts,
};
use ponte_domain::finance::{
    Address, BusinessIdentity, Document, EconomicActivity, InformedAmount, Party, PersonalIdentity,
    PhoneNumber, Relationship,
};
use serde_json::Value;
use std::sync::Arc;

/// E-mail addresses are at most 320 characters (RFC 5321 limits).
const EMAIL_CHARS: usize = 320;

/// The first identification of `GET /personal/identifications` (the list has one per brand of
/// the institution; they describe the same person). `None` without a civil name.
pub(crate) fn personal_identification(pages: &[Arc<Value>]) -> Option<(PersonalIdentity, usize)> {
    let item = data_items(pages).next()?;
    let documents_of = item.get("documents");
    let mut documents = other_documents(item);
    if let Some(passport) = documents_of.and_then(|d| d.get("passport")).filter(|p| p.is_object()) {
        match text(passport, "number", NUMBER_CHARS) {
            Some(number) => documents.items.push(Document {
                kind: "PASSAPORTE".to_owned(),
                number,
                country: text(passport, "country", CODE_CHARS),
                expiration_date: date(passport, "expirationDate"),
            }),
            None => documents.malformed += 1,
        }
    }
    let filiation = Parsed::from_items(items(item, "filiation"), |f| {
        Some((text(f, "type", CODE_CHARS)?, text(f, "civilName", NAME_CHARS)?))
    });
    let contacts = Contacts::of(item);
    let malformed = documents.malformed + filiation.malformed + contacts.malformed();
    let identity = PersonalIdentity {
        civil_name: text(item, "civilName", NAME_CHARS)?,
        social_name: text(item, "socialName", NAME_CHARS),
        birth_date: date(item, "birthDate"),
        cpf: documents_of.and_then(|d| text(d, "cpfNumber", NUMBER_CHARS)),
        marital_status: text(item, "maritalStatusCode", CODE_CHARS),
        sex: text(item, "sex", CODE_CHARS),
        has_brazilian_nationality: flag(item, "hasBrazilianNationality"),
        filiation: filiation.items,
        documents: documents.items,
        companies_cnpj: texts(item, "companiesCnpj", NUMBER_CHARS),
        addresses: contacts.addresses.items,
        phones: contacts.phones.items,
        emails: contacts.emails.items,
        ..PersonalIdentity::default()
    };
    Some((identity, malformed))
}

/// Adds `GET /personal/qualifications`. `None` when the answer is not an object; else how many
/// of its amounts were malformed.
pub(crate) fn apply_personal_qualification(identity: &mut PersonalIdentity, data: &Value) -> Option<usize> {
    if !data.is_object() {
        return None;
    }
    identity.occupation_code = text(data, "occupationCode", CODE_CHARS);
    identity.occupation_description = text(data, "occupationDescription", NAME_CHARS);
    identity.employer_name = text(data, "employerName", NAME_CHARS);
    identity.employer_tax_id = text(data, "employerCnpjCpf", NUMBER_CHARS);
    let (income, bad_income) = informed(data, "informedIncome");
    let (patrimony, bad_patrimony) = informed(data, "informedPatrimony");
    identity.informed_income = income;
    identity.informed_patrimony = patrimony;
    Some(usize::from(bad_income) + usize::from(bad_patrimony))
}

/// `GET /personal/financial-relations` or `/business/financial-relations`.
pub(crate) fn relationship(data: &Value) -> Option<Relationship> {
    if !data.is_object() {
        return None;
    }
    Some(Relationship {
        start_date: date(data, "startDate"),
        products_services: texts(data, "productsServicesType", CODE_CHARS),
        procurators: items(data, "procurators").filter_map(|p| text(p, "civilName", NAME_CHARS)).collect(),
    })
}

/// The first identification of `GET /business/identifications`. `None` without a company name.
pub(crate) fn business_identification(pages: &[Arc<Value>]) -> Option<(BusinessIdentity, usize)> {
    let item = data_items(pages).next()?;
    let documents = other_documents(item);
    let parties = Parsed::from_items(items(item, "parties"), |p| {
        let name = ["civilName", "companyName", "socialName", "tradeName"]
            .into_iter()
            .find_map(|key| text(p, key, NAME_CHARS))?;
        Some(Party {
            person_type: text(p, "personType", CODE_CHARS)?,
            kind: text(p, "type", CODE_CHARS)?,
            name,
            document_type: text(p, "documentType", CODE_CHARS),
            document_number: text(p, "documentNumber", NUMBER_CHARS),
            shareholding: decimal(p, "shareholding"),
            start_date: date(p, "startDate"),
        })
    });
    let contacts = Contacts::of(item);
    let malformed = documents.malformed + parties.malformed + contacts.malformed();
    let identity = BusinessIdentity {
        company_name: text(item, "companyName", NAME_CHARS)?,
        trade_name: text(item, "tradeName", NAME_CHARS),
        incorporation_date: date(item, "incorporationDate"),
        cnpj: text(item, "cnpjNumber", NUMBER_CHARS),
        companies_cnpj: texts(item, "companiesCnpj", NUMBER_CHARS),
        documents: documents.items,
        parties: parties.items,
        addresses: contacts.addresses.items,
        phones: contacts.phones.items,
        emails: contacts.emails.items,
        ..BusinessIdentity::default()
    };
    Some((identity, malformed))
}

/// Adds `GET /business/qualifications`. `None` when the answer is not an object; else how many
/// of its items were malformed.
pub(crate) fn apply_business_qualification(identity: &mut BusinessIdentity, data: &Value) -> Option<usize> {
    if !data.is_object() {
        return None;
    }
    let activities = Parsed::from_items(items(data, "economicActivities"), |a| {
        let code = text(a, "code", NUMBER_CHARS)?;
        Some(EconomicActivity { code, is_main: flag(a, "isMain").unwrap_or(false) })
    });
    identity.economic_activities = activities.items;
    let (revenue, bad_revenue) = informed(data, "informedRevenue");
    let (patrimony, bad_patrimony) = informed(data, "informedPatrimony");
    identity.informed_revenue = revenue;
    identity.informed_patrimony = patrimony;
    Some(activities.malformed + usize::from(bad_revenue) + usize::from(bad_patrimony))
}

/// A declared amount (`informedIncome`, `informedRevenue`, `informedPatrimony`) and whether it
/// was there but unusable.
fn informed(data: &Value, key: &str) -> (Option<InformedAmount>, bool) {
    let Some(value) = data.get(key).filter(|v| !v.is_null()) else { return (None, false) };
    let parsed = money(value, "amount").map(|amount| InformedAmount {
        amount,
        frequency: text(value, "frequency", CODE_CHARS),
        date: date(value, "date"),
        year: count(value, "year").and_then(|y| i32::try_from(y).ok()),
    });
    let malformed = parsed.is_none();
    (parsed, malformed)
}

/// `otherDocuments` of a person or a company.
fn other_documents(item: &Value) -> Parsed<Document> {
    Parsed::from_items(items(item, "otherDocuments"), |d| {
        Some(Document {
            kind: text(d, "type", CODE_CHARS)?,
            number: text(d, "number", NUMBER_CHARS)?,
            country: text(d, "country", CODE_CHARS),
            expiration_date: date(d, "expirationDate"),
        })
    })
}

/// `contacts` of a person or a company.
struct Contacts {
    addresses: Parsed<Address>,
    phones: Parsed<PhoneNumber>,
    emails: Parsed<String>,
}

impl Contacts {
    fn of(item: &Value) -> Contacts {
        static NONE: Value = Value::Null;
        let contacts = item.get("contacts").unwrap_or(&NONE);
        Contacts {
            addresses: Parsed::from_items(items(contacts, "postalAddresses"), |a| {
                Some(Address {
                    is_main: flag(a, "isMain").unwrap_or(false),
                    address: text(a, "address", NAME_CHARS)?,
                    district_name: text(a, "districtName", NAME_CHARS),
                    town_name: text(a, "townName", NAME_CHARS).unwrap_or_default(),
                    ibge_town_code: text(a, "ibgeTownCode", NUMBER_CHARS),
                    country_sub_division: text(a, "countrySubDivision", CODE_CHARS),
                    post_code: text(a, "postCode", NUMBER_CHARS),
                    country: text(a, "country", NAME_CHARS),
                })
            }),
            phones: Parsed::from_items(items(contacts, "phones"), |p| {
                Some(PhoneNumber {
                    is_main: flag(p, "isMain").unwrap_or(false),
                    kind: text(p, "type", CODE_CHARS),
                    country_calling_code: text(p, "countryCallingCode", NUMBER_CHARS),
                    area_code: text(p, "areaCode", NUMBER_CHARS),
                    number: text(p, "number", NUMBER_CHARS)?,
                })
            }),
            emails: Parsed::from_items(items(contacts, "emails"), |e| text(e, "email", EMAIL_CHARS)),
        }
    }

    fn malformed(&self) -> usize {
        self.addresses.malformed + self.phones.malformed + self.emails.malformed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_person_is_read_with_hostile_parts_skipped() {
        let pages = vec![Arc::new(json!({"data": [{
            "civilName": format!("Maria\u{0} {}", "a".repeat(1000)), "birthDate": "1990-02-30",
            "documents": {"cpfNumber": "76109277673", "passport": {"country": "BRA"}},
            "otherDocuments": [{"type": "RG", "number": "123"}, {"type": "CNH"}],
            "filiation": [{"type": "MAE", "civilName": "Ana"}],
            "companiesCnpj": ["1", "1", 2],
            "contacts": {
                "postalAddresses": [{"isMain": true, "address": "Rua A", "townName": "SP"}, {"isMain": true}],
                "phones": [{"type": "MOVEL", "areaCode": "11", "number": "999999999"}, {"number": 9}],
                "emails": [{"email": "maria@example.com"}, {"isMain": true}]
            }
        }, {"civilName": "Second brand"}]}))];
        let (identity, malformed) = personal_identification(&pages).unwrap();
        assert_eq!(malformed, 5, "passport, CNH, address, phone, e-mail");
        assert!(identity.civil_name.starts_with("Maria "));
        assert_eq!(identity.civil_name.chars().count(), NAME_CHARS);
        assert_eq!(identity.birth_date, None);
        assert_eq!(identity.cpf.as_deref(), Some("76109277673"));
        assert_eq!((identity.documents.len(), identity.companies_cnpj.len()), (1, 1));
        assert_eq!(identity.filiation, vec![("MAE".to_owned(), "Ana".to_owned())]);
        assert_eq!(personal_identification(&[Arc::new(json!({"data": [{"socialName": "x"}]}))]), None);
        assert_eq!(personal_identification(&[Arc::new(json!({"data": []}))]), None);

        let mut identity = identity;
        let qualification = json!({"occupationCode": "CBO", "informedIncome": {"frequency": "MENSAL",
            "amount": {"amount": "5000.00", "currency": "BRL"}, "date": "2025-01-01"},
            "informedPatrimony": {"amount": {"amount": 1000, "currency": "BRL"}, "year": 2024}});
        assert_eq!(apply_personal_qualification(&mut identity, &qualification), Some(1));
        assert!(identity.informed_income.is_some() && identity.informed_patrimony.is_none());
        let relation = relationship(&json!({"startDate": "2015-03-01T00:00:00Z",
            "productsServicesType": ["CONTA_DEPOSITO_A_VISTA"], "procurators": [{"civilName": "José"}]}))
        .unwrap();
        assert_eq!(relation.start_date, Some(time::macros::date!(2015 - 03 - 01)));
        assert_eq!(relation.procurators, ["José"]);
    }

    #[test]
    fn a_company_is_read_with_hostile_parts_skipped() {
        let pages = vec![Arc::new(json!({"data": [{
            "companyName": "Loja Ltda", "incorporationDate": "2010-05-01T00:00:00Z", "cnpjNumber": "11222333000181",
            "parties": [
                {"personType": "PESSOA_NATURAL", "type": "SOCIO", "civilName": "Ana", "shareholding": "0.500000"},
                {"personType": "PESSOA_JURIDICA", "type": "SOCIO", "companyName": "Holding", "shareholding": 0.5},
                {"personType": "PESSOA_NATURAL", "type": "ADMINISTRADOR"}
            ]
        }]}))];
        let (identity, malformed) = business_identification(&pages).unwrap();
        assert_eq!(malformed, 1);
        assert_eq!(identity.parties.len(), 2);
        assert_eq!(identity.parties[1].shareholding, None, "numbers are not decimals");
        let mut identity = identity;
        let qualification = json!({"economicActivities": [{"code": "4711302", "isMain": true}, {"isMain": false}],
            "informedRevenue": {"frequency": "ANUAL", "amount": {"amount": "1200000.00", "currency": "BRL"}, "year": 2025}});
        assert_eq!(apply_business_qualification(&mut identity, &qualification), Some(1));
        assert_eq!(identity.informed_revenue.as_ref().and_then(|r| r.year), Some(2025));
        assert_eq!(apply_business_qualification(&mut identity, &json!([])), None);
    }
}
