//! `pf_balance`, `pj_balance`.

use serde_json::{Value, json};

use crate::analysis::Analysis;

pub fn build(_a: &Analysis<'_>) -> Value {
    json!({ "accounts": [] })
}
