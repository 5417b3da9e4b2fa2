//! The insight products' bodies, from the figures.

use ponte_domain::Money;
use serde::Serialize;

use super::balances::NEGATIVE_WINDOW_DAYS;
use super::figures::Figures;
use super::revenue::Concentration;
use super::spending::CategoryTotal;
use crate::products::income::numbers::Fixed4;
use crate::products::income::scope::Institution;
use crate::products::income::window::{CURRENT, Day, FULL_MONTHS};
use crate::products::support::{YearMonth, brl};

/// `pf_financial_insight`'s body: `{"financialInsight": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonalBody<'a> {
    financial_insight: PersonalInsight<'a>,
}

/// `pj_financial_insight`'s body: `{"financialInsight": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BusinessBody<'a> {
    financial_insight: BusinessInsight<'a>,
}

/// What both audiences share.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Common<'a> {
    institutions: Vec<Institution<'a>>,
    window_start: Day,
    window_end: Day,
    months_of_history: usize,
    current_balance: Option<Money>,
    monthly_cash_flow: Vec<CashFlowMonth>,
    current_month_cash_flow: CashFlowMonth,
    cash_flow_margin: Option<Fixed4>,
    negative_balance_days: Option<u32>,
    negative_balance_window_days: usize,
    overdraft_interest: Money,
    months_with_overdraft_interest: u32,
    bank_fees: Money,
    late_charges: Money,
    months_with_late_charges: u32,
    credit_cards: Option<CreditCards>,
    betting_spend: Money,
    betting_received: Money,
    monthly_debt_service: Money,
    active_contracts: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct CashFlowMonth {
    month: YearMonth,
    inflow: Money,
    outflow: Money,
    net: Money,
    /// Σ reconstructed balance at the month's end (for the current month: now).
    closing_balance: Option<Money>,
    covered: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct CreditCards {
    total_limit: Option<Money>,
    total_used: Option<Money>,
    utilisation: Option<Fixed4>,
    revolving_use: bool,
    months_with_revolving: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct PersonalInsight<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    spending_by_category: Vec<CategoryTotal<'a>>,
    total_spending: Money,
    total_income: Money,
    estimated_monthly_income: Option<Money>,
    income_stability: Option<Fixed4>,
    /// Share of the covered months among the last six full months with any income.
    income_presence: Option<Fixed4>,
    betting_share_of_income: Option<Fixed4>,
    debt_to_income: Option<Fixed4>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct BusinessInsight<'a> {
    #[serde(flatten)]
    common: Common<'a>,
    expenses_by_category: Vec<CategoryTotal<'a>>,
    total_expenses: Money,
    revenue: Revenue<'a>,
    card_acquirer_receivables: Money,
    payroll: Money,
    months_with_payroll: u32,
    taxes: Money,
    months_with_tax_payments: u32,
    tax_regularity: Option<Fixed4>,
    burn: Money,
    runway_months: Option<Fixed4>,
    betting_share_of_revenue: Option<Fixed4>,
    debt_service_to_revenue: Option<Fixed4>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct Revenue<'a> {
    total_revenue: Money,
    estimated_monthly_revenue: Option<Money>,
    average_monthly_revenue: Option<Money>,
    revenue_stability: Option<Fixed4>,
    monthly_revenue: Vec<RevenueMonth>,
    concentration: Concentration<'a>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct RevenueMonth {
    month: YearMonth,
    amount: Money,
}

fn common<'a>(f: &Figures<'a>) -> Common<'a> {
    let month = |slot: usize| CashFlowMonth {
        month: f.window.month(slot),
        inflow: brl(f.cash_flow.inflow[slot]),
        outflow: brl(f.cash_flow.outflow[slot]),
        net: brl(f.cash_flow.net(slot)),
        closing_balance: f.balances.closing[slot].map(brl),
        covered: f.history.covers(slot),
    };
    let costs = &f.costs;
    Common {
        institutions: f.institutions.clone(),
        window_start: Day(f.window.start()),
        window_end: Day(f.window.end_of_full_months()),
        months_of_history: f.history.months(),
        current_balance: f.balances.current.map(brl),
        monthly_cash_flow: (0..FULL_MONTHS).map(month).collect(),
        current_month_cash_flow: month(CURRENT),
        cash_flow_margin: f.cash_flow.margin(&f.history).map(Fixed4::new),
        negative_balance_days: f.balances.negative_days,
        negative_balance_window_days: NEGATIVE_WINDOW_DAYS,
        overdraft_interest: brl(costs.overdraft_interest.total),
        months_with_overdraft_interest: costs.overdraft_interest.months(),
        bank_fees: brl(costs.bank_fees.total),
        late_charges: brl(costs.late_charges.total),
        months_with_late_charges: costs.late_charges.months(),
        credit_cards: f.cards.as_ref().map(|c| CreditCards {
            total_limit: c.total_limit.map(brl),
            total_used: c.total_used.map(brl),
            utilisation: c.utilisation().map(Fixed4::new),
            revolving_use: c.revolving.months() > 0,
            months_with_revolving: c.revolving.months(),
        }),
        betting_spend: brl(costs.betting_spend.total),
        betting_received: brl(costs.betting_received),
        monthly_debt_service: brl(f.debt.monthly_service),
        active_contracts: f.debt.active_contracts,
    }
}

