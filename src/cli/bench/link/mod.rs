//! `ponte bench link`: the Link journey end to end, on what `ponte serve` runs in the embedded mode.
//!
//! Starts in this process what `ponte serve` starts: a throwaway SQLite store, the five sandbox
//! banks (HTTPS on 127.0.0.1:0 with the configured fault profile: bank 999 injects nothing), then
//! the API with its job worker (role `all`, so the worker delivers the events), wired to the banks'
//! directory and simulated customer as `ponte serve` wires them. The sandbox app's event webhook URL
//! points at a receiver in this process (127.0.0.1:0) that notes when each consent's
//! `consent_authorised` event arrives. Then, one after the other:
//!
//! 1. baselines on the same server: `GET /healthz` over 1 connection, then over `--clients`;
//! 2. `--warmup` untimed journeys;
//! 3. `--journeys` journeys one at a time. A journey is `POST /data/v1/links`, then
//!    `POST /data/v1/sandbox/consents` (the institution, the persona, approve), then the wait for
//!    the consent's `consent_authorised` event; its latency runs from sending the link request to
//!    the receiver reading the event;
//! 4. `--concurrent-journeys` journeys with `--concurrency` of them in flight at once;
//! 5. `POST /data/v1/links` in a closed loop over `--clients` connections for `--seconds`, twice:
//!    with the app's event URL cleared (each `link_created` is stored, not sent: the endpoint
//!    alone), then with it set (the worker delivers each `link_created` meanwhile); after the
//!    second, the bench waits until the receiver has all of its events.
//!
//! Each client is one keep-alive HTTP/1.1 connection (hyper, no pooling). The access token is
//! taken once, before the clock starts.

use super::cpu::{CpuTicks, CpuUse};
use super::{Target, TempDir, connect, stats};
use crate::cli::{headless, sandbox};
use anyhow::{Context, bail, ensure};
use axum::Router;
use axum::http::HeaderMap;
use bytes::Bytes;
use clap::Args;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, StatusCode};
use ponte_link::journey::HeadlessCustomer;
use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, Role, SandboxOverrides, Sources};
use ponte_server::serve::{self, Links};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::oneshot;

pub(super) mod client;
pub(super) mod journeys;
mod receiver;
pub(super) mod report;

use client::*;
use journeys::*;
use receiver::*;
use report::*;

#[derive(Debug, Args)]
pub struct LinkArgs {
    /// Journeys timed one after the other: the latency figure.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u64).range(1..=100_000))]
    journeys: u64,
    /// Untimed journeys first (connections, caches, the banks' tokens and metadata).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=10_000))]
    warmup: u64,
    /// Journeys in flight at once in the concurrent phase.
    #[arg(long, default_value_t = 50, value_parser = clap::value_parser!(u64).range(1..=1000))]
    concurrency: u64,
    /// Journeys of the concurrent phase (0 skips it).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    concurrent_journeys: u64,
    /// Connections loading `POST /data/v1/links`, and the `GET /healthz` baseline.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u64).range(1..=4096))]
    clients: u64,
    /// Seconds of load for link creation and for each baseline (0 skips them).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(0..=600))]
    seconds: u64,
    /// The sandbox institution of the journeys.
    #[arg(long, default_value = "999")]
    institution: String,
    /// The persona (CPF) who logs in at the bank and approves.
    #[arg(long, default_value = "76109277673")]
    tax_id: String,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
}

/// A request taking longer than this counts as an error. A headless consent waits for the
/// bank's pages, so it gets more than the other benches' 10 s.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
/// How long after the consent's answer its `consent_authorised` event may take to arrive.
const EVENT_TIMEOUT: Duration = Duration::from_secs(60);
const EVENT: &str = "consent_authorised";

pub async fn run(database_url: Option<&str>, args: &LinkArgs) -> anyhow::Result<()> {
    if database_url.is_some() {
        bail!("bench link runs the embedded mode (a temporary SQLite store); drop --database-url");
    }
    let report = measure(args).await?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_report(&report);
    }
    Ok(())
}

