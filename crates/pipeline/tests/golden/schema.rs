//! JSON Schema validation of whole reports against the reports crate's published schemas (as
//! its own tests do): a report is valid when it satisfies both `envelope.schema.json` and
//! `products/<code>.schema.json`.

use std::path::PathBuf;

use ponte_domain::ProductCode;
use serde_json::Value;

fn schema_file(relative: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../reports/schemas").join(relative);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check(schema: &Value, name: &str, report: &Value) -> Vec<String> {
    let validator =
        jsonschema::validator_for(schema).unwrap_or_else(|e| panic!("{name} does not compile: {e}"));
    validator.iter_errors(report).map(|e| format!("{name}: {e} at {}", e.instance_path())).collect()
}

/// Every way `report` breaks the envelope's or `product`'s schema (empty when valid).
pub fn violations(product: ProductCode, report: &Value) -> Vec<String> {
    let mut errors = check(&schema_file("envelope.schema.json"), "envelope.schema.json", report);
    let name = format!("products/{}.schema.json", product.as_str());
    errors.extend(check(&schema_file(&name), &name, report));
    errors
}
