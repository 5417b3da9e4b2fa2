//! Nested field tables: one row per property, written as a full path (`data.balance.amount`,
//! `accounts[].id`, `labels.*`), with `$ref`s expanded inline or linked, `oneOf` variants
//! listed, and cycles and oversized structures cut short.

use utoipa::openapi::schema::{AdditionalProperties, ArrayItems};
use utoipa::openapi::{RefOr, Schema};

use super::Doc;
use super::html::push_esc;
use super::schema_info::{is_null, meta, nullable_inner, push_details, push_schema_link, type_label};

/// Upper bound on rows in one field table (guards against pathological documents).
const MAX_ROWS: usize = 400;
/// Upper bound on nesting depth in one field table.
const MAX_DEPTH: usize = 12;

/// Appends a schema as a type line, its details and (when it has fields) a nested field table.
///
/// With `expand_refs`, `$ref`ed schemas are expanded inline (operation view); otherwise they are
/// only linked (the "Schemas" section, where every component has its own entry). `own_name`
/// is the component being rendered, so self-references are caught as cycles.
pub(super) fn push_schema<'a>(
    out: &mut String,
    doc: &Doc<'a>,
    schema: &'a RefOr<Schema>,
    expand_refs: bool,
    own_name: Option<&'a str>,
) {
    out.push_str("<p class=\"schema-type\"><span class=\"k\">Type:</span> ");
    out.push_str(&type_label(doc, schema));
    out.push_str("</p>");
    push_details(out, &meta(doc, schema));
    let mut table = FieldTable {
        doc,
        expand_refs,
        stack: own_name.into_iter().collect(),
        rows: String::new(),
        count: 0,
        truncated: false,
    };
    table.children(schema, "", 0);
    if table.count > 0 {
        out.push_str(concat!(
            "<div class=\"table-wrap\"><table class=\"fields\"><thead><tr>",
            "<th scope=\"col\">Field</th><th scope=\"col\">Type</th>",
            "<th scope=\"col\">Required</th><th scope=\"col\">Description</th>",
            "</tr></thead><tbody>"
        ));
        out.push_str(&table.rows);
        out.push_str("</tbody></table></div>");
    }
    if table.truncated {
        out.push_str("<p class=\"note\">This structure is too large or deep to show in full; see the Schemas section.</p>");
    }
}

fn join_path(parent: &str, child: &str) -> String {
    if parent.is_empty() { child.to_owned() } else { format!("{parent}.{child}") }
}

/// Builds the `<tr>` rows of a nested field table. Field paths are written out in full
/// (`data.balance.amount`, `accounts[].id`, `labels.*`) so the table reads well without CSS.
struct FieldTable<'d, 'a> {
    doc: &'d Doc<'a>,
    expand_refs: bool,
    stack: Vec<&'a str>,
    rows: String,
    count: usize,
    truncated: bool,
}

impl<'a> FieldTable<'_, 'a> {
    fn admit(&mut self, depth: usize) -> bool {
        if self.count >= MAX_ROWS || depth > MAX_DEPTH {
            self.truncated = true;
            return false;
        }
        self.count += 1;
        true
    }

    fn children(&mut self, schema: &'a RefOr<Schema>, path: &str, depth: usize) {
        match schema {
            RefOr::T(s) => self.children_of(s, path, depth),
            RefOr::Ref(_) if self.expand_refs => {
                let (Some(name), Some(target)) = self.doc.schema_ref(schema) else {
                    return;
                };
                if self.stack.contains(&name) {
                    self.cycle_note(name, depth);
                    return;
                }
                self.stack.push(name);
                self.children_of(target, path, depth);
                self.stack.pop();
            }
            RefOr::Ref(_) => {}
        }
    }

    fn children_of(&mut self, schema: &'a Schema, path: &str, depth: usize) {
        match schema {
            Schema::Object(o) => {
                for (name, property) in &o.properties {
                    let required = o.required.iter().any(|r| r == name);
                    self.row(path, name, property, required, depth);
                }
                if let Some(AdditionalProperties::RefOr(values)) = o.additional_properties.as_deref() {
                    self.children(values, &join_path(path, "*"), depth);
                }
            }
            Schema::Array(a) => {
                if let ArrayItems::RefOrSchema(item) = &a.items {
                    self.children(item, &format!("{path}[]"), depth);
                }
            }
            Schema::OneOf(o) => self.variants(&o.items, path, depth),
            Schema::AnyOf(o) => self.variants(&o.items, path, depth),
            Schema::AllOf(o) => {
                for item in &o.items {
                    self.children(item, path, depth);
                }
            }
            _ => {}
        }
    }

    fn variants(&mut self, items: &'a [RefOr<Schema>], path: &str, depth: usize) {
        if let Some(inner) = nullable_inner(items) {
            return self.children(inner, path, depth);
        }
        let members = items.iter().filter(|item| !is_null(item));
        for (i, member) in members.enumerate() {
            if !self.admit(depth) {
                return;
            }
            self.rows.push_str(&format!(
                "<tr class=\"variant d{}\"><th scope=\"row\" data-label=\"Field\"><em>",
                depth.min(8)
            ));
            if !path.is_empty() {
                push_esc(&mut self.rows, path);
                self.rows.push_str(": ");
            }
            self.rows.push_str(&format!("variant {}</em></th><td data-label=\"Type\">", i + 1));
            self.rows.push_str(&type_label(self.doc, member));
            self.rows.push_str("</td><td data-label=\"Required\">—</td><td data-label=\"Description\">");
            push_details(&mut self.rows, &meta(self.doc, member));
            self.rows.push_str("</td></tr>");
            self.children(member, path, depth + 1);
        }
    }

    fn row(&mut self, parent: &str, name: &str, schema: &'a RefOr<Schema>, required: bool, depth: usize) {
        if !self.admit(depth) {
            return;
        }
        let rows = &mut self.rows;
        rows.push_str(&format!(
            "<tr class=\"d{}\"><th scope=\"row\" data-label=\"Field\"><code>",
            depth.min(8)
        ));
        if !parent.is_empty() {
            rows.push_str("<span class=\"parent\">");
            push_esc(rows, parent);
            rows.push_str(".</span>");
        }
        push_esc(rows, name);
        rows.push_str("</code></th><td data-label=\"Type\">");
        rows.push_str(&type_label(self.doc, schema));
        rows.push_str("</td><td data-label=\"Required\">");
        rows.push_str(if required { "<strong class=\"req\">required</strong>" } else { "optional" });
        rows.push_str("</td><td data-label=\"Description\">");
        push_details(rows, &meta(self.doc, schema));
        rows.push_str("</td></tr>");
        self.children(schema, &join_path(parent, name), depth + 1);
    }

    fn cycle_note(&mut self, name: &str, depth: usize) {
        if !self.admit(depth) {
            return;
        }
        self.rows.push_str(&format!(
            "<tr class=\"note d{}\"><td colspan=\"4\">↻ Recursive: same fields as ",
            depth.min(8)
        ));
        push_schema_link(&mut self.rows, self.doc, name);
        self.rows.push_str(" (shown above).</td></tr>");
    }
}
