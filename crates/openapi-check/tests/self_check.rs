//! The vendored specs checked against themselves: every schema compiles (patterns included) and the
//! official examples of 200/201 JSON responses validate. The OFB files put no `example` on their
//! media types; their examples sit on the schemas. So three kinds of example are checked:
//! - `media`: a media-type `example`/`examples` value (none today; kept so a new file is covered);
//! - `schema`: each schema-level `example` reachable from the response, against that same schema;
//! - `composed`: the body Swagger UI would show, composed from those examples, against the response
//!   in strict mode (so an object-level example with an undeclared field is caught too).
//!
//! Upstream examples that are wrong are listed in KNOWN_INVALID with the reason; the test fails if the
//! list is stale in either direction, so the validator is never loosened to make examples pass.
//! Findings for the vendored files (checked again with Python's `jsonschema`, draft 4): no example
//! is invalid; two operations document no example for some required fields (KNOWN_INCOMPLETE).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use ponte_openapi_check::{Spec, SpecError, Violation, Violations};
use serde_json::{Map, Value};

const SPECS: &[(&str, &str)] = &[
    ("consents", "3.3.1"),
    ("resources", "3.1.0"),
    ("customers", "2.2.1"),
    ("accounts", "2.4.2"),
    ("credit-cards", "2.3.1"),
    ("loans", "2.5.0"),
    ("financings", "2.4.0"),
    ("invoice-financings", "2.4.0"),
    ("unarranged-accounts-overdraft", "2.5.0"),
    ("bank-fixed-incomes", "1.1.0"),
    ("common", "2.0.1"),
    ("participants", "1.0.0"),
    ("admin", "2.0.1"),
];

/// 200/201 responses whose examples leave required properties out (so the composed body lacks
/// them): incomplete documentation rather than wrong examples; their other violations still count.
const KNOWN_INCOMPLETE: &[&str] = &[
    "admin/2.0.1 GET /open-banking/admin/v2/metrics 200",
    "customers/2.2.1 GET /open-banking/customers/v2/personal/financial-relations 200",
];

/// Official examples known to be invalid against their own schema: (key, why).
const KNOWN_INVALID: &[(&str, &str)] = &[];

#[test]
fn every_schema_compiles_and_every_operation_routes_to_itself() {
    for (api, version) in SPECS {
        let spec = Spec::ofb(api, version).unwrap_or_else(|e| panic!("{e}"));
        let schemas = spec.document()["components"]["schemas"].as_object().cloned().unwrap_or_default();
        for name in schemas.keys() {
            // Null is rejected by nearly every OFB schema; what matters is that no compile error occurs.
            if let Err(Violations::Lookup(e)) =
                spec.validate_schema(&format!("#/components/schemas/{}", escape(name)), &Value::Null)
            {
                panic!("{e}");
            }
        }
        for op in spec.operations() {
            let responses =
                &spec.document()["paths"][&op.template][op.method.to_ascii_lowercase()]["responses"];
            let statuses =
                responses.as_object().into_iter().flat_map(|r| r.keys()).filter_map(|k| k.parse().ok());
            for status in statuses {
                // The template itself is a concrete path (`{accountId}` is a non-empty segment).
                match spec.validate_response(&op.method, &op.path, status, &Value::Null) {
                    Err(Violations::Body { operation, .. }) => {
                        let expected = format!("{} {} → {status}", op.method, op.template);
                        assert!(operation.ends_with(&expected), "{} routed to {operation}", op.path);
                    }
                    Err(Violations::Lookup(SpecError::NoSchema { .. })) => {} // e.g. 204, application/jwt
                    Err(Violations::Lookup(e)) => panic!("{e}"),
                    Ok(()) => {}
                }
            }
        }
    }
}

#[test]
fn official_examples_validate() {
    let mut report = Report::default();
    for (api, version) in SPECS {
        let spec = Spec::ofb(api, version).unwrap_or_else(|e| panic!("{e}"));
        let checked = check_examples(&spec, &format!("{api}/{version}"), &mut report);
        assert!(checked > 0, "{api}/{version}: no example to check");
    }
    report.print();
    let incomplete: BTreeSet<&str> = report.incomplete.keys().map(String::as_str).collect();
    assert_eq!(
        incomplete,
        KNOWN_INCOMPLETE.iter().copied().collect(),
        "examples omitting required fields changed"
    );
    let invalid: BTreeSet<&str> = report.invalid.keys().map(String::as_str).collect();
    let known: BTreeSet<&str> = KNOWN_INVALID.iter().map(|(k, _)| *k).collect();
    assert_eq!(
        invalid, known,
        "official examples that fail validation changed (see the INVALID lines above)"
    );
}

