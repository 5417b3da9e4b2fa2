//! HTML building blocks for the API reference: escaping, anchors, JSON values and a small,
//! safe subset of Markdown (paragraphs, lists, fenced code, `code` spans and http(s) links).
//!
//! Every string that comes from the OpenAPI document is treated as untrusted and goes through
//! [`push_esc`] (directly or via the Markdown helpers) before reaching the page.

use std::collections::HashSet;

use serde_json::Value;

/// Appends `text` with `& < > " '` escaped, so it is safe both as element text and inside a
/// double- or single-quoted attribute value.
pub(super) fn push_esc(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Escaped copy of `text`; see [`push_esc`].
pub(super) fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_esc(&mut out, text);
    out
}

/// Returns `url` if it is safe to use as a link target: absolute http(s), `mailto:`, a same-page
/// fragment or a same-origin absolute path. Anything else (`javascript:`, `data:`, ...) is refused.
pub(super) fn safe_href(url: &str) -> Option<&str> {
    let allowed = url.starts_with("https://")
        || url.starts_with("http://")
        || url.starts_with("mailto:")
        || url.starts_with('#')
        || (url.starts_with('/') && !url.starts_with("//"));
    (allowed && !url.is_empty() && !url.contains(|c: char| c.is_whitespace() || c.is_control()))
        .then_some(url)
}

/// Hands out unique, URL-fragment-safe element ids (`[A-Za-z0-9_-]` only).
#[derive(Default)]
pub(super) struct Anchors {
    used: HashSet<String>,
}

impl Anchors {
    /// Marks a fixed id as taken so generated ids never collide with it.
    pub(super) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_owned());
    }

    /// Builds `prefix` + a slug of `raw`, adding `-2`, `-3`, ... until the id is unique.
    pub(super) fn make(&mut self, prefix: &str, raw: &str) -> String {
        let mut base = String::from(prefix);
        for c in raw.chars() {
            if c.is_ascii_alphanumeric() || c == '_' {
                base.push(c);
            } else if !base.ends_with('-') {
                base.push('-');
            }
        }
        while base.len() > prefix.len() && base.ends_with('-') {
            base.pop();
        }
        let mut id = base.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// A JSON value for inline display: strings without quotes, everything else as compact JSON.
pub(super) fn json_bare(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Appends a JSON value as `<code>` (short values) or a pretty-printed `<pre>` block.
pub(super) fn push_json(out: &mut String, value: &Value) {
    let compact = value.to_string();
    if compact.len() <= 80 {
        out.push_str("<code>");
        push_esc(out, &compact);
        out.push_str("</code>");
    } else {
        push_json_block(out, value);
    }
}

/// Appends a JSON value as a pretty-printed `<pre>` block (for whole example bodies).
pub(super) fn push_json_block(out: &mut String, value: &Value) {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    out.push_str("<pre><code>");
    push_esc(out, &pretty);
    out.push_str("</code></pre>");
}

/// Appends one line of text, escaping it and rendering `` `code` `` spans and `[label](url)`
/// links whose URL passes [`safe_href`].
pub(super) fn push_inline(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(pos) = rest.find(['`', '[']) {
        let (before, tail) = rest.split_at(pos);
        push_esc(out, before);
        if let Some(code_len) = tail[1..].find('`').filter(|_| tail.starts_with('`')) {
            out.push_str("<code>");
            push_esc(out, &tail[1..=code_len]);
            out.push_str("</code>");
            rest = &tail[code_len + 2..];
        } else if let Some((label, href, len)) = parse_link(tail) {
            out.push_str("<a href=\"");
            push_esc(out, href);
            out.push_str("\">");
            push_esc(out, label);
            out.push_str("</a>");
            rest = &tail[len..];
        } else {
            push_esc(out, &tail[..1]);
            rest = &tail[1..];
        }
    }
    push_esc(out, rest);
}

/// Parses `[label](url)` at the start of `s`: returns label, url and the consumed length.
fn parse_link(s: &str) -> Option<(&str, &str, usize)> {
    if !s.starts_with('[') {
        return None;
    }
    let close = s.find("](")?;
    let label = s.get(1..close)?;
    if label.is_empty() || label.contains(['[', ']', '\n']) {
        return None;
    }
    let after = &s[close + 2..];
    let end = after.find(')')?;
    let href = safe_href(after[..end].trim())?;
    Some((label, href, close + 2 + end + 1))
}

#[derive(Clone, Copy, PartialEq)]
enum ListKind {
    Bullet,
    Ordered,
}

/// Recognises a list item line (`- x`, `* x`, `+ x`, `1. x`) and returns its kind and text.
fn list_item(line: &str) -> Option<(ListKind, &str)> {
    for marker in ["- ", "* ", "+ "] {
        if let Some(text) = line.strip_prefix(marker) {
            return Some((ListKind::Bullet, text));
        }
    }
    let digits = line.find(|c: char| !c.is_ascii_digit())?;
    let text = line[digits..].strip_prefix(". ")?;
    (digits > 0 && digits < 4).then_some((ListKind::Ordered, text))
}

/// Accumulates paragraph lines and list items between block boundaries.
#[derive(Default)]
struct Blocks {
    para: Vec<String>,
    list: Vec<String>,
    kind: Option<ListKind>,
}

impl Blocks {
    fn flush(&mut self, out: &mut String) {
        if !self.para.is_empty() {
            out.push_str("<p>");
            push_inline(out, &self.para.join("\n"));
            out.push_str("</p>");
            self.para.clear();
        }
        if let Some(kind) = self.kind.take() {
            let tag = if kind == ListKind::Ordered { "ol" } else { "ul" };
            out.push('<');
            out.push_str(tag);
            out.push('>');
            for item in self.list.drain(..) {
                out.push_str("<li>");
                push_inline(out, &item);
                out.push_str("</li>");
            }
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        }
    }
}

/// Appends a description as HTML blocks using a deliberately small Markdown subset. Anything
/// not understood is shown as (escaped) text, never interpreted as HTML.
pub(super) fn push_markdown(out: &mut String, text: &str) {
    let mut blocks = Blocks::default();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            blocks.flush(out);
            let mut code = String::new();
            for code_line in lines.by_ref() {
                if code_line.trim_start().starts_with("```") {
                    break;
                }
                code.push_str(code_line);
                code.push('\n');
            }
            out.push_str("<pre><code>");
            push_esc(out, &code);
            out.push_str("</code></pre>");
        } else if trimmed.is_empty() {
            blocks.flush(out);
        } else if let Some((kind, item)) = list_item(trimmed) {
            if !blocks.para.is_empty() || blocks.kind.is_some_and(|k| k != kind) {
                blocks.flush(out);
            }
            blocks.kind = Some(kind);
            blocks.list.push(item.to_owned());
        } else if let (Some(last), true) = (blocks.list.last_mut(), line.starts_with([' ', '\t'])) {
            last.push(' ');
            last.push_str(trimmed);
        } else if let Some(heading) =
            trimmed.strip_prefix('#').map(|h| h.trim_start_matches('#')).and_then(|h| h.strip_prefix(' '))
        {
            blocks.flush(out);
            out.push_str("<p><strong>");
            push_inline(out, heading.trim());
            out.push_str("</strong></p>");
        } else {
            if blocks.kind.is_some() {
                blocks.flush(out);
            }
            blocks.para.push(trimmed.to_owned());
        }
    }
    blocks.flush(out);
}
