//! `pf_risk_score`, `pj_risk_score`.

use serde_json::{Value, json};

use crate::analysis::Analysis;

pub fn personal(_a: &Analysis<'_>) -> Value {
    json!({ "riskScore": {} })
}

pub fn business(_a: &Analysis<'_>) -> Value {
    json!({ "riskScore": {} })
}
