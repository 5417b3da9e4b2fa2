//! Profiles of the personal (CPF) personas. Amounts are in cents. Choices that describe the
//! person (employer, salary, landlord) come from the person's seed, so they are the same at
//! every bank; the bank's seed only varies the day-to-day transactions.

use rand_chacha::ChaCha8Rng;
use time::{Date, Duration, Weekday};

use super::PersonaCtx;
use super::accounts::{AccountSpec, Label, Level, Partie, Stream, When, short_person_name};
use super::cards::{CardPayment, CardSpec, CardStream};
use super::credit::ContractSpec;
use super::customers::{Person, person};
use super::investments::InvestmentSpec;
use super::kinds::{
    Holder, PersonaKind, Profile, checking, consigned_loan, daily, everyday_card, household, one,
    personal_loan, relationship_start, savings,
};
use super::names::{
    BETTING, EMPLOYERS, FUEL, HEALTH, INSS, LANDLORDS, Org, PLATFORMS, RECEITA_FEDERAL, RESTAURANTS,
    RIDE_HAILING, SHOPS, SUBSCRIPTIONS, SUPERMARKETS, SUPPLIERS,
};
use super::rng::{Ym, between, chance, pick};
use crate::data::accounts::{AccountSubType, AccountTransactionType as T, AccountType};
use crate::data::credit_cards::{BillPaymentMode, CardNetwork, CardProductType};
use crate::data::credit_operations::{Family, ProductSubType, ProductType};
use crate::data::fixed_incomes::InvestmentType;
use crate::data::resources::ResourceStatus;

/// Birth-year range of a persona (a CPF has one identity wherever it appears).
pub(crate) fn birth_years(kind: PersonaKind) -> (i32, i32) {
    match kind {
        PersonaKind::GigWorker | PersonaKind::Bettor => (1993, 2001),
        PersonaKind::ThinFile => (2003, 2006),
        PersonaKind::Retiree => (1950, 1959),
        PersonaKind::OverIndebted => (1976, 1990),
        _ => (1970, 1995),
    }
}

pub(crate) fn profile(kind: PersonaKind, ctx: &PersonaCtx) -> Profile {
    let mut rng = ctx.person_seed.child("profile", &[]).rng();
    let holder = person(&ctx.tax_id, birth_years(kind));
    let since = relationship_start(&ctx.person_seed, &ctx.window);
    match kind {
        PersonaKind::GigWorker => gig_worker(&mut rng, holder, since),
        PersonaKind::OverIndebted => over_indebted(&mut rng, holder, since),
        PersonaKind::Bettor => bettor(&mut rng, holder, since),
        PersonaKind::ThinFile => thin_file(ctx, &mut rng, holder),
        PersonaKind::Retiree => retiree(&mut rng, holder, since),
        PersonaKind::JointAccount => joint_account(&mut rng, holder, since),
        PersonaKind::HighVolume => high_volume(&mut rng, holder, since),
        PersonaKind::Salaried => salaried(&mut rng, holder, since, 685_000, true, true, true),
        PersonaKind::FailsCodeExchange => salaried(&mut rng, holder, since, 540_000, true, true, true),
        _ => {
            let income = between(&mut rng, 25, 120) * 10_000;
            let (savings, card, loan) = (chance(&mut rng, 500), chance(&mut rng, 700), chance(&mut rng, 400));
            salaried(&mut rng, holder, since, income, savings, card, loan)
        }
    }
}

/// A known counterparty: a short name as statements print it, and an account.
fn known(rng: &mut ChaCha8Rng) -> (String, Partie) {
    let name = short_person_name(rng);
    (name, Partie::random_person(rng))
}

