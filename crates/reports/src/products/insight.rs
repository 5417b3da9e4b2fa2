//! `pf_financial_insight`, `pj_financial_insight`.

use serde_json::{Value, json};

use crate::analysis::Analysis;

pub fn personal(_a: &Analysis<'_>) -> Value {
    json!({ "financialInsight": {} })
}

pub fn business(_a: &Analysis<'_>) -> Value {
    json!({ "financialInsight": {} })
}
