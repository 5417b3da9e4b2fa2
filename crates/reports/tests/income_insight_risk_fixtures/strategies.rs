//! proptest strategies: consent data with entries of every role the fixture categoriser knows.

use ponte_domain::finance::{ConsentData, Direction};
use proptest::prelude::*;
use time::Duration;

use super::*;

/// Statement names and the direction that gives them their role in the fixture categoriser.
pub const KINDS: &[(&str, Direction)] = &[
    ("PAGTO SALARIO ACME", Direction::Credit),
    ("CRED BENEFICIO INSS", Direction::Credit),
    ("PIX RECEBIDO IFOOD", Direction::Credit),
    ("RENDIMENTO CDB", Direction::Credit),
    ("ALUGUEL RECEBIDO", Direction::Credit),
    ("ESTORNO COMPRA", Direction::Credit),
    ("LIBERACAO EMPRESTIMO", Direction::Credit),
    ("RESGATE CDB", Direction::Credit),
    ("PIX RECEBIDO BET365", Direction::Credit),
    ("PIX RECEBIDO FULANO", Direction::Credit),
    ("CRED VENDAS CIELO", Direction::Credit),
    ("TED RECEBIDA CLIENTE", Direction::Credit),
    ("PIX ENVIADO BET365", Direction::Debit),
    ("TARIFA PACOTE", Direction::Debit),
    ("JUROS CHEQUE ESPECIAL", Direction::Debit),
    ("MULTA ATRASO", Direction::Debit),
    ("PAGTO FATURA CARTAO", Direction::Debit),
    ("APLICACAO CDB", Direction::Debit),
    ("COMPRA MERCADO", Direction::Debit),
    ("RESTAURANTE", Direction::Debit),
    ("PAGTO DARF", Direction::Debit),
    ("PAGTO SALARIO EQUIPE", Direction::Debit),
    ("PIX ENVIADO AMIGO", Direction::Debit),
];

/// One generated entry: which kind, how much, how many days before TODAY, which payer.
pub type EntrySpec = (usize, i64, i64, u8);

pub fn entry_spec() -> impl Strategy<Value = EntrySpec> {
    (0..KINDS.len(), 1i64..2_000_000, 1i64..=400, 0u8..4)
}

/// A consent with one account holding the generated entries (plus an anchor entry on the
/// window's first day, so every change the properties make leaves the history unchanged),
/// an optional card, and an optional loan.
pub fn consent_data() -> impl Strategy<Value = ConsentData> {
    (
        proptest::collection::vec(entry_spec(), 0..120),
        -500_000i64..5_000_000,
        proptest::option::of((
            1i64..2_000_000,
            0i64..3_000_000,
            proptest::collection::vec((0usize..3, 1i64..300_000, 1i64..=360), 0..30),
        )),
        proptest::option::of(1i64..500_000),
    )
        .prop_map(|(entries, available, card_spec, loan_cents)| {
            let mut s = Statement::default();
            s.credit(month_day(12, 1), 1_000, "PIX RECEBIDO ABERTURA", None);
            for (i, (kind, cents, days_back, payer)) in entries.into_iter().enumerate() {
                let (name, direction) = KINDS[kind];
                let party = format!("{:014}", 10_000_000_000_000u64 + u64::from(payer));
                let date = TODAY - Duration::days(days_back);
                s.entries.push(entry(
                    &format!("G{i:04}"),
                    date.max(month_day(12, 1)),
                    direction,
                    cents,
                    name,
                    Some(&party),
                ));
            }
            let cards = card_spec
                .map(|(limit, used, purchases)| {
                    let names = ["COMPRA MERCADO", "BETANO BET", "ANUIDADE"];
                    let txns = purchases
                        .into_iter()
                        .enumerate()
                        .map(|(i, (n, cents, back))| {
                            card_txn(
                                &format!("K{i:03}"),
                                TODAY - Duration::days(back),
                                Direction::Debit,
                                cents,
                                names[n],
                            )
                        })
                        .collect();
                    vec![card("CARD1", limit, used, Vec::new(), txns)]
                })
                .unwrap_or_default();
            let contracts = loan_cents.map(|c| vec![loan("L1", c)]).unwrap_or_default();
            consent("999", vec![s.into_account("CHK1", Some(available))], cards, contracts)
        })
}
