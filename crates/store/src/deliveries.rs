//! The webhook outbox and delivery log: a row per message to deliver, written inside the
//! transaction of the change that caused it, and a row per attempt. Bodies are sealed (they
//! carry personal data). Every read is scoped by app: another app's delivery is not found.

use crate::clock::{from_millis, to_millis};
use crate::db::Backend;
use crate::error::{Result, StoreError};
use crate::store::{Store, Tx};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryKind {
    Event,
    Report,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    /// Waiting for its first or next attempt.
    Pending,
    Delivered,
    /// Every attempt failed (or the endpoint was disabled); replayable.
    Failed,
    /// No URL was configured: kept for the API and console, not sent.
    Stored,
}

impl DeliveryKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Event => "event",
            Self::Report => "report",
        }
    }
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::Stored => "stored",
        }
    }
}

impl std::str::FromStr for DeliveryStatus {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "pending" => Ok(Self::Pending),
            "delivered" => Ok(Self::Delivered),
            "failed" => Ok(Self::Failed),
            "stored" => Ok(Self::Stored),
            other => Err(format!("unknown delivery status '{other}' (pending, delivered, failed or stored)")),
        }
    }
}

#[derive(Clone, Debug)]
pub struct NewDelivery {
    pub app_id: Uuid,
    pub kind: DeliveryKind,
    /// The `webhook-id`: stable across attempts; one delivery per app and message.
    pub message_id: String,
    /// eventName or productName.
    pub name: String,
    pub url: Option<String>,
    pub body: Vec<u8>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub id: Uuid,
    pub app_id: Uuid,
    pub kind: DeliveryKind,
    pub message_id: String,
    pub name: String,
    pub url: Option<String>,
    pub status: DeliveryStatus,
    pub attempts: u32,
    pub last_status_code: Option<u16>,
    pub last_error: Option<String>,
    pub next_attempt_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub delivered_at: Option<OffsetDateTime>,
}

/// One attempt, as the delivery log shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub attempt: u32,
    pub started_at: OffsetDateTime,
    pub duration_ms: u64,
    pub status_code: Option<u16>,
    pub error: Option<String>,
    /// At most 1 KiB of the receiver's answer.
    pub response_snippet: Option<String>,
}

/// What an attempt leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptOutcome {
    Delivered,
    RetryAt(OffsetDateTime),
    Failed,
}

/// Filters of the delivery log; newest first.
#[derive(Clone, Debug, Default)]
pub struct DeliveryFilter {
    pub status: Option<DeliveryStatus>,
    pub name: Option<String>,
    pub since: Option<OffsetDateTime>,
    pub after: Option<DeliveryCursor>,
    pub limit: u32,
}

/// Where the next page of the log starts: an opaque string for API clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryCursor {
    created_at: i64,
    id: String,
}

impl DeliveryCursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.created_at, self.id))
    }

    pub fn decode(text: &str) -> Option<Self> {
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(text).ok()?).ok()?;
        let (created_at, id) = raw.split_once(':')?;
        Some(Self { created_at: created_at.parse().ok()?, id: Uuid::parse_str(id).ok()?.to_string() })
    }
}

/// What asking to send a delivery again did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Requeue {
    /// It is pending again; its delivery job must be enqueued in the same transaction.
    Queued,
    AlreadyPending,
    /// It has no URL (stored only).
    NoUrl,
    NotFound,
}

/// Everything one delivery attempt needs, read in one query.
#[derive(Clone, Debug)]
pub struct SendPlan {
    pub delivery: Delivery,
    pub body: Vec<u8>,
    pub endpoint: crate::endpoints::EndpointState,
    /// The current webhook secret, then the previous one while a rotation's overlap lasts.
    pub webhook_secrets: Vec<crate::apps::Secret>,
    pub secret_key: crate::apps::Secret,
}

/// At most this much of a receiver's answer is kept.
pub const SNIPPET_LIMIT: usize = 1024;

fn body_context(id: Uuid) -> String {
    format!("webhook_deliveries.body:{id}")
}

const COLUMNS: &str = "id, app_id, kind, message_id, name, url, status, attempts, last_status_code, \
     last_error, next_attempt_at, created_at, updated_at, delivered_at";

