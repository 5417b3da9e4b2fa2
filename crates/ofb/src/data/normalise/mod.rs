//! Tolerant conversion of an institution's JSON into Ponte's model (one module per API area).
//!
//! Bank input is hostile: every reader here returns `None` rather than failing, strings are
//! cleaned and capped, amounts are read from strings only (a JSON number has already been
//! through floating point), and a list item that lacks what gives it meaning (its id, amount,
//! date, direction…) is skipped and counted, never guessed. Nothing here panics or does I/O.

pub(crate) mod accounts;
pub(crate) mod cards;
pub(crate) mod credit;
pub(crate) mod customers;
pub(crate) mod investments;
pub(crate) mod resources;

use ponte_domain::{Amount, Currency, Money};
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashMap;
use std::hash::Hash;
use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Names and labels (`transactionName` is ≤ 200 in OFB; the longest name field).
pub(crate) const NAME_CHARS: usize = 200;
/// Enum values and short codes (`CONTA_DEPOSITO_A_VISTA`, `MENSAL`, an IBGE code…).
pub(crate) const CODE_CHARS: usize = 80;
/// Numbers kept as text: account numbers, tax ids, phone numbers, post codes.
pub(crate) const NUMBER_CHARS: usize = 40;
/// OFB ids are at most 100 characters (`^[a-zA-Z0-9][a-zA-Z0-9-]{0,99}$`).
pub(crate) const ID_CHARS: usize = 100;

/// A list read from the bank: the items that made sense, and how many did not.
#[derive(Debug)]
pub(crate) struct Parsed<T> {
    pub items: Vec<T>,
    pub malformed: usize,
}

impl<T> Parsed<T> {
    /// Keeps what `parse` makes of each item, counting the ones it refuses.
    pub fn from_items<'v>(
        items: impl Iterator<Item = &'v Value>,
        mut parse: impl FnMut(&Value) -> Option<T>,
    ) -> Self {
        let mut parsed = Parsed { items: Vec::new(), malformed: 0 };
        for item in items {
            match parse(item) {
                Some(value) => parsed.items.push(value),
                None => parsed.malformed += 1,
            }
        }
        parsed
    }
}

/// Every item of the `data` arrays of a list's pages, in page order.
pub(crate) fn data_items<V: AsRef<Value>>(pages: &[V]) -> impl Iterator<Item = &Value> {
    pages.iter().flat_map(|page| page.as_ref().get("data").and_then(Value::as_array)).flatten()
}

/// The `data` object of a single-object answer (the first page's).
pub(crate) fn data_object<V: AsRef<Value>>(pages: &[V]) -> Option<&Value> {
    pages.first()?.as_ref().get("data").filter(|d| d.is_object())
}

/// Text made safe to keep: control and bidirectional-override characters removed, surrounding
/// blanks trimmed, at most `max` characters; `None` when nothing is left.
pub(crate) fn clean(text: &str, max: usize) -> Option<String> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    let kept: String = text.chars().filter(|c| !unsafe_char(*c)).take(max).collect();
    let trimmed = kept.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

/// A string field, cleaned and capped.
pub(crate) fn text(value: &Value, key: &str, max: usize) -> Option<String> {
    value.get(key)?.as_str().and_then(|s| clean(s, max))
}

/// An identifier the fetcher may put in a URL path: the OFB pattern widened to every
/// URL-unreserved character (`A-Z a-z 0-9 - . _ ~`), 1 to 100 of them, not `.` or `..`.
pub(crate) fn id(value: &Value, key: &str) -> Option<String> {
    let raw = value.get(key)?.as_str()?;
    let allowed = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
    let ok = (1..=ID_CHARS).contains(&raw.len()) && raw.bytes().all(allowed) && raw != "." && raw != "..";
    ok.then(|| raw.to_owned())
}

/// Every string of an array field, cleaned, capped and without repeats, in order.
pub(crate) fn texts(value: &Value, key: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in items(value, key).filter_map(Value::as_str).filter_map(|s| clean(s, max)) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// The elements of an array field (none when absent or not an array).
pub(crate) fn items<'v>(value: &'v Value, key: &str) -> impl Iterator<Item = &'v Value> + 'v {
    value.get(key).and_then(Value::as_array).into_iter().flatten()
}

