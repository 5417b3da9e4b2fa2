//! OpenAPI 3.0 Schema Objects → JSON Schema (draft 4, the dialect OpenAPI 3.0 extends).
//!
//! Draft 4 is chosen because its semantics match OpenAPI 3.0 where the later drafts differ:
//! boolean `exclusiveMinimum`/`exclusiveMaximum`, and siblings of `$ref` are ignored.
//! The walk is schema-aware on purpose: `properties` is a map of *names*, so a property literally
//! called `example` or `xml` must survive while the keyword of that name is dropped.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

/// Keywords that are OpenAPI annotations, not constraints. Dropped so a JSON Schema validator can't
/// misread them (`examples` is a draft-6+ keyword, an `example` may hold `$ref`/`id` keys, ...).
/// `readOnly`/`writeOnly` only matter for request/response direction, which draft 4 cannot express.
const DROPPED: &[&str] =
    &["example", "examples", "xml", "discriminator", "externalDocs", "deprecated", "readOnly", "writeOnly"];

/// Keywords whose value is a single subschema.
const SUBSCHEMA: &[&str] = &["items", "not", "additionalProperties"];
/// Keywords whose value is a list of subschemas.
const SUBSCHEMA_LIST: &[&str] = &["allOf", "anyOf", "oneOf"];

/// How to convert: `strict` closes objects (see [`Converter::strict`]).
pub(crate) struct Converter {
    strict: bool,
    /// `#/components/schemas/...` refs that appear directly as `allOf` members: closing those would
    /// reject the properties the other members contribute, so strict mode leaves them open.
    allof_targets: BTreeSet<String>,
}

impl Converter {
    pub(crate) fn lenient() -> Self {
        Converter { strict: false, allof_targets: BTreeSet::new() }
    }

    /// Strict mode adds `additionalProperties: false` to every object schema that declares
    /// `properties`, says nothing about `additionalProperties` and is neither composed
    /// (`allOf`/`anyOf`/`oneOf`) nor an `allOf` member (inline or by `$ref`).
    /// Caveat: a component used both inside and outside an `allOf` stays open everywhere.
    pub(crate) fn strict(document: &Value) -> Self {
        let mut allof_targets = BTreeSet::new();
        collect_allof_targets(document, &mut allof_targets);
        Converter { strict: true, allof_targets }
    }

    /// Converts `components.schemas` (name → schema) as a map.
    pub(crate) fn convert_components(&self, schemas: &Map<String, Value>) -> Map<String, Value> {
        schemas
            .iter()
            .map(|(name, schema)| {
                let pointer = format!("#/components/schemas/{}", escape_pointer(name));
                let closable = !self.allof_targets.contains(&pointer);
                (name.clone(), self.convert(schema, closable))
            })
            .collect()
    }

    /// Converts one schema. `closable` is false for `allOf` members (strict mode must not close them).
    pub(crate) fn convert(&self, schema: &Value, closable: bool) -> Value {
        let Some(object) = schema.as_object() else {
            return schema.clone();
        };
        if let Some(reference) = object.get("$ref") {
            // OpenAPI 3.0: "any sibling properties of a $ref SHALL be ignored".
            return json!({ "$ref": reference });
        }
        let mut out = Map::new();
        for (keyword, value) in object {
            if DROPPED.contains(&keyword.as_str()) || keyword.starts_with("x-") || keyword == "nullable" {
                continue;
            }
            let converted = if keyword == "properties" {
                match value.as_object() {
                    Some(properties) => Value::Object(
                        properties.iter().map(|(name, s)| (name.clone(), self.convert(s, true))).collect(),
                    ),
                    None => value.clone(),
                }
            } else if SUBSCHEMA.contains(&keyword.as_str()) {
                self.convert(value, true)
            } else if SUBSCHEMA_LIST.contains(&keyword.as_str()) {
                let members_closable = keyword != "allOf";
                match value.as_array() {
                    Some(list) => {
                        Value::Array(list.iter().map(|s| self.convert(s, members_closable)).collect())
                    }
                    None => value.clone(),
                }
            } else {
                value.clone()
            };
            out.insert(keyword.clone(), converted);
        }
        if self.strict && closable && should_close(&out) {
            out.insert("additionalProperties".into(), Value::Bool(false));
        }
        if object.get("nullable") == Some(&Value::Bool(true)) {
            return make_nullable(out);
        }
        Value::Object(out)
    }
}