impl Tx {
    /// Records a message to deliver. `None` when this app already has a delivery for the
    /// message (the outbox is idempotent per `message_id`).
    pub async fn record_delivery(&mut self, new: &NewDelivery) -> Result<Option<Uuid>> {
        let id = Uuid::now_v7();
        let now = self.now_millis();
        let status = if new.url.is_some() { DeliveryStatus::Pending } else { DeliveryStatus::Stored };
        let sealed = self.keyring().seal(&new.body, &body_context(id));
        let inserted = sqlx::query(
            "INSERT INTO webhook_deliveries (id, app_id, kind, message_id, name, url, body, status, attempts, \
             next_attempt_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, $9, $10, $10) \
             ON CONFLICT (app_id, message_id) DO NOTHING",
        )
        .bind(id.to_string())
        .bind(new.app_id.to_string())
        .bind(new.kind.as_str())
        .bind(&new.message_id)
        .bind(&new.name)
        .bind(new.url.as_deref())
        .bind(sealed)
        .bind(status.as_str())
        .bind(new.url.as_ref().map(|_| now))
        .bind(now)
        .execute(self.conn())
        .await?
        .rows_affected();
        Ok((inserted == 1).then_some(id))
    }
}

impl Tx {
    /// Makes a delivered or failed delivery pending again (a replay: one more attempt).
    pub async fn requeue_delivery(&mut self, app_id: Uuid, id: Uuid) -> Result<Requeue> {
        let now = self.now_millis();
        let updated = sqlx::query(
            "UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $3, updated_at = $3 \
             WHERE app_id = $1 AND id = $2 AND url IS NOT NULL AND status IN ('delivered', 'failed')",
        )
        .bind(app_id.to_string())
        .bind(id.to_string())
        .bind(now)
        .execute(self.conn())
        .await?
        .rows_affected();
        if updated == 1 {
            // Replaying is the partner saying the endpoint works again: re-enable it.
            sqlx::query(
                "UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL \
                 WHERE app_id = $1 AND url = (SELECT url FROM webhook_deliveries WHERE id = $2)",
            )
            .bind(app_id.to_string())
            .bind(id.to_string())
            .execute(self.conn())
            .await?;
            return Ok(Requeue::Queued);
        }
        let row = sqlx::query("SELECT status, url FROM webhook_deliveries WHERE app_id = $1 AND id = $2")
            .bind(app_id.to_string())
            .bind(id.to_string())
            .fetch_optional(self.conn())
            .await?;
        Ok(match row {
            None => Requeue::NotFound,
            Some(row) if row.try_get::<Option<String>, _>("url")?.is_none() => Requeue::NoUrl,
            Some(_) => Requeue::AlreadyPending,
        })
    }
}