pub(crate) fn flag(value: &Value, key: &str) -> Option<bool> {
    value.get(key)?.as_bool()
}

/// A whole number up to `u32::MAX`: a JSON integer or a string of digits.
pub(crate) fn count(value: &Value, key: &str) -> Option<u32> {
    match value.get(key)? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) if (1..=10).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        _ => None,
    }
}

/// An amount written as a string (`"1500.00"`, at most four decimals); numbers are refused.
pub(crate) fn amount(value: &Value, key: &str) -> Option<Amount> {
    value.get(key)?.as_str().filter(|s| s.len() <= 32)?.parse().ok()
}

/// A currency code field (`"BRL"`).
pub(crate) fn currency(value: &Value, key: &str) -> Option<Currency> {
    value.get(key)?.as_str()?.parse().ok()
}

/// The OFB `{amount, currency}` object under `key`.
pub(crate) fn money(value: &Value, key: &str) -> Option<Money> {
    money_fields(value.get(key)?)
}

/// `amount` and `currency` of this very object (OFB flattens them into charges and payments).
pub(crate) fn money_fields(value: &Value) -> Option<Money> {
    Some(Money::new(amount(value, "amount")?, currency(value, "currency")?))
}

/// An `{amount, currency}` whose spec pattern has no minus sign.
pub(crate) fn positive_money(value: &Value, key: &str) -> Option<Money> {
    money(value, key).filter(|m| !m.amount.is_negative())
}

/// An optional field: `Some(None)` when absent, `None` when present but unusable — so a
/// caller can tell "the bank did not say" from "the bank said something broken".
pub(crate) fn optional<T>(
    value: &Value,
    key: &str,
    read: impl Fn(&Value, &str) -> Option<T>,
) -> Option<Option<T>> {
    match value.get(key) {
        None | Some(Value::Null) => Some(None),
        Some(_) => read(value, key).map(Some),
    }
}

/// A decimal written as a string (rates such as `"0.029000"`, quantities): an optional minus,
/// up to 20 digits, optionally a dot and up to 10 digits.
pub(crate) fn decimal(value: &Value, key: &str) -> Option<Decimal> {
    let raw = value.get(key)?.as_str()?;
    let unsigned = raw.strip_prefix('-').unwrap_or(raw);
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |s: &str, max: usize| s.len() <= max && s.bytes().all(|b| b.is_ascii_digit());
    let ok = !int.is_empty()
        && digits(int, 20)
        && digits(frac, 10)
        && !(frac.is_empty() && unsigned.ends_with('.'));
    if !ok {
        return None;
    }
    Decimal::from_str_exact(raw).ok()
}

/// A calendar date: `YYYY-MM-DD`, or the date of an RFC 3339 date-time (some OFB "dates", such
/// as financial relations' `startDate`, are date-times).
pub(crate) fn date(value: &Value, key: &str) -> Option<Date> {
    let raw = value.get(key)?.as_str()?;
    if raw.len() == 10 {
        return parse_date(raw);
    }
    if raw.len() > 40 {
        return None;
    }
    let date_time = OffsetDateTime::parse(raw, &Rfc3339).ok()?;
    // The calendar day the bank wrote, whatever its offset.
    parse_date(raw.get(..10)?).filter(|d| *d == date_time.date())
}

/// An RFC 3339 date-time (OFB writes UTC with `Z`, with or without milliseconds), in UTC.
pub(crate) fn date_time(value: &Value, key: &str) -> Option<OffsetDateTime> {
    let raw = value.get(key)?.as_str().filter(|s| s.len() <= 40)?;
    Some(OffsetDateTime::parse(raw, &Rfc3339).ok()?.to_offset(UtcOffset::UTC))
}

fn parse_date(raw: &str) -> Option<Date> {
    let bytes = raw.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = raw.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok()).flatten()
    };
    let month = Month::try_from(u8::try_from(number(5..7)?).ok()?).ok()?;
    Date::from_calendar_date(i32::try_from(number(0..4)?).ok()?, month, u8::try_from(number(8..10)?).ok()?)
        .ok()
}

/// `YYYY-MM-DD`, as the OFB date filters want it.
pub(crate) fn format_date(date: Date) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), u8::from(date.month()), date.day())
}

