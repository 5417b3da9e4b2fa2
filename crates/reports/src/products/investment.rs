//! `pf_investment`: every investment position of every consent in scope (bank and credit fixed
//! income, funds, variable income, treasury), totals by type and in all, and the money moved
//! into and out of the positions over the last 12 months.
//!
//! Formulas and field definitions: `docs/products/pf_investment.md`.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use ponte_domain::finance::{ConsentData, Direction, Investment, InvestmentKind, InvestmentMovement};
use ponte_domain::{Currency, Money};
use rust_decimal::Decimal;
use serde::Serialize;
use time::{Date, OffsetDateTime};

use super::liabilities::periodicity::months_before;
use super::liabilities::wire::{Day, Quantity, Rate};
use crate::analysis::Analysis;
use crate::products::support::brl;

/// The product's body: `{"investments": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body<'a> {
    investments: Investments<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Investments<'a> {
    positions: Vec<Position<'a>>,
    totals_by_type: Vec<TypeTotal>,
    total: Total,
    movements12m: Movements12m,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Position<'a> {
    institution_code: &'a str,
    brand_name: &'a str,
    investment_id: &'a str,
    #[serde(rename = "type")]
    kind: InvestmentKind,
    name: Option<&'a str>,
    issuer_cnpj: Option<&'a str>,
    isin_code: Option<&'a str>,
    indexer: Option<&'a str>,
    pre_fixed_rate: Option<Rate>,
    post_fixed_indexer_percentage: Option<Rate>,
    issue_date: Option<Day>,
    due_date: Option<Day>,
    quantity: Option<Quantity>,
    gross_amount: Option<Money>,
    net_amount: Option<Money>,
    income_tax: Option<Money>,
    balance_date: Option<Day>,
    movements: Vec<Movement<'a>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Movement<'a> {
    transaction_id: &'a str,
    transaction_date: Day,
    movement_type: MovementType,
    /// OFB `transactionType` (`APLICACAO`, `RESGATE`, `PAGAMENTO_JUROS`, …).
    transaction_type: &'a str,
    amount: Money,
    quantity: Option<Quantity>,
}

/// OFB `movementType`: money into the position or out of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum MovementType {
    Entrada,
    Saida,
}

/// Positions of one type. Amounts add the BRL positions that state them.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct TypeTotal {
    #[serde(rename = "type")]
    kind: InvestmentKind,
    count: usize,
    gross_amount: Money,
    net_amount: Money,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Total {
    count: usize,
    gross_amount: Money,
    net_amount: Money,
}

/// BRL movements of every position dated after `from` and up to `to` (the report date).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Movements12m {
    from: Day,
    to: Day,
    /// Movements into the positions (`ENTRADA`).
    applications: Money,
    /// Movements out of the positions (`SAIDA`): redemptions, interest and amortisation paid.
    redemptions: Money,
    /// `applications − redemptions`.
    net: Money,
}

pub fn build<'a>(a: &Analysis<'a>) -> Body<'a> {
    let positions: Vec<Position<'a>> =
        distinct_positions(a.consents).into_iter().map(|(c, i)| Position::of(c, i)).collect();
    let totals_by_type = totals_by_type(&positions);
    let total = Total {
        count: positions.len(),
        gross_amount: brl(totals_by_type.iter().map(|t| t.gross_amount.amount.decimal()).sum()),
        net_amount: brl(totals_by_type.iter().map(|t| t.net_amount.amount.decimal()).sum()),
    };
    let movements12m = Movements12m::of(&positions, a.today);
    Body { investments: Investments { positions, totals_by_type, total, movements12m } }
}

/// Every position once, ordered by (institution, investment id). A position seen under several
/// consents of the same institution is taken from the most recently fetched one, so it is not
/// counted twice.
fn distinct_positions(consents: &[ConsentData]) -> Vec<(&ConsentData, &Investment)> {
    let mut all: Vec<(&ConsentData, &Investment)> =
        consents.iter().flat_map(|c| c.investments.iter().map(move |i| (c, i))).collect();
    all.sort_by(|x, y| order(x).cmp(&order(y)));
    all.dedup_by(|(c2, i2), (c1, i1)| c1.institution_code == c2.institution_code && i1.id == i2.id);
    all
}

/// Institution and investment id, then the newest fetch first.
fn order<'a>(
    &(consent, investment): &(&'a ConsentData, &'a Investment),
) -> (&'a str, &'a str, Reverse<OffsetDateTime>, &'a str) {
    (&consent.institution_code, &investment.id, Reverse(consent.fetched_at), &consent.consent_id)
}

impl<'a> Position<'a> {
    fn of(consent: &'a ConsentData, investment: &'a Investment) -> Self {
        let mut movements: Vec<Movement<'a>> = investment.movements.iter().map(Movement::of).collect();
        movements.sort_by(|x, y| {
            (x.transaction_date, x.transaction_id).cmp(&(y.transaction_date, y.transaction_id))
        });
        Position {
            institution_code: &consent.institution_code,
            brand_name: &consent.institution_name,
            investment_id: &investment.id,
            kind: investment.kind,
            name: investment.name.as_deref(),
            issuer_cnpj: investment.issuer_cnpj.as_deref(),
            isin_code: investment.isin_code.as_deref(),
            indexer: investment.indexer.as_deref(),
            pre_fixed_rate: investment.pre_fixed_rate.map(Rate),
            post_fixed_indexer_percentage: investment.post_fixed_indexer_percentage.map(Rate),
            issue_date: investment.issue_date.map(Day),
            due_date: investment.due_date.map(Day),
            quantity: investment.quantity.map(Quantity),
            gross_amount: investment.gross_amount,
            net_amount: investment.net_amount,
            income_tax: investment.income_tax,
            balance_date: investment.balance_date.map(Day),
            movements,
        }
    }
}

