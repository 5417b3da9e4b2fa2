use super::context;
use super::links::uuid;
use crate::clock::{from_millis, to_millis};
use crate::error::{Result, StoreError};
use crate::store::{Store, Tx};
use ponte_domain::ConsentStatus;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct NewConsent {
    pub id: Uuid,
    pub app_id: Uuid,
    pub link_id: Uuid,
    pub external_track_id: String,
    pub institution_code: String,
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    /// JSON, sealed at rest.
    pub document: String,
    pub expire_at: Option<OffsetDateTime>,
    /// What created it (the first timeline entry's cause).
    pub cause: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsentRow {
    pub id: Uuid,
    pub app_id: Uuid,
    pub link_id: Uuid,
    pub external_track_id: String,
    pub institution_code: String,
    pub status: ConsentStatus,
    pub status_reason: Option<String>,
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub document: String,
    pub expire_at: Option<OffsetDateTime>,
    pub last_activity_at: OffsetDateTime,
    pub checked_at: Option<OffsetDateTime>,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

/// A status change: applied only if the consent is still in `from`.
#[derive(Clone, Debug)]
pub struct Transition<'a> {
    pub consent_id: Uuid,
    pub from: ConsentStatus,
    pub to: ConsentStatus,
    /// The OFB rejection reason or Ponte's, shown to partners as `statusReason`.
    pub reason: Option<&'a str>,
    /// What caused it, for the timeline (e.g. `bank_callback`, `expiry_job`, `partner_revoke`).
    pub cause: &'a str,
    /// A new document, when the transition changes it (e.g. the permissions granted).
    pub document: Option<&'a str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransitionRow {
    pub from: Option<ConsentStatus>,
    pub to: ConsentStatus,
    pub reason: Option<String>,
    pub cause: String,
    pub at: OffsetDateTime,
}

/// Filters of the consent list; all optional.
#[derive(Clone, Debug, Default)]
pub struct ConsentFilter {
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub link_id: Option<Uuid>,
    /// Only consents created before this one (newest first): (created_at millis, id).
    pub before: Option<(i64, Uuid)>,
}

pub(crate) const COLUMNS: &str = "id, app_id, link_id, external_track_id, institution_code, status, status_reason, \
                       personal_tax_id, business_tax_id, document, expire_at, last_activity_at, checked_at, \
                       created_at, updated_at";

impl Tx {
    /// Inserts a consent in `STARTED` with its first timeline entry. A repeated
    /// `external_track_id` in the app is a [`StoreError::Conflict`].
    pub async fn insert_consent(&mut self, consent: &NewConsent) -> Result<()> {
        let now = self.now_millis();
        let id = consent.id.to_string();
        let sealed = self.keyring().seal_str(&consent.document, &context("consents", &id));
        let inserted = sqlx::query(
            "INSERT INTO consents (id, app_id, link_id, external_track_id, institution_code, status, \
             personal_tax_id, business_tax_id, document, expire_at, last_activity_at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $11)",
        )
        .bind(&id)
        .bind(consent.app_id.to_string())
        .bind(consent.link_id.to_string())
        .bind(&consent.external_track_id)
        .bind(&consent.institution_code)
        .bind(ConsentStatus::Started.as_str())
        .bind(consent.personal_tax_id.as_deref())
        .bind(consent.business_tax_id.as_deref())
        .bind(sealed)
        .bind(consent.expire_at.map(to_millis))
        .bind(now)
        .execute(self.conn())
        .await;
        if let Err(e) = inserted {
            let error = StoreError::from(e);
            if error.is_unique_violation() {
                return Err(StoreError::Conflict(format!(
                    "a consent with externalTrackId {:?}",
                    consent.external_track_id
                )));
            }
            return Err(error);
        }
        sqlx::query(
            "INSERT INTO consent_transitions (consent_id, seq, from_status, to_status, reason, cause, at) \
             VALUES ($1, 1, NULL, $2, NULL, $3, $4)",
        )
        .bind(&id)
        .bind(ConsentStatus::Started.as_str())
        .bind(&consent.cause)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Applies `transition` if the consent is still in its `from` status (and the move is one
    /// the state machine allows), appending to its timeline. False when someone else moved it
    /// first; the caller then emits nothing.
    pub async fn transition_consent(&mut self, transition: &Transition<'_>) -> Result<bool> {
        if !transition.from.can_become(transition.to) {
            return Err(StoreError::Conflict(format!(
                "a move from {} to {}",
                transition.from, transition.to
            )));
        }
        let now = self.now_millis();
        let id = transition.consent_id.to_string();
        let sealed = transition.document.map(|d| self.keyring().seal_str(d, &context("consents", &id)));
        let updated = sqlx::query(
            "UPDATE consents SET status = $3, status_reason = $4, document = COALESCE($5, document), \
             updated_at = $6, last_activity_at = $6 WHERE id = $1 AND status = $2",
        )
        .bind(&id)
        .bind(transition.from.as_str())
        .bind(transition.to.as_str())
        .bind(transition.reason)
        .bind(sealed)
        .bind(now)
        .execute(self.conn())
        .await?
        .rows_affected();
        if updated != 1 {
            return Ok(false);
        }
        sqlx::query(
            "INSERT INTO consent_transitions (consent_id, seq, from_status, to_status, reason, cause, at) \
             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5, $6 FROM consent_transitions \
             WHERE consent_id = $1",
        )
        .bind(&id)
        .bind(transition.from.as_str())
        .bind(transition.to.as_str())
        .bind(transition.reason)
        .bind(transition.cause)
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(true)
    }

    /// Replaces a consent's document and expiry without a status change.
    pub async fn update_consent_document(
        &mut self,
        id: Uuid,
        document: &str,
        expire_at: Option<OffsetDateTime>,
    ) -> Result<()> {
        let text = id.to_string();
        let sealed = self.keyring().seal_str(document, &context("consents", &text));
        sqlx::query(
            "UPDATE consents SET document = $2, expire_at = $3, updated_at = $4, last_activity_at = $4 \
             WHERE id = $1",
        )
        .bind(&text)
        .bind(sealed)
        .bind(expire_at.map(to_millis))
        .bind(self.now_millis())
        .execute(self.conn())
        .await?;
        Ok(())
    }

    pub async fn consent(&mut self, app_id: Uuid, id: Uuid) -> Result<Option<ConsentRow>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM consents WHERE app_id = $1 AND id = $2"
        )))
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_optional(self.conn())
        .await?;
        row.map(|row| consent_row(self.keyring(), &row)).transpose()
    }

    /// The statuses of a link's consents (to derive the link's status).
    pub async fn link_consent_statuses(&mut self, link_id: Uuid) -> Result<Vec<ConsentStatus>> {
        let rows: Vec<String> = sqlx::query_scalar("SELECT status FROM consents WHERE link_id = $1")
            .bind(link_id.to_string())
            .fetch_all(self.conn())
            .await?;
        rows.iter()
            .map(|s| s.parse().map_err(|_| StoreError::corrupt(format!("consent status {s}"))))
            .collect()
    }
}

