//! Shared by the reports crate's integration tests: JSON Schema validation of whole reports.
//!
//! A report is valid when it satisfies both `schemas/envelope.schema.json` (the fields every
//! report shares) and `schemas/products/<code>.schema.json` (the product's own keys).

#![allow(dead_code)]

use std::path::PathBuf;

use ponte_domain::ProductCode;
use serde_json::Value;

fn schema_file(relative: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas").join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check(schema: &Value, name: &str, report: &Value) {
    let validator =
        jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("{name} does not compile: {e}"));
    let errors: Vec<String> =
        validator.iter_errors(report).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "report breaks {name}:\n{}", errors.join("\n"));
}

/// Panics with every violation when `report` is not a valid report of `product`.
pub fn assert_valid(product: ProductCode, report: &Value) {
    check(&schema_file("envelope.schema.json"), "envelope.schema.json", report);
    let name = format!("products/{}.schema.json", product.as_str());
    check(&schema_file(&name), &name, report);
}