impl Store {
    /// Ids of the app's failed deliveries created at or after `since`, oldest first.
    pub async fn failed_deliveries_since(
        &self,
        app_id: Uuid,
        since: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<Uuid>> {
        let ids: Vec<String> = sqlx::query_scalar(
            "SELECT id FROM webhook_deliveries WHERE app_id = $1 AND status = 'failed' AND created_at >= $2 \
             ORDER BY created_at, id LIMIT $3",
        )
        .bind(app_id.to_string())
        .bind(to_millis(since))
        .bind(i64::from(limit))
        .fetch_all(self.read())
        .await?;
        ids.iter()
            .map(|id| Uuid::parse_str(id).map_err(|_| StoreError::corrupt("invalid delivery id")))
            .collect()
    }

    pub async fn delivery(&self, app_id: Uuid, id: Uuid) -> Result<Option<Delivery>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM webhook_deliveries WHERE app_id = $1 AND id = $2"
        )))
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_optional(self.read())
        .await?;
        row.as_ref().map(delivery_from_row).transpose()
    }

    /// The delivery with its opened body, its endpoint's health and the app's signing secrets.
    pub async fn delivery_to_send(&self, app_id: Uuid, id: Uuid) -> Result<Option<SendPlan>> {
        let row = sqlx::query(
            "SELECT d.id, d.app_id, d.kind, d.message_id, d.name, d.url, d.status, d.attempts, \
             d.last_status_code, d.last_error, d.next_attempt_at, d.created_at, d.updated_at, d.delivered_at, \
             d.body, a.secret_key, a.webhook_secret, a.previous_webhook_secret, a.previous_webhook_secret_until, \
             e.failing_since, e.disabled_at, e.disabled_reason \
             FROM webhook_deliveries d JOIN apps a ON a.id = d.app_id \
             LEFT JOIN webhook_endpoints e ON e.app_id = d.app_id AND e.url = d.url \
             WHERE d.app_id = $1 AND d.id = $2",
        )
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_optional(self.read())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let sealed: Vec<u8> = row.try_get("body")?;
        Ok(Some(SendPlan {
            delivery: delivery_from_row(&row)?,
            body: self.keyring.open(&sealed, &body_context(id))?,
            endpoint: crate::endpoints::EndpointState {
                failing_since: row.try_get::<Option<i64>, _>("failing_since")?.map(from_millis),
                disabled_at: row.try_get::<Option<i64>, _>("disabled_at")?.map(from_millis),
                disabled_reason: row.try_get("disabled_reason")?,
            },
            webhook_secrets: self.open_webhook_secrets(app_id, &row)?,
            secret_key: self.open_secret_key(app_id, &row)?,
        }))
    }

    /// The delivery's body, opened.
    pub async fn delivery_body(&self, app_id: Uuid, id: Uuid) -> Result<Option<Vec<u8>>> {
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT body FROM webhook_deliveries WHERE app_id = $1 AND id = $2")
                .bind(app_id.to_string())
                .bind(id.to_string())
                .fetch_optional(self.read())
                .await?;
        sealed.map(|s| Ok(self.keyring.open(&s, &body_context(id))?)).transpose()
    }

    /// Stores an attempt and moves the delivery on, atomically. On PostgreSQL this is one
    /// statement (a data-modifying CTE), so an attempt costs one round trip instead of four
    /// (BEGIN, INSERT, UPDATE, COMMIT): that is most of what a delivery costs the database.
    pub async fn record_attempt(&self, id: Uuid, attempt: &Attempt, outcome: AttemptOutcome) -> Result<()> {
        let snippet = attempt.response_snippet.as_deref().map(|s| truncate(s, SNIPPET_LIMIT));
        let now = self.now_millis();
        let (status, next, delivered_at) = match outcome {
            AttemptOutcome::Delivered => (DeliveryStatus::Delivered, None, Some(now)),
            AttemptOutcome::RetryAt(at) => (DeliveryStatus::Pending, Some(to_millis(at)), None),
            AttemptOutcome::Failed => (DeliveryStatus::Failed, None, None),
        };
        const UPDATE: &str = "UPDATE webhook_deliveries SET status = $2, attempts = attempts + 1, \
             last_status_code = $3, last_error = $4, next_attempt_at = $5, \
             delivered_at = COALESCE($6, delivered_at), updated_at = $7 WHERE id = $1";
        const COLUMNS: &str =
            "(delivery_id, attempt, started_at, duration_ms, status_code, error, response_snippet)";
        let bind = |query: &'static str| {
            sqlx::query(AssertSqlSafe(query))
                .bind(id.to_string())
                .bind(status.as_str())
                .bind(attempt.status_code.map(i64::from))
                .bind(attempt.error.as_deref())
                .bind(next)
                .bind(delivered_at)
                .bind(now)
                .bind(i64::from(attempt.attempt))
                .bind(to_millis(attempt.started_at))
                .bind(i64::try_from(attempt.duration_ms).unwrap_or(i64::MAX))
                .bind(snippet)
        };
        let missing = || StoreError::corrupt(format!("no delivery {id} to record an attempt on"));
        match self.backend() {
            Backend::Postgres => {
                static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                    format!(
                        "WITH moved AS ({UPDATE} RETURNING id) INSERT INTO webhook_attempts {COLUMNS} \
                         SELECT id, $8, $9, $10, $3, $4, $11 FROM moved"
                    )
                });
                let inserted = bind(SQL.as_str()).execute(self.write()).await?.rows_affected();
                if inserted != 1 {
                    return Err(missing());
                }
                Ok(())
            }
            Backend::Sqlite => {
                static SQL: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
                    format!("INSERT INTO webhook_attempts {COLUMNS} VALUES ($1, $8, $9, $10, $3, $4, $11)")
                });
                let mut tx = self.begin().await?;
                if bind(UPDATE).execute(tx.conn()).await?.rows_affected() != 1 {
                    return Err(missing());
                }
                bind(SQL.as_str()).execute(tx.conn()).await?;
                tx.commit().await
            }
        }
    }

    /// The attempts of one of the app's deliveries, oldest first.
    pub async fn delivery_attempts(&self, app_id: Uuid, id: Uuid) -> Result<Vec<Attempt>> {
        let rows = sqlx::query(
            "SELECT a.attempt, a.started_at, a.duration_ms, a.status_code, a.error, a.response_snippet \
             FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = a.delivery_id \
             WHERE d.app_id = $1 AND d.id = $2 ORDER BY a.attempt",
        )
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_all(self.read())
        .await?;
        rows.iter().map(attempt_from_row).collect()
    }

    /// A page of the app's delivery log, newest first, and the cursor of the next page.
    pub async fn list_deliveries(
        &self,
        app_id: Uuid,
        filter: &DeliveryFilter,
    ) -> Result<(Vec<Delivery>, Option<DeliveryCursor>)> {
        let limit = filter.limit.clamp(1, 100);
        let (after_at, after_id) = match &filter.after {
            Some(c) => (Some(c.created_at), Some(c.id.clone())),
            None => (None, None),
        };
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM webhook_deliveries WHERE app_id = $1 \
             AND ($2 IS NULL OR status = $2) AND ($3 IS NULL OR name = $3) AND ($4 IS NULL OR created_at >= $4) \
             AND ($5 IS NULL OR created_at < $5 OR (created_at = $5 AND id < $6)) \
             ORDER BY created_at DESC, id DESC LIMIT $7"
        )))
        .bind(app_id.to_string())
        .bind(filter.status.map(DeliveryStatus::as_str))
        .bind(filter.name.as_deref())
        .bind(filter.since.map(to_millis))
        .bind(after_at)
        .bind(after_id)
        .bind(i64::from(limit) + 1)
        .fetch_all(self.read())
        .await?;
        let mut page = rows.iter().map(delivery_from_row).collect::<Result<Vec<_>>>()?;
        let next = if page.len() > limit as usize {
            page.truncate(limit as usize);
            page.last().map(|d| DeliveryCursor { created_at: to_millis(d.created_at), id: d.id.to_string() })
        } else {
            None
        };
        Ok((page, next))
    }
}

