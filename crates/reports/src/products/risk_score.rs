//! `pf_risk_score`, `pj_risk_score`: a transparent, versioned scorecard from 0 to 1000 computed
//! from the insight figures, with every factor's input and points, the caps that applied and
//! the reason codes of the factors that took the most points away.
//!
//! A heuristic scorecard, not a trained model: the bands are explicit tables
//! ([`tables`]), documented band by band in `docs/products/risk-scorecard.md`.

mod inputs;
mod scorecard;
mod tables;

use ponte_domain::Audience;
use serde::Serialize;

use self::inputs::inputs;
use self::scorecard::{Evaluation, Factor, Scorecard, risk_band};
use crate::analysis::Analysis;
use crate::products::income::numbers::Fixed4;
use crate::products::insight::figures::Figures;

/// The body of both products: `{"riskScore": {...}}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Body {
    risk_score: RiskScore,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct RiskScore {
    score: i32,
    risk_band: &'static str,
    scorecard_version: &'static str,
    /// Always `HEURISTIC_SCORECARD`: documented rules, not a statistical model.
    method: &'static str,
    base_score: i32,
    factors: Vec<FactorResult>,
    reason_codes: Vec<&'static str>,
    caps_applied: Vec<CapApplied>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct FactorResult {
    factor: Factor,
    /// The input, as the insight product shows it; `null` when not available.
    value: Option<Fixed4>,
    points: i32,
    min_points: i32,
    max_points: i32,
    /// The input could not be computed (no card data, no income, …): the factor scores zero.
    not_available: bool,
    reason_code: &'static str,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
struct CapApplied {
    factor: Factor,
    max_score: i32,
}

pub fn personal(a: &Analysis<'_>) -> Body {
    score(&tables::PERSONAL, &Figures::compute(a, Audience::Personal))
}

pub fn business(a: &Analysis<'_>) -> Body {
    score(&tables::BUSINESS, &Figures::compute(a, Audience::Business))
}

fn score(card: &Scorecard, figures: &Figures<'_>) -> Body {
    let Evaluation { score, factors, reasons, caps_applied } = card.evaluate(&inputs(figures));
    Body {
        risk_score: RiskScore {
            score,
            risk_band: risk_band(score),
            scorecard_version: card.version,
            method: "HEURISTIC_SCORECARD",
            base_score: card.base,
            factors: factors
                .into_iter()
                .map(|f| FactorResult {
                    factor: f.rule.factor,
                    value: f.value.map(Fixed4::new),
                    points: f.points,
                    min_points: f.rule.min_points(),
                    max_points: f.rule.max_points(),
                    not_available: f.value.is_none(),
                    reason_code: f.rule.reason,
                })
                .collect(),
            reason_codes: reasons,
            caps_applied: caps_applied
                .into_iter()
                .map(|c| CapApplied { factor: c.factor, max_score: c.max_score })
                .collect(),
        },
    }
}
