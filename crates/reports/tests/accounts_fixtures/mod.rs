//! Hand-built data for the account and card products' tests: builders, one persona with every
//! field exercised, fixed categories, and proptest strategies over random consents.

#![allow(dead_code)]

pub mod generated;

use ponte_domain::finance::{
    Account, AccountKind, Balances, Bill, BillPayment, Card, CardLimit, CardTransaction, CardTransactionType,
    ConsentData, Counterparty, Direction, EntryStatus, FinanceCharge, MissingPart, OverdraftLimits,
    PersonType, Transaction, TransactionType,
};
use ponte_domain::{Amount, Audience, Money, ProductCode};
use ponte_reports::categorise::{Categorisation, Leaf, Role, TxnFacts};
use ponte_reports::{Analysis, Holder, ReportContext};
use serde_json::Value;
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime, Time};

/// The report date of every fixture.
pub const TODAY: Date = date!(2026 - 03 - 15);

pub fn brl(text: &str) -> Money {
    Money::brl(text.parse::<Amount>().expect("fixture amount"))
}

pub fn noon(day: Date) -> OffsetDateTime {
    day.with_time(Time::from_hms(12, 0, 0).expect("noon")).assume_utc()
}

pub fn consent(institution: &str, name: &str, id: &str) -> ConsentData {
    ConsentData {
        consent_id: id.into(),
        institution_code: institution.into(),
        institution_name: name.into(),
        permissions_granted: [
            "ACCOUNTS_READ",
            "ACCOUNTS_BALANCES_READ",
            "ACCOUNTS_TRANSACTIONS_READ",
            "ACCOUNTS_OVERDRAFT_LIMITS_READ",
            "CREDIT_CARDS_ACCOUNTS_READ",
            "CREDIT_CARDS_ACCOUNTS_LIMITS_READ",
            "CREDIT_CARDS_ACCOUNTS_BILLS_READ",
            "CREDIT_CARDS_ACCOUNTS_BILLS_TRANSACTIONS_READ",
            "CREDIT_CARDS_ACCOUNTS_TRANSACTIONS_READ",
        ]
        .map(String::from)
        .to_vec(),
        fetched_at: datetime!(2026-03-15 08:00 UTC),
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

pub fn account(id: &str, kind: AccountKind, transactions: Vec<Transaction>) -> Account {
    Account {
        id: id.into(),
        brand_name: "Banco Ponte".into(),
        company_cnpj: "00000000000191".into(),
        kind,
        subtype: Some("INDIVIDUAL".into()),
        compe_code: "999".into(),
        branch_code: Some("0001".into()),
        number: format!("{id}-0"),
        check_digit: "7".into(),
        currency: "BRL".into(),
        balances: Some(Balances {
            available: brl("1520.33"),
            blocked: brl("0"),
            automatically_invested: brl("250"),
            updated_at: Some(datetime!(2026-03-15 07:59:30 UTC)),
        }),
        overdraft: None,
        transactions,
    }
}

pub fn entry(
    id: &str,
    day: Date,
    direction: Direction,
    kind: TransactionType,
    name: &str,
    amount: &str,
) -> Transaction {
    Transaction {
        id: id.into(),
        status: EntryStatus::TransacaoEfetivada,
        direction,
        name: name.into(),
        kind,
        amount: brl(amount),
        date_time: noon(day),
        counterparty: None,
    }
}

pub fn purchase(id: &str, day: Date, direction: Direction, name: &str, amount: &str) -> CardTransaction {
    CardTransaction {
        id: id.into(),
        identification_number: Some("4453".into()),
        name: name.into(),
        bill_id: None,
        direction,
        kind: CardTransactionType::Pagamento,
        payment_type: Some("A_VISTA".into()),
        fee_type: None,
        other_credits_type: None,
        instalment: None,
        instalments: None,
        amount: brl(amount),
        original_amount: None,
        date_time: noon(day),
        bill_post_date: Some(day),
        payee_mcc: Some(5812),
    }
}

pub fn bill(id: &str, due: Date, total: &str, transactions: Vec<CardTransaction>) -> Bill {
    Bill {
        id: id.into(),
        due_date: due,
        closing_date: due.previous_day().and_then(Date::previous_day),
        total: brl(total),
        minimum: Some(brl("50")),
        is_instalment: false,
        finance_charges: vec![],
        payments: vec![],
        transactions,
    }
}

fn total_limit(limit: &str, used: &str, available: &str) -> CardLimit {
    CardLimit {
        limit_type: "LIMITE_CREDITO_TOTAL".into(),
        consolidation_type: "CONSOLIDADO".into(),
        identification_number: None,
        line_name: None,
        is_limit_flexible: false,
        limit: Some(brl(limit)),
        used: Some(brl(used)),
        available: Some(brl(available)),
    }
}

/// Two institutions: a checking account with salary, bills and a future debit, a savings
/// account, a prepaid wallet at the second institution, and a card with two closed bills
/// (one with late charges and a payment) and an open statement.
pub fn persona() -> Vec<ConsentData> {
    use Direction::{Credit, Debit};
    use TransactionType as T;

    let mut salary =
        entry("t-salary", date!(2026 - 02 - 05), Credit, T::FolhaPagamento, "FOLHA ACME LTDA", "5200");
    salary.counterparty = Some(Counterparty {
        tax_id: Some("11222333000181".into()),
        person_type: Some(PersonType::PessoaJuridica),
        compe_code: Some("341".into()),
        branch_code: Some("0420".into()),
        number: Some("99881".into()),
        check_digit: Some("2".into()),
    });
    let mut future = entry("t-future", date!(2026 - 03 - 20), Debit, T::Boleto, "CONDOMINIO", "800");
    future.status = EntryStatus::LancamentoFuturo;
    let mut checking = account(
        "chk-1",
        AccountKind::ContaDepositoAVista,
        vec![
            entry("t-old", date!(2025 - 01 - 10), Credit, T::Pix, "PIX ANTIGO", "10"),
            salary,
            entry("t-ifood", date!(2026 - 02 - 06), Debit, T::Cartao, "IFOOD *RESTAURANTE", "89.9"),
            entry("t-rent", date!(2026 - 02 - 10), Debit, T::Boleto, "ALUGUEL", "1800"),
            entry("t-fee", date!(2026 - 03 - 01), Debit, T::PacoteTarifaServicos, "TARIFA PACOTE", "32.5"),
            future,
        ],
    );
    checking.overdraft =
        Some(OverdraftLimits { contracted: Some(brl("1000")), used: Some(brl("0")), unarranged: None });
    let savings = account(
        "sav-1",
        AccountKind::ContaPoupanca,
        vec![
            entry(
                "s-1",
                date!(2025 - 12 - 01),
                Credit,
                T::RendimentoAplicFinanceira,
                "RENDIMENTO POUPANCA",
                "12.3456",
            ),
            entry("s-2", date!(2026 - 01 - 15), Debit, T::ResgateAplicFinanceira, "RESGATE", "100"),
        ],
    );

    let mut late = bill(
        "bill-jan",
        date!(2026 - 01 - 10),
        "412.7",
        vec![
            purchase("c-1", date!(2025 - 12 - 03), Debit, "IFOOD *PIZZA", "60.2"),
            purchase("c-2", date!(2025 - 12 - 12), Debit, "POSTO SHELL", "350"),
        ],
    );
    late.finance_charges.push(FinanceCharge {
        kind: "JUROS_MORA_ATRASO_PAGAMENTO_FATURA".into(),
        additional_info: None,
        amount: brl("2.5"),
    });
    late.payments.push(BillPayment {
        value_type: "VALOR_PAGAMENTO_FATURA_REALIZADO".into(),
        date: date!(2026 - 01 - 12),
        mode: "PIX".into(),
        amount: brl("412.7"),
    });
    let mut refund = purchase("c-3", date!(2026 - 01 - 20), Credit, "ESTORNO POSTO SHELL", "50");
    refund.kind = CardTransactionType::Estorno;
    let mut instalment = purchase("c-4", date!(2026 - 01 - 22), Debit, "MAGAZINE 2/10", "120");
    instalment.payment_type = Some("A_PRAZO".into());
    (instalment.instalment, instalment.instalments) = (Some(2), Some(10));
    let feb = bill("bill-feb", date!(2026 - 02 - 10), "70", vec![refund, instalment]);
    let mut annual_fee = purchase("c-5", date!(2026 - 03 - 02), Debit, "ANUIDADE", "40");
    (annual_fee.kind, annual_fee.fee_type, annual_fee.payee_mcc) =
        (CardTransactionType::Tarifa, Some("ANUIDADE".into()), None);
    let mut abroad = purchase("c-6", date!(2026 - 03 - 05), Debit, "NETFLIX.COM", "55.9");
    abroad.original_amount = Some(Money::new("10.99".parse().expect("amount"), ponte_domain::Currency::USD));
    let card = Card {
        id: "card-1".into(),
        brand_name: "Banco Ponte".into(),
        company_cnpj: "00000000000191".into(),
        name: "Ponte Gold".into(),
        product_type: "GOLD".into(),
        network: "MASTERCARD".into(),
        identification_numbers: vec!["4453".into()],
        limits: vec![
            total_limit("5000", "1200", "3800"),
            CardLimit {
                limit_type: "LIMITE_CREDITO_MODALIDADE_OPERACAO".into(),
                consolidation_type: "CONSOLIDADO".into(),
                identification_number: Some("4453".into()),
                line_name: Some("CREDITO_A_VISTA".into()),
                is_limit_flexible: true,
                limit: Some(brl("5000")),
                used: Some(brl("1200")),
                available: Some(brl("3800")),
            },
        ],
        bills: vec![late, feb],
        unbilled: vec![annual_fee, abroad],
    };

    let mut first = consent("999", "Banco Ponte Sandbox", "consent-a");
    first.accounts = vec![savings, checking];
    first.cards = vec![card];

    let mut second = consent("341", "Banco Lento", "consent-b");
    let mut wallet = account(
        "wallet-1",
        AccountKind::ContaPagamentoPrePaga,
        vec![entry("w-1", date!(2026 - 03 - 03), Credit, T::Pix, "PIX RECEBIDO", "25")],
    );
    wallet.brand_name = String::new();
    wallet.overdraft = Some(OverdraftLimits::default());
    second.accounts = vec![wallet];
    vec![first, second]
}

/// A few leaves: two share their first two names, so `_l2` groups what `_l3` tells apart.
pub fn leaves() -> Vec<Leaf> {
    let leaf =
        |code: &str, names: [&str; 3], role| Leaf { code: code.into(), names: names.map(String::from), role };
    vec![
        leaf("renda.renda_ativa.salario", ["Renda", "Renda ativa", "Salário"], Some(Role::Salary)),
        leaf("alimentacao.restaurantes.delivery", ["Alimentação", "Restaurantes", "Delivery"], None),
        leaf("alimentacao.restaurantes.bares", ["Alimentação", "Restaurantes", "Bares"], None),
        leaf(
            "servicos_financeiros.tarifas.pacote",
            ["Serviços financeiros", "Tarifas", "Pacote"],
            Some(Role::BankFee),
        ),
        leaf("outros.outros.nao_categorizado", ["Outros", "Outros", "Não categorizado"], None),
    ]
}

/// Fixed categories by name: salary, food (with a brand for iFood), fees, everything else in
/// the fallback; names of generated data pick a leaf by their length.
pub fn categorise<'l>(leaves: &'l [Leaf], facts: &TxnFacts<'_>) -> Categorisation<'l> {
    let name = facts.name;
    let (index, brand) = if name.starts_with("FOLHA") {
        (0, None)
    } else if name.starts_with("IFOOD") {
        (1, Some("iFood"))
    } else if name.starts_with("TARIFA") || name.starts_with("ANUIDADE") {
        (3, None)
    } else if name.starts_with("gen") {
        (name.len() % leaves.len(), name.len().is_multiple_of(2).then_some("Marca"))
    } else {
        (leaves.len() - 1, None)
    };
    Categorisation { leaf: &leaves[index], brand }
}

pub fn holder(audience: Audience) -> Holder {
    let tax_id = match audience {
        Audience::Personal => "76109277673",
        Audience::Business => "11222333000181",
    };
    Holder { tax_id: tax_id.into(), audience }
}

pub fn analysis<'a>(consents: &'a [ConsentData], leaves: &'a [Leaf], audience: Audience) -> Analysis<'a> {
    Analysis::with_categories(consents, holder(audience), TODAY, |facts| categorise(leaves, facts))
}

pub fn context() -> ReportContext {
    ReportContext {
        request_id: "req-accounts".into(),
        product_report_id: "0b7c2f4e-1d1a-4c6e-9f3e-2a8b5c7d9e01".into(),
        report_time: datetime!(2026-03-15 10:00 UTC),
        links: vec![],
        external_info: None,
    }
}

/// The whole report of `product` as partners receive it.
pub fn report(product: ProductCode, consents: &[ConsentData]) -> Value {
    let leaves = leaves();
    let a = analysis(consents, &leaves, product.audience());
    ponte_reports::products::build(product, &a).to_json(&context(), &a.holder)
}

/// A part of the accounts API the fetch could not get.
pub fn missing_transactions(resource: &str) -> MissingPart {
    MissingPart {
        area: "accounts".into(),
        endpoint: "/accounts/{accountId}/transactions".into(),
        resource_id: Some(resource.into()),
        reason: "the institution answered 503 after 4 attempts".into(),
    }
}
