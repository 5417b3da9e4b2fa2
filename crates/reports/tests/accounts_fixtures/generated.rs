//! Proptest strategies: random consents with accounts and cards whose transactions straddle
//! the window, mix statuses and currencies, and share ids across consents.

use ponte_domain::finance::{
    Account, AccountKind, Balances, Bill, Card, CardLimit, CardTransaction, CardTransactionType, ConsentData,
    Counterparty, Direction, EntryStatus, OverdraftLimits, PersonType, Transaction, TransactionType,
};
use ponte_domain::{Amount, Currency, Money};
use proptest::prelude::*;
use rust_decimal::Decimal;
use time::{Date, Duration, OffsetDateTime, UtcOffset};

use super::{TODAY, consent};

/// Money from a mantissa at 4 decimals.
fn money(mantissa: i64, currency: Currency) -> Money {
    Money::new(Amount::new(Decimal::new(mantissa, 4)).unwrap_or(Amount::ZERO), currency)
}

/// Mostly reais, sometimes dollars: entries in another currency are listed, never summed.
fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![9 => Just(Currency::BRL), 1 => Just(Currency::USD)]
}

fn positive() -> impl Strategy<Value = i64> {
    1i64..=100_000_000_000
}

/// From 16 months before the report date to a month after it (future entries), at any
/// second, in UTC or in Brasília time.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    let start = TODAY.with_hms(0, 0, 0).map(|d| d.assume_utc()).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    (-(16 * 31 * 86_400i64)..31 * 86_400, any::<bool>()).prop_map(move |(seconds, brasilia)| {
        let at = start + Duration::seconds(seconds);
        if brasilia { at.to_offset(UtcOffset::from_hms(-3, 0, 0).unwrap_or(UtcOffset::UTC)) } else { at }
    })
}

fn day() -> impl Strategy<Value = Date> {
    instant().prop_map(OffsetDateTime::date)
}

fn name() -> impl Strategy<Value = String> {
    "gen[a-z]{0,12}"
}

fn transaction(id: String) -> impl Strategy<Value = Transaction> {
    (
        prop_oneof![8 => Just(EntryStatus::TransacaoEfetivada), 1 => Just(EntryStatus::LancamentoFuturo),
                    1 => Just(EntryStatus::TransacaoProcessando)],
        prop_oneof![Just(Direction::Credit), Just(Direction::Debit)],
        name(),
        prop::sample::select(TransactionType::KNOWN.to_vec()),
        (positive(), currency()),
        instant(),
        prop::option::of(("[0-9]{11}", prop::option::of("[0-9]{4}"))),
    )
        .prop_map(move |(status, direction, name, kind, (amount, currency), date_time, party)| {
            Transaction {
                id: id.clone(),
                status,
                direction,
                name,
                kind,
                amount: money(amount, currency),
                date_time,
                counterparty: party.map(|(tax_id, number)| Counterparty {
                    tax_id: Some(tax_id),
                    person_type: Some(PersonType::PessoaNatural),
                    compe_code: None,
                    branch_code: None,
                    number,
                    check_digit: None,
                }),
            }
        })
}

fn transactions(prefix: String) -> impl Strategy<Value = Vec<Transaction>> {
    (0usize..30)
        .prop_flat_map(move |n| (0..n).map(|k| transaction(format!("{prefix}-t{k}"))).collect::<Vec<_>>())
}

fn account(id: String) -> impl Strategy<Value = Account> {
    (
        prop::sample::select(vec![
            AccountKind::ContaDepositoAVista,
            AccountKind::ContaPoupanca,
            AccountKind::ContaPagamentoPrePaga,
        ]),
        prop_oneof![9 => Just("BRL".to_owned()), 1 => Just("USD".to_owned())],
        prop::option::of((-100_000_000_000i64..100_000_000_000, 0i64..10_000_000, currency())),
        prop::option::of(prop::option::of(positive())),
        transactions(id.clone()),
    )
        .prop_map(move |(kind, account_currency, balances, overdraft, transactions)| Account {
            id: id.clone(),
            brand_name: "Banco Gerado".into(),
            company_cnpj: "00000000000191".into(),
            kind,
            subtype: Some("INDIVIDUAL".into()),
            compe_code: "001".into(),
            branch_code: Some("0001".into()),
            number: format!("{id}-n"),
            check_digit: "1".into(),
            currency: account_currency,
            balances: balances.map(|(available, blocked, currency)| Balances {
                available: money(available, currency),
                blocked: money(blocked, currency),
                automatically_invested: money(0, currency),
                updated_at: None,
            }),
            overdraft: overdraft.map(|contracted| OverdraftLimits {
                contracted: contracted.map(|c| money(c, Currency::BRL)),
                used: None,
                unarranged: None,
            }),
            transactions,
        })
}