impl<'a> Movement<'a> {
    fn of(movement: &'a InvestmentMovement) -> Self {
        Movement {
            transaction_id: &movement.id,
            transaction_date: Day(movement.date),
            movement_type: match movement.direction {
                Direction::Credit => MovementType::Entrada,
                Direction::Debit => MovementType::Saida,
            },
            transaction_type: &movement.kind,
            amount: movement.amount,
            quantity: movement.quantity.map(Quantity),
        }
    }
}

/// One entry per type held, in the order of [`InvestmentKind`].
fn totals_by_type(positions: &[Position<'_>]) -> Vec<TypeTotal> {
    let mut by_kind: BTreeMap<InvestmentKind, (usize, Decimal, Decimal)> = BTreeMap::new();
    for p in positions {
        let entry = by_kind.entry(p.kind).or_default();
        entry.0 += 1;
        entry.1 += brl_value(p.gross_amount);
        entry.2 += brl_value(p.net_amount);
    }
    by_kind
        .into_iter()
        .map(|(kind, (count, gross, net))| TypeTotal {
            kind,
            count,
            gross_amount: brl(gross),
            net_amount: brl(net),
        })
        .collect()
}

/// The amount if it is in BRL, else zero (other currencies are listed, not added).
fn brl_value(amount: Option<Money>) -> Decimal {
    amount.filter(|m| m.currency == Currency::BRL).map_or(Decimal::ZERO, |m| m.amount.decimal())
}

impl Movements12m {
    fn of(positions: &[Position<'_>], today: Date) -> Self {
        let from = months_before(today, 12).unwrap_or(Date::MIN);
        let (mut applications, mut redemptions) = (Decimal::ZERO, Decimal::ZERO);
        let in_window = positions
            .iter()
            .flat_map(|p| &p.movements)
            .filter(|m| m.transaction_date.0 > from && m.transaction_date.0 <= today);
        for m in in_window {
            let value = brl_value(Some(m.amount));
            match m.movement_type {
                MovementType::Entrada => applications += value,
                MovementType::Saida => redemptions += value,
            }
        }
        Movements12m {
            from: Day(from),
            to: Day(today),
            applications: brl(applications),
            redemptions: brl(redemptions),
            net: brl(applications - redemptions),
        }
    }
}

#[cfg(test)]
mod tests {
    use ponte_domain::Currency;
    use time::macros::{date, datetime};

    use super::*;
    use crate::products::liabilities::test_data::{brl, consent};

    fn position(id: &str, kind: InvestmentKind, gross: Option<Money>) -> Investment {
        Investment {
            id: id.into(),
            kind,
            brand_name: "Banco".into(),
            issuer_cnpj: None,
            name: None,
            isin_code: None,
            indexer: None,
            pre_fixed_rate: None,
            post_fixed_indexer_percentage: None,
            issue_date: None,
            due_date: None,
            quantity: None,
            gross_amount: gross,
            net_amount: gross,
            income_tax: None,
            balance_date: None,
            movements: vec![],
        }
    }

    fn movement(id: &str, date: Date, direction: Direction, amount: Money) -> InvestmentMovement {
        InvestmentMovement {
            id: id.into(),
            date,
            direction,
            kind: "APLICACAO".into(),
            amount,
            quantity: None,
        }
    }

    #[test]
    fn the_window_excludes_its_first_day_and_includes_today() {
        let mut cdb = position("a", InvestmentKind::Cdb, Some(brl("100")));
        cdb.movements = vec![
            movement("1", date!(2025 - 03 - 15), Direction::Credit, brl("1000")),
            movement("2", date!(2025 - 03 - 16), Direction::Credit, brl("200")),
            movement("3", date!(2026 - 03 - 15), Direction::Debit, brl("50")),
            movement("4", date!(2026 - 03 - 16), Direction::Debit, brl("7")),
        ];
        let mut data = consent("999", "c", datetime!(2026-03-15 08:00 UTC));
        data.investments = vec![cdb];
        let positions = [Position::of(&data, &data.investments[0])];
        let window = Movements12m::of(&positions, date!(2026 - 03 - 15));
        assert_eq!(window.from, Day(date!(2025 - 03 - 15)));
        assert_eq!(
            (window.applications, window.redemptions, window.net),
            (brl("200"), brl("50"), brl("150"))
        );
    }

    #[test]
    fn other_currencies_are_listed_but_not_added_and_repeats_count_once() {
        let usd = Money::new("500".parse().unwrap_or_default(), Currency::USD);
        let mut old = consent("999", "old", datetime!(2026-01-01 08:00 UTC));
        old.investments = vec![position("a", InvestmentKind::Cdb, Some(brl("1")))];
        let mut new = consent("999", "new", datetime!(2026-03-01 08:00 UTC));
        new.investments = vec![
            position("a", InvestmentKind::Cdb, Some(brl("100"))),
            position("b", InvestmentKind::VariableIncome, Some(usd)),
        ];
        let consents = [old, new];
        let positions: Vec<Position<'_>> =
            distinct_positions(&consents).into_iter().map(|(c, i)| Position::of(c, i)).collect();
        assert_eq!(positions.len(), 2);
        assert_eq!(positions[0].gross_amount, Some(brl("100")), "the newer fetch wins");
        let totals = totals_by_type(&positions);
        assert_eq!(totals.len(), 2);
        assert_eq!(
            (totals[1].kind, totals[1].count, totals[1].gross_amount),
            (InvestmentKind::VariableIncome, 1, brl("0"))
        );
    }
}
