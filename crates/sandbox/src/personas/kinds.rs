//! Which persona a tax id is, who logs in for it, and the building blocks of profiles: what a
//! persona holds at a bank (accounts and their transaction streams, cards, contracts,
//! investments) before any data is generated.

use ponte_domain::{Cpf, TaxId};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

use super::accounts::{AccountSpec, Label, Level, Stream, When};
use super::cards::{CardPayment, CardSpec, CardStream};
use super::credit::ContractSpec;
use super::customers::{Company, Person};
use super::investments::InvestmentSpec;
use super::names::Org;
use super::rng::{Seed, Window, Ym, between};
use crate::data::accounts::{AccountSubType, AccountTransactionType as T, AccountType};
use crate::data::credit_cards::{BillPaymentMode, CardNetwork, CardProductType};
use crate::data::credit_operations::{Family, ProductSubType, ProductSubTypeCategory, ProductType};
use crate::data::resources::ResourceStatus;

/// The sandbox personas of spec §9.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PersonaKind {
    /// 76109277673: monthly salary, checking + savings, a card, a personal loan; healthy.
    Salaried,
    /// 10000000108: irregular PIX income from delivery and ride-hailing platforms.
    GigWorker,
    /// 20000000299: overdraft most days, card revolving, late charges, three loans.
    OverIndebted,
    /// 30000000388: frequent PIX to betting operators, a large share of income.
    Bettor,
    /// 40000000477: account opened two months ago, few transactions.
    ThinFile,
    /// 50000000566: INSS benefit, savings, CDBs.
    Retiree,
    /// 60000000655: a joint account pending the other holder's authorisation.
    JointAccount,
    /// 70000000744: normal data; the bank fails the authorisation-code exchange.
    FailsCodeExchange,
    /// 80000000833: about 2,000 transactions a month over 3 accounts and 2 cards.
    HighVolume,
    /// 11222333000181: card-acquirer receivables, suppliers, payroll, DARF, working capital.
    SmallRetailer,
    /// 44555666000181: one client is about 80 % of revenue; overdraft use.
    ServicesCompany,
    /// Any other valid CPF or CNPJ.
    Generic,
}

/// The CPF that logs in for the two CNPJ personas.
pub const BUSINESS_PERSONAS_USER: &str = "76109277673";

/// Which persona a tax id is (spec §9 table; any other valid CPF or CNPJ is `Generic`).
pub fn persona_of(tax_id: &TaxId) -> PersonaKind {
    match tax_id.as_str() {
        "76109277673" => PersonaKind::Salaried,
        "10000000108" => PersonaKind::GigWorker,
        "20000000299" => PersonaKind::OverIndebted,
        "30000000388" => PersonaKind::Bettor,
        "40000000477" => PersonaKind::ThinFile,
        "50000000566" => PersonaKind::Retiree,
        "60000000655" => PersonaKind::JointAccount,
        "70000000744" => PersonaKind::FailsCodeExchange,
        "80000000833" => PersonaKind::HighVolume,
        "11222333000181" => PersonaKind::SmallRetailer,
        "44555666000181" => PersonaKind::ServicesCompany,
        _ => PersonaKind::Generic,
    }
}

/// The login user of a persona: the tax id itself for a CPF; for the two CNPJ personas the CPF
/// 76109277673; for any other CNPJ a valid CPF derived from it.
pub fn logged_user(tax_id: &TaxId) -> Cpf {
    match tax_id {
        TaxId::Cpf(cpf) => *cpf,
        TaxId::Cnpj(cnpj) => match persona_of(tax_id) {
            PersonaKind::SmallRetailer | PersonaKind::ServicesCompany => {
                BUSINESS_PERSONAS_USER.parse().unwrap_or_else(|_| derived_cpf(cnpj.as_str()))
            }
            _ => derived_cpf(cnpj.as_str()),
        },
    }
}

/// A valid CPF derived from a CNPJ (the partner who logs in for a generic company).
fn derived_cpf(cnpj: &str) -> Cpf {
    let mut rng = Seed::root(&[b"logged-user", cnpj.as_bytes()]).rng();
    super::accounts::random_cpf(&mut rng)
}