fn salary(employer: &'static Org, income: i64) -> Vec<Stream> {
    let half = income / 2;
    vec![
        Stream::new(
            When::BusinessDay(5),
            true,
            T::FolhaPagamento,
            income,
            income + income / 100,
            Label::Orgs("PAGTO SALARIO ", one(employer)),
        )
        .hours(6, 9),
        Stream::new(
            When::Yearly { month: 11, day: 28 },
            true,
            T::FolhaPagamento,
            half,
            half,
            Label::Orgs("PAGTO 13 SALARIO ", one(employer)),
        )
        .hours(6, 9),
        Stream::new(
            When::Yearly { month: 12, day: 18 },
            true,
            T::FolhaPagamento,
            half,
            half,
            Label::Orgs("PAGTO 13 SALARIO ", one(employer)),
        )
        .hours(6, 9),
    ]
}

fn rent(day: u8, cents: i64, landlord: &'static Org) -> Stream {
    Stream::new(
        When::MonthDay(day),
        false,
        T::Boleto,
        cents,
        cents,
        Label::Orgs("PAGTO BOLETO ", one(landlord)),
    )
}

fn groceries(mean_milli: u32, hi: i64) -> Stream {
    Stream::new(
        daily(mean_milli, 150),
        false,
        T::Cartao,
        3_000,
        hi,
        Label::Orgs("COMPRA CARTAO DEB ", SUPERMARKETS),
    )
    .skewed()
}

fn person_holder(person: Person, occupation: &'static str, income: i64) -> Holder {
    Holder::Person { person, occupation, income }
}

#[allow(clippy::too_many_arguments)]
fn salaried(
    rng: &mut ChaCha8Rng,
    holder: Person,
    since: Date,
    income: i64,
    with_savings: bool,
    with_card: bool,
    with_loan: bool,
) -> Profile {
    let k = |cents: i64| cents * income / 685_000;
    let employer = pick(rng, EMPLOYERS);
    let mut streams = salary(employer, income);
    streams.push(rent(10, k(170_000) / 100 * 100, pick(rng, LANDLORDS)));
    streams.push(Stream::new(
        When::MonthDay(25),
        false,
        T::Boleto,
        k(45_000),
        k(45_000),
        Label::Orgs("PAGTO BOLETO ", one(pick(rng, HEALTH))),
    ));
    streams.extend(household(rng, income));
    if !with_card {
        streams.push(groceries(300, k(40_000)));
    }
    let mut accounts =
        vec![checking(0, since, (k(180_000), k(420_000)), k(200_000) / 10_000 * 10_000, streams)];
    if with_savings {
        accounts.push(savings(1, since + Duration::days(40), k(800_000), k(40_000)));
    }
    let cards = if with_card {
        vec![everyday_card(
            0,
            income,
            "PONTE GOLD MASTERCARD",
            CardProductType::Gold,
            CardNetwork::Mastercard,
        )]
    } else {
        Vec::new()
    };
    let contracts = if with_loan {
        vec![personal_loan(0, (k(800_000), k(1_500_000)), 24, (19_900, 29_900), 15)]
    } else {
        Vec::new()
    };
    Profile {
        holder: person_holder(holder, "ANALISTA ADMINISTRATIVO", income),
        since,
        accounts,
        cards,
        contracts,
        investments: Vec::new(),
    }
}

