//! `pf_credit_card`, `pj_credit_card`, `pf_categorized_creditcard_l3`.

use serde_json::{Value, json};

use super::Level;
use crate::analysis::Analysis;

pub fn build(_a: &Analysis<'_>, _level: Level) -> Value {
    json!({ "creditCards": [] })
}
