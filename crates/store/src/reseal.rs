//! Re-sealing every sensitive value with the current master key, the last step of a key
//! rotation: after it, the previous keys can be removed from the configuration.

use crate::error::Result;
use crate::store::Store;
use sqlx::{AssertSqlSafe, Row};

/// Sealed columns: table, key column, sealed column, and the context prefix used when sealing.
const SEALED_COLUMNS: &[(&str, &str, &str, &str)] = &[
    ("apps", "id", "secret_key", "apps.secret_key"),
    ("apps", "id", "webhook_secret", "apps.webhook_secret"),
    ("apps", "id", "previous_webhook_secret", "apps.previous_webhook_secret"),
    ("signing_keys", "kid", "private_key", "signing_keys.private_key"),
    ("webhook_deliveries", "id", "body", "webhook_deliveries.body"),
];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ResealReport {
    /// Values that were sealed with an older key and now use the current one.
    pub resealed: u64,
    /// Values already sealed with the current key.
    pub current: u64,
}

impl Store {
    /// Re-seals every value not sealed with the current key. Each value is checked and
    /// rewritten inside one transaction; running it again is harmless.
    pub async fn reseal_all(&self) -> Result<ResealReport> {
        let mut report = ResealReport::default();
        let mut tx = self.begin().await?;
        for (table, id_column, column, context) in SEALED_COLUMNS {
            let rows = sqlx::query(AssertSqlSafe(format!(
                "SELECT {id_column} AS id, {column} AS sealed FROM {table} WHERE {column} IS NOT NULL"
            )))
            .fetch_all(tx.conn())
            .await?;
            for row in rows {
                let id: String = row.try_get("id")?;
                let sealed: Vec<u8> = row.try_get("sealed")?;
                if !self.keyring.needs_reseal(&sealed) {
                    report.current += 1;
                    continue;
                }
                let context = format!("{context}:{id}");
                let plain = self.keyring.open(&sealed, &context)?;
                let resealed = self.keyring.seal(&plain, &context);
                sqlx::query(AssertSqlSafe(format!(
                    "UPDATE {table} SET {column} = $1 WHERE {id_column} = $2"
                )))
                .bind(resealed)
                .bind(id)
                .execute(tx.conn())
                .await?;
                report.resealed += 1;
            }
        }
        tx.commit().await?;
        Ok(report)
    }
}
