//! Small builders for the unit tests of the income, insight and risk modules.

use ponte_domain::finance::{
    Account, AccountKind, Balances, Card, CardLimit, CardTransaction, CardTransactionType, ConsentData,
    Direction, EntryStatus, Transaction, TransactionType,
};
use ponte_domain::{Amount, Audience, Money};
use rust_decimal::Decimal;
use time::macros::date;
use time::{Date, OffsetDateTime, Time};

use crate::analysis::{Analysis, Holder};
use crate::categorise::{Categorisation, Leaf, Role, TxnFacts};

pub(crate) const TODAY: Date = date!(2026 - 03 - 15);

pub(crate) fn money(cents: i64) -> Money {
    Money::brl(Amount::new(Decimal::new(cents, 2)).unwrap_or_default())
}

fn at(date: Date) -> OffsetDateTime {
    date.with_time(Time::MIDNIGHT).assume_utc()
}

/// A booked entry whose name is the role it gets from [`categorise`].
pub(crate) fn txn(id: &str, date: Date, direction: Direction, cents: i64, role: Option<Role>) -> Transaction {
    Transaction {
        id: id.into(),
        status: EntryStatus::TransacaoEfetivada,
        direction,
        name: role.map_or_else(|| "OTHER".to_owned(), |r| format!("{r:?}")),
        kind: TransactionType::Pix,
        amount: money(cents),
        date_time: at(date),
        counterparty: None,
    }
}

pub(crate) fn card_txn(id: &str, date: Date, cents: i64, role: Option<Role>) -> CardTransaction {
    CardTransaction {
        id: id.into(),
        identification_number: None,
        name: role.map_or_else(|| "OTHER".to_owned(), |r| format!("{r:?}")),
        bill_id: None,
        direction: Direction::Debit,
        kind: CardTransactionType::Pagamento,
        payment_type: None,
        fee_type: None,
        other_credits_type: None,
        instalment: None,
        instalments: None,
        amount: money(cents),
        original_amount: None,
        date_time: at(date),
        bill_post_date: None,
        payee_mcc: None,
    }
}

pub(crate) fn account(available_cents: Option<i64>, transactions: Vec<Transaction>) -> Account {
    Account {
        id: "ACC".into(),
        brand_name: "Banco".into(),
        company_cnpj: "00000000000191".into(),
        kind: AccountKind::ContaDepositoAVista,
        subtype: None,
        compe_code: "999".into(),
        branch_code: Some("0001".into()),
        number: "1".into(),
        check_digit: "0".into(),
        currency: "BRL".into(),
        balances: available_cents.map(|c| Balances {
            available: money(c),
            blocked: money(0),
            automatically_invested: money(0),
            updated_at: None,
        }),
        overdraft: None,
        transactions,
    }
}

pub(crate) fn card(limit_cents: Option<i64>, used_cents: i64, unbilled: Vec<CardTransaction>) -> Card {
    Card {
        id: "CARD".into(),
        brand_name: "Banco".into(),
        company_cnpj: "00000000000191".into(),
        name: "GOLD".into(),
        product_type: "GOLD".into(),
        network: "VISA".into(),
        identification_numbers: Vec::new(),
        limits: limit_cents
            .map(|limit| CardLimit {
                limit_type: "LIMITE_CREDITO_TOTAL".into(),
                consolidation_type: "CONSOLIDADO".into(),
                identification_number: None,
                line_name: None,
                is_limit_flexible: false,
                limit: Some(money(limit)),
                used: Some(money(used_cents)),
                available: None,
            })
            .into_iter()
            .collect(),
        bills: Vec::new(),
        unbilled,
    }
}

pub(crate) fn consent(accounts: Vec<Account>, cards: Vec<Card>) -> ConsentData {
    ConsentData {
        consent_id: "c1".into(),
        institution_code: "999".into(),
        institution_name: "Banco".into(),
        permissions_granted: vec!["ACCOUNTS_TRANSACTIONS_READ".into()],
        fetched_at: at(TODAY),
        from: date!(2025 - 03 - 01),
        to: TODAY,
        resources: Vec::new(),
        accounts,
        cards,
        contracts: Vec::new(),
        investments: Vec::new(),
        personal: None,
        business: None,
        missing: Vec::new(),
    }
}

/// One leaf per role (and one without), named after the role.
pub(crate) fn leaves() -> Vec<Leaf> {
    let roles = [
        None,
        Some(Role::Salary),
        Some(Role::OwnTransfer),
        Some(Role::Betting),
        Some(Role::LateCharge),
        Some(Role::BankFee),
        Some(Role::OverdraftInterest),
        Some(Role::Revenue),
        Some(Role::CardAcquirer),
        Some(Role::Tax),
        Some(Role::CardBillPayment),
    ];
    roles
        .into_iter()
        .map(|role| {
            let name = role.map_or_else(|| "OTHER".to_owned(), |r| format!("{r:?}"));
            Leaf { code: name.to_lowercase(), names: [name.clone(), name.clone(), name], role }
        })
        .collect()
}

/// Categorises by name: the leaf whose role is named like the transaction.
pub(crate) fn analysis<'a>(
    consents: &'a [ConsentData],
    leaves: &'a [Leaf],
    audience: Audience,
) -> Analysis<'a> {
    let categorise = move |facts: &TxnFacts<'_>| {
        let leaf = leaves.iter().find(|l| l.names[0] == facts.name).unwrap_or(&leaves[0]);
        Categorisation { leaf, brand: None }
    };
    Analysis::with_categories(consents, Holder { tax_id: "76109277673".into(), audience }, TODAY, categorise)
}
