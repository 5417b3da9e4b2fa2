//! Spending (expenses for a company) by category: level 1 and level 2 of the taxonomy.
//!
//! What is spending: debits of the accounts and card purchases, fees and charges, except
//! * transfers between the customer's own accounts (the money is still theirs);
//! * card bill payments from an account — the purchases are counted on the card, and counting
//!   the bill as well would count every purchase twice;
//! * investment applications — saving, not spending;
//! * on a card, credit operations without a cost role (a revolving balance carried to the next
//!   bill, a bill split into instalments): they refinance purchases already counted. Their
//!   interest and charges are spending and keep their own roles.

use std::cmp::Reverse;
use std::collections::BTreeMap;

use ponte_domain::Money;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::categorise::{Categorisation, Role};
use crate::products::income::numbers::{Fixed4, share};
use crate::products::support::brl;

/// Whether a debit with this role is spending (on an account or a card).
pub(super) fn is_spending(role: Option<Role>) -> bool {
    !matches!(role, Some(Role::OwnTransfer | Role::CardBillPayment | Role::InvestmentApplication))
}

/// Roles that are a cost of credit: a card credit operation with one of them is spending.
pub(super) fn is_credit_cost(role: Option<Role>) -> bool {
    matches!(role, Some(Role::LateCharge | Role::BankFee | Role::OverdraftInterest))
}

/// Spending of the window's full months by (category, subcategory).
#[derive(Clone, Debug, Default, PartialEq)]
pub(in crate::products) struct Spending<'a> {
    by_subcategory: BTreeMap<(&'a str, &'a str), Decimal>,
}

impl<'a> Spending<'a> {
    pub(super) fn add(&mut self, category: &Categorisation<'a>, amount: Decimal) {
        *self.by_subcategory.entry((category.category(), category.subcategory())).or_default() += amount;
    }

    pub(in crate::products) fn total(&self) -> Decimal {
        self.by_subcategory.values().sum()
    }

    /// Categories by amount, largest first (ties by name), each with its subcategories.
    pub(super) fn breakdown(&self) -> Vec<CategoryTotal<'a>> {
        let total = self.total();
        let mut categories: Vec<CategoryTotal<'a>> = Vec::new();
        // BTreeMap order: every category's subcategories are adjacent.
        for (&(category, subcategory), &amount) in &self.by_subcategory {
            let sub = SubcategoryTotal {
                subcategory,
                amount: brl(amount),
                share: share(amount, total).map(Fixed4::new),
            };
            match categories.last_mut() {
                Some(last) if last.category == category => {
                    last.exact += amount;
                    last.subcategories.push(sub);
                }
                _ => categories.push(CategoryTotal {
                    category,
                    amount: Money::brl(ponte_domain::Amount::ZERO),
                    share: None,
                    subcategories: vec![sub],
                    exact: amount,
                }),
            }
        }
        for c in &mut categories {
            c.amount = brl(c.exact);
            c.share = share(c.exact, total).map(Fixed4::new);
            c.subcategories.sort_by(|x, y| {
                (Reverse(x.amount.amount), x.subcategory).cmp(&(Reverse(y.amount.amount), y.subcategory))
            });
        }
        categories.sort_by(|x, y| (Reverse(x.exact), x.category).cmp(&(Reverse(y.exact), y.category)));
        categories
    }
}

/// One level-1 category.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CategoryTotal<'a> {
    pub category: &'a str,
    pub amount: Money,
    /// `amount / total spending`.
    pub share: Option<Fixed4>,
    pub subcategories: Vec<SubcategoryTotal<'a>>,
    #[serde(skip)]
    exact: Decimal,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SubcategoryTotal<'a> {
    pub subcategory: &'a str,
    pub amount: Money,
    pub share: Option<Fixed4>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::categorise::Leaf;

    fn leaf(l1: &str, l2: &str) -> Leaf {
        Leaf { code: format!("{l1}.{l2}"), names: [l1.into(), l2.into(), "x".into()], role: None }
    }

    #[test]
    fn breakdown_sums_to_the_total_and_sorts_by_amount() {
        let (food, market, fuel) = (
            leaf("Alimentação", "Restaurantes"),
            leaf("Alimentação", "Mercado"),
            leaf("Transporte", "Combustível"),
        );
        let mut s = Spending::default();
        for (l, cents) in [(&food, 1_000), (&market, 2_500), (&fuel, 3_000), (&food, 1)] {
            s.add(&Categorisation { leaf: l, brand: None }, Decimal::new(cents, 2));
        }
        let b = s.breakdown();
        assert_eq!(s.total(), Decimal::new(6_501, 2));
        assert_eq!(b.iter().map(|c| c.category).collect::<Vec<_>>(), ["Alimentação", "Transporte"]);
        assert_eq!(b[0].amount.amount.to_string(), "35.0100");
        assert_eq!(b[0].subcategories[0].subcategory, "Mercado");
        let sum: Decimal = b.iter().map(|c| c.amount.amount.decimal()).sum();
        assert_eq!(sum, s.total());
    }

    #[test]
    fn excluded_roles() {
        assert!(!is_spending(Some(Role::OwnTransfer)));
        assert!(!is_spending(Some(Role::CardBillPayment)));
        assert!(!is_spending(Some(Role::InvestmentApplication)));
        assert!(is_spending(Some(Role::Betting)) && is_spending(None));
    }
}
