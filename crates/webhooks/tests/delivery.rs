//! The delivery job against a real receiver on 127.0.0.1, with the SQLite store and a manual
//! clock (retries are reached by moving the clock, not by waiting).

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ponte_store::apps::{AppCredentials, NewApp};
use ponte_store::deliveries::{DeliveryKind, DeliveryStatus, NewDelivery};
use ponte_store::worker::{DrainReport, Worker, WorkerConfig};
use ponte_store::{Keyring, ManualClock, MasterKey, PoolSettings, Store};
use ponte_webhooks::client::Sender;
use ponte_webhooks::deliver::{self, DeliverWebhook, DeliverWebhookHandler};
use ponte_webhooks::signing::{WebhookSecret, verify_delivery, verify_standard};
use ponte_webhooks::ssrf::AllowList;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use uuid::Uuid;

/// What the receiver answers, in order; the last answer repeats.
#[derive(Clone, Copy)]
enum Reply {
    Status(u16),
    RetryAfter(u16, u64),
    Redirect,
    Hang,
}

#[derive(Default)]
struct Receiver {
    replies: Mutex<VecDeque<Reply>>,
    received: Mutex<Vec<(HeaderMap, Bytes)>>,
}

async fn receive(State(receiver): State<Arc<Receiver>>, headers: HeaderMap, body: Bytes) -> Response {
    receiver.received.lock().unwrap().push((headers, body));
    let reply = {
        let mut replies = receiver.replies.lock().unwrap();
        if replies.len() > 1 { replies.pop_front().unwrap() } else { *replies.front().unwrap() }
    };
    match reply {
        Reply::Status(code) => StatusCode::from_u16(code).unwrap().into_response(),
        Reply::RetryAfter(code, secs) => {
            (StatusCode::from_u16(code).unwrap(), [("retry-after", secs.to_string())], "slow down")
                .into_response()
        }
        Reply::Redirect => {
            (StatusCode::MOVED_PERMANENTLY, [("location", "http://127.0.0.1:1/elsewhere")]).into_response()
        }
        Reply::Hang => std::future::pending::<Response>().await,
    }
}

struct Fixture {
    store: Store,
    clock: Arc<ManualClock>,
    receiver: Arc<Receiver>,
    url: String,
    app: AppCredentials,
    worker: Worker,
    _dir: std::path::PathBuf,
}

