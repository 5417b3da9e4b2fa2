//! `ponte bench auth`: load on `POST /data/v1/auth` (and optionally `GET /healthz` as a baseline).
//!
//! Closed loop: C connections each send back-to-back requests; latency runs from each send.
//! Open loop (`--rate`): requests are due at a constant arrival rate whatever the server does,
//! and latency runs from when each request was *due*, so a stalled server shows up in the tail
//! instead of silently slowing the load (coordinated omission). A pacing thread releases
//! tickets on time; C connections take them in order.

use super::{Call, Conn, Embedded, Target, connect, preflight, stats};
use anyhow::{Context, bail};
use clap::Args;
use hyper::Method;
use serde::Serialize;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

#[derive(Debug, Args)]
pub struct AuthArgs {
    /// Base URL of a running server (plain HTTP). Default: start an embedded server in-process
    /// on 127.0.0.1 with a throwaway data directory.
    #[arg(long)]
    url: Option<String>,
    /// Open loop: requests per second at a constant arrival rate. Default: closed loop.
    #[arg(long, value_parser = clap::value_parser!(u64).range(1..))]
    rate: Option<u64>,
    /// Seconds of load per endpoint.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    duration: u64,
    /// Concurrent HTTP/1.1 keep-alive connections.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    connections: u64,
    /// The app's accessKey (with --url; the embedded server uses its own sandbox app).
    #[arg(long, requires = "secret_key")]
    access_key: Option<String>,
    /// The app's secretKey.
    #[arg(long, requires = "access_key")]
    secret_key: Option<String>,
    /// First run the same load against GET /healthz, as a baseline measured in the same run.
    #[arg(long)]
    baseline: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// Open loop: tickets still unsent this long after the last one was due are given up.
const OPEN_LOOP_GRACE: Duration = Duration::from_secs(30);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    benchmark: &'static str,
    mode: &'static str,
    server: &'static str,
    url: String,
    connections: u64,
    duration_secs: u64,
    target_rate_rps: Option<u64>,
    latency_from: &'static str,
    runs: Vec<RunResult>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunResult {
    endpoint: &'static str,
    ok: u64,
    errors: u64,
    /// Open loop: requests never sent because the server fell too far behind.
    unsent: u64,
    elapsed_secs: f64,
    throughput_rps: f64,
    latency: stats::Latency,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_error: Option<String>,
}

pub async fn run(args: &AuthArgs) -> anyhow::Result<()> {
    let (embedded, base, access_key, secret_key) = match (&args.url, &args.access_key, &args.secret_key) {
        (Some(url), Some(access), Some(secret)) => (None, url.clone(), access.clone(), secret.clone()),
        (Some(_), _, _) => bail!("--url needs the app's credentials: add --access-key and --secret-key"),
        (None, Some(_), _) => {
            bail!("--access-key and --secret-key go with --url (the embedded server has its own app)")
        }
        (None, _, _) => {
            let (server, credentials) = Embedded::start().await?;
            let url = format!("http://{}", server.addr);
            let (access, secret) =
                (credentials.access_key.clone(), credentials.secret_key.expose().to_owned());
            (Some(server), url, access, secret)
        }
    };
    let result = measure(args, &base, &access_key, &secret_key, embedded.is_some()).await;
    if let Some(server) = embedded {
        server.stop().await?;
    }
    let report = result?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_table(&report);
    }
    Ok(())
}

async fn measure(
    args: &AuthArgs,
    base: &str,
    access_key: &str,
    secret_key: &str,
    embedded: bool,
) -> anyhow::Result<Report> {
    let target = Arc::new(Target::parse(base)?);
    let body = serde_json::json!({ "accessKey": access_key, "secretKey": secret_key }).to_string();
    let mut calls = Vec::new();
    if args.baseline {
        calls.push(Call::new(&target, "GET /healthz", Method::GET, "/healthz", None)?);
    }
    calls.push(Call::new(&target, "POST /data/v1/auth", Method::POST, "/data/v1/auth", Some(body))?);
    let mut runs = Vec::new();
    for call in calls {
        let call = Arc::new(call);
        preflight(&target, &call).await?;
        eprintln!("bench: {} for {} s over {} connections…", call.name, args.duration, args.connections);
        runs.push(load(args, &target, call).await?);
    }
    Ok(Report {
        benchmark: "auth",
        mode: if args.rate.is_some() { "open" } else { "closed" },
        server: if embedded { "embedded" } else { "external" },
        url: base.to_owned(),
        connections: args.connections,
        duration_secs: args.duration,
        target_rate_rps: args.rate,
        latency_from: if args.rate.is_some() { "scheduled send time" } else { "actual send time" },
        runs,
    })
}

