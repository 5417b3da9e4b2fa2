//! `pf_income`: what a person earns, month by month and by source, from their account credits.
//!
//! Income is every booked credit of the accounts in scope whose category's role is an income
//! role (salary, benefit, self-employment, passive, other income). Every other credit is left
//! out, and with it transfers between the customer's own accounts, refunds, loan
//! disbursements, investment redemptions, cashback and betting wins: they have roles that are
//! not income. A credit without a role (an unrecognised PIX from a person) does not count
//! either: only the categoriser says what is income, so the figures never depend on a guess
//! made here.
//!
//! This module is the base of the income → insight → risk family: it also holds the family's
//! shared helpers (the month window, exact statistics, the accounts in scope, payer names).
//! Formulas and fields: `docs/products/pf_income.md`.

mod declared;
pub(in crate::products) mod numbers;
pub(in crate::products) mod payer;
pub(in crate::products) mod scope;
mod sources;
pub(in crate::products) mod window;

use ponte_domain::finance::Direction;
use ponte_domain::{Currency, Money};
use rust_decimal::Decimal;
use serde::Serialize;
use time::Date;

use self::declared::{DeclaredIncome, declared_income};
use self::numbers::{Fixed4, mean, share, stability};
use self::payer::payer_name;
use self::scope::{Institution, Scope};
use self::sources::{Source, sources};
use self::window::{CURRENT, Day, FULL_MONTHS, History, LAST_SIX, SLOTS, Window};
use crate::analysis::{AccountEntry, Analysis};
use crate::categorise::Role;
use crate::products::support::{YearMonth, brl, median};

/// The kind of income a credit is, from its category's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(in crate::products) enum IncomeType {
    Salary,
    Benefit,
    SelfEmployment,
    Passive,
    Other,
}

impl IncomeType {
    /// The income type of a role; `None` for every role that is not income and for no role.
    pub(in crate::products) fn of(role: Option<Role>) -> Option<IncomeType> {
        match role? {
            Role::Salary => Some(Self::Salary),
            Role::Benefit => Some(Self::Benefit),
            Role::SelfEmployment => Some(Self::SelfEmployment),
            Role::PassiveIncome => Some(Self::Passive),
            Role::OtherIncome => Some(Self::Other),
            _ => None,
        }
    }
}

/// An account credit that counts as income, with what the product needs of it.
#[derive(Clone, Copy, Debug)]
pub(in crate::products) struct IncomeCredit<'a> {
    pub slot: usize,
    pub date: Date,
    pub id: &'a str,
    pub kind: IncomeType,
    pub amount: Decimal,
    pub tax_id: Option<&'a str>,
    pub payer_name: &'a str,
}

impl<'a> IncomeCredit<'a> {
    /// The entry as income: booked, a credit, in reais, inside the window, with an income role.
    fn of(entry: &AccountEntry<'a>, window: &Window) -> Option<IncomeCredit<'a>> {
        let t = entry.transaction;
        if !t.is_booked() || t.direction != Direction::Credit || t.amount.currency != Currency::BRL {
            return None;
        }
        let kind = IncomeType::of(entry.category.role())?;
        let slot = window.slot(t.date())?;
        let tax_id = t.counterparty.as_ref().and_then(|p| p.tax_id.as_deref()).map(str::trim);
        Some(IncomeCredit {
            slot,
            date: t.date(),
            id: &t.id,
            kind,
            amount: t.amount.amount.decimal(),
            tax_id: tax_id.filter(|id| !id.is_empty()),
            payer_name: entry.category.brand.unwrap_or_else(|| payer_name(&t.name)),
        })
    }
}

/// The account entries of the accounts in scope, each account once.
pub(in crate::products) fn scoped_entries<'x, 'a>(
    a: &'x Analysis<'a>,
    scope: &'x Scope,
) -> impl Iterator<Item = AccountEntry<'a>> + 'x {
    scope.accounts.iter().flat_map(move |&(c, i)| a.entries_of_account(c, i))
}

/// The income credits of the window.
fn income_credits<'x, 'a>(
    a: &'x Analysis<'a>,
    scope: &'x Scope,
    window: &'x Window,
) -> impl Iterator<Item = IncomeCredit<'a>> + 'x {
    scoped_entries(a, scope).filter_map(move |entry| IncomeCredit::of(&entry, window))
}

/// Income per month of the window: computed once and shared by the insight and risk products.
#[derive(Clone, Debug, PartialEq)]
pub(in crate::products) struct IncomeFigures {
    pub window: Window,
    pub history: History,
    /// Income per slot (12 full months, then the current month to date).
    pub amounts: [Decimal; SLOTS],
    pub counts: [u32; SLOTS],
}

impl IncomeFigures {
    pub(in crate::products) fn compute(
        a: &Analysis<'_>,
        scope: &Scope,
        window: Window,
        history: History,
    ) -> Self {
        let mut figures =
            IncomeFigures { window, history, amounts: [Decimal::ZERO; SLOTS], counts: [0; SLOTS] };
        for credit in income_credits(a, scope, &window) {
            figures.amounts[credit.slot] += credit.amount;
            figures.counts[credit.slot] += 1;
        }
        figures
    }