/// Who holds the products.
#[derive(Clone, Debug)]
pub(crate) enum Holder {
    /// A person: identity, occupation and declared monthly income (cents).
    Person { person: Person, occupation: &'static str, income: i64 },
    /// A company and its declared yearly revenue (cents).
    Company { company: Company, revenue: i64 },
}

/// What a persona holds at a bank.
#[derive(Clone, Debug)]
pub(crate) struct Profile {
    pub holder: Holder,
    /// Start of the relationship with the bank.
    pub since: Date,
    pub accounts: Vec<AccountSpec>,
    pub cards: Vec<CardSpec>,
    pub contracts: Vec<ContractSpec>,
    pub investments: Vec<InvestmentSpec>,
}

/// A one-element table, for labels naming a single organisation.
pub(crate) fn one(org: &'static Org) -> &'static [Org] {
    std::slice::from_ref(org)
}

pub(crate) fn daily(mean_milli: u32, weekend_pct: u32) -> When {
    When::Daily { mean_milli, weekend_pct }
}

/// The start of a customer's relationship with the bank: years ago, before any window.
pub(crate) fn relationship_start(seed: &Seed, window: &Window) -> Date {
    let mut rng = seed.child("since", &[]).rng();
    let drawn = Ym { year: between(&mut rng, 2010, 2019) as i32, month: between(&mut rng, 1, 12) as u8 }
        .day(between(&mut rng, 1, 28) as u8);
    drawn.min(window.start - Duration::days(400))
}

pub(crate) fn checking(
    slot: u8,
    opened: Date,
    level: (i64, i64),
    overdraft: i64,
    streams: Vec<Stream>,
) -> AccountSpec {
    AccountSpec {
        slot,
        account_type: AccountType::ContaDepositoAVista,
        subtype: AccountSubType::Individual,
        status: ResourceStatus::Available,
        opened,
        level: Level::Range(level.0, level.1),
        overdraft_limit: overdraft,
        overdraft_rate_millionths: 80_000,
        streams,
    }
}

pub(crate) fn savings(slot: u8, opened: Date, base: i64, step: i64) -> AccountSpec {
    AccountSpec {
        slot,
        account_type: AccountType::ContaPoupanca,
        subtype: AccountSubType::Individual,
        status: ResourceStatus::Available,
        opened,
        level: Level::Savings { base, step, anniversary: 12, transfer_day: 8, rate_millionths: 5_000 },
        overdraft_limit: 0,
        overdraft_rate_millionths: 0,
        streams: Vec::new(),
    }
}

/// Household streams of a person with this monthly income (cents): tariffs, utilities,
/// transfers to and from people, pharmacy, cash.
pub(crate) fn household(rng: &mut ChaCha8Rng, income: i64) -> Vec<Stream> {
    use super::names::{PHARMACIES, UTILITIES};
    let k = |cents: i64| (cents * income / 685_000).max(cents / 4);
    let electricity = [&UTILITIES[0], &UTILITIES[6], &UTILITIES[7]][between(rng, 0, 2) as usize];
    let water = &UTILITIES[1];
    let phone = [&UTILITIES[3], &UTILITIES[4], &UTILITIES[5]][between(rng, 0, 2) as usize];
    vec![
        Stream::new(
            When::MonthDay(3),
            false,
            T::PacoteTarifaServicos,
            3_490,
            3_490,
            Label::Text("TARIFA PACOTE SERVICOS", None),
        ),
        Stream::new(
            When::MonthDay(12),
            false,
            T::ConvenioArrecadacao,
            k(12_000),
            k(26_000),
            Label::Orgs("PAGTO CONTA ", one(electricity)),
        ),
        Stream::new(
            When::MonthDay(16),
            false,
            T::ConvenioArrecadacao,
            k(6_000),
            k(14_000),
            Label::Orgs("PAGTO CONTA ", one(water)),
        ),
        Stream::new(
            When::MonthDay(20),
            false,
            T::ConvenioArrecadacao,
            9_990,
            9_990,
            Label::Orgs("PAGTO CONTA ", one(phone)),
        ),
        Stream::new(daily(250, 120), false, T::Pix, 2_000, k(30_000), Label::Person("PIX ENVIADO ")).skewed(),
        Stream::new(daily(100, 100), true, T::Pix, 2_000, 20_000, Label::Person("PIX RECEBIDO ")).skewed(),
        Stream::new(
            daily(60, 100),
            false,
            T::Cartao,
            1_500,
            k(15_000),
            Label::Orgs("COMPRA CARTAO DEB ", PHARMACIES),
        )
        .skewed(),
        Stream::new(
            When::Weekly { weekday: time::Weekday::Saturday, permille: 250 },
            false,
            T::Saque,
            5_000,
            k(40_000),
            Label::Text("SAQUE 24H BANCO24HORAS", None),
        ),
    ]
}

/// A card with everyday purchases scaled to a monthly income (cents).
pub(crate) fn everyday_card(
    slot: u8,
    income: i64,
    name: &'static str,
    product: CardProductType,
    network: CardNetwork,
) -> CardSpec {
    use super::names::{FUEL, RESTAURANTS, RIDE_HAILING, SHOPS, SUBSCRIPTIONS, SUPERMARKETS};
    let k = |cents: i64| (cents * income / 685_000).max(cents / 4);
    // Poorer holders buy less often as well as less.
    let f = |milli: u32| milli * (income * 1000 / 685_000).clamp(400, 1200) as u32 / 1000;
    CardSpec {
        slot,
        name,
        product_type: product,
        network,
        limit: (income * 2 / 100_000).max(5) * 100_000,
        closing_day: 3 + slot * 7,
        due_days: 7,
        purchases: vec![
            CardStream { mean_milli: f(250), weekend_pct: 160, orgs: SUPERMARKETS, lo: 3_000, hi: k(30_000) },
            CardStream { mean_milli: f(350), weekend_pct: 150, orgs: RESTAURANTS, lo: 2_500, hi: k(12_000) },
            CardStream { mean_milli: f(250), weekend_pct: 120, orgs: RIDE_HAILING, lo: 1_200, hi: k(6_000) },
            CardStream { mean_milli: f(100), weekend_pct: 100, orgs: FUEL, lo: 8_000, hi: k(25_000) },
            CardStream { mean_milli: f(50), weekend_pct: 150, orgs: SHOPS, lo: 3_000, hi: k(40_000) },
        ],
        subscriptions: vec![(&SUBSCRIPTIONS[0], 5_590, 7), (&SUBSCRIPTIONS[1], 2_190, 15)],
        plans_milli: f(200),
        plan_orgs: SHOPS,
        plan_amount: (60_000, k(300_000)),
        plan_instalments: (3, 10),
        revolving: None,
        payment: CardPayment {
            mode: BillPaymentMode::DebitoContaCorrente,
            late_days: (0, 0),
            account_slot: 0,
        },
        annual_fee: None,
        refunds_milli: 20,
    }
}

/// A personal loan (`CREDITO_PESSOAL_SEM_CONSIGNACAO`, clean personal credit).
pub(crate) fn personal_loan(
    slot: u8,
    principal: (i64, i64),
    term: i64,
    rate: (i64, i64),
    due_day: u8,
) -> ContractSpec {
    ContractSpec {
        family: Family::Loans,
        slot,
        product_type: ProductType::Emprestimos,
        sub_type: ProductSubType::CreditoPessoalSemConsignacao,
        category: Some(ProductSubTypeCategory::CreditoPessoalClean),
        product_name: "CREDITO PESSOAL",
        modality: "0203",
        principal,
        term,
        rate_millionths: rate,
        due_day,
        contract_day: due_day + 3,
        late: (50, 1, 4),
        pays_from: Some(0),
        disburse_to: Some(0),
        warranty: None,
        consignee: None,
        insurance: true,
    }
}

/// A payroll- or benefit-deductible loan: instalments never touch the account.
pub(crate) fn consigned_loan(
    slot: u8,
    principal: (i64, i64),
    term: i64,
    rate: (i64, i64),
    payer: &'static Org,
) -> ContractSpec {
    ContractSpec {
        family: Family::Loans,
        slot,
        product_type: ProductType::Emprestimos,
        sub_type: ProductSubType::CreditoPessoalComConsignacao,
        category: Some(ProductSubTypeCategory::Outro),
        product_name: "CREDITO CONSIGNADO",
        modality: "0202",
        principal,
        term,
        rate_millionths: rate,
        due_day: 5,
        contract_day: 20,
        late: (0, 0, 0),
        pays_from: None,
        disburse_to: Some(0),
        warranty: None,
        consignee: Some(payer.cnpj),
        insurance: false,
    }
}
