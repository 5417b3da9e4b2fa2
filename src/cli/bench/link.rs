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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    benchmark: &'static str,
    store: &'static str,
    institution: String,
    tax_id: String,
    setup: Setup,
    #[serde(flatten)]
    phases: Phases,
    /// Every event the receiver read during the whole run, by name (duplicates not counted).
    events_received: BTreeMap<String, u64>,
    /// Deliveries of an event already received (at-least-once delivery).
    duplicate_deliveries: u64,
}

#[derive(Default, Serialize)]
#[serde(rename_all = "camelCase")]
struct Phases {
    /// `GET /healthz` over 1 connection, then over `--clients`.
    baselines: Vec<LoadResult>,
    sequential: Option<JourneysResult>,
    concurrent: Option<JourneysResult>,
    /// `POST /data/v1/links` with the app's event URL cleared (each `link_created` is stored,
    /// not sent), then with it set (the worker delivers each one meanwhile).
    link_creation: Vec<LoadResult>,
    /// With the event URL set: from the end of the load until the receiver had every
    /// `link_created` of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    link_events_drained_secs: Option<f64>,
    /// With the event URL set: links created per second counting until their events were all
    /// delivered (what the deployment sustains, deliveries included).
    #[serde(skip_serializing_if = "Option::is_none")]
    links_delivered_per_sec: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Setup {
    sandbox_start_secs: f64,
    server_start_secs: f64,
}

/// Latency percentiles in milliseconds (with the p95 the issue asks for).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Percentiles {
    count: u64,
    mean_ms: f64,
    p50_ms: f64,
    p90_ms: f64,
    p95_ms: f64,
    p99_ms: f64,
    max_ms: f64,
}

