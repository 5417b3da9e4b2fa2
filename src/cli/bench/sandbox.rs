//! `ponte bench sandbox`: the sandbox banks under load over mutual TLS.
//!
//! Starts the sandbox in this process on 127.0.0.1 (a throwaway store, no injected faults), runs
//! the FAPI-BR journey once for the high-volume persona with the reference OFB client, walks the
//! 12-month transaction history of each of its accounts by `next` links, then loads, one after
//! the other and each for `--seconds`:
//!
//! 1. `GET …/discovery/v2/status` (no token): what TLS, HTTP and the router cost — the baseline;
//! 2. `GET …/accounts/{id}/transactions` at page-size 1: everything but the page body;
//! 3. the same at `--page-size` (100): the figure.
//!
//! Closed loop: C connections (one reference client each, so one keep-alive mTLS connection
//! each) send back-to-back requests; latency runs from each send to the last byte of the body.
//! Pages after the first carry the `pagination-key` of the `next` links, as a client following
//! links does, so they are not counted against operational limits (the first page of each list
//! is, 240 a month: it is requested once per account before the clock starts, not under load).

use super::cpu::{CpuTicks, CpuUse};
use super::queue::in_scratch;
use super::{TempDir, stats};
use anyhow::{Context, bail, ensure};
use clap::Args;
use hdrhistogram::Histogram;
use ponte_sandbox::bank::BankCode;
use ponte_sandbox::client::ReferenceClient;
use ponte_sandbox::faults::FaultProfile;
use ponte_sandbox::start::{SandboxConfig, start};
use ponte_store::Store;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Concurrent HTTP/1.1 keep-alive connections over mutual TLS.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u64).range(1..=4096))]
    connections: u64,
    /// Seconds of load per endpoint.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=600))]
    seconds: u64,
    /// Transactions per page of the measured endpoint.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(2..=1000))]
    page_size: u32,
    /// CPF of the persona whose accounts are read (default: the high-volume persona).
    #[arg(long, default_value = PERSONA)]
    persona: String,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

