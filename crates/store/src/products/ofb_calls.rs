//! Counters of calls to institutions per (consent, endpoint, resource, month), to keep within
//! the OFB operational limits. Counting is one statement: several workers (or replicas)
//! fetching for the same consent at once can never exceed a limit together.

use super::count;
use crate::error::Result;
use crate::store::Store;
use sqlx::Row;
use uuid::Uuid;

impl Store {
    /// Counts one call to `endpoint` (for `resource_id`, if the endpoint has one) in `month`
    /// (`YYYY-MM`) when fewer than `limit` were counted: true when the call may be made, false
    /// (and nothing counted) when the limit is reached.
    pub async fn count_ofb_call(
        &self,
        consent_id: Uuid,
        endpoint: &str,
        resource_id: Option<&str>,
        month: &str,
        limit: u32,
    ) -> Result<bool> {
        if limit == 0 {
            // The insert below would count a first call whatever the limit.
            return Ok(false);
        }
        // The update's WHERE is evaluated on the locked, current row, so concurrent callers
        // queue on it; when it is false the statement does nothing and returns no row.
        let counted: Option<i64> = sqlx::query_scalar(
            "INSERT INTO ofb_calls (consent_id, endpoint, resource_id, month, calls) VALUES ($1, $2, $3, $4, 1) \
             ON CONFLICT (consent_id, endpoint, resource_id, month) DO UPDATE SET calls = ofb_calls.calls + 1 \
             WHERE ofb_calls.calls < $5 RETURNING calls",
        )
        .bind(consent_id.to_string())
        .bind(endpoint)
        .bind(resource_id.unwrap_or(""))
        .bind(month)
        .bind(i64::from(limit))
        .fetch_optional(self.write())
        .await?;
        Ok(counted.is_some())
    }

    /// The consent's counters in `month`: (endpoint, resource id or `""`, calls), sorted.
    pub async fn ofb_calls(&self, consent_id: Uuid, month: &str) -> Result<Vec<(String, String, u32)>> {
        let rows = sqlx::query(
            "SELECT endpoint, resource_id, calls FROM ofb_calls WHERE consent_id = $1 AND month = $2",
        )
        .bind(consent_id.to_string())
        .bind(month)
        .fetch_all(self.read())
        .await?;
        let mut calls = rows
            .iter()
            .map(|row| Ok((row.try_get("endpoint")?, row.try_get("resource_id")?, count(row, "calls")?)))
            .collect::<Result<Vec<(String, String, u32)>>>()?;
        // Sorted here, not in SQL: PostgreSQL's text collation may differ from SQLite's bytes.
        calls.sort_unstable();
        Ok(calls)
    }

    /// Deletes the counters of months before `month` (`YYYY-MM`): they no longer limit anything.
    pub async fn purge_ofb_calls(&self, before_month: &str) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM ofb_calls WHERE month < $1")
            .bind(before_month)
            .execute(self.write())
            .await?
            .rows_affected())
    }
}
