//! Small builders of normalised data for the unit tests of the account and card products.

use ponte_domain::finance::{
    Account, AccountKind, Balances, Bill, Card, CardLimit, CardTransaction, CardTransactionType, ConsentData,
    Direction, EntryStatus, Transaction, TransactionType,
};
use ponte_domain::{Amount, Audience, Money};
use time::macros::{date, datetime};
use time::{Date, OffsetDateTime, Time};

use crate::analysis::{Analysis, Holder};
use crate::categorise::{Categorisation, Leaf};

pub fn brl(text: &str) -> Money {
    Money::brl(text.parse::<Amount>().expect("test amount"))
}

pub fn at(day: Date) -> OffsetDateTime {
    day.with_time(Time::from_hms(12, 0, 0).expect("noon")).assume_utc()
}

pub fn consent(institution: &str, id: &str) -> ConsentData {
    ConsentData {
        consent_id: id.into(),
        institution_code: institution.into(),
        institution_name: format!("Banco {institution}"),
        permissions_granted: vec!["ACCOUNTS_READ".into()],
        fetched_at: datetime!(2026-03-15 08:00 UTC),
        from: date!(2025 - 03 - 15),
        to: date!(2026 - 03 - 15),
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
        brand_name: "Banco".into(),
        company_cnpj: "00000000000191".into(),
        kind,
        subtype: Some("INDIVIDUAL".into()),
        compe_code: "001".into(),
        branch_code: Some("0001".into()),
        number: format!("{id}-n"),
        check_digit: "0".into(),
        currency: "BRL".into(),
        balances: Some(Balances {
            available: brl("100"),
            blocked: brl("0"),
            automatically_invested: brl("0"),
            updated_at: None,
        }),
        overdraft: None,
        transactions,
    }
}

pub fn entry(id: &str, day: Date, direction: Direction, amount: &str) -> Transaction {
    Transaction {
        id: id.into(),
        status: EntryStatus::TransacaoEfetivada,
        direction,
        name: format!("entry {id}"),
        kind: TransactionType::Pix,
        amount: brl(amount),
        date_time: at(day),
        counterparty: None,
    }
}

pub fn card(id: &str, bills: Vec<Bill>, unbilled: Vec<CardTransaction>, limits: Vec<CardLimit>) -> Card {
    Card {
        id: id.into(),
        brand_name: "Banco".into(),
        company_cnpj: "00000000000191".into(),
        name: "Gold".into(),
        product_type: "GOLD".into(),
        network: "VISA".into(),
        identification_numbers: vec!["4321".into()],
        limits,
        bills,
        unbilled,
    }
}

pub fn bill(id: &str, due: Date, total: &str, transactions: Vec<CardTransaction>) -> Bill {
    Bill {
        id: id.into(),
        due_date: due,
        closing_date: None,
        total: brl(total),
        minimum: None,
        is_instalment: false,
        finance_charges: vec![],
        payments: vec![],
        transactions,
    }
}

pub fn purchase(id: &str, day: Date, direction: Direction, amount: &str) -> CardTransaction {
    CardTransaction {
        id: id.into(),
        identification_number: Some("4321".into()),
        name: format!("purchase {id}"),
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
        date_time: at(day),
        bill_post_date: None,
        payee_mcc: Some(5812),
    }
}

/// The one leaf every transaction of [`analysis`] is placed in.
pub fn leaf() -> Leaf {
    Leaf {
        code: "outros.outros.nao_categorizado".into(),
        names: ["Outros".into(), "Outros".into(), "Não categorizado".into()],
        role: None,
    }
}

/// An analysis on 2026-03-15 placing every transaction in `leaf`.
pub fn analysis<'a>(consents: &'a [ConsentData], leaf: &'a Leaf) -> Analysis<'a> {
    let holder = Holder { tax_id: "76109277673".into(), audience: Audience::Personal };
    Analysis::with_categories(consents, holder, date!(2026 - 03 - 15), |_| Categorisation {
        leaf,
        brand: None,
    })
}
