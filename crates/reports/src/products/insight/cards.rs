//! Credit cards: utilisation of the limit, months of revolving credit, and the card side of
//! spending, fees, late charges and betting.
//!
//! Late charges on a card are read from the closed bills' `financeCharges` (late interest,
//! late fine, default interest): the structured figure the bank reports. Banks may also list
//! those charges as card transactions; such a transaction is counted only when its bill lists
//! no late charge (or it is not on a closed bill yet), so a charge is never counted twice.

use ponte_domain::Currency;
use ponte_domain::finance::{Bill, Card, CardLimit, CardTransactionType, Direction};
use rust_decimal::Decimal;

use super::figures::{Costs, Tally};
use super::spending::{is_credit_cost, is_spending};
use crate::analysis::Analysis;
use crate::categorise::Role;
use crate::products::income::numbers::share;
use crate::products::income::scope::Scope;
use crate::products::income::window::Window;

/// Finance charges of a bill that are the price of paying late.
const LATE_CHARGE_KINDS: [&str; 3] = [
    "JUROS_REMUNERATORIOS_ATRASO_PAGAMENTO_FATURA",
    "MULTA_ATRASO_PAGAMENTO_FATURA",
    "JUROS_MORA_ATRASO_PAGAMENTO_FATURA",
];

/// `otherCreditsType` of revolving credit.
const REVOLVING: &str = "CREDITO_ROTATIVO";

/// What the insight products show about cards.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::products) struct CardFigures {
    /// Σ limit of the cards' total-limit lines, in reais.
    pub total_limit: Option<Decimal>,
    /// Σ used of the same lines, a credit balance counted as zero.
    pub total_used: Option<Decimal>,
    /// Months with revolving credit: a `CREDITO_ROTATIVO` transaction, or a closed bill with a
    /// late charge (the bill was not paid in full).
    pub revolving: Tally,
}

impl CardFigures {
    /// `used / limit` of the total lines; above 1 when over the limit.
    pub(in crate::products) fn utilisation(&self) -> Option<Decimal> {
        share(self.total_used?, self.total_limit?)
    }
}

/// Whether the consents say anything about cards: a consent grants them or a card is in scope.
/// Without that, card factors are "not available", not "no card use".
pub(super) fn card_data_available(a: &Analysis<'_>, scope: &Scope) -> bool {
    !scope.cards.is_empty()
        || a.consents.iter().any(|c| c.permissions_granted.iter().any(|p| p == "CREDIT_CARDS_ACCOUNTS_READ"))
}

pub(super) fn card_pass<'a>(
    a: &Analysis<'a>,
    scope: &Scope,
    window: &Window,
    costs: &mut Costs<'a>,
) -> CardFigures {
    let mut figures = CardFigures { total_limit: None, total_used: None, revolving: Tally::default() };
    for &(c, k) in &scope.cards {
        let Some(card) = a.consents.get(c).and_then(|consent| consent.cards.get(k)) else { continue };
        if let Some((limit, used)) = total_line(card) {
            *figures.total_limit.get_or_insert(Decimal::ZERO) += limit;
            *figures.total_used.get_or_insert(Decimal::ZERO) += used;
        }
        let late_bills: Vec<&str> = card
            .bills
            .iter()
            .filter_map(|bill| {
                let late = late_charges(bill)?;
                if let Some(slot) = window.full_month_slot(bill.closing_date.unwrap_or(bill.due_date)) {
                    costs.late_charges.add(slot, late);
                    figures.revolving.add(slot, Decimal::ZERO);
                }
                Some(bill.id.as_str())
            })
            .collect();
        for (i, t) in card.all_transactions().enumerate() {
            if t.amount.currency != Currency::BRL {
                continue;
            }
            let Some(slot) = window.full_month_slot(t.date()) else { continue };
            let category = a.card_category(c, k, i);
            let role = category.role();
            let amount = t.amount.amount.decimal();
            if t.other_credits_type.as_deref() == Some(REVOLVING) {
                figures.revolving.add(slot, Decimal::ZERO);
            }
            if t.direction == Direction::Credit {
                if role == Some(Role::Betting) {
                    costs.betting_received += amount;
                }
                continue;
            }
            let refinancing =
                t.kind == CardTransactionType::OperacoesCreditoContratadasCartao && !is_credit_cost(role);
            if is_spending(role) && !refinancing {
                costs.spending.add(&category, amount);
            }
            match role {
                Some(Role::BankFee) => costs.bank_fees.add(slot, amount),
                Some(Role::Betting) => costs.betting_spend.add(slot, amount),
                Some(Role::OverdraftInterest) => costs.overdraft_interest.add(slot, amount),
                Some(Role::LateCharge) => {
                    let on_late_bill = t.bill_id.as_deref().is_some_and(|id| late_bills.contains(&id));
                    if !on_late_bill {
                        costs.late_charges.add(slot, amount);
                    }
                }
                _ => {}
            }
        }
    }
    figures
}

