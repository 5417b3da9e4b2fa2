//! Masking of personal data and secrets in free-form log text.
//!
//! Logs are the easiest place for a CPF or a token to leak (LGPD), so every log line goes
//! through [`redact`] before it is written. It runs on every line, hence the design: a cheap
//! byte scan decides whether the line can contain anything sensitive at all (most can't) and
//! returns it borrowed; otherwise one regex, compiled once, finds candidates, and a few
//! context checks the regex crate can't express (no look-around) filter them.
//!
//! What is masked:
//! * CPFs: 11 digits standing alone, or `000.000.000-00`. Bare 11-digit numbers are masked even
//!   with wrong check digits: a mistyped CPF, or a mobile phone number (also 11 digits in
//!   Brazil), is still personal data.
//! * CNPJs: `00.000.000/0000-00` (digits or letters), or 14 characters standing alone
//!   (`[0-9A-Z]{12}[0-9]{2}`) whose check digits are valid — the check keeps compact
//!   timestamps (`20241124103000`) and random identifiers readable.
//! * JWTs (`eyJ…` with three base64url parts), `Bearer <token>`, Ponte secret keys (`sk_…`),
//!   webhook secrets (`whsec_…`), and the values of secret-bearing fields in JSON (also
//!   JSON escaped inside a JSON string) or in `key=value` form (form bodies, query strings,
//!   `tracing` fields).
//!
//! "Standing alone" means not preceded or followed by an ASCII letter or digit, so parts of
//! longer numbers (13-digit millisecond timestamps), UUID segments and identifiers are kept.

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::tax_id::{Cnpj, mask_cnpj, mask_cpf};

/// Field names whose values are secrets, in JSON (`"name": "…"`) or `name=…` form.
const SECRET_FIELDS: &[&str] = &[
    "secretKey",
    "secret_key",
    "clientSecret",
    "client_secret",
    "accessToken",
    "access_token",
    "registration_access_token",
    "linkToken",
    "link_token",
    "refreshToken",
    "refresh_token",
    "idToken",
    "id_token",
    "password",
    "client_assertion",
    "code_verifier",
];

/// Substrings at least one of which occurs in any secret the regex can match (field names,
/// `Bearer`, `eyJ`, prefixes). Kept in sync with [`SECRET_FIELDS`] by a test.
const SECRET_MARKERS: &[&str] = &[
    "ecret",
    "oken",
    "assword",
    "client_assertion",
    "code_verifier",
    "earer",
    "EARER",
    "eyJ",
    "sk_",
    "whsec_",
];

/// Replacement for secrets whose shape carries no useful information.
const REDACTED: &str = "[redacted]";

