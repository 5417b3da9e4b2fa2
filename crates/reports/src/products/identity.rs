//! `pf_identity`, `pj_identity`.

use serde_json::{Value, json};

use crate::analysis::Analysis;

pub fn personal(_a: &Analysis<'_>) -> Value {
    json!({ "identity": {} })
}

pub fn business(_a: &Analysis<'_>) -> Value {
    json!({ "identity": {} })
}
