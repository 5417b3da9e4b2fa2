//! The durable job queue: typed jobs stored in the database.
//!
//! A job is enqueued inside the caller's transaction ([`Tx::enqueue`](crate::Tx::enqueue)), so it exists exactly when
//! the state change that asked for it does. Workers claim jobs with a lease (`lease_until`) and
//! extend it with heartbeats while they run; a worker that dies (even `kill -9`) stops
//! heartbeating, its lease expires, [`Store::reap_expired_leases`](crate::Store::reap_expired_leases) puts the job back and another
//! worker takes it. On PostgreSQL claims use `FOR UPDATE SKIP LOCKED`, so replicas never claim the
//! same job; on SQLite the single writer connection serialises claims. Completed jobs are deleted;
//! jobs that exhaust their attempts are kept as `dead`, visible and retryable.

mod queue;

/// The PostgreSQL channel on which committed jobs are announced to every replica.
pub(crate) const JOBS_CHANNEL: &str = "ponte_jobs";
pub(crate) const NOTIFY_JOBS: &str = "NOTIFY ponte_jobs";

use crate::error::{Result, StoreError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use time::OffsetDateTime;

/// A kind of background work. The payload is the value itself, stored as JSON.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// Stable name stored in the database; never rename a kind that may have queued jobs.
    const KIND: &'static str;
    /// Attempts before the job is declared dead.
    const MAX_ATTEMPTS: u32 = 10;

    /// Jobs with the same key are enqueued once while one is queued (e.g. a periodic job's slot).
    fn dedupe_key(&self) -> Option<String> {
        None
    }
}

pub type JobId = i64;

/// A job ready to be enqueued.
#[derive(Clone, Debug)]
pub struct NewJob {
    pub kind: String,
    pub payload: String,
    pub max_attempts: u32,
    pub dedupe_key: Option<String>,
    /// When to run it; `None` means now.
    pub run_at: Option<OffsetDateTime>,
}

impl NewJob {
    pub fn of<J: Job>(job: &J) -> Result<Self> {
        let payload = serde_json::to_string(job)
            .map_err(|e| StoreError::corrupt(format!("job {} does not serialise: {e}", J::KIND)))?;
        Ok(Self {
            kind: J::KIND.to_owned(),
            payload,
            max_attempts: J::MAX_ATTEMPTS,
            dedupe_key: job.dedupe_key(),
            run_at: None,
        })
    }

    pub fn run_at(mut self, at: OffsetDateTime) -> Self {
        self.run_at = Some(at);
        self
    }
}

/// A job a worker holds a lease on.
#[derive(Clone, Debug)]
pub struct ClaimedJob {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    /// Including this one.
    pub attempt: u32,
    pub max_attempts: u32,
}

impl ClaimedJob {
    pub fn decode<J: Job>(&self) -> Result<J> {
        serde_json::from_str(&self.payload)
            .map_err(|e| StoreError::corrupt(format!("job {} #{}: {e}", self.kind, self.id)))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    Pending,
    Running,
    Dead,
}

impl JobStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Running => "running",
            Self::Dead => "dead",
        }
    }

    pub(crate) fn parse(text: &str) -> Result<Self> {
        match text {
            "pending" => Ok(Self::Pending),
            "running" => Ok(Self::Running),
            "dead" => Ok(Self::Dead),
            other => Err(StoreError::corrupt(format!("unknown job status {other}"))),
        }
    }
}

impl std::str::FromStr for JobStatus {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Self::parse(s).map_err(|_| format!("unknown job status '{s}' (pending, running or dead)"))
    }
}

/// A job as an operator sees it.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRecord {
    pub id: JobId,
    pub kind: String,
    pub status: JobStatus,
    pub attempts: u32,
    pub max_attempts: u32,
    #[serde(with = "time::serde::rfc3339")]
    pub run_at: OffsetDateTime,
    pub last_error: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: OffsetDateTime,
}

/// What became of a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOutcome {
    RetryAt(OffsetDateTime),
    Dead,
    /// The lease had been lost (expired and taken by another worker); nothing was changed.
    LeaseLost,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueStats {
    pub pending: u64,
    pub running: u64,
    pub dead: u64,
    /// Age of the oldest job that is due and not yet claimed.
    pub oldest_due_age_ms: u64,
}
