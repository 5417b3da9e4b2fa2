//! People whose money is irregular or strained: the gig worker, the over-indebted, the bettor
//! and the thin file.

use super::*;

pub(super) fn gig_worker(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
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

pub(super) fn over_indebted(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
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

pub(super) fn bettor(rng: &mut ChaCha8Rng, holder: Person, since: Date) -> Profile {
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

pub(super) fn thin_file(ctx: &PersonaCtx, rng: &mut ChaCha8Rng, holder: Person) -> Profile {
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
