//! Registration data: who the customer is. A person's identity depends on the tax id only, so
//! the same person has the same name, birth date and address at every sandbox bank; what the
//! bank knows about the relationship (ids, products, accounts) depends on the bank too.

use rand_chacha::ChaCha8Rng;
use time::{Date, Duration, Month, Time};

use super::PersonaCtx;
use super::accounts::AccountData;
use super::names::{CITIES, City, DISTRICTS, FEMALE_NAMES, MALE_NAMES, STREETS, SURNAMES};
use super::rng::{Seed, at, between, chance, pick};
use crate::data::accounts::{AccountType, PartiePersonType};
use crate::data::common::{DateTimeZ, OfbDate, OfbMoney, Rate};
use crate::data::customers::{
    BusinessAccount, BusinessFinancialRelations, BusinessIdentification, BusinessInformedPatrimony,
    BusinessProcurator, BusinessQualification, Contacts, EconomicActivity, Email, Filiation, FiliationType,
    Frequency, InformedIncome, InformedRevenue, MaritalStatus, OccupationCodeType, Party, PartyDocumentType,
    PartyType, PersonalAccount, PersonalDocuments, PersonalFinancialRelations, PersonalIdentification,
    PersonalInformedPatrimony, PersonalOtherDocument, PersonalOtherDocumentType, PersonalQualification,
    Phone, PhoneType, PostalAddress, ProcuratorType, ProductServiceType, Sex,
};

/// The customer's registration data at the bank.
#[derive(Clone, Debug)]
pub enum Customer {
    Personal(PersonalCustomer),
    Business(BusinessCustomer),
}

/// `/personal/identifications`, `/personal/qualifications`, `/personal/financial-relations`.
#[derive(Clone, Debug)]
pub struct PersonalCustomer {
    pub identification: PersonalIdentification,
    pub qualification: PersonalQualification,
    pub financial_relations: PersonalFinancialRelations,
}

/// `/business/identifications`, `/business/qualifications`, `/business/financial-relations`.
#[derive(Clone, Debug)]
pub struct BusinessCustomer {
    pub identification: BusinessIdentification,
    pub qualification: BusinessQualification,
    pub financial_relations: BusinessFinancialRelations,
}

/// A person's identity (the same at every bank).
#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub cpf: String,
    pub civil_name: String,
    /// First name and last surname, as statements print the holder ("JOAO SILVA").
    pub short_name: String,
    pub female: bool,
    pub birth: Date,
    pub mother: String,
    pub address: Address,
    pub email: String,
    pub rg: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Address {
    pub city: &'static City,
    pub street: String,
    pub district: &'static str,
    pub post_code: String,
    pub phone: String,
}

fn address(rng: &mut ChaCha8Rng) -> Address {
    let city = pick(rng, CITIES);
    Address {
        city,
        street: format!("{}, {}", pick(rng, STREETS), between(rng, 10, 2999)),
        district: pick::<&str>(rng, DISTRICTS),
        post_code: format!("{}{:06}", city.cep_prefix, between(rng, 0, 999_999)),
        phone: format!("9{:08}", between(rng, 10_000_000, 99_999_999)),
    }
}

/// The identity behind a CPF; `birth_years` bounds the birth date.
pub(crate) fn person(cpf: &str, birth_years: (i32, i32)) -> Person {
    let mut rng = Seed::root(&[b"person", cpf.as_bytes()]).rng();
    let female = chance(&mut rng, 500);
    let first = if female { pick(&mut rng, FEMALE_NAMES) } else { pick(&mut rng, MALE_NAMES) };
    let (s1, s2) = (pick(&mut rng, SURNAMES), pick(&mut rng, SURNAMES));
    let mother = format!("{} {} {}", pick(&mut rng, FEMALE_NAMES), pick(&mut rng, SURNAMES), s1);
    let year = between(&mut rng, i64::from(birth_years.0), i64::from(birth_years.1)) as i32;
    let birth = Date::from_ordinal_date(year, between(&mut rng, 1, 365) as u16).unwrap_or(Date::MIN);
    let address = address(&mut rng);
    Person {
        cpf: cpf.to_owned(),
        civil_name: format!("{first} {s1} {s2}"),
        short_name: format!("{first} {s2}"),
        female,
        birth,
        mother,
        email: format!(
            "{}.{}{}@example.com",
            first.to_lowercase(),
            s2.to_lowercase(),
            between(&mut rng, 1, 99)
        ),
        rg: format!("{:09}", between(&mut rng, 10_000_000, 999_999_999)),
        address,
    }
}

/// A company's registration (the same at every bank).
#[derive(Clone, Debug)]
pub(crate) struct Company {
    pub cnpj: String,
    pub name: String,
    pub trade_name: String,
    pub cnae: &'static str,
    pub incorporated: Date,
    pub address: Address,
    pub email: String,
    /// Partners: the logged user and another person with their shares (‰).
    pub partners: Vec<(Person, i64)>,
}

