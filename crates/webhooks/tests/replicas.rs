//! Two worker replicas on one PostgreSQL database never send the same delivery.

use axum::Router;
use axum::http::HeaderMap;
use ponte_store::apps::NewApp;
use ponte_store::deliveries::{DeliveryKind, NewDelivery};
use ponte_store::scratch::ScratchDatabase;
use ponte_store::worker::{Worker, WorkerConfig};
use ponte_store::{Keyring, MasterKey, PoolSettings, Store, SystemClock};
use ponte_webhooks::client::Sender;
use ponte_webhooks::deliver::{self, DeliverWebhook, DeliverWebhookHandler};
use ponte_webhooks::ssrf::AllowList;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DELIVERIES: usize = 300;

fn replica(store: &Store) -> Worker {
    let mut worker = Worker::new(store.clone(), WorkerConfig { concurrency: 16, ..WorkerConfig::default() });
    let sender = Sender::new(AllowList::loopback(), Duration::from_secs(10), 16).unwrap();
    worker.register::<DeliverWebhook, _>(DeliverWebhookHandler::new(store.clone(), sender));
    worker
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_never_send_the_same_delivery() {
    let Ok(admin) = std::env::var("PONTE_TEST_DATABASE_URL") else {
        assert!(
            std::env::var("PONTE_REQUIRE_ALL_TESTS").as_deref() != Ok("1"),
            "PONTE_REQUIRE_ALL_TESTS=1 but PONTE_TEST_DATABASE_URL is not set"
        );
        eprintln!("skipped: set PONTE_TEST_DATABASE_URL to run the PostgreSQL replica test");
        return;
    };
    let database = ScratchDatabase::create(&admin, "ponte_wh").await.unwrap();
    let keyring = || Keyring::new(MasterKey::from_bytes(&[5; 32]).unwrap(), vec![]);
    let settings = PoolSettings::default();
    let connect = || Store::connect(database.url(), &settings, keyring(), Arc::new(SystemClock));
    let (a, b) = (connect().await.unwrap(), connect().await.unwrap());
    a.migrate().await.unwrap();
    let new = NewApp {
        name: "A".into(),
        partner_name: "A".into(),
        environment: ponte_domain::Environment::Sandbox,
        settings: Default::default(),
    };
    let (app, _) = a.create_app(&new).await.unwrap();

    let counts: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
    let sink = counts.clone();
    let router = Router::new().fallback(move |headers: HeaderMap| {
        let sink = sink.clone();
        async move {
            *sink.lock().unwrap().entry(headers["webhook-id"].to_str().unwrap().to_owned()).or_default() += 1;
            "ok"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let mut tx = a.begin().await.unwrap();
    for n in 0..DELIVERIES {
        let delivery = NewDelivery {
            app_id: app.id,
            kind: DeliveryKind::Event,
            message_id: format!("evt_{n}"),
            name: "webhook_test".into(),
            url: Some(url.clone()),
            body: b"{}".to_vec(),
        };
        deliver::enqueue(&mut tx, &delivery).await.unwrap();
    }
    tx.commit().await.unwrap();

    let (stop, stopped) = tokio::sync::watch::channel(false);
    let runs = [tokio::spawn(replica(&a).run(stopped.clone())), tokio::spawn(replica(&b).run(stopped))];
    let deadline = Instant::now() + Duration::from_secs(60);
    while counts.lock().unwrap().len() < DELIVERIES {
        assert!(Instant::now() < deadline, "not every delivery arrived");
        a.wait_for_jobs(Duration::from_millis(20)).await;
    }
    stop.send(true).unwrap();
    for run in runs {
        run.await.unwrap().unwrap();
    }
    let twice: Vec<_> =
        counts.lock().unwrap().iter().filter(|(_, n)| **n > 1).map(|(id, _)| id.clone()).collect();
    assert!(twice.is_empty(), "sent by both replicas: {twice:?}");
    a.close().await;
    b.close().await;
    database.remove().await.unwrap();
}