fn gig_worker(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
    let landlord = known(rng);
    let streams = vec![
        Stream::new(
            When::Weekly { weekday: Weekday::Wednesday, permille: 850 },
            true,
            T::Pix,
            25_000,
            90_000,
            Label::Orgs("PIX RECEBIDO ", one(&PLATFORMS[0])),
        ),
        Stream::new(
            daily(300, 130),
            true,
            T::Pix,
            6_000,
            35_000,
            Label::Orgs("PIX RECEBIDO ", one(&PLATFORMS[1])),
        )
        .skewed(),
        Stream::new(
            daily(150, 130),
            true,
            T::Pix,
            5_000,
            25_000,
            Label::Orgs("PIX RECEBIDO ", one(&PLATFORMS[2])),
        )
        .skewed(),
        Stream::new(
            When::Weekly { weekday: Weekday::Monday, permille: 300 },
            true,
            T::Ted,
            10_000,
            40_000,
            Label::Orgs("TED RECEBIDA ", one(&PLATFORMS[3])),
        ),
        Stream::new(
            daily(450, 110),
            false,
            T::Cartao,
            6_000,
            18_000,
            Label::Orgs("COMPRA CARTAO DEB ", FUEL),
        ),
        Stream::new(
            When::MonthDay(5),
            false,
            T::Pix,
            120_000,
            120_000,
            Label::Known("PIX ENVIADO ", vec![landlord]),
        ),
        Stream::new(
            When::MonthDay(20),
            false,
            T::ConvenioArrecadacao,
            7_560,
            7_560,
            Label::Text("PAGTO DAS MEI", Some(&RECEITA_FEDERAL)),
        ),
        Stream::new(
            When::MonthDay(10),
            false,
            T::Outros,
            4_000,
            4_000,
            Label::Text("RECARGA CELULAR TIM", None),
        ),
        Stream::new(
            When::MonthDay(14),
            false,
            T::Boleto,
            15_000,
            60_000,
            Label::Text("PAGTO BOLETO OFICINA MECANICA", None),
        ),
        groceries(300, 25_000),
        Stream::new(daily(250, 120), false, T::Pix, 1_000, 15_000, Label::Person("PIX ENVIADO ")).skewed(),
    ];
    let card = CardSpec {
        limit: 150_000,
        purchases: vec![
            CardStream { mean_milli: 200, weekend_pct: 150, orgs: RESTAURANTS, lo: 1_500, hi: 5_000 },
            CardStream { mean_milli: 80, weekend_pct: 150, orgs: SUPERMARKETS, lo: 2_000, hi: 15_000 },
        ],
        subscriptions: vec![(&SUBSCRIPTIONS[1], 2_190, 15)],
        plans_milli: 100,
        plan_amount: (30_000, 120_000),
        payment: CardPayment { mode: BillPaymentMode::BoletoBancario, late_days: (0, 2), account_slot: 0 },
        ..everyday_card(0, 350_000, "PONTE BASICO VISA", CardProductType::BasicoNacional, CardNetwork::Visa)
    };
    Profile {
        holder: person_holder(holder, "MOTORISTA E ENTREGADOR DE APLICATIVO", 350_000),
        since,
        accounts: vec![checking(0, since, (80_000, 220_000), 80_000, streams)],
        cards: vec![card],
        contracts: Vec::new(),
        investments: Vec::new(),
    }
}