pub(crate) fn company(
    cnpj: &str,
    name: &str,
    trade_name: &str,
    cnae: &'static str,
    owner: &Person,
) -> Company {
    let mut rng = Seed::root(&[b"company", cnpj.as_bytes()]).rng();
    let incorporated =
        Date::from_ordinal_date(between(&mut rng, 2005, 2019) as i32, between(&mut rng, 1, 365) as u16)
            .unwrap_or(Date::MIN);
    let other_cpf = super::accounts::random_cpf(&mut rng);
    let other = person(other_cpf.as_str(), (1960, 1990));
    let share = between(&mut rng, 50, 80) * 10;
    Company {
        cnpj: cnpj.to_owned(),
        name: name.to_owned(),
        trade_name: trade_name.to_owned(),
        cnae,
        incorporated,
        address: address(&mut rng),
        email: format!("financeiro{}@example.com", between(&mut rng, 1, 99)),
        partners: vec![(owner.clone(), share), (other, 1000 - share)],
    }
}

fn update_time(ctx: &PersonaCtx) -> DateTimeZ {
    // Registration data last reviewed a while ago, before the window's end.
    let days = between(&mut ctx.seed.child("updated", &[]).rng(), 20, 200);
    let date = (ctx.window.end - Duration::days(days)).max(Date::MIN);
    DateTimeZ(at(date, Time::from_hms(14, 30, 0).unwrap_or(Time::MIDNIGHT)))
}

fn contacts(address: &Address, email: &str) -> Contacts {
    Contacts {
        postal_addresses: vec![PostalAddress {
            is_main: true,
            address: address.street.clone(),
            additional_info: None,
            district_name: Some(address.district.to_owned()),
            town_name: address.city.name.to_owned(),
            ibge_town_code: Some(address.city.ibge.to_owned()),
            country_sub_division: Some(address.city.uf),
            post_code: address.post_code.clone(),
            country: "BRASIL".to_owned(),
            country_code: Some("BRA".to_owned()),
            geographic_coordinates: None,
        }],
        phones: vec![Phone {
            is_main: true,
            phone_type: PhoneType::Movel,
            additional_info: None,
            country_calling_code: Some("55".to_owned()),
            area_code: address.city.area_code.to_owned(),
            number: address.phone.clone(),
            phone_extension: None,
        }],
        emails: vec![Email { is_main: true, email: email.to_owned() }],
    }
}

/// The products the customer holds at the bank, for financial relations.
pub(crate) struct Holdings<'a> {
    pub accounts: &'a [AccountData],
    pub cards: bool,
    pub credit: bool,
    pub investments: bool,
}

impl Holdings<'_> {
    fn products(&self) -> Vec<ProductServiceType> {
        let mut out: Vec<ProductServiceType> = Vec::new();
        for a in self.accounts {
            let p = match a.account.account_type {
                AccountType::ContaDepositoAVista => ProductServiceType::ContaDepositoAVista,
                AccountType::ContaPoupanca => ProductServiceType::ContaPoupanca,
                AccountType::ContaPagamentoPrePaga => ProductServiceType::ContaPagamentoPrePaga,
            };
            if !out.contains(&p) {
                out.push(p);
            }
        }
        for (held, p) in [
            (self.cards, ProductServiceType::CartaoCredito),
            (self.credit, ProductServiceType::OperacaoCredito),
            (self.investments, ProductServiceType::Investimento),
        ] {
            if held {
                out.push(p);
            }
        }
        if out.is_empty() {
            out.push(ProductServiceType::Outros);
        }
        out
    }
}

