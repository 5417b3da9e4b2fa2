//! `pf_income`.

use serde_json::{Value, json};

use crate::analysis::Analysis;

pub fn build(_a: &Analysis<'_>) -> Value {
    json!({ "income": {} })
}
