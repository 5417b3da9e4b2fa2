//! The partner's receiver: its event URL and its products URL at once. It follows each automatic
//! request from its `product_request_received` (which names the consent and the products) to its
//! last report, and says when a consent's reports were all in.

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::HeaderMap;
use bytes::Bytes;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// Reports carry a customer's transactions; the receiver takes any size Ponte sends.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// What the receiver reads of a delivery. Reports are parsed no deeper than their top level.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Delivery {
    event_name: Option<String>,
    /// A report's own request (events carry theirs in the payload).
    request_id: Option<String>,
    product_name: Option<String>,
    payload: Option<EventPayload>,
}

#[derive(Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct EventPayload {
    request_id: Option<String>,
    product_name: Option<String>,
    products: Option<Vec<String>>,
    consent_ids: Vec<String>,
}

/// One request's deliveries so far.
#[derive(Default)]
struct RequestProgress {
    /// From `product_request_received`; until it arrives, completion cannot be judged.
    products: Option<usize>,
    reports: usize,
    succeeded: usize,
    failed: Vec<String>,
    /// The last report or `product_generated_failed` (a failed product's stand-in for its report).
    last_report: Option<Instant>,
    last_any: Option<Instant>,
}

impl RequestProgress {
    fn note(&mut self, at: Instant, is_report: bool) {
        if is_report {
            self.last_report = self.last_report.max(Some(at));
        }
        self.last_any = self.last_any.max(Some(at));
    }
}

/// A consent's request, once every report and every outcome event of it arrived.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Delivered {
    pub(super) request_id: String,
    pub(super) products: usize,
    /// Products that failed to build (`product_generated_failed`), sorted.
    pub(super) failed: Vec<String>,
    /// When the partner had every report (or the failure of each product without one).
    pub(super) all_reports: Instant,
}

#[derive(Default)]
struct State {
    seen: HashSet<String>,
    request_of_consent: HashMap<String, String>,
    requests: HashMap<String, RequestProgress>,
    counts: BTreeMap<String, u64>,
    report_bytes: u64,
    duplicates: u64,
}

impl State {
    fn delivered(&self, consent_id: &str) -> Option<Delivered> {
        let request_id = self.request_of_consent.get(consent_id)?;
        let progress = self.requests.get(request_id)?;
        let products = progress.products?;
        let failed = progress.failed.len();
        if progress.reports + failed < products || progress.succeeded + failed < products {
            return None;
        }
        let mut failed = progress.failed.clone();
        failed.sort();
        Some(Delivered {
            request_id: request_id.clone(),
            products,
            failed,
            all_reports: progress.last_report.or(progress.last_any)?,
        })
    }

    /// What is still missing for a consent, for the error message of a run that timed out.
    fn describe(&self, consent_id: &str) -> String {
        let Some(request_id) = self.request_of_consent.get(consent_id) else {
            return "no product_request_received names the consent".to_owned();
        };
        let Some(p) = self.requests.get(request_id) else { return format!("request {request_id}: nothing") };
        format!(
            "request {request_id}: {} products, {} reports, {} succeeded, {} failed",
            p.products.map_or("?".to_owned(), |n| n.to_string()),
            p.reports,
            p.succeeded,
            p.failed.len()
        )
    }
}

#[derive(Default)]
pub(super) struct Receiver {
    state: Mutex<State>,
    changed: Notify,
}

impl Receiver {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn arrived(&self, webhook_id: Option<&str>, body: &[u8], at: Instant) {
        let Ok(delivery) = serde_json::from_slice::<Delivery>(body) else {
            *self.lock().counts.entry("(unreadable)".to_owned()).or_insert(0) += 1;
            return;
        };
        {
            let mut state = self.lock();
            if let Some(id) = webhook_id
                && !state.seen.insert(id.to_owned())
            {
                state.duplicates += 1;
                return;
            }
            if delivery.event_name.is_none() && delivery.product_name.is_some() {
                state.report_bytes += u64::try_from(body.len()).unwrap_or(u64::MAX);
            }
            record(&mut state, delivery, at);
        }
        self.changed.notify_waiters();
    }

    /// Waits until the consent's request has all its reports, or for `timeout`; the error says
    /// what was missing.
    pub(super) async fn wait(&self, consent_id: &str, timeout: Duration) -> Result<Delivered, String> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            // Registered before the check, so an arrival between the two is not missed.
            let changed = self.changed.notified();
            tokio::pin!(changed);
            changed.as_mut().enable();
            if let Some(delivered) = self.lock().delivered(consent_id) {
                return Ok(delivered);
            }
            if tokio::time::timeout_at(deadline, changed).await.is_err() {
                return Err(self.lock().describe(consent_id));
            }
        }
    }

    /// Deliveries read by name (events by `eventName`, reports as "report"), the bytes of the
    /// reports, and redeliveries.
    pub(super) fn counts(&self) -> (BTreeMap<String, u64>, u64, u64) {
        let state = self.lock();
        (state.counts.clone(), state.report_bytes, state.duplicates)
    }
}

