//! The insight figures: every number the insight products show and the risk score reads,
//! computed once, in a few linear passes (account entries, card transactions, balances, income)
//! with fixed per-month arrays, so the cost grows with the number of transactions only.

use ponte_domain::finance::Direction;
use ponte_domain::{Audience, Currency};
use rust_decimal::Decimal;

use super::balances::{BalanceFigures, balances};
use super::cards::{CardFigures, card_data_available, card_pass};
use super::debt::{DebtFigures, debt};
use super::revenue::{RevenueFigures, is_revenue};
use super::spending::{Spending, is_spending};
use crate::analysis::{AccountEntry, Analysis};
use crate::categorise::Role;
use crate::products::income::numbers::{mean, share};
use crate::products::income::scope::{Institution, Scope};
use crate::products::income::window::{FULL_MONTHS, History, LAST_SIX, LAST_THREE, SLOTS, Window};
use crate::products::income::{IncomeFigures, scoped_entries};

/// A total over the window's full months and which months it touched. Entries of the current,
/// partial month are left out, so every total covers the same 12 months.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(in crate::products) struct Tally {
    pub total: Decimal,
    /// Bit `s` set: something in slot `s`.
    months: u16,
}

impl Tally {
    pub(in crate::products) fn add(&mut self, slot: usize, amount: Decimal) {
        if slot < FULL_MONTHS {
            self.total += amount;
            self.months |= 1 << slot;
        }
    }

    /// How many of the 12 full months have an entry.
    pub(in crate::products) fn months(&self) -> u32 {
        self.months.count_ones()
    }

    pub(in crate::products) fn touches(&self, slot: usize) -> bool {
        slot < FULL_MONTHS && self.months & (1 << slot) != 0
    }
}

/// Money in and out of the accounts per slot, own transfers left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub(in crate::products) struct CashFlow {
    pub inflow: [Decimal; SLOTS],
    pub outflow: [Decimal; SLOTS],
}

impl CashFlow {
    pub(in crate::products) fn net(&self, slot: usize) -> Decimal {
        self.inflow[slot] - self.outflow[slot]
    }

    /// `Σ net / Σ inflow` over the covered full months: the share of money received that was
    /// kept. `None` without inflow.
    pub(in crate::products) fn margin(&self, history: &History) -> Option<Decimal> {
        let (mut inflow, mut net) = (Decimal::ZERO, Decimal::ZERO);
        for slot in history.covered(0..FULL_MONTHS) {
            inflow += self.inflow[slot];
            net += self.net(slot);
        }
        share(net, inflow)
    }
}

/// Costs and spending, filled by both passes (accounts and cards).
#[derive(Clone, Debug, Default, PartialEq)]
pub(in crate::products) struct Costs<'a> {
    pub spending: Spending<'a>,
    pub overdraft_interest: Tally,
    pub bank_fees: Tally,
    pub late_charges: Tally,
    pub betting_spend: Tally,
    /// Betting credits (winnings, withdrawals from a betting account): shown, never netted.
    pub betting_received: Decimal,
}

/// What only a company's insight has.
#[derive(Clone, Debug, Default, PartialEq)]
pub(in crate::products) struct BusinessFigures<'a> {
    pub revenue: RevenueFigures<'a>,
    pub payroll: Tally,
    pub taxes: Tally,
}

#[derive(Clone, Debug, PartialEq)]
pub(in crate::products) struct Figures<'a> {
    pub audience: Audience,
    pub institutions: Vec<Institution<'a>>,
    pub window: Window,
    pub history: History,
    pub cash_flow: CashFlow,
    pub balances: BalanceFigures,
    pub costs: Costs<'a>,
    /// `None` when no consent says anything about cards.
    pub cards: Option<CardFigures>,
    pub debt: DebtFigures,
    /// A person's income (`pf_income`'s definition); `None` for a company.
    pub income: Option<IncomeFigures>,
    /// `None` for a person.
    pub business: Option<BusinessFigures<'a>>,
}

