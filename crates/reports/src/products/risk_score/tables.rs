//! The scorecards' tables: every factor's bands, points and reason code, and the caps. This is
//! the whole model; `docs/products/risk-scorecard.md` lists the same tables for people.
//!
//! A heuristic, not a trained model: the bands encode common credit-analysis rules of thumb
//! (debt service above 30–40 % of income strains a budget, revolving credit and late charges
//! are the costliest signals of a tight month, betting a large share of income is a risk in
//! itself). Changing any number here is a new scorecard version.

use rust_decimal::Decimal;

use super::scorecard::{Band, Better, Cap, Factor, Rule, Scorecard};

/// A fraction given in ten-thousandths: `fraction(2_500)` is 0.2500.
const fn fraction(ten_thousandths: i32) -> Decimal {
    Decimal::from_parts(ten_thousandths.unsigned_abs(), 0, 0, ten_thousandths < 0, 4)
}

/// A whole number of months or days.
const fn count(n: u32) -> Decimal {
    Decimal::from_parts(n, 0, 0, false, 0)
}

const fn band(threshold: Decimal, points: i32) -> Band {
    Band { threshold, points }
}

pub(super) const DEBT_TO_INCOME: Rule = Rule {
    factor: Factor::DebtToIncome,
    reason: "R02_HIGH_DEBT_TO_INCOME",
    better: Better::Lower,
    bands: &[
        band(fraction(1_000), 60),
        band(fraction(2_000), 40),
        band(fraction(3_000), 15),
        band(fraction(4_000), -30),
        band(fraction(5_000), -80),
    ],
    otherwise: -140,
};

pub(super) const INCOME_STABILITY: Rule = Rule {
    factor: Factor::IncomeStability,
    reason: "R03_UNSTABLE_INCOME",
    better: Better::Higher,
    bands: &[
        band(fraction(9_000), 70),
        band(fraction(8_000), 40),
        band(fraction(7_000), 10),
        band(fraction(5_500), -20),
        band(fraction(4_000), -45),
    ],
    otherwise: -70,
};

pub(super) const INCOME_PRESENCE: Rule = Rule {
    factor: Factor::IncomePresence,
    reason: "R16_MONTHS_WITHOUT_INCOME",
    better: Better::Higher,
    bands: &[band(fraction(10_000), 20), band(fraction(6_600), 0), band(fraction(3_300), -40)],
    otherwise: -80,
};

pub(super) const MONTHS_OF_HISTORY: Rule = Rule {
    factor: Factor::MonthsOfHistory,
    reason: "R04_SHORT_HISTORY",
    better: Better::Higher,
    bands: &[band(count(12), 40), band(count(9), 25), band(count(6), 10), band(count(3), -20)],
    otherwise: -60,
};

pub(super) const NEGATIVE_BALANCE_DAYS: Rule = Rule {
    factor: Factor::NegativeBalanceDays,
    reason: "R05_NEGATIVE_BALANCE_DAYS",
    better: Better::Lower,
    bands: &[
        band(count(0), 50),
        band(count(3), 30),
        band(count(10), 0),
        band(count(30), -50),
        band(count(60), -100),
    ],
    otherwise: -140,
};

pub(super) const OVERDRAFT_MONTHS: Rule = Rule {
    factor: Factor::OverdraftMonths,
    reason: "R06_OVERDRAFT_INTEREST",
    better: Better::Lower,
    bands: &[band(count(0), 30), band(count(2), 0), band(count(5), -40), band(count(8), -70)],
    otherwise: -100,
};

pub(super) const LATE_CHARGE_MONTHS: Rule = Rule {
    factor: Factor::LateChargeMonths,
    reason: "R07_LATE_CHARGES",
    better: Better::Lower,
    bands: &[band(count(0), 40), band(count(1), 0), band(count(3), -40), band(count(6), -80)],
    otherwise: -120,
};

pub(super) const BETTING_SHARE_OF_INCOME: Rule = Rule {
    factor: Factor::BettingShareOfIncome,
    reason: "R01_HIGH_BETTING_SHARE",
    better: Better::Lower,
    bands: &[
        band(fraction(0), 30),
        band(fraction(200), 15),
        band(fraction(500), 0),
        band(fraction(1_000), -50),
        band(fraction(2_000), -100),
        band(fraction(4_000), -150),
    ],
    otherwise: -200,
};

pub(super) const CARD_UTILISATION: Rule = Rule {
    factor: Factor::CardUtilisation,
    reason: "R08_HIGH_CARD_UTILISATION",
    better: Better::Lower,
    bands: &[
        band(fraction(3_000), 40),
        band(fraction(5_000), 20),
        band(fraction(7_000), 0),
        band(fraction(9_000), -40),
    ],
    otherwise: -80,
};

