//! `ponte bench reports`: a consent's reports end to end, from its AUTHORISED answer until the
//! partner has every one of them, on what `ponte serve` runs in the embedded mode.
//!
//! The sandbox app is in `automatic` delivery mode (its default): when a consent becomes
//! AUTHORISED Ponte records a request for every enabled product of the consent's audience, fetches
//! the consent's data from the bank, builds the reports and delivers each to the app's products
//! URL, with `product_request_received` and one `product_generated_success`/`_failed` per product
//! to its event URL. Both URLs point at a receiver in this process (see `stack`). A run is
//! `POST /data/v1/links`, `POST /data/v1/sandbox/consents` (the institution, the persona,
//! approve; it answers once the consent is AUTHORISED), then the wait until the receiver has a
//! report or a failure for every product the request named, and a success or failure event for
//! each. In order:
//!
//! 1. one run that must succeed (fails fast on a misconfiguration);
//! 2. the baseline: `GET /healthz` over one connection for `--seconds`;
//! 3. `--warmup` untimed runs, then `--runs` runs one after the other: the latency figure;
//! 4. `--concurrency` runs started at once, each on its own connection: errors, wall time and
//!    this process's peak resident memory (`VmHWM`).
//!
//! After each phase the store's timestamps tell where the time went (see `timeline`).

use crate::cli::bench::link::client::{Calls, Endpoint, access_token};
use crate::cli::bench::link::journeys::load;
use anyhow::bail;
use bytes::Bytes;
use clap::Args;
use hyper::header::HeaderValue;
use journey::Phase;
use memory::Rss;
use report::{PhaseReport, Report};
use serde_json::json;
use stack::Stack;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

mod journey;
mod memory;
mod receiver;
mod report;
mod stack;
mod timeline;

#[derive(Debug, Args)]
pub struct ReportsArgs {
    /// Runs timed one after the other: the latency figure.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    runs: u64,
    /// Untimed runs first (connections, the banks' tokens and metadata, the persona's data).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(0..=1000))]
    warmup: u64,
    /// Runs started at once in the concurrent phase (0 skips it).
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(u64).range(0..=1000))]
    concurrency: u64,
    /// Seconds of the `GET /healthz` baseline (0 skips it).
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(0..=600))]
    seconds: u64,
    /// The sandbox institution of the runs.
    #[arg(long, default_value = "999")]
    institution: String,
    /// The persona (CPF) who logs in at the bank and approves.
    #[arg(long, default_value = "76109277673")]
    tax_id: String,
    /// Print one JSON object instead of tables.
    #[arg(long)]
    json: bool,
}

pub async fn run(database_url: Option<&str>, args: &ReportsArgs) -> anyhow::Result<()> {
    if database_url.is_some() {
        bail!("bench reports runs the embedded mode (a temporary SQLite store); drop --database-url");
    }
    let stack = Stack::start().await?;
    let measured = measure(&stack, args).await;
    let stopped = stack.stop().await;
    let report = measured?;
    stopped?;
    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        report::print(&report);
    }
    Ok(())
}

async fn measure(stack: &Stack, args: &ReportsArgs) -> anyhow::Result<Report> {
    let receiver = &stack.receiver;
    let token = access_token(&stack.target, &stack.credentials).await?;
    let link_body = json!({
        "personalTaxId": args.tax_id,
        "externalInfo": { "customerId": "ponte-bench" },
    });
    let calls = Arc::new(Calls {
        target: stack.target.clone(),
        links_created: AtomicU64::new(0),
        bearer: HeaderValue::from_str(&format!("Bearer {token}"))?,
        link_body: Bytes::from(link_body.to_string()),
        institution: args.institution.clone(),
        tax_id: args.tax_id.clone(),
    });

    let first = journey::one_at_a_time(&calls, receiver, 1).await;
    if let Some(error) = &first.first_error {
        bail!("the first run failed: {error}");
    }
    let baseline = if args.seconds > 0 {
        eprintln!("bench: GET /healthz for {} s over 1 connection…", args.seconds);
        let label = format!("{} (1 conn., {} s)", Endpoint::Healthz.name(), args.seconds);
        Some(load(&calls, Endpoint::Healthz, &label, 1, args.seconds).await?)
    } else {
        None
    };
    if args.warmup > 0 {
        eprintln!("bench: {} warm-up runs…", args.warmup);
        let warm = journey::one_at_a_time(&calls, receiver, args.warmup).await;
        if let Some(error) = &warm.first_error {
            eprintln!("bench: {} of the warm-up runs failed: {error}", warm.error_count());
        }
    }

    eprintln!("bench: {} runs one at a time…", args.runs);
    let before = Rss::now();
    let phase = journey::one_at_a_time(&calls, receiver, args.runs).await;
    let sequential = phase_report(stack, phase, (args.runs, 1), before).await?;

    let concurrent = if args.concurrency > 0 {
        eprintln!("bench: {} runs at once…", args.concurrency);
        let before = Rss::now();
        let phase = journey::all_at_once(&calls, receiver, args.concurrency).await?;
        Some(phase_report(stack, phase, (args.concurrency, args.concurrency), before).await?)
    } else {
        None
    };

    let (deliveries_received, report_bytes, duplicate_deliveries) = receiver.counts();
    Ok(Report {
        benchmark: "reports",
        store: "sqlite (embedded, temporary directory)",
        institution: args.institution.clone(),
        tax_id: args.tax_id.clone(),
        setup: stack.setup.clone(),
        baseline,
        sequential,
        concurrent,
        deliveries_received,
        report_bytes,
        duplicate_deliveries,
    })
}

/// The phase's figures, with its runs' timelines read from the store now that it is over.
async fn phase_report(
    stack: &Stack,
    phase: Phase,
    shape: (u64, u64),
    rss_before: Option<Rss>,
) -> anyhow::Result<PhaseReport> {
    let rss_after = Rss::now();
    let mut timelines = Vec::with_capacity(phase.runs.len());
    for run in &phase.runs {
        timelines.push(timeline::timeline(&stack.store, stack.app_id, run).await?);
    }
    Ok(PhaseReport::new(phase, &timelines, shape, (rss_before, rss_after)))
}
