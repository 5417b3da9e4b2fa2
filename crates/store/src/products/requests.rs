//! Report requests: what a partner (or the automatic mode) asked for, the consents in scope
//! resolved when it was accepted, and where it stands. The callback map and `externalInfo` may
//! carry partner secrets and personal data: both are sealed.

use super::{CHUNK, Params, audience_str, context, distinct, optional_uuid, parse_audience, text_enum, uuid};
use crate::clock::from_millis;
use crate::error::{Result, StoreError};
use crate::store::{Store, Tx};
use ponte_domain::{Audience, ProductCode};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;
use uuid::Uuid;

pub(crate) const CALLBACK_MAP_COLUMN: &str = "report_requests.callback_map";
pub(crate) const EXTERNAL_INFO_COLUMN: &str = "report_requests.external_info";

text_enum! {
    /// Whose data a request covers: one institution's consents in the app, or the tax id's
    /// consents across the partner's apps.
    ReportLevel {
        Institution => "institution",
        User => "user",
    }
}

text_enum! {
    RequestOrigin {
        /// A partner's call to the report-request endpoints.
        Api => "api",
        /// The automatic delivery mode, after a consent was authorised.
        Automatic => "automatic",
    }
}

text_enum! {
    RequestStatus {
        /// Accepted; waiting for the fetches of its consents.
        Waiting => "waiting",
        Building => "building",
        Done => "done",
    }
}

#[derive(Clone, Debug)]
pub struct NewReportRequest {
    pub id: Uuid,
    pub app_id: Uuid,
    pub level: ReportLevel,
    pub audience: Audience,
    pub tax_id: String,
    pub institution_code: Option<String>,
    pub link_id: Option<Uuid>,
    /// The consents in scope, resolved when the request was accepted.
    pub consent_ids: Vec<Uuid>,
    pub products: Vec<ProductCode>,
    /// JSON object `productsCallbackURL` (product code, `other` or `all` to URL); sealed.
    pub callback_map: Option<String>,
    /// JSON echoed in the request's reports and events; sealed.
    pub external_info: Option<String>,
    pub origin: RequestOrigin,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRequestRow {
    pub id: Uuid,
    pub app_id: Uuid,
    pub level: ReportLevel,
    pub audience: Audience,
    pub tax_id: String,
    pub institution_code: Option<String>,
    pub link_id: Option<Uuid>,
    /// In the order given when the request was inserted.
    pub consent_ids: Vec<Uuid>,
    pub products: Vec<ProductCode>,
    pub callback_map: Option<String>,
    pub external_info: Option<String>,
    pub origin: RequestOrigin,
    pub status: RequestStatus,
    pub created_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
}

const COLUMNS: &str = "id, app_id, level, audience, tax_id, institution_code, link_id, consent_ids, products, \
                       callback_map, external_info, origin, status, created_at, updated_at";

impl Tx {
    /// Inserts a request in `waiting`, inside the caller's transaction (with its event and
    /// jobs). A repeated id is a [`StoreError::Conflict`].
    pub async fn insert_report_request(&mut self, request: &NewReportRequest) -> Result<()> {
        let now = self.now_millis();
        let id = request.id.to_string();
        let consent_ids = to_json(&request.consent_ids)?;
        let products = to_json(&request.products)?;
        let callback_map = request
            .callback_map
            .as_deref()
            .map(|m| self.keyring().seal_str(m, &context(CALLBACK_MAP_COLUMN, &id)));
        let external_info = request
            .external_info
            .as_deref()
            .map(|info| self.keyring().seal_str(info, &context(EXTERNAL_INFO_COLUMN, &id)));
        let inserted = sqlx::query(
            "INSERT INTO report_requests (id, app_id, level, audience, tax_id, institution_code, link_id, \
             consent_ids, products, callback_map, external_info, origin, status, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
        )
        .bind(&id)
        .bind(request.app_id.to_string())
        .bind(request.level.as_str())
        .bind(audience_str(request.audience))
        .bind(&request.tax_id)
        .bind(request.institution_code.as_deref())
        .bind(request.link_id.map(|id| id.to_string()))
        .bind(consent_ids)
        .bind(products)
        .bind(callback_map)
        .bind(external_info)
        .bind(request.origin.as_str())
        .bind(RequestStatus::Waiting.as_str())
        .bind(now)
        .execute(self.conn())
        .await;
        if let Err(e) = inserted {
            let error = StoreError::from(e);
            if error.is_unique_violation() {
                return Err(StoreError::Conflict(format!("a report request with id {id}")));
            }
            return Err(error);
        }
        // One multi-row insert per chunk: a user-level request may cover hundreds of consents.
        for chunk in distinct(&request.consent_ids).chunks(CHUNK) {
            let mut params = Params::default();
            let request_id = params.push(id.clone());
            let rows = chunk
                .iter()
                .map(|consent_id| format!("({request_id}, {})", params.push(consent_id.to_string())))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("INSERT INTO report_request_consents (request_id, consent_id) VALUES {rows}");
            params.bind(sqlx::query(AssertSqlSafe(sql))).execute(self.conn()).await?;
        }
        Ok(())
    }

