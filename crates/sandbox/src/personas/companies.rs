//! Profiles of the business (CNPJ) personas: a small retailer living on card-acquirer
//! receivables, a services company depending on one client, and generic companies shaped like
//! the retailer at another scale. Amounts are in cents.

use ponte_domain::TaxId;
use rand_chacha::ChaCha8Rng;
use time::Duration;

use super::PersonaCtx;
use super::accounts::{Label, Partie, Stream, When, short_person_name};
use super::cards::{CardPayment, CardSpec, CardStream};
use super::credit::ContractSpec;
use super::customers::{Person, company, person};
use super::kinds::{
    Holder, PersonaKind, Profile, checking, daily, everyday_card, logged_user, one, persona_of,
    relationship_start,
};
use super::names::{
    ACQUIRERS, CAIXA_FGTS, CLIENTS, FUEL, LANDLORDS, PREFEITURA, RECEITA_FEDERAL, RESTAURANTS, RIDE_HAILING,
    SHOPS, SOFTWARE, SUPPLIERS, SURNAMES, UTILITIES,
};
use super::people::birth_years;
use super::rng::{between, pick};
use crate::data::accounts::{AccountTransactionType as T, PartiePersonType};
use crate::data::credit_cards::{BillPaymentMode, CardNetwork, CardProductType};
use crate::data::credit_operations::{
    Family, ProductSubType, ProductSubTypeCategory, ProductType, WarrantySubType, WarrantyType,
};

pub(crate) fn profile(kind: PersonaKind, ctx: &PersonaCtx) -> Profile {
    let mut rng = ctx.person_seed.child("profile", &[]).rng();
    let owner_cpf = ctx.tax_id.parse::<TaxId>().map(|t| logged_user(&t));
    let owner_cpf = owner_cpf.map(|c| c.as_str().to_owned()).unwrap_or_default();
    let owner_kind = owner_cpf.parse::<TaxId>().map(|t| persona_of(&t)).unwrap_or(PersonaKind::Generic);
    let owner = person(&owner_cpf, birth_years(owner_kind));
    match kind {
        PersonaKind::ServicesCompany => services_company(ctx, &mut rng, &owner),
        PersonaKind::SmallRetailer => {
            let (name, trade) = ("MERCADINHO BOM PRECO LTDA".to_owned(), "MERCADINHO BOM PRECO".to_owned());
            retailer(ctx, &mut rng, &owner, 1000, name, trade, "4712100")
        }
        _ => {
            let surname = pick(&mut rng, SURNAMES);
            let name = format!("COMERCIO {surname} LTDA");
            let trade = format!("LOJA {surname}");
            let scale = between(&mut rng, 300, 2000);
            retailer(ctx, &mut rng, &owner, scale, name, trade, "4781400")
        }
    }
}

fn employees(rng: &mut ChaCha8Rng, n: usize, lo: i64, hi: i64) -> Vec<Stream> {
    (0..n)
        .map(|_| {
            let name = short_person_name(rng);
            let partie = Partie::random_person(rng);
            let pay = between(rng, lo / 100, hi / 100) * 100;
            Stream::new(
                When::BusinessDay(5),
                false,
                T::FolhaPagamento,
                pay,
                pay,
                Label::Known("PAGTO SALARIO ", vec![(name, partie)]),
            )
            .hours(7, 10)
        })
        .collect()
}

/// The partner's monthly withdrawal (pro-labore) to their own CPF.
fn pro_labore(rng: &mut ChaCha8Rng, owner: &Person, cents: i64) -> Stream {
    let mut partie = Partie::random_person(rng);
    partie.cnpj_cpf = owner.cpf.clone();
    partie.person_type = PartiePersonType::PessoaNatural;
    Stream::new(
        When::MonthDay(6),
        false,
        T::Pix,
        cents,
        cents,
        Label::Known("PIX ENVIADO ", vec![(owner.short_name.clone(), partie)]),
    )
}

fn business_card(
    slot: u8,
    name: &'static str,
    product: CardProductType,
    network: CardNetwork,
    limit: i64,
) -> CardSpec {
    CardSpec {
        limit,
        closing_day: 5,
        due_days: 10,
        purchases: vec![
            CardStream { mean_milli: 300, weekend_pct: 30, orgs: FUEL, lo: 10_000, hi: 40_000 },
            CardStream { mean_milli: 200, weekend_pct: 30, orgs: RESTAURANTS, lo: 3_000, hi: 15_000 },
            CardStream { mean_milli: 150, weekend_pct: 50, orgs: RIDE_HAILING, lo: 1_500, hi: 7_000 },
            CardStream { mean_milli: 100, weekend_pct: 30, orgs: SHOPS, lo: 5_000, hi: 60_000 },
        ],
        subscriptions: vec![(&SOFTWARE[0], 4_200, 3), (&SOFTWARE[2], 18_900, 10), (&SOFTWARE[1], 6_000, 18)],
        plans_milli: 200,
        plan_orgs: SHOPS,
        plan_amount: (100_000, 600_000),
        plan_instalments: (3, 10),
        revolving: None,
        payment: CardPayment {
            mode: BillPaymentMode::DebitoContaCorrente,
            late_days: (0, 0),
            account_slot: 0,
        },
        annual_fee: None,
        refunds_milli: 10,
        ..everyday_card(slot, 1_000_000, name, product, network)
    }
}

