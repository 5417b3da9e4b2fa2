//! `ponte bench webhooks`: deliveries end to end — outbox commit, delivery job, signed POST over
//! loopback, receiver — in one process. Without `--rate` it measures sustained throughput (all
//! deliveries committed at once, timed until the receiver has every one); with `--rate N` it
//! commits N deliveries per second and reports commit → received latency percentiles.

use super::queue::in_scratch;
use super::stats;
use anyhow::Context;
use axum::Router;
use axum::http::HeaderMap;
use clap::Args;
use ponte_store::Store;
use ponte_store::apps::NewApp;
use ponte_store::deliveries::{DeliveryKind, NewDelivery};
use ponte_store::worker::{Worker, WorkerConfig};
use ponte_webhooks::client::Sender;
use ponte_webhooks::deliver::{self, DeliverWebhook, DeliverWebhookHandler};
use ponte_webhooks::ssrf::AllowList;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct WebhooksArgs {
    /// Deliveries to send.
    #[arg(long, default_value_t = 5000, value_parser = clap::value_parser!(u64).range(1..))]
    deliveries: u64,
    /// Commit this many deliveries per second and report latency (open loop); without it,
    /// commit them all at once and report throughput.
    #[arg(long)]
    rate: Option<u64>,
    /// Deliveries in flight at once in the worker.
    #[arg(long, default_value_t = 64)]
    concurrency: usize,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

type Arrivals = Arc<Mutex<HashMap<String, Instant>>>;

pub async fn run(database_url: Option<&str>, args: &WebhooksArgs) -> anyhow::Result<()> {
    let backend = if database_url.is_some() { "postgres" } else { "sqlite" };
    in_scratch(database_url, 16, async |store| measure(store, args, backend).await).await
}

async fn measure(store: Store, args: &WebhooksArgs, backend: &str) -> anyhow::Result<()> {
    let new = NewApp {
        name: "bench".into(),
        partner_name: "bench".into(),
        environment: ponte_domain::Environment::Sandbox,
        settings: Default::default(),
    };
    let (app, _) = store.create_app(&new).await?;
    let arrivals: Arrivals = Arc::default();
    let url = receiver(arrivals.clone()).await?;

    let sender = Sender::new(AllowList::loopback(), Duration::from_secs(10), args.concurrency)?;
    let mut worker = Worker::new(
        store.clone(),
        WorkerConfig {
            concurrency: args.concurrency,
            batch: u32::try_from(args.concurrency).unwrap_or(64),
            poll_interval: Duration::from_millis(100),
            ..WorkerConfig::default()
        },
    );
    worker.register::<DeliverWebhook, _>(DeliverWebhookHandler::new(store.clone(), sender));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut committed: HashMap<String, Instant> = HashMap::new();
    let delivery = |n: u64| NewDelivery {
        app_id: app.id,
        kind: DeliveryKind::Event,
        message_id: format!("evt_bench_{n}"),
        name: "bench".into(),
        url: Some(url.clone()),
        body: format!(r#"{{"eventName":"bench","eventId":"evt_bench_{n}","payload":{{"n":{n}}}}}"#)
            .into_bytes(),
    };
    let (started, running) = match args.rate {
        // Throughput: the outbox is filled first (100 per transaction), then the worker starts
        // and the clock runs until the receiver has every delivery.
        None => {
            for chunk in (0..args.deliveries).collect::<Vec<_>>().chunks(100) {
                let mut tx = store.begin().await?;
                for n in chunk {
                    deliver::enqueue(&mut tx, &delivery(*n)).await?;
                }
                tx.commit().await?;
            }
            let started = Instant::now();
            (started, tokio::spawn(worker.run(stopped)))
        }
        // Latency: the worker runs while deliveries are committed one by one at the rate.
        Some(rate) => {
            let running = tokio::spawn(worker.run(stopped));
            let started = Instant::now();
            let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / rate.max(1) as f64));
            for n in 0..args.deliveries {
                ticker.tick().await;
                let new = delivery(n);
                let mut tx = store.begin().await?;
                deliver::enqueue(&mut tx, &new).await?;
                tx.commit().await?;
                committed.insert(new.message_id, Instant::now());
            }
            (started, running)
        }
    };
    let deadline = Instant::now() + Duration::from_secs(600);
    while arrivals.lock().map(|a| a.len() as u64).unwrap_or(0) < args.deliveries {
        anyhow::ensure!(Instant::now() < deadline, "not every delivery arrived within 10 minutes");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    let elapsed = started.elapsed();
    let _ = stop.send(true);
    running.await.context("the worker panicked")??;

    let arrivals = arrivals.lock().map(|a| a.clone()).unwrap_or_default();
    let mut latency = stats::histogram();
    for (id, at) in &committed {
        if let Some(arrived) = arrivals.get(id) {
            stats::record(&mut latency, arrived.saturating_duration_since(*at));
        }
    }
    let summary = stats::Latency::of(&latency);
    let p95 = latency.value_at_quantile(0.95) as f64 / 1000.0;
    let throughput = stats::per_sec(args.deliveries, elapsed);
    if args.json {
        let value = serde_json::json!({
            "benchmark": "webhooks", "backend": backend, "deliveries": args.deliveries, "rate": args.rate,
            "concurrency": args.concurrency, "deliveriesPerSec": throughput, "seconds": elapsed.as_secs_f64(),
            "commitToReceivedMs": summary, "p95Ms": p95,
        });
        println!("{value}");
    } else {
        let mode = match args.rate {
            Some(rate) => format!("committed one by one at {rate}/s while delivering"),
            None => "all in the outbox before the worker starts".to_owned(),
        };
        println!(
            "ponte bench webhooks: {} deliveries on {backend}, {mode}, {} in flight",
            args.deliveries, args.concurrency
        );
        println!("  throughput  {throughput:.1} deliveries/s over {:.3} s", elapsed.as_secs_f64());
        if args.rate.is_some() {
            println!(
                "  commit → received  p50 {:.3} ms  p95 {p95:.3} ms  p99 {:.3} ms  max {:.3} ms",
                summary.p50_ms, summary.p99_ms, summary.max_ms
            );
        }
    }
    Ok(())
}

/// A receiver on 127.0.0.1 that records when each `webhook-id` first arrived.
async fn receiver(arrivals: Arrivals) -> anyhow::Result<String> {
    let router = Router::new().fallback(move |headers: HeaderMap| {
        let arrivals = arrivals.clone();
        async move {
            let now = Instant::now();
            if let Some(id) = headers.get("webhook-id").and_then(|v| v.to_str().ok())
                && let Ok(mut arrivals) = arrivals.lock()
            {
                arrivals.entry(id.to_owned()).or_insert(now);
            }
            "ok"
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let url = format!("http://{}/hooks", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(url)
}