fn over_indebted(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
    let income = 480_000;
    let employer = pick(rng, EMPLOYERS);
    let mut streams = salary(employer, income);
    streams.push(rent(6, 110_000, pick(rng, LANDLORDS)));
    streams.extend(household(rng, income));
    streams.push(groceries(200, 20_000));
    let card = CardSpec {
        limit: 500_000,
        closing_day: 25,
        due_days: 8,
        purchases: vec![
            CardStream { mean_milli: 150, weekend_pct: 150, orgs: SUPERMARKETS, lo: 3_000, hi: 18_000 },
            CardStream { mean_milli: 200, weekend_pct: 150, orgs: RESTAURANTS, lo: 2_000, hi: 7_000 },
            CardStream { mean_milli: 60, weekend_pct: 150, orgs: SHOPS, lo: 5_000, hi: 25_000 },
        ],
        subscriptions: vec![(&SUBSCRIPTIONS[0], 5_590, 7)],
        plans_milli: 300,
        plan_amount: (40_000, 120_000),
        plan_instalments: (3, 8),
        revolving: Some((200_000, 240_000)),
        payment: CardPayment { mode: BillPaymentMode::BoletoBancario, late_days: (3, 6), account_slot: 0 },
        annual_fee: Some(3_500),
        refunds_milli: 10,
        ..everyday_card(
            0,
            income,
            "PONTE INTERNACIONAL VISA",
            CardProductType::ClassicInternacional,
            CardNetwork::Visa,
        )
    };
    let mut late_loan = personal_loan(0, (900_000, 1_300_000), 36, (42_000, 48_000), 10);
    // Always a month or more behind: one or two instalments past due at any time.
    late_loan.late = (1000, 33, 40);
    let mut app_loan = personal_loan(2, (200_000, 400_000), 12, (55_000, 65_000), 12);
    app_loan.product_name = "EMPRESTIMO PESSOAL APP";
    app_loan.late = (700, 15, 25);
    let unarranged = ContractSpec {
        family: Family::UnarrangedAccountOverdraft,
        slot: 0,
        product_type: ProductType::AdiantamentoADepositantes,
        sub_type: ProductSubType::AdiantamentoADepositantes,
        category: None,
        product_name: "ADIANTAMENTO A DEPOSITANTES",
        modality: "0101",
        principal: (20_000, 90_000),
        term: 0,
        rate_millionths: (80_000, 90_000),
        due_day: 1,
        contract_day: 18,
        late: (0, 0, 0),
        pays_from: None,
        disburse_to: None,
        warranty: None,
        consignee: None,
        insurance: false,
    };
    Profile {
        holder: person_holder(holder, "AUXILIAR ADMINISTRATIVO", income),
        since,
        accounts: vec![checking(0, since, (-260_000, -130_000), 300_000, streams)],
        cards: vec![card],
        contracts: vec![
            late_loan,
            consigned_loan(1, (1_200_000, 1_800_000), 48, (18_000, 22_000), employer),
            app_loan,
            unarranged,
        ],
        investments: Vec::new(),
    }
}

fn bettor(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
    let income = 420_000;
    let employer = pick(rng, EMPLOYERS);
    let mut streams = salary(employer, income);
    streams.push(rent(10, 100_000, pick(rng, LANDLORDS)));
    streams.extend(household(rng, income));
    streams.push(groceries(200, 20_000));
    streams.push(
        Stream::new(daily(700, 180), false, T::Pix, 1_000, 30_000, Label::Orgs("PIX ENVIADO ", BETTING))
            .skewed()
            .hours(10, 24),
    );
    streams.push(
        Stream::new(daily(120, 150), true, T::Pix, 2_000, 80_000, Label::Orgs("PIX RECEBIDO ", BETTING))
            .skewed()
            .hours(10, 24),
    );
    let mut card = everyday_card(
        0,
        income,
        "PONTE PLATINUM MASTERCARD",
        CardProductType::Platinum,
        CardNetwork::Mastercard,
    );
    card.purchases.push(CardStream {
        mean_milli: 150,
        weekend_pct: 200,
        orgs: BETTING,
        lo: 2_000,
        hi: 10_000,
    });
    Profile {
        holder: person_holder(holder, "VENDEDOR", income),
        since,
        accounts: vec![checking(0, since, (20_000, 120_000), 100_000, streams)],
        cards: vec![card],
        contracts: Vec::new(),
        investments: Vec::new(),
    }
}