/// A shop: card-acquirer receivables and PIX sales in; suppliers, payroll, FGTS, the Simples
/// Nacional DAS, rent and a working-capital loan out. `scale` ‰ multiplies the sizes.
#[allow(clippy::too_many_arguments)]
fn retailer(
    ctx: &PersonaCtx,
    rng: &mut ChaCha8Rng,
    owner: &Person,
    scale: i64,
    name: String,
    trade: String,
    cnae: &'static str,
) -> Profile {
    let s = |cents: i64| cents * scale / 1000;
    let mut streams = vec![
        // Acquirers settle on business days only.
        Stream::new(
            daily(2_200, 0),
            true,
            T::Ted,
            s(50_000),
            s(400_000),
            Label::Orgs("CRED VENDAS CARTAO ", ACQUIRERS),
        )
        .skewed()
        .hours(5, 8),
        Stream::new(daily(9_000, 120), true, T::Pix, 1_000, 15_000, Label::Person("PIX RECEBIDO "))
            .skewed()
            .hours(8, 21),
        Stream::new(
            daily(700, 0),
            false,
            T::Boleto,
            s(80_000),
            s(800_000),
            Label::Orgs("PAGTO BOLETO ", SUPPLIERS),
        )
        .skewed(),
        Stream::new(
            When::MonthDay(7),
            false,
            T::ConvenioArrecadacao,
            s(64_000),
            s(70_000),
            Label::Text("PAGTO FGTS", Some(&CAIXA_FGTS)),
        ),
        Stream::new(
            When::MonthDay(20),
            false,
            T::ConvenioArrecadacao,
            s(450_000),
            s(520_000),
            Label::Text("PAGTO DAS SIMPLES NACIONAL", Some(&RECEITA_FEDERAL)),
        ),
        Stream::new(
            When::MonthDay(10),
            false,
            T::Boleto,
            s(450_000),
            s(450_000),
            Label::Orgs("PAGTO BOLETO ", one(&LANDLORDS[2])),
        ),
        Stream::new(
            When::MonthDay(15),
            false,
            T::ConvenioArrecadacao,
            s(80_000),
            s(140_000),
            Label::Orgs("PAGTO CONTA ", one(&UTILITIES[0])),
        ),
        Stream::new(
            When::MonthDay(18),
            false,
            T::ConvenioArrecadacao,
            29_990,
            29_990,
            Label::Orgs("PAGTO CONTA ", one(&UTILITIES[3])),
        ),
        Stream::new(
            When::MonthDay(2),
            false,
            T::PacoteTarifaServicos,
            8_900,
            8_900,
            Label::Text("TARIFA PACOTE SERVICOS PJ", None),
        ),
        Stream::new(
            daily(100, 0),
            false,
            T::TarifaServicosAvulsos,
            1_090,
            1_090,
            Label::Text("TARIFA TED", None),
        ),
        pro_labore(rng, owner, s(600_000) / 100 * 100),
    ];
    streams.extend(employees(rng, 4, s(160_000), s(260_000)));
    let c = company(&ctx.tax_id, &name, &trade, cnae, owner);
    let since = relationship_start(&ctx.person_seed, &ctx.window).max(c.incorporated + Duration::days(30));
    let working_capital = ContractSpec {
        family: Family::Loans,
        slot: 0,
        product_type: ProductType::Emprestimos,
        sub_type: ProductSubType::CapitalGiroPrazoVencimentoSuperior365Dias,
        category: Some(ProductSubTypeCategory::Outro),
        product_name: "CAPITAL DE GIRO",
        modality: "0216",
        principal: (s(5_000_000), s(10_000_000)),
        term: 24,
        rate_millionths: (17_000, 21_000),
        due_day: 12,
        contract_day: 20,
        late: (50, 1, 3),
        pays_from: Some(0),
        disburse_to: Some(0),
        warranty: Some((WarrantyType::GarantiaFidejussoria, WarrantySubType::PessoaFisica, 0)),
        consignee: None,
        insurance: false,
    };
    let vehicle = ContractSpec {
        family: Family::Financings,
        slot: 0,
        product_type: ProductType::Financiamentos,
        sub_type: ProductSubType::AquisicaoBensVeiculosAutomotores,
        category: None,
        product_name: "FINANCIAMENTO VEICULO UTILITARIO",
        modality: "0401",
        principal: (s(6_000_000), s(9_000_000)),
        term: 48,
        rate_millionths: (14_000, 17_000),
        due_day: 8,
        contract_day: 22,
        late: (30, 1, 3),
        pays_from: Some(0),
        disburse_to: None,
        warranty: Some((WarrantyType::AlienacaoFiduciaria, WarrantySubType::VeiculosAutomotores, 1_200)),
        consignee: None,
        insurance: true,
    };
    let discount = ContractSpec {
        family: Family::InvoiceFinancings,
        slot: 0,
        product_type: ProductType::DireitosCreditoriosDescontados,
        sub_type: ProductSubType::DescontoDuplicatas,
        category: None,
        product_name: "DESCONTO DE DUPLICATAS",
        modality: "0301",
        principal: (s(2_000_000), s(4_000_000)),
        term: 3,
        rate_millionths: (25_000, 30_000),
        due_day: 15,
        contract_day: 25,
        late: (0, 0, 0),
        pays_from: Some(0),
        disburse_to: Some(0),
        warranty: Some((WarrantyType::CessaoDireitosCreditorios, WarrantySubType::Duplicatas, 1_000)),
        consignee: None,
        insurance: false,
    };
    Profile {
        holder: Holder::Company { company: c, revenue: s(93_600_000) },
        since,
        accounts: vec![{
            let mut a =
                checking(0, since, (s(800_000), s(2_500_000)), s(1_000_000) / 10_000 * 10_000, streams);
            a.overdraft_rate_millionths = 60_000;
            a
        }],
        cards: vec![business_card(
            0,
            "PONTE EMPRESARIAL VISA",
            CardProductType::Empresarial,
            CardNetwork::Visa,
            s(3_000_000) / 100_000 * 100_000,
        )],
        contracts: vec![working_capital, vehicle, discount],
        investments: Vec::new(),
    }
}