    /// Income of the covered months among `slots`.
    fn covered(&self, slots: std::ops::Range<usize>) -> Vec<Decimal> {
        self.history.covered(slots).map(|slot| self.amounts[slot]).collect()
    }

    /// The median of the covered months among the last six full months.
    pub(in crate::products) fn estimated_monthly(&self) -> Option<Decimal> {
        median(self.covered(LAST_SIX))
    }

    /// The mean of the covered full months.
    pub(in crate::products) fn average_monthly(&self) -> Option<Decimal> {
        mean(&self.covered(0..FULL_MONTHS))
    }

    /// `1 −` the coefficient of variation of the covered months among the last six full months.
    pub(in crate::products) fn stability(&self) -> Option<Decimal> {
        stability(&self.covered(LAST_SIX))
    }

    /// The share of the covered months among the last six full months with any income; `None`
    /// without covered months.
    pub(in crate::products) fn presence(&self) -> Option<Decimal> {
        let covered = self.covered(LAST_SIX);
        let with_income = covered.iter().filter(|amount| **amount > Decimal::ZERO).count();
        share(Decimal::from(with_income), Decimal::from(covered.len()))
    }

    /// Income of the 12 full months.
    pub(in crate::products) fn total_full_months(&self) -> Decimal {
        self.amounts[..FULL_MONTHS].iter().sum()
    }
}

/// The product's body: `{"income": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Body<'a> {
    income: Income<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Income<'a> {
    institutions: Vec<Institution<'a>>,
    window_start: Day,
    window_end: Day,
    months_of_history: usize,
    monthly_income: Vec<MonthIncome>,
    current_month_income: MonthIncome,
    total_income: Money,
    estimated_monthly_income: Option<Money>,
    average_monthly_income: Option<Money>,
    income_stability: Option<Fixed4>,
    sources: Vec<Source<'a>>,
    declared_income: Option<DeclaredIncome<'a>>,
    declared_income_ratio: Option<Fixed4>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct MonthIncome {
    month: YearMonth,
    amount: Money,
    transaction_count: u32,
    /// Whether the data covers the month (it is not before the earliest booked entry).
    covered: bool,
}

pub fn build<'a>(a: &Analysis<'a>) -> Body<'a> {
    let scope = Scope::of(a.consents);
    let window = Window::new(a.today);
    let history = History::starting(
        &window,
        scope.earliest_booked(a.consents),
        a.consents.iter().map(|c| c.from).min(),
    );
    let figures = IncomeFigures::compute(a, &scope, window, history);
    let month = |slot: usize| MonthIncome {
        month: window.month(slot),
        amount: brl(figures.amounts[slot]),
        transaction_count: figures.counts[slot],
        covered: history.covers(slot),
    };
    let estimated = figures.estimated_monthly();
    let declared = declared_income(a.consents);
    let ratio = estimated.zip(declared.as_ref().and_then(DeclaredIncome::monthly_brl));
    Body {
        income: Income {
            institutions: Institution::all(a.consents),
            window_start: Day(window.start()),
            window_end: Day(window.end_of_full_months()),
            months_of_history: history.months(),
            monthly_income: (0..FULL_MONTHS).map(month).collect(),
            current_month_income: month(CURRENT),
            total_income: brl(figures.total_full_months()),
            estimated_monthly_income: estimated.map(brl),
            average_monthly_income: figures.average_monthly().map(brl),
            income_stability: figures.stability().map(Fixed4::new),
            sources: sources(income_credits(a, &scope, &window)),
            declared_income_ratio: ratio.and_then(|(e, d)| share(e, d)).map(Fixed4::new),
            declared_income: declared,
        },
    }
}
