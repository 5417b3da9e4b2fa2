//! Each app's category override rules: partner configuration (JSON the categoriser reads), not
//! personal data, so stored plain.

use crate::error::Result;
use crate::store::Store;
use uuid::Uuid;

impl Store {
    /// The app's rules; `None` when it never saved any.
    pub async fn category_rules(&self, app_id: Uuid) -> Result<Option<String>> {
        Ok(sqlx::query_scalar("SELECT rules FROM category_rules WHERE app_id = $1")
            .bind(app_id.to_string())
            .fetch_optional(self.read())
            .await?)
    }

    /// Replaces the app's rules.
    pub async fn save_category_rules(&self, app_id: Uuid, json: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO category_rules (app_id, rules, updated_at) VALUES ($1, $2, $3) \
             ON CONFLICT (app_id) DO UPDATE SET rules = excluded.rules, updated_at = excluded.updated_at",
        )
        .bind(app_id.to_string())
        .bind(json)
        .bind(self.now_millis())
        .execute(self.write())
        .await?;
        Ok(())
    }
}
