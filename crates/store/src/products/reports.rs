//! Reports: one row per built product report (its id is the `productReportId`), the whole
//! report sealed, and the links it covers for the list's `linkId` filter. A report past its
//! `expires_at` (the app's data retention) is no longer served, and the retention job deletes it.

use super::{CHUNK, Params, context, distinct, uuid};
use crate::clock::{from_millis, to_millis};
use crate::error::{Result, StoreError};
use crate::store::{Store, Tx};
use ponte_domain::ProductCode;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};
use time::OffsetDateTime;
use uuid::Uuid;

pub(crate) const BODY_COLUMN: &str = "reports.body";

#[derive(Clone, Debug)]
pub struct NewReport {
    /// The `productReportId`.
    pub id: Uuid,
    pub app_id: Uuid,
    pub request_id: Uuid,
    pub product: ProductCode,
    pub tax_id: String,
    /// The links whose consents the report covers.
    pub link_ids: Vec<Uuid>,
    /// The envelope's `code` (200, 204, 5000–5299).
    pub code: u16,
    /// The whole report JSON, as delivered; sealed.
    pub body: String,
    pub expires_at: OffsetDateTime,
}

/// A report without its body, for lists.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportSummary {
    pub id: Uuid,
    pub app_id: Uuid,
    pub request_id: Uuid,
    pub product: ProductCode,
    pub tax_id: String,
    pub code: u16,
    pub created_at: OffsetDateTime,
    pub expires_at: OffsetDateTime,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub summary: ReportSummary,
    /// Sorted.
    pub link_ids: Vec<Uuid>,
    pub body: String,
}

/// Filters of the report list; all optional.
#[derive(Clone, Debug, Default)]
pub struct ReportFilter {
    pub request_id: Option<Uuid>,
    pub link_id: Option<Uuid>,
    pub tax_id: Option<String>,
    pub product: Option<ProductCode>,
    /// Only reports created before this one (newest first): (created_at millis, id).
    pub before: Option<(i64, Uuid)>,
}

const SUMMARY_COLUMNS: &str = "id, app_id, request_id, product, tax_id, code, created_at, expires_at";

