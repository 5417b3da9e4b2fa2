//! The bench's results: what it measured, and how it prints them.

use super::journey::Phase;
use super::memory::Rss;
use super::stack::Setup;
use super::timeline::Timeline;
use crate::cli::bench::cpu::CpuUse;
use crate::cli::bench::link::report::{LoadResult, Percentiles};
use crate::cli::bench::stats;
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Report {
    pub(super) benchmark: &'static str,
    pub(super) store: &'static str,
    pub(super) institution: String,
    pub(super) tax_id: String,
    pub(super) setup: Setup,
    /// `GET /healthz` over one connection on the same server, before the runs.
    pub(super) baseline: Option<LoadResult>,
    pub(super) sequential: PhaseReport,
    pub(super) concurrent: Option<PhaseReport>,
    /// Deliveries the receiver read during the whole bench, by event name ("report" for reports).
    pub(super) deliveries_received: BTreeMap<String, u64>,
    /// The bodies of the reports received, in bytes (redeliveries not counted).
    pub(super) report_bytes: u64,
    /// Deliveries of something already received (at-least-once delivery).
    pub(super) duplicate_deliveries: u64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PhaseReport {
    pub(super) runs: u64,
    /// Runs in flight at once.
    pub(super) concurrency: u64,
    pub(super) ok: u64,
    pub(super) errors: u64,
    /// Failures by kind: a failing call, a consent not AUTHORISED, reports missing, a product
    /// that failed to build.
    pub(super) errors_by_kind: BTreeMap<String, u64>,
    pub(super) elapsed_secs: f64,
    /// Reports per run (the products of each automatic request) → runs with that many.
    pub(super) reports_per_run: BTreeMap<usize, u64>,
    /// The consent's AUTHORISED answer → every report at the partner: the figure.
    pub(super) authorised_to_reports: Percentiles,
    /// `POST /data/v1/links` sent → every report at the partner.
    pub(super) link_to_reports: Percentiles,
    pub(super) steps: Steps,
    /// Counted calls to the bank per fetch (all but `GET /resources`) → runs with that many.
    pub(super) bank_calls_per_fetch: BTreeMap<u32, u64>,
    /// Runs whose fetch job needed more than one attempt.
    pub(super) fetches_retried: u64,
    /// Parts of the consents' data the fetches could not get, over all runs.
    pub(super) missing_parts: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) cpu: Option<CpuUse>,
    /// This process's memory before and after the phase: Ponte (API and worker), the sandbox
    /// banks, the partner's receiver and the client all live in it.
    pub(super) rss_before: Option<Rss>,
    pub(super) rss_after: Option<Rss>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) first_error: Option<String>,
}

/// Where the time went, step by step (from the store's timestamps; see `timeline`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Steps {
    pub(super) authorised_to_answer: Percentiles,
    pub(super) fetch_queued: Percentiles,
    pub(super) fetch: Percentiles,
    pub(super) build: Percentiles,
    pub(super) delivery: Percentiles,
}

fn percentiles(durations: impl Iterator<Item = Duration>) -> Percentiles {
    let mut histogram = stats::histogram();
    for duration in durations {
        stats::record(&mut histogram, duration);
    }
    Percentiles::of(&histogram)
}

impl PhaseReport {
    pub(super) fn new(
        phase: Phase,
        timelines: &[Timeline],
        (runs, concurrency): (u64, u64),
        (rss_before, rss_after): (Option<Rss>, Option<Rss>),
    ) -> PhaseReport {
        let mut reports_per_run = BTreeMap::new();
        for run in &phase.runs {
            *reports_per_run.entry(run.products).or_insert(0) += 1;
        }
        let mut bank_calls_per_fetch = BTreeMap::new();
        for timeline in timelines {
            *bank_calls_per_fetch.entry(timeline.bank_calls).or_insert(0) += 1;
        }
        let step = |pick: fn(&Timeline) -> Duration| percentiles(timelines.iter().map(pick));
        PhaseReport {
            runs,
            concurrency,
            ok: u64::try_from(phase.runs.len()).unwrap_or(u64::MAX),
            errors: phase.error_count(),
            errors_by_kind: phase.errors,
            elapsed_secs: stats::round3(phase.elapsed.as_secs_f64()),
            reports_per_run,
            authorised_to_reports: percentiles(phase.runs.iter().map(|r| r.authorised_to_reports())),
            link_to_reports: percentiles(phase.runs.iter().map(|r| r.sent_to_reports())),
            steps: Steps {
                authorised_to_answer: step(|t| t.authorised_to_answer),
                fetch_queued: step(|t| t.fetch_queued),
                fetch: step(|t| t.fetch),
                build: step(|t| t.build),
                delivery: step(|t| t.delivery),
            },
            bank_calls_per_fetch,
            fetches_retried: timelines.iter().filter(|t| t.fetch_attempts > 1).count() as u64,
            missing_parts: timelines.iter().map(|t| u64::from(t.missing_parts)).sum(),
            cpu: phase.cpu,
            rss_before,
            rss_after,
            first_error: phase.first_error,
        }
    }
}

