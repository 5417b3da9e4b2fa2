//! The queue's storage operations: enqueue, claim, heartbeat, complete, fail, reap, inspect.

use super::{ClaimedJob, FailOutcome, JobId, JobRecord, JobStatus, NewJob, QueueStats};
use crate::clock::{from_millis, to_millis};
use crate::db::Backend;
use crate::error::Result;
use crate::store::{Store, Tx};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use std::time::Duration;
use time::OffsetDateTime;

const INSERT_JOB: &str = "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, run_at, \
     dedupe_key, created_at, updated_at) VALUES ($1, $2, 'pending', 0, $3, $4, $5, $6, $6) \
     ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id";

/// Inserts a job; `None` when a job with the same dedupe key is already queued.
async fn insert_job(conn: &mut sqlx::AnyConnection, job: NewJob, now: i64) -> Result<Option<JobId>> {
    let run_at = job.run_at.map(to_millis).unwrap_or(now);
    Ok(sqlx::query_scalar(INSERT_JOB)
        .bind(job.kind)
        .bind(job.payload)
        .bind(i64::from(job.max_attempts))
        .bind(run_at)
        .bind(job.dedupe_key)
        .bind(now)
        .fetch_optional(conn)
        .await?)
}

impl Tx {
    /// Enqueues a job inside this transaction. Returns `None` when a job with the same dedupe
    /// key is already queued.
    pub async fn enqueue(&mut self, job: NewJob) -> Result<Option<JobId>> {
        let now = self.now_millis();
        let id = insert_job(self.conn(), job, now).await?;
        self.enqueued |= id.is_some();
        Ok(id)
    }

    /// Enqueues several jobs inside this transaction; returns the ids of those not deduplicated.
    pub async fn enqueue_many(&mut self, jobs: impl IntoIterator<Item = NewJob>) -> Result<Vec<JobId>> {
        let mut ids = Vec::new();
        for job in jobs {
            ids.extend(self.enqueue(job).await?);
        }
        Ok(ids)
    }
}

impl Store {
    /// Enqueues several jobs in one transaction (one commit for all: the cheap way to enqueue
    /// many jobs at once).
    pub async fn enqueue_many(&self, jobs: impl IntoIterator<Item = NewJob>) -> Result<Vec<JobId>> {
        let mut tx = self.begin().await?;
        let ids = tx.enqueue_many(jobs).await?;
        tx.commit().await?;
        Ok(ids)
    }

    /// Enqueues one job on its own (a single statement, so no explicit transaction is needed).
    /// To enqueue together with other changes, use [`Tx::enqueue`].
    pub async fn enqueue(&self, job: NewJob) -> Result<Option<JobId>> {
        let mut conn = self.write().acquire().await?;
        let id = insert_job(&mut conn, job, self.now_millis()).await?;
        drop(conn);
        if id.is_some() {
            if self.backend() == Backend::Postgres {
                sqlx::query(super::NOTIFY_JOBS).execute(self.write()).await?;
            }
            self.job_notify.notify_waiters();
        }
        Ok(id)
    }

    /// Claims up to `limit` due jobs of the given kinds for `owner`, leased for `lease`.
    pub async fn claim(
        &self,
        owner: &str,
        kinds: &[&str],
        limit: u32,
        lease: Duration,
    ) -> Result<Vec<ClaimedJob>> {
        if kinds.is_empty() || limit == 0 {
            return Ok(Vec::new());
        }
        let now = self.now_millis();
        let kind_params = placeholders(5, kinds.len());
        let lock = match self.backend() {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE jobs SET status = 'running', lease_owner = $1, lease_until = $2, \
             attempts = attempts + 1, updated_at = $3 \
             WHERE id IN (SELECT id FROM jobs WHERE status = 'pending' AND run_at <= $3 \
             AND kind IN ({kind_params}) ORDER BY run_at, id LIMIT $4 {lock}) \
             RETURNING id, kind, payload, attempts, max_attempts"
        );
        let mut query = sqlx::query(AssertSqlSafe(sql))
            .bind(owner)
            .bind(now + lease_millis(lease))
            .bind(now)
            .bind(i64::from(limit));
        for kind in kinds {
            query = query.bind(*kind);
        }
        let rows = query.fetch_all(self.write()).await?;
        let mut jobs = rows.iter().map(claimed_from_row).collect::<Result<Vec<_>>>()?;
        jobs.sort_by_key(|j| j.id);
        Ok(jobs)
    }

