//! Page furniture: operation discovery and tag grouping, `<head>`, the page header, the table
//! of contents, the security schemes section and the Schemas section.

use utoipa::openapi::OpenApi;

use super::html::{Anchors, push_esc, push_inline, push_markdown, safe_href};
use super::operation::{OpEntry, push_endpoint};
use super::security::{scheme_description, scheme_label};
use super::{Doc, OPENAPI_JSON_PATH, STYLESHEET_PATH, schema_table};

/// All operations in document order (paths as declared; methods in OpenAPI order).
pub(super) fn collect_operations<'a>(api: &'a OpenApi, anchors: &mut Anchors) -> Vec<OpEntry<'a>> {
    let mut ops = Vec::new();
    for (path, item) in api.paths.paths.iter() {
        let fixed = [
            ("GET", &item.get),
            ("PUT", &item.put),
            ("POST", &item.post),
            ("DELETE", &item.delete),
            ("OPTIONS", &item.options),
            ("HEAD", &item.head),
            ("PATCH", &item.patch),
            ("TRACE", &item.trace),
            ("QUERY", &item.query),
        ];
        let fixed = fixed.into_iter().filter_map(|(m, op)| Some((m.to_owned(), op.as_ref()?)));
        let extra = item.additional_operations.iter().map(|(m, op)| (m.to_uppercase(), op));
        for (method, op) in fixed.chain(extra) {
            let raw = match op.operation_id.as_deref().filter(|id| !id.is_empty()) {
                Some(id) => id.to_owned(),
                None => format!("{method}-{path}").to_lowercase(),
            };
            let anchor = anchors.make("op-", &raw);
            ops.push(OpEntry { method, path: path.as_str(), item, op, anchor });
        }
    }
    ops
}

/// Operations grouped under their first tag; declared tags first, untagged ones last.
pub(super) struct Group<'a> {
    name: Option<&'a str>,
    pub(super) description: Option<&'a str>,
    pub(super) anchor: String,
    pub(super) ops: Vec<usize>,
}

impl Group<'_> {
    pub(super) fn title(&self) -> &str {
        self.name.unwrap_or("Other endpoints")
    }
}

pub(super) fn group_by_tag<'a>(
    api: &'a OpenApi,
    ops: &[OpEntry<'a>],
    anchors: &mut Anchors,
) -> Vec<Group<'a>> {
    let group = |name, description| Group { name, description, anchor: String::new(), ops: Vec::new() };
    let mut groups: Vec<Group<'a>> =
        api.tags.iter().flatten().map(|t| group(Some(t.name.as_str()), t.description.as_deref())).collect();
    for (i, e) in ops.iter().enumerate() {
        let tag = e.op.tags.iter().flatten().map(String::as_str).find(|t| !t.is_empty());
        let index = match groups.iter().position(|g| g.name == tag) {
            Some(index) => index,
            None => {
                groups.push(group(tag, None));
                groups.len() - 1
            }
        };
        groups[index].ops.push(i);
    }
    groups.retain(|g| !g.ops.is_empty());
    groups.sort_by_key(|g| g.name.is_none());
    for g in &mut groups {
        g.anchor = anchors.make("tag-", g.name.unwrap_or("other"));
    }
    groups
}

fn push_link(out: &mut String, url: &str, text: &str) {
    match safe_href(url) {
        Some(href) => {
            out.push_str("<a href=\"");
            push_esc(out, href);
            out.push_str("\">");
            push_esc(out, text);
            out.push_str("</a>");
        }
        None => push_esc(out, text),
    }
}

pub(super) fn push_head(out: &mut String, api: &OpenApi) {
    out.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<meta name=\"color-scheme\" content=\"light dark\"><title>"
    ));
    push_esc(out, &api.info.title);
    out.push(' ');
    push_esc(out, &api.info.version);
    out.push_str(" – API reference</title><link rel=\"stylesheet\" href=\"");
    out.push_str(STYLESHEET_PATH);
    out.push_str("\"></head><body><a class=\"skip\" href=\"#main\">Skip to content</a>");
}

