//! The scorecards' inputs, read from the insight figures. Each is rounded to four places first,
//! so a factor scores exactly the figure the insight product shows.

use ponte_domain::Audience;
use rust_decimal::Decimal;

use super::scorecard::{Factor, Inputs};
use crate::products::income::numbers::Fixed4;
use crate::products::insight::figures::Figures;

/// A runway longer than this many months (or no burn at all) is scored as this many: beyond two
/// years the exact figure says nothing more about risk.
pub(super) const RUNWAY_CAP_MONTHS: u32 = 24;

pub(super) fn inputs(f: &Figures<'_>) -> Inputs {
    let mut inputs = Inputs::new();
    let mut put = |factor: Factor, value: Option<Decimal>| {
        if let Some(v) = value {
            inputs.insert(factor, Fixed4::new(v).value());
        }
    };
    let cards = f.cards.as_ref();
    put(Factor::MonthsOfHistory, Some(Decimal::from(f.history.months())));
    put(Factor::NegativeBalanceDays, f.balances.negative_days.map(Decimal::from));
    put(Factor::OverdraftMonths, Some(Decimal::from(f.costs.overdraft_interest.months())));
    put(Factor::LateChargeMonths, Some(Decimal::from(f.costs.late_charges.months())));
    put(Factor::CardUtilisation, cards.and_then(|c| c.utilisation()));
    put(Factor::RevolvingMonths, cards.map(|c| Decimal::from(c.revolving.months())));
    put(Factor::CashFlowMargin, f.cash_flow.margin(&f.history));
    match f.audience {
        Audience::Personal => {
            put(Factor::DebtToIncome, f.debt_to_earnings());
            put(Factor::IncomeStability, f.income.as_ref().and_then(|i| i.stability()));
            put(Factor::IncomePresence, f.income.as_ref().and_then(|i| i.presence()));
            put(Factor::BettingShareOfIncome, f.betting_share());
        }
        Audience::Business => {
            let revenue = f.business.as_ref().map(|b| &b.revenue);
            put(Factor::DebtServiceToRevenue, f.debt_to_earnings());
            put(Factor::RevenueStability, revenue.and_then(|r| r.stability(&f.history)));
            put(Factor::LargestPayerShare, revenue.and_then(|r| r.largest_payer_share()));
            put(Factor::TaxRegularity, f.tax_regularity());
            let cap = Decimal::from(RUNWAY_CAP_MONTHS);
            let runway = f.balances.current.map(|_| f.runway_months().map_or(cap, |months| months.min(cap)));
            put(Factor::RunwayMonths, runway);
        }
    }
    inputs
}
