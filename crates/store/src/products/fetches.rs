//! The state of each consent's current (or last) fetch: what the Link page shows while data
//! arrives, and what the pipeline checks before building reports. A crash mid-fetch leaves the
//! row `running`; the fetch job's retry starts it again ([`Store::start_fetch`] counts attempts).

use super::{count, text_enum, uuid};
use crate::clock::from_millis;
use crate::error::Result;
use crate::store::Store;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

text_enum! {
    FetchStatus {
        Running => "running",
        Done => "done",
        Failed => "failed",
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FetchState {
    pub consent_id: Uuid,
    pub app_id: Uuid,
    pub status: FetchStatus,
    /// What the fetch is doing, e.g. "accounts 2/3"; empty before its first step.
    pub step: String,
    /// Fetches started for this consent, the current one included.
    pub attempts: u32,
    pub started_at: OffsetDateTime,
    pub finished_at: Option<OffsetDateTime>,
    pub error: Option<String>,
}

/// Longer error texts are cut: they are for operators, and a runaway message (a whole response
/// body) must not bloat the row.
const ERROR_LIMIT: usize = 1000;

impl Store {
    /// Marks a fetch of the consent as running from now, counting one more attempt.
    pub async fn start_fetch(&self, app_id: Uuid, consent_id: Uuid) -> Result<()> {
        sqlx::query(
            "INSERT INTO consent_fetches (consent_id, app_id, status, step, attempts, started_at) \
             VALUES ($1, $2, 'running', '', 1, $3) \
             ON CONFLICT (consent_id) DO UPDATE SET app_id = excluded.app_id, status = 'running', step = '', \
             attempts = consent_fetches.attempts + 1, started_at = excluded.started_at, finished_at = NULL, \
             error = NULL",
        )
        .bind(consent_id.to_string())
        .bind(app_id.to_string())
        .bind(self.now_millis())
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// Records what a running fetch is doing (ignored once it finished).
    pub async fn fetch_progress(&self, consent_id: Uuid, step: &str) -> Result<()> {
        sqlx::query("UPDATE consent_fetches SET step = $2 WHERE consent_id = $1 AND status = 'running'")
            .bind(consent_id.to_string())
            .bind(step)
            .execute(self.write())
            .await?;
        Ok(())
    }

    /// Ends a running fetch: `done` when `ok`, else `failed` with `error` (which must not carry
    /// personal data; it is cut to 1000 characters). Ignored when no fetch is running.
    pub async fn finish_fetch(&self, consent_id: Uuid, ok: bool, error: Option<&str>) -> Result<()> {
        let status = if ok { FetchStatus::Done } else { FetchStatus::Failed };
        sqlx::query(
            "UPDATE consent_fetches SET status = $2, finished_at = $3, error = $4 \
             WHERE consent_id = $1 AND status = 'running'",
        )
        .bind(consent_id.to_string())
        .bind(status.as_str())
        .bind(self.now_millis())
        .bind(error.map(truncate))
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// The consent's current or last fetch; `None` before its first.
    pub async fn fetch_state(&self, consent_id: Uuid) -> Result<Option<FetchState>> {
        let row = sqlx::query(
            "SELECT consent_id, app_id, status, step, attempts, started_at, finished_at, error \
             FROM consent_fetches WHERE consent_id = $1",
        )
        .bind(consent_id.to_string())
        .fetch_optional(self.read())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let status: String = row.try_get("status")?;
        let finished_at: Option<i64> = row.try_get("finished_at")?;
        Ok(Some(FetchState {
            consent_id: uuid(&row, "consent_id")?,
            app_id: uuid(&row, "app_id")?,
            status: FetchStatus::from_column(&status)?,
            step: row.try_get("step")?,
            attempts: count(&row, "attempts")?,
            started_at: from_millis(row.try_get("started_at")?),
            finished_at: finished_at.map(from_millis),
            error: row.try_get("error")?,
        }))
    }
}

fn truncate(text: &str) -> &str {
    match text.char_indices().nth(ERROR_LIMIT) {
        Some((end, _)) => &text[..end],
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_cut_on_a_character_boundary() {
        assert_eq!(truncate("short"), "short");
        let long = "é".repeat(ERROR_LIMIT + 5);
        assert_eq!(truncate(&long).chars().count(), ERROR_LIMIT);
        assert_eq!(truncate(&"a".repeat(ERROR_LIMIT)).len(), ERROR_LIMIT);
    }

    #[test]
    fn statuses_round_trip() {
        for status in [FetchStatus::Running, FetchStatus::Done, FetchStatus::Failed] {
            assert_eq!(FetchStatus::from_column(status.as_str()).ok(), Some(status));
        }
        assert!(FetchStatus::from_column("RUNNING").is_err());
    }
}
