//! What a schema says, in words: short type labels (`array of Account`, `string (uuid)`,
//! `Money | null`) and per-field details (description, flags, allowed values, default,
//! examples, constraints), looking through `$ref`s and utoipa's nullable `oneOf` wrappers.

use serde_json::Value;
use utoipa::Number;
use utoipa::openapi::schema::{
    AdditionalProperties, Array, ArrayItems, KnownFormat, Object, SchemaFormat, SchemaType, Type,
};
use utoipa::openapi::{Deprecated, RefOr, Schema};

use super::Doc;
use super::html::{esc, json_bare, push_esc, push_json, push_markdown};

/// Human-facing facts about one schema, gathered through `$ref`s and nullable wrappers.
#[derive(Default)]
pub(super) struct Meta<'a> {
    pub(super) description: Option<&'a str>,
    pub(super) deprecated: bool,
    pub(super) read_only: bool,
    pub(super) write_only: bool,
    pub(super) enum_values: Option<&'a [Value]>,
    pub(super) item_enum_values: Option<&'a [Value]>,
    pub(super) default: Option<&'a Value>,
    pub(super) examples: Vec<&'a Value>,
    /// Already-escaped HTML fragments such as `≤ 64 characters`.
    pub(super) constraints: Vec<String>,
}

pub(super) fn is_null(schema: &RefOr<Schema>) -> bool {
    matches!(schema, RefOr::T(Schema::Object(o)) if o.schema_type == SchemaType::Type(Type::Null))
}

/// The single non-null member of a `oneOf`/`anyOf` (utoipa's encoding of `Option<T>`).
pub(super) fn nullable_inner(items: &[RefOr<Schema>]) -> Option<&RefOr<Schema>> {
    let mut members = items.iter().filter(|i| !is_null(i));
    let first = members.next()?;
    members.next().is_none().then_some(first)
}

fn type_name(t: &Type) -> &'static str {
    match t {
        Type::Object => "object",
        Type::String => "string",
        Type::Integer => "integer",
        Type::Number => "number",
        Type::Boolean => "boolean",
        Type::Array => "array",
        Type::Null => "null",
    }
}

fn type_text(t: &SchemaType) -> String {
    match t {
        SchemaType::Type(t) => type_name(t).to_owned(),
        SchemaType::Array(ts) => ts.iter().map(type_name).collect::<Vec<_>>().join(" | "),
        SchemaType::AnyValue => "any".to_owned(),
    }
}

fn format_name(format: &SchemaFormat) -> String {
    match format {
        SchemaFormat::Custom(name) => name.clone(),
        SchemaFormat::KnownFormat(known) => known_format_name(known),
    }
}

fn known_format_name(known: &KnownFormat) -> String {
    match serde_json::to_value(known) {
        Ok(Value::String(name)) => name,
        _ => "unknown".to_owned(),
    }
}

fn number(n: &Number) -> String {
    match n {
        Number::Int(i) => i.to_string(),
        Number::UInt(u) => u.to_string(),
        Number::Float(f) => f.to_string(),
    }
}

/// Appends a link to a component schema (or its plain name when it has no anchor).
pub(super) fn push_schema_link(out: &mut String, doc: &Doc<'_>, name: &str) {
    match doc.schema_anchor(name) {
        Some(anchor) => {
            out.push_str("<a href=\"#");
            out.push_str(anchor);
            out.push_str("\">");
            push_esc(out, name);
            out.push_str("</a>");
        }
        None => push_esc(out, name),
    }
}

/// A short HTML type label: `string (date-time)`, `array of Account`, `Money | null`, ...
pub(super) fn type_label(doc: &Doc<'_>, schema: &RefOr<Schema>) -> String {
    let mut out = String::new();
    push_label(&mut out, doc, schema, 0);
    out
}