fn thin_file(ctx: &PersonaCtx, rng: &mut ChaCha8Rng, holder: Person) -> Profile {
    // Opened in the month two months before today's: the account (and its id) changes when
    // the month does, so it always looks about two months old.
    let open_ym = Ym::of(ctx.window.today).add(-2);
    let opened = open_ym.day(between(&mut ctx.seed.child("opened", &open_ym.bytes()).rng(), 1, 28) as u8);
    // The mother sends a monthly allowance ("PIX RECEBIDO MARIA S").
    let mut words = holder.mother.split_whitespace();
    let first = words.next().unwrap_or("MARIA");
    let initial = words.last().and_then(|w| w.get(..1)).unwrap_or("S");
    let mother = (format!("{first} {initial}"), Partie::random_person(rng));
    let streams = vec![
        Stream::new(
            When::On(opened),
            true,
            T::Pix,
            30_000,
            50_000,
            Label::Known("PIX RECEBIDO ", vec![mother.clone()]),
        )
        .hours(8, 10),
        Stream::new(
            When::MonthDay(5),
            true,
            T::Pix,
            60_000,
            90_000,
            Label::Known("PIX RECEBIDO ", vec![mother]),
        ),
        Stream::new(daily(60, 100), true, T::Pix, 1_000, 10_000, Label::Person("PIX RECEBIDO ")).skewed(),
        Stream::new(daily(150, 130), false, T::Pix, 1_000, 8_000, Label::Person("PIX ENVIADO ")).skewed(),
        Stream::new(
            daily(100, 150),
            false,
            T::Cartao,
            1_500,
            6_000,
            Label::Orgs("COMPRA CARTAO DEB ", RESTAURANTS),
        )
        .skewed(),
    ];
    Profile {
        holder: person_holder(holder, "ESTUDANTE", 150_000),
        since: opened,
        accounts: vec![checking(0, opened, (20_000, 80_000), 0, streams)],
        cards: Vec::new(),
        contracts: Vec::new(),
        investments: Vec::new(),
    }
}

fn retiree(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
    let benefit = between(rng, 280, 450) * 1_000;
    let half = benefit / 2;
    let mut streams = vec![
        Stream::new(
            When::BusinessDay(3),
            true,
            T::Outros,
            benefit,
            benefit,
            Label::Text("CRED BENEFICIO INSS", Some(&INSS)),
        )
        .hours(6, 8),
        Stream::new(
            When::Yearly { month: 8, day: 25 },
            true,
            T::Outros,
            half,
            half,
            Label::Text("CRED 13 SALARIO INSS", Some(&INSS)),
        )
        .hours(6, 8),
        Stream::new(
            When::Yearly { month: 11, day: 25 },
            true,
            T::Outros,
            half,
            half,
            Label::Text("CRED 13 SALARIO INSS", Some(&INSS)),
        )
        .hours(6, 8),
        Stream::new(
            When::MonthDay(10),
            false,
            T::Boleto,
            55_000,
            55_000,
            Label::Orgs("PAGTO BOLETO ", one(pick(rng, HEALTH))),
        ),
        groceries(200, 20_000),
    ];
    streams.extend(household(rng, benefit));
    let investments = vec![
        InvestmentSpec {
            slot: 0,
            investment_type: InvestmentType::Cdb,
            term: 24,
            principal: (2_000_000, 4_000_000),
            cdi_pct_millionths: (1_000_000, 1_100_000),
            account_slot: 0,
            purchase_day: 14,
        },
        InvestmentSpec {
            slot: 1,
            investment_type: InvestmentType::Cdb,
            term: 36,
            principal: (1_000_000, 3_000_000),
            cdi_pct_millionths: (1_050_000, 1_150_000),
            account_slot: 0,
            purchase_day: 21,
        },
    ];
    Profile {
        holder: person_holder(holder, "APOSENTADO", benefit),
        since,
        accounts: vec![
            checking(0, since, (150_000, 350_000), 0, streams),
            savings(1, since, 3_500_000, 20_000),
        ],
        cards: vec![everyday_card(
            0,
            benefit,
            "PONTE CLASSIC ELO",
            CardProductType::ClassicNacional,
            CardNetwork::Elo,
        )],
        contracts: vec![consigned_loan(0, (500_000, 1_000_000), 84, (16_000, 18_000), &INSS)],
        investments,
    }
}