impl Store {
    /// A consent of `app_id` (another app's consent is not found).
    pub async fn consent(&self, app_id: Uuid, id: Uuid) -> Result<Option<ConsentRow>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM consents WHERE app_id = $1 AND id = $2"
        )))
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_optional(self.write())
        .await?;
        row.map(|row| consent_row(&self.keyring, &row)).transpose()
    }

    /// A consent by id alone, for the journey's own steps that a single-use grant (or a signed
    /// link token) already tied to it; never for a partner's request, which must be scoped.
    pub async fn consent_for_journey(&self, id: Uuid) -> Result<Option<ConsentRow>> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {COLUMNS} FROM consents WHERE id = $1")))
            .bind(id.to_string())
            .fetch_optional(self.write())
            .await?;
        row.map(|row| consent_row(&self.keyring, &row)).transpose()
    }

    /// The consents of a link, oldest first.
    pub async fn link_consents(&self, app_id: Uuid, link_id: Uuid) -> Result<Vec<ConsentRow>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM consents WHERE app_id = $1 AND link_id = $2 ORDER BY created_at, id"
        )))
        .bind(app_id.to_string())
        .bind(link_id.to_string())
        .fetch_all(self.write())
        .await?;
        rows.iter().map(|row| consent_row(&self.keyring, row)).collect()
    }

    /// An app's consents, newest first, `limit` at most.
    pub async fn list_consents(
        &self,
        app_id: Uuid,
        filter: &ConsentFilter,
        limit: u32,
    ) -> Result<Vec<ConsentRow>> {
        let (before_at, before_id) =
            filter.before.map(|(at, id)| (Some(at), Some(id.to_string()))).unwrap_or_default();
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM consents WHERE app_id = $1 \
             AND ($2 IS NULL OR personal_tax_id = $2) AND ($3 IS NULL OR business_tax_id = $3) \
             AND ($4 IS NULL OR link_id = $4) \
             AND ($5 IS NULL OR created_at < $5 OR (created_at = $5 AND id < $6)) \
             ORDER BY created_at DESC, id DESC LIMIT $7"
        )))
        .bind(app_id.to_string())
        .bind(filter.personal_tax_id.as_deref())
        .bind(filter.business_tax_id.as_deref())
        .bind(filter.link_id.map(|id| id.to_string()))
        .bind(before_at)
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(self.read())
        .await?;
        rows.iter().map(|row| consent_row(&self.keyring, row)).collect()
    }

    /// A consent's timeline, oldest first.
    pub async fn consent_timeline(&self, consent_id: Uuid) -> Result<Vec<TransitionRow>> {
        let rows = sqlx::query(
            "SELECT from_status, to_status, reason, cause, at FROM consent_transitions \
             WHERE consent_id = $1 ORDER BY seq",
        )
        .bind(consent_id.to_string())
        .fetch_all(self.write())
        .await?;
        rows.iter()
            .map(|row| {
                let from: Option<String> = row.try_get("from_status")?;
                let to: String = row.try_get("to_status")?;
                let parse = |s: &str| s.parse().map_err(|_| StoreError::corrupt(format!("status {s}")));
                Ok(TransitionRow {
                    from: from.as_deref().map(parse).transpose()?,
                    to: parse(&to)?,
                    reason: row.try_get("reason")?,
                    cause: row.try_get("cause")?,
                    at: from_millis(row.try_get("at")?),
                })
            })
            .collect()
    }

    /// Records activity on a consent (the inactivity rule counts from here).
    pub async fn touch_consent(&self, id: Uuid) -> Result<()> {
        sqlx::query("UPDATE consents SET last_activity_at = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(self.now_millis())
            .execute(self.write())
            .await?;
        Ok(())
    }

    /// Records that the bank's view of the consent was read now.
    pub async fn mark_consent_checked(&self, id: Uuid) -> Result<()> {
        sqlx::query("UPDATE consents SET checked_at = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(self.now_millis())
            .execute(self.write())
            .await?;
        Ok(())
    }

    /// Consents in `status` whose last activity is older than `idle_before`: (app, id).
    pub async fn idle_consents(
        &self,
        status: ConsentStatus,
        idle_before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<(Uuid, Uuid)>> {
        let rows = sqlx::query(
            "SELECT app_id, id FROM consents WHERE status = $1 AND last_activity_at < $2 \
             ORDER BY last_activity_at LIMIT $3",
        )
        .bind(status.as_str())
        .bind(to_millis(idle_before))
        .bind(i64::from(limit))
        .fetch_all(self.write())
        .await?;
        rows.iter().map(|row| Ok((uuid(row, "app_id")?, uuid(row, "id")?))).collect()
    }

    /// AUTHORISED consents past their expiry: (app, id).
    pub async fn consents_past_expiry(&self, limit: u32) -> Result<Vec<(Uuid, Uuid)>> {
        let rows = sqlx::query(
            "SELECT app_id, id FROM consents WHERE status = 'AUTHORISED' AND expire_at IS NOT NULL \
             AND expire_at <= $1 ORDER BY expire_at LIMIT $2",
        )
        .bind(self.now_millis())
        .bind(i64::from(limit))
        .fetch_all(self.write())
        .await?;
        rows.iter().map(|row| Ok((uuid(row, "app_id")?, uuid(row, "id")?))).collect()
    }

    /// AUTHORISED consents whose bank view was not read since `checked_before`: (app, id).
    pub async fn consents_to_check(
        &self,
        checked_before: OffsetDateTime,
        limit: u32,
    ) -> Result<Vec<(Uuid, Uuid)>> {
        let rows = sqlx::query(
            "SELECT app_id, id FROM consents WHERE status = 'AUTHORISED' \
             AND COALESCE(checked_at, 0) < $1 ORDER BY COALESCE(checked_at, 0) LIMIT $2",
        )
        .bind(to_millis(checked_before))
        .bind(i64::from(limit))
        .fetch_all(self.write())
        .await?;
        rows.iter().map(|row| Ok((uuid(row, "app_id")?, uuid(row, "id")?))).collect()
    }

    /// Stores (replacing) the tokens a bank issued for a consent, sealed.
    pub async fn save_consent_tokens(&self, consent_id: Uuid, tokens: &str) -> Result<()> {
        let id = consent_id.to_string();
        let sealed = self.keyring.seal_str(tokens, &format!("consent_tokens.sealed:{id}"));
        sqlx::query(
            "INSERT INTO consent_tokens (consent_id, sealed, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (consent_id) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at",
        )
        .bind(&id)
        .bind(sealed)
        .bind(self.now_millis())
        .execute(self.write())
        .await?;
        Ok(())
    }

    pub async fn consent_tokens(&self, consent_id: Uuid) -> Result<Option<String>> {
        let id = consent_id.to_string();
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT sealed FROM consent_tokens WHERE consent_id = $1")
                .bind(&id)
                .fetch_optional(self.write())
                .await?;
        Ok(sealed
            .map(|s| self.keyring.open_string(&s, &format!("consent_tokens.sealed:{id}")))
            .transpose()?)
    }

    /// Forgets a consent's tokens (after revocation they are worthless and still secret).
    pub async fn delete_consent_tokens(&self, consent_id: Uuid) -> Result<()> {
        sqlx::query("DELETE FROM consent_tokens WHERE consent_id = $1")
            .bind(consent_id.to_string())
            .execute(self.write())
            .await?;
        Ok(())
    }
}

pub(crate) fn consent_row(keyring: &crate::Keyring, row: &AnyRow) -> Result<ConsentRow> {
    let id = uuid(row, "id")?;
    let sealed: Vec<u8> = row.try_get("document")?;
    let status: String = row.try_get("status")?;
    let expire_at: Option<i64> = row.try_get("expire_at")?;
    let checked_at: Option<i64> = row.try_get("checked_at")?;
    Ok(ConsentRow {
        id,
        app_id: uuid(row, "app_id")?,
        link_id: uuid(row, "link_id")?,
        external_track_id: row.try_get("external_track_id")?,
        institution_code: row.try_get("institution_code")?,
        status: status.parse().map_err(|_| StoreError::corrupt(format!("consent status {status}")))?,
        status_reason: row.try_get("status_reason")?,
        personal_tax_id: row.try_get("personal_tax_id")?,
        business_tax_id: row.try_get("business_tax_id")?,
        document: keyring.open_string(&sealed, &context("consents", &id.to_string()))?,
        expire_at: expire_at.map(from_millis),
        last_activity_at: from_millis(row.try_get("last_activity_at")?),
        checked_at: checked_at.map(from_millis),
        created_at: from_millis(row.try_get("created_at")?),
        updated_at: from_millis(row.try_get("updated_at")?),
    })
}
