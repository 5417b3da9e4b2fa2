//! Figures recomputed from the raw OFB pages, independently of Ponte's normaliser and products:
//! plain JSON walking and decimal sums, so a report that disagrees is caught.

use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::BTreeMap;
use time::Date;

/// What one account's raw pages add up to over a window.
#[derive(Debug, Default, PartialEq)]
pub struct AccountFigures {
    pub transactions: usize,
    pub credits: Decimal,
    pub debits: Decimal,
    pub available: Option<Decimal>,
}

pub fn decimal(value: &Value) -> Decimal {
    value.as_str().and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("not a decimal string: {value}"))
}

/// Every `data` item of every page stored under keys starting with `prefix`.
fn items<'a>(raw: &'a Value, prefix: &str) -> Vec<&'a Value> {
    raw.as_object()
        .expect("raw is an object")
        .iter()
        .filter(|(key, _)| key.starts_with(prefix))
        .flat_map(|(_, pages)| pages.as_array().expect("pages").iter())
        .flat_map(|page| match &page["data"] {
            Value::Array(items) => items.iter().collect::<Vec<_>>(),
            other => vec![other],
        })
        .collect()
}

/// Per AVAILABLE account id: transactions booked on or after `from` (history and current pages merged by
/// transactionId), their credit and debit sums, and the available balance.
pub fn accounts(raw: &Value, from: Date) -> BTreeMap<String, AccountFigures> {
    // The accounts `/resources` lists as AVAILABLE: the only ones whose data may be read.
    let available: Vec<&str> = items(raw, "resources ")
        .into_iter()
        .filter(|r| r["type"] == "ACCOUNT" && r["status"] == "AVAILABLE")
        .filter_map(|r| r["resourceId"].as_str())
        .collect();
    let mut out = BTreeMap::new();
    for item in items(raw, "accounts /accounts") {
        if let Some(id) = item.get("accountId").and_then(Value::as_str)
            && available.contains(&id)
        {
            out.entry(id.to_owned()).or_insert_with(AccountFigures::default);
        }
    }
    for (id, figures) in out.iter_mut() {
        let mut seen = BTreeMap::new();
        for prefix in [
            format!("accounts /accounts/{id}/transactions"),
            format!("accounts /accounts/{id}/transactions-current"),
        ] {
            for t in items(raw, &prefix) {
                let tid = t["transactionId"].as_str().expect("transactionId").to_owned();
                seen.insert(tid, t.clone());
            }
        }
        for t in seen.values() {
            let date: Date = Date::parse(
                &t["transactionDateTime"].as_str().expect("date")[..10],
                time::macros::format_description!("[year]-[month]-[day]"),
            )
            .expect("date");
            if date < from {
                continue;
            }
            figures.transactions += 1;
            if t["completedAuthorisedPaymentType"] != "TRANSACAO_EFETIVADA" {
                continue;
            }
            let amount = decimal(&t["transactionAmount"]["amount"]);
            if t["creditDebitType"] == "CREDITO" {
                figures.credits += amount;
            } else {
                figures.debits += amount;
            }
        }
        figures.available = items(raw, &format!("accounts /accounts/{id}/balances"))
            .first()
            .map(|b| decimal(&b["availableAmount"]["amount"]));
    }
    out
}

/// The sum of booked credits of the given OFB `type`s per month (`YYYY-MM`), over every account.
pub fn credits_by_month(raw: &Value, types: &[&str]) -> BTreeMap<String, Decimal> {
    let mut seen = BTreeMap::new();
    for t in items(raw, "accounts /accounts/") {
        if let Some(id) = t.get("transactionId").and_then(Value::as_str) {
            seen.insert(id.to_owned(), t.clone());
        }
    }
    let mut months = BTreeMap::new();
    for t in seen.values() {
        if types.iter().any(|kind| t["type"] == *kind)
            && t["creditDebitType"] == "CREDITO"
            && t["completedAuthorisedPaymentType"] == "TRANSACAO_EFETIVADA"
        {
            let month = t["transactionDateTime"].as_str().expect("date")[..7].to_owned();
            *months.entry(month).or_insert(Decimal::ZERO) += decimal(&t["transactionAmount"]["amount"]);
        }
    }
    months
}

/// The first day of the month twelve months before `today`'s month: where the account and card
/// products' window starts.
pub fn window_start(today: Date) -> Date {
    let (mut year, mut month) = (today.year(), today.month() as u8);
    for _ in 0..12 {
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
    }
    Date::from_calendar_date(year, time::Month::try_from(month).expect("month"), 1).expect("date")
}

/// The report date Ponte uses: today in Brasília.
pub fn report_date() -> Date {
    time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(-3)).date()
}
