//! People with settled finances: the retiree, the joint account and the high-volume persona.

use super::*;

pub(super) fn retiree(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
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

pub(super) fn joint_account(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
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

pub(super) fn high_volume(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
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
