//! `ponte webhooks listen`: a local receiver that verifies both signature schemes and prints
//! each delivery, for partners developing their endpoint and for Ponte's own tests (like
//! `stripe listen`). It answers every delivery with a configurable status so a developer can
//! also watch Ponte's retries.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
pub use axum::http::StatusCode;
use axum::http::{HeaderMap, Uri};
use axum::response::IntoResponse;
use ponte_webhooks::signing::{SchemeVerdict, WebhookSecret, verify_delivery};
use serde::Serialize;
use std::collections::HashSet;
use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct ListenConfig {
    pub secret: Option<WebhookSecret>,
    pub klavi_secret: Option<String>,
    /// Prefix of the Klavi-compatible headers, e.g. `X-Klavi`.
    pub klavi_prefix: String,
    /// The status answered to every delivery.
    pub status: StatusCode,
    /// One JSON object per line instead of the readable form.
    pub json: bool,
}

/// The verdict on one scheme's signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "result", content = "reason")]
pub enum Verdict {
    Valid,
    Invalid(String),
    /// The receiver was not given this scheme's secret.
    NotChecked,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Received {
    pub path: String,
    pub webhook_id: Option<String>,
    pub event_name: Option<String>,
    pub standard_webhooks: Verdict,
    pub klavi: Verdict,
    /// A delivery with a `webhook-id` already seen (receivers deduplicate on it).
    pub repeat: bool,
    pub body: serde_json::Value,
}

/// The receiver's state: its configuration and the `webhook-id`s seen so far.
pub struct Receiver {
    config: ListenConfig,
    seen: Mutex<HashSet<String>>,
}

impl Receiver {
    pub fn new(config: ListenConfig) -> Self {
        Self { config, seen: Mutex::new(HashSet::new()) }
    }
}

/// Binds `addr` and returns the bound address and the server future.
pub async fn bind(
    addr: SocketAddr,
    config: ListenConfig,
) -> std::io::Result<(SocketAddr, impl Future<Output = std::io::Result<()>>)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let state = Arc::new(Receiver::new(config));
    let app = Router::new()
        .fallback(receive)
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
        .with_state(state);
    Ok((local, async move { axum::serve(listener, app).await }))
}

