//! Running jobs: handlers registered per kind, a polling loop with bounded concurrency,
//! heartbeats that keep leases alive while handlers run, retries with exponential backoff and
//! jitter, and a deterministic [`Worker::drain`] for tests.

use crate::error::Result;
use crate::jobs::{ClaimedJob, FailOutcome, Job, JobId};
use crate::store::Store;
use async_trait::async_trait;
use rand::Rng;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::{Semaphore, mpsc, watch};
use tokio::task::JoinSet;

/// Why a job did not succeed.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth trying again later (network, 5xx, lock timeouts…). `after` overrides the backoff.
    #[error("{message}")]
    Retry { message: String, after: Option<Duration> },
    /// Trying again cannot help (bad payload, the thing it was about is gone).
    #[error("{0}")]
    Permanent(String),
}

impl JobError {
    pub fn retry(message: impl Into<String>) -> Self {
        Self::Retry { message: message.into(), after: None }
    }

    pub fn permanent(message: impl Into<String>) -> Self {
        Self::Permanent(message.into())
    }
}

/// A storage failure while running a job (connection lost, lock timeout…) is worth retrying.
impl From<crate::error::StoreError> for JobError {
    fn from(error: crate::error::StoreError) -> Self {
        JobError::retry(error.to_string())
    }
}

/// Runs jobs of one kind.
#[async_trait]
pub trait JobHandler<J: Job>: Send + Sync + 'static {
    async fn run(&self, job: J, attempt: u32) -> Result<(), JobError>;
}

#[async_trait]
trait ErasedHandler: Send + Sync {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError>;
}

struct Typed<J, H>(H, std::marker::PhantomData<fn() -> J>);

#[async_trait]
impl<J: Job, H: JobHandler<J>> ErasedHandler for Typed<J, H> {
    async fn run(&self, job: &ClaimedJob) -> Result<(), JobError> {
        let value = job.decode::<J>().map_err(|e| JobError::permanent(e.to_string()))?;
        self.0.run(value, job.attempt).await
    }
}

/// Tunables; the defaults suit a production deployment.
#[derive(Clone, Debug)]
pub struct WorkerConfig {
    pub concurrency: usize,
    pub batch: u32,
    pub lease: Duration,
    pub heartbeat: Duration,
    pub poll_interval: Duration,
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// How long a graceful shutdown waits for running jobs before giving their leases back.
    pub shutdown_grace: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            concurrency: 16,
            batch: 32,
            lease: Duration::from_secs(30),
            heartbeat: Duration::from_secs(10),
            poll_interval: Duration::from_millis(500),
            backoff_base: Duration::from_secs(2),
            backoff_max: Duration::from_secs(3600),
            shutdown_grace: Duration::from_secs(20),
        }
    }
}

/// What [`Worker::drain`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DrainReport {
    pub succeeded: u64,
    pub retried: u64,
    pub dead: u64,
}

pub struct Worker {
    store: Store,
    owner: String,
    config: WorkerConfig,
    handlers: HashMap<&'static str, Arc<dyn ErasedHandler>>,
}

impl Worker {
    pub fn new(store: Store, config: WorkerConfig) -> Self {
        let owner = format!("worker-{}", uuid::Uuid::new_v4());
        Self { store, owner, config, handlers: HashMap::new() }
    }

    pub fn owner(&self) -> &str {
        &self.owner
    }

    pub fn register<J: Job, H: JobHandler<J>>(&mut self, handler: H) -> &mut Self {
        self.handlers.insert(J::KIND, Arc::new(Typed::<J, H>(handler, std::marker::PhantomData)));
        self
    }

    fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<_> = self.handlers.keys().copied().collect();
        kinds.sort_unstable();
        kinds
    }

    /// Runs every due job, one at a time, until none is left; returns what happened. Jobs
    /// retried into the future are not waited for: advance the store's clock and drain again.
    pub async fn drain(&self) -> Result<DrainReport> {
        let kinds = self.kinds();
        let mut report = DrainReport::default();
        loop {
            self.store.reap_expired_leases().await?;
            let jobs = self.store.claim(&self.owner, &kinds, 1, self.config.lease).await?;
            let Some(job) = jobs.into_iter().next() else { return Ok(report) };
            match self.execute(&job).await? {
                Outcome::Succeeded => {
                    if !self.store.complete(&self.owner, job.id).await? {
                        tracing::warn!(job_id = job.id, kind = %job.kind, "job finished after its lease was lost");
                    }
                    report.succeeded += 1;
                }
                Outcome::Retried => report.retried += 1,
                Outcome::Dead => report.dead += 1,
            }
        }
    }

    /// Runs until `shutdown` turns true, then finishes running jobs within the grace period and
    /// gives back the leases of any still running.
    ///
    /// Successful jobs are deleted in batches by a flusher task: under load one statement
    /// completes many jobs, and a crash before the flush only means those jobs run again
    /// (delivery is at least once anyway).
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) -> Result<()> {
        let worker = Arc::new(self);
        let kinds = worker.kinds();
        let slots = Arc::new(Semaphore::new(worker.config.concurrency.max(1)));
        let in_flight: Arc<Mutex<BTreeSet<JobId>>> = Arc::default();
        let mut running = JoinSet::new();
        let heartbeat = tokio::spawn(heartbeat_loop(worker.clone(), in_flight.clone()));
        let (done, finished) = mpsc::unbounded_channel::<JobId>();
        let flusher = tokio::spawn(flush_completions(worker.clone(), finished));
        let listener = {
            let (store, shutdown) = (worker.store.clone(), shutdown.clone());
            tokio::spawn(async move { store.listen_for_jobs(shutdown).await })
        };
        // Expired leases are rare (a worker died); looking for them every few seconds is enough.
        let reap_every = (worker.config.lease / 4).clamp(Duration::from_millis(100), Duration::from_secs(5));
        let mut next_reap = tokio::time::Instant::now();
        tracing::info!(owner = %worker.owner, kinds = ?kinds, "worker started");

        while !*shutdown.borrow() {
            while running.try_join_next().is_some() {}
            if tokio::time::Instant::now() >= next_reap {
                if let Err(error) = worker.store.reap_expired_leases().await {
                    tracing::warn!(%error, "reaping expired leases failed");
                }
                next_reap = tokio::time::Instant::now() + reap_every;
            }
            let free = slots.available_permits().min(worker.config.batch as usize) as u32;
            let claimed = if free == 0 {
                Vec::new()
            } else {
                match worker.store.claim(&worker.owner, &kinds, free, worker.config.lease).await {
                    Ok(jobs) => jobs,
                    Err(error) => {
                        tracing::warn!(%error, "claiming jobs failed");
                        Vec::new()
                    }
                }
            };
            let saturated = free == 0 || claimed.len() as u32 == free;
            for job in claimed {
                let Ok(permit) = slots.clone().acquire_owned().await else { break };
                lock(&in_flight).insert(job.id);
                let (worker, in_flight, done) = (worker.clone(), in_flight.clone(), done.clone());
                running.spawn(async move {
                    match worker.execute(&job).await {
                        Ok(Outcome::Succeeded) => {
                            let _ = done.send(job.id);
                        }
                        Ok(_) => {}
                        Err(error) => {
                            tracing::warn!(%error, job_id = job.id, "recording a job's outcome failed")
                        }
                    }
                    lock(&in_flight).remove(&job.id);
                    drop(permit);
                });
            }
            if saturated {
                // Busy, or more may be waiting: claim again as soon as a slot frees up.
                tokio::select! {
                    _ = slots.acquire() => {}
                    _ = shutdown.changed() => {}
                }
                continue;
            }
            tokio::select! {
                _ = worker.store.wait_for_jobs(worker.config.poll_interval) => {}
                _ = shutdown.changed() => {}
            }
        }

        tracing::info!(running = running.len(), "worker stopping");
        let finished_in_time = tokio::time::timeout(worker.config.shutdown_grace, async {
            while running.join_next().await.is_some() {}
        })
        .await;
        if finished_in_time.is_err() {
            running.abort_all();
            let ids: Vec<JobId> = lock(&in_flight).iter().copied().collect();
            let released = worker.store.release(&worker.owner, &ids).await?;
            tracing::warn!(released, "gave back the leases of jobs still running at shutdown");
        }
        drop(done);
        if let Err(error) = flusher.await {
            tracing::warn!(%error, "the completion flusher stopped abnormally");
        }
        heartbeat.abort();
        listener.abort();
        Ok(())
    }

    /// Runs the job's handler and records a failure; a success is left to the caller to complete.
    async fn execute(&self, job: &ClaimedJob) -> Result<Outcome> {
        let started = std::time::Instant::now();
        let result = match self.handlers.get(job.kind.as_str()) {
            Some(handler) => handler.run(job).await,
            None => Err(JobError::retry(format!("no handler for job kind {}", job.kind))),
        };
        let kind = job.kind.clone();
        metrics::histogram!("ponte_job_duration_seconds", "kind" => kind.clone())
            .record(started.elapsed().as_secs_f64());
        let outcome = match result {
            // The caller deletes it: at once in `drain`, in batches in `run`.
            Ok(()) => Outcome::Succeeded,
            Err(error) => {
                let retry_at = match &error {
                    JobError::Permanent(_) => None,
                    JobError::Retry { after, .. } => Some(self.retry_at(job.attempt, *after)),
                };
                match self.store.fail(&self.owner, job.id, &error.to_string(), retry_at).await? {
                    FailOutcome::Dead => {
                        tracing::error!(job_id = job.id, kind = %job.kind, attempt = job.attempt, %error, "job is dead");
                        Outcome::Dead
                    }
                    FailOutcome::RetryAt(at) => {
                        tracing::info!(job_id = job.id, kind = %job.kind, attempt = job.attempt, %error, retry_at = %at, "job will be retried");
                        Outcome::Retried
                    }
                    FailOutcome::LeaseLost => Outcome::Retried,
                }
            }
        };
        metrics::counter!("ponte_jobs_total", "kind" => kind, "outcome" => outcome.as_str()).increment(1);
        Ok(outcome)
    }

    fn retry_at(&self, attempt: u32, after: Option<Duration>) -> OffsetDateTime {
        let delay = after.unwrap_or_else(|| {
            backoff(
                attempt,
                self.config.backoff_base,
                self.config.backoff_max,
                rand::rng().random_range(0.8..=1.2),
            )
        });
        self.store.clock().now() + delay
    }
}