/// The markers as one literal alternation, which the regex crate runs as a SIMD multi-substring
/// search: much cheaper than one `str::contains` per marker.
static MARKERS: LazyLock<Regex> = LazyLock::new(|| {
    let alternation: Vec<String> = SECRET_MARKERS.iter().map(|m| regex::escape(m)).collect();
    Regex::new(&alternation.join("|")).expect("the marker pattern is a valid regex")
});

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let fields = SECRET_FIELDS.join("|");
    let source = [
        // `Bearer <token>`; the token is at least 8 characters so prose ("bearer token")
        // mostly survives.
        r"(?P<bearer>(?-u:\b)(?i:bearer)\s+)[A-Za-z0-9\-._~+/]{8,}=*".to_owned(),
        // `"field": "value"`, and `\"field\": \"value\"` as it appears when JSON is logged
        // inside a JSON string (listed first: it starts one character earlier).
        format!(r#"(?P<json_esc_key>\\"(?:{fields})\\"\s*:\s*)\\"(?:[^"\\]|\\[^"])*\\""#),
        format!(r#"(?P<json_key>"(?:{fields})"\s*:\s*)"(?:[^"\\]|\\.)*""#),
        // `field=value` and `field="value"`.
        format!(r#"(?P<form_key>(?-u:\b)(?:{fields})=)(?:"(?:[^"\\]|\\.)*"|[^&\s"',;]+)"#),
        r"(?P<jwt>(?-u:\b)eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)".to_owned(),
        r"(?P<sk>(?-u:\b)sk_[A-Za-z0-9_\-]+)".to_owned(),
        r"(?P<whsec>(?-u:\b)whsec_[A-Za-z0-9_\-+/=]+)".to_owned(),
        // Longest tax-id shapes first: at one position the first alternative wins.
        r"(?P<cnpj_fmt>[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}/[0-9A-Z]{4}-[0-9]{2})".to_owned(),
        r"(?P<cpf_fmt>[0-9]{3}\.[0-9]{3}\.[0-9]{3}-[0-9]{2})".to_owned(),
        r"(?P<cnpj>[0-9A-Z]{12}[0-9]{2})".to_owned(),
        r"(?P<cpf>[0-9]{11})".to_owned(),
    ]
    .join("|");
    Regex::new(&source).expect("the redaction pattern is a valid regex")
});

/// Returns `text` with personal data and secrets masked; borrowed when nothing was masked.
///
/// ```
/// use ponte_domain::redact;
/// assert_eq!(redact("cpf=761.092.776-73"), "cpf=***.092.776-**");
/// assert_eq!(redact(r#"{"secretKey":"sk_live_abc"}"#), r#"{"secretKey":"[redacted]"}"#);
/// assert!(matches!(redact("GET /health 200"), std::borrow::Cow::Borrowed(_)));
/// ```
pub fn redact(text: &str) -> Cow<'_, str> {
    if !may_contain_tax_id(text) && !MARKERS.is_match(text) {
        return Cow::Borrowed(text);
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut pos = 0;
    while let Some(caps) = PATTERN.captures_at(text, pos) {
        let Some(whole) = caps.get(0) else { break };
        match replacement(&caps, text, whole.start(), whole.end()) {
            Some(masked) => {
                let buf = out.get_or_insert_with(|| String::with_capacity(text.len()));
                buf.push_str(&text[copied..whole.start()]);
                buf.push_str(&masked);
                copied = whole.end();
                pos = whole.end().max(whole.start() + 1);
            }
            // A rejected candidate may overlap a real one starting just after it.
            None => pos = next_char_boundary(text, whole.start()),
        }
        if pos > text.len() {
            break;
        }
    }
    match out {
        None => Cow::Borrowed(text),
        Some(mut buf) => {
            buf.push_str(&text[copied..]);
            Cow::Owned(buf)
        }
    }
}

/// The masked text for a match, or `None` if the candidate is not to be masked after all.
fn replacement(caps: &Captures<'_>, text: &str, start: usize, end: usize) -> Option<String> {
    let group = |name: &str| caps.name(name).map(|m| m.as_str());
    if let Some(prefix) = group("bearer") {
        return Some(format!("{prefix}{REDACTED}"));
    }
    if let Some(key) = group("json_esc_key") {
        return Some(format!(r#"{key}\"{REDACTED}\""#));
    }
    if let Some(key) = group("json_key") {
        return Some(format!(r#"{key}"{REDACTED}""#));
    }
    if let Some(key) = group("form_key") {
        return Some(format!("{key}{REDACTED}"));
    }
    if group("jwt").is_some() {
        return Some(REDACTED.to_owned());
    }
    if group("sk").is_some() {
        return Some("sk_***".to_owned());
    }
    if group("whsec").is_some() {
        return Some("whsec_***".to_owned());
    }
    if !standalone(text, start, end) {
        return None;
    }
    let matched = &text[start..end];
    if group("cpf_fmt").is_some() || group("cpf").is_some() {
        return significant::<11>(matched).map(|d| mask_cpf(&d));
    }
    if group("cnpj_fmt").is_some() {
        return significant::<14>(matched).map(|c| mask_cnpj(&c));
    }
    if group("cnpj").is_some() && matched.parse::<Cnpj>().is_ok() {
        return significant::<14>(matched).map(|c| mask_cnpj(&c));
    }
    None
}

/// The letters and digits of a tax-id shaped match, without punctuation.
fn significant<const N: usize>(matched: &str) -> Option<[u8; N]> {
    let mut out = [0u8; N];
    let mut bytes = matched.bytes().filter(u8::is_ascii_alphanumeric);
    for slot in &mut out {
        *slot = bytes.next()?;
    }
    bytes.next().is_none().then_some(out)
}

/// Not glued to a letter or digit on either side.
fn standalone(text: &str, start: usize, end: usize) -> bool {
    let glued = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    !glued(text[..start].chars().next_back()) && !glued(text[end..].chars().next())
}

fn next_char_boundary(text: &str, at: usize) -> usize {
    at + text[at..].chars().next().map_or(1, char::len_utf8)
}

/// Cheap pre-check mirroring the tax-id alternatives of the pattern: a maximal run of ASCII
/// letters and digits that is exactly 11 digits or 14 characters ending in two digits (the
/// bare forms must stand alone), or a `-` that completes a punctuated CPF or CNPJ shape.
/// Timestamps, UUIDs and ordinary words fail it, so most log lines never reach the regex.
fn may_contain_tax_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut from = 0;
    // Every shape ends in a run containing digits: visit only those runs.
    while let Some(offset) = bytes[from..].iter().position(u8::is_ascii_digit) {
        let digit = from + offset;
        // `from` is 0 or just past a non-alphanumeric byte, so these scans stay within the run.
        let start = bytes[..digit].iter().rposition(|b| !b.is_ascii_alphanumeric()).map_or(0, |p| p + 1);
        let end =
            bytes[digit..].iter().position(|b| !b.is_ascii_alphanumeric()).map_or(bytes.len(), |p| digit + p);
        let run = &bytes[start..end];
        let ends_in_two_digits = run.len() >= 2 && run[run.len() - 2..].iter().all(u8::is_ascii_digit);
        if (run.len() == 11 && run.iter().all(u8::is_ascii_digit)) || (run.len() == 14 && ends_in_two_digits)
        {
            return true;
        }
        let punctuated = start.checked_sub(1).is_some_and(|dash| {
            bytes[dash] == b'-'
                && (shape_around(bytes, dash, CPF_SHAPE) || shape_around(bytes, dash, CNPJ_SHAPE))
        });
        if punctuated {
            return true;
        }
        from = end;
    }
    false
}

/// Punctuated shapes: `9` is a digit, `X` a letter or digit, anything else itself.
const CPF_SHAPE: &[u8] = b"999.999.999-99";
const CNPJ_SHAPE: &[u8] = b"XX.XXX.XXX/XXXX-99";

/// Whether `shape`, aligned so that its `-` sits at `dash`, matches `bytes`.
fn shape_around(bytes: &[u8], dash: usize, shape: &[u8]) -> bool {
    let Some(offset) = shape.iter().position(|b| *b == b'-') else {
        return false;
    };
    let Some(start) = dash.checked_sub(offset) else {
        return false;
    };
    let Some(window) = bytes.get(start..start + shape.len()) else {
        return false;
    };
    window.iter().zip(shape).all(|(b, s)| match s {
        b'9' => b.is_ascii_digit(),
        b'X' => b.is_ascii_alphanumeric(),
        other => b == other,
    })
}
