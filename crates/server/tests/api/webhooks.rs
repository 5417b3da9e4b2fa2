//! Test events end to end: the API queues a signed event, a worker delivers it to a receiver on
//! this machine, and the delivery log shows it — scoped to the app.

use crate::harness::{TestServer, assert_error};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use ponte_store::worker::{Worker, WorkerConfig};
use ponte_webhooks::signing::{WebhookSecret, verify_delivery};
use serde_json::Value;
use std::sync::{Arc, Mutex};

type Received = Arc<Mutex<Vec<(HeaderMap, Bytes)>>>;

async fn receiver() -> (String, Received) {
    let received: Received = Arc::default();
    let router = Router::new()
        .fallback(|State(r): State<Received>, headers: HeaderMap, body: Bytes| async move {
            r.lock().unwrap().push((headers, body));
            "ok"
        })
        .with_state(received.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/ponte/events", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    (url, received)
}

fn worker(server: &TestServer) -> Worker {
    let mut worker = Worker::new(server.store.clone(), WorkerConfig::default());
    ponte_server::jobs::register(&mut worker, server.state()).unwrap();
    worker
}

#[tokio::test]
async fn a_test_event_is_delivered_signed_and_logged() {
    let server = TestServer::start().await;
    let token = server.token().await;
    let post_test = || server.http.post(server.url("/data/v1/webhooks/test")).bearer_auth(&token).send();
    assert_error(post_test().await.unwrap(), 422).await;

    let (url, received) = receiver().await;
    server.set_event_url(&url).await;

    let response = post_test().await.unwrap();
    assert_eq!(response.status(), 202);
    let queued: Value = response.json().await.unwrap();
    let metrics = server.http.get(server.url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(
        metrics.contains("ponte_jobs_oldest_due_age_seconds{kind=\"deliver_webhook\"}"),
        "the webhook queue's lag is a metric of its own: {metrics}"
    );
    let report = worker(&server).drain().await.unwrap();
    assert_eq!(report.succeeded, 1, "{report:?}");

    let (headers, body) = received.lock().unwrap()[0].clone();
    let h = |name: &str| headers[name].to_str().unwrap().to_owned();
    assert_eq!(h("webhook-id"), queued["eventId"].as_str().unwrap());
    let secret: WebhookSecret = server.app.webhook_secret.expose().parse().unwrap();
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let lookup = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let klavi = Some(("X-Klavi", server.app.secret_key.expose()));
    assert_eq!(verify_delivery(lookup, &body, Some(&secret), klavi, now), (Some(Ok(())), Some(Ok(()))));
    let event: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(event["eventName"], "webhook_test");
    assert_eq!(event["partnerAppId"], server.app.app_id.to_string());

    let log: Value =
        server.get_with_token("/data/v1/webhooks/deliveries", &token).await.json().await.unwrap();
    let delivery = &log["deliveries"][0];
    assert_eq!(delivery["deliveryId"], queued["deliveryId"]);
    assert_eq!(delivery["status"], "delivered");
    assert_eq!(delivery["attempts"], 1);
    assert_eq!(delivery["lastStatusCode"], 200);
    assert!(log["nextCursor"].is_null());
    server.stop().await;
}

#[tokio::test]
async fn the_delivery_log_is_per_app_and_filters_are_checked() {
    let server = TestServer::start().await;
    let (url, _) = receiver().await;
    server.set_event_url(&url).await;
    let token = server.token().await;
    for _ in 0..3 {
        let response =
            server.http.post(server.url("/data/v1/webhooks/test")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), 202);
    }
    let page: Value = server
        .get_with_token("/data/v1/webhooks/deliveries?limit=2&status=pending", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["deliveries"].as_array().unwrap().len(), 2);
    let cursor = page["nextCursor"].as_str().unwrap();
    let rest: Value = server
        .get_with_token(&format!("/data/v1/webhooks/deliveries?limit=2&cursor={cursor}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(rest["deliveries"].as_array().unwrap().len(), 1);

    let other = server.other_app(ponte_domain::Environment::Sandbox).await;
    let theirs = server.token_for(&other).await;
    let empty: Value =
        server.get_with_token("/data/v1/webhooks/deliveries", &theirs).await.json().await.unwrap();
    assert!(empty["deliveries"].as_array().unwrap().is_empty(), "another app sees none of them");

    for bad in ["status=lost", "since=yesterday", "cursor=nope", "limit=0", "limit=101", "colour=blue"] {
        let response = server.get_with_token(&format!("/data/v1/webhooks/deliveries?{bad}"), &token).await;
        assert_error(response, 400).await;
    }
    server.stop().await;
}

/// A receiver answering whatever status `status` holds.
async fn switchable_receiver(status: Arc<std::sync::atomic::AtomicU16>) -> String {
    let router = Router::new()
        .fallback(|State(s): State<Arc<std::sync::atomic::AtomicU16>>| async move {
            axum::http::StatusCode::from_u16(s.load(std::sync::atomic::Ordering::SeqCst)).unwrap()
        })
        .with_state(status);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/events", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });
    url
}

#[tokio::test]
async fn failed_deliveries_can_be_retried_and_recovered() {
    use std::sync::atomic::{AtomicU16, Ordering};
    let server = TestServer::start().await;
    let status = Arc::new(AtomicU16::new(410));
    let url = switchable_receiver(status.clone()).await;
    server.set_event_url(&url).await;
    let token = server.token().await;
    let worker = worker(&server);
    let send = || server.http.post(server.url("/data/v1/webhooks/test")).bearer_auth(&token).send();
    let first: Value = send().await.unwrap().json().await.unwrap();
    send().await.unwrap();
    worker.drain().await.unwrap();
    let failed: Value = server
        .get_with_token("/data/v1/webhooks/deliveries?status=failed", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(failed["deliveries"].as_array().unwrap().len(), 2, "410 fails at once");

    status.store(200, Ordering::SeqCst);
    let id = first["deliveryId"].as_str().unwrap();
    let retry = |id: String| {
        server
            .http
            .post(server.url(&format!("/data/v1/webhooks/deliveries/{id}/retry")))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(retry(id.to_owned()).await.unwrap().status(), 202);
    assert_error(retry(id.to_owned()).await.unwrap(), 409).await;
    assert_error(retry(uuid::Uuid::new_v4().to_string()).await.unwrap(), 404).await;
    assert_error(retry("not-a-uuid".to_owned()).await.unwrap(), 404).await;
    worker.drain().await.unwrap();

    let since = "2000-01-01T00:00:00Z";
    let recovered: Value = server
        .http
        .post(server.url(&format!("/data/v1/webhooks/recover?since={since}")))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((recovered["requeued"].as_u64(), recovered["more"].as_bool()), (Some(1), Some(false)));
    worker.drain().await.unwrap();
    let delivered: Value = server
        .get_with_token("/data/v1/webhooks/deliveries?status=delivered", &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(delivered["deliveries"].as_array().unwrap().len(), 2);

    // Another app cannot replay these.
    let other = server.other_app(ponte_domain::Environment::Sandbox).await;
    let theirs = server.token_for(&other).await;
    let response = server
        .http
        .post(server.url(&format!("/data/v1/webhooks/deliveries/{id}/retry")))
        .bearer_auth(&theirs)
        .send()
        .await
        .unwrap();
    assert_error(response, 404).await;
    let bad = server
        .http
        .post(server.url("/data/v1/webhooks/recover?since=yesterday"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_error(bad, 400).await;
    server.stop().await;
}
