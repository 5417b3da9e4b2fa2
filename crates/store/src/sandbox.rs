//! Storage for the sandbox institutions: their OFB consents, the authorisation server's
//! single-use grants (pushed requests, codes) and operational-limit counters.
//!
//! The store knows nothing of OFB: a consent is an id, a status and an opaque JSON document that
//! the sandbox crate parses; transitions are compare-and-set on the status so that two requests
//! racing (a user approving while the 60-minute expiry runs) cannot both win.

use crate::clock::from_millis;
use crate::error::Result;
use crate::store::Store;
use sqlx::Row;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredConsent {
    pub id: String,
    pub bank: String,
    pub client_id: String,
    pub status: String,
    pub document: String,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// Why a single-use grant could not be taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GrantTaken {
    /// First use: here is its body.
    Fresh(String),
    /// It had been used before (a replay).
    AlreadyUsed,
    /// Past its expiry.
    Expired,
    /// Never issued (or purged).
    Unknown,
}

/// The key of an operational-limit counter.
#[derive(Clone, Debug)]
pub struct UsageKey<'a> {
    pub bank: &'a str,
    pub client_id: &'a str,
    pub endpoint: &'a str,
    pub resource: &'a str,
    pub consent_id: &'a str,
    /// `YYYY-MM`.
    pub month: &'a str,
}

impl Store {
    pub async fn insert_sandbox_consent(
        &self,
        bank: &str,
        id: &str,
        client_id: &str,
        status: &str,
        document: &str,
    ) -> Result<()> {
        let now = self.now_millis();
        sqlx::query(
            "INSERT INTO sandbox_consents (id, bank, client_id, status, document, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $6)",
        )
        .bind(id)
        .bind(bank)
        .bind(client_id)
        .bind(status)
        .bind(document)
        .bind(now)
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// A consent of this bank (a consent id of another bank is not found).
    pub async fn sandbox_consent(&self, bank: &str, id: &str) -> Result<Option<StoredConsent>> {
        let row = sqlx::query(
            "SELECT id, bank, client_id, status, document, created_at, updated_at FROM sandbox_consents \
             WHERE bank = $1 AND id = $2",
        )
        .bind(bank)
        .bind(id)
        // The read pool: on SQLite (WAL) a read that starts after a commit sees it, and on
        // PostgreSQL it is the same pool. Every data call reads its consent, so this must not
        // queue behind the single SQLite writer.
        .fetch_optional(self.read())
        .await?;
        row.map(|row| {
            Ok(StoredConsent {
                id: row.try_get("id")?,
                bank: row.try_get("bank")?,
                client_id: row.try_get("client_id")?,
                status: row.try_get("status")?,
                document: row.try_get("document")?,
                created_at: from_millis(row.try_get("created_at")?),
                updated_at: from_millis(row.try_get("updated_at")?),
            })
        })
        .transpose()
    }

    /// Moves a consent from `expected` status to `status` with a new document; false when its
    /// status was no longer `expected` (someone else moved it first).
    pub async fn update_sandbox_consent(
        &self,
        bank: &str,
        id: &str,
        expected: &str,
        status: &str,
        document: &str,
    ) -> Result<bool> {
        let now = self.now_millis();
        let updated = sqlx::query(
            "UPDATE sandbox_consents SET status = $4, document = $5, updated_at = $6 \
             WHERE bank = $1 AND id = $2 AND status = $3",
        )
        .bind(bank)
        .bind(id)
        .bind(expected)
        .bind(status)
        .bind(document)
        .bind(now)
        .execute(self.write())
        .await?
        .rows_affected();
        Ok(updated == 1)
    }

    /// Stores a single-use grant valid until `expires_at`.
    pub async fn insert_sandbox_grant(
        &self,
        bank: &str,
        handle: &str,
        kind: &str,
        body: &str,
        expires_at: OffsetDateTime,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO sandbox_grants (handle, bank, kind, body, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(handle)
        .bind(bank)
        .bind(kind)
        .bind(body)
        .bind(crate::clock::to_millis(expires_at))
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// Takes a grant: the first call within its lifetime gets the body; later calls learn that
    /// it was used (so a replayed code can revoke what it issued, as OAuth recommends).
    pub async fn take_sandbox_grant(&self, bank: &str, handle: &str, kind: &str) -> Result<GrantTaken> {
        let now = self.now_millis();
        let taken: Option<String> = sqlx::query_scalar(
            "UPDATE sandbox_grants SET used_at = $4 WHERE bank = $1 AND handle = $2 AND kind = $3 \
             AND used_at IS NULL AND expires_at > $4 RETURNING body",
        )
        .bind(bank)
        .bind(handle)
        .bind(kind)
        .bind(now)
        .fetch_optional(self.write())
        .await?;
        if let Some(body) = taken {
            return Ok(GrantTaken::Fresh(body));
        }
        let row = sqlx::query(
            "SELECT used_at, expires_at FROM sandbox_grants WHERE bank = $1 AND handle = $2 AND kind = $3",
        )
        .bind(bank)
        .bind(handle)
        .bind(kind)
        .fetch_optional(self.write())
        .await?;
        let Some(row) = row else { return Ok(GrantTaken::Unknown) };
        Ok(match row.try_get::<Option<i64>, _>("used_at")? {
            Some(_) => GrantTaken::AlreadyUsed,
            None => GrantTaken::Expired,
        })
    }

    /// Reads a grant without using it (the authorisation page shows a pushed request before the
    /// user has decided); `None` when unknown, used or expired.
    pub async fn peek_sandbox_grant(&self, bank: &str, handle: &str, kind: &str) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT body FROM sandbox_grants WHERE bank = $1 AND handle = $2 AND kind = $3 \
             AND used_at IS NULL AND expires_at > $4",
        )
        .bind(bank)
        .bind(handle)
        .bind(kind)
        .bind(self.now_millis())
        .fetch_optional(self.write())
        .await?)
    }

    /// Deletes grants that expired more than a day ago (a used code is kept that long so that
    /// a replay is still recognised).
    pub async fn purge_sandbox_grants(&self) -> Result<u64> {
        let cutoff = self.now_millis() - 24 * 3600 * 1000;
        Ok(sqlx::query("DELETE FROM sandbox_grants WHERE expires_at < $1")
            .bind(cutoff)
            .execute(self.write())
            .await?
            .rows_affected())
    }

    /// Counts one call and returns the count including it.
    pub async fn count_sandbox_call(&self, key: &UsageKey<'_>) -> Result<u64> {
        let calls: i64 = sqlx::query_scalar(
            "INSERT INTO sandbox_usage (bank, client_id, endpoint, resource, consent_id, month, calls) \
             VALUES ($1, $2, $3, $4, $5, $6, 1) \
             ON CONFLICT (bank, client_id, endpoint, resource, consent_id, month) \
             DO UPDATE SET calls = sandbox_usage.calls + 1 RETURNING calls",
        )
        .bind(key.bank)
        .bind(key.client_id)
        .bind(key.endpoint)
        .bind(key.resource)
        .bind(key.consent_id)
        .bind(key.month)
        .fetch_one(self.write())
        .await?;
        Ok(calls.max(0) as u64)
    }
}
