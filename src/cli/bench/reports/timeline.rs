//! Where a run's time went, read from the store after the phase (so reading it costs the runs
//! nothing). The store keeps wall-clock milliseconds; the run's own instants are placed on the
//! same clock through the wall time noted with the consent's answer.

use super::journey::Run;
use anyhow::Context;
use ponte_store::Store;
use std::time::Duration;
use time::OffsetDateTime;
use uuid::Uuid;

pub(super) struct Timeline {
    /// The AUTHORISED transition (the automatic request's `created_at`, written in its
    /// transaction) → the consent's answer read by the partner's backend.
    pub(super) authorised_to_answer: Duration,
    /// The AUTHORISED transition → the fetch job started (`consent_fetches.started_at`).
    pub(super) fetch_queued: Duration,
    /// The fetch: every Open Finance call to the bank, normalising, the sealed write.
    pub(super) fetch: Duration,
    /// Fetch finished → the last report stored: the build job's wait in the queue and the build.
    pub(super) build: Duration,
    /// The last report stored → the partner had every report: the delivery jobs.
    pub(super) delivery: Duration,
    /// Attempts of the fetch job (1 unless the bank refused something for a while).
    pub(super) fetch_attempts: u32,
    /// Calls the fetch counted against the OFB monthly limits: every call to the bank but
    /// `GET /resources`, which has no limit.
    pub(super) bank_calls: u32,
    /// Parts of the consent's data the fetch could not get.
    pub(super) missing_parts: u32,
}

pub(super) async fn timeline(store: &Store, app_id: Uuid, run: &Run) -> anyhow::Result<Timeline> {
    let request = store
        .report_request_for_job(run.request_id)
        .await?
        .with_context(|| format!("request {} is not in the store", run.request_id))?;
    let fetch = store
        .fetch_state(run.consent_id)
        .await?
        .with_context(|| format!("consent {} has no fetch", run.consent_id))?;
    let fetched =
        fetch.finished_at.with_context(|| format!("consent {}: fetch not finished", run.consent_id))?;
    let reports = store.reports_of_request(app_id, run.request_id).await?;
    let stored = reports
        .iter()
        .map(|report| report.created_at)
        .max()
        .with_context(|| format!("request {} has no stored report", run.request_id))?;
    // The counters are per month of Brasília (UTC−3), the month the fetch counted its calls in.
    let month = fetch.started_at.to_offset(time::macros::offset!(-3));
    let month = format!("{:04}-{:02}", month.year(), u8::from(month.month()));
    let bank_calls = store.ofb_calls(run.consent_id, &month).await?.iter().map(|(_, _, calls)| calls).sum();
    let missing_parts =
        store.consent_data(app_id, run.consent_id).await?.map_or(0, |data| data.missing_parts);
    Ok(Timeline {
        authorised_to_answer: between(request.created_at, run.answered_wall),
        fetch_queued: between(request.created_at, fetch.started_at),
        fetch: between(fetch.started_at, fetched),
        build: between(fetched, stored),
        delivery: between(stored, run.wall(run.all_reports)),
        fetch_attempts: fetch.attempts,
        bank_calls,
        missing_parts,
    })
}

/// `to - from`, or zero when the clocks' millisecond rounding puts `to` first.
fn between(from: OffsetDateTime, to: OffsetDateTime) -> Duration {
    Duration::try_from(to - from).unwrap_or(Duration::ZERO)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_step_is_the_gap_between_two_timestamps_and_never_negative() {
        let at = datetime!(2026-11-24 12:00:00.000 UTC);
        assert_eq!(between(at, at + Duration::from_millis(42)), Duration::from_millis(42));
        assert_eq!(between(at + Duration::from_millis(1), at), Duration::ZERO);
    }
}