pub(super) fn personal<'a>(f: &Figures<'a>) -> PersonalBody<'a> {
    let income = f.income.as_ref();
    PersonalBody {
        financial_insight: PersonalInsight {
            common: common(f),
            spending_by_category: f.costs.spending.breakdown(),
            total_spending: brl(f.costs.spending.total()),
            total_income: brl(f.earnings_total()),
            estimated_monthly_income: f.estimated_monthly_earnings().map(brl),
            income_stability: income.and_then(|i| i.stability()).map(Fixed4::new),
            income_presence: income.and_then(|i| i.presence()).map(Fixed4::new),
            betting_share_of_income: f.betting_share().map(Fixed4::new),
            debt_to_income: f.debt_to_earnings().map(Fixed4::new),
        },
    }
}

pub(super) fn business<'a>(f: &Figures<'a>) -> BusinessBody<'a> {
    let default = super::figures::BusinessFigures::default();
    let b = f.business.as_ref().unwrap_or(&default);
    let revenue = &b.revenue;
    BusinessBody {
        financial_insight: BusinessInsight {
            common: common(f),
            expenses_by_category: f.costs.spending.breakdown(),
            total_expenses: brl(f.costs.spending.total()),
            revenue: Revenue {
                total_revenue: brl(revenue.total()),
                estimated_monthly_revenue: revenue.estimated_monthly(&f.history).map(brl),
                average_monthly_revenue: revenue.average_monthly(&f.history).map(brl),
                revenue_stability: revenue.stability(&f.history).map(Fixed4::new),
                monthly_revenue: (0..FULL_MONTHS)
                    .map(|slot| RevenueMonth {
                        month: f.window.month(slot),
                        amount: brl(revenue.monthly[slot]),
                    })
                    .collect(),
                concentration: revenue.concentration(),
            },
            card_acquirer_receivables: brl(revenue.card_acquirers),
            payroll: brl(b.payroll.total),
            months_with_payroll: b.payroll.months(),
            taxes: brl(b.taxes.total),
            months_with_tax_payments: f.tax_months_last_six(),
            tax_regularity: f.tax_regularity().map(Fixed4::new),
            burn: brl(f.burn()),
            runway_months: f.runway_months().map(Fixed4::new),
            betting_share_of_revenue: f.betting_share().map(Fixed4::new),
            debt_service_to_revenue: f.debt_to_earnings().map(Fixed4::new),
        },
    }
}