    /// Moves a request from `from` to `to`; false when it was no longer in `from` (another
    /// worker moved it first).
    pub async fn set_report_request_status(
        &mut self,
        id: Uuid,
        from: RequestStatus,
        to: RequestStatus,
    ) -> Result<bool> {
        let now = self.now_millis();
        let updated = sqlx::query(
            "UPDATE report_requests SET status = $3, updated_at = $4 WHERE id = $1 AND status = $2",
        )
        .bind(id.to_string())
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(now)
        .execute(self.conn())
        .await?
        .rows_affected();
        Ok(updated == 1)
    }
}

impl Store {
    /// A request of `app_id` (another app's request is not found).
    pub async fn report_request(&self, app_id: Uuid, id: Uuid) -> Result<Option<ReportRequestRow>> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM report_requests WHERE app_id = $1 AND id = $2"
        )))
        .bind(app_id.to_string())
        .bind(id.to_string())
        .fetch_optional(self.read())
        .await?;
        row.map(|row| self.request_row(&row)).transpose()
    }

    /// Deletes the app's requests created before `older_than` that are done and have no report
    /// left (reports outlive nothing: they are purged at their own expiry first). Requests hold
    /// a tax id and the partner's sealed `externalInfo`, so they follow the app's retention too.
    pub async fn purge_report_requests(&self, app_id: Uuid, older_than: OffsetDateTime) -> Result<u64> {
        let finished = "SELECT id FROM report_requests r WHERE r.app_id = $1 AND r.created_at < $2 \
                        AND r.status = 'done' AND NOT EXISTS (SELECT 1 FROM reports p WHERE p.request_id = r.id)";
        let mut tx = self.begin().await?;
        let ids: Vec<String> = sqlx::query_scalar(AssertSqlSafe(finished))
            .bind(app_id.to_string())
            .bind(crate::clock::to_millis(older_than))
            .fetch_all(tx.conn())
            .await?;
        let mut purged = 0;
        for chunk in ids.chunks(CHUNK) {
            let mut params = Params::default();
            let list = params.list(chunk.iter().cloned());
            let consents = format!("DELETE FROM report_request_consents WHERE request_id IN ({list})");
            params.bind(sqlx::query(AssertSqlSafe(consents))).execute(tx.conn()).await?;
            let mut params = Params::default();
            let list = params.list(chunk.iter().cloned());
            let requests = format!("DELETE FROM report_requests WHERE id IN ({list})");
            purged +=
                params.bind(sqlx::query(AssertSqlSafe(requests))).execute(tx.conn()).await?.rows_affected();
        }
        tx.commit().await?;
        Ok(purged)
    }

    /// A request by id alone, for the workers its jobs name; never for a partner's call.
    pub async fn report_request_for_job(&self, id: Uuid) -> Result<Option<ReportRequestRow>> {
        let row = sqlx::query(AssertSqlSafe(format!("SELECT {COLUMNS} FROM report_requests WHERE id = $1")))
            .bind(id.to_string())
            .fetch_optional(self.read())
            .await?;
        row.map(|row| self.request_row(&row)).transpose()
    }

    /// [`Tx::set_report_request_status`] in a transaction of its own.
    pub async fn set_report_request_status(
        &self,
        id: Uuid,
        from: RequestStatus,
        to: RequestStatus,
    ) -> Result<bool> {
        let mut tx = self.begin().await?;
        let moved = tx.set_report_request_status(id, from, to).await?;
        tx.commit().await?;
        Ok(moved)
    }

    /// Requests still `waiting` whose scope includes the consent, oldest first: the ones a
    /// finished fetch of it may let proceed.
    pub async fn waiting_requests_for_consent(&self, consent_id: Uuid) -> Result<Vec<Uuid>> {
        let rows = sqlx::query(
            "SELECT r.id FROM report_request_consents c JOIN report_requests r ON r.id = c.request_id \
             WHERE c.consent_id = $1 AND r.status = 'waiting' ORDER BY r.created_at, r.id",
        )
        .bind(consent_id.to_string())
        .fetch_all(self.read())
        .await?;
        rows.iter().map(|row| uuid(row, "id")).collect()
    }

    fn request_row(&self, row: &AnyRow) -> Result<ReportRequestRow> {
        let id: String = row.try_get("id")?;
        let open = |column: &str, sealed: Option<Vec<u8>>| -> Result<Option<String>> {
            Ok(sealed.map(|s| self.keyring.open_string(&s, &context(column, &id))).transpose()?)
        };
        let level: String = row.try_get("level")?;
        let audience: String = row.try_get("audience")?;
        let origin: String = row.try_get("origin")?;
        let status: String = row.try_get("status")?;
        Ok(ReportRequestRow {
            id: uuid(row, "id")?,
            app_id: uuid(row, "app_id")?,
            level: ReportLevel::from_column(&level)?,
            audience: parse_audience(&audience)?,
            tax_id: row.try_get("tax_id")?,
            institution_code: row.try_get("institution_code")?,
            link_id: optional_uuid(row, "link_id")?,
            consent_ids: from_json("consent_ids", &row.try_get::<String, _>("consent_ids")?)?,
            products: from_json("products", &row.try_get::<String, _>("products")?)?,
            callback_map: open(CALLBACK_MAP_COLUMN, row.try_get("callback_map")?)?,
            external_info: open(EXTERNAL_INFO_COLUMN, row.try_get("external_info")?)?,
            origin: RequestOrigin::from_column(&origin)?,
            status: RequestStatus::from_column(&status)?,
            created_at: from_millis(row.try_get("created_at")?),
            updated_at: from_millis(row.try_get("updated_at")?),
        })
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::corrupt(format!("a report request list: {e}")))
}

fn from_json<T: serde::de::DeserializeOwned>(column: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| StoreError::corrupt(format!("report_requests.{column}: {e}")))
}