fn joint_account(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
    let mut profile = salaried(rng, holder, since, 600_000, false, true, false);
    let partner = known(rng);
    profile.accounts.push(AccountSpec {
        slot: 1,
        account_type: AccountType::ContaDepositoAVista,
        subtype: AccountSubType::ConjuntaSolidaria,
        status: ResourceStatus::PendingAuthorisation,
        opened: since + Duration::days(200),
        level: Level::Range(100_000, 300_000),
        overdraft_limit: 0,
        overdraft_rate_millionths: 0,
        streams: vec![
            Stream::new(
                When::MonthDay(5),
                true,
                T::Pix,
                250_000,
                250_000,
                Label::Known("PIX RECEBIDO ", vec![partner]),
            ),
            Stream::new(
                When::MonthDay(10),
                false,
                T::Boleto,
                95_000,
                95_000,
                Label::Orgs("PAGTO BOLETO ", one(&LANDLORDS[1])),
            ),
            groceries(250, 35_000),
        ],
    });
    profile
}

fn high_volume(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
    let income = 1_500_000;
    let mut main = vec![
        Stream::new(daily(24_000, 70), true, T::Pix, 1_500, 30_000, Label::Person("PIX RECEBIDO ")).skewed(),
        Stream::new(daily(6_000, 60), false, T::Pix, 1_000, 20_000, Label::Person("PIX ENVIADO ")).skewed(),
        Stream::new(
            daily(3_000, 130),
            false,
            T::Cartao,
            1_500,
            20_000,
            Label::Orgs("COMPRA CARTAO DEB ", RESTAURANTS),
        )
        .skewed(),
        Stream::new(
            daily(1_500, 20),
            false,
            T::Boleto,
            20_000,
            120_000,
            Label::Orgs("PAGTO BOLETO ", SUPPLIERS),
        )
        .skewed(),
    ];
    main.extend(household(rng, income));
    let second = vec![
        Stream::new(daily(6_000, 80), true, T::Pix, 1_500, 20_000, Label::Person("PIX RECEBIDO ")).skewed(),
        Stream::new(daily(4_000, 80), false, T::Pix, 1_000, 15_000, Label::Person("PIX ENVIADO ")).skewed(),
        Stream::new(
            daily(2_500, 130),
            false,
            T::Cartao,
            2_000,
            15_000,
            Label::Orgs("COMPRA CARTAO DEB ", SUPERMARKETS),
        )
        .skewed(),
    ];
    let prepaid = vec![
        Stream::new(daily(4_000, 100), true, T::Pix, 1_000, 15_000, Label::Person("PIX RECEBIDO ")).skewed(),
        Stream::new(daily(3_000, 100), false, T::Pix, 1_000, 12_000, Label::Person("PIX ENVIADO ")).skewed(),
        Stream::new(
            daily(2_000, 150),
            false,
            T::Cartao,
            1_500,
            8_000,
            Label::Orgs("COMPRA CARTAO DEB ", RIDE_HAILING),
        )
        .skewed(),
    ];
    let mut prepaid_account = checking(2, since + Duration::days(300), (200_000, 400_000), 0, prepaid);
    prepaid_account.account_type = AccountType::ContaPagamentoPrePaga;
    let busy = |mut card: CardSpec, factor: u32| {
        for p in &mut card.purchases {
            p.mean_milli *= factor;
        }
        card.plans_milli = 600;
        card
    };
    Profile {
        holder: person_holder(holder, "COMERCIANTE", income),
        since,
        accounts: vec![
            checking(0, since, (2_000_000, 4_000_000), 500_000, main),
            checking(1, since + Duration::days(100), (500_000, 900_000), 0, second),
            prepaid_account,
        ],
        cards: vec![
            busy(
                everyday_card(
                    0,
                    685_000,
                    "PONTE BLACK MASTERCARD",
                    CardProductType::Black,
                    CardNetwork::Mastercard,
                ),
                6,
            ),
            busy(
                everyday_card(
                    1,
                    685_000,
                    "PONTE INFINITE VISA",
                    CardProductType::Infinite,
                    CardNetwork::Visa,
                ),
                5,
            ),
        ],
        contracts: Vec::new(),
        investments: Vec::new(),
    }
}
