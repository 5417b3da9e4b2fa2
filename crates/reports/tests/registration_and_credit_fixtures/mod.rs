//! Hand-built normalised data for the identity, liabilities and investment products' tests,
//! shaped like what the sandbox personas serve (a salaried person with a personal loan, a
//! retiree with CDBs and treasury bonds, a small retailer with working capital, a vehicle
//! financing and invoice discounting).

#![allow(dead_code)]

pub mod generated;

use ponte_domain::finance::{
    Address, BusinessIdentity, ConsentData, Contract, ContractPayment, CreditFamily, Direction, Document,
    EconomicActivity, InformedAmount, Instalments, InterestRate, Investment, InvestmentKind,
    InvestmentMovement, MissingPart, Party, PersonalIdentity, PhoneNumber, Relationship, Warranty,
};
use ponte_domain::{Amount, Audience, Money, ProductCode};
use ponte_reports::categorise::{Categorisation, Leaf};
use ponte_reports::{Analysis, Holder, ReportContext};
use rust_decimal::Decimal;
use serde_json::Value;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime};

pub const TODAY: Date = date!(2026 - 03 - 15);
pub const PERSON_CPF: &str = "76109277673";
pub const COMPANY_CNPJ: &str = "11222333000181";

pub fn brl(text: &str) -> Money {
    Money::brl(text.parse::<Amount>().expect("test amount"))
}

pub fn rate(text: &str) -> Decimal {
    text.parse().expect("test rate")
}

/// Every permission these products read.
const PERMISSIONS: [&str; 11] = [
    "CUSTOMERS_PERSONAL_IDENTIFICATIONS_READ",
    "CUSTOMERS_BUSINESS_IDENTIFICATIONS_READ",
    "LOANS_READ",
    "FINANCINGS_READ",
    "INVOICE_FINANCINGS_READ",
    "UNARRANGED_ACCOUNTS_OVERDRAFT_READ",
    "BANK_FIXED_INCOMES_READ",
    "CREDIT_FIXED_INCOMES_READ",
    "FUNDS_READ",
    "VARIABLE_INCOMES_READ",
    "TREASURE_TITLES_READ",
];

