//! Stored responses for `Idempotency-Key` requests.
//!
//! The first request with a key reserves it (no response yet); when it finishes its response is
//! stored. A repeat with the same body gets the stored response; with another body, a conflict;
//! while the first is still running, "in progress". A reservation whose request failed with a
//! server error is removed so the client can retry.

use crate::error::Result;
use crate::store::Store;
use sqlx::Row;
use std::time::Duration;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reservation {
    /// This request owns the key: run it, then [`Store::finish_idempotent`].
    Reserved,
    /// The same request completed before: answer with this.
    Completed { status: u16, body: Vec<u8> },
    /// The key was used with a different request.
    Mismatch,
    /// The first request with this key has not finished yet.
    InProgress,
}

impl Store {
    /// Reserves `key` in `scope` (e.g. an app id) for a request whose fingerprint is
    /// `request_hash`, or tells what happened to an earlier request with that key.
    /// Records older than `ttl` are ignored (and later purged).
    pub async fn reserve_idempotency_key(
        &self,
        scope: &str,
        key: &str,
        request_hash: &str,
        ttl: Duration,
    ) -> Result<Reservation> {
        let now = self.now_millis();
        let expired_before = now - i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX / 2);
        let mut tx = self.begin().await?;
        // A stale record is as good as none: drop it so the insert below can take its place.
        sqlx::query("DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND created_at < $3")
            .bind(scope)
            .bind(key)
            .bind(expired_before)
            .execute(tx.conn())
            .await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (scope, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (scope, idem_key) DO NOTHING",
        )
        .bind(scope)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(tx.conn())
        .await?
        .rows_affected();
        let outcome = if inserted == 1 {
            Reservation::Reserved
        } else {
            let row = sqlx::query(
                "SELECT request_hash, response_status, response_body FROM idempotency_keys \
                 WHERE scope = $1 AND idem_key = $2",
            )
            .bind(scope)
            .bind(key)
            .fetch_one(tx.conn())
            .await?;
            let stored_hash: String = row.try_get("request_hash")?;
            let status: Option<i64> = row.try_get("response_status")?;
            if stored_hash != request_hash {
                Reservation::Mismatch
            } else if let Some(status) = status {
                Reservation::Completed {
                    status: u16::try_from(status).unwrap_or(500),
                    body: row.try_get::<Option<Vec<u8>>, _>("response_body")?.unwrap_or_default(),
                }
            } else {
                Reservation::InProgress
            }
        };
        tx.commit().await?;
        Ok(outcome)
    }

    /// Stores the response of the request that reserved `key`.
    pub async fn finish_idempotent(&self, scope: &str, key: &str, status: u16, body: &[u8]) -> Result<()> {
        sqlx::query(
            "UPDATE idempotency_keys SET response_status = $3, response_body = $4 WHERE scope = $1 AND idem_key = $2",
        )
        .bind(scope)
        .bind(key)
        .bind(i64::from(status))
        .bind(body.to_vec())
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// Frees a reservation whose request did not complete (server error, client gone).
    pub async fn abandon_idempotent(&self, scope: &str, key: &str) -> Result<()> {
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2 AND response_status IS NULL",
        )
        .bind(scope)
        .bind(key)
        .execute(self.write())
        .await?;
        Ok(())
    }

    /// Deletes records older than `ttl`; returns how many.
    pub async fn purge_idempotency_keys(&self, ttl: Duration) -> Result<u64> {
        let before = self.now_millis() - i64::try_from(ttl.as_millis()).unwrap_or(i64::MAX / 2);
        let result = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1")
            .bind(before)
            .execute(self.write())
            .await?;
        Ok(result.rows_affected())
    }
}