/// The card's total-limit line (the consolidated one when there are several): limit and used.
fn total_line(card: &Card) -> Option<(Decimal, Decimal)> {
    let lines = card.limits.iter().filter(|l| l.is_total());
    let line: &CardLimit =
        lines.clone().find(|l| l.consolidation_type == "CONSOLIDADO").or_else(|| lines.clone().next())?;
    let limit = line.limit.filter(|m| m.currency == Currency::BRL)?.amount.decimal();
    let used = match (line.used, line.available) {
        (Some(used), _) if used.currency == Currency::BRL => used.amount.decimal(),
        (_, Some(available)) if available.currency == Currency::BRL => limit - available.amount.decimal(),
        _ => return None,
    };
    Some((limit, used.max(Decimal::ZERO)))
}

/// Σ late charges of a bill in reais; `None` when it lists none.
fn late_charges(bill: &Bill) -> Option<Decimal> {
    let late = bill
        .finance_charges
        .iter()
        .filter(|f| LATE_CHARGE_KINDS.contains(&f.kind.as_str()) && f.amount.currency == Currency::BRL);
    let mut any = false;
    let mut total = Decimal::ZERO;
    for charge in late {
        any = true;
        total += charge.amount.amount.decimal();
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use ponte_domain::Audience;
    use ponte_domain::finance::{FinanceCharge, Transaction};
    use time::macros::date;

    use super::*;
    use crate::products::insight::figures::Figures;
    use crate::products::insight::test_data::{account, analysis, card, card_txn, consent, leaves, money};

    fn anchor() -> Vec<Transaction> {
        vec![crate::products::insight::test_data::txn("a", date!(2025 - 03 - 01), Direction::Credit, 1, None)]
    }

    #[test]
    fn a_late_charge_listed_on_its_bill_is_counted_once() {
        let mut on_bill = card_txn("fine", date!(2026 - 01 - 20), 1_000, Some(Role::LateCharge));
        on_bill.bill_id = Some("B1".into());
        let unbilled = card_txn("fine2", date!(2026 - 02 - 20), 500, Some(Role::LateCharge));
        let mut k = card(Some(100_000), 120_000, vec![unbilled]);
        k.bills.push(Bill {
            id: "B1".into(),
            due_date: date!(2026 - 02 - 05),
            closing_date: Some(date!(2026 - 01 - 25)),
            total: money(1_000),
            minimum: None,
            is_instalment: false,
            finance_charges: vec![FinanceCharge {
                kind: "MULTA_ATRASO_PAGAMENTO_FATURA".into(),
                additional_info: None,
                amount: money(1_000),
            }],
            payments: Vec::new(),
            transactions: vec![on_bill],
        });
        let (consents, leaves) = (vec![consent(vec![account(Some(0), anchor())], vec![k])], leaves());
        let f = Figures::compute(&analysis(&consents, &leaves, Audience::Personal), Audience::Personal);
        assert_eq!(f.costs.late_charges.total, Decimal::new(15, 0), "10.00 from the bill, 5.00 unbilled");
        assert_eq!(f.costs.late_charges.months(), 2);
        let cards = f.cards.as_ref();
        assert_eq!(cards.map(|c| c.revolving.months()), Some(1), "the bill with a late charge");
        assert_eq!(cards.and_then(CardFigures::utilisation), Some(Decimal::new(12, 1)), "over the limit");
        assert_eq!(f.costs.spending.total(), Decimal::new(15, 0), "charges are spending");
    }

    #[test]
    fn refinanced_balances_are_not_spending_and_missing_limits_give_no_utilisation() {
        let mut carried = card_txn("rot", date!(2026 - 02 - 02), 50_000, None);
        carried.kind = CardTransactionType::OperacoesCreditoContratadasCartao;
        carried.other_credits_type = Some(REVOLVING.into());
        let bet = card_txn("bet", date!(2026 - 02 - 03), 2_000, Some(Role::Betting));
        let (consents, leaves) = (
            vec![consent(vec![account(Some(0), anchor())], vec![card(None, 0, vec![carried, bet])])],
            leaves(),
        );
        let f = Figures::compute(&analysis(&consents, &leaves, Audience::Personal), Audience::Personal);
        assert_eq!(f.costs.spending.total(), Decimal::new(20, 0));
        assert_eq!(f.costs.betting_spend.total, Decimal::new(20, 0));
        let cards = f.cards.as_ref();
        assert_eq!(cards.map(|c| c.revolving.months()), Some(1));
        assert_eq!(cards.and_then(CardFigures::utilisation), None);
    }

    #[test]
    fn no_card_data_is_not_no_card_use() {
        let (consents, leaves) = (vec![consent(vec![account(Some(0), anchor())], Vec::new())], leaves());
        let f = Figures::compute(&analysis(&consents, &leaves, Audience::Personal), Audience::Personal);
        assert_eq!(f.cards, None);
    }
}
