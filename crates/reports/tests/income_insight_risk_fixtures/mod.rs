//! Fixtures of the income, insight and risk tests: a fixed taxonomy and a keyword categoriser
//! (so the tests do not depend on the real categoriser), builders of consent data,
//! persona-like data sets, proptest strategies, and the report runner.

#![allow(dead_code)]

pub mod builders;
pub mod personas;
pub mod strategies;
pub mod taxonomy;

use ponte_domain::finance::ConsentData;
use ponte_domain::{Audience, ProductCode};
use ponte_reports::analysis::Holder;
use ponte_reports::envelope::ReportContext;
use ponte_reports::{Analysis, products};
use rust_decimal::Decimal;
use serde_json::Value;
use time::OffsetDateTime;
use time::macros::datetime;

pub use self::builders::*;
pub use self::taxonomy::categorise;

pub fn holder(tax_id: &str) -> Holder {
    let audience = if tax_id.len() == 14 { Audience::Business } else { Audience::Personal };
    Holder { tax_id: tax_id.into(), audience }
}

pub fn analysis<'a>(consents: &'a [ConsentData], tax_id: &str) -> Analysis<'a> {
    Analysis::with_categories(consents, holder(tax_id), TODAY, categorise)
}

fn context() -> ReportContext {
    ReportContext {
        request_id: "req-1".into(),
        product_report_id: "0195f3c2-7b1a-7c3e-9d4f-123456789abc".into(),
        report_time: datetime!(2026-03-15 12:00:00 UTC),
        links: Vec::new(),
        external_info: None,
    }
}

/// The whole report of `product` as partners receive it.
pub fn report(product: ProductCode, consents: &[ConsentData], tax_id: &str) -> Value {
    let a = analysis(consents, tax_id);
    products::build(product, &a).to_json(&context(), &holder(tax_id))
}

/// A decimal field (a money object's amount or a 4-decimal string) at a JSON pointer.
pub fn decimal(report: &Value, pointer: &str) -> Option<Decimal> {
    let v = report.pointer(pointer)?;
    let text = v.get("amount").unwrap_or(v).as_str()?;
    text.parse().ok()
}

pub fn dec(text: &str) -> Decimal {
    text.parse().unwrap_or_else(|e| panic!("{text}: {e}"))
}

pub fn score(report: &Value) -> i64 {
    report.pointer("/riskScore/score").and_then(Value::as_i64).unwrap_or(-1)
}

pub fn reasons(report: &Value) -> Vec<String> {
    report
        .pointer("/riskScore/reasonCodes")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|r| r.as_str().map(String::from)).collect())
        .unwrap_or_default()
}

pub fn fixed_now() -> OffsetDateTime {
    at(TODAY)
}
