//! The health of webhook endpoints: an endpoint that answers 410 Gone, or fails continuously for
//! long enough, is disabled with a reason; deliveries to it then fail without being sent until
//! the partner replays one (which re-enables it).

use crate::clock::{from_millis, to_millis};
use crate::error::Result;
use crate::store::Store;
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EndpointState {
    /// When the current run of failures began; `None` after a success.
    pub failing_since: Option<OffsetDateTime>,
    pub disabled_at: Option<OffsetDateTime>,
    pub disabled_reason: Option<String>,
}

impl EndpointState {
    pub fn is_disabled(&self) -> bool {
        self.disabled_at.is_some()
    }
}

impl Store {
    pub async fn endpoint_state(&self, app_id: Uuid, url: &str) -> Result<EndpointState> {
        let row = sqlx::query(
            "SELECT failing_since, disabled_at, disabled_reason FROM webhook_endpoints WHERE app_id = $1 AND url = $2",
        )
        .bind(app_id.to_string())
        .bind(url)
        .fetch_optional(self.read())
        .await?;
        let Some(row) = row else { return Ok(EndpointState::default()) };
        Ok(EndpointState {
            failing_since: row.try_get::<Option<i64>, _>("failing_since")?.map(from_millis),
            disabled_at: row.try_get::<Option<i64>, _>("disabled_at")?.map(from_millis),
            disabled_reason: row.try_get("disabled_reason")?,
        })
    }

    /// Records a successful (`true`) or failed attempt; returns the endpoint's state after it.
    pub async fn record_endpoint_result(
        &self,
        app_id: Uuid,
        url: &str,
        success: bool,
    ) -> Result<EndpointState> {
        let now = self.now_millis();
        let failing_since = if success { None } else { Some(now) };
        sqlx::query(
            "INSERT INTO webhook_endpoints (app_id, url, failing_since) VALUES ($1, $2, $3) \
             ON CONFLICT (app_id, url) DO UPDATE SET failing_since = \
             CASE WHEN $3 IS NULL THEN NULL ELSE COALESCE(webhook_endpoints.failing_since, $3) END",
        )
        .bind(app_id.to_string())
        .bind(url)
        .bind(failing_since)
        .execute(self.write())
        .await?;
        self.endpoint_state(app_id, url).await
    }

    pub async fn disable_endpoint(&self, app_id: Uuid, url: &str, reason: &str) -> Result<()> {
        let now = self.now_millis();
        sqlx::query(
            "INSERT INTO webhook_endpoints (app_id, url, disabled_at, disabled_reason) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (app_id, url) DO UPDATE SET disabled_at = $3, disabled_reason = $4",
        )
        .bind(app_id.to_string())
        .bind(url)
        .bind(now)
        .bind(reason)
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// Re-enables an endpoint and forgets its failures (the partner says it is fixed).
    pub async fn enable_endpoint(&self, app_id: Uuid, url: &str) -> Result<()> {
        sqlx::query(
            "UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL \
             WHERE app_id = $1 AND url = $2",
        )
        .bind(app_id.to_string())
        .bind(url)
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// Failing since before `cutoff`?
    pub fn failing_longer_than(state: &EndpointState, cutoff: OffsetDateTime) -> bool {
        state.failing_since.is_some_and(|since| to_millis(since) <= to_millis(cutoff))
    }
}