/// The check above must be able to fail: a copy of the accounts spec with two examples broken.
#[test]
fn a_broken_example_is_reported() {
    let original = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs/ofb/accounts/2.4.2.yml");
    let text = std::fs::read_to_string(original).unwrap_or_else(|e| panic!("{e}"));
    let broken = text.replacen("example: '1000.0400'", "example: '1000.4'", 1).replacen(
        "example: PIX",
        "example: PIXX",
        1,
    );
    assert_ne!(text, broken);
    let copy =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("accounts-broken-{}.yml", std::process::id()));
    std::fs::write(&copy, broken).unwrap_or_else(|e| panic!("{e}"));
    let spec = Spec::load(&copy).unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_file(&copy);
    let mut report = Report::default();
    check_examples(&spec, "broken", &mut report);
    let keys: Vec<&String> = report.invalid.keys().collect();
    let has = |needle: &str| keys.iter().any(|k| k.contains(needle));
    assert!(
        has("schema #/components/schemas/AccountBalancesDataAutomaticallyInvestedAmount/properties/amount"),
        "{keys:#?}"
    );
    assert!(has("GET /open-banking/accounts/v2/accounts/{accountId}/balances 200 composed"), "{keys:#?}");
    assert!(has("schema #/components/schemas/EnumTransactionTypes"), "{keys:#?}");
    assert!(has("GET /open-banking/accounts/v2/accounts/{accountId}/transactions 200 composed"), "{keys:#?}");
}

#[derive(Default)]
struct Report {
    /// Key (spec, operation or schema pointer, kind) → violations.
    invalid: BTreeMap<String, String>,
    /// Operation → required properties without any example.
    incomplete: BTreeMap<String, String>,
}

impl Report {
    fn print(&self) {
        for (key, message) in &self.invalid {
            println!("INVALID {key}\n  {}", message.replace('\n', "\n  "));
        }
        for (key, gaps) in &self.incomplete {
            println!("INCOMPLETE {key}: no example for required {gaps}");
        }
    }
}

/// Checks the examples of every 200/201 JSON response of `spec`; returns how many were checked.
fn check_examples(spec: &Spec, label: &str, report: &mut Report) -> usize {
    let doc = spec.document();
    let mut checked = 0;
    let mut seen = BTreeSet::new();
    for op in spec.operations() {
        let method = op.method.to_ascii_lowercase();
        for status in [200u16, 201] {
            let response_pointer =
                pointer_of(doc, format!("/paths/{}/{method}/responses/{status}", escape(&op.template)));
            let Some(response) = doc.pointer(&response_pointer) else { continue };
            let Some((media, media_type)) = json_media(response) else { continue };
            let Some(schema) = media_type.get("schema") else { continue };
            let at = format!("{label} {} {} {status}", op.method, op.path);
            for body in media_examples(doc, media_type) {
                checked += 1;
                if let Err(v) = spec.validate_response(&op.method, &op.path, status, &body) {
                    report.invalid.insert(format!("{at} media {media}"), v.to_string());
                }
            }
            let mut gaps = BTreeSet::new();
            let body = compose(doc, schema, "", &mut gaps).unwrap_or(Value::Null);
            checked += 1;
            if let Err(v) = spec.validate_response_strict(&op.method, &op.path, status, &body)
                && (v.items().is_empty() || v.items().iter().any(|i| !is_gap(i, &gaps)))
            {
                report.invalid.insert(format!("{at} composed"), v.to_string());
            }
            if !gaps.is_empty() {
                report.incomplete.insert(at, gaps.into_iter().collect::<Vec<_>>().join(", "));
            }
            let mut pointers = Vec::new();
            let schema_pointer = format!("{response_pointer}/content/{}/schema", escape(media));
            collect_schema_examples(doc, schema, &schema_pointer, &mut seen, &mut pointers);
            for pointer in pointers {
                let Some(example) = doc.pointer(&pointer).and_then(|s| s.get("example")) else { continue };
                checked += 1;
                if let Err(v) = spec.validate_schema(&pointer, example) {
                    report.invalid.insert(format!("{label} schema #{pointer}"), v.to_string());
                }
            }
        }
    }
    checked
}