fn should_close(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties")
        && !schema.contains_key("additionalProperties")
        && !SUBSCHEMA_LIST.iter().any(|k| schema.contains_key(*k))
}

/// `nullable: true` means "also accept null". With a `type`, null joins the type list (and the
/// `enum`, otherwise the enum would still reject null); without one, the schema is wrapped.
fn make_nullable(mut schema: Map<String, Value>) -> Value {
    let Some(kind) = schema.get("type").cloned() else {
        return json!({ "anyOf": [{ "type": "null" }, Value::Object(schema)] });
    };
    let mut kinds = match kind {
        Value::Array(kinds) => kinds,
        other => vec![other],
    };
    if !kinds.contains(&json!("null")) {
        kinds.push(json!("null"));
    }
    schema.insert("type".into(), Value::Array(kinds));
    if let Some(Value::Array(values)) = schema.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    Value::Object(schema)
}

fn collect_allof_targets(value: &Value, out: &mut BTreeSet<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::Array(members)) = object.get("allOf") {
                for member in members {
                    if let Some(Value::String(reference)) = member.get("$ref") {
                        out.insert(reference.clone());
                    }
                }
            }
            object.values().for_each(|v| collect_allof_targets(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_allof_targets(v, out)),
        _ => {}
    }
}

/// RFC 6901 escaping of one reference token.
pub(crate) fn escape_pointer(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_annotations_but_keeps_properties_named_like_them() {
        let schema = json!({
            "type": "object", "example": {"$ref": "x"}, "x-ofb": 1, "xml": {},
            "properties": {"example": {"type": "string", "example": "a"}}
        });
        let out = Converter::lenient().convert(&schema, true);
        assert_eq!(out, json!({"type": "object", "properties": {"example": {"type": "string"}}}));
    }

    #[test]
    fn nullable_adds_null_to_type_and_enum() {
        let out =
            Converter::lenient().convert(&json!({"type": "string", "enum": ["A"], "nullable": true}), true);
        assert_eq!(out, json!({"type": ["string", "null"], "enum": ["A", null]}));
        let out = Converter::lenient().convert(&json!({"nullable": true, "minLength": 1}), true);
        assert_eq!(out, json!({"anyOf": [{"type": "null"}, {"minLength": 1}]}));
    }

    #[test]
    fn ref_siblings_are_ignored() {
        let out =
            Converter::lenient().convert(&json!({"$ref": "#/a", "description": "d", "nullable": true}), true);
        assert_eq!(out, json!({"$ref": "#/a"}));
    }

    #[test]
    fn strict_closes_plain_objects_only() {
        let doc = json!({"components": {"schemas": {
            "Base": {"type": "object", "properties": {"a": {"type": "string"}}},
            "Plain": {"type": "object", "properties": {"b": {"type": "string"}}},
            "Open": {"type": "object", "properties": {"c": {}}, "additionalProperties": true},
            "Both": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"d": {}}}]}
        }}});
        let strict = Converter::strict(&doc);
        let schemas = doc["components"]["schemas"].as_object().cloned().unwrap_or_default();
        let out = strict.convert_components(&schemas);
        assert_eq!(out["Plain"]["additionalProperties"], json!(false));
        assert_eq!(out["Base"].get("additionalProperties"), None);
        assert_eq!(out["Open"]["additionalProperties"], json!(true));
        assert_eq!(out["Both"].get("additionalProperties"), None);
        assert_eq!(out["Both"]["allOf"][1].get("additionalProperties"), None);
    }
}