impl Tx {
    /// Inserts a report, inside the caller's transaction (with its webhook delivery). A repeated
    /// id is a [`StoreError::Conflict`]: a retried build that reuses its report ids cannot store
    /// a report twice.
    pub async fn insert_report(&mut self, report: &NewReport) -> Result<()> {
        let id = report.id.to_string();
        let body = self.keyring().seal_str(&report.body, &context(BODY_COLUMN, &id));
        let inserted = sqlx::query(
            "INSERT INTO reports (id, app_id, request_id, product, tax_id, code, body, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&id)
        .bind(report.app_id.to_string())
        .bind(report.request_id.to_string())
        .bind(report.product.as_str())
        .bind(&report.tax_id)
        .bind(i64::from(report.code))
        .bind(body)
        .bind(self.now_millis())
        .bind(to_millis(report.expires_at))
        .execute(self.conn())
        .await;
        if let Err(e) = inserted {
            let error = StoreError::from(e);
            if error.is_unique_violation() {
                return Err(StoreError::Conflict(format!("a report with id {id}")));
            }
            return Err(error);
        }
        for chunk in distinct(&report.link_ids).chunks(CHUNK) {
            let mut params = Params::default();
            let report_id = params.push(id.clone());
            let rows = chunk
                .iter()
                .map(|link_id| format!("({report_id}, {})", params.push(link_id.to_string())))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("INSERT INTO report_links (report_id, link_id) VALUES {rows}");
            params.bind(sqlx::query(AssertSqlSafe(sql))).execute(self.conn()).await?;
        }
        Ok(())
    }
}

impl Store {
    /// A report of `app_id` with its body; not found when it is another app's or expired.
    pub async fn report(&self, app_id: Uuid, id: Uuid) -> Result<Option<ReportRow>> {
        let text = id.to_string();
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS}, body FROM reports WHERE app_id = $1 AND id = $2 AND expires_at > $3"
        )))
        .bind(app_id.to_string())
        .bind(&text)
        .bind(self.now_millis())
        .fetch_optional(self.read())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let sealed: Vec<u8> = row.try_get("body")?;
        let body = self.keyring.open_string(&sealed, &context(BODY_COLUMN, &text))?;
        let links: Vec<String> = sqlx::query_scalar("SELECT link_id FROM report_links WHERE report_id = $1")
            .bind(&text)
            .fetch_all(self.read())
            .await?;
        let mut link_ids = links
            .iter()
            .map(|link| link.parse().map_err(|_| StoreError::corrupt("report_links.link_id is not a UUID")))
            .collect::<Result<Vec<Uuid>>>()?;
        link_ids.sort_unstable();
        Ok(Some(ReportRow { summary: summary(&row)?, link_ids, body }))
    }

    /// The app's unexpired reports, newest first, `limit` at most.
    pub async fn list_reports(
        &self,
        app_id: Uuid,
        filter: &ReportFilter,
        limit: u32,
    ) -> Result<Vec<ReportSummary>> {
        let (before_at, before_id) =
            filter.before.map(|(at, id)| (Some(at), Some(id.to_string()))).unwrap_or_default();
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM reports WHERE app_id = $1 AND expires_at > $2 \
             AND ($3 IS NULL OR request_id = $3) AND ($4 IS NULL OR tax_id = $4) \
             AND ($5 IS NULL OR product = $5) \
             AND ($6 IS NULL OR EXISTS (SELECT 1 FROM report_links l WHERE l.report_id = reports.id \
             AND l.link_id = $6)) \
             AND ($7 IS NULL OR created_at < $7 OR (created_at = $7 AND id < $8)) \
             ORDER BY created_at DESC, id DESC LIMIT $9"
        )))
        .bind(app_id.to_string())
        .bind(self.now_millis())
        .bind(filter.request_id.map(|id| id.to_string()))
        .bind(filter.tax_id.as_deref())
        .bind(filter.product.map(ProductCode::as_str))
        .bind(filter.link_id.map(|id| id.to_string()))
        .bind(before_at)
        .bind(before_id)
        .bind(i64::from(limit))
        .fetch_all(self.read())
        .await?;
        rows.iter().map(summary).collect()
    }

    /// The unexpired reports of one of the app's requests, oldest first.
    pub async fn reports_of_request(&self, app_id: Uuid, request_id: Uuid) -> Result<Vec<ReportSummary>> {
        let rows = sqlx::query(AssertSqlSafe(format!(
            "SELECT {SUMMARY_COLUMNS} FROM reports WHERE app_id = $1 AND request_id = $2 AND expires_at > $3 \
             ORDER BY created_at, id"
        )))
        .bind(app_id.to_string())
        .bind(request_id.to_string())
        .bind(self.now_millis())
        .fetch_all(self.read())
        .await?;
        rows.iter().map(summary).collect()
    }

    /// Deletes the reports whose `expires_at` is not after `now`, with their links; returns
    /// how many reports went.
    pub async fn purge_expired_reports(&self, now: OffsetDateTime) -> Result<u64> {
        let now = to_millis(now);
        let mut tx = self.begin().await?;
        sqlx::query(
            "DELETE FROM report_links WHERE report_id IN (SELECT id FROM reports WHERE expires_at <= $1)",
        )
        .bind(now)
        .execute(tx.conn())
        .await?;
        let deleted = sqlx::query("DELETE FROM reports WHERE expires_at <= $1")
            .bind(now)
            .execute(tx.conn())
            .await?
            .rows_affected();
        tx.commit().await?;
        Ok(deleted)
    }
}

fn summary(row: &AnyRow) -> Result<ReportSummary> {
    let product: String = row.try_get("product")?;
    let code: i64 = row.try_get("code")?;
    Ok(ReportSummary {
        id: uuid(row, "id")?,
        app_id: uuid(row, "app_id")?,
        request_id: uuid(row, "request_id")?,
        product: product.parse().map_err(|_| StoreError::corrupt(format!("report product {product:?}")))?,
        tax_id: row.try_get("tax_id")?,
        code: u16::try_from(code).map_err(|_| StoreError::corrupt(format!("report code {code}")))?,
        created_at: from_millis(row.try_get("created_at")?),
        expires_at: from_millis(row.try_get("expires_at")?),
    })
}