async fn measure(args: &LinkArgs) -> anyhow::Result<Report> {
    let dir = TempDir::new()?;
    // An explicit, empty config file keeps a ./ponte.toml (and PONTE_* variables) out of it.
    let config_file = dir.path().join("bench.toml");
    std::fs::write(&config_file, "").with_context(|| format!("writing {}", config_file.display()))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .context("listening on 127.0.0.1 for the embedded server")?;
    let addr = listener.local_addr()?;
    let overrides = Overrides {
        data_dir: Some(dir.path().join("data")),
        bind: Some(addr.to_string()),
        role: Some(Role::All),
        sandbox: SandboxOverrides {
            enabled: Some(true),
            bind: Some("127.0.0.1:0".to_owned()),
            ..SandboxOverrides::default()
        },
        ..Overrides::default()
    };
    let config = Config::load(Sources { config_file: Some(&config_file), env: vec![], overrides })?;
    ensure!(config.is_embedded(), "bench link needs the embedded (SQLite) store");
    let _worker_lock = bootstrap::lock_sqlite_worker(&config)?;
    let store = bootstrap::open_store(&config, Migrations::Apply).await?;
    let (app, credentials) = bootstrap::default_sandbox_app(&store).await?;

    // The receiver first: events record their destination when they are created.
    let receiver = Arc::new(Receiver::default());
    let hooks = serve_receiver(receiver.clone()).await?;
    let mut settings = app.settings.clone();
    settings.event_webhook_url = Some(hooks.parse().context("the receiver's URL")?);
    store.update_app_settings(app.id, &settings).await?.context("the sandbox app vanished")?;

    // As `ponte serve` does: the banks first (the journey reads their directory at start-up).
    let config = Arc::new(config);
    let (sandbox_stop, sandbox_stopped) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let mut banks = {
        let mut stopped = sandbox_stopped.clone();
        sandbox::start(&config, store.clone(), async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        })
        .await
        .context("starting the sandbox banks")?
    };
    let sandbox_start_secs = started.elapsed().as_secs_f64();
    let links = Links {
        sandbox: Some(headless::connection(&banks)),
        headless: Some(Arc::new(headless::customer(&banks)?) as Arc<dyn HeadlessCustomer>),
    };
    let started = Instant::now();
    let running = match serve::start_with(config.clone(), store.clone(), Some(listener), links).await {
        Ok(running) => running,
        Err(error) => {
            let _ = sandbox_stop.send(true);
            store.close().await;
            return Err(error);
        }
    };
    let server_start_secs = started.elapsed().as_secs_f64();
    eprintln!("bench: server at http://{addr}, sandbox banks at {}, receiver at {hooks}", banks.base_url);

    let target = Arc::new(Target::parse(&format!("http://{addr}"))?);
    let bench = Bench { args, receiver: receiver.clone(), store: store.clone(), app_id: app.id, settings };
    let result = bench.phases(&target, &credentials).await;

    // Stop as `ponte serve` does: the server (HTTP and worker), then the banks, then the store.
    let stopped = running.shutdown().await.context("stopping the embedded server");
    let _ = sandbox_stop.send(true);
    let banks_stopped = sandbox::wait(&mut banks).await;
    drop(banks);
    store.close().await;
    let phases = result?;
    stopped?;
    banks_stopped?;
    let (events_received, duplicate_deliveries) = receiver.counts();
    Ok(Report {
        benchmark: "link",
        store: "sqlite (embedded, temporary directory)",
        institution: args.institution.clone(),
        tax_id: args.tax_id.clone(),
        setup: Setup {
            sandbox_start_secs: stats::round3(sandbox_start_secs),
            server_start_secs: stats::round3(server_start_secs),
        },
        phases,
        events_received,
        duplicate_deliveries,
    })
}

/// How long the receiver may take to get the `link_created` events of a phase.
const DRAIN_TIMEOUT: Duration = Duration::from_secs(300);

struct Bench<'a> {
    args: &'a LinkArgs,
    receiver: Arc<Receiver>,
    store: ponte_store::Store,
    app_id: uuid::Uuid,
    /// The app's settings, with the receiver as event URL.
    settings: ponte_domain::AppSettings,
}