pub fn consent(institution: &str, id: &str, fetched_at: OffsetDateTime) -> ConsentData {
    ConsentData {
        consent_id: id.into(),
        institution_code: institution.into(),
        institution_name: format!("Banco {institution}"),
        permissions_granted: PERMISSIONS.iter().map(|p| (*p).to_owned()).collect(),
        fetched_at,
        from: date!(2025 - 03 - 15),
        to: TODAY,
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

pub fn missing(area: &str, endpoint: &str) -> MissingPart {
    MissingPart {
        area: area.into(),
        endpoint: endpoint.into(),
        resource_id: None,
        reason: "the institution answered 503 after 4 attempts".into(),
    }
}

// ----- registration -----

pub fn address(line: &str, town: &str, post_code: &str, is_main: bool) -> Address {
    Address {
        is_main,
        address: line.into(),
        district_name: Some("Centro".into()),
        town_name: town.into(),
        ibge_town_code: Some("3550308".into()),
        country_sub_division: Some("SP".into()),
        post_code: Some(post_code.into()),
        country: Some("BRASIL".into()),
    }
}

pub fn phone(area: Option<&str>, number: &str, is_main: bool) -> PhoneNumber {
    PhoneNumber {
        is_main,
        kind: Some("MOVEL".into()),
        country_calling_code: Some("55".into()),
        area_code: area.map(Into::into),
        number: number.into(),
    }
}

pub fn relationship(start: Date, products: &[&str]) -> Relationship {
    Relationship {
        start_date: Some(start),
        products_services: products.iter().map(|p| (*p).to_owned()).collect(),
        procurators: vec![],
    }
}

/// The salaried persona's registration at one bank.
pub fn person() -> PersonalIdentity {
    PersonalIdentity {
        civil_name: "Mariana Souza Lima".into(),
        social_name: None,
        birth_date: Some(date!(1988 - 07 - 02)),
        cpf: Some(PERSON_CPF.into()),
        marital_status: Some("CASADO".into()),
        sex: Some("FEMININO".into()),
        has_brazilian_nationality: Some(true),
        filiation: vec![("MAE".into(), "Ana Paula Souza".into())],
        documents: vec![Document {
            kind: "RG".into(),
            number: "123456789".into(),
            country: Some("BRA".into()),
            expiration_date: None,
        }],
        companies_cnpj: vec!["00000000000191".into()],
        addresses: vec![address("Rua Augusta, 1200", "São Paulo", "01304-001", true)],
        phones: vec![phone(Some("11"), "987654321", true)],
        emails: vec!["mariana.lima42@example.com".into()],
        occupation_code: Some("OUTRO".into()),
        occupation_description: Some("Analista administrativa".into()),
        employer_name: None,
        employer_tax_id: None,
        informed_income: Some(InformedAmount {
            amount: brl("6500.00"),
            frequency: Some("MENSAL".into()),
            date: Some(date!(2025 - 11 - 20)),
            year: None,
        }),
        informed_patrimony: Some(InformedAmount {
            amount: brl("150000.00"),
            frequency: None,
            date: None,
            year: Some(2024),
        }),
        relationship: Some(relationship(
            date!(2015 - 04 - 10),
            &["CONTA_DEPOSITO_A_VISTA", "OPERACAO_CREDITO"],
        )),
    }
}

/// The small retailer's registration at one bank.
pub fn company() -> BusinessIdentity {
    BusinessIdentity {
        company_name: "Mercadinho Bom Preço Ltda".into(),
        trade_name: Some("Bom Preço".into()),
        incorporation_date: Some(date!(2012 - 05 - 14)),
        cnpj: Some(COMPANY_CNPJ.into()),
        companies_cnpj: vec!["00000000000191".into()],
        documents: vec![],
        parties: vec![
            Party {
                person_type: "PESSOA_NATURAL".into(),
                kind: "SOCIO".into(),
                name: "Mariana Souza Lima".into(),
                document_type: Some("CPF".into()),
                document_number: Some(PERSON_CPF.into()),
                shareholding: Some(rate("0.600000")),
                start_date: Some(date!(2012 - 05 - 14)),
            },
            Party {
                person_type: "PESSOA_NATURAL".into(),
                kind: "SOCIO".into(),
                name: "Carlos Pereira".into(),
                document_type: Some("CPF".into()),
                document_number: Some("52998224725".into()),
                shareholding: Some(rate("0.400000")),
                start_date: Some(date!(2012 - 05 - 14)),
            },
        ],
        addresses: vec![address("Av. Brasil, 500", "Campinas", "13010-000", true)],
        phones: vec![phone(Some("19"), "32345678", true)],
        emails: vec!["financeiro7@example.com".into()],
        economic_activities: vec![
            EconomicActivity { code: "4711302".into(), is_main: true },
            EconomicActivity { code: "4721102".into(), is_main: false },
        ],
        informed_revenue: Some(InformedAmount {
            amount: brl("936000.00"),
            frequency: Some("ANUAL".into()),
            date: None,
            year: Some(2025),
        }),
        informed_patrimony: Some(InformedAmount {
            amount: brl("234000.00"),
            frequency: None,
            date: Some(date!(2025 - 12 - 31)),
            year: None,
        }),
        relationship: Some(Relationship {
            start_date: Some(date!(2013 - 01 - 07)),
            products_services: vec!["CONTA_DEPOSITO_A_VISTA".into(), "OPERACAO_CREDITO".into()],
            procurators: vec!["Mariana Souza Lima".into()],
        }),
    }
}

// ----- credit -----

pub fn payment(id: &str, date: Date, amount: &str) -> ContractPayment {
    ContractPayment {
        id: id.into(),
        instalment_id: Some(format!("{id}-I")),
        date,
        amount: brl(amount),
        is_over_parcel: false,
    }
}

pub fn schedule(total: u32, paid: u32, due: u32, past_due: u32) -> Instalments {
    Instalments {
        total_unit: "MES".into(),
        total: Some(total),
        remaining_unit: "MES".into(),
        remaining: Some(due),
        paid: Some(paid),
        due: Some(due),
        past_due: Some(past_due),
    }
}

/// A 24-month personal loan of 12 000.00 at 2.49 % a month (PRICE, 670.21 an instalment),
/// first instalment due 2025-06-10, with `paid` instalments paid.
pub fn personal_loan(id: &str, paid: u32) -> Contract {
    let payments = (0..paid)
        .map(|j| {
            let month = time::Month::try_from(u8::try_from((5 + j) % 12 + 1).unwrap_or(1)).expect("month");
            let year = 2025 + i32::try_from((5 + j) / 12).unwrap_or(0);
            let date = Date::from_calendar_date(year, month, 10).expect("date");
            payment(&format!("{id}-P{:03}", j + 1), date, "670.21")
        })
        .collect();
    Contract {
        family: CreditFamily::Loan,
        id: id.into(),
        contract_number: Some("1234567890123".into()),
        product_name: Some("CREDITO PESSOAL".into()),
        product_type: "EMPRESTIMOS".into(),
        product_sub_type: "CREDITO_PESSOAL_SEM_CONSIGNACAO".into(),
        contract_date: Some(date!(2025 - 05 - 13)),
        contract_amount: Some(brl("12000.00")),
        due_date: Some(date!(2027 - 05 - 10)),
        instalment_periodicity: Some("MENSAL".into()),
        first_instalment_due_date: Some(date!(2025 - 06 - 10)),
        cet: Some(rate("0.363557")),
        amortization: Some("PRICE".into()),
        interest_rates: vec![InterestRate {
            tax_type: "NOMINAL".into(),
            interest_rate_type: "COMPOSTO".into(),
            tax_periodicity: "AM".into(),
            calculation: Some("30/360".into()),
            referential_rate_indexer_type: Some("PRE_FIXADO".into()),
            pre_fixed_rate: Some(rate("0.024900")),
            post_fixed_rate: None,
        }],
        next_instalment_amount: Some(brl(if paid >= 24 { "0.00" } else { "670.21" })),
        instalments: Some(schedule(24, paid, 24 - paid, 0)),
        outstanding_balance: Some(brl(if paid >= 24 { "0.00" } else { "8702.55" })),
        payments,
        warranties: vec![],
    }
}

/// A 48-month vehicle financing: OFB financings carry no next-instalment amount.
pub fn vehicle_financing(id: &str) -> Contract {
    Contract {
        family: CreditFamily::Financing,
        id: id.into(),
        contract_number: None,
        product_name: Some("FINANCIAMENTO VEICULO UTILITARIO".into()),
        product_type: "FINANCIAMENTOS".into(),
        product_sub_type: "AQUISICAO_BENS_VEICULOS_AUTOMOTORES".into(),
        contract_date: Some(date!(2024 - 09 - 23)),
        contract_amount: Some(brl("72000.00")),
        due_date: Some(date!(2028 - 10 - 09)),
        instalment_periodicity: Some("MENSAL".into()),
        first_instalment_due_date: Some(date!(2024 - 10 - 08)),
        cet: Some(rate("0.231200")),
        amortization: Some("PRICE".into()),
        interest_rates: vec![],
        next_instalment_amount: None,
        instalments: Some(schedule(48, 17, 30, 1)),
        outstanding_balance: Some(brl("51234.10")),
        payments: vec![
            payment("F-P015", date!(2025 - 12 - 08), "2100.00"),
            // Paid late, with a fine and late interest.
            payment("F-P016", date!(2026 - 01 - 12), "2150.40"),
            payment("F-P017", date!(2026 - 02 - 09), "2100.00"),
            payment("F-P001", date!(2024 - 10 - 08), "2100.00"),
        ],
        warranties: vec![Warranty {
            kind: "ALIENACAO_FIDUCIARIA".into(),
            sub_kind: Some("VEICULOS_AUTOMOTORES".into()),
            amount: Some(brl("86400.00")),
        }],
    }
}

/// An unarranged overdraft advance, not repaid yet.
pub fn overdraft(id: &str) -> Contract {
    Contract {
        family: CreditFamily::UnarrangedAccountOverdraft,
        id: id.into(),
        contract_number: None,
        product_name: Some("ADIANTAMENTO A DEPOSITANTE".into()),
        product_type: "ADIANTAMENTO_A_DEPOSITANTES".into(),
        product_sub_type: "ADIANTAMENTO_A_DEPOSITANTES".into(),
        contract_date: Some(date!(2026 - 03 - 02)),
        contract_amount: Some(brl("800.00")),
        due_date: None,
        instalment_periodicity: Some("SEM_PERIODICIDADE_REGULAR".into()),
        first_instalment_due_date: None,
        cet: None,
        amortization: Some("SEM_SISTEMA_AMORTIZACAO".into()),
        interest_rates: vec![],
        next_instalment_amount: None,
        instalments: Some(Instalments {
            total_unit: "SEM_PRAZO_TOTAL".into(),
            total: None,
            remaining_unit: "SEM_PRAZO_REMANESCENTE".into(),
            remaining: None,
            paid: Some(0),
            due: Some(0),
            past_due: Some(0),
        }),
        outstanding_balance: Some(brl("812.30")),
        payments: vec![],
        warranties: vec![],
    }
}

// ----- investments -----

pub fn movement(id: &str, date: Date, direction: Direction, kind: &str, amount: &str) -> InvestmentMovement {
    InvestmentMovement {
        id: id.into(),
        date,
        direction,
        kind: kind.into(),
        amount: brl(amount),
        quantity: None,
    }
}

pub fn investment(id: &str, kind: InvestmentKind, gross: &str, net: &str) -> Investment {
    Investment {
        id: id.into(),
        kind,
        brand_name: "Banco".into(),
        issuer_cnpj: Some("00000000000191".into()),
        name: None,
        isin_code: Some("BRCDB1234567".into()),
        indexer: Some("CDI".into()),
        pre_fixed_rate: None,
        post_fixed_indexer_percentage: Some(rate("1.100000")),
        issue_date: Some(date!(2025 - 08 - 05)),
        due_date: Some(date!(2027 - 08 - 05)),
        quantity: Some(rate("25.00000000")),
        gross_amount: Some(brl(gross)),
        net_amount: Some(brl(net)),
        income_tax: None,
        balance_date: Some(date!(2026 - 03 - 14)),
        movements: vec![],
    }
}

// ----- reports -----

pub fn holder(audience: Audience) -> Holder {
    let tax_id = match audience {
        Audience::Personal => PERSON_CPF,
        Audience::Business => COMPANY_CNPJ,
    };
    Holder { tax_id: tax_id.into(), audience }
}

fn context() -> ReportContext {
    ReportContext {
        request_id: "req-registration-and-credit".into(),
        product_report_id: "0b9f6c1e-3a52-4d7e-9c1f-2e6a8d4b7f10".into(),
        report_time: datetime!(2026-03-15 09:30 UTC),
        links: vec![],
        external_info: None,
    }
}

/// The whole report of `product` over `consents`, as partners receive it.
pub fn report(product: ProductCode, consents: &[ConsentData]) -> Value {
    let leaf = Leaf {
        code: "outros.outros.nao_categorizado".into(),
        names: ["Outros".into(), "Outros".into(), "Não categorizado".into()],
        role: None,
    };
    let holder = holder(product.audience());
    let analysis = Analysis::with_categories(consents, holder.clone(), TODAY, |_| Categorisation {
        leaf: &leaf,
        brand: None,
    });
    ponte_reports::products::build(product, &analysis).to_json(&context(), &holder)
}