impl Percentiles {
    fn of(h: &Histogram<u64>) -> Self {
        let l = stats::Latency::of(h);
        let p95 = if h.is_empty() { 0.0 } else { stats::round3(h.value_at_quantile(0.95) as f64 / 1000.0) };
        Self {
            count: l.count,
            mean_ms: l.mean_ms,
            p50_ms: l.p50_ms,
            p90_ms: l.p90_ms,
            p95_ms: p95,
            p99_ms: l.p99_ms,
            max_ms: l.max_ms,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JourneysResult {
    journeys: u64,
    concurrency: u64,
    ok: u64,
    errors: u64,
    /// Failures by kind (status of the failing call, consent outcome, missing event…).
    errors_by_kind: BTreeMap<String, u64>,
    elapsed_secs: f64,
    journeys_per_sec: f64,
    /// Create link → `consent_authorised` read by the receiver: the figure.
    journey: Percentiles,
    /// `POST /data/v1/links`, send to last byte.
    create_link: Percentiles,
    /// `POST /data/v1/sandbox/consents`, send to last byte (the whole bank side of the journey).
    complete_consent: Percentiles,
    /// The consent's answer → its event read, for events that arrived after the answer.
    event_after_answer: Percentiles,
    /// Events read before the consent's answer had arrived (they count 0 above).
    events_before_answer: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<CpuUse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_error: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoadResult {
    endpoint: String,
    connections: u64,
    ok: u64,
    errors: u64,
    elapsed_secs: f64,
    throughput_rps: f64,
    latency: Percentiles,
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<CpuUse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_error: Option<String>,
}

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

/// What the receiver knows about one consent's event.
enum Slot {
    Arrived(Instant),
    Waiting(oneshot::Sender<Instant>),
}

#[derive(Default)]
struct Receiver {
    state: Mutex<ReceiverState>,
}

#[derive(Default)]
struct ReceiverState {
    /// `consent_authorised` events by consentId, until a journey takes them.
    slots: HashMap<String, Slot>,
    seen: HashSet<String>,
    counts: BTreeMap<String, u64>,
    last_link_created: Option<Instant>,
    duplicates: u64,
}

impl Receiver {
    fn lock(&self) -> std::sync::MutexGuard<'_, ReceiverState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn arrived(&self, webhook_id: Option<&str>, body: &[u8], at: Instant) {
        let event: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let name = event["eventName"].as_str().unwrap_or("(not an event)").to_owned();
        let mut state = self.lock();
        if let Some(id) = webhook_id
            && !state.seen.insert(id.to_owned())
        {
            state.duplicates += 1;
            return;
        }
        *state.counts.entry(name.clone()).or_insert(0) += 1;
        if name == "link_created" {
            state.last_link_created = Some(at);
        }
        if name != EVENT {
            return;
        }
        let Some(consent) = event["payload"]["consents"]["consentId"].as_str() else { return };
        match state.slots.remove(consent) {
            Some(Slot::Waiting(waiter)) => {
                let _ = waiter.send(at);
            }
            Some(arrived @ Slot::Arrived(_)) => {
                state.slots.insert(consent.to_owned(), arrived);
            }
            None => {
                state.slots.insert(consent.to_owned(), Slot::Arrived(at));
            }
        }
    }

    /// When the consent's event arrived (perhaps before this call).
    async fn wait(&self, consent: &str) -> Option<Instant> {
        let waiting = {
            let mut state = self.lock();
            match state.slots.remove(consent) {
                Some(Slot::Arrived(at)) => return Some(at),
                _ => {
                    let (tx, rx) = oneshot::channel();
                    state.slots.insert(consent.to_owned(), Slot::Waiting(tx));
                    rx
                }
            }
        };
        let arrived = tokio::time::timeout(EVENT_TIMEOUT, waiting).await.ok().and_then(Result::ok);
        if arrived.is_none() {
            self.lock().slots.remove(consent);
        }
        arrived
    }

    /// `link_created` events read so far, and when the last one came.
    fn link_events(&self) -> (u64, Option<Instant>) {
        let state = self.lock();
        (state.counts.get("link_created").copied().unwrap_or(0), state.last_link_created)
    }

    fn counts(&self) -> (BTreeMap<String, u64>, u64) {
        let state = self.lock();
        (state.counts.clone(), state.duplicates)
    }
}

/// Serves the receiver on 127.0.0.1:0 for the rest of the process; returns its URL.
async fn serve_receiver(receiver: Arc<Receiver>) -> anyhow::Result<String> {
    let router = Router::new().fallback(move |headers: HeaderMap, body: Bytes| {
        let receiver = receiver.clone();
        async move {
            let at = Instant::now();
            let id = headers.get("webhook-id").and_then(|v| v.to_str().ok());
            receiver.arrived(id, &body, at);
            "ok"
        }
    });
    let listener =
        tokio::net::TcpListener::bind("127.0.0.1:0").await.context("listening for the event receiver")?;
    let url = format!("http://{}/events", listener.local_addr()?);
    tokio::spawn(async move { axum::serve(listener, router).await });
    Ok(url)
}

// The partner's backend: one keep-alive connection per client.

#[derive(Clone, Copy)]
enum Endpoint {
    Healthz,
    CreateLink,
    CompleteConsent,
}

impl Endpoint {
    fn name(self) -> &'static str {
        match self {
            Endpoint::Healthz => "GET /healthz",
            Endpoint::CreateLink => "POST /data/v1/links",
            Endpoint::CompleteConsent => "POST /data/v1/sandbox/consents",
        }
    }
}

/// What every request needs, prepared once.
struct Calls {
    target: Arc<Target>,
    /// Links created (200) so far, by every phase.
    links_created: AtomicU64,
    bearer: HeaderValue,
    link_body: Bytes,
    institution: String,
    tax_id: String,
}

impl Calls {
    fn new(target: &Arc<Target>, token: &str, args: &LinkArgs) -> anyhow::Result<Self> {
        let link_body = json!({
            "personalTaxId": args.tax_id,
            "externalInfo": { "customerId": "ponte-bench" },
        });
        Ok(Self {
            target: target.clone(),
            links_created: AtomicU64::new(0),
            bearer: HeaderValue::from_str(&format!("Bearer {token}")).context("the access token")?,
            link_body: Bytes::from(link_body.to_string()),
            institution: args.institution.clone(),
            tax_id: args.tax_id.clone(),
        })
    }

    fn request(&self, endpoint: Endpoint, body: Option<Bytes>) -> anyhow::Result<Request<Full<Bytes>>> {
        let (method, path) = match endpoint {
            Endpoint::Healthz => (Method::GET, "/healthz"),
            Endpoint::CreateLink => (Method::POST, "/data/v1/links"),
            Endpoint::CompleteConsent => (Method::POST, "/data/v1/sandbox/consents"),
        };
        let mut builder = Request::builder().method(method).uri(path).header(HOST, &self.target.host);
        if !matches!(endpoint, Endpoint::Healthz) {
            builder = builder.header(AUTHORIZATION, &self.bearer).header(CONTENT_TYPE, "application/json");
        }
        Ok(builder.body(Full::new(body.unwrap_or_default()))?)
    }
}

struct Client {
    calls: Arc<Calls>,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Client {
    fn new(calls: Arc<Calls>) -> Self {
        Self { calls, sender: None }
    }

    /// Sends one request and reads the whole answer; reconnects after a transport error.
    async fn send(&mut self, endpoint: Endpoint, body: Option<Bytes>) -> anyhow::Result<(StatusCode, Bytes)> {
        let mut sender = match self.sender.take().filter(|s| !s.is_closed()) {
            Some(sender) => sender,
            None => match connect(&self.calls.target).await {
                Ok(sender) => sender,
                Err(error) => {
                    tokio::time::sleep(Duration::from_millis(10)).await; // don't spin on a dead server
                    return Err(error);
                }
            },
        };
        let request = self.calls.request(endpoint, body)?;
        let exchange = async {
            sender.ready().await.context("connection closed")?;
            let response = sender.send_request(request).await.context("sending the request")?;
            let status = response.status();
            let body = response.into_body().collect().await.context("reading the answer")?.to_bytes();
            anyhow::Ok((status, body))
        };
        let answer = tokio::time::timeout(REQUEST_TIMEOUT, exchange)
            .await
            .with_context(|| format!("{} timed out", endpoint.name()))??;
        self.sender = Some(sender);
        if matches!(endpoint, Endpoint::CreateLink) && answer.0 == StatusCode::OK {
            self.calls.links_created.fetch_add(1, Ordering::Relaxed);
        }
        Ok(answer)
    }
}

async fn access_token(
    target: &Arc<Target>,
    credentials: &ponte_store::apps::AppCredentials,
) -> anyhow::Result<String> {
    let mut sender = connect(target).await?;
    let body = json!({ "accessKey": credentials.access_key, "secretKey": credentials.secret_key.expose() });
    let request = Request::builder()
        .method(Method::POST)
        .uri("/data/v1/auth")
        .header(HOST, &target.host)
        .header(CONTENT_TYPE, "application/json")
        .body(Full::new(Bytes::from(body.to_string())))?;
    sender.ready().await.context("connection closed")?;
    let response = sender.send_request(request).await.context("POST /data/v1/auth")?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    ensure!(status.is_success(), "POST /data/v1/auth answered {status}: {}", String::from_utf8_lossy(&body));
    let answer: Value = serde_json::from_slice(&body).context("the auth answer is not JSON")?;
    Ok(answer["accessToken"].as_str().context("the auth answer has no accessToken")?.to_owned())
}

// Journeys.

struct Timing {
    journey: Duration,
    create_link: Duration,
    complete_consent: Duration,
    /// None when the event was read before the consent's answer arrived.
    event_after_answer: Option<Duration>,
}

/// A failed journey: its kind (for counting) and what happened.
struct Failure(String, String);

fn failed(endpoint: Endpoint, status: StatusCode, body: &[u8]) -> Failure {
    let text: String = String::from_utf8_lossy(body).chars().take(300).collect();
    Failure(
        format!("{} {}", endpoint.name(), status.as_u16()),
        format!("{} answered {status}: {text}", endpoint.name()),
    )
}

fn transport(endpoint: Endpoint, error: &anyhow::Error) -> Failure {
    Failure(format!("{} transport", endpoint.name()), format!("{}: {error:#}", endpoint.name()))
}

async fn journey(client: &mut Client, receiver: &Receiver) -> Result<Timing, Failure> {
    let start = Instant::now();
    let body = client.calls.link_body.clone();
    let (status, answer) = client
        .send(Endpoint::CreateLink, Some(body))
        .await
        .map_err(|e| transport(Endpoint::CreateLink, &e))?;
    if status != StatusCode::OK {
        return Err(failed(Endpoint::CreateLink, status, &answer));
    }
    let link: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    let link_id = link["linkId"].as_str().ok_or_else(|| failed(Endpoint::CreateLink, status, &answer))?;
    let linked = Instant::now();
    let body = json!({
        "linkId": link_id,
        "institutionCode": client.calls.institution,
        "taxId": client.calls.tax_id,
    });
    let (status, answer) = client
        .send(Endpoint::CompleteConsent, Some(Bytes::from(body.to_string())))
        .await
        .map_err(|e| transport(Endpoint::CompleteConsent, &e))?;
    if status != StatusCode::OK {
        return Err(failed(Endpoint::CompleteConsent, status, &answer));
    }
    let answered = Instant::now();
    let consent: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    let consent_id =
        consent["consentId"].as_str().ok_or_else(|| failed(Endpoint::CompleteConsent, status, &answer))?;
    let outcome = consent["status"].as_str().unwrap_or("?");
    if outcome != "AUTHORISED" {
        let reason = consent["statusReason"].as_str().unwrap_or("-");
        return Err(Failure(
            format!("consent {outcome}"),
            format!("consent {consent_id} ended {outcome} ({reason})"),
        ));
    }
    let Some(event) = receiver.wait(consent_id).await else {
        return Err(Failure(
            format!("no {EVENT} event"),
            format!("no {EVENT} event for consent {consent_id} within {} s", EVENT_TIMEOUT.as_secs()),
        ));
    };
    Ok(Timing {
        journey: event.saturating_duration_since(start),
        create_link: linked - start,
        complete_consent: answered - linked,
        event_after_answer: event.checked_duration_since(answered),
    })
}

/// What one client's journeys did.
struct JourneyTally {
    journey: Histogram<u64>,
    create_link: Histogram<u64>,
    complete_consent: Histogram<u64>,
    event_after_answer: Histogram<u64>,
    events_before_answer: u64,
    ok: u64,
    errors: BTreeMap<String, u64>,
    first_error: Option<String>,
    last_done: Instant,
}

/// Runs `total` journeys, `concurrency` at a time (each client one connection).
async fn journeys(
    calls: &Arc<Calls>,
    receiver: &Arc<Receiver>,
    total: u64,
    concurrency: u64,
) -> anyhow::Result<JourneysResult> {
    let next = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let before = CpuTicks::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..concurrency.min(total) {
        let (calls, receiver, next) = (calls.clone(), receiver.clone(), next.clone());
        tasks.spawn(async move {
            let mut client = Client::new(calls);
            let mut tally = JourneyTally {
                journey: stats::histogram(),
                create_link: stats::histogram(),
                complete_consent: stats::histogram(),
                event_after_answer: stats::histogram(),
                events_before_answer: 0,
                ok: 0,
                errors: BTreeMap::new(),
                first_error: None,
                last_done: start,
            };
            while next.fetch_add(1, Ordering::Relaxed) < total {
                match journey(&mut client, &receiver).await {
                    Ok(timing) => {
                        tally.ok += 1;
                        stats::record(&mut tally.journey, timing.journey);
                        stats::record(&mut tally.create_link, timing.create_link);
                        stats::record(&mut tally.complete_consent, timing.complete_consent);
                        match timing.event_after_answer {
                            Some(after) => stats::record(&mut tally.event_after_answer, after),
                            None => tally.events_before_answer += 1,
                        }
                    }
                    Err(Failure(kind, message)) => {
                        *tally.errors.entry(kind).or_insert(0) += 1;
                        tally.first_error.get_or_insert(message);
                    }
                }
                tally.last_done = Instant::now();
            }
            tally
        });
    }
    let mut finished = Vec::new();
    while let Some(done) = tasks.join_next().await {
        finished.push(done.context("a journey task panicked")?);
    }
    let after = CpuTicks::now();
    let ok: u64 = finished.iter().map(|t| t.ok).sum();
    let end = finished.iter().map(|t| t.last_done).max().unwrap_or(start).max(start);
    let mut errors_by_kind = BTreeMap::new();
    for tally in &finished {
        for (kind, count) in &tally.errors {
            *errors_by_kind.entry(kind.clone()).or_insert(0) += count;
        }
    }
    let first_error = finished.iter().find_map(|t| t.first_error.clone());
    let events_before_answer = finished.iter().map(|t| t.events_before_answer).sum();
    let merge = |pick: fn(&JourneyTally) -> &Histogram<u64>| {
        Percentiles::of(&stats::merge(finished.iter().map(|t| pick(t).clone())))
    };
    Ok(JourneysResult {
        journeys: total,
        concurrency,
        ok,
        errors: errors_by_kind.values().sum(),
        errors_by_kind,
        elapsed_secs: stats::round3((end - start).as_secs_f64()),
        journeys_per_sec: stats::per_sec(ok, end - start),
        journey: merge(|t| &t.journey),
        create_link: merge(|t| &t.create_link),
        complete_consent: merge(|t| &t.complete_consent),
        event_after_answer: merge(|t| &t.event_after_answer),
        events_before_answer,
        cpu: before.zip(after).map(|(before, after)| after.since(before, end - start, ok)),
        first_error,
    })
}

/// A closed loop on one endpoint: `connections` clients send back-to-back for `seconds`.
async fn load(
    calls: &Arc<Calls>,
    endpoint: Endpoint,
    label: &str,
    connections: u64,
    seconds: u64,
) -> anyhow::Result<LoadResult> {
    let mut clients = Vec::new();
    for _ in 0..connections {
        let mut client = Client::new(calls.clone());
        client.sender = Some(connect(&calls.target).await?);
        clients.push(client);
    }
    let body = matches!(endpoint, Endpoint::CreateLink).then(|| calls.link_body.clone());
    let start = Instant::now() + Duration::from_millis(20);
    let end = start + Duration::from_secs(seconds);
    let mut tasks = tokio::task::JoinSet::new();
    for mut client in clients {
        let body = body.clone();
        tasks.spawn(async move {
            tokio::time::sleep_until(start.into()).await;
            let mut tally = stats::Tally::new(start);
            while Instant::now() < end {
                let sent = Instant::now();
                let outcome = match client.send(endpoint, body.clone()).await {
                    Ok((status, _)) if status.is_success() => Ok(()),
                    Ok((status, answer)) => Err(anyhow::anyhow!(
                        "{} answered {status}: {}",
                        endpoint.name(),
                        String::from_utf8_lossy(&answer)
                    )),
                    Err(error) => Err(error),
                };
                tally.add(outcome, sent);
            }
            tally
        });
    }
    tokio::time::sleep_until(start.into()).await;
    let before = CpuTicks::now();
    let mut finished = Vec::new();
    while let Some(done) = tasks.join_next().await {
        finished.push(done.context("a load task panicked")?);
    }
    let after = CpuTicks::now();
    let (ok, errors) = finished.iter().fold((0, 0), |(o, e), t| (o + t.ok, e + t.errors));
    let last = finished.iter().map(|t| t.last_done).max().unwrap_or(start).max(start);
    let first_error = finished.iter().find_map(|t| t.first_error.clone());
    let histogram = stats::merge(finished.into_iter().map(|t| t.histogram));
    Ok(LoadResult {
        endpoint: label.to_owned(),
        connections,
        ok,
        errors,
        elapsed_secs: stats::round3((last - start).as_secs_f64()),
        throughput_rps: stats::per_sec(ok, last - start),
        latency: Percentiles::of(&histogram),
        cpu: before.zip(after).map(|(before, after)| after.since(before, last - start, ok)),
        first_error,
    })
}

// The report.

fn cpu_cells(cpu: Option<&CpuUse>) -> Vec<String> {
    match cpu {
        Some(c) => vec![
            format!("{:.3}", c.ms_per_request),
            format!("{:.2}", c.process_cores),
            format!("{:.2}", c.other_cores),
            format!("{:.1}", c.steal_pct),
        ],
        None => vec!["-".into(); 4],
    }
}

fn print_report(report: &Report) {
    println!(
        "ponte bench link: institution {}, persona {}, {} store, server + banks + worker + receiver + load \
         generator in one process",
        report.institution, report.tax_id, report.store
    );
    println!(
        "  setup: sandbox banks start {:.3} s, server start {:.3} s",
        report.setup.sandbox_start_secs, report.setup.server_start_secs
    );
    let headers =
        ["phase", "conns", "ok", "errors", "per s", "p50 ms", "p90 ms", "p95 ms", "p99 ms", "max ms"];
    let cpu_headers = ["CPU ms/op", "cores", "others", "steal %"];
    let all: Vec<&str> = headers.iter().chain(cpu_headers.iter()).copied().collect();

    println!("\n  Journeys: create link → {EVENT} read by the receiver\n");
    let mut table = stats::Table::new(&all);
    for (name, run) in
        [("one at a time", &report.phases.sequential), ("concurrent", &report.phases.concurrent)]
    {
        if let Some(run) = run {
            let l = &run.journey;
            let mut row = vec![
                name.to_owned(),
                run.concurrency.to_string(),
                run.ok.to_string(),
                run.errors.to_string(),
                stats::rate(run.journeys_per_sec),
                stats::ms(l.p50_ms),
                stats::ms(l.p90_ms),
                stats::ms(l.p95_ms),
                stats::ms(l.p99_ms),
                stats::ms(l.max_ms),
            ];
            row.extend(cpu_cells(run.cpu.as_ref()));
            table.row(row);
        }
    }
    println!("{}", table.render());

    println!("\n  Journey steps (ms: p50 / p95 / p99)\n");
    let mut steps =
        stats::Table::new(&["phase", "create link", "complete consent", "answer → event", "event first"]);
    for (name, run) in
        [("one at a time", &report.phases.sequential), ("concurrent", &report.phases.concurrent)]
    {
        if let Some(run) = run {
            let cell = |p: &Percentiles| format!("{:.2} / {:.2} / {:.2}", p.p50_ms, p.p95_ms, p.p99_ms);
            steps.row(vec![
                name.to_owned(),
                cell(&run.create_link),
                cell(&run.complete_consent),
                cell(&run.event_after_answer),
                run.events_before_answer.to_string(),
            ]);
        }
    }
    println!("{}", steps.render());

    println!("\n  Request loads (closed loop)\n");
    let mut table = stats::Table::new(&all);
    for run in report.phases.baselines.iter().chain(&report.phases.link_creation) {
        let l = &run.latency;
        let mut row = vec![
            run.endpoint.clone(),
            run.connections.to_string(),
            run.ok.to_string(),
            run.errors.to_string(),
            stats::rate(run.throughput_rps),
            stats::ms(l.p50_ms),
            stats::ms(l.p90_ms),
            stats::ms(l.p95_ms),
            stats::ms(l.p99_ms),
            stats::ms(l.max_ms),
        ];
        row.extend(cpu_cells(run.cpu.as_ref()));
        table.row(row);
    }
    println!("{}", table.render());
    if let (Some(drain), Some(rate)) =
        (report.phases.link_events_drained_secs, report.phases.links_delivered_per_sec)
    {
        println!(
            "\n  events delivered: the last link_created of the load arrived {drain:.3} s after it ended: \
             {rate:.1} links/s with their events delivered"
        );
    }
    println!(
        "\n  CPU ms/op: this process's CPU time per journey or request; cores: its average use; others: \
         cores other processes used; steal: CPU the hypervisor took"
    );
    let events: Vec<String> = report.events_received.iter().map(|(name, n)| format!("{name} {n}")).collect();
    println!(
        "  events received: {} ({} duplicate deliveries)",
        if events.is_empty() { "none".to_owned() } else { events.join(", ") },
        report.duplicate_deliveries
    );
    for (name, run) in
        [("one at a time", &report.phases.sequential), ("concurrent", &report.phases.concurrent)]
    {
        if let Some(run) = run
            && run.errors > 0
        {
            println!("\n  journeys {name}: errors by kind {:?}", run.errors_by_kind);
            if let Some(error) = &run.first_error {
                println!("  journeys {name}: first error: {error}");
            }
        }
    }
    for run in report.phases.baselines.iter().chain(&report.phases.link_creation) {
        if let Some(error) = &run.first_error {
            println!("\n  {} ({} connections): first error: {error}", run.endpoint, run.connections);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(name: &str, consent: &str) -> Vec<u8> {
        json!({ "eventName": name, "payload": { "consents": { "consentId": consent } } })
            .to_string()
            .into_bytes()
    }

    #[tokio::test]
    async fn the_receiver_hands_each_consent_its_event_whether_it_came_before_or_after() {
        let receiver = Arc::new(Receiver::default());
        let early = Instant::now();
        receiver.arrived(Some("w1"), &event(EVENT, "c1"), early);
        assert_eq!(receiver.wait("c1").await, Some(early));

        let waiting = {
            let receiver = receiver.clone();
            tokio::spawn(async move { receiver.wait("c2").await })
        };
        tokio::task::yield_now().await;
        let late = Instant::now();
        receiver.arrived(Some("w2"), &event(EVENT, "c2"), late);
        assert_eq!(waiting.await.unwrap(), Some(late));
    }

    #[test]
    fn the_receiver_counts_events_by_name_and_ignores_redeliveries() {
        let receiver = Receiver::default();
        let now = Instant::now();
        receiver.arrived(Some("w1"), &event("link_created", ""), now);
        receiver.arrived(Some("w1"), &event("link_created", ""), now);
        receiver.arrived(Some("w2"), &event(EVENT, "c1"), now);
        receiver.arrived(Some("w2"), &event(EVENT, "c1"), now);
        let (counts, duplicates) = receiver.counts();
        assert_eq!(counts.get("link_created"), Some(&1));
        assert_eq!(counts.get(EVENT), Some(&1));
        assert_eq!(duplicates, 2);
        assert_eq!(receiver.link_events(), (1, Some(now)));
    }
}