/// One item per key, the last one the bank sent winning (OFB ids are stable, so a repeat is
/// the same record told again — or, across history and `-current`, told later).
pub(crate) fn keep_last<T, K: Eq + Hash>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    let mut position: HashMap<K, usize> = HashMap::new();
    let mut out: Vec<T> = Vec::new();
    for item in items {
        match position.get(&key(&item)) {
            Some(&at) => out[at] = item,
            None => {
                position.insert(key(&item), out.len());
                out.push(item);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_is_cleaned_and_capped() {
        let v = json!({"a": " x\u{0}y\n\u{202e}z ", "b": "é".repeat(10_000), "c": 12, "d": "\u{7}  "});
        assert_eq!(text(&v, "a", 10).as_deref(), Some("xyz"));
        assert_eq!(text(&v, "b", 200).map(|s| s.chars().count()), Some(200));
        assert_eq!(text(&v, "c", 10), None, "numbers are not text");
        assert_eq!(text(&v, "d", 10), None, "nothing left");
        assert_eq!(text(&v, "missing", 10), None);
    }

    #[test]
    fn ids_must_be_safe_in_a_url_path() {
        let ok = ["abc-123", "A", "a_b.c~d", &"x".repeat(100)];
        for good in ok {
            assert_eq!(id(&json!({ "id": good }), "id").as_deref(), Some(good));
        }
        for bad in
            [json!(""), json!(".."), json!("a/b"), json!("a b"), json!("é"), json!(7), json!("x".repeat(101))]
        {
            assert_eq!(id(&json!({ "id": bad }), "id"), None, "{bad}");
        }
    }

    #[test]
    fn amounts_come_from_strings_only() {
        let v = json!({"s": "10.50", "n": 10.5, "neg": "-1.00", "bad": "1,50", "long": "1".repeat(100)});
        assert_eq!(amount(&v, "s").map(|a| a.to_string()).as_deref(), Some("10.5000"));
        assert_eq!(amount(&v, "n"), None);
        assert!(amount(&v, "neg").is_some_and(Amount::is_negative));
        assert_eq!(amount(&v, "bad"), None);
        assert_eq!(amount(&v, "long"), None);
        let m =
            json!({"m": {"amount": "-2.00", "currency": "BRL"}, "x": {"amount": "2.00", "currency": "brl"}});
        assert!(money(&m, "m").is_some());
        assert_eq!(positive_money(&m, "m"), None);
        assert_eq!(money(&m, "x"), None);
    }

    #[test]
    fn decimals_dates_and_counts() {
        let v = json!({
            "r": "0.029000", "e": "1e5", "u": "1_000", "dot": "1.", "big": "9".repeat(30),
            "d": "2026-02-28", "dt": "2021-05-21T08:30:00Z", "ms": "2021-05-21T08:30:00.123Z",
            "bad": "2026-02-30", "loose": "2026-2-3",
            "n": 12, "s": "12", "f": 1.5, "neg": -1
        });
        assert_eq!(decimal(&v, "r"), Some(Decimal::new(29_000, 6)));
        for bad in ["e", "u", "dot", "big"] {
            assert_eq!(decimal(&v, bad), None, "{bad}");
        }
        assert_eq!(date(&v, "d"), Some(time::macros::date!(2026 - 02 - 28)));
        assert_eq!(date(&v, "dt"), Some(time::macros::date!(2021 - 05 - 21)));
        assert_eq!(date(&v, "bad"), None);
        assert_eq!(date(&v, "loose"), None);
        assert_eq!(date_time(&v, "ms").map(|t| t.millisecond()), Some(123));
        assert_eq!(date_time(&v, "d"), None);
        assert_eq!(
            (count(&v, "n"), count(&v, "s"), count(&v, "f"), count(&v, "neg")),
            (Some(12), Some(12), None, None)
        );
        assert_eq!(format_date(time::macros::date!(2026 - 01 - 05)), "2026-01-05");
    }

    #[test]
    fn repeats_keep_the_last_in_the_first_place() {
        let kept = keep_last([("a", 1), ("b", 2), ("a", 3)], |(k, _)| *k);
        assert_eq!(kept, vec![("a", 3), ("b", 2)]);
    }
}
