//! The bench's results: what it measured, and how it prints them.

use super::*;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Report {
    pub(super) benchmark: &'static str,
    pub(super) store: &'static str,
    pub(super) institution: String,
    pub(super) tax_id: String,
    pub(super) setup: Setup,
    #[serde(flatten)]
    pub(super) phases: Phases,
    /// Every event the receiver read during the whole run, by name (duplicates not counted).
    pub(super) events_received: BTreeMap<String, u64>,
    /// Deliveries of an event already received (at-least-once delivery).
    pub(super) duplicate_deliveries: u64,
}

#[derive(Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Phases {
    /// `GET /healthz` over 1 connection, then over `--clients`.
    pub(super) baselines: Vec<LoadResult>,
    pub(super) sequential: Option<JourneysResult>,
    pub(super) concurrent: Option<JourneysResult>,
    /// `POST /data/v1/links` with the app's event URL cleared (each `link_created` is stored,
    /// not sent), then with it set (the worker delivers each one meanwhile).
    pub(super) link_creation: Vec<LoadResult>,
    /// With the event URL set: from the end of the load until the receiver had every
    /// `link_created` of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) link_events_drained_secs: Option<f64>,
    /// With the event URL set: links created per second counting until their events were all
    /// delivered (what the deployment sustains, deliveries included).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) links_delivered_per_sec: Option<f64>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Setup {
    pub(super) sandbox_start_secs: f64,
    pub(super) server_start_secs: f64,
}

/// Latency percentiles in milliseconds (with the p95 the issue asks for).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Percentiles {
    pub(crate) count: u64,
    pub(crate) mean_ms: f64,
    pub(crate) p50_ms: f64,
    pub(crate) p90_ms: f64,
    pub(crate) p95_ms: f64,
    pub(crate) p99_ms: f64,
    pub(crate) max_ms: f64,
}

impl Percentiles {
    pub(crate) fn of(h: &Histogram<u64>) -> Self {
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
pub(super) struct JourneysResult {
    pub(super) journeys: u64,
    pub(super) concurrency: u64,
    pub(super) ok: u64,
    pub(super) errors: u64,
    /// Failures by kind (status of the failing call, consent outcome, missing event…).
    pub(super) errors_by_kind: BTreeMap<String, u64>,
    pub(super) elapsed_secs: f64,
    pub(super) journeys_per_sec: f64,
    /// Create link → `consent_authorised` read by the receiver: the figure.
    pub(super) journey: Percentiles,
    /// `POST /data/v1/links`, send to last byte.
    pub(super) create_link: Percentiles,
    /// `POST /data/v1/sandbox/consents`, send to last byte (the whole bank side of the journey).
    pub(super) complete_consent: Percentiles,
    /// The consent's answer → its event read, for events that arrived after the answer.
    pub(super) event_after_answer: Percentiles,
    /// Events read before the consent's answer had arrived (they count 0 above).
    pub(super) events_before_answer: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) cpu: Option<CpuUse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) first_error: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct LoadResult {
    pub(crate) endpoint: String,
    pub(crate) connections: u64,
    pub(crate) ok: u64,
    pub(crate) errors: u64,
    pub(crate) elapsed_secs: f64,
    pub(crate) throughput_rps: f64,
    pub(crate) latency: Percentiles,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) cpu: Option<CpuUse>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) first_error: Option<String>,
}

pub(super) fn cpu_cells(cpu: Option<&CpuUse>) -> Vec<String> {
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

pub(super) fn print_report(report: &Report) {
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