fn record(state: &mut State, delivery: Delivery, at: Instant) {
    let payload = delivery.payload.unwrap_or_default();
    let (name, request_id) = match (delivery.event_name, delivery.product_name) {
        (Some(event), _) => (event, payload.request_id),
        (None, Some(_)) => ("report".to_owned(), delivery.request_id),
        (None, None) => ("(not an event or a report)".to_owned(), None),
    };
    *state.counts.entry(name.clone()).or_insert(0) += 1;
    let Some(request_id) = request_id else { return };
    let progress = state.requests.entry(request_id.clone()).or_default();
    match name.as_str() {
        "product_request_received" => {
            progress.products = payload.products.map(|products| products.len());
            for consent_id in payload.consent_ids {
                state.request_of_consent.insert(consent_id, request_id.clone());
            }
        }
        "report" => {
            progress.reports += 1;
            progress.note(at, true);
        }
        "product_generated_success" => {
            progress.succeeded += 1;
            progress.note(at, false);
        }
        "product_generated_failed" => {
            progress.failed.push(payload.product_name.unwrap_or_else(|| "?".to_owned()));
            progress.note(at, true);
        }
        _ => {}
    }
}

/// Serves the receiver on 127.0.0.1:0 for the rest of the process; returns its URL.
pub(super) async fn serve(receiver: Arc<Receiver>) -> anyhow::Result<String> {
    let router = Router::new()
        .fallback(move |headers: HeaderMap, body: Bytes| {
            let receiver = receiver.clone();
            async move {
                let at = Instant::now();
                let id = headers.get("webhook-id").and_then(|v| v.to_str().ok());
                receiver.arrived(id, &body, at);
                "ok"
            }
        })
        .layer(DefaultBodyLimit::max(BODY_LIMIT));
    let listener =
        tokio::net::TcpListener::bind("127.0.0.1:0").await.context("listening for the partner's receiver")?;
    let url = format!("http://{}/partner", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn requested(request: &str, consent: &str, products: &[&str]) -> Vec<u8> {
        let payload = json!({ "requestId": request, "products": products, "consentIds": [consent] });
        json!({ "eventName": "product_request_received", "payload": payload }).to_string().into_bytes()
    }

    fn outcome(name: &str, request: &str, product: &str) -> Vec<u8> {
        json!({ "eventName": name, "payload": { "requestId": request, "productName": product } })
            .to_string()
            .into_bytes()
    }

    fn report(request: &str, product: &str) -> Vec<u8> {
        json!({ "requestId": request, "productName": product, "productReportId": "r", "code": 200 })
            .to_string()
            .into_bytes()
    }

    #[tokio::test]
    async fn a_consent_is_delivered_once_every_report_and_outcome_arrived_in_any_order() {
        let receiver = Arc::new(Receiver::default());
        let t0 = Instant::now();
        let (t1, t2) = (t0 + Duration::from_millis(1), t0 + Duration::from_millis(2));
        // A report may overtake the request's own event: deliveries run concurrently.
        receiver.arrived(Some("a"), &report("q1", "pf_balance"), t0);
        receiver.arrived(Some("b"), &outcome("product_generated_success", "q1", "pf_balance"), t0);
        let waiting = {
            let receiver = receiver.clone();
            tokio::spawn(async move { receiver.wait("c1", Duration::from_secs(5)).await })
        };
        receiver.arrived(Some("c"), &requested("q1", "c1", &["pf_balance", "pf_income"]), t1);
        assert_eq!(receiver.lock().delivered("c1"), None, "pf_income is still missing");
        receiver.arrived(Some("d"), &outcome("product_generated_failed", "q1", "pf_income"), t2);
        let delivered = waiting.await.unwrap().unwrap();
        assert_eq!(
            delivered,
            Delivered {
                request_id: "q1".to_owned(),
                products: 2,
                failed: vec!["pf_income".to_owned()],
                all_reports: t2,
            }
        );
    }

    #[tokio::test]
    async fn a_missing_success_event_keeps_the_consent_waiting_and_the_timeout_says_what_is_missing() {
        let receiver = Receiver::default();
        let now = Instant::now();
        receiver.arrived(Some("a"), &requested("q1", "c1", &["pf_balance"]), now);
        receiver.arrived(Some("b"), &report("q1", "pf_balance"), now);
        let error = receiver.wait("c1", Duration::from_millis(20)).await.unwrap_err();
        assert_eq!(error, "request q1: 1 products, 1 reports, 0 succeeded, 0 failed");
        let error = receiver.wait("other", Duration::from_millis(1)).await.unwrap_err();
        assert_eq!(error, "no product_request_received names the consent");
    }

    #[test]
    fn redeliveries_are_counted_once_and_reports_by_kind() {
        let receiver = Receiver::default();
        let now = Instant::now();
        receiver.arrived(Some("a"), &report("q1", "pf_balance"), now);
        receiver.arrived(Some("a"), &report("q1", "pf_balance"), now);
        receiver.arrived(Some("b"), &outcome("product_generated_success", "q1", "pf_balance"), now);
        receiver.arrived(None, b"not json", now);
        let (counts, report_bytes, duplicates) = receiver.counts();
        assert_eq!(counts.get("report"), Some(&1));
        assert_eq!(report_bytes, report("q1", "pf_balance").len() as u64);
        assert_eq!(counts.get("product_generated_success"), Some(&1));
        assert_eq!(counts.get("(unreadable)"), Some(&1));
        assert_eq!(duplicates, 1);
        assert_eq!(receiver.lock().requests["q1"].reports, 1);
    }
}
