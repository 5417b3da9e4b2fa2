//! The data fetched for each consent: one row per consent, replaced by each fetch. The
//! normalised model and the institution's raw answers are sealed separately, so reading the
//! model (every report) never opens the raw answers (audit only, and much bigger).

use super::{CHUNK, Params, context, count, distinct, uuid};
use crate::clock::{from_millis, to_millis};
use crate::error::Result;
use crate::store::Store;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;
use uuid::Uuid;

/// Sealing contexts (and [`crate::reseal`] registrations) of the two sealed columns.
pub(crate) const DATA_COLUMN: &str = "consent_data.data";
pub(crate) const RAW_COLUMN: &str = "consent_data.raw";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentDataRow {
    pub consent_id: Uuid,
    pub app_id: Uuid,
    pub fetched_at: OffsetDateTime,
    /// JSON of the normalised model (`ponte_domain::ConsentData`).
    pub data: String,
    /// Parts of the fetch that failed (the reports then carry code 204 and name them).
    pub missing_parts: u32,
}

impl Store {
    /// Stores the result of a fetch, replacing the consent's previous one, unless the stored
    /// one was fetched later: a slow, stale fetch finishing last never hides fresher data.
    pub async fn save_consent_data(
        &self,
        app_id: Uuid,
        consent_id: Uuid,
        fetched_at: OffsetDateTime,
        data_json: &str,
        raw_json: &str,
        missing_parts: u32,
    ) -> Result<()> {
        let id = consent_id.to_string();
        let data = self.keyring.seal_str(data_json, &context(DATA_COLUMN, &id));
        let raw = self.keyring.seal_str(raw_json, &context(RAW_COLUMN, &id));
        sqlx::query(
            "INSERT INTO consent_data (consent_id, app_id, fetched_at, data, raw, missing_parts) \
             VALUES ($1, $2, $3, $4, $5, $6) \
             ON CONFLICT (consent_id) DO UPDATE SET app_id = excluded.app_id, \
             fetched_at = excluded.fetched_at, data = excluded.data, raw = excluded.raw, \
             missing_parts = excluded.missing_parts WHERE consent_data.fetched_at <= excluded.fetched_at",
        )
        .bind(&id)
        .bind(app_id.to_string())
        .bind(to_millis(fetched_at))
        .bind(data)
        .bind(raw)
        .bind(i64::from(missing_parts))
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// The last fetched data of a consent of `app_id` (another app's is not found).
    pub async fn consent_data(&self, app_id: Uuid, consent_id: Uuid) -> Result<Option<ConsentDataRow>> {
        let id = consent_id.to_string();
        let row = sqlx::query(
            "SELECT consent_id, app_id, fetched_at, data, missing_parts FROM consent_data \
             WHERE app_id = $1 AND consent_id = $2",
        )
        .bind(app_id.to_string())
        .bind(&id)
        .fetch_optional(self.read())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let sealed: Vec<u8> = row.try_get("data")?;
        Ok(Some(ConsentDataRow {
            consent_id: uuid(&row, "consent_id")?,
            app_id: uuid(&row, "app_id")?,
            fetched_at: from_millis(row.try_get("fetched_at")?),
            data: self.keyring.open_string(&sealed, &context(DATA_COLUMN, &id))?,
            missing_parts: count(&row, "missing_parts")?,
        }))
    }

    /// The institution's raw answers of the last fetch, for audit (scoped like
    /// [`Store::consent_data`]).
    pub async fn consent_raw(&self, app_id: Uuid, consent_id: Uuid) -> Result<Option<String>> {
        let id = consent_id.to_string();
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT raw FROM consent_data WHERE app_id = $1 AND consent_id = $2")
                .bind(app_id.to_string())
                .bind(&id)
                .fetch_optional(self.read())
                .await?;
        Ok(sealed.map(|sealed| self.keyring.open_string(&sealed, &context(RAW_COLUMN, &id))).transpose()?)
    }

    /// When each of `consent_ids` was last fetched (`lastDataFetchAt`, the freshness rule), by
    /// consent id; consents never fetched are absent.
    pub async fn consent_data_times(&self, consent_ids: &[Uuid]) -> Result<Vec<(Uuid, OffsetDateTime)>> {
        let mut times = Vec::new();
        for chunk in distinct(consent_ids).chunks(CHUNK) {
            let mut params = Params::default();
            let ids = params.list(chunk.iter().map(Uuid::to_string));
            let sql = format!("SELECT consent_id, fetched_at FROM consent_data WHERE consent_id IN ({ids})");
            let rows = params.bind(sqlx::query(AssertSqlSafe(sql))).fetch_all(self.read()).await?;
            for row in &rows {
                times.push((uuid(row, "consent_id")?, from_millis(row.try_get("fetched_at")?)));
            }
        }
        times.sort_unstable_by_key(|(id, _)| *id);
        Ok(times)
    }

    /// Deletes the app's fetched data older than `older_than` (data retention).
    pub async fn purge_consent_data(&self, app_id: Uuid, older_than: OffsetDateTime) -> Result<u64> {
        Ok(sqlx::query("DELETE FROM consent_data WHERE app_id = $1 AND fetched_at < $2")
            .bind(app_id.to_string())
            .bind(to_millis(older_than))
            .execute(self.write())
            .await?
            .rows_affected())
    }
}