/// Exponential backoff: `base · 2^(attempt−1)`, capped, scaled by `jitter` (e.g. 0.8–1.2).
pub fn backoff(attempt: u32, base: Duration, max: Duration, jitter: f64) -> Duration {
    let exponent = attempt.saturating_sub(1).min(30);
    let raw = base.saturating_mul(1u32 << exponent).min(max);
    raw.mul_f64(jitter.clamp(0.0, 2.0))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Succeeded,
    Retried,
    Dead,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "succeeded",
            Self::Retried => "retried",
            Self::Dead => "dead",
        }
    }
}

/// Deletes completed jobs, as many per statement as have finished since the last one.
async fn flush_completions(worker: Arc<Worker>, mut finished: mpsc::UnboundedReceiver<JobId>) {
    const MAX_BATCH: usize = 256;
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while finished.recv_many(&mut batch, MAX_BATCH).await > 0 {
        match worker.store.complete_many(&worker.owner, &batch).await {
            Ok(completed) if completed < batch.len() as u64 => {
                tracing::warn!(
                    lost = batch.len() as u64 - completed,
                    "jobs finished after their lease was lost"
                );
            }
            Ok(_) => {}
            // The jobs stay leased; when the lease expires they run again (at least once).
            Err(error) => tracing::warn!(%error, jobs = batch.len(), "completing jobs failed"),
        }
        batch.clear();
    }
}

async fn heartbeat_loop(worker: Arc<Worker>, in_flight: Arc<Mutex<BTreeSet<JobId>>>) {
    let mut ticker = tokio::time::interval(worker.config.heartbeat);
    loop {
        ticker.tick().await;
        let ids: Vec<JobId> = lock(&in_flight).iter().copied().collect();
        if let Err(error) = worker.store.heartbeat(&worker.owner, &ids, worker.config.lease).await {
            tracing::warn!(%error, "job heartbeat failed");
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_caps() {
        let base = Duration::from_secs(2);
        let max = Duration::from_secs(60);
        assert_eq!(backoff(1, base, max, 1.0), Duration::from_secs(2));
        assert_eq!(backoff(3, base, max, 1.0), Duration::from_secs(8));
        assert_eq!(backoff(30, base, max, 1.0), max);
        assert_eq!(backoff(1, base, max, 0.8), Duration::from_millis(1600));
    }
}
