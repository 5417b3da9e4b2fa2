use crate::clock::to_millis;
use crate::error::Result;
use crate::store::{Store, Tx};
use sqlx::Row;
use time::OffsetDateTime;
use uuid::Uuid;

/// The outcome of taking a single-use grant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Taken {
    /// First use within its lifetime: the consent it names and its opened body.
    Fresh { consent_id: Uuid, body: String },
    /// Used before (a replay); names the consent so the caller can react.
    AlreadyUsed { consent_id: Uuid },
    /// Past its lifetime, unused.
    Expired { consent_id: Uuid },
    /// Never issued (or purged).
    Unknown,
}

fn context(handle: &str) -> String {
    format!("journey_grants.sealed:{handle}")
}

impl Tx {
    /// Stores a single-use grant (an OAuth `state`, an API-only redirect handle) for a consent.
    pub async fn insert_journey_grant(
        &mut self,
        handle: &str,
        kind: &str,
        consent_id: Uuid,
        body: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let sealed = self.keyring().seal_str(body, &context(handle));
        sqlx::query(
            "INSERT INTO journey_grants (handle, kind, consent_id, sealed, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(handle)
        .bind(kind)
        .bind(consent_id.to_string())
        .bind(sealed)
        .bind(to_millis(expires_at))
        .execute(self.conn())
        .await?;
        Ok(())
    }
}

impl Store {
    pub async fn insert_journey_grant(
        &self,
        handle: &str,
        kind: &str,
        consent_id: Uuid,
        body: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        let mut tx = self.begin().await?;
        tx.insert_journey_grant(handle, kind, consent_id, body, expires_at).await?;
        tx.commit().await
    }

    /// Takes a grant: the first call within its lifetime gets its body; later calls learn it
    /// was used or expired.
    pub async fn take_journey_grant(&self, handle: &str, kind: &str) -> Result<Taken> {
        let now = self.now_millis();
        let taken = sqlx::query(
            "UPDATE journey_grants SET used_at = $3 WHERE handle = $1 AND kind = $2 AND used_at IS NULL \
             AND expires_at > $3 RETURNING consent_id, sealed",
        )
        .bind(handle)
        .bind(kind)
        .bind(now)
        .fetch_optional(self.write())
        .await?;
        if let Some(row) = taken {
            let consent_id = super::links::uuid(&row, "consent_id")?;
            let sealed: Vec<u8> = row.try_get("sealed")?;
            let body = self.keyring.open_string(&sealed, &context(handle))?;
            return Ok(Taken::Fresh { consent_id, body });
        }
        let row =
            sqlx::query("SELECT consent_id, used_at FROM journey_grants WHERE handle = $1 AND kind = $2")
                .bind(handle)
                .bind(kind)
                .fetch_optional(self.write())
                .await?;
        let Some(row) = row else { return Ok(Taken::Unknown) };
        let consent_id = super::links::uuid(&row, "consent_id")?;
        Ok(match row.try_get::<Option<i64>, _>("used_at")? {
            Some(_) => Taken::AlreadyUsed { consent_id },
            None => Taken::Expired { consent_id },
        })
    }

    /// Deletes grants that expired more than a day ago (kept that long to recognise replays).
    pub async fn purge_journey_grants(&self) -> Result<u64> {
        let cutoff = self.now_millis() - 24 * 3600 * 1000;
        Ok(sqlx::query("DELETE FROM journey_grants WHERE expires_at < $1")
            .bind(cutoff)
            .execute(self.write())
            .await?
            .rows_affected())
    }
}