/// Runs one endpoint's load and summarises it.
async fn load(args: &AuthArgs, target: &Arc<Target>, call: Arc<Call>) -> anyhow::Result<RunResult> {
    let mut conns = Vec::new();
    for _ in 0..args.connections {
        conns.push(Conn { target: target.clone(), sender: Some(connect(target).await?) });
    }
    let duration = Duration::from_secs(args.duration);
    let start = Instant::now() + Duration::from_millis(20);
    let mut tasks = tokio::task::JoinSet::new();
    let mut pacing = None;
    match args.rate {
        None => {
            for conn in conns {
                tasks.spawn(closed_loop(conn, call.clone(), start, start + duration));
            }
        }
        Some(rate) => {
            let total = rate.saturating_mul(args.duration);
            let (tickets, next) = (Arc::new(Semaphore::new(0)), Arc::new(AtomicU64::new(0)));
            let pacer = {
                let (tickets, extra) = (tickets.clone(), conns.len());
                tokio::task::spawn_blocking(move || pace(start, rate, total, &tickets, extra))
            };
            let schedule = Schedule { start, rate, total, give_up: start + duration + OPEN_LOOP_GRACE };
            for conn in conns {
                tasks.spawn(open_loop(conn, call.clone(), schedule, tickets.clone(), next.clone()));
            }
            pacing = Some((pacer, next, total));
        }
    }
    let mut finished = Vec::new();
    while let Some(result) = tasks.join_next().await {
        finished.push(result.context("a load task panicked")?);
    }
    let mut unsent = 0;
    if let Some((pacer, next, total)) = pacing {
        pacer.await.context("the pacing thread panicked")?;
        unsent = total - next.load(Ordering::Relaxed).min(total);
    }
    Ok(summarise(&call, start, finished, unsent))
}

fn summarise(call: &Call, start: Instant, finished: Vec<stats::Tally>, unsent: u64) -> RunResult {
    let (ok, errors) = finished.iter().fold((0, 0), |(o, e), t| (o + t.ok, e + t.errors));
    let end = finished.iter().map(|t| t.last_done).max().unwrap_or(start).max(start);
    let first_error = finished.iter().find_map(|t| t.first_error.clone());
    let histogram = stats::merge(finished.into_iter().map(|t| t.histogram));
    RunResult {
        endpoint: call.name,
        ok,
        errors,
        unsent,
        elapsed_secs: stats::round3((end - start).as_secs_f64()),
        throughput_rps: stats::per_sec(ok, end - start),
        latency: stats::Latency::of(&histogram),
        first_error,
    }
}

async fn closed_loop(mut conn: Conn, call: Arc<Call>, start: Instant, end: Instant) -> stats::Tally {
    tokio::time::sleep_until(start.into()).await;
    let mut tally = stats::Tally::new(start);
    while Instant::now() < end {
        let sent = Instant::now();
        let outcome = conn.call(&call).await;
        tally.add(outcome, sent);
    }
    tally
}

#[derive(Clone, Copy)]
struct Schedule {
    start: Instant,
    rate: u64,
    total: u64,
    give_up: Instant,
}

impl Schedule {
    fn due(&self, ticket: u64) -> Instant {
        self.start + Duration::from_secs_f64(ticket as f64 / self.rate as f64)
    }
}

async fn open_loop(
    mut conn: Conn,
    call: Arc<Call>,
    schedule: Schedule,
    tickets: Arc<Semaphore>,
    next: Arc<AtomicU64>,
) -> stats::Tally {
    let mut tally = stats::Tally::new(schedule.start);
    loop {
        match tickets.acquire().await {
            Ok(permit) => permit.forget(),
            Err(_) => break,
        }
        if Instant::now() > schedule.give_up {
            break;
        }
        let ticket = next.fetch_add(1, Ordering::Relaxed);
        if ticket >= schedule.total {
            break;
        }
        let outcome = conn.call(&call).await;
        tally.add(outcome, schedule.due(ticket));
    }
    tally
}

/// Releases one ticket as each request falls due (a blocking thread: tokio's timer only has
/// millisecond resolution), then `extra` more so every connection sees the end.
fn pace(start: Instant, rate: u64, total: u64, tickets: &Semaphore, extra: usize) {
    let due_at = |n: u64| start + Duration::from_secs_f64(n as f64 / rate as f64);
    let mut released = 0u64;
    while released < total {
        let now = Instant::now();
        if now >= start {
            let due = ((now - start).as_secs_f64() * rate as f64) as u64 + 1;
            let due = due.min(total);
            if due > released {
                tickets.add_permits(usize::try_from(due - released).unwrap_or(usize::MAX >> 4));
                released = due;
            }
        }
        let next = due_at(released);
        let now = Instant::now();
        if released < total && next > now {
            std::thread::sleep(next - now);
        }
    }
    tickets.add_permits(extra);
}

fn print_table(report: &Report) {
    let mode = match report.target_rate_rps {
        Some(rate) => format!("open loop at {rate} req/s (latency from the scheduled send time)"),
        None => "closed loop (latency from the actual send time)".to_owned(),
    };
    println!("ponte bench auth: {mode}");
    println!(
        "  {} connections, {} s per endpoint, {} server at {}",
        report.connections, report.duration_secs, report.server, report.url
    );
    if report.server == "embedded" {
        println!("  (the embedded server shares this process and its CPU with the load generator)");
    }
    println!();
    let mut table = stats::Table::new(&[
        "endpoint", "req/s", "ok", "errors", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms",
    ]);
    for run in &report.runs {
        let l = &run.latency;
        table.row(vec![
            run.endpoint.to_owned(),
            stats::rate(run.throughput_rps),
            run.ok.to_string(),
            (run.errors + run.unsent).to_string(),
            stats::ms(l.p50_ms),
            stats::ms(l.p90_ms),
            stats::ms(l.p99_ms),
            stats::ms(l.p999_ms),
            stats::ms(l.max_ms),
        ]);
    }
    println!("{}", table.render());
    for run in &report.runs {
        if let Some(error) = &run.first_error {
            println!("\n  {}: first error: {error}", run.endpoint);
        }
        if run.unsent > 0 {
            println!("\n  {}: {} requests never sent (server fell behind)", run.endpoint, run.unsent);
        }
    }
}