/// Personal customer data; `income` is the declared monthly income in cents.
pub(crate) fn personal(
    ctx: &PersonaCtx,
    p: &Person,
    occupation: &str,
    income: i64,
    since: Date,
    holdings: &Holdings<'_>,
) -> Customer {
    let bank = ctx.bank.bank();
    let updated = update_time(ctx);
    let mut rng = ctx.seed.child("personal", &[]).rng();
    let identification = PersonalIdentification {
        update_date_time: updated,
        personal_id: ctx.seed.child("personal-id", &[]).uuid(),
        brand_name: bank.brand.to_owned(),
        civil_name: p.civil_name.clone(),
        social_name: None,
        birth_date: OfbDate(p.birth),
        marital_status_code: Some(*pick(
            &mut rng,
            &[MaritalStatus::Solteiro, MaritalStatus::Casado, MaritalStatus::UniaoEstavel],
        )),
        marital_status_additional_info: None,
        sex: Some(if p.female { Sex::Feminino } else { Sex::Masculino }),
        companies_cnpj: vec![bank.cnpj.to_owned()],
        documents: PersonalDocuments { cpf_number: Some(p.cpf.clone()), passport: None },
        other_documents: Some(vec![PersonalOtherDocument {
            document_type: PersonalOtherDocumentType::Rg,
            type_additional_info: None,
            number: p.rg.clone(),
            check_digit: Some(p.rg[8..].to_owned()),
            additional_info: Some(format!("SSP/{:?}", p.address.city.uf).to_uppercase()),
            expiration_date: None,
        }]),
        has_brazilian_nationality: true,
        nationality: None,
        filiation: Some(vec![Filiation {
            filiation_type: FiliationType::Mae,
            civil_name: p.mother.clone(),
            social_name: None,
        }]),
        contacts: contacts(&p.address, &p.email),
    };
    let qualification = PersonalQualification {
        update_date_time: updated,
        company_cnpj: bank.cnpj.to_owned(),
        occupation_code: Some(OccupationCodeType::Outro),
        occupation_description: Some(occupation.to_owned()),
        informed_income: Some(InformedIncome {
            frequency: Frequency::Mensal,
            amount: OfbMoney::brl_cents(income),
            date: OfbDate(updated.0.date()),
        }),
        informed_patrimony: Some(PersonalInformedPatrimony {
            amount: OfbMoney::brl_cents(income * between(&mut rng, 6, 40)),
            year: u16::try_from(updated.0.year() - 1).unwrap_or(2000),
        }),
    };
    let financial_relations = PersonalFinancialRelations {
        update_date_time: updated,
        start_date: DateTimeZ(at(since, Time::from_hms(10, 0, 0).unwrap_or(Time::MIDNIGHT))),
        products_services_type: holdings.products(),
        products_services_type_additional_info: None,
        procurators: Vec::new(),
        accounts: holdings
            .accounts
            .iter()
            .map(|a| PersonalAccount {
                compe_code: a.identification.compe_code.clone(),
                branch_code: a.identification.branch_code.clone(),
                number: a.identification.number.clone(),
                check_digit: a.identification.check_digit.clone(),
                account_type: a.identification.account_type,
                subtype: a.identification.subtype,
            })
            .collect(),
        portabilities_received: None,
        paychecks_bank_link: None,
    };
    Customer::Personal(PersonalCustomer { identification, qualification, financial_relations })
}

/// Business customer data; `revenue` is the declared yearly revenue in cents.
pub(crate) fn business(
    ctx: &PersonaCtx,
    c: &Company,
    revenue: i64,
    since: Date,
    holdings: &Holdings<'_>,
) -> Customer {
    let bank = ctx.bank.bank();
    let updated = update_time(ctx);
    let midnight = |d: Date| DateTimeZ(at(d, Time::MIDNIGHT));
    let parties = c
        .partners
        .iter()
        .map(|(p, share)| Party {
            person_type: PartiePersonType::PessoaNatural,
            party_type: PartyType::Socio,
            civil_name: Some(p.civil_name.clone()),
            social_name: None,
            company_name: None,
            trade_name: None,
            start_date: Some(midnight(c.incorporated)),
            shareholding: Some(Rate::millionths(share * 1000)),
            document_type: PartyDocumentType::Cpf,
            document_number: p.cpf.clone(),
            document_additional_info: None,
            document_country: Some("BRA".to_owned()),
            document_expiration_date: None,
            document_issue_date: None,
        })
        .collect();
    let identification = BusinessIdentification {
        update_date_time: updated,
        business_id: ctx.seed.child("business-id", &[]).uuid(),
        brand_name: bank.brand.to_owned(),
        company_name: c.name.clone(),
        trade_name: Some(c.trade_name.clone()),
        incorporation_date: midnight(c.incorporated),
        cnpj_number: c.cnpj.clone(),
        companies_cnpj: vec![bank.cnpj.to_owned()],
        other_documents: None,
        parties,
        contacts: contacts(&c.address, &c.email),
    };
    let year = updated.0.year() - 1;
    let qualification = BusinessQualification {
        update_date_time: updated,
        economic_activities: Some(vec![EconomicActivity { code: c.cnae.to_owned(), is_main: true }]),
        informed_revenue: Some(InformedRevenue {
            frequency: Some(Frequency::Anual),
            frequency_additional_info: None,
            amount: OfbMoney::brl_cents(revenue),
            year: u16::try_from(year).ok(),
        }),
        informed_patrimony: Some(BusinessInformedPatrimony {
            amount: OfbMoney::brl_cents(revenue / 4),
            date: OfbDate(Date::from_calendar_date(year, Month::December, 31).unwrap_or(Date::MIN)),
        }),
    };
    let owner = &c.partners[0].0;
    let financial_relations = BusinessFinancialRelations {
        update_date_time: updated,
        start_date: DateTimeZ(at(since, Time::from_hms(10, 0, 0).unwrap_or(Time::MIDNIGHT))),
        products_services_type: holdings.products(),
        procurators: vec![BusinessProcurator {
            procurator_type: ProcuratorType::RepresentanteLegal,
            cnpj_cpf_number: owner.cpf.clone(),
            civil_name: owner.civil_name.clone(),
            social_name: None,
        }],
        accounts: holdings
            .accounts
            .iter()
            .map(|a| BusinessAccount {
                compe_code: a.identification.compe_code.clone(),
                branch_code: a.identification.branch_code.clone(),
                number: a.identification.number.clone(),
                check_digit: a.identification.check_digit.clone(),
                account_type: a.identification.account_type,
            })
            .collect(),
    };
    Customer::Business(BusinessCustomer { identification, qualification, financial_relations })
}
