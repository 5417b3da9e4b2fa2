use super::context;
use crate::clock::{from_millis, to_millis};
use crate::error::{Result, StoreError};
use crate::store::{Store, Tx};
use ponte_domain::LinkStatus;
use sqlx::Row;
use sqlx::any::AnyRow;
use time::OffsetDateTime;
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct NewLink {
    pub id: Uuid,
    pub app_id: Uuid,
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    /// JSON, sealed at rest.
    pub document: String,
    pub expires_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRow {
    pub id: Uuid,
    pub app_id: Uuid,
    pub status: LinkStatus,
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub document: String,
    pub expires_at: OffsetDateTime,
    pub last_activity_at: OffsetDateTime,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

const COLUMNS: &str = "id, app_id, status, personal_tax_id, business_tax_id, document, expires_at, \
                       last_activity_at, created_at, updated_at";

impl Tx {
    pub async fn insert_link(&mut self, link: &NewLink) -> Result<()> {
        let now = self.now_millis();
        let id = link.id.to_string();
        let sealed = self.keyring().seal_str(&link.document, &context("links", &id));
        sqlx::query(
            "INSERT INTO links (id, app_id, status, personal_tax_id, business_tax_id, document, expires_at, \
             last_activity_at, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8)",
        )
        .bind(&id)
        .bind(link.app_id.to_string())
        .bind(LinkStatus::Pending.as_str())
        .bind(link.personal_tax_id.as_deref())
        .bind(link.business_tax_id.as_deref())
        .bind(sealed)
        .bind(to_millis(link.expires_at))
        .bind(now)
        .execute(self.conn())
        .await?;
        Ok(())
    }

    /// Moves a link from `from` to `to`; false when it was no longer in `from`.
    pub async fn set_link_status(&mut self, id: Uuid, from: LinkStatus, to: LinkStatus) -> Result<bool> {
        let now = self.now_millis();
        let done = sqlx::query("UPDATE links SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2")
            .bind(id.to_string())
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(now)
            .execute(self.conn())
            .await?
            .rows_affected();
        Ok(done == 1)
    }

    /// A link read inside the transaction (with its latest status).
    pub async fn link(&mut self, app_id: Uuid, id: Uuid) -> Result<Option<LinkRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM links WHERE app_id = $1 AND id = $2"
        )))
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_optional(self.conn())
        .await?;
        row.map(|row| link_row(self.keyring(), &row)).transpose()
    }
}

impl Store {
    /// A link of `app_id` (another app's link is not found).
    pub async fn link(&self, app_id: Uuid, id: Uuid) -> Result<Option<LinkRow>> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM links WHERE app_id = $1 AND id = $2"
        )))
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_optional(self.write())
        .await?;
        row.map(|row| link_row(&self.keyring, &row)).transpose()
    }

    /// Records activity on the link's pages (the 30-minute inactivity rule counts from here).
    pub async fn touch_link(&self, id: Uuid) -> Result<()> {
        sqlx::query("UPDATE links SET last_activity_at = $2 WHERE id = $1")
            .bind(id.to_string())
            .bind(self.now_millis())
            .execute(self.write())
            .await?;
        Ok(())
    }

    /// Pending links whose URL expired before now, oldest first.
    pub async fn expired_pending_links(&self, limit: u32) -> Result<Vec<(Uuid, Uuid)>> {
        let rows = sqlx::query(
            "SELECT id, app_id FROM links WHERE status = 'PENDING' AND expires_at <= $1 \
             ORDER BY expires_at LIMIT $2",
        )
        .bind(self.now_millis())
        .bind(i64::from(limit))
        .fetch_all(self.write())
        .await?;
        rows.iter().map(|row| Ok((uuid(row, "id")?, uuid(row, "app_id")?))).collect()
    }
}

pub(super) fn uuid(row: &AnyRow, column: &str) -> Result<Uuid> {
    let text: String = row.try_get(column)?;
    text.parse().map_err(|_| StoreError::Corrupt(format!("{column} is not a UUID")))
}

fn link_row(keyring: &crate::Keyring, row: &AnyRow) -> Result<LinkRow> {
    let id = uuid(row, "id")?;
    let sealed: Vec<u8> = row.try_get("document")?;
    let status: String = row.try_get("status")?;
    Ok(LinkRow {
        id,
        app_id: uuid(row, "app_id")?,
        status: status.parse().map_err(|_| StoreError::Corrupt(format!("link status {status}")))?,
        personal_tax_id: row.try_get("personal_tax_id")?,
        business_tax_id: row.try_get("business_tax_id")?,
        document: keyring.open_string(&sealed, &context("links", &id.to_string()))?,
        expires_at: from_millis(row.try_get("expires_at")?),
        last_activity_at: from_millis(row.try_get("last_activity_at")?),
        created_at: from_millis(row.try_get("created_at")?),
        updated_at: from_millis(row.try_get("updated_at")?),
    })
}
