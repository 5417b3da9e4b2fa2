//! Customers v2.2.1 (`/open-banking/customers/v2`): personal and business identification,
//! qualification and financial relations.

mod enums;

pub use enums::*;
use serde::{Deserialize, Serialize};

use super::accounts::{AccountSubType, AccountType, PartiePersonType};
use super::common::{DateTimeZ, OfbDate, OfbMoney, Rate};

/// An item of `GET /personal/identifications` (`PersonalIdentificationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalIdentification {
    pub update_date_time: DateTimeZ,
    pub personal_id: String,
    pub brand_name: String,
    /// ≤ 70 characters.
    pub civil_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_name: Option<String>,
    pub birth_date: OfbDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marital_status_code: Option<MaritalStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marital_status_additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// The institution's CNPJs the customer relates to (at least one).
    pub companies_cnpj: Vec<String>,
    pub documents: PersonalDocuments,
    /// At least one item when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_documents: Option<Vec<PersonalOtherDocument>>,
    pub has_brazilian_nationality: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nationality: Option<Vec<Nationality>>,
    /// At least one item when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub filiation: Option<Vec<Filiation>>,
    pub contacts: Contacts,
}

/// `PersonalDocument`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalDocuments {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpf_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub passport: Option<Passport>,
}

/// `PersonalPassport`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Passport {
    pub number: String,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<OfbDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<OfbDate>,
}

/// `PersonalOtherDocument` (RG, CNH…).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalOtherDocument {
    #[serde(rename = "type")]
    pub document_type: PersonalOtherDocumentType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub type_additional_info: Option<String>,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub check_digit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<OfbDate>,
}

/// `Nationality` (for customers with another nationality).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Nationality {
    pub other_nationalities_info: String,
    pub documents: Vec<NationalityDocument>,
}

/// `NationalityOtherDocument`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NationalityDocument {
    #[serde(rename = "type")]
    pub document_type: String,
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<OfbDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issue_date: Option<OfbDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
}

/// A parent (`filiation` item).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Filiation {
    #[serde(rename = "type")]
    pub filiation_type: FiliationType,
    pub civil_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_name: Option<String>,
}

/// `PersonalContacts` / `BusinessContacts` (same shape).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contacts {
    pub postal_addresses: Vec<PostalAddress>,
    pub phones: Vec<Phone>,
    pub emails: Vec<Email>,
}

/// `PersonalPostalAddress` / `BusinessPostalAddress`. The personal shape requires `postCode`,
/// the business shape `countryCode`; the sandbox always fills both.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PostalAddress {
    pub is_main: bool,
    /// ≤ 150 characters.
    pub address: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district_name: Option<String>,
    pub town_name: String,
    /// `\d{7}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ibge_town_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_sub_division: Option<CountrySubDivision>,
    /// `^\d{8}$`.
    pub post_code: String,
    pub country: String,
    /// `^([A-Z]{3})$`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geographic_coordinates: Option<GeographicCoordinates>,
}

/// `GeographicCoordinates`, as decimal strings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GeographicCoordinates {
    pub latitude: String,
    pub longitude: String,
}

/// `CustomerPhone`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Phone {
    pub is_main: bool,
    #[serde(rename = "type")]
    pub phone_type: PhoneType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_calling_code: Option<String>,
    /// `^(\d{2,3})$`.
    pub area_code: String,
    /// `^([0-9]{6,13})$`.
    pub number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone_extension: Option<String>,
}

/// `CustomerEmail`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Email {
    pub is_main: bool,
    pub email: String,
}

/// `GET /personal/qualifications` (`PersonalQualificationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalQualification {
    pub update_date_time: DateTimeZ,
    pub company_cnpj: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation_code: Option<OccupationCodeType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupation_description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed_income: Option<InformedIncome>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed_patrimony: Option<PersonalInformedPatrimony>,
}

/// `InformedIncome`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InformedIncome {
    pub frequency: Frequency,
    pub amount: OfbMoney,
    pub date: OfbDate,
}

/// `PersonalInformedPatrimony`: the amount may be negative.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PersonalInformedPatrimony {
    pub amount: OfbMoney,
    pub year: u16,
}