fn push_label(out: &mut String, doc: &Doc<'_>, schema: &RefOr<Schema>, depth: usize) {
    if depth > 6 {
        out.push('…');
        return;
    }
    let schema = match schema {
        RefOr::Ref(r) => {
            match doc.schema_entry(&r.ref_location) {
                Some((name, _)) => push_schema_link(out, doc, name),
                None => {
                    out.push_str("<code>");
                    push_esc(out, &r.ref_location);
                    out.push_str("</code>");
                }
            }
            return;
        }
        RefOr::T(schema) => schema,
    };
    match schema {
        Schema::Object(o) => push_object_label(out, doc, o, depth),
        Schema::Array(a) => {
            match &a.items {
                ArrayItems::RefOrSchema(item) => {
                    out.push_str("array of ");
                    push_label(out, doc, item, depth + 1);
                }
                ArrayItems::False => out.push_str("array"),
            }
            if matches!(&a.schema_type, SchemaType::Array(ts) if ts.contains(&Type::Null)) {
                out.push_str(" | null");
            }
        }
        Schema::OneOf(o) => push_composite(out, doc, &o.items, " | ", "one of", depth),
        Schema::AnyOf(o) => push_composite(out, doc, &o.items, " | ", "any of", depth),
        Schema::AllOf(o) => push_composite(out, doc, &o.items, " &amp; ", "all of", depth),
        _ => out.push_str("any"),
    }
}

fn push_object_label(out: &mut String, doc: &Doc<'_>, o: &Object, depth: usize) {
    let map_values = match o.additional_properties.as_deref() {
        Some(AdditionalProperties::RefOr(values)) if o.properties.is_empty() => Some(values),
        _ => None,
    };
    match map_values {
        Some(values) => {
            out.push_str("map&lt;string, ");
            push_label(out, doc, values, depth + 1);
            out.push_str("&gt;");
        }
        None => push_esc(out, &type_text(&o.schema_type)),
    }
    if let Some(format) = &o.format {
        out.push_str(" <span class=\"fmt\">(");
        push_esc(out, &format_name(format));
        out.push_str(")</span>");
    }
}

fn push_composite(
    out: &mut String,
    doc: &Doc<'_>,
    items: &[RefOr<Schema>],
    separator: &str,
    word: &str,
    depth: usize,
) {
    let labels: Vec<String> = items
        .iter()
        .filter(|item| !is_null(item))
        .map(|item| {
            let mut label = String::new();
            push_label(&mut label, doc, item, depth + 1);
            label
        })
        .collect();
    let distinct = labels.iter().enumerate().all(|(i, l)| !labels[..i].contains(l));
    match labels.len() {
        0 => out.push_str("null"),
        1 => out.push_str(&labels[0]),
        _ if distinct => out.push_str(&labels.join(separator)),
        n => out.push_str(&format!("{word} {n} variants")),
    }
    if !labels.is_empty() && items.iter().any(is_null) {
        out.push_str(" | null");
    }
}

/// Collects [`Meta`] for a schema, looking through `$ref`s and nullable `oneOf` wrappers. A
/// description next to a `$ref` (or on the wrapper) wins over the referenced schema's own.
pub(super) fn meta<'a>(doc: &Doc<'a>, schema: &'a RefOr<Schema>) -> Meta<'a> {
    meta_at(doc, schema, 0)
}

fn meta_at<'a>(doc: &Doc<'a>, schema: &'a RefOr<Schema>, depth: usize) -> Meta<'a> {
    if depth > 4 {
        return Meta::default();
    }
    match schema {
        RefOr::Ref(r) => {
            let mut m = match doc.schema_ref(schema).1 {
                Some(target) => schema_meta(doc, target, depth + 1),
                None => Meta::default(),
            };
            if !r.description.is_empty() {
                m.description = Some(&r.description);
            }
            m.read_only |= r.read_only == Some(true);
            m.write_only |= r.write_only == Some(true);
            m.default = r.default.as_ref().or(m.default);
            m
        }
        RefOr::T(s) => schema_meta(doc, s, depth),
    }
}

