//! Registration data (OFB customers v2): identification, qualification and financial relations.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::Date;

use crate::Money;

/// A person's registration data at the institution.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalIdentity {
    pub civil_name: String,
    pub social_name: Option<String>,
    pub birth_date: Option<Date>,
    pub cpf: Option<String>,
    /// `SOLTEIRO`, `CASADO`, …
    pub marital_status: Option<String>,
    /// `FEMININO`, `MASCULINO`, `OUTRO`.
    pub sex: Option<String>,
    pub has_brazilian_nationality: Option<bool>,
    /// Mother's and father's names (`filiation`), as `MAE: name` / `PAI: name` pairs.
    pub filiation: Vec<(String, String)>,
    pub documents: Vec<Document>,
    pub companies_cnpj: Vec<String>,
    pub addresses: Vec<Address>,
    pub phones: Vec<PhoneNumber>,
    pub emails: Vec<String>,
    /// Qualifications: occupation code type (`RECEITA_FEDERAL`, `CBO`, `OUTRO`) and description.
    pub occupation_code: Option<String>,
    pub occupation_description: Option<String>,
    pub employer_name: Option<String>,
    pub employer_tax_id: Option<String>,
    pub informed_income: Option<InformedAmount>,
    pub informed_patrimony: Option<InformedAmount>,
    pub relationship: Option<Relationship>,
}

/// A company's registration data at the institution.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessIdentity {
    pub company_name: String,
    pub trade_name: Option<String>,
    pub incorporation_date: Option<Date>,
    pub cnpj: Option<String>,
    pub companies_cnpj: Vec<String>,
    pub documents: Vec<Document>,
    pub parties: Vec<Party>,
    pub addresses: Vec<Address>,
    pub phones: Vec<PhoneNumber>,
    pub emails: Vec<String>,
    pub economic_activities: Vec<EconomicActivity>,
    pub informed_revenue: Option<InformedAmount>,
    pub informed_patrimony: Option<InformedAmount>,
    pub relationship: Option<Relationship>,
}

/// Another identity document (`otherDocuments`, passport).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    /// `CNH`, `RG`, `NIF`, `RNE`, `PASSAPORTE`, `OUTROS`, …
    pub kind: String,
    pub number: String,
    pub country: Option<String>,
    pub expiration_date: Option<Date>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Address {
    pub is_main: bool,
    pub address: String,
    pub district_name: Option<String>,
    pub town_name: String,
    pub ibge_town_code: Option<String>,
    /// UF (`SP`, `RJ`, …).
    pub country_sub_division: Option<String>,
    pub post_code: Option<String>,
    pub country: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneNumber {
    pub is_main: bool,
    /// `FIXO`, `MOVEL`, `OUTRO`.
    pub kind: Option<String>,
    pub country_calling_code: Option<String>,
    pub area_code: Option<String>,
    pub number: String,
}

/// A declared amount: income (with its `frequency`), revenue or patrimony (with a year or date).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InformedAmount {
    pub amount: Money,
    /// `DIARIA`, `SEMANAL`, `QUINZENAL`, `MENSAL`, `BIMESTRAL`, `TRIMESTRAL`, `SEMESTRAL`,
    /// `ANUAL`, `OUTROS`; absent for patrimony.
    pub frequency: Option<String>,
    pub date: Option<Date>,
    pub year: Option<i32>,
}

/// A partner or administrator of a company (`parties`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    /// `PESSOA_NATURAL` or `PESSOA_JURIDICA`.
    pub person_type: String,
    /// `SOCIO` or `ADMINISTRADOR`.
    pub kind: String,
    pub name: String,
    /// `CPF`, `CNPJ`, `PASSAPORTE`, `OUTRO_DOCUMENTO_VIAGEM`.
    pub document_type: Option<String>,
    pub document_number: Option<String>,
    /// Share of the company, as a fraction (`0.500000`).
    pub shareholding: Option<Decimal>,
    pub start_date: Option<Date>,
}

/// A CNAE code of a company.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EconomicActivity {
    /// Seven digits.
    pub code: String,
    pub is_main: bool,
}

/// Financial relations: how long and with what the customer relates to the institution.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Relationship {
    pub start_date: Option<Date>,
    /// `productsServicesType` (`CONTA_DEPOSITO_A_VISTA`, `CARTAO_CREDITO`, …).
    pub products_services: Vec<String>,
    /// Names of legal representatives and attorneys (`procurators`).
    pub procurators: Vec<String>,
}