impl Bench<'_> {
    async fn phases(
        &self,
        target: &Arc<Target>,
        credentials: &ponte_store::apps::AppCredentials,
    ) -> anyhow::Result<Phases> {
        let (args, receiver) = (self.args, &self.receiver);
        let token = access_token(target, credentials).await?;
        let calls = Arc::new(Calls::new(target, &token, args)?);
        let mut phases = Phases::default();

        // One journey that must succeed: fails fast on a misconfiguration, with the server's answer.
        let mut client = Client::new(calls.clone());
        journey(&mut client, receiver)
            .await
            .map_err(|f| anyhow::anyhow!("the first journey failed: {}", f.1))?;

        if args.seconds > 0 {
            for connections in [1, args.clients] {
                eprintln!("bench: GET /healthz for {} s over {connections} connections…", args.seconds);
                let label = format!("{} ({connections} conn.)", Endpoint::Healthz.name());
                phases
                    .baselines
                    .push(load(&calls, Endpoint::Healthz, &label, connections, args.seconds).await?);
            }
        }
        if args.warmup > 0 {
            eprintln!("bench: {} warm-up journeys…", args.warmup);
            let warm = journeys(&calls, receiver, args.warmup, 1).await?;
            if warm.errors > 0 {
                eprintln!(
                    "bench: {} of the warm-up journeys failed: {}",
                    warm.errors,
                    warm.first_error.as_deref().unwrap_or("?")
                );
            }
        }
        eprintln!("bench: {} journeys one at a time…", args.journeys);
        phases.sequential = Some(journeys(&calls, receiver, args.journeys, 1).await?);
        if args.concurrent_journeys > 0 {
            eprintln!("bench: {} journeys, {} at once…", args.concurrent_journeys, args.concurrency);
            phases.concurrent =
                Some(journeys(&calls, receiver, args.concurrent_journeys, args.concurrency).await?);
        }
        if args.seconds == 0 {
            return Ok(phases);
        }
        // Each phase starts once the previous one's events are in.
        self.drained(calls.links_created.load(Ordering::Relaxed)).await?;

        eprintln!(
            "bench: POST /data/v1/links for {} s over {} connections, no event URL…",
            args.seconds, args.clients
        );
        let mut quiet = self.settings.clone();
        quiet.event_webhook_url = None;
        self.store.update_app_settings(self.app_id, &quiet).await?.context("the sandbox app vanished")?;
        let before = calls.links_created.load(Ordering::Relaxed);
        let label = format!("{} (no event URL)", Endpoint::CreateLink.name());
        let alone = load(&calls, Endpoint::CreateLink, &label, args.clients, args.seconds).await;
        self.store
            .update_app_settings(self.app_id, &self.settings)
            .await?
            .context("the sandbox app vanished")?;
        phases.link_creation.push(alone?);
        // Those links' events are stored, never sent.
        let unsent = calls.links_created.load(Ordering::Relaxed) - before;

        eprintln!(
            "bench: POST /data/v1/links for {} s over {} connections, events delivered…",
            args.seconds, args.clients
        );
        let label = format!("{} (events delivered)", Endpoint::CreateLink.name());
        let delivered = load(&calls, Endpoint::CreateLink, &label, args.clients, args.seconds).await?;
        let load_end = Instant::now();
        let expected = calls.links_created.load(Ordering::Relaxed) - unsent;
        let drained = self.drained(expected).await?;
        let drain = drained.saturating_duration_since(load_end);
        phases.link_events_drained_secs = Some(stats::round3(drain.as_secs_f64()));
        let total = Duration::from_secs_f64(delivered.elapsed_secs) + drain;
        phases.links_delivered_per_sec = Some(stats::per_sec(delivered.ok, total));
        phases.link_creation.push(delivered);
        Ok(phases)
    }

    /// Waits until the receiver has `expected` `link_created` events; returns when the last came.
    async fn drained(&self, expected: u64) -> anyhow::Result<Instant> {
        let deadline = Instant::now() + DRAIN_TIMEOUT;
        loop {
            let (count, last) = self.receiver.link_events();
            if count >= expected {
                return Ok(last.unwrap_or_else(Instant::now));
            }
            ensure!(
                Instant::now() < deadline,
                "only {count} of {expected} link_created events arrived within {} s",
                DRAIN_TIMEOUT.as_secs()
            );
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

// The partner's event receiver.
