//! The partner's side: a webhook receiver that verifies every delivery's Standard Webhooks
//! signature with the app's secret (and deduplicates on `webhook-id`), and the `redirectURL`
//! page the "Finish" button leads to, which records the parameters it was given.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Html;
use axum::routing::{get, post};
use ponte_webhooks::signing::{DEFAULT_TOLERANCE_SECS, WebhookSecret, verify_standard};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// One verified event delivery.
#[derive(Clone, Debug)]
pub struct Delivery {
    pub id: String,
    pub name: String,
    pub body: Value,
}

/// Everything the partner has received so far.
#[derive(Clone, Debug, Default)]
pub struct Received {
    /// Verified deliveries, each `webhook-id` once, in order of arrival.
    pub events: Vec<Delivery>,
    /// Deliveries whose signature did not verify (always expected to stay empty).
    pub refused: Vec<String>,
    /// The query parameters of each visit to `GET /back`.
    pub returns: Vec<Vec<(String, String)>>,
}

impl Received {
    /// The names of the events about one consent, in order of arrival.
    pub fn consent_events(&self, consent_id: &str) -> Vec<String> {
        self.events
            .iter()
            .filter(|d| d.body["payload"]["consents"]["consentId"] == consent_id)
            .map(|d| d.name.clone())
            .collect()
    }
}

#[derive(Clone)]
struct Shared {
    secret: Arc<WebhookSecret>,
    received: watch::Sender<Received>,
}

pub struct Receiver {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    received: watch::Sender<Received>,
    task: tokio::task::JoinHandle<()>,
}

impl Receiver {
    pub async fn start(webhook_secret: &str) -> Receiver {
        let secret: WebhookSecret = webhook_secret.parse().expect("the app's webhook secret");
        let (received, _) = watch::channel(Received::default());
        let shared = Shared { secret: Arc::new(secret), received: received.clone() };
        // Reports of a high-volume customer are megabytes: accept them as a partner would.
        let router = Router::new()
            .route("/events", post(event))
            .route("/back", get(back))
            .layer(axum::extract::DefaultBodyLimit::max(256 * 1024 * 1024))
            .with_state(shared);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the receiver");
        let base = format!("http://{}", listener.local_addr().expect("receiver address"));
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.expect("the receiver");
        });
        Receiver { base, received, task }
    }

    /// What was received until now.
    pub fn received(&self) -> Received {
        self.received.borrow().clone()
    }

    /// Waits (at most `within`) until `ready` holds for what was received; panics with `what`
    /// and everything received otherwise.
    pub async fn wait_until(
        &self,
        what: &str,
        within: Duration,
        ready: impl Fn(&Received) -> bool,
    ) -> Received {
        let mut watcher = self.received.subscribe();
        match tokio::time::timeout(within, watcher.wait_for(|r| ready(r))).await {
            Ok(Ok(received)) => received.clone(),
            _ => panic!(
                "the partner did not receive {what} within {within:?}; received {:#?}",
                self.received()
            ),
        }
    }

    /// Waits for the event `name` about the consent `id` (for `link_created`, the link `id`).
    pub async fn wait_event(&self, name: &str, id: &str) -> Delivery {
        let about = if name == "link_created" { "/payload/linkId" } else { "/payload/consents/consentId" };
        let matches = |d: &Delivery| d.name == name && d.body.pointer(about).is_some_and(|v| v == id);
        let received = self
            .wait_until(&format!("{name} for {id}"), super::EVENT_DEADLINE, |r| r.events.iter().any(matches))
            .await;
        received.events.into_iter().find(matches).expect("found above")
    }

    /// The parameters of the last return to `/back`.
    pub fn last_return(&self) -> Vec<(String, String)> {
        self.received().returns.last().cloned().expect("the browser came back to the partner")
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn event(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let id = header("webhook-id");
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let verdict = verify_standard(
        &shared.secret,
        &id,
        &header("webhook-timestamp"),
        &header("webhook-signature"),
        &body,
        now,
        DEFAULT_TOLERANCE_SECS,
    );
    let parsed = serde_json::from_slice::<Value>(&body);
    match (verdict, parsed) {
        (Ok(()), Ok(body)) => {
            // Events name themselves in `eventName`; reports in `productName`.
            let name =
                body["eventName"].as_str().or(body["productName"].as_str()).unwrap_or_default().to_owned();
            shared.received.send_modify(|r| {
                if !r.events.iter().any(|d| d.id == id) {
                    r.events.push(Delivery { id, name, body });
                }
            });
            StatusCode::NO_CONTENT
        }
        (verdict, parsed) => {
            let why = format!("delivery {id}: signature {verdict:?}, body {:?}", parsed.err());
            shared.received.send_modify(|r| r.refused.push(why));
            StatusCode::BAD_REQUEST
        }
    }
}

async fn back(
    State(shared): State<Shared>,
    Query(params): Query<Vec<(String, String)>>,
) -> Html<&'static str> {
    shared.received.send_modify(|r| r.returns.push(params));
    Html(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Acme</title></head>\
         <body id=\"partner-back\"><h1>Back at Acme</h1></body></html>",
    )
}
