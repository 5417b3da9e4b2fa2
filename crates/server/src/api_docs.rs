//! Self-contained HTML API reference rendered from Ponte's OpenAPI document.
//!
//! [`render_reference`] is a pure function from a [`utoipa::openapi::OpenApi`] to one HTML page
//! with no scripts, no inline styles and no external resources except [`STYLESHEET`], which
//! the page loads from [`STYLESHEET_PATH`]. It therefore works offline and under a strict
//! `Content-Security-Policy: default-src 'none'; style-src 'self'`. Every string taken from
//! the document is HTML-escaped; descriptions get a small, safe Markdown subset.
//!
//! Submodules: `page` (page frame, table of contents, tag groups, Schemas section),
//! `operation` (one endpoint: parameters, bodies, responses), `security` (authentication),
//! `schema_info` (type labels and per-field details), `schema_table` (nested field tables)
//! and `html` (escaping, anchors, the Markdown subset).

mod html;
mod operation;
mod page;
mod schema_info;
mod schema_table;
mod security;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::BTreeMap;

use utoipa::openapi::example::Example;
use utoipa::openapi::path::Parameter;
use utoipa::openapi::request_body::RequestBody;
use utoipa::openapi::security::SecurityScheme;
use utoipa::openapi::{Content, Header, OpenApi, RefOr, Response, Schema};

use html::{Anchors, push_esc, push_markdown};

/// The stylesheet for the reference page; serve it at [`STYLESHEET_PATH`] as `text/css`.
pub const STYLESHEET: &str = include_str!("api_docs.css");

/// Where the page expects [`STYLESHEET`] to be served (referenced by `<link rel="stylesheet">`).
pub const STYLESHEET_PATH: &str = "/docs/style.css";

/// Where the page links to the machine-readable OpenAPI document.
pub const OPENAPI_JSON_PATH: &str = "/openapi.json";

/// Renders the complete API reference page (`<!DOCTYPE html>` document) for `api`.
pub fn render_reference(api: &OpenApi) -> String {
    let mut anchors = Anchors::default();
    for id in ["main", "contents", "authentication", "schemas"] {
        anchors.reserve(id);
    }
    let components = api.components.as_ref();
    let schema_anchors = components
        .into_iter()
        .flat_map(|c| c.schemas.keys())
        .map(|name| (name.clone(), anchors.make("schema-", name)))
        .collect();
    let auth_anchors = components
        .into_iter()
        .flat_map(|c| c.security_schemes.keys())
        .map(|name| (name.clone(), anchors.make("auth-", name)))
        .collect();
    let doc = Doc { api, schema_anchors, auth_anchors };
    let ops = page::collect_operations(api, &mut anchors);
    let groups = page::group_by_tag(api, &ops, &mut anchors);

    let mut out = String::with_capacity(64 * 1024);
    page::push_head(&mut out, api);
    page::push_page_header(&mut out, api);
    out.push_str("<div class=\"layout\">");
    page::push_toc(&mut out, &doc, &ops, &groups);
    out.push_str("<main id=\"main\">");
    page::push_auth_section(&mut out, &doc);
    for group in &groups {
        out.push_str("<section class=\"tag\" id=\"");
        out.push_str(&group.anchor);
        out.push_str("\"><h2>");
        push_esc(&mut out, group.title());
        out.push_str("</h2>");
        if let Some(description) = group.description {
            push_markdown(&mut out, description);
        }
        for &i in &group.ops {
            operation::push_operation(&mut out, &doc, &ops[i]);
        }
        out.push_str("</section>");
    }
    page::push_schemas_section(&mut out, &doc);
    out.push_str("</main></div>");
    page::push_footer(&mut out);
    out
}

/// The document plus precomputed anchors, shared by the submodules.
struct Doc<'a> {
    api: &'a OpenApi,
    schema_anchors: BTreeMap<String, String>,
    auth_anchors: BTreeMap<String, String>,
}

/// Decodes a JSON-pointer segment (`~1` is `/`, `~0` is `~`).
fn unescape_pointer(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') {
        Cow::Owned(segment.replace("~1", "/").replace("~0", "~"))
    } else {
        Cow::Borrowed(segment)
    }
}

/// Follows `#/components/<kind>/<name>` references (at most 16 hops, so cycles end).
fn follow<'a, T>(
    map: Option<&'a BTreeMap<String, RefOr<T>>>,
    prefix: &str,
    mut current: &'a RefOr<T>,
) -> Option<&'a T> {
    for _ in 0..16 {
        match current {
            RefOr::T(value) => return Some(value),
            RefOr::Ref(r) => {
                let name = unescape_pointer(r.ref_location.strip_prefix(prefix)?);
                current = map?.get(name.as_ref())?;
            }
        }
    }
    None
}

impl<'a> Doc<'a> {
    fn components(&self) -> Option<&'a utoipa::openapi::Components> {
        self.api.components.as_ref()
    }

    /// The component schema a `$ref` location points to, with its name.
    fn schema_entry(&self, location: &str) -> Option<(&'a str, &'a RefOr<Schema>)> {
        let name = unescape_pointer(location.strip_prefix("#/components/schemas/")?);
        let (key, schema) = self.components()?.schemas.get_key_value(name.as_ref())?;
        Some((key.as_str(), schema))
    }

    /// Resolves a schema through `$ref`s: the first referenced component's name and the
    /// final inline schema (either may be missing for dangling or external references).
    fn schema_ref(&self, schema: &'a RefOr<Schema>) -> (Option<&'a str>, Option<&'a Schema>) {
        let mut current = schema;
        let mut first = None;
        for _ in 0..16 {
            match current {
                RefOr::T(s) => return (first, Some(s)),
                RefOr::Ref(r) => match self.schema_entry(&r.ref_location) {
                    Some((name, target)) => {
                        first = first.or(Some(name));
                        current = target;
                    }
                    None => return (first, None),
                },
            }
        }
        (first, None)
    }

    fn schema_anchor(&self, name: &str) -> Option<&str> {
        self.schema_anchors.get(name).map(String::as_str)
    }

    fn auth_anchor(&self, name: &str) -> Option<&str> {
        self.auth_anchors.get(name).map(String::as_str)
    }

    fn security_scheme(&self, name: &str) -> Option<&'a SecurityScheme> {
        let map = self.components().map(|c| &c.security_schemes);
        follow(map, "#/components/securitySchemes/", map?.get(name)?)
    }

    fn parameter(&self, p: &'a RefOr<Parameter>) -> Option<&'a Parameter> {
        follow(self.components().map(|c| &c.parameters), "#/components/parameters/", p)
    }

    fn request_body(&self, b: &'a RefOr<RequestBody>) -> Option<&'a RequestBody> {
        let map = self.components().map(|c| &c.request_bodies);
        follow(map, "#/components/requestBodies/", b)
    }

    fn response(&self, r: &'a RefOr<Response>) -> Option<&'a Response> {
        follow(self.components().map(|c| &c.responses), "#/components/responses/", r)
    }

    fn media_type(&self, c: &'a RefOr<Content>) -> Option<&'a Content> {
        follow(self.components().map(|c| &c.media_types), "#/components/mediaTypes/", c)
    }

    fn header(&self, h: &'a RefOr<Header>) -> Option<&'a Header> {
        follow(self.components().map(|c| &c.headers), "#/components/headers/", h)
    }

    fn example(&self, e: &'a RefOr<Example>) -> Option<&'a Example> {
        follow(self.components().map(|c| &c.examples), "#/components/examples/", e)
    }
}