    /// Extends the leases `owner` still holds among `ids`. Returns how many it still holds.
    pub async fn heartbeat(&self, owner: &str, ids: &[JobId], lease: Duration) -> Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let now = self.now_millis();
        let sql = format!(
            "UPDATE jobs SET lease_until = $1 WHERE status = 'running' AND lease_owner = $2 \
             AND id IN ({})",
            placeholders(3, ids.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(now + lease_millis(lease)).bind(owner);
        for id in ids {
            query = query.bind(*id);
        }
        Ok(query.execute(self.write()).await?.rows_affected())
    }

    /// Marks a job done (deletes it). False when the lease had been lost.
    pub async fn complete(&self, owner: &str, id: JobId) -> Result<bool> {
        Ok(self.complete_many(owner, &[id]).await? == 1)
    }

    /// Marks several jobs done in one statement. Returns how many were still held.
    pub async fn complete_many(&self, owner: &str, ids: &[JobId]) -> Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "DELETE FROM jobs WHERE status = 'running' AND lease_owner = $1 AND id IN ({})",
            placeholders(2, ids.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(owner);
        for id in ids {
            query = query.bind(*id);
        }
        Ok(query.execute(self.write()).await?.rows_affected())
    }

    /// Records a failed attempt: retried at `retry_at`, or dead when attempts are exhausted or
    /// `retry_at` is `None` (a permanent failure).
    pub async fn fail(
        &self,
        owner: &str,
        id: JobId,
        error: &str,
        retry_at: Option<OffsetDateTime>,
    ) -> Result<FailOutcome> {
        let now = self.now_millis();
        let error = truncate(error, 2000);
        let retry_at_ms = retry_at.map(to_millis);
        let row = sqlx::query(
            "UPDATE jobs SET \
               status = CASE WHEN $4 IS NULL OR attempts >= max_attempts THEN 'dead' ELSE 'pending' END, \
               run_at = CASE WHEN $4 IS NULL OR attempts >= max_attempts THEN run_at ELSE $4 END, \
               lease_owner = NULL, lease_until = NULL, last_error = $3, updated_at = $5 \
             WHERE id = $1 AND status = 'running' AND lease_owner = $2 RETURNING status, run_at",
        )
        .bind(id)
        .bind(owner)
        .bind(error)
        .bind(retry_at_ms)
        .bind(now)
        .fetch_optional(self.write())
        .await?;
        let Some(row) = row else { return Ok(FailOutcome::LeaseLost) };
        match JobStatus::parse(&row.try_get::<String, _>("status")?)? {
            JobStatus::Dead => Ok(FailOutcome::Dead),
            _ => Ok(FailOutcome::RetryAt(from_millis(row.try_get("run_at")?))),
        }
    }

    /// Gives leases back without counting the attempt (graceful shutdown).
    pub async fn release(&self, owner: &str, ids: &[JobId]) -> Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let sql = format!(
            "UPDATE jobs SET status = 'pending', attempts = attempts - 1, lease_owner = NULL, \
             lease_until = NULL, updated_at = $2 WHERE status = 'running' AND lease_owner = $1 \
             AND id IN ({})",
            placeholders(3, ids.len())
        );
        let mut query = sqlx::query(AssertSqlSafe(sql)).bind(owner).bind(self.now_millis());
        for id in ids {
            query = query.bind(*id);
        }
        Ok(query.execute(self.write()).await?.rows_affected())
    }

    /// Returns jobs whose worker stopped heartbeating to the queue (or to `dead` when that was
    /// their last attempt). Returns how many were recovered.
    pub async fn reap_expired_leases(&self) -> Result<u64> {
        let now = self.now_millis();
        let result = sqlx::query(
            "UPDATE jobs SET \
               status = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'pending' END, \
               last_error = CASE WHEN attempts >= max_attempts \
                 THEN 'lease expired on the last attempt (worker crashed or hung)' ELSE last_error END, \
               lease_owner = NULL, lease_until = NULL, updated_at = $1 \
             WHERE status = 'running' AND lease_until < $1",
        )
        .bind(now)
        .execute(self.write())
        .await?;
        Ok(result.rows_affected())
    }

    /// Puts a dead job back in the queue with fresh attempts. False when it is not dead.
    pub async fn retry_dead(&self, id: JobId) -> Result<bool> {
        let now = self.now_millis();
        let result = sqlx::query(
            "UPDATE jobs SET status = 'pending', attempts = 0, run_at = $2, updated_at = $2 \
             WHERE id = $1 AND status = 'dead'",
        )
        .bind(id)
        .bind(now)
        .execute(self.write())
        .await?;
        if result.rows_affected() == 1 {
            self.job_notify.notify_waiters();
        }
        Ok(result.rows_affected() == 1)
    }

    /// Jobs, newest first, optionally of one status.
    pub async fn list_jobs(&self, status: Option<JobStatus>, limit: u32) -> Result<Vec<JobRecord>> {
        let rows = sqlx::query(
            "SELECT id, kind, status, attempts, max_attempts, run_at, last_error, created_at, \
             updated_at FROM jobs WHERE ($1 IS NULL OR status = $1) ORDER BY id DESC LIMIT $2",
        )
        .bind(status.map(JobStatus::as_str))
        .bind(i64::from(limit))
        .fetch_all(self.read())
        .await?;
        rows.iter().map(record_from_row).collect()
    }

    /// The whole queue's counts and lag.
    pub async fn queue_stats(&self) -> Result<QueueStats> {
        let now = self.now_millis();
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {STATS} FROM jobs")))
            .bind(now)
            .fetch_one(self.read())
            .await?;
        stats_from_row(&row, now)
    }

