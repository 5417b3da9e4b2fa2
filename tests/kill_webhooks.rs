//! `kill -9` of a real `ponte` worker while 2,000 deliveries are pending: after a restart, every
//! delivery arrives at least once.

mod common;

use axum::Router;
use axum::http::HeaderMap;
use common::{Server, TempDir, ponte};
use ponte_server::bootstrap::{Migrations, default_sandbox_app, open_store};
use ponte_server::config::{Config, Overrides, Sources};
use ponte_store::deliveries::{DeliveryKind, NewDelivery};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const DELIVERIES: usize = 2000;

fn worker(dir: &TempDir) -> Server {
    let mut command = ponte(dir.path(), &["serve", "--role", "worker"]);
    command
        .env("PONTE_JOBS__LEASE_SECS", "2")
        .env("PONTE_JOBS__HEARTBEAT_SECS", "1")
        .env("PONTE_LOG_LEVEL", "warn");
    Server::start(command)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_delivery_arrives_after_kill_9() {
    let dir = TempDir::new("kill-webhooks");
    let config = Config::load(Sources {
        config_file: None,
        env: vec![],
        overrides: Overrides { data_dir: Some(dir.path().to_path_buf()), ..Default::default() },
    })
    .unwrap();
    let store = open_store(&config, Migrations::Apply).await.unwrap();
    let (app, _) = default_sandbox_app(&store).await.unwrap();

    let received: Arc<Mutex<HashSet<String>>> = Arc::default();
    let sink = received.clone();
    let router = Router::new().fallback(move |headers: HeaderMap| {
        let sink = sink.clone();
        async move {
            sink.lock().unwrap().insert(headers["webhook-id"].to_str().unwrap().to_owned());
            "ok"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hooks", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await });

    let mut tx = store.begin().await.unwrap();
    for n in 0..DELIVERIES {
        let delivery = NewDelivery {
            app_id: app.id,
            kind: DeliveryKind::Event,
            message_id: format!("evt_{n}"),
            name: "webhook_test".into(),
            url: Some(url.clone()),
            body: format!(r#"{{"eventId":"evt_{n}"}}"#).into_bytes(),
        };
        ponte_webhooks::deliver::enqueue(&mut tx, &delivery).await.unwrap();
    }
    tx.commit().await.unwrap();

    let mut first = worker(&dir);
    let deadline = Instant::now() + Duration::from_secs(60);
    while received.lock().unwrap().is_empty() {
        assert!(Instant::now() < deadline, "the first worker delivered nothing");
        store.wait_for_jobs(Duration::from_millis(5)).await;
    }
    first.kill_9();
    let before = received.lock().unwrap().len();
    eprintln!("killed after {before} of {DELIVERIES} deliveries");

    let mut second = worker(&dir);
    let deadline = Instant::now() + Duration::from_secs(120);
    while received.lock().unwrap().len() < DELIVERIES {
        assert!(
            Instant::now() < deadline,
            "deliveries were lost: {} arrived",
            received.lock().unwrap().len()
        );
        store.wait_for_jobs(Duration::from_millis(50)).await;
    }
    assert!(second.terminate().success());
    store.close().await;
}