fn delivery_from_row(row: &AnyRow) -> Result<Delivery> {
    let kind = match row.try_get::<String, _>("kind")?.as_str() {
        "event" => DeliveryKind::Event,
        "report" => DeliveryKind::Report,
        other => return Err(StoreError::corrupt(format!("delivery kind {other}"))),
    };
    let status: String = row.try_get("status")?;
    Ok(Delivery {
        id: uuid(row, "id")?,
        app_id: uuid(row, "app_id")?,
        kind,
        message_id: row.try_get("message_id")?,
        name: row.try_get("name")?,
        url: row.try_get("url")?,
        status: status.parse().map_err(StoreError::corrupt)?,
        attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(u32::MAX),
        last_status_code: row
            .try_get::<Option<i64>, _>("last_status_code")?
            .and_then(|c| u16::try_from(c).ok()),
        last_error: row.try_get("last_error")?,
        next_attempt_at: row.try_get::<Option<i64>, _>("next_attempt_at")?.map(from_millis),
        created_at: from_millis(row.try_get("created_at")?),
        updated_at: from_millis(row.try_get("updated_at")?),
        delivered_at: row.try_get::<Option<i64>, _>("delivered_at")?.map(from_millis),
    })
}

fn attempt_from_row(row: &AnyRow) -> Result<Attempt> {
    Ok(Attempt {
        attempt: u32::try_from(row.try_get::<i64, _>("attempt")?).unwrap_or(u32::MAX),
        started_at: from_millis(row.try_get("started_at")?),
        duration_ms: u64::try_from(row.try_get::<i64, _>("duration_ms")?).unwrap_or(0),
        status_code: row.try_get::<Option<i64>, _>("status_code")?.and_then(|c| u16::try_from(c).ok()),
        error: row.try_get("error")?,
        response_snippet: row.try_get("response_snippet")?,
    })
}

fn uuid(row: &AnyRow, column: &str) -> Result<Uuid> {
    let text: String = row.try_get(column)?;
    Uuid::parse_str(&text).map_err(|_| StoreError::corrupt(format!("invalid uuid in {column}")))
}

/// The longest prefix of `text` within `max` bytes that ends on a character boundary.
fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
