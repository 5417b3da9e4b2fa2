//! One operation: method and path, authentication, parameters, request body and responses.

use utoipa::openapi::path::{Operation, Parameter, ParameterIn, PathItem};
use utoipa::openapi::{Content, Deprecated, RefOr, Required, Schema};

use super::Doc;
use super::html::{esc, push_esc, push_inline, push_json_block, push_markdown, safe_href};
use super::schema_info::{meta, push_details, push_value_fact, type_label};
use super::schema_table::push_schema;
use super::security::push_security;

/// An operation located in the document, with its page anchor.
pub(super) struct OpEntry<'a> {
    pub(super) method: String,
    pub(super) path: &'a str,
    pub(super) item: &'a PathItem,
    pub(super) op: &'a Operation,
    pub(super) anchor: String,
}

/// CSS class for a method badge (unknown methods share one neutral colour).
pub(super) fn method_class(method: &str) -> &'static str {
    match method {
        "GET" => "get",
        "POST" => "post",
        "PUT" => "put",
        "PATCH" => "patch",
        "DELETE" => "delete",
        "HEAD" => "head",
        "OPTIONS" => "options",
        "QUERY" => "query",
        _ => "other",
    }
}

/// Appends a method badge followed by the path, with `{templated}` segments highlighted.
pub(super) fn push_endpoint(out: &mut String, method: &str, path: &str) {
    out.push_str("<span class=\"method ");
    out.push_str(method_class(method));
    out.push_str("\">");
    push_esc(out, method);
    out.push_str("</span> <code class=\"path\">");
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        push_esc(out, &rest[..start]);
        out.push_str("<span class=\"tpl\">");
        push_esc(out, &rest[start..=start + len]);
        out.push_str("</span>");
        rest = &rest[start + len + 1..];
    }
    push_esc(out, rest);
    out.push_str("</code>");
}

/// Appends the `<article>` for one operation.
pub(super) fn push_operation<'a>(out: &mut String, doc: &Doc<'a>, e: &OpEntry<'a>) {
    out.push_str("<article class=\"op\" id=\"");
    out.push_str(&e.anchor);
    out.push_str("\"><h3>");
    push_endpoint(out, &e.method, e.path);
    out.push_str(" <a class=\"anchor\" href=\"#");
    out.push_str(&e.anchor);
    out.push_str("\" aria-label=\"Link to this operation\">#</a></h3>");
    if let Some(summary) = e.op.summary.as_deref().or(e.item.summary.as_deref()) {
        out.push_str("<p class=\"summary\">");
        push_inline(out, summary);
        out.push_str("</p>");
    }
    if e.op.deprecated == Some(Deprecated::True) {
        out.push_str("<p><span class=\"flag\">Deprecated</span> Avoid in new integrations.</p>");
    }
    if let Some(description) = e.op.description.as_deref().or(e.item.description.as_deref()) {
        push_markdown(out, description);
    }
    if let Some(id) = e.op.operation_id.as_deref().filter(|id| !id.is_empty()) {
        out.push_str("<p class=\"fact\"><span class=\"k\">Operation ID:</span> <code>");
        push_esc(out, id);
        out.push_str("</code></p>");
    }
    push_security(out, doc, e.op);
    push_parameters(out, doc, e);
    let mut shown = Shown::new();
    push_request_body(out, doc, e.op, &mut shown);
    push_responses(out, doc, e.op, &mut shown);
    out.push_str("</article>");
}

fn location(p: &Parameter) -> &'static str {
    match p.parameter_in {
        ParameterIn::Path => "path",
        ParameterIn::Query => "query",
        ParameterIn::Header => "header",
        ParameterIn::Cookie => "cookie",
        ParameterIn::QueryString => "query string",
    }
}

/// Path-level parameters overridden by operation-level ones with the same name and location.
fn parameters<'a>(doc: &Doc<'a>, e: &OpEntry<'a>) -> Vec<&'a Parameter> {
    let mut list: Vec<&'a Parameter> = Vec::new();
    let all = e.item.parameters.iter().chain(&e.op.parameters).flatten();
    for p in all.filter_map(|r| doc.parameter(r)) {
        match list.iter_mut().find(|q| q.name == p.name && q.parameter_in == p.parameter_in) {
            Some(existing) => *existing = p,
            None => list.push(p),
        }
    }
    list
}