fn schema_meta<'a>(doc: &Doc<'a>, schema: &'a Schema, depth: usize) -> Meta<'a> {
    let wrapper = |items: &'a [RefOr<Schema>], description: &'a Option<String>| {
        let mut m = nullable_inner(items).map(|inner| meta_at(doc, inner, depth + 1)).unwrap_or_default();
        m.description = description.as_deref().or(m.description);
        m
    };
    match schema {
        Schema::Object(o) => Meta {
            description: o.description.as_deref(),
            deprecated: o.deprecated == Some(Deprecated::True),
            read_only: o.read_only == Some(true),
            write_only: o.write_only == Some(true),
            enum_values: o.enum_values.as_deref(),
            item_enum_values: None,
            default: o.default.as_ref(),
            examples: o.example.iter().chain(&o.examples).collect(),
            constraints: object_constraints(o),
        },
        Schema::Array(a) => Meta {
            description: a.description.as_deref(),
            deprecated: a.deprecated == Some(Deprecated::True),
            item_enum_values: match &a.items {
                ArrayItems::RefOrSchema(item) => meta_at(doc, item, depth + 1).enum_values,
                ArrayItems::False => None,
            },
            default: a.default.as_ref(),
            examples: a.example.iter().chain(&a.examples).collect(),
            constraints: array_constraints(a),
            ..Meta::default()
        },
        Schema::OneOf(o) => wrapper(&o.items, &o.description),
        Schema::AnyOf(o) => wrapper(&o.items, &o.description),
        Schema::AllOf(o) => wrapper(&o.items, &o.description),
        _ => Meta::default(),
    }
}

fn object_constraints(o: &Object) -> Vec<String> {
    let mut c = Vec::new();
    match (o.min_length, o.max_length) {
        (Some(min), Some(max)) => c.push(format!("{min}–{max} characters")),
        (Some(min), None) => c.push(format!("at least {min} characters")),
        (None, Some(max)) => c.push(format!("at most {max} characters")),
        (None, None) => {}
    }
    if let Some(pattern) = &o.pattern {
        c.push(format!("pattern <code>{}</code>", esc(pattern)));
    }
    let bounds = [
        ("≥", &o.minimum),
        ("&gt;", &o.exclusive_minimum),
        ("≤", &o.maximum),
        ("&lt;", &o.exclusive_maximum),
        ("multiple of", &o.multiple_of),
    ];
    for (op, value) in bounds {
        if let Some(value) = value {
            c.push(format!("{op} {}", number(value)));
        }
    }
    if let Some(min) = o.min_properties {
        c.push(format!("at least {min} properties"));
    }
    if let Some(max) = o.max_properties {
        c.push(format!("at most {max} properties"));
    }
    c
}

fn array_constraints(a: &Array) -> Vec<String> {
    let mut c = Vec::new();
    if let Some(min) = a.min_items {
        c.push(format!("at least {min} items"));
    }
    if let Some(max) = a.max_items {
        c.push(format!("at most {max} items"));
    }
    if a.unique_items {
        c.push("items must be unique".to_owned());
    }
    c
}

fn push_values(out: &mut String, label: &str, values: &[Value]) {
    out.push_str("<p class=\"fact\"><span class=\"k\">");
    out.push_str(label);
    out.push_str("</span> ");
    for (i, value) in values.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str("<code>");
        push_esc(out, &json_bare(value));
        out.push_str("</code>");
    }
    out.push_str("</p>");
}

/// Appends a labelled JSON value, e.g. `Example: "BRL"`.
pub(super) fn push_value_fact(out: &mut String, label: &str, value: &Value) {
    out.push_str("<p class=\"fact\"><span class=\"k\">");
    out.push_str(label);
    out.push_str("</span> ");
    push_json(out, value);
    out.push_str("</p>");
}

/// Appends description, flags, allowed values, default, examples and constraints.
pub(super) fn push_details(out: &mut String, m: &Meta<'_>) {
    let flags = [(m.deprecated, "Deprecated"), (m.read_only, "Read-only"), (m.write_only, "Write-only")];
    for (_, flag) in flags.iter().filter(|(on, _)| *on) {
        out.push_str("<span class=\"flag\">");
        out.push_str(flag);
        out.push_str("</span> ");
    }
    if let Some(description) = m.description.filter(|d| !d.trim().is_empty()) {
        push_markdown(out, description);
    }
    if let Some(values) = m.enum_values {
        push_values(out, "Allowed values:", values);
    }
    if let Some(values) = m.item_enum_values {
        push_values(out, "Allowed item values:", values);
    }
    if let Some(default) = m.default {
        push_value_fact(out, "Default:", default);
    }
    for example in &m.examples {
        push_value_fact(out, "Example:", example);
    }
    if !m.constraints.is_empty() {
        out.push_str("<p class=\"fact\"><span class=\"k\">Constraints:</span> ");
        out.push_str(&m.constraints.join("; "));
        out.push_str("</p>");
    }
}