pub(super) fn push_page_header(out: &mut String, api: &OpenApi) {
    let info = &api.info;
    out.push_str("<header class=\"page-header\"><h1>");
    push_esc(out, &info.title);
    out.push_str("</h1><p class=\"meta\">Version <code>");
    push_esc(out, &info.version);
    out.push_str("</code>");
    if let Ok(serde_json::Value::String(v)) = serde_json::to_value(&api.openapi) {
        out.push_str(" · OpenAPI ");
        push_esc(out, &v);
    }
    out.push_str(" · <a href=\"");
    out.push_str(OPENAPI_JSON_PATH);
    out.push_str("\">Download the OpenAPI document</a></p>");
    if let Some(description) = &info.description {
        push_markdown(out, description);
    }
    let servers = api.servers.iter().flatten().collect::<Vec<_>>();
    if !servers.is_empty() {
        out.push_str("<p class=\"fact\"><span class=\"k\">Base URL:</span></p><ul class=\"servers\">");
        for server in servers {
            out.push_str("<li><code>");
            push_esc(out, &server.url);
            out.push_str("</code>");
            if let Some(description) = &server.description {
                out.push_str(" — ");
                push_inline(out, description);
            }
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    let mut facts: Vec<String> = Vec::new();
    if let Some(contact) = &info.contact {
        let mut s = String::from("<span class=\"k\">Contact:</span> ");
        push_esc(&mut s, contact.name.as_deref().unwrap_or_default());
        if let Some(email) = &contact.email {
            s.push(' ');
            push_link(&mut s, &format!("mailto:{email}"), email);
        }
        if let Some(url) = &contact.url {
            s.push(' ');
            push_link(&mut s, url, url);
        }
        facts.push(s);
    }
    if let Some(license) = info.license.as_ref().filter(|l| !l.name.is_empty()) {
        let mut s = String::from("<span class=\"k\">License:</span> ");
        push_link(&mut s, license.url.as_deref().unwrap_or_default(), &license.name);
        facts.push(s);
    }
    if let Some(terms) = &info.terms_of_service {
        let mut s = String::new();
        push_link(&mut s, terms, "Terms of service");
        facts.push(s);
    }
    if let Some(docs) = &api.external_docs {
        let mut s = String::new();
        push_link(&mut s, &docs.url, docs.description.as_deref().unwrap_or("More documentation"));
        facts.push(s);
    }
    for fact in facts {
        out.push_str("<p class=\"fact\">");
        out.push_str(&fact);
        out.push_str("</p>");
    }
    out.push_str("</header>");
}

pub(super) fn push_toc(out: &mut String, doc: &Doc<'_>, ops: &[OpEntry<'_>], groups: &[Group<'_>]) {
    out.push_str("<nav class=\"toc\" id=\"contents\" aria-labelledby=\"contents-h\"><h2 id=\"contents-h\">Contents</h2><ul>");
    if !doc.auth_anchors.is_empty() {
        out.push_str("<li><a href=\"#authentication\">Security schemes</a></li>");
    }
    for group in groups {
        out.push_str("<li><a href=\"#");
        out.push_str(&group.anchor);
        out.push_str("\">");
        push_esc(out, group.title());
        out.push_str("</a><ul>");
        for &i in &group.ops {
            let e = &ops[i];
            out.push_str("<li><a href=\"#");
            out.push_str(&e.anchor);
            out.push_str("\">");
            push_endpoint(out, &e.method, e.path);
            if let Some(summary) = &e.op.summary {
                out.push_str(" <span class=\"toc-summary\">");
                push_esc(out, summary);
                out.push_str("</span>");
            }
            out.push_str("</a></li>");
        }
        out.push_str("</ul></li>");
    }
    if !doc.schema_anchors.is_empty() {
        out.push_str("<li><a href=\"#schemas\">Schemas</a><ul>");
        for (name, anchor) in &doc.schema_anchors {
            out.push_str("<li><a href=\"#");
            out.push_str(anchor);
            out.push_str("\"><code>");
            push_esc(out, name);
            out.push_str("</code></a></li>");
        }
        out.push_str("</ul></li>");
    }
    out.push_str("</ul></nav>");
}

pub(super) fn push_auth_section(out: &mut String, doc: &Doc<'_>) {
    if doc.auth_anchors.is_empty() {
        return;
    }
    out.push_str("<section id=\"authentication\"><h2>Security schemes</h2>");
    for (name, anchor) in &doc.auth_anchors {
        out.push_str("<section class=\"scheme\" id=\"");
        out.push_str(anchor);
        out.push_str("\"><h3><code>");
        push_esc(out, name);
        out.push_str("</code></h3>");
        match doc.security_scheme(name) {
            Some(scheme) => {
                out.push_str("<p>");
                out.push_str(&scheme_label(scheme));
                out.push_str(".</p>");
                if let Some(description) = scheme_description(scheme) {
                    push_markdown(out, description);
                }
            }
            None => out.push_str("<p class=\"note\">Unresolved security scheme reference.</p>"),
        }
        out.push_str("</section>");
    }
    out.push_str("</section>");
}

pub(super) fn push_schemas_section(out: &mut String, doc: &Doc<'_>) {
    let Some(components) = doc.components().filter(|c| !c.schemas.is_empty()) else {
        return;
    };
    out.push_str("<section id=\"schemas\"><h2>Schemas</h2>");
    for (name, schema) in &components.schemas {
        let anchor = doc.schema_anchor(name).unwrap_or_default();
        out.push_str("<section class=\"schema\" id=\"");
        out.push_str(anchor);
        out.push_str("\"><h3><code>");
        push_esc(out, name);
        out.push_str("</code> <a class=\"anchor\" href=\"#");
        out.push_str(anchor);
        out.push_str("\" aria-label=\"Link to this schema\">#</a></h3>");
        schema_table::push_schema(out, doc, schema, false, Some(name.as_str()));
        out.push_str("</section>");
    }
    out.push_str("</section>");
}

pub(super) fn push_footer(out: &mut String) {
    out.push_str("<footer class=\"page-footer\"><p>Generated from the OpenAPI document at <a href=\"");
    out.push_str(OPENAPI_JSON_PATH);
    out.push_str("\"><code>");
    out.push_str(OPENAPI_JSON_PATH);
    out.push_str("</code></a>.</p></footer></body></html>\n");
}
