//! Authentication: what credential each security scheme expects, and which of them an
//! operation requires (its own `security`, else the document-wide default).

use std::collections::BTreeMap;

use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, HttpAuthScheme, SecurityRequirement, SecurityScheme};

use super::Doc;
use super::html::{esc, push_esc, push_inline};

/// Security requirements as `scheme name -> scopes` (the type keeps its map private).
fn requirement(req: &SecurityRequirement) -> BTreeMap<String, Vec<String>> {
    serde_json::to_value(req).ok().and_then(|v| serde_json::from_value(v).ok()).unwrap_or_default()
}

/// A short HTML phrase saying what credential a security scheme expects.
pub(super) fn scheme_label(scheme: &SecurityScheme) -> String {
    let mut out = String::new();
    match scheme {
        SecurityScheme::Http(http) => match &http.scheme {
            HttpAuthScheme::Bearer => {
                out.push_str("Bearer access token");
                if let Some(format) = &http.bearer_format {
                    out.push_str(" (");
                    push_esc(&mut out, format);
                    out.push(')');
                }
                out.push_str(" in the <code>Authorization</code> header");
            }
            HttpAuthScheme::Basic => {
                out.push_str("HTTP Basic credentials in the <code>Authorization</code> header")
            }
            other => {
                let name = serde_json::to_value(other).ok();
                out.push_str("HTTP <code>");
                push_esc(&mut out, name.as_ref().and_then(|v| v.as_str()).unwrap_or("?"));
                out.push_str("</code> authentication");
            }
        },
        SecurityScheme::ApiKey(key) => {
            let (value, place) = match key {
                ApiKey::Header(v) => (v, "header"),
                ApiKey::Query(v) => (v, "query parameter"),
                ApiKey::Cookie(v) => (v, "cookie"),
            };
            out.push_str("API key in the <code>");
            push_esc(&mut out, &value.name);
            out.push_str("</code> ");
            out.push_str(place);
        }
        SecurityScheme::OAuth2(_) => out.push_str("OAuth 2.0 access token"),
        SecurityScheme::OpenIdConnect(oidc) => {
            out.push_str("OpenID Connect token (discovery document: <code>");
            push_esc(&mut out, &oidc.open_id_connect_url);
            out.push_str("</code>)");
        }
        SecurityScheme::MutualTls { .. } => out.push_str("Mutual TLS client certificate"),
    }
    out
}

/// The Markdown description of a security scheme, if any.
pub(super) fn scheme_description(scheme: &SecurityScheme) -> Option<&str> {
    match scheme {
        SecurityScheme::Http(http) => http.description.as_deref(),
        SecurityScheme::ApiKey(ApiKey::Header(v) | ApiKey::Query(v) | ApiKey::Cookie(v)) => {
            v.description.as_deref()
        }
        SecurityScheme::OAuth2(o) => o.description.as_deref(),
        SecurityScheme::OpenIdConnect(o) => o.description.as_deref(),
        SecurityScheme::MutualTls { description, .. } => description.as_deref(),
    }
}

fn push_scheme_use(out: &mut String, doc: &Doc<'_>, name: &str, scopes: &[String]) {
    match doc.security_scheme(name) {
        Some(scheme) => {
            out.push_str("<strong>");
            out.push_str(&scheme_label(scheme));
            out.push_str("</strong>");
        }
        None => out.push_str("<strong>Undeclared security scheme</strong>"),
    }
    out.push_str(" (");
    match doc.auth_anchor(name) {
        Some(anchor) => {
            out.push_str("<a href=\"#");
            out.push_str(anchor);
            out.push_str("\"><code>");
            push_esc(out, name);
            out.push_str("</code></a>");
        }
        None => {
            out.push_str("<code>");
            push_esc(out, name);
            out.push_str("</code>");
        }
    }
    out.push(')');
    if !scopes.is_empty() {
        out.push_str(", scopes: ");
        let scopes: Vec<String> = scopes.iter().map(|s| format!("<code>{}</code>", esc(s))).collect();
        out.push_str(&scopes.join(", "));
    }
    if let Some(description) = doc.security_scheme(name).and_then(scheme_description) {
        out.push_str(" — ");
        push_inline(out, description.lines().next().unwrap_or_default());
    }
}

/// Appends an operation's effective authentication (its own, else the document default).
pub(super) fn push_security(out: &mut String, doc: &Doc<'_>, op: &Operation) {
    out.push_str("<section class=\"auth\"><h4>Authentication</h4>");
    let reqs: Vec<_> =
        op.security.as_ref().or(doc.api.security.as_ref()).into_iter().flatten().map(requirement).collect();
    let optional = reqs.iter().any(BTreeMap::is_empty);
    let alternatives: Vec<_> = reqs.iter().filter(|r| !r.is_empty()).collect();
    if alternatives.is_empty() {
        out.push_str("<p>None: this endpoint does not require authentication.</p></section>");
        return;
    }
    let mut items = alternatives.iter().map(|alt| {
        let mut item = String::new();
        for (i, (name, scopes)) in alt.iter().enumerate() {
            if i > 0 {
                item.push_str(" <em>and</em> ");
            }
            push_scheme_use(&mut item, doc, name, scopes);
        }
        item
    });
    if alternatives.len() == 1 {
        let item = items.next().unwrap_or_default();
        out.push_str("<p>Requires ");
        out.push_str(&item);
        out.push_str(if item.ends_with('.') { "</p>" } else { ".</p>" });
    } else {
        out.push_str("<p>Requires one of:</p><ul>");
        for item in items {
            out.push_str("<li>");
            out.push_str(&item);
            out.push_str("</li>");
        }
        out.push_str("</ul>");
    }
    if optional {
        out.push_str("<p>Authentication is optional for this endpoint.</p>");
    }
    out.push_str("</section>");
}
