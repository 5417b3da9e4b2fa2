//! The background jobs the server itself owns, and the periodic scheduler that enqueues them.

use crate::state::AppState;
use ponte_link::Journey;
use ponte_link::journey::SweepReport;
use ponte_link::requests::{BuildReports, FetchConsentData};
use ponte_pipeline::build::BuildReportsHandler;
use ponte_pipeline::fetch::FetchConsentDataHandler;
use ponte_pipeline::purge::{PurgeExpiredData, PurgeExpiredDataHandler};
use ponte_store::Store;
use ponte_store::jobs::{Job, NewJob};
use ponte_store::worker::{JobError, JobHandler, Worker};
use ponte_webhooks::client::Sender;
use ponte_webhooks::deliver::{DeliverWebhook, DeliverWebhookHandler};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use tokio::sync::watch;

/// Deletes idempotency records older than their TTL. Enqueued once per hour (the dedupe key is
/// the hour), whichever replica's scheduler gets there first.
#[derive(Debug, Serialize, Deserialize)]
pub struct PurgeIdempotencyKeys {
    pub hour: i64,
}

impl Job for PurgeIdempotencyKeys {
    const KIND: &'static str = "purge_idempotency_keys";
    const MAX_ATTEMPTS: u32 = 3;

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.hour))
    }
}

pub struct PurgeIdempotencyKeysHandler {
    pub store: Store,
    pub ttl: Duration,
}

#[async_trait::async_trait]
impl JobHandler<PurgeIdempotencyKeys> for PurgeIdempotencyKeysHandler {
    async fn run(&self, _job: PurgeIdempotencyKeys, _attempt: u32) -> Result<(), JobError> {
        let purged = self.store.purge_idempotency_keys(self.ttl).await?;
        tracing::info!(purged, "purged expired idempotency keys");
        Ok(())
    }
}

/// Ends Link journeys that ran out of time, closes expired link URLs and polls the banks for
/// revocations. Enqueued every minute (the dedupe key is the minute).
#[derive(Debug, Serialize, Deserialize)]
pub struct SweepJourneys {
    pub minute: i64,
}

impl Job for SweepJourneys {
    const KIND: &'static str = "sweep_journeys";
    const MAX_ATTEMPTS: u32 = 3;

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.minute))
    }
}

pub struct SweepJourneysHandler {
    pub journey: Journey,
}

#[async_trait::async_trait]
impl JobHandler<SweepJourneys> for SweepJourneysHandler {
    async fn run(&self, _job: SweepJourneys, _attempt: u32) -> Result<(), JobError> {
        let report = self.journey.sweep().await.map_err(|e| JobError::retry(e.to_string()))?;
        if report != SweepReport::default() {
            tracing::info!(?report, "swept the Link journeys");
        }
        let purged = self.journey.store.purge_journey_grants().await?;
        if purged > 0 {
            tracing::debug!(purged, "purged old journey grants");
        }
        Ok(())
    }
}

/// Registers every job handler the server provides, on one worker (tests drain them this way).
pub fn register(worker: &mut Worker, state: &AppState) -> anyhow::Result<()> {
    register_core(worker, state)?;
    register_fetches(worker, state);
    Ok(())
}

/// Fetches from institutions, on a worker of their own: a slow bank holds its fetch for seconds
/// or minutes, and must not take the slots webhook deliveries and report builds need.
pub fn register_fetches(worker: &mut Worker, state: &AppState) {
    worker.register::<FetchConsentData, _>(FetchConsentDataHandler { pipeline: state.pipeline.clone() });
}

/// Every job handler but the fetches.
pub fn register_core(worker: &mut Worker, state: &AppState) -> anyhow::Result<()> {
    let (store, config) = (&state.store, &state.config);
    worker.register::<SweepJourneys, _>(SweepJourneysHandler { journey: state.journey.clone() });
    worker.register::<BuildReports, _>(BuildReportsHandler { pipeline: state.pipeline.clone() });
    worker.register::<PurgeExpiredData, _>(PurgeExpiredDataHandler { store: store.clone() });
    let ttl = Duration::from_secs(config.idempotency.ttl_hours * 3600);
    worker.register::<PurgeIdempotencyKeys, _>(PurgeIdempotencyKeysHandler { store: store.clone(), ttl });
    let timeout = Duration::from_secs(config.webhooks.timeout_secs);
    let sender =
        Sender::new(config.webhook_allow_list()?, timeout, config.webhooks.max_in_flight_per_endpoint)?;
    worker.register::<DeliverWebhook, _>(DeliverWebhookHandler {
        klavi_prefix: config.webhooks.klavi_header_prefix.clone(),
        max_retry_after: Duration::from_secs(config.webhooks.max_retry_after_secs),
        ..DeliverWebhookHandler::new(store.clone(), sender)
    });
    Ok(())
}

/// Enqueues periodic jobs until shutdown.
pub async fn schedule(store: Store, mut shutdown: watch::Receiver<bool>) {
    let mut ticker = tokio::time::interval(Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => return,
        }
        let now = store.clock().now().unix_timestamp();
        let job = NewJob::of(&PurgeIdempotencyKeys { hour: now / 3600 });
        if let Err(error) = async { store.enqueue(job?).await }.await {
            tracing::warn!(%error, "scheduling the idempotency purge failed");
        }
        let job = NewJob::of(&PurgeExpiredData { hour: now / 3600 });
        if let Err(error) = async { store.enqueue(job?).await }.await {
            tracing::warn!(%error, "scheduling the retention purge failed");
        }
        let job = NewJob::of(&SweepJourneys { minute: now / 60 });
        if let Err(error) = async { store.enqueue(job?).await }.await {
            tracing::warn!(%error, "scheduling the journey sweep failed");
        }
    }
}