async fn fixture(replies: &[Reply], allow: AllowList) -> Fixture {
    let dir = std::env::temp_dir().join(format!("ponte-webhooks-test-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
    let keyring = Keyring::new(MasterKey::from_bytes(&[3; 32]).unwrap(), vec![]);
    let url = format!("sqlite://{}", dir.join("ponte.db").display());
    let store = Store::connect(&url, &PoolSettings::default(), keyring, clock.clone()).await.unwrap();
    store.migrate().await.unwrap();
    let new = NewApp {
        name: "A".into(),
        partner_name: "A".into(),
        environment: ponte_domain::Environment::Sandbox,
        settings: Default::default(),
    };
    let (_, app) = store.create_app(&new).await.unwrap();

    let receiver =
        Arc::new(Receiver { replies: Mutex::new(replies.iter().copied().collect()), ..Default::default() });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = Router::new().fallback(receive).with_state(receiver.clone());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let sender = Sender::new(allow, Duration::from_millis(500), 4).unwrap();
    let handler = DeliverWebhookHandler::new(store.clone(), sender);
    let mut worker = Worker::new(store.clone(), WorkerConfig::default());
    worker.register::<DeliverWebhook, _>(handler);
    Fixture { store, clock, receiver, url: format!("http://{addr}/hooks"), app, worker, _dir: dir }
}

async fn enqueue(f: &Fixture, url: &str) -> Uuid {
    let new = NewDelivery {
        app_id: f.app.app_id,
        kind: DeliveryKind::Event,
        message_id: format!("evt_{}", Uuid::new_v4().simple()),
        name: "webhook_test".into(),
        url: Some(url.to_owned()),
        body: br#"{"eventName":"webhook_test","payload":{}}"#.to_vec(),
    };
    let mut tx = f.store.begin().await.unwrap();
    let (id, job) = deliver::enqueue(&mut tx, &new).await.unwrap().unwrap();
    assert!(job.is_some());
    tx.commit().await.unwrap();
    id
}

async fn status(f: &Fixture, id: Uuid) -> (DeliveryStatus, u32) {
    let d = f.store.delivery(f.app.app_id, id).await.unwrap().unwrap();
    (d.status, d.attempts)
}

#[tokio::test]
async fn a_delivery_arrives_signed_in_both_schemes() {
    let f = fixture(&[Reply::Status(204)], AllowList::loopback()).await;
    let id = enqueue(&f, &f.url).await;
    assert_eq!(f.worker.drain().await.unwrap(), DrainReport { succeeded: 1, retried: 0, dead: 0 });
    assert_eq!(status(&f, id).await, (DeliveryStatus::Delivered, 1));

    let (headers, body) = f.receiver.received.lock().unwrap()[0].clone();
    let body = &body;
    let h = |name: &str| headers[name].to_str().unwrap().to_owned();
    let delivery = f.store.delivery(f.app.app_id, id).await.unwrap().unwrap();
    assert_eq!(h("webhook-id"), delivery.message_id);
    let secret: WebhookSecret = f.app.webhook_secret.expose().parse().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let lookup = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let klavi = Some(("X-Klavi", f.app.secret_key.expose()));
    assert_eq!(verify_delivery(lookup, body, Some(&secret), klavi, now), (Some(Ok(())), Some(Ok(()))));
}

#[tokio::test]
async fn failures_are_retried_on_schedule_with_the_same_webhook_id() {
    let f = fixture(&[Reply::Status(500), Reply::Redirect, Reply::Status(200)], AllowList::loopback()).await;
    let id = enqueue(&f, &f.url).await;
    assert_eq!(f.worker.drain().await.unwrap().retried, 1);
    assert_eq!(status(&f, id).await, (DeliveryStatus::Pending, 1));
    assert_eq!(f.worker.drain().await.unwrap(), DrainReport::default(), "not before the next attempt is due");
    f.clock.advance(Duration::from_secs(7)); // 5 s ± 20 %
    assert_eq!(f.worker.drain().await.unwrap().retried, 1, "a redirect is a failure, not followed");
    f.clock.advance(Duration::from_secs(361)); // 5 min ± 20 %
    assert_eq!(f.worker.drain().await.unwrap().succeeded, 1);
    assert_eq!(status(&f, id).await, (DeliveryStatus::Delivered, 3));
    let ids: Vec<_> =
        f.receiver.received.lock().unwrap().iter().map(|(h, _)| h["webhook-id"].clone()).collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "one webhook-id across attempts");
    let attempts = f.store.delivery_attempts(f.app.app_id, id).await.unwrap();
    assert_eq!(attempts.iter().map(|a| a.status_code).collect::<Vec<_>>(), [Some(500), Some(301), Some(200)]);
}

#[tokio::test]
async fn gone_endpoints_fail_at_once_and_retry_after_is_honoured() {
    let f = fixture(&[Reply::Status(410)], AllowList::loopback()).await;
    let id = enqueue(&f, &f.url).await;
    assert_eq!(f.worker.drain().await.unwrap().succeeded, 1, "the job is done");
    assert_eq!(status(&f, id).await, (DeliveryStatus::Failed, 1));

    let f = fixture(&[Reply::RetryAfter(429, 600), Reply::Status(200)], AllowList::loopback()).await;
    let id = enqueue(&f, &f.url).await;
    f.worker.drain().await.unwrap();
    let delivery = f.store.delivery(f.app.app_id, id).await.unwrap().unwrap();
    let wait = delivery.next_attempt_at.unwrap() - delivery.updated_at;
    assert!(wait >= time::Duration::seconds(600), "waited only {wait}");
    f.clock.advance(Duration::from_secs(601));
    f.worker.drain().await.unwrap();
    assert_eq!(status(&f, id).await, (DeliveryStatus::Delivered, 2));
}

#[tokio::test]
async fn slow_receivers_time_out_and_private_targets_are_refused() {
    let f = fixture(&[Reply::Hang], AllowList::loopback()).await;
    let id = enqueue(&f, &f.url).await;
    f.worker.drain().await.unwrap();
    let attempts = f.store.delivery_attempts(f.app.app_id, id).await.unwrap();
    assert!(attempts[0].error.as_deref().unwrap().contains("timed out"), "{attempts:?}");

    // Without the loopback allow-list, 127.0.0.1 (literal or resolved from a name) is refused.
    let f = fixture(&[Reply::Status(200)], AllowList::default()).await;
    let literal = enqueue(&f, &f.url).await;
    let named = enqueue(&f, &f.url.replace("127.0.0.1", "localhost")).await;
    f.worker.drain().await.unwrap();
    assert!(f.receiver.received.lock().unwrap().is_empty(), "nothing reached the private address");
    for id in [literal, named] {
        let attempts = f.store.delivery_attempts(f.app.app_id, id).await.unwrap();
        assert!(attempts[0].error.as_deref().unwrap().contains("refusing to connect"), "{attempts:?}");
    }
}

#[tokio::test]
async fn a_receiver_that_is_down_gets_everything_once_it_is_up() {
    // Reserve a port, close it: connections are refused until the receiver starts there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let f = fixture(&[Reply::Status(200)], AllowList::loopback()).await;
    let down_url = format!("http://127.0.0.1:{port}/hooks");
    let ids = [enqueue(&f, &down_url).await, enqueue(&f, &down_url).await];
    assert_eq!(f.worker.drain().await.unwrap().retried, 2);
    let attempts = f.store.delivery_attempts(f.app.app_id, ids[0]).await.unwrap();
    assert!(attempts[0].error.as_deref().unwrap().contains("connection failed"), "{attempts:?}");

    let received: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = received.clone();
    let router = Router::new().fallback(move |headers: HeaderMap| {
        let sink = sink.clone();
        async move {
            sink.lock().unwrap().push(headers["webhook-id"].to_str().unwrap().to_owned());
            StatusCode::OK
        }
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    f.clock.advance(Duration::from_secs(7));
    assert_eq!(f.worker.drain().await.unwrap().succeeded, 2);
    let mut got = received.lock().unwrap().clone();
    got.sort();
    let mut expected = Vec::new();
    for id in ids {
        expected.push(f.store.delivery(f.app.app_id, id).await.unwrap().unwrap().message_id);
    }
    expected.sort();
    assert_eq!(got, expected, "each delivery arrives once, with its own webhook-id");
}

#[tokio::test]
async fn tls_errors_and_reset_connections_are_retried() {
    let f = fixture(&[Reply::Status(200)], AllowList::loopback()).await;
    // An https URL to a plain-HTTP receiver: the TLS handshake fails.
    let tls = enqueue(&f, &f.url.replace("http://", "https://")).await;
    // A server that accepts and closes at once: the connection is reset mid-request.
    let closer = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let closer_url = format!("http://{}/hooks", closer.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((stream, _)) = closer.accept().await {
            drop(stream);
        }
    });
    let reset = enqueue(&f, &closer_url).await;
    assert_eq!(f.worker.drain().await.unwrap().retried, 2);
    for id in [tls, reset] {
        let delivery = f.store.delivery(f.app.app_id, id).await.unwrap().unwrap();
        assert_eq!((delivery.status, delivery.attempts), (DeliveryStatus::Pending, 1));
        assert!(delivery.last_error.is_some());
    }
}

#[tokio::test]
async fn after_a_secret_rotation_both_secrets_verify_for_a_day() {
    let f = fixture(&[Reply::Status(200)], AllowList::loopback()).await;
    let new =
        f.store.rotate_webhook_secret(f.app.app_id, Duration::from_secs(24 * 3600)).await.unwrap().unwrap();
    enqueue(&f, &f.url).await;
    f.worker.drain().await.unwrap();
    let (headers, body) = f.receiver.received.lock().unwrap()[0].clone();
    let h = |name: &str| headers[name].to_str().unwrap().to_owned();
    assert_eq!(h("webhook-signature").split(' ').count(), 2);
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    for secret in [f.app.webhook_secret.expose(), new.expose()] {
        let secret: WebhookSecret = secret.parse().unwrap();
        verify_standard(
            &secret,
            &h("webhook-id"),
            &h("webhook-timestamp"),
            &h("webhook-signature"),
            &body,
            now,
            300,
        )
        .unwrap();
    }
}

#[tokio::test]
async fn gone_or_long_failing_endpoints_are_disabled_until_a_replay() {
    let f = fixture(&[Reply::Status(410), Reply::Status(200)], AllowList::loopback()).await;
    let first = enqueue(&f, &f.url).await;
    f.worker.drain().await.unwrap();
    let state = f.store.endpoint_state(f.app.app_id, &f.url).await.unwrap();
    assert!(state.disabled_reason.as_deref().unwrap().contains("410"), "{state:?}");

    let second = enqueue(&f, &f.url).await;
    f.worker.drain().await.unwrap();
    assert_eq!(f.receiver.received.lock().unwrap().len(), 1, "nothing is sent to a disabled endpoint");
    let delivery = f.store.delivery(f.app.app_id, second).await.unwrap().unwrap();
    assert_eq!(delivery.status, DeliveryStatus::Failed);
    assert!(delivery.last_error.as_deref().unwrap().contains("disabled"), "{delivery:?}");

    let mut tx = f.store.begin().await.unwrap();
    deliver::replay(&mut tx, f.app.app_id, first).await.unwrap();
    tx.commit().await.unwrap();
    f.worker.drain().await.unwrap();
    assert_eq!(status(&f, first).await.0, DeliveryStatus::Delivered, "a replay re-enables the endpoint");
    assert!(!f.store.endpoint_state(f.app.app_id, &f.url).await.unwrap().is_disabled());
}

#[tokio::test]
async fn an_endpoint_failing_for_five_days_is_disabled() {
    let f = fixture(&[Reply::Status(500)], AllowList::loopback()).await;
    enqueue(&f, &f.url).await;
    f.worker.drain().await.unwrap();
    f.clock.advance(Duration::from_secs(5 * 24 * 3600 + 1));
    let later = enqueue(&f, &f.url).await;
    f.worker.drain().await.unwrap();
    assert_eq!(status(&f, later).await, (DeliveryStatus::Failed, 1));
    let state = f.store.endpoint_state(f.app.app_id, &f.url).await.unwrap();
    assert!(state.disabled_reason.as_deref().unwrap().contains("failing continuously"), "{state:?}");
}