impl<'a> Figures<'a> {
    pub(in crate::products) fn compute(a: &Analysis<'a>, audience: Audience) -> Figures<'a> {
        let scope = Scope::of(a.consents);
        let window = Window::new(a.today);
        let history = History::starting(
            &window,
            scope.earliest_booked(a.consents),
            a.consents.iter().map(|c| c.from).min(),
        );
        let mut figures = Figures {
            audience,
            institutions: Institution::all(a.consents),
            window,
            history,
            cash_flow: CashFlow::default(),
            balances: balances(a.consents, &scope, &window),
            costs: Costs::default(),
            cards: None,
            debt: debt(a, &scope),
            income: None,
            business: None,
        };
        match audience {
            Audience::Personal => figures.income = Some(IncomeFigures::compute(a, &scope, window, history)),
            Audience::Business => figures.business = Some(BusinessFigures::default()),
        }
        for entry in scoped_entries(a, &scope) {
            figures.add_account_entry(&entry);
        }
        let cards = card_pass(a, &scope, &window, &mut figures.costs);
        figures.cards = card_data_available(a, &scope).then_some(cards);
        figures
    }

    fn add_account_entry(&mut self, entry: &AccountEntry<'a>) {
        let t = entry.transaction;
        if !t.is_booked() || t.amount.currency != Currency::BRL {
            return;
        }
        let Some(slot) = self.window.slot(t.date()) else { return };
        let role = entry.category.role();
        let amount = t.amount.amount.decimal();
        let costs = &mut self.costs;
        match t.direction {
            Direction::Credit => {
                if role != Some(Role::OwnTransfer) {
                    self.cash_flow.inflow[slot] += amount;
                }
                if role == Some(Role::Betting) && slot < FULL_MONTHS {
                    costs.betting_received += amount;
                }
                if let Some(business) = self.business.as_mut().filter(|_| is_revenue(role)) {
                    business.revenue.add(slot, entry, amount);
                }
            }
            Direction::Debit => {
                if role != Some(Role::OwnTransfer) {
                    self.cash_flow.outflow[slot] += amount;
                }
                if slot < FULL_MONTHS && is_spending(role) {
                    costs.spending.add(&entry.category, amount);
                }
                match role {
                    Some(Role::OverdraftInterest) => costs.overdraft_interest.add(slot, amount),
                    Some(Role::BankFee) => costs.bank_fees.add(slot, amount),
                    Some(Role::LateCharge) => costs.late_charges.add(slot, amount),
                    Some(Role::Betting) => costs.betting_spend.add(slot, amount),
                    Some(Role::Payroll) => {
                        if let Some(b) = self.business.as_mut() {
                            b.payroll.add(slot, amount);
                        }
                    }
                    Some(Role::Tax) => {
                        if let Some(b) = self.business.as_mut() {
                            b.taxes.add(slot, amount);
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    /// What betting and debt are compared with: a person's income of the 12 full months, a
    /// company's revenue.
    pub(in crate::products) fn earnings_total(&self) -> Decimal {
        match (&self.income, &self.business) {
            (Some(income), _) => income.total_full_months(),
            (None, Some(business)) => business.revenue.total(),
            (None, None) => Decimal::ZERO,
        }
    }

    /// A person's estimated monthly income, a company's estimated monthly revenue (medians of
    /// the covered months among the last six full months).
    pub(in crate::products) fn estimated_monthly_earnings(&self) -> Option<Decimal> {
        match (&self.income, &self.business) {
            (Some(income), _) => income.estimated_monthly(),
            (None, Some(business)) => business.revenue.estimated_monthly(&self.history),
            (None, None) => None,
        }
    }

    /// Betting spend ÷ income (or revenue) of the same 12 months; `None` without income.
    pub(in crate::products) fn betting_share(&self) -> Option<Decimal> {
        share(self.costs.betting_spend.total, self.earnings_total())
    }

    /// Monthly debt service ÷ estimated monthly income (or revenue); `None` without credit data
    /// or without income.
    pub(in crate::products) fn debt_to_earnings(&self) -> Option<Decimal> {
        if !self.debt.available {
            return None;
        }
        let earnings = self.estimated_monthly_earnings().filter(|e| *e > Decimal::ZERO)?;
        share(self.debt.monthly_service, earnings)
    }

    /// The average monthly net outflow of the covered months among the last three full months
    /// when it is an outflow; zero otherwise (and without covered months).
    pub(in crate::products) fn burn(&self) -> Decimal {
        let nets: Vec<Decimal> =
            self.history.covered(LAST_THREE).map(|slot| self.cash_flow.net(slot)).collect();
        let average_net = mean(&nets).unwrap_or_default();
        (-average_net).max(Decimal::ZERO)
    }

    /// Current balance ÷ burn, in months (zero with a negative balance); `None` when not
    /// burning or without a known balance.
    pub(in crate::products) fn runway_months(&self) -> Option<Decimal> {
        let current = self.balances.current?;
        share(current.max(Decimal::ZERO), self.burn())
    }

    /// Months with a tax payment ÷ covered months, among the last six full months.
    pub(in crate::products) fn tax_regularity(&self) -> Option<Decimal> {
        let taxes = &self.business.as_ref()?.taxes;
        let covered: Vec<usize> = self.history.covered(LAST_SIX).collect();
        let paid = covered.iter().filter(|slot| taxes.touches(**slot)).count();
        share(Decimal::from(paid), Decimal::from(covered.len()))
    }

    /// Months with a tax payment among the last six full months.
    pub(in crate::products) fn tax_months_last_six(&self) -> u32 {
        self.business.as_ref().map_or(0, |b| LAST_SIX.filter(|slot| b.taxes.touches(*slot)).count() as u32)
    }
}

#[cfg(test)]
mod tests {
    use ponte_domain::finance::ConsentData;
    use ponte_domain::finance::Direction::{Credit, Debit};
    use time::Duration;
    use time::macros::date;

    use super::*;
    use crate::categorise::Leaf;
    use crate::products::insight::test_data::{TODAY, account, analysis, consent, leaves, txn};

    fn figures<'a>(consents: &'a [ConsentData], leaves: &'a [Leaf], audience: Audience) -> Figures<'a> {
        Figures::compute(&analysis(consents, leaves, audience), audience)
    }

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn zero_income_gives_no_ratios() {
        let entries = (1..=12).map(|m| {
            txn(
                &format!("b{m}"),
                date!(2025 - 03 - 10) + Duration::days(30 * m),
                Debit,
                1_000,
                Some(Role::Betting),
            )
        });
        let mut c = consent(vec![account(Some(0), entries.collect())], Vec::new());
        c.permissions_granted.push("LOANS_READ".into());
        let (consents, leaves) = (vec![c], leaves());
        let f = figures(&consents, &leaves, Audience::Personal);
        assert!(f.debt.available);
        assert_eq!(f.estimated_monthly_earnings(), Some(Decimal::ZERO));
        assert_eq!(f.betting_share(), None);
        assert_eq!(f.debt_to_earnings(), None);
        assert_eq!(f.cash_flow.margin(&f.history), None, "no inflow");
        assert!(f.costs.betting_spend.total > Decimal::ZERO);
    }

    #[test]
    fn own_transfers_move_balances_but_not_cash_flow() {
        let own = txn("own", date!(2026 - 02 - 10), Credit, 10_000, Some(Role::OwnTransfer));
        let anchor = txn("a", date!(2025 - 03 - 01), Credit, 1, None);
        let (consents, leaves) =
            (vec![consent(vec![account(Some(50_000), vec![anchor, own])], Vec::new())], leaves());
        let f = figures(&consents, &leaves, Audience::Personal);
        assert_eq!(f.cash_flow.inflow[11], Decimal::ZERO);
        assert_eq!(f.balances.closing[11], Some(d("500")));
        assert_eq!(f.balances.closing[10], Some(d("400")), "before the transfer arrived");
        assert_eq!(f.balances.current, Some(d("500")));
    }

    #[test]
    fn negative_days_come_from_the_reconstructed_balance() {
        // −50.00 now, after paying 200.00 ten days ago: 150.00 before, −50.00 since.
        let paid = txn("p", TODAY - Duration::days(10), Debit, 20_000, None);
        let (consents, leaves) =
            (vec![consent(vec![account(Some(-5_000), vec![paid])], Vec::new())], leaves());
        let f = figures(&consents, &leaves, Audience::Personal);
        assert_eq!(f.balances.negative_days, Some(10));
        assert_eq!(f.balances.closing[11], Some(d("150")));
        assert_eq!(f.balances.closing[12], Some(d("-50")));
    }

    #[test]
    fn unknown_balances_give_no_balance_figures() {
        let (consents, leaves) = (vec![consent(vec![account(None, Vec::new())], Vec::new())], leaves());
        let f = figures(&consents, &leaves, Audience::Business);
        assert_eq!(f.balances.negative_days, None);
        assert_eq!(f.balances.current, None);
        assert_eq!(f.runway_months(), None);
        assert_eq!(f.history.months(), 0);
        assert_eq!(f.tax_regularity(), None, "no covered month");
    }

    #[test]
    fn one_month_of_history() {
        let salary = txn("s", date!(2026 - 02 - 05), Credit, 300_000, Some(Role::Salary));
        let rent = txn("r", date!(2026 - 02 - 10), Debit, 100_000, None);
        let (consents, leaves) =
            (vec![consent(vec![account(Some(200_000), vec![salary, rent])], Vec::new())], leaves());
        let f = figures(&consents, &leaves, Audience::Personal);
        let income = f.income.as_ref();
        assert_eq!(f.history.months(), 1);
        assert_eq!(income.and_then(IncomeFigures::estimated_monthly), Some(d("3000")));
        assert_eq!(income.and_then(IncomeFigures::stability), None);
        assert_eq!(income.and_then(IncomeFigures::presence), Some(Decimal::ONE));
        assert_eq!(f.cash_flow.margin(&f.history), Some(d("0.6667")));
    }

    #[test]
    fn burn_runway_and_tax_regularity() {
        let mut entries = vec![txn("a", date!(2025 - 03 - 01), Credit, 1, None)];
        for (i, month) in
            [date!(2025 - 12 - 10), date!(2026 - 01 - 10), date!(2026 - 02 - 10)].into_iter().enumerate()
        {
            entries.push(txn(&format!("r{i}"), month, Credit, 10_000, Some(Role::Revenue)));
            entries.push(txn(&format!("t{i}"), month, Debit, 20_000, Some(Role::Tax)));
        }
        let (consents, leaves) = (vec![consent(vec![account(Some(30_000), entries)], Vec::new())], leaves());
        let f = figures(&consents, &leaves, Audience::Business);
        assert_eq!(f.burn(), d("100"));
        assert_eq!(f.runway_months(), Some(d("3")));
        assert_eq!(f.tax_regularity(), Some(d("0.5")), "3 of the last 6 months");
        assert_eq!(f.tax_months_last_six(), 3);
        let revenue = f.business.as_ref().map(|b| b.revenue.total());
        assert_eq!(revenue, Some(d("300")));
    }

    #[test]
    fn a_negative_balance_leaves_no_runway() {
        let entries = vec![txn("d", date!(2026 - 02 - 10), Debit, 20_000, None)];
        let (consents, leaves) = (vec![consent(vec![account(Some(-1_000), entries)], Vec::new())], leaves());
        let f = figures(&consents, &leaves, Audience::Business);
        assert!(f.burn() > Decimal::ZERO);
        assert_eq!(f.runway_months(), Some(Decimal::ZERO));
    }
}