async fn receive(
    State(listener): State<Arc<Receiver>>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> impl IntoResponse {
    let received = inspect(&listener, uri.path(), &headers, &body);
    let line = if listener.config.json {
        serde_json::to_string(&received).unwrap_or_default()
    } else {
        readable(&received)
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
    (listener.config.status, axum::Json(serde_json::json!({ "received": true })))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Verifies and describes one delivery.
pub fn inspect(listener_state: &Receiver, path: &str, headers: &HeaderMap, body: &[u8]) -> Received {
    let config = &listener_state.config;
    let webhook_id = header(headers, "webhook-id").map(str::to_owned);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let klavi_keys = config.klavi_secret.as_deref().map(|secret| (config.klavi_prefix.as_str(), secret));
    let (standard, klavi) =
        verify_delivery(|name| header(headers, name), body, config.secret.as_ref(), klavi_keys, now);
    let repeat = match &webhook_id {
        Some(id) => !listener_state.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(id.clone()),
        None => false,
    };
    let body = serde_json::from_slice(body)
        .unwrap_or_else(|_| serde_json::Value::String(String::from_utf8_lossy(body).into_owned()));
    // Events name themselves in `eventName`, reports in `productName`.
    let event_name =
        body.get("eventName").or_else(|| body.get("productName")).and_then(|v| v.as_str()).map(str::to_owned);
    Received {
        path: path.to_owned(),
        webhook_id,
        event_name,
        standard_webhooks: Verdict::from(standard),
        klavi: Verdict::from(klavi),
        repeat,
        body,
    }
}

impl From<SchemeVerdict> for Verdict {
    fn from(result: SchemeVerdict) -> Self {
        match result {
            None => Self::NotChecked,
            Some(Ok(())) => Self::Valid,
            Some(Err(error)) => Self::Invalid(error.to_string()),
        }
    }
}

fn verdict_text(verdict: &Verdict) -> String {
    match verdict {
        Verdict::Valid => "valid".to_owned(),
        Verdict::Invalid(reason) => format!("INVALID ({reason})"),
        Verdict::NotChecked => "not checked (no secret given)".to_owned(),
    }
}

/// The most of a body printed per delivery.
const PRINTED_BODY_BYTES: usize = 4096;

fn readable(received: &Received) -> String {
    let time = ponte_webhooks::events::timestamp(time::OffsetDateTime::now_utc());
    let mut body = serde_json::to_string_pretty(&received.body).unwrap_or_default();
    if body.len() > PRINTED_BODY_BYTES {
        // A report can be megabytes: show its start and where to read it whole.
        let cut = (0..=PRINTED_BODY_BYTES).rev().find(|i| body.is_char_boundary(*i)).unwrap_or(0);
        let id = received.body.get("productReportId").and_then(|v| v.as_str()).unwrap_or("…");
        body = format!(
            "{}\n   … {} bytes in all; read it whole with GET /data/v1/reports/{id}",
            &body[..cut],
            body.len()
        );
    }
    format!(
        "── {time} POST {} {}{}\n   webhook-id: {}\n   Standard Webhooks signature: {}\n   Klavi signature: {}\n{}\n",
        received.path,
        received.event_name.as_deref().unwrap_or("(no eventName or productName)"),
        if received.repeat { "  (repeat: this webhook-id was seen before)" } else { "" },
        received.webhook_id.as_deref().unwrap_or("(none)"),
        verdict_text(&received.standard_webhooks),
        verdict_text(&received.klavi),
        body
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use ponte_webhooks::signing::AppSigningKeys;

    fn state(klavi: bool) -> Receiver {
        Receiver::new(ListenConfig {
            secret: Some("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".parse().unwrap()),
            klavi_secret: klavi.then(|| "sk_test".to_owned()),
            klavi_prefix: "X-Klavi".to_owned(),
            status: StatusCode::OK,
            json: true,
        })
    }

    fn signed(body: &[u8], id: &str) -> HeaderMap {
        let keys = AppSigningKeys {
            webhook_secrets: vec!["whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".parse().unwrap()],
            secret_key: "sk_test".into(),
        };
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let mut headers = HeaderMap::new();
        for (name, value) in keys.headers(id, now, body, "X-Klavi").0 {
            headers
                .insert(axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(), value.parse().unwrap());
        }
        headers
    }

    #[test]
    fn valid_deliveries_verify_in_both_schemes_and_repeats_are_flagged() {
        let state = state(true);
        let body = br#"{"eventName":"webhook_test","payload":{}}"#;
        let first = inspect(&state, "/hooks", &signed(body, "evt_1"), body);
        assert_eq!((first.standard_webhooks.clone(), first.klavi.clone()), (Verdict::Valid, Verdict::Valid));
        assert_eq!(first.event_name.as_deref(), Some("webhook_test"));
        assert!(!first.repeat);
        assert!(inspect(&state, "/hooks", &signed(body, "evt_1"), body).repeat);
    }

    #[test]
    fn reports_are_named_by_product_and_long_bodies_shortened() {
        let state = state(false);
        let filler = "x".repeat(10_000);
        let body = format!(r#"{{"productName":"pf_income","productReportId":"r-1","filler":"{filler}"}}"#);
        let received = inspect(&state, "/reports", &signed(body.as_bytes(), "r-1"), body.as_bytes());
        assert_eq!(received.event_name.as_deref(), Some("pf_income"));
        let printed = readable(&received);
        assert!(printed.len() < 5_000, "{} bytes printed", printed.len());
        assert!(printed.contains("GET /data/v1/reports/r-1"), "{printed}");
    }

    #[test]
    fn tampered_or_unsigned_deliveries_are_invalid() {
        let state = state(true);
        let body = br#"{"eventName":"webhook_test"}"#;
        let tampered = inspect(&state, "/", &signed(body, "evt_2"), br#"{"eventName":"webhook_tesT"}"#);
        assert!(matches!(tampered.standard_webhooks, Verdict::Invalid(_)));
        assert!(matches!(tampered.klavi, Verdict::Invalid(_)));
        let unsigned = inspect(&state, "/", &HeaderMap::new(), body);
        assert!(matches!(unsigned.standard_webhooks, Verdict::Invalid(_)));
        assert_eq!(self::state(false).config.klavi_secret, None);
        let unchecked = inspect(&self::state(false), "/", &signed(body, "evt_3"), body);
        assert_eq!(unchecked.klavi, Verdict::NotChecked);
    }
}
