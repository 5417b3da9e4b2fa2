//! Re-sealing every sensitive value with the current master key, the last step of a key
//! rotation: after it, the previous keys can be removed from the configuration.

use crate::error::Result;
use crate::products::sealed;
use crate::store::Store;
use sqlx::{AssertSqlSafe, Row};

/// A sealed column: its table, the table's key column, the column, and the context prefix
/// used when sealing (the context is `{prefix}:{key}`).
type SealedColumn = (&'static str, &'static str, &'static str, &'static str);

/// Every sealed column. A column missing here keeps its old key forever and becomes unreadable
/// once that key is removed from the configuration.
const SEALED_COLUMNS: &[SealedColumn] = &[
    ("apps", "id", "secret_key", "apps.secret_key"),
    ("apps", "id", "webhook_secret", "apps.webhook_secret"),
    ("apps", "id", "previous_webhook_secret", "apps.previous_webhook_secret"),
    ("signing_keys", "kid", "private_key", "signing_keys.private_key"),
    ("webhook_deliveries", "id", "body", "webhook_deliveries.body"),
    ("links", "id", "document", "links.document"),
    ("consents", "id", "document", "consents.document"),
    ("consent_tokens", "consent_id", "sealed", "consent_tokens.sealed"),
    ("journey_grants", "handle", "sealed", "journey_grants.sealed"),
    ("consent_data", "consent_id", "data", sealed::CONSENT_DATA),
    ("consent_data", "consent_id", "raw", sealed::CONSENT_RAW),
    ("report_requests", "id", "callback_map", sealed::REQUEST_CALLBACK_MAP),
    ("report_requests", "id", "external_info", sealed::REQUEST_EXTERNAL_INFO),
    ("reports", "id", "body", sealed::REPORT_BODY),
];

/// Rows re-sealed per transaction. Fetched data and reports run to megabytes each, so a table
/// is walked in small pages instead of being read whole.
const PAGE: usize = 32;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResealReport {
    /// Values that were sealed with an older key and now use the current one.
    pub resealed: u64,
    /// Values already sealed with the current key.
    pub current: u64,
}

impl Store {
    /// Re-seals every value not sealed with the current key, a page of rows per transaction;
    /// stopping it halfway (or running it again) is harmless.
    pub async fn reseal_all(&self) -> Result<ResealReport> {
        let mut report = ResealReport::default();
        for column in SEALED_COLUMNS {
            self.reseal_column(column, &mut report).await?;
        }
        Ok(report)
    }

    async fn reseal_column(
        &self,
        &(table, key_column, column, context): &SealedColumn,
        report: &mut ResealReport,
    ) -> Result<()> {
        let mut after = String::new();
        loop {
            let mut tx = self.begin().await?;
            let rows = sqlx::query(AssertSqlSafe(format!(
                "SELECT {key_column} AS id, {column} AS sealed FROM {table} \
                 WHERE {column} IS NOT NULL AND {key_column} > $1 ORDER BY {key_column} LIMIT {PAGE}"
            )))
            .bind(&after)
            .fetch_all(tx.conn())
            .await?;
            for row in &rows {
                let id: String = row.try_get("id")?;
                let sealed: Vec<u8> = row.try_get("sealed")?;
                if !self.keyring.needs_reseal(&sealed) {
                    report.current += 1;
                    continue;
                }
                let context = format!("{context}:{id}");
                let plain = self.keyring.open(&sealed, &context)?;
                let resealed = self.keyring.seal(&plain, &context);
                // Only if unchanged since read: a value a writer replaced meanwhile was sealed
                // with that writer's current key, and must not be overwritten with the old one.
                let updated = sqlx::query(AssertSqlSafe(format!(
                    "UPDATE {table} SET {column} = $1 WHERE {key_column} = $2 AND {column} = $3"
                )))
                .bind(resealed)
                .bind(&id)
                .bind(sealed)
                .execute(tx.conn())
                .await?
                .rows_affected();
                if updated == 1 {
                    report.resealed += 1;
                } else {
                    report.current += 1;
                }
            }
            tx.commit().await?;
            match rows.last() {
                Some(last) if rows.len() == PAGE => after = last.try_get("id")?,
                _ => return Ok(()),
            }
        }
    }
}