pub(super) const REVOLVING_MONTHS: Rule = Rule {
    factor: Factor::RevolvingMonths,
    reason: "R09_REVOLVING_CREDIT",
    better: Better::Lower,
    bands: &[band(count(0), 30), band(count(1), 0), band(count(3), -40), band(count(6), -80)],
    otherwise: -110,
};

pub(super) const CASH_FLOW_MARGIN: Rule = Rule {
    factor: Factor::CashFlowMargin,
    reason: "R10_NEGATIVE_CASH_FLOW",
    better: Better::Higher,
    bands: &[
        band(fraction(2_000), 60),
        band(fraction(1_000), 40),
        band(fraction(0), 15),
        band(fraction(-1_000), -20),
        band(fraction(-2_500), -60),
    ],
    otherwise: -100,
};

pub(super) const REVENUE_STABILITY: Rule = Rule {
    factor: Factor::RevenueStability,
    reason: "R11_UNSTABLE_REVENUE",
    better: Better::Higher,
    bands: &[
        band(fraction(8_500), 60),
        band(fraction(7_000), 40),
        band(fraction(5_000), 15),
        band(fraction(3_000), -20),
        band(fraction(1_500), -50),
    ],
    otherwise: -80,
};

pub(super) const LARGEST_PAYER_SHARE: Rule = Rule {
    factor: Factor::LargestPayerShare,
    reason: "R12_REVENUE_CONCENTRATION",
    better: Better::Lower,
    bands: &[
        band(fraction(2_000), 40),
        band(fraction(3_500), 20),
        band(fraction(5_000), 0),
        band(fraction(6_500), -30),
        band(fraction(8_000), -60),
    ],
    otherwise: -90,
};

pub(super) const RUNWAY_MONTHS: Rule = Rule {
    factor: Factor::RunwayMonths,
    reason: "R13_SHORT_RUNWAY",
    better: Better::Higher,
    bands: &[band(count(12), 60), band(count(6), 40), band(count(3), 10), band(count(1), -40)],
    otherwise: -100,
};

pub(super) const TAX_REGULARITY: Rule = Rule {
    factor: Factor::TaxRegularity,
    reason: "R14_IRREGULAR_TAXES",
    better: Better::Higher,
    bands: &[band(fraction(10_000), 40), band(fraction(6_600), 15), band(fraction(3_300), -20)],
    otherwise: -50,
};

pub(super) const DEBT_SERVICE_TO_REVENUE: Rule = Rule {
    factor: Factor::DebtServiceToRevenue,
    reason: "R15_HIGH_DEBT_SERVICE",
    better: Better::Lower,
    bands: &[
        band(fraction(500), 50),
        band(fraction(1_000), 30),
        band(fraction(2_000), 0),
        band(fraction(3_500), -50),
    ],
    otherwise: -100,
};

/// People. Best case: 530 + 470 = 1000.
pub(super) const PERSONAL: Scorecard = Scorecard {
    version: "ponte-scorecard-pf-1",
    base: 530,
    rules: &[
        DEBT_TO_INCOME,
        INCOME_STABILITY,
        INCOME_PRESENCE,
        MONTHS_OF_HISTORY,
        NEGATIVE_BALANCE_DAYS,
        OVERDRAFT_MONTHS,
        LATE_CHARGE_MONTHS,
        BETTING_SHARE_OF_INCOME,
        CARD_UTILISATION,
        REVOLVING_MONTHS,
        CASH_FLOW_MARGIN,
    ],
    caps: &[
        Cap { factor: Factor::BettingShareOfIncome, threshold: fraction(3_000), max_score: 450 },
        Cap { factor: Factor::NegativeBalanceDays, threshold: count(60), max_score: 450 },
        Cap { factor: Factor::LateChargeMonths, threshold: count(6), max_score: 500 },
    ],
};

/// Companies. Best case: 500 + 540, clamped to 1000.
pub(super) const BUSINESS: Scorecard = Scorecard {
    version: "ponte-scorecard-pj-1",
    base: 500,
    rules: &[
        REVENUE_STABILITY,
        LARGEST_PAYER_SHARE,
        RUNWAY_MONTHS,
        TAX_REGULARITY,
        DEBT_SERVICE_TO_REVENUE,
        MONTHS_OF_HISTORY,
        NEGATIVE_BALANCE_DAYS,
        OVERDRAFT_MONTHS,
        LATE_CHARGE_MONTHS,
        CARD_UTILISATION,
        REVOLVING_MONTHS,
        CASH_FLOW_MARGIN,
    ],
    caps: &[
        Cap { factor: Factor::RunwayMonths, threshold: count(1), max_score: 450 },
        Cap { factor: Factor::NegativeBalanceDays, threshold: count(60), max_score: 450 },
    ],
};
