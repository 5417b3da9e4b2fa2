//! The scorecard machinery: factors scored by bands, caps, and the evaluation of a set of
//! inputs. The tables themselves are data, in [`super::tables`].
//!
//! Monotonicity holds by construction and is checked by tests: within a rule, bands go from
//! the best value to the worst and their points never increase; a cap applies from a threshold
//! on towards the worse values. So a better input never lowers a factor's points, never adds a
//! cap, and never lowers the total.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;

/// The lowest and highest score.
pub(super) const MIN_SCORE: i32 = 0;
pub(super) const MAX_SCORE: i32 = 1000;
/// Reason codes reported: the factors that took the most points away.
pub(super) const MAX_REASONS: usize = 4;

/// What a scorecard looks at. Every factor is one figure of the insight products.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub(super) enum Factor {
    DebtToIncome,
    IncomeStability,
    IncomePresence,
    MonthsOfHistory,
    NegativeBalanceDays,
    OverdraftMonths,
    LateChargeMonths,
    BettingShareOfIncome,
    CardUtilisation,
    RevolvingMonths,
    CashFlowMargin,
    RevenueStability,
    LargestPayerShare,
    RunwayMonths,
    TaxRegularity,
    DebtServiceToRevenue,
}

/// Which way a factor's input is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Better {
    Lower,
    Higher,
}

impl Better {
    /// Whether `x` is at least as good as `y`.
    pub(super) fn at_least_as_good(self, x: Decimal, y: Decimal) -> bool {
        match self {
            Better::Lower => x <= y,
            Better::Higher => x >= y,
        }
    }
}

/// Inputs up to (`Lower`) or from (`Higher`) `threshold` score `points`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Band {
    pub threshold: Decimal,
    pub points: i32,
}

/// One factor: its bands from the best to the worst, and the points beyond the last band.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Rule {
    pub factor: Factor,
    /// The reason code reported when the factor takes points away.
    pub reason: &'static str,
    pub better: Better,
    pub bands: &'static [Band],
    pub otherwise: i32,
}

impl Rule {
    pub(super) fn points(&self, value: Decimal) -> i32 {
        self.bands
            .iter()
            .find(|band| self.better.at_least_as_good(value, band.threshold))
            .map_or(self.otherwise, |band| band.points)
    }

    pub(super) fn max_points(&self) -> i32 {
        self.bands.iter().map(|b| b.points).fold(self.otherwise, i32::max)
    }

    pub(super) fn min_points(&self) -> i32 {
        self.bands.iter().map(|b| b.points).fold(self.otherwise, i32::min)
    }
}

/// The score may not exceed `max_score` when the factor's input is worse than `threshold`:
/// some single signals (most of the income bet, two months in overdraft) outweigh any number
/// of good ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Cap {
    pub factor: Factor,
    pub threshold: Decimal,
    pub max_score: i32,
}

/// A versioned scorecard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Scorecard {
    pub version: &'static str,
    pub base: i32,
    pub rules: &'static [Rule],
    pub caps: &'static [Cap],
}