pub(super) fn print(report: &Report) {
    println!(
        "ponte bench reports: institution {}, persona {}, {} store; Ponte (API + worker), the sandbox \
         banks, the partner's receiver and the client in one process",
        report.institution, report.tax_id, report.store
    );
    println!(
        "  setup: sandbox banks start {:.3} s, server start {:.3} s",
        report.setup.sandbox_start_secs, report.setup.server_start_secs
    );
    if let Some(baseline) = &report.baseline {
        let l = &baseline.latency;
        println!(
            "  baseline {}: {} req/s, p50 {:.3} ms, p95 {:.3} ms, max {:.3} ms, {} errors",
            baseline.endpoint,
            stats::rate(baseline.throughput_rps),
            l.p50_ms,
            l.p95_ms,
            l.max_ms,
            baseline.errors
        );
    }
    let phases: Vec<(String, &PhaseReport)> =
        std::iter::once(("one at a time".to_owned(), &report.sequential))
            .chain(report.concurrent.iter().map(|p| (format!("{} at once", p.concurrency), p)))
            .collect();

    println!("\n  AUTHORISED answer → every report at the partner (ms)\n");
    let mut table = stats::Table::new(&[
        "phase",
        "runs",
        "ok",
        "errors",
        "reports",
        "p50",
        "p90",
        "p95",
        "p99",
        "max",
        "wall s",
        "CPU ms/run",
        "cores",
        "others",
        "steal %",
    ]);
    for (name, phase) in &phases {
        let l = &phase.authorised_to_reports;
        let reports: Vec<String> = phase.reports_per_run.keys().map(usize::to_string).collect();
        table.row(vec![
            name.clone(),
            phase.runs.to_string(),
            phase.ok.to_string(),
            phase.errors.to_string(),
            reports.join("/"),
            stats::ms(l.p50_ms),
            stats::ms(l.p90_ms),
            stats::ms(l.p95_ms),
            stats::ms(l.p99_ms),
            stats::ms(l.max_ms),
            format!("{:.3}", phase.elapsed_secs),
            phase.cpu.as_ref().map_or("-".to_owned(), |c| format!("{:.1}", c.ms_per_request)),
            phase.cpu.as_ref().map_or("-".to_owned(), |c| format!("{:.2}", c.process_cores)),
            phase.cpu.as_ref().map_or("-".to_owned(), |c| format!("{:.2}", c.other_cores)),
            phase.cpu.as_ref().map_or("-".to_owned(), |c| format!("{:.1}", c.steal_pct)),
        ]);
    }
    println!("{}", table.render());

    println!("\n  Steps (ms: p50 / p95 / max)\n");
    let cell = |p: &Percentiles| format!("{:.1} / {:.1} / {:.1}", p.p50_ms, p.p95_ms, p.max_ms);
    let mut steps = stats::Table::new(&[
        "phase",
        "link sent → reports",
        "AUTHORISED → answer",
        "→ fetch starts",
        "fetch",
        "→ reports stored",
        "→ at the partner",
    ]);
    for (name, phase) in &phases {
        let s = &phase.steps;
        steps.row(vec![
            name.clone(),
            cell(&phase.link_to_reports),
            cell(&s.authorised_to_answer),
            cell(&s.fetch_queued),
            cell(&s.fetch),
            cell(&s.build),
            cell(&s.delivery),
        ]);
    }
    println!("{}", steps.render());
    println!(
        "  (the steps after the answer run from the AUTHORISED commit, which precedes the answer: \
         fetch starts + fetch + stored + at the partner ≈ AUTHORISED → answer + the figure)"
    );

    println!();
    for (name, phase) in &phases {
        let rss = |rss: Option<Rss>| {
            rss.map_or("?".to_owned(), |r| format!("RSS {:.1} MiB (peak {:.1})", r.current_mib, r.peak_mib))
        };
        println!(
            "  {name}: memory before {}, after {}; counted bank calls per fetch {}; {} fetches retried, {} missing \
             data parts",
            rss(phase.rss_before),
            rss(phase.rss_after),
            phase.bank_calls_per_fetch.keys().map(u32::to_string).collect::<Vec<_>>().join("/"),
            phase.fetches_retried,
            phase.missing_parts
        );
        if phase.errors > 0 {
            println!("  {name}: errors by kind {:?}", phase.errors_by_kind);
            if let Some(error) = &phase.first_error {
                println!("  {name}: first error: {error}");
            }
        }
    }
    let received: Vec<String> =
        report.deliveries_received.iter().map(|(name, n)| format!("{name} {n}")).collect();
    println!(
        "  deliveries received: {} ({} duplicate deliveries)",
        if received.is_empty() { "none".to_owned() } else { received.join(", ") },
        report.duplicate_deliveries
    );
    let reports = report.deliveries_received.get("report").copied().unwrap_or(0);
    println!(
        "  report bodies: {:.1} MiB in {reports} reports ({:.1} KiB each on average)",
        report.report_bytes as f64 / (1024.0 * 1024.0),
        report.report_bytes as f64 / 1024.0 / reports.max(1) as f64
    );
    println!(
        "  CPU ms/run: this process's CPU time per successful run (server, banks, receiver, client); \
         cores: its average use over the phase; others: cores other processes used; steal: CPU the \
         hypervisor took"
    );
}
