//! One run — a link, a headless consent approved at the bank, then the wait until the partner
//! has every report of the consent's automatic request — and runs one after the other or all
//! at once.

use super::receiver::Receiver;
use crate::cli::bench::cpu::{CpuTicks, CpuUse};
use crate::cli::bench::link::client::{Calls, Client, Endpoint, Failure, failed, transport};
use anyhow::Context;
use bytes::Bytes;
use hyper::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};
use time::OffsetDateTime;
use uuid::Uuid;

/// How long after the consent's answer its reports may take to reach the partner.
const REPORTS_TIMEOUT: Duration = Duration::from_secs(120);

/// One run as the partner saw it.
pub(super) struct Run {
    pub(super) consent_id: Uuid,
    pub(super) request_id: Uuid,
    /// The products of the automatic request: the reports it waited for.
    pub(super) products: usize,
    /// `POST /data/v1/links` sent.
    pub(super) sent: Instant,
    /// The AUTHORISED answer of `POST /data/v1/sandbox/consents` read: the figure's start.
    pub(super) answered: Instant,
    /// The wall clock at `answered`, to place the store's timestamps against this run.
    pub(super) answered_wall: OffsetDateTime,
    /// When the partner had every report.
    pub(super) all_reports: Instant,
}

impl Run {
    /// The figure: the AUTHORISED answer → every report at the partner.
    pub(super) fn authorised_to_reports(&self) -> Duration {
        self.all_reports.saturating_duration_since(self.answered)
    }

    /// From the first request of the run (the link) → every report at the partner.
    pub(super) fn sent_to_reports(&self) -> Duration {
        self.all_reports.saturating_duration_since(self.sent)
    }

    /// An instant of this process on the wall clock the store writes its timestamps with.
    pub(super) fn wall(&self, at: Instant) -> OffsetDateTime {
        match at.checked_duration_since(self.answered) {
            Some(after) => self.answered_wall + after,
            None => self.answered_wall - self.answered.saturating_duration_since(at),
        }
    }
}

pub(super) async fn run(client: &mut Client, calls: &Calls, receiver: &Receiver) -> Result<Run, Failure> {
    let sent = Instant::now();
    let (status, answer) = client
        .send(Endpoint::CreateLink, Some(calls.link_body.clone()))
        .await
        .map_err(|e| transport(Endpoint::CreateLink, &e))?;
    if status != StatusCode::OK {
        return Err(failed(Endpoint::CreateLink, status, &answer));
    }
    let link: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    let link_id = link["linkId"].as_str().ok_or_else(|| failed(Endpoint::CreateLink, status, &answer))?;
    let body = json!({ "linkId": link_id, "institutionCode": calls.institution, "taxId": calls.tax_id });
    let (status, answer) = client
        .send(Endpoint::CompleteConsent, Some(Bytes::from(body.to_string())))
        .await
        .map_err(|e| transport(Endpoint::CompleteConsent, &e))?;
    let answered = Instant::now();
    let answered_wall = OffsetDateTime::now_utc();
    if status != StatusCode::OK {
        return Err(failed(Endpoint::CompleteConsent, status, &answer));
    }
    let consent: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
    let consent_id = consent["consentId"].as_str().unwrap_or_default();
    let Ok(consent_uuid) = consent_id.parse::<Uuid>() else {
        return Err(failed(Endpoint::CompleteConsent, status, &answer));
    };
    let outcome = consent["status"].as_str().unwrap_or("?");
    if outcome != "AUTHORISED" {
        let reason = consent["statusReason"].as_str().unwrap_or("-");
        return Err(Failure(
            format!("consent {outcome}"),
            format!("consent {consent_id} ended {outcome} ({reason})"),
        ));
    }
    let delivered = receiver.wait(consent_id, REPORTS_TIMEOUT).await.map_err(|missing| {
        Failure(
            "reports missing".to_owned(),
            format!(
                "consent {consent_id}: not every report within {} s ({missing})",
                REPORTS_TIMEOUT.as_secs()
            ),
        )
    })?;
    if !delivered.failed.is_empty() {
        return Err(Failure(
            "product_generated_failed".to_owned(),
            format!("consent {consent_id}: {} failed to build", delivered.failed.join(", ")),
        ));
    }
    let request_id = delivered.request_id.parse::<Uuid>().map_err(|_| {
        Failure("bad requestId".to_owned(), format!("requestId {:?} is not a UUID", delivered.request_id))
    })?;
    Ok(Run {
        consent_id: consent_uuid,
        request_id,
        products: delivered.products,
        sent,
        answered,
        answered_wall,
        all_reports: delivered.all_reports,
    })
}

/// The runs of a phase, and what went wrong in the others.
#[derive(Default)]
pub(super) struct Phase {
    /// The successful runs, in the order they started.
    pub(super) runs: Vec<Run>,
    pub(super) errors: BTreeMap<String, u64>,
    pub(super) first_error: Option<String>,
    pub(super) elapsed: Duration,
    pub(super) cpu: Option<CpuUse>,
}

impl Phase {
    fn add(&mut self, outcome: Result<Run, Failure>) {
        match outcome {
            Ok(run) => self.runs.push(run),
            Err(Failure(kind, message)) => {
                *self.errors.entry(kind).or_insert(0) += 1;
                self.first_error.get_or_insert(message);
            }
        }
    }

    pub(super) fn error_count(&self) -> u64 {
        self.errors.values().sum()
    }

    fn finish(mut self, start: Instant, cpu_before: Option<CpuTicks>) -> Phase {
        self.elapsed = start.elapsed();
        let ok = u64::try_from(self.runs.len()).unwrap_or(u64::MAX);
        self.cpu =
            cpu_before.zip(CpuTicks::now()).map(|(before, after)| after.since(before, self.elapsed, ok));
        self.runs.sort_by_key(|run| run.sent);
        self
    }
}

/// `runs` runs over one connection, each after the previous one's reports all arrived.
pub(super) async fn one_at_a_time(calls: &Arc<Calls>, receiver: &Receiver, runs: u64) -> Phase {
    let (start, cpu) = (Instant::now(), CpuTicks::now());
    let mut client = Client::new(calls.clone());
    let mut phase = Phase::default();
    for _ in 0..runs {
        phase.add(run(&mut client, calls, receiver).await);
    }
    phase.finish(start, cpu)
}

/// `runs` runs started together, each on its own connection.
pub(super) async fn all_at_once(
    calls: &Arc<Calls>,
    receiver: &Arc<Receiver>,
    runs: u64,
) -> anyhow::Result<Phase> {
    let (start, cpu) = (Instant::now(), CpuTicks::now());
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..runs {
        let (calls, receiver) = (calls.clone(), receiver.clone());
        tasks.spawn(async move {
            let mut client = Client::new(calls.clone());
            run(&mut client, &calls, &receiver).await
        });
    }
    let mut phase = Phase::default();
    while let Some(done) = tasks.join_next().await {
        phase.add(done.context("a run panicked")?);
    }
    Ok(phase.finish(start, cpu))
}