/// The inputs of a scorecard; a factor without one is "not available" and scores zero points,
/// so missing data is never punished (nor rewarded).
pub(super) type Inputs = BTreeMap<Factor, Decimal>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FactorScore {
    pub rule: Rule,
    pub value: Option<Decimal>,
    pub points: i32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Evaluation {
    pub score: i32,
    pub factors: Vec<FactorScore>,
    /// Reason codes of the factors with negative points, most points taken away first.
    pub reasons: Vec<&'static str>,
    pub caps_applied: Vec<Cap>,
}

impl Scorecard {
    pub(super) fn rule(&self, factor: Factor) -> Option<&Rule> {
        self.rules.iter().find(|r| r.factor == factor)
    }

    pub(super) fn evaluate(&self, inputs: &Inputs) -> Evaluation {
        let factors: Vec<FactorScore> = self
            .rules
            .iter()
            .map(|rule| {
                let value = inputs.get(&rule.factor).copied();
                FactorScore { rule: *rule, value, points: value.map_or(0, |v| rule.points(v)) }
            })
            .collect();
        let total = factors.iter().fold(self.base, |total, f| total.saturating_add(f.points));
        let caps_applied: Vec<Cap> = self
            .caps
            .iter()
            .filter(|cap| {
                let better = self.rule(cap.factor).map_or(Better::Lower, |r| r.better);
                inputs.get(&cap.factor).is_some_and(|v| !better.at_least_as_good(*v, cap.threshold))
            })
            .copied()
            .collect();
        let score =
            caps_applied.iter().fold(total.clamp(MIN_SCORE, MAX_SCORE), |s, cap| s.min(cap.max_score));
        let mut losers: Vec<&FactorScore> = factors.iter().filter(|f| f.points < 0).collect();
        losers.sort_by(|x, y| (x.points, x.rule.reason).cmp(&(y.points, y.rule.reason)));
        let reasons = losers.iter().take(MAX_REASONS).map(|f| f.rule.reason).collect();
        Evaluation { score, factors, reasons, caps_applied }
    }
}

/// A score's letter: A (lowest risk) to E.
pub(super) fn risk_band(score: i32) -> &'static str {
    match score {
        800.. => "A",
        650..=799 => "B",
        500..=649 => "C",
        350..=499 => "D",
        _ => "E",
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::super::tables::{BUSINESS, PERSONAL};
    use super::*;

    const CARDS: [&Scorecard; 2] = [&PERSONAL, &BUSINESS];

    fn d(text: &str) -> Decimal {
        text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    #[test]
    fn every_table_runs_from_best_to_worst() {
        for card in CARDS {
            for rule in card.rules {
                let thresholds: Vec<Decimal> = rule.bands.iter().map(|b| b.threshold).collect();
                for pair in thresholds.windows(2) {
                    assert!(
                        rule.better.at_least_as_good(pair[0], pair[1]) && pair[0] != pair[1],
                        "{:?}: thresholds not ordered best to worst",
                        rule.factor
                    );
                }
                let points: Vec<i32> = rule.bands.iter().map(|b| b.points).chain([rule.otherwise]).collect();
                assert!(points.windows(2).all(|p| p[0] >= p[1]), "{:?}: points increase", rule.factor);
                assert!(rule.max_points() > 0 && rule.min_points() < 0, "{:?}", rule.factor);
            }
            for cap in card.caps {
                assert!(card.rule(cap.factor).is_some(), "cap on a factor the card lacks");
            }
            let mut factors: Vec<Factor> = card.rules.iter().map(|r| r.factor).collect();
            factors.sort();
            factors.dedup();
            assert_eq!(factors.len(), card.rules.len(), "{}: a factor twice", card.version);
        }
    }

    #[test]
    fn best_case_reaches_the_top_and_worst_case_the_bottom() {
        let extreme = |best: bool| -> Inputs {
            PERSONAL
                .rules
                .iter()
                .map(|r| {
                    let v = match (r.better, best) {
                        (Better::Lower, true) | (Better::Higher, false) => d("-1000"),
                        _ => d("1000"),
                    };
                    (r.factor, v)
                })
                .collect()
        };
        assert_eq!(PERSONAL.evaluate(&extreme(true)).score, 1000);
        let worst = PERSONAL.evaluate(&extreme(false));
        assert_eq!(worst.score, 0);
        assert_eq!(worst.reasons.len(), MAX_REASONS);
        assert_eq!(worst.reasons[0], "R01_HIGH_BETTING_SHARE", "the heaviest penalty comes first");
        assert_eq!(worst.caps_applied.len(), PERSONAL.caps.len());
    }

    #[test]
    fn missing_inputs_are_neutral() {
        let none = PERSONAL.evaluate(&Inputs::new());
        assert_eq!(none.score, PERSONAL.base);
        assert!(none.factors.iter().all(|f| f.points == 0 && f.value.is_none()));
        assert!(none.reasons.is_empty() && none.caps_applied.is_empty());
    }

    #[test]
    fn bands_include_their_threshold() {
        let dti = PERSONAL.rule(Factor::DebtToIncome).copied();
        let dti = dti.unwrap_or_else(|| panic!("no DTI rule"));
        assert_eq!(dti.points(d("0.1")), 60);
        assert_eq!(dti.points(d("0.1001")), 40);
        assert_eq!(dti.points(d("0.5001")), -140);
        let stability = PERSONAL.rule(Factor::IncomeStability).copied().unwrap_or_else(|| panic!("no rule"));
        assert_eq!(stability.points(d("0.9")), 70);
        assert_eq!(stability.points(d("0.8999")), 40);
        assert_eq!(stability.points(d("0")), -70);
    }

    #[test]
    fn a_cap_holds_the_score_down() {
        let mut inputs: Inputs = PERSONAL
            .rules
            .iter()
            .map(|r| (r.factor, if r.better == Better::Lower { d("0") } else { d("1000") }))
            .collect();
        inputs.insert(Factor::BettingShareOfIncome, d("0.35"));
        let e = PERSONAL.evaluate(&inputs);
        assert_eq!(e.score, 450);
        assert_eq!(e.reasons, ["R01_HIGH_BETTING_SHARE"]);
    }

    #[test]
    fn risk_bands() {
        assert_eq!(risk_band(1000), "A");
        assert_eq!(risk_band(800), "A");
        assert_eq!(risk_band(799), "B");
        assert_eq!(risk_band(500), "C");
        assert_eq!(risk_band(350), "D");
        assert_eq!(risk_band(0), "E");
    }

    fn value() -> impl Strategy<Value = Decimal> {
        // Values around every threshold: -2..=100 with four decimals.
        (-20_000i64..=1_000_000).prop_map(|n| Decimal::new(n, 4))
    }

    fn inputs_for(card: &'static Scorecard) -> impl Strategy<Value = Inputs> {
        proptest::collection::vec(proptest::option::of(value()), card.rules.len()).prop_map(move |values| {
            card.rules.iter().zip(values).filter_map(|(r, v)| v.map(|v| (r.factor, v))).collect()
        })
    }

    proptest! {
        #[test]
        fn a_better_input_never_scores_fewer_factor_points(x in value(), y in value()) {
            for card in CARDS {
                for rule in card.rules {
                    let (better, worse) = if rule.better.at_least_as_good(x, y) { (x, y) } else { (y, x) };
                    prop_assert!(rule.points(better) >= rule.points(worse), "{:?} {better} {worse}", rule.factor);
                }
            }
        }

        #[test]
        fn improving_one_factor_never_lowers_the_total(
            pf in inputs_for(&PERSONAL),
            pj in inputs_for(&BUSINESS),
            which in 0usize..12,
            other in value(),
        ) {
            for (card, inputs) in [(&PERSONAL, pf), (&BUSINESS, pj)] {
                let rule = card.rules[which % card.rules.len()];
                let before = card.evaluate(&inputs);
                prop_assert!((MIN_SCORE..=MAX_SCORE).contains(&before.score));
                let mut changed = inputs.clone();
                changed.insert(rule.factor, other);
                let after = card.evaluate(&changed);
                prop_assert!((MIN_SCORE..=MAX_SCORE).contains(&after.score));
                if let Some(current) = inputs.get(&rule.factor) {
                    if rule.better.at_least_as_good(other, *current) {
                        prop_assert!(after.score >= before.score, "{:?}: {current} -> {other}", rule.factor);
                    } else {
                        prop_assert!(after.score <= before.score, "{:?}: {current} -> {other}", rule.factor);
                    }
                }
            }
        }
    }
}