fn card_transaction(id: String) -> impl Strategy<Value = CardTransaction> {
    (
        prop_oneof![4 => Just(Direction::Debit), 1 => Just(Direction::Credit)],
        name(),
        prop::sample::select(vec![
            CardTransactionType::Pagamento,
            CardTransactionType::Tarifa,
            CardTransactionType::Estorno,
            CardTransactionType::Cashback,
        ]),
        (positive(), currency()),
        instant(),
        prop::option::of(0u32..10_000),
    )
        .prop_map(move |(direction, name, kind, (amount, currency), date_time, mcc)| CardTransaction {
            id: id.clone(),
            identification_number: Some("1234".into()),
            name,
            bill_id: None,
            direction,
            kind,
            payment_type: Some("A_VISTA".into()),
            fee_type: None,
            other_credits_type: None,
            instalment: None,
            instalments: None,
            amount: money(amount, currency),
            original_amount: None,
            date_time,
            bill_post_date: None,
            payee_mcc: mcc,
        })
}

fn card_transactions(prefix: String, max: usize) -> impl Strategy<Value = Vec<CardTransaction>> {
    (0..max)
        .prop_flat_map(move |n| (0..n).map(|k| card_transaction(format!("{prefix}-{k}"))).collect::<Vec<_>>())
}

fn bill(id: String) -> impl Strategy<Value = Bill> {
    (day(), -1_000_000_000i64..1_000_000_000, card_transactions(id.clone(), 8)).prop_map(
        move |(due_date, total, transactions)| Bill {
            id: id.clone(),
            due_date,
            closing_date: None,
            total: money(total, Currency::BRL),
            minimum: None,
            is_instalment: false,
            finance_charges: vec![],
            payments: vec![],
            transactions,
        },
    )
}

fn card(id: String) -> impl Strategy<Value = Card> {
    let bills = (0usize..4).prop_flat_map({
        let id = id.clone();
        move |n| (0..n).map(|k| bill(format!("{id}-b{k}"))).collect::<Vec<_>>()
    });
    (bills, card_transactions(format!("{id}-u"), 8), prop::option::of((0i64..1_000_000_000, positive())))
        .prop_map(move |(bills, unbilled, limit)| Card {
            id: id.clone(),
            brand_name: "Banco Gerado".into(),
            company_cnpj: "00000000000191".into(),
            name: "Cartão".into(),
            product_type: "OUTROS".into(),
            network: "VISA".into(),
            identification_numbers: vec!["1234".into()],
            limits: limit
                .map(|(limit, used)| CardLimit {
                    limit_type: "LIMITE_CREDITO_TOTAL".into(),
                    consolidation_type: "CONSOLIDADO".into(),
                    identification_number: None,
                    line_name: None,
                    is_limit_flexible: false,
                    limit: Some(money(limit, Currency::BRL)),
                    used: Some(money(used, Currency::BRL)),
                    available: None,
                })
                .into_iter()
                .collect(),
            bills,
            unbilled,
        })
}

/// One consent; account and card ids repeat across consents (`acc-0` at two banks).
fn one_consent(index: usize) -> impl Strategy<Value = ConsentData> {
    let accounts =
        (0usize..4).prop_flat_map(|n| (0..n).map(|k| account(format!("acc-{k}"))).collect::<Vec<_>>());
    let cards = (0usize..3).prop_flat_map(|n| (0..n).map(|k| card(format!("card-{k}"))).collect::<Vec<_>>());
    (prop::sample::select(vec!["001", "237", "341"]), accounts, cards).prop_map(
        move |(institution, accounts, cards)| {
            let mut data = consent(institution, "Banco Gerado", &format!("consent-{index}"));
            data.accounts = accounts;
            data.cards = cards;
            data
        },
    )
}

/// One to three consents.
pub fn consents() -> impl Strategy<Value = Vec<ConsentData>> {
    (1usize..=3).prop_flat_map(|n| (0..n).map(one_consent).collect::<Vec<_>>())
}

/// The same data in another order: consents, and each consent's accounts and cards, permuted
/// by `seed` (a small linear congruential shuffle, enough to move everything around).
pub fn reordered(consents: &[ConsentData], seed: u64) -> Vec<ConsentData> {
    let mut state = seed | 1;
    let mut shuffle = |len: usize| -> Vec<usize> {
        let mut order: Vec<usize> = (0..len).collect();
        for i in (1..len).rev() {
            state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let j = usize::try_from((state >> 33) % (i as u64 + 1)).unwrap_or(0);
            order.swap(i, j);
        }
        order
    };
    let outer = shuffle(consents.len());
    outer
        .into_iter()
        .map(|i| {
            let mut data = consents[i].clone();
            let accounts = shuffle(data.accounts.len());
            data.accounts = accounts.into_iter().map(|k| consents[i].accounts[k].clone()).collect();
            let cards = shuffle(data.cards.len());
            data.cards = cards.into_iter().map(|k| consents[i].cards[k].clone()).collect();
            data
        })
        .collect()
}