/// `GET /personal/financial-relations` (`PersonalFinancialRelationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalFinancialRelations {
    pub update_date_time: DateTimeZ,
    /// Start of the relationship, a date-time without milliseconds.
    pub start_date: DateTimeZ,
    /// 1 to 12 items.
    pub products_services_type: Vec<ProductServiceType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products_services_type_additional_info: Option<String>,
    pub procurators: Vec<PersonalProcurator>,
    pub accounts: Vec<PersonalAccount>,
    /// At least one item when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portabilities_received: Option<Vec<PortabilityReceived>>,
    /// At least one item when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paychecks_bank_link: Option<Vec<PaycheckBankLink>>,
}

/// `PersonalProcurator`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalProcurator {
    #[serde(rename = "type")]
    pub procurator_type: ProcuratorType,
    pub cpf_number: String,
    pub civil_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_name: Option<String>,
}

/// `PersonalAccount`: an account held at the institution.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalAccount {
    pub compe_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_code: Option<String>,
    pub number: String,
    pub check_digit: String,
    #[serde(rename = "type")]
    pub account_type: AccountType,
    pub subtype: AccountSubType,
}

/// `PortabilitiesReceived`: a salary portability the institution received.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortabilityReceived {
    pub employer_name: String,
    pub employer_cnpj_cpf: String,
    pub paycheck_bank_detainer_cnpj: String,
    pub paycheck_bank_detainer_ispb: String,
    pub portability_approval_date: OfbDate,
}

/// `PaychecksBankLink`: a salary account kept for an employer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaycheckBankLink {
    pub employer_name: String,
    pub employer_cnpj_cpf: String,
    pub paycheck_bank_cnpj: String,
    pub paycheck_bank_ispb: String,
    pub account_opening_date: OfbDate,
}

/// An item of `GET /business/identifications` (`BusinessIdentificationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessIdentification {
    pub update_date_time: DateTimeZ,
    pub business_id: String,
    pub brand_name: String,
    /// ≤ 70 characters.
    pub company_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_name: Option<String>,
    /// A date-time (the spec's type), without milliseconds.
    pub incorporation_date: DateTimeZ,
    pub cnpj_number: String,
    pub companies_cnpj: Vec<String>,
    /// At least one item when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_documents: Option<Vec<BusinessOtherDocument>>,
    pub parties: Vec<Party>,
    pub contacts: Contacts,
}

/// `BusinessOtherDocument`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessOtherDocument {
    #[serde(rename = "type")]
    pub document_type: String,
    pub number: String,
    pub country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<OfbDate>,
}

/// `PartiesParticipation`: a partner or administrator of the company.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Party {
    pub person_type: PartiePersonType,
    #[serde(rename = "type")]
    pub party_type: PartyType,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub civil_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trade_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<DateTimeZ>,
    /// `^[01]\.\d{6}$` (`0.600000` is 60 %).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shareholding: Option<Rate>,
    pub document_type: PartyDocumentType,
    pub document_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_additional_info: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_expiration_date: Option<OfbDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_issue_date: Option<OfbDate>,
}

/// `GET /business/qualifications` (`BusinessQualificationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessQualification {
    pub update_date_time: DateTimeZ,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub economic_activities: Option<Vec<EconomicActivity>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed_revenue: Option<InformedRevenue>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub informed_patrimony: Option<BusinessInformedPatrimony>,
}

/// `EconomicActivity`: a CNAE code (`^\d{7}$`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EconomicActivity {
    pub code: String,
    pub is_main: bool,
}

/// `InformedRevenue`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InformedRevenue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency: Option<Frequency>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frequency_additional_info: Option<String>,
    pub amount: OfbMoney,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<u16>,
}

/// `BusinessInformedPatrimony`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BusinessInformedPatrimony {
    pub amount: OfbMoney,
    pub date: OfbDate,
}

/// `GET /business/financial-relations` (`BusinessFinancialRelationData`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessFinancialRelations {
    pub update_date_time: DateTimeZ,
    pub start_date: DateTimeZ,
    pub products_services_type: Vec<ProductServiceType>,
    pub procurators: Vec<BusinessProcurator>,
    pub accounts: Vec<BusinessAccount>,
}

/// `BusinessProcurator`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessProcurator {
    #[serde(rename = "type")]
    pub procurator_type: ProcuratorType,
    pub cnpj_cpf_number: String,
    pub civil_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub social_name: Option<String>,
}

/// `BusinessAccount` (no `subtype`, unlike the personal one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessAccount {
    pub compe_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch_code: Option<String>,
    pub number: String,
    pub check_digit: String,
    #[serde(rename = "type")]
    pub account_type: AccountType,
}
