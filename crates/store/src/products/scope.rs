//! Which consents a report request covers: by tax id in the app (institution level) or across
//! the partner's apps (user level), narrowed by institution, link or explicit consent ids.

use super::{Params, uuid};
use crate::error::Result;
use crate::journey::{CONSENT_COLUMNS, ConsentRow, consent_row};
use crate::store::Store;
use sqlx::AssertSqlSafe;
use uuid::Uuid;

/// The most consents one scope resolves to, newest first.
pub const SCOPE_LIMIT: u32 = 500;

/// The consents a request may cover. Every filter that is set must match; consents are read in
/// every status (the caller keeps the AUTHORISED ones).
#[derive(Clone, Debug, Default)]
pub struct ConsentScopeQuery {
    /// The requesting app alone (institution level) or the partner's apps (user level, see
    /// [`Store::partner_app_ids`]). Empty: nothing is in scope.
    pub app_ids: Vec<Uuid>,
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub institution_code: Option<String>,
    pub link_id: Option<Uuid>,
    /// Only these consents. `Some` and empty: nothing is in scope.
    pub consent_ids: Option<Vec<Uuid>>,
}

impl Store {
    /// The consents in `scope`, newest first, [`SCOPE_LIMIT`] at most.
    pub async fn consents_for_scope(&self, scope: &ConsentScopeQuery) -> Result<Vec<ConsentRow>> {
        if scope.app_ids.is_empty() || scope.consent_ids.as_ref().is_some_and(Vec::is_empty) {
            return Ok(Vec::new());
        }
        let mut params = Params::default();
        let apps = params.list(scope.app_ids.iter().map(Uuid::to_string));
        let mut conditions = vec![format!("app_id IN ({apps})")];
        let optional = [
            ("personal_tax_id", scope.personal_tax_id.clone()),
            ("business_tax_id", scope.business_tax_id.clone()),
            ("institution_code", scope.institution_code.clone()),
            ("link_id", scope.link_id.map(|id| id.to_string())),
        ];
        for (column, value) in optional {
            if let Some(value) = value {
                conditions.push(format!("{column} = {}", params.push(value)));
            }
        }
        if let Some(ids) = &scope.consent_ids {
            conditions.push(format!("id IN ({})", params.list(ids.iter().map(Uuid::to_string))));
        }
        let sql = format!(
            "SELECT {CONSENT_COLUMNS} FROM consents WHERE {} ORDER BY created_at DESC, id DESC LIMIT {SCOPE_LIMIT}",
            conditions.join(" AND ")
        );
        let rows = params.bind(sqlx::query(AssertSqlSafe(sql))).fetch_all(self.read()).await?;
        rows.iter().map(|row| consent_row(&self.keyring, row)).collect()
    }

    /// Every app of the partner owning `app_id` in the same environment (a production request
    /// never covers sandbox consents), `app_id` included, oldest first; empty for an unknown app.
    pub async fn partner_app_ids(&self, app_id: Uuid) -> Result<Vec<Uuid>> {
        let rows = sqlx::query(
            "SELECT a.id FROM apps a JOIN apps me ON me.partner_id = a.partner_id \
             AND me.environment = a.environment WHERE me.id = $1 ORDER BY a.created_at, a.id",
        )
        .bind(app_id.to_string())
        .fetch_all(self.read())
        .await?;
        rows.iter().map(|row| uuid(row, "id")).collect()
    }
}