fn follow<'d>(doc: &'d Value, mut value: &'d Value) -> &'d Value {
    while let Some(target) = value.get("$ref").and_then(Value::as_str).and_then(|r| doc.pointer(&r[1..])) {
        value = target;
    }
    value
}

/// JSON pointer of the response at `pointer`, after following `$ref`s.
fn pointer_of(doc: &Value, mut pointer: String) -> String {
    while let Some(reference) = doc.pointer(&pointer).and_then(|v| v.get("$ref")).and_then(Value::as_str) {
        pointer = reference[1..].to_owned();
    }
    pointer
}

fn json_media(response: &Value) -> Option<(&String, &Value)> {
    let content = response.get("content")?.as_object()?;
    content.iter().find(|(m, _)| m.split(';').next().is_some_and(|e| e.trim() == "application/json"))
}

fn media_examples(doc: &Value, media: &Value) -> Vec<Value> {
    let mut out: Vec<Value> = media.get("example").cloned().into_iter().collect();
    let named = media.get("examples").and_then(Value::as_object).into_iter().flatten();
    out.extend(named.filter_map(|(_, example)| follow(doc, example).get("value").cloned()));
    out
}

/// The example body Swagger UI renders: a schema's own `example` wins; otherwise objects are built
/// from their properties, arrays hold one item, and enums show their first value. A required
/// property nothing can be composed for is a gap, recorded as its instance pointer in `gaps`.
fn compose(doc: &Value, schema: &Value, at: &str, gaps: &mut BTreeSet<String>) -> Option<Value> {
    let schema = follow(doc, schema);
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    if at.len() > 1000 {
        return None; // a recursive schema without examples
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let required: Vec<&str> = schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let mut object = Map::new();
        for (name, property) in properties {
            let here = format!("{at}/{}", escape(name));
            match compose(doc, property, &here, gaps) {
                Some(value) => drop(object.insert(name.clone(), value)),
                None if required.contains(&name.as_str()) => drop(gaps.insert(here)),
                None => {}
            }
        }
        return Some(Value::Object(object));
    }
    if let Some(items) = schema.get("items") {
        return Some(Value::Array(compose(doc, items, &format!("{at}/0"), gaps).into_iter().collect()));
    }
    schema.get("enum").and_then(|e| e.get(0)).or_else(|| schema.get("default")).cloned()
}

/// Whether a violation only reports a required property that `compose` recorded as a gap.
fn is_gap(violation: &Violation, gaps: &BTreeSet<String>) -> bool {
    violation.schema_path.ends_with("/required")
        && gaps.iter().any(|gap| {
            gap.rsplit_once('/').is_some_and(|(parent, name)| {
                parent == violation.pointer && violation.message.contains(&format!("\"{name}\""))
            })
        })
}

/// Pointers of every schema reachable from `schema` (at `pointer`) that carries an `example`.
fn collect_schema_examples(
    doc: &Value,
    schema: &Value,
    pointer: &str,
    seen: &mut BTreeSet<String>,
    out: &mut Vec<String>,
) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let target = reference[1..].to_owned();
        if seen.insert(target.clone())
            && let Some(resolved) = doc.pointer(&target)
        {
            collect_schema_examples(doc, resolved, &target, seen, out);
        }
        return;
    }
    if schema.get("example").is_some() {
        out.push(pointer.to_owned());
    }
    for keyword in ["items", "additionalProperties", "not"] {
        if let Some(sub) = schema.get(keyword).filter(|s| s.is_object()) {
            collect_schema_examples(doc, sub, &format!("{pointer}/{keyword}"), seen, out);
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for (i, sub) in schema.get(keyword).and_then(Value::as_array).into_iter().flatten().enumerate() {
            collect_schema_examples(doc, sub, &format!("{pointer}/{keyword}/{i}"), seen, out);
        }
    }
    for (name, sub) in schema.get("properties").and_then(Value::as_object).into_iter().flatten() {
        collect_schema_examples(doc, sub, &format!("{pointer}/properties/{}", escape(name)), seen, out);
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}
