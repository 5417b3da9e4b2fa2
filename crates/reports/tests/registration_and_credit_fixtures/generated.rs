//! Strategies for arbitrary (but valid) consents.

use ponte_domain::finance::{
    ConsentData, Contract, ContractPayment, CreditFamily, Direction, Instalments, Investment, InvestmentKind,
    InvestmentMovement, PersonalIdentity,
};
use ponte_domain::{Amount, Money};
use proptest::prelude::*;
use time::{Date, Duration};

use super as fx;

pub fn money() -> impl Strategy<Value = Money> {
    (0i64..5_000_000_000)
        .prop_map(|units| Money::brl(Amount::new(rust_decimal::Decimal::new(units, 4)).unwrap_or_default()))
}

fn day() -> impl Strategy<Value = Date> {
    (0i64..900).prop_map(|back| fx::TODAY - Duration::days(back))
}

fn instalments() -> impl Strategy<Value = Instalments> {
    (
        prop::sample::select(vec!["MES", "DIA", "SEM_PRAZO_TOTAL"]),
        prop::option::of(0u32..80),
        prop::option::of(0u32..80),
        prop::option::of(0u32..80),
        prop::option::of(0u32..80),
    )
        .prop_map(|(unit, total, paid, due, past_due)| Instalments {
            total_unit: unit.into(),
            total,
            remaining_unit: unit.into(),
            remaining: due,
            paid,
            due,
            past_due,
        })
}

fn payment() -> impl Strategy<Value = ContractPayment> {
    (0u32..1000, day(), money(), any::<bool>()).prop_map(|(n, date, amount, is_over_parcel)| {
        ContractPayment { id: format!("p{n}"), instalment_id: None, date, amount, is_over_parcel }
    })
}

fn contract() -> impl Strategy<Value = Contract> {
    (
        prop::sample::select(CreditFamily::ALL.to_vec()),
        prop::option::of(prop::sample::select(vec![
            "MENSAL",
            "SEMANAL",
            "ANUAL",
            "SEM_PERIODICIDADE_REGULAR",
            "OUTROS",
        ])),
        prop::option::of(money()),
        prop::option::of(money()),
        prop::option::of(instalments()),
        prop::collection::vec(payment(), 0..5),
        prop::option::of(day()),
    )
        .prop_map(|(family, periodicity, next, outstanding, instalments, payments, first_due)| {
            let mut c = fx::personal_loan("id", 0);
            c.family = family;
            c.instalment_periodicity = periodicity.map(Into::into);
            c.next_instalment_amount = next;
            c.outstanding_balance = outstanding;
            c.instalments = instalments;
            c.payments = payments;
            c.first_instalment_due_date = first_due;
            c
        })
}

fn movement() -> impl Strategy<Value = InvestmentMovement> {
    (0u32..1000, day(), any::<bool>(), money()).prop_map(|(n, date, credit, amount)| InvestmentMovement {
        id: format!("m{n}"),
        date,
        direction: if credit { Direction::Credit } else { Direction::Debit },
        kind: if credit { "APLICACAO" } else { "RESGATE" }.into(),
        amount,
        quantity: None,
    })
}

fn investment() -> impl Strategy<Value = Investment> {
    (
        prop::sample::select(vec![
            InvestmentKind::Cdb,
            InvestmentKind::Lci,
            InvestmentKind::Fund,
            InvestmentKind::Treasury,
        ]),
        prop::option::of(money()),
        prop::option::of(money()),
        prop::collection::vec(movement(), 0..4),
    )
        .prop_map(|(kind, gross, net, movements)| {
            let mut i = fx::investment("id", kind, "0", "0");
            i.gross_amount = gross;
            i.net_amount = net;
            i.movements = movements;
            i
        })
}

fn person() -> impl Strategy<Value = PersonalIdentity> {
    (
        prop::collection::vec("(ANA|Ana|ana|BIA|bia) ?@(X|x)\\.com", 0..4),
        prop::collection::vec(("[0-9]{1,3}", any::<bool>()), 0..4),
        prop::collection::vec(("RUA [A-C] [1-3]", "[0-2]{1,2}"), 0..4),
    )
        .prop_map(|(emails, phones, addresses)| {
            let mut p = fx::person();
            p.emails = emails;
            p.phones = phones.into_iter().map(|(n, main)| fx::phone(Some("11"), &n, main)).collect();
            p.addresses =
                addresses.into_iter().map(|(line, cep)| fx::address(&line, "SANTOS", &cep, false)).collect();
            p
        })
}

/// One to three consents at two institutions; contract and investment ids repeat across
/// consents so the same item is sometimes seen twice at one institution.
pub fn consents() -> impl Strategy<Value = Vec<ConsentData>> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["001", "999"]),
            0i64..3,
            prop::collection::vec(contract(), 0..4),
            prop::collection::vec(investment(), 0..4),
            prop::option::of(person()),
        ),
        1..4,
    )
    .prop_map(|drafts| {
        drafts
            .into_iter()
            .enumerate()
            .map(|(i, (institution, hours_ago, contracts, investments, person))| {
                let fetched = fx::TODAY.midnight().assume_utc() - Duration::hours(hours_ago);
                let mut c = fx::consent(institution, &format!("consent-{i}"), fetched);
                c.contracts = contracts
                    .into_iter()
                    .enumerate()
                    .map(|(j, mut k)| {
                        k.id = format!("C{j}");
                        k
                    })
                    .collect();
                c.investments = investments
                    .into_iter()
                    .enumerate()
                    .map(|(j, mut k)| {
                        k.id = format!("I{j}");
                        k
                    })
                    .collect();
                c.personal = person;
                c
            })
            .collect()
    })
}