/// A consultancy: one client pays about 80 % of revenue on the 10th, after the payroll on the
/// 5th business day — so the account is in overdraft for a few days every month.
fn services_company(ctx: &PersonaCtx, rng: &mut ChaCha8Rng, owner: &Person) -> Profile {
    let mut streams = vec![
        Stream::new(
            When::MonthDay(10),
            true,
            T::Ted,
            4_000_000,
            4_400_000,
            Label::Orgs("TED RECEBIDA ", one(&CLIENTS[0])),
        )
        .hours(9, 12),
        Stream::new(
            daily(150, 0),
            true,
            T::Pix,
            150_000,
            400_000,
            Label::Orgs("PIX RECEBIDO ", &CLIENTS[1..]),
        ),
        Stream::new(
            When::MonthDay(7),
            false,
            T::ConvenioArrecadacao,
            160_000,
            180_000,
            Label::Text("PAGTO FGTS", Some(&CAIXA_FGTS)),
        ),
        Stream::new(
            When::MonthDay(20),
            false,
            T::ConvenioArrecadacao,
            250_000,
            300_000,
            Label::Text("PAGTO DARF IRPJ CSLL", Some(&RECEITA_FEDERAL)),
        ),
        Stream::new(
            When::MonthDay(24),
            false,
            T::ConvenioArrecadacao,
            200_000,
            240_000,
            Label::Text("PAGTO DARF PIS COFINS", Some(&RECEITA_FEDERAL)),
        ),
        Stream::new(
            When::MonthDay(10),
            false,
            T::ConvenioArrecadacao,
            80_000,
            90_000,
            Label::Text("PAGTO ISS", Some(&PREFEITURA)),
        ),
        Stream::new(
            When::MonthDay(5),
            false,
            T::Boleto,
            600_000,
            600_000,
            Label::Orgs("PAGTO BOLETO ", one(&LANDLORDS[3])),
        ),
        Stream::new(
            When::MonthDay(15),
            false,
            T::ConvenioArrecadacao,
            40_000,
            70_000,
            Label::Orgs("PAGTO CONTA ", one(&UTILITIES[0])),
        ),
        Stream::new(
            When::MonthDay(18),
            false,
            T::ConvenioArrecadacao,
            49_990,
            49_990,
            Label::Orgs("PAGTO CONTA ", one(&UTILITIES[4])),
        ),
        Stream::new(
            When::MonthDay(2),
            false,
            T::PacoteTarifaServicos,
            8_900,
            8_900,
            Label::Text("TARIFA PACOTE SERVICOS PJ", None),
        ),
        pro_labore(rng, owner, 700_000),
    ];
    streams.extend(employees(rng, 6, 250_000, 450_000));
    let c = company(&ctx.tax_id, "ORBITA CONSULTORIA EM TECNOLOGIA LTDA", "ORBITA TECH", "6204000", owner);
    let since = relationship_start(&ctx.person_seed, &ctx.window).max(c.incorporated + Duration::days(30));
    let mut account = checking(0, since, (-250_000, 250_000), 6_000_000, streams);
    account.overdraft_rate_millionths = 50_000;
    Profile {
        holder: Holder::Company { company: c, revenue: 61_200_000 },
        since,
        accounts: vec![account],
        cards: vec![business_card(
            0,
            "PONTE CORPORATIVO MASTERCARD",
            CardProductType::Corporativo,
            CardNetwork::Mastercard,
            2_000_000,
        )],
        contracts: Vec::new(),
        investments: Vec::new(),
    }
}