fn push_parameters(out: &mut String, doc: &Doc<'_>, e: &OpEntry<'_>) {
    let params = parameters(doc, e);
    if params.is_empty() {
        return;
    }
    out.push_str(concat!(
        "<section class=\"params\"><h4>Parameters</h4><div class=\"table-wrap\">",
        "<table class=\"fields\"><thead><tr><th scope=\"col\">Name</th><th scope=\"col\">In</th>",
        "<th scope=\"col\">Type</th><th scope=\"col\">Required</th>",
        "<th scope=\"col\">Description</th></tr></thead><tbody>"
    ));
    for p in params {
        out.push_str("<tr><th scope=\"row\" data-label=\"Name\"><code>");
        push_esc(out, &p.name);
        out.push_str("</code></th><td data-label=\"In\">");
        out.push_str(location(p));
        out.push_str("</td><td data-label=\"Type\">");
        let mut m = Default::default();
        if let Some(schema) = &p.schema {
            out.push_str(&type_label(doc, schema));
            m = meta(doc, schema);
        } else if let Some((content_type, _)) = p.content.iter().next() {
            out.push_str("encoded as <code>");
            push_esc(out, content_type);
            out.push_str("</code>");
        }
        out.push_str("</td><td data-label=\"Required\">");
        out.push_str(if p.required == Required::True {
            "<strong class=\"req\">required</strong>"
        } else {
            "optional"
        });
        out.push_str("</td><td data-label=\"Description\">");
        m.description = p.description.as_deref().or(m.description);
        m.deprecated |= p.deprecated == Some(Deprecated::True);
        push_details(out, &m);
        // `Parameter::example` is private in utoipa 6; read it back through serde.
        let example = serde_json::to_value(p).ok().and_then(|mut v| v.get_mut("example").map(|e| e.take()));
        if let Some(example) = example {
            push_value_fact(out, "Example:", &example);
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div></section>");
}

/// Component schemas already expanded in the current operation, with where they were shown,
/// so the usual shared error body is tabulated once rather than for every status code.
type Shown<'a> = Vec<(&'a str, String)>;

/// Appends a body schema, or a pointer to where the same component was already expanded.
fn push_body_schema<'a>(
    out: &mut String,
    doc: &Doc<'a>,
    schema: &'a RefOr<Schema>,
    place: &str,
    shown: &mut Shown<'a>,
) {
    let component = match schema {
        RefOr::Ref(_) => doc.schema_ref(schema).0,
        RefOr::T(_) => None,
    };
    match component.and_then(|name| shown.iter().find(|(n, _)| *n == name)) {
        Some((_, earlier)) => {
            out.push_str("<p class=\"schema-type\"><span class=\"k\">Type:</span> ");
            out.push_str(&type_label(doc, schema));
            out.push_str("</p><p class=\"note\">Same fields as in ");
            out.push_str(earlier);
            out.push_str(" above.</p>");
        }
        None => {
            push_schema(out, doc, schema, true, None);
            if let Some(name) = component {
                shown.push((name, place.to_owned()));
            }
        }
    }
}

/// Appends one media type of a request or response body: schema and examples.
fn push_content<'a>(
    out: &mut String,
    doc: &Doc<'a>,
    content_type: &str,
    content: &'a RefOr<Content>,
    place: &str,
    shown: &mut Shown<'a>,
) {
    out.push_str(
        "<div class=\"content\"><p class=\"content-type\"><span class=\"k\">Content type:</span> <code>",
    );
    push_esc(out, content_type);
    out.push_str("</code></p>");
    let Some(content) = doc.media_type(content) else {
        out.push_str("<p class=\"note\">Unresolved media type reference.</p></div>");
        return;
    };
    if let Some(description) = &content.description {
        push_markdown(out, description);
    }
    if let Some(schema) = &content.schema {
        push_body_schema(out, doc, schema, place, shown);
    } else if let Some(schema) = &content.item_schema {
        out.push_str("<p>Stream of items:</p>");
        push_body_schema(out, doc, schema, place, shown);
    }
    if let Some(example) = &content.example {
        out.push_str("<details class=\"example\"><summary>Example</summary>");
        push_json_block(out, example);
        out.push_str("</details>");
    }
    for (name, example) in &content.examples {
        let Some(example) = doc.example(example) else {
            continue;
        };
        out.push_str("<details class=\"example\"><summary>Example: ");
        push_esc(out, if example.summary.is_empty() { name } else { &example.summary });
        out.push_str("</summary>");
        if !example.description.is_empty() {
            push_markdown(out, &example.description);
        }
        if let Some(value) = example.value.as_ref().or(example.data_value.as_ref()) {
            push_json_block(out, value);
        } else if let Some(href) = safe_href(&example.external_value) {
            out.push_str("<p><a href=\"");
            push_esc(out, href);
            out.push_str("\">External example</a></p>");
        }
        out.push_str("</details>");
    }
    out.push_str("</div>");
}