/// The high-volume persona: about 2,000 transactions a month over 3 accounts and 2 cards.
const PERSONA: &str = "80000000833";
/// The healthy bank (no faults with `FaultProfile::none()`).
const BANK: BankCode = BankCode::Healthy;
/// A name with a top-level domain for the sandbox's certificate, resolved to the listener.
const HOST: &str = "sandbox.ponte.test";
const PERMISSIONS: &[&str] = &[
    "ACCOUNTS_READ",
    "ACCOUNTS_BALANCES_READ",
    "ACCOUNTS_TRANSACTIONS_READ",
    "ACCOUNTS_OVERDRAFT_LIMITS_READ",
    "RESOURCES_READ",
];
/// A request taking longer than this counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    benchmark: &'static str,
    backend: &'static str,
    transport: &'static str,
    connections: u64,
    seconds: u64,
    page_size: u32,
    persona: String,
    bank: &'static str,
    setup: Setup,
    runs: Vec<RunResult>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Setup {
    /// Sandbox start: PKI, bank keys, listener.
    start_secs: f64,
    /// Consent, PAR, login, decision and code exchange.
    journey_secs: f64,
    accounts: Vec<AccountPages>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AccountPages {
    account_id: String,
    /// Transactions in the last 12 months.
    transactions: usize,
    /// Pages of `page_size`.
    pages: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RunResult {
    endpoint: String,
    /// Distinct URLs the connections cycle through.
    urls: usize,
    ok: u64,
    errors: u64,
    /// Non-2xx answers by status; transport failures (connect, TLS, timeout) under "transport".
    errors_by_status: BTreeMap<String, u64>,
    elapsed_secs: f64,
    throughput_rps: f64,
    mean_body_bytes: u64,
    latency: stats::Latency,
    p95_ms: f64,
    /// CPU this process (sandbox and load generator) used during the run, from /proc (Linux).
    #[serde(skip_serializing_if = "Option::is_none")]
    cpu: Option<CpuUse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    first_error: Option<String>,
}

pub async fn run(database_url: Option<&str>, args: &SandboxArgs) -> anyhow::Result<()> {
    let backend = if database_url.is_some() { "postgres" } else { "sqlite" };
    let report = in_scratch(database_url, 16, async |store| measure(store, args, backend).await).await?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_table(&report);
    }
    Ok(())
}

async fn measure(store: Store, args: &SandboxArgs, backend: &'static str) -> anyhow::Result<Report> {
    let dir = TempDir::new()?;
    let sandbox_dir = dir.path().join("sandbox");
    let mut config = SandboxConfig::new(sandbox_dir.clone(), "127.0.0.1:0".parse()?);
    config.host = Some(HOST.to_owned());
    config.faults = Some(FaultProfile::none());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let started = Instant::now();
    let mut sandbox = start(store, &config, async move {
        let _ = stopped.await;
    })
    .await
    .context("starting the sandbox")?;
    let start_secs = started.elapsed().as_secs_f64();
    let base_url = sandbox.base_url.clone();
    let resolve = (HOST, sandbox.local_addr);
    let client = |dir: &std::path::Path| ReferenceClient::new(dir, &base_url, Some(resolve));
    let reference = Arc::new(client(&sandbox_dir));
    let issuer = reference.issuer(BANK);

    eprintln!("bench: sandbox at {base_url}; journey for persona {}…", args.persona);
    let started = Instant::now();
    // The reference client panics on anything unexpected (it is a test client): keep the panic
    // in its task and report it as an error.
    let token = {
        let (reference, persona) = (reference.clone(), args.persona.clone());
        let journey = tokio::spawn(async move { reference.journey(BANK, &persona, None, PERMISSIONS).await });
        let (_, tokens) = journey.await.context("the journey failed")?;
        tokens["access_token"].as_str().context("the token answer has no access_token")?.to_owned()
    };
    let journey_secs = started.elapsed().as_secs_f64();

    let accounts_url = format!("{issuer}/open-banking/accounts/v2/accounts?page-size=1000");
    let accounts = get_json(&reference, &accounts_url, Some(&token)).await?;
    let ids: Vec<String> = accounts["data"]
        .as_array()
        .context("the accounts answer has no data")?
        .iter()
        .filter_map(|a| a["accountId"].as_str().map(str::to_owned))
        .collect();
    ensure!(!ids.is_empty(), "persona {} has no account shared in the consent", args.persona);

    let today = time::OffsetDateTime::now_utc().date();
    let from = today - time::Duration::days(365);
    let mut pages = Vec::new();
    let mut setup_accounts = Vec::new();
    let mut single = Vec::new();
    for id in &ids {
        let base = format!("{issuer}/open-banking/accounts/v2/accounts/{id}/transactions");
        let first =
            format!("{base}?fromBookingDate={from}&toBookingDate={today}&page-size={}", args.page_size);
        let walked = walk(&reference, &first, &token, args.page_size).await?;
        setup_accounts.push(AccountPages {
            account_id: id.clone(),
            transactions: walked.transactions,
            pages: walked.next_links.len() + 1,
        });
        // Page-size 1 with the same key: what the `next` link of page N−1 would say.
        if let Some(next) = walked.next_links.first() {
            let key = url::Url::parse(next)?
                .query_pairs()
                .find(|(k, _)| k == "pagination-key")
                .map(|(_, v)| v.into_owned())
                .context("a next link without pagination-key")?;
            for page in 2..=walked.next_links.len().min(100) + 1 {
                single.push(format!(
                    "{base}?fromBookingDate={from}&toBookingDate={today}&page={page}&page-size=1&pagination-key={key}"
                ));
            }
        }
        pages.extend(walked.next_links);
    }
    ensure!(
        !pages.is_empty(),
        "persona {}'s accounts have one page of {} transactions or less: nothing to follow",
        args.persona,
        args.page_size
    );
    // Interleave the accounts so that neighbouring connections read different accounts.
    pages.sort_by_key(|url| page_number(url));
    single.sort_by_key(|url| page_number(url));

    eprintln!("bench: {} connections (one mTLS client each)…", args.connections);
    let mut clients = Vec::new();
    for _ in 0..args.connections {
        clients.push(Arc::new(client(&sandbox_dir)));
    }
    let token: Arc<str> = token.into();
    let status = format!("{issuer}/open-banking/discovery/v2/status");
    let loads = [
        ("GET discovery/v2/status (no token)".to_owned(), vec![status], None),
        ("GET accounts/{id}/transactions page-size=1".to_owned(), single, Some(token.clone())),
        (
            format!("GET accounts/{{id}}/transactions page-size={}", args.page_size),
            pages,
            Some(token.clone()),
        ),
    ];
    let mut runs = Vec::new();
    for (name, urls, token) in loads {
        eprintln!("bench: {name} for {} s…", args.seconds);
        runs.push(load(args, &clients, name, Arc::new(urls), token).await?);
    }
    drop(clients);
    let _ = stop.send(());
    let _ = tokio::time::timeout(Duration::from_secs(15), &mut sandbox.task).await;
    Ok(Report {
        benchmark: "sandbox",
        backend,
        transport: "HTTP/1.1 keep-alive over TLS with a client certificate (reqwest + rustls)",
        connections: args.connections,
        seconds: args.seconds,
        page_size: args.page_size,
        persona: args.persona.clone(),
        bank: BANK.code(),
        setup: Setup {
            start_secs: stats::round3(start_secs),
            journey_secs: stats::round3(journey_secs),
            accounts: setup_accounts,
        },
        runs,
    })
}

fn page_number(url: &str) -> u32 {
    url::Url::parse(url)
        .ok()
        .and_then(|u| u.query_pairs().find(|(k, _)| k == "page").and_then(|(_, v)| v.parse().ok()))
        .unwrap_or(1)
}

struct Walked {
    transactions: usize,
    /// The `next` links, in order: pages 2 to the last.
    next_links: Vec<String>,
}

/// Reads a transaction list from its first page to its last by `next` links.
async fn walk(client: &ReferenceClient, first: &str, token: &str, page_size: u32) -> anyhow::Result<Walked> {
    let mut walked = Walked { transactions: 0, next_links: Vec::new() };
    let mut url = first.to_owned();
    loop {
        let page = get_json(client, &url, Some(token)).await?;
        let data = page["data"].as_array().with_context(|| format!("{url}: no data"))?;
        walked.transactions += data.len();
        match page["links"]["next"].as_str() {
            Some(next) => {
                ensure!(data.len() == page_size as usize, "{url}: a short page before the last");
                ensure!(next.contains("pagination-key="), "{url}: the next link has no pagination-key");
                walked.next_links.push(next.to_owned());
                url = next.to_owned();
            }
            None => return Ok(walked),
        }
    }
}

async fn get_json(client: &ReferenceClient, url: &str, token: Option<&str>) -> anyhow::Result<Value> {
    let request = match token {
        Some(token) => client.ofb_get(url, token),
        None => client.http.get(url),
    };
    let response = request.timeout(REQUEST_TIMEOUT).send().await.with_context(|| format!("GET {url}"))?;
    let status = response.status();
    let body = response.bytes().await.with_context(|| format!("GET {url}: reading the body"))?;
    if !status.is_success() {
        bail!("GET {url} answered {status}: {}", String::from_utf8_lossy(&body));
    }
    serde_json::from_slice(&body).with_context(|| format!("GET {url}: the answer is not JSON"))
}

/// What one connection did.
struct Tally {
    histogram: Histogram<u64>,
    ok: u64,
    body_bytes: u64,
    errors: BTreeMap<String, u64>,
    first_error: Option<String>,
    last_done: Instant,
}

/// Runs one endpoint's load: every connection cycles through `urls` from its own offset.
async fn load(
    args: &SandboxArgs,
    clients: &[Arc<ReferenceClient>],
    name: String,
    urls: Arc<Vec<String>>,
    token: Option<Arc<str>>,
) -> anyhow::Result<RunResult> {
    // One request per connection before the clock starts: opens (or checks) the connection,
    // so that TLS handshakes are not in the measured window.
    let mut warm = tokio::task::JoinSet::new();
    for (n, client) in clients.iter().enumerate() {
        let (client, url, token) = (client.clone(), urls[n % urls.len()].clone(), token.clone());
        warm.spawn(async move { get_json(&client, &url, token.as_deref()).await.map(|_| ()) });
    }
    while let Some(done) = warm.join_next().await {
        done.context("a warm-up task panicked")?.context("warming up the connections")?;
    }
    let start = Instant::now() + Duration::from_millis(20);
    let end = start + Duration::from_secs(args.seconds);
    let mut tasks = tokio::task::JoinSet::new();
    let step = (urls.len() / clients.len()).max(1);
    for (n, client) in clients.iter().enumerate() {
        let (client, urls, token) = (client.clone(), urls.clone(), token.clone());
        tasks.spawn(closed_loop(client, urls, n * step, token, start, end));
    }
    tokio::time::sleep_until(start.into()).await;
    let before = CpuTicks::now();
    let mut finished = Vec::new();
    while let Some(result) = tasks.join_next().await {
        finished.push(result.context("a load task panicked")?);
    }
    let after = CpuTicks::now();
    let ok: u64 = finished.iter().map(|t| t.ok).sum();
    let bytes: u64 = finished.iter().map(|t| t.body_bytes).sum();
    let last = finished.iter().map(|t| t.last_done).max().unwrap_or(start).max(start);
    let mut errors_by_status = BTreeMap::new();
    for tally in &finished {
        for (kind, count) in &tally.errors {
            *errors_by_status.entry(kind.clone()).or_insert(0) += count;
        }
    }
    let first_error = finished.iter().find_map(|t| t.first_error.clone());
    let histogram = stats::merge(finished.into_iter().map(|t| t.histogram));
    Ok(RunResult {
        endpoint: name,
        urls: urls.len(),
        ok,
        errors: errors_by_status.values().sum(),
        errors_by_status,
        elapsed_secs: stats::round3((last - start).as_secs_f64()),
        throughput_rps: stats::per_sec(ok, last - start),
        mean_body_bytes: bytes.checked_div(ok).unwrap_or(0),
        latency: stats::Latency::of(&histogram),
        p95_ms: stats::round3(histogram.value_at_quantile(0.95) as f64 / 1000.0),
        cpu: before.zip(after).map(|(before, after)| after.since(before, last - start, ok)),
        first_error,
    })
}

async fn closed_loop(
    client: Arc<ReferenceClient>,
    urls: Arc<Vec<String>>,
    offset: usize,
    token: Option<Arc<str>>,
    start: Instant,
    end: Instant,
) -> Tally {
    tokio::time::sleep_until(start.into()).await;
    let mut tally = Tally {
        histogram: stats::histogram(),
        ok: 0,
        body_bytes: 0,
        errors: BTreeMap::new(),
        first_error: None,
        last_done: start,
    };
    let mut n = offset;
    while Instant::now() < end {
        let url = &urls[n % urls.len()];
        n += 1;
        let sent = Instant::now();
        let request = match &token {
            Some(token) => client.ofb_get(url, token),
            None => client.http.get(url),
        };
        let outcome = async {
            let response = request.timeout(REQUEST_TIMEOUT).send().await?;
            let status = response.status();
            let body = response.bytes().await?;
            anyhow::Ok((status, body))
        }
        .await;
        let now = Instant::now();
        tally.last_done = now;
        match outcome {
            Ok((status, body)) if status.is_success() => {
                tally.ok += 1;
                tally.body_bytes += body.len() as u64;
                stats::record(&mut tally.histogram, now.saturating_duration_since(sent));
            }
            Ok((status, body)) => {
                *tally.errors.entry(status.as_u16().to_string()).or_insert(0) += 1;
                tally.first_error.get_or_insert_with(|| {
                    format!("{url} answered {status}: {}", String::from_utf8_lossy(&body))
                });
            }
            Err(error) => {
                *tally.errors.entry("transport".to_owned()).or_insert(0) += 1;
                tally.first_error.get_or_insert_with(|| format!("{url}: {error:#}"));
            }
        }
    }
    tally
}

fn print_table(report: &Report) {
    println!(
        "ponte bench sandbox: bank {}, persona {}, {} connections, {} s per endpoint, {} store",
        report.bank, report.persona, report.connections, report.seconds, report.backend
    );
    println!("  {}", report.transport);
    println!("  (the sandbox runs in this process and shares its CPU with the load generator)");
    let s = &report.setup;
    println!("  setup: sandbox start {:.3} s, journey {:.3} s", s.start_secs, s.journey_secs);
    for account in &s.accounts {
        println!(
            "  account {}: {} transactions in 12 months, {} pages of {}",
            account.account_id, account.transactions, account.pages, report.page_size
        );
    }
    println!();
    let mut table = stats::Table::new(&[
        "endpoint",
        "req/s",
        "ok",
        "errors",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "body B",
        "CPU ms/req",
        "cores",
        "others",
        "steal %",
    ]);
    for run in &report.runs {
        let l = &run.latency;
        table.row(vec![
            run.endpoint.clone(),
            stats::rate(run.throughput_rps),
            run.ok.to_string(),
            run.errors.to_string(),
            stats::ms(l.p50_ms),
            stats::ms(run.p95_ms),
            stats::ms(l.p99_ms),
            stats::ms(l.max_ms),
            run.mean_body_bytes.to_string(),
            run.cpu.as_ref().map_or("-".into(), |c| format!("{:.3}", c.ms_per_request)),
            run.cpu.as_ref().map_or("-".into(), |c| format!("{:.2}", c.process_cores)),
            run.cpu.as_ref().map_or("-".into(), |c| format!("{:.2}", c.other_cores)),
            run.cpu.as_ref().map_or("-".into(), |c| format!("{:.1}", c.steal_pct)),
        ]);
    }
    println!("{}", table.render());
    println!(
        "\n  CPU ms/req: this process's CPU time (sandbox + load generator) per request; cores: its \
         average use; others: cores other processes used; steal: CPU the hypervisor took"
    );
    for run in &report.runs {
        if run.errors > 0 {
            println!("\n  {}: errors by status {:?}", run.endpoint, run.errors_by_status);
        }
        if let Some(error) = &run.first_error {
            println!("  {}: first error: {error}", run.endpoint);
        }
    }
}
