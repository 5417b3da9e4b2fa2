//! `*_checking_account`, `*_savings_account` and their categorised variants.

use serde_json::{Value, json};

use crate::analysis::Analysis;

/// How deep a product categorises its transactions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// No categories.
    Plain,
    /// `category` and `subcategory`.
    L2,
    /// `category`, `subcategory` and `thirdCategory`.
    L3,
}

pub fn checking(_a: &Analysis<'_>, _level: Level) -> Value {
    json!({ "checkingAccounts": [] })
}

pub fn savings(_a: &Analysis<'_>, _level: Level) -> Value {
    json!({ "savingsAccounts": [] })
}