fn push_request_body<'a>(out: &mut String, doc: &Doc<'a>, op: &'a Operation, shown: &mut Shown<'a>) {
    let Some(body) = op.request_body.as_ref().and_then(|b| doc.request_body(b)) else {
        return;
    };
    out.push_str("<section class=\"body\"><h4>Request body</h4><p>");
    out.push_str(if body.required == Some(Required::True) {
        "<strong class=\"req\">Required.</strong>"
    } else {
        "Optional."
    });
    out.push_str("</p>");
    if let Some(description) = &body.description {
        push_markdown(out, description);
    }
    for (content_type, content) in &body.content {
        push_content(out, doc, content_type, content, "the request body", shown);
    }
    out.push_str("</section>");
}

/// Standard reason phrase, used when a response has no description.
fn reason_phrase(code: &str) -> Option<&'static str> {
    Some(match code {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted",
        "204" => "No Content",
        "301" => "Moved Permanently",
        "302" => "Found",
        "304" => "Not Modified",
        "400" => "Bad Request",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "Not Found",
        "409" => "Conflict",
        "413" => "Content Too Large",
        "415" => "Unsupported Media Type",
        "416" => "Range Not Satisfiable",
        "422" => "Unprocessable Content",
        "429" => "Too Many Requests",
        "500" => "Internal Server Error",
        "502" => "Bad Gateway",
        "503" => "Service Unavailable",
        "504" => "Gateway Timeout",
        "default" => "Any other status",
        _ => return None,
    })
}

fn status_class(code: &str) -> &'static str {
    match code.as_bytes().first() {
        Some(b'1') => "s1",
        Some(b'2') => "s2",
        Some(b'3') => "s3",
        Some(b'4') => "s4",
        Some(b'5') => "s5",
        _ => "sd",
    }
}

fn push_responses<'a>(out: &mut String, doc: &Doc<'a>, op: &'a Operation, shown: &mut Shown<'a>) {
    if op.responses.responses.is_empty() {
        return;
    }
    out.push_str("<section class=\"responses\"><h4>Responses</h4>");
    for (code, response) in &op.responses.responses {
        out.push_str("<div class=\"response\"><h5><span class=\"status ");
        out.push_str(status_class(code));
        out.push_str("\">");
        push_esc(out, code);
        out.push_str("</span> ");
        let Some(response) = doc.response(response) else {
            out.push_str("Unresolved response reference</h5></div>");
            continue;
        };
        // The heading is the summary, else the description's first line (usually all of it).
        let (title, rest) = match response.summary.as_deref() {
            Some(summary) => (summary, response.description.as_str()),
            None => response.description.split_once('\n').unwrap_or((response.description.as_str(), "")),
        };
        let title = Some(title.trim()).filter(|t| !t.is_empty());
        push_inline(out, title.or_else(|| reason_phrase(code)).unwrap_or_default());
        out.push_str("</h5>");
        push_markdown(out, rest);
        if !response.headers.is_empty() {
            out.push_str(concat!(
                "<div class=\"table-wrap\"><table class=\"fields headers\"><thead><tr>",
                "<th scope=\"col\">Header</th><th scope=\"col\">Type</th>",
                "<th scope=\"col\">Description</th></tr></thead><tbody>"
            ));
            for (name, header) in &response.headers {
                out.push_str("<tr><th scope=\"row\" data-label=\"Header\"><code>");
                push_esc(out, name);
                out.push_str("</code></th><td data-label=\"Type\">");
                let header = doc.header(header);
                let mut m = Default::default();
                if let Some(schema) = header.and_then(|h| h.schema.as_ref()) {
                    out.push_str(&type_label(doc, schema));
                    m = meta(doc, schema);
                }
                out.push_str("</td><td data-label=\"Description\">");
                m.description = header.and_then(|h| h.description.as_deref()).or(m.description);
                push_details(out, &m);
                out.push_str("</td></tr>");
            }
            out.push_str("</tbody></table></div>");
        }
        if response.content.is_empty() {
            out.push_str("<p class=\"muted\">No response body.</p>");
        }
        let place = format!("the {} response", esc(code));
        for (content_type, content) in &response.content {
            push_content(out, doc, content_type, content, &place, shown);
        }
        out.push_str("</div>");
    }
    out.push_str("</section>");
}