    /// Counts and lag per job kind (e.g. the webhook queue's lag is that of `deliver_webhook`),
    /// sorted by kind.
    pub async fn queue_stats_by_kind(&self) -> Result<Vec<(String, QueueStats)>> {
        let now = self.now_millis();
        let rows =
            sqlx::query(AssertSqlSafe(format!("SELECT kind, {STATS} FROM jobs GROUP BY kind ORDER BY kind")))
                .bind(now)
                .fetch_all(self.read())
                .await?;
        rows.iter().map(|row| Ok((row.try_get("kind")?, stats_from_row(row, now)?))).collect()
    }

    /// Resolves when a job may have been enqueued by this process (or after `timeout`).
    /// Returns true when woken by a notification, false on timeout.
    pub async fn wait_for_jobs(&self, timeout: Duration) -> bool {
        tokio::time::timeout(timeout, self.job_notify.notified()).await.is_ok()
    }

    /// On PostgreSQL, a connection LISTENing for committed jobs (see [`Store::listen_for_jobs`]);
    /// `None` on SQLite, where every writer is in this process.
    pub async fn job_listener(&self) -> Result<Option<sqlx::postgres::PgListener>> {
        if self.backend() != Backend::Postgres {
            return Ok(None);
        }
        let mut listener = sqlx::postgres::PgListener::connect(&self.pools.url).await?;
        listener.listen(super::JOBS_CHANNEL).await?;
        Ok(Some(listener))
    }

    /// Wakes this process's workers whenever `listener` hears of a job committed by any replica.
    /// Returns when the connection is lost or `shutdown` turns true.
    pub async fn forward_job_notifications(
        &self,
        listener: &mut sqlx::postgres::PgListener,
        shutdown: &mut tokio::sync::watch::Receiver<bool>,
    ) {
        loop {
            tokio::select! {
                received = listener.recv() => match received {
                    Ok(_) => self.job_notify.notify_waiters(),
                    Err(error) => {
                        tracing::warn!(%error, "job notification connection lost");
                        return;
                    }
                },
                _ = shutdown.changed() => return,
            }
        }
    }

    /// On PostgreSQL, wakes this process's workers when any replica commits a job, so work does
    /// not wait for the next poll; reconnects after a lost connection; stops when `shutdown`
    /// turns true. Returns at once on SQLite.
    pub async fn listen_for_jobs(&self, mut shutdown: tokio::sync::watch::Receiver<bool>) {
        while !*shutdown.borrow() {
            match self.job_listener().await {
                Ok(None) => return,
                Ok(Some(mut listener)) => {
                    // Anything committed while (re)connecting is picked up by this wake-up.
                    self.job_notify.notify_waiters();
                    self.forward_job_notifications(&mut listener, &mut shutdown).await;
                }
                Err(error) => {
                    tracing::warn!(%error, "job notifications unavailable; relying on polling");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                        _ = shutdown.changed() => return,
                    }
                }
            }
        }
    }
}

fn claimed_from_row(row: &AnyRow) -> Result<ClaimedJob> {
    Ok(ClaimedJob {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        payload: row.try_get("payload")?,
        attempt: to_u32(row.try_get("attempts")?),
        max_attempts: to_u32(row.try_get("max_attempts")?),
    })
}

fn record_from_row(row: &AnyRow) -> Result<JobRecord> {
    Ok(JobRecord {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        status: JobStatus::parse(&row.try_get::<String, _>("status")?)?,
        attempts: to_u32(row.try_get("attempts")?),
        max_attempts: to_u32(row.try_get("max_attempts")?),
        run_at: from_millis(row.try_get("run_at")?),
        last_error: row.try_get("last_error")?,
        created_at: from_millis(row.try_get("created_at")?),
        updated_at: from_millis(row.try_get("updated_at")?),
    })
}

fn to_u32(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

fn lease_millis(lease: Duration) -> i64 {
    i64::try_from(lease.as_millis()).unwrap_or(i64::MAX / 2)
}

/// `$first, $first+1, …` for `count` parameters.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

fn truncate(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

const STATS: &str = "\
    COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0) AS pending, \
    COALESCE(SUM(CASE WHEN status = 'running' THEN 1 ELSE 0 END), 0) AS running, \
    COALESCE(SUM(CASE WHEN status = 'dead' THEN 1 ELSE 0 END), 0) AS dead, \
    MIN(CASE WHEN status = 'pending' AND run_at <= $1 THEN run_at END) AS oldest_due";

fn stats_from_row(row: &AnyRow, now: i64) -> Result<QueueStats> {
    let count = |name: &str| -> Result<u64> { Ok(row.try_get::<i64, _>(name)?.max(0) as u64) };
    let oldest: Option<i64> = row.try_get("oldest_due")?;
    Ok(QueueStats {
        pending: count("pending")?,
        running: count("running")?,
        dead: count("dead")?,
        oldest_due_age_ms: oldest.map(|t| (now - t).max(0) as u64).unwrap_or(0),
    })
}
