use super::{Journey, Result};
use crate::documents::{LinkDocument, to_json};
use crate::events;
use ponte_store::apps::App;
use ponte_store::journey::{LinkRow, NewLink};
use std::time::Duration;
use uuid::Uuid;

/// A link to create, already validated by the caller.
#[derive(Clone, Debug, Default)]
pub struct NewLinkRequest {
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub document: LinkDocument,
}

impl Journey {
    /// Creates a link and emits `link_created` in the same transaction.
    pub async fn create_link(&self, app: &App, request: &NewLinkRequest) -> Result<LinkRow> {
        let id = Uuid::now_v7();
        let lifetime = Duration::from_secs(u64::from(app.settings.link_lifetime_secs));
        let new = NewLink {
            id,
            app_id: app.id,
            personal_tax_id: request.personal_tax_id.clone(),
            business_tax_id: request.business_tax_id.clone(),
            document: to_json(&request.document),
            expires_at: self.store.clock().now() + lifetime,
        };
        let mut tx = self.store.begin().await?;
        tx.insert_link(&new).await?;
        events::link_created(
            &mut tx,
            &self.store,
            app,
            &id.to_string(),
            request.personal_tax_id.as_deref(),
            request.business_tax_id.as_deref(),
            request.document.external_info.as_ref(),
        )
        .await?;
        let link = tx.link(app.id, id).await?.ok_or(super::JourneyError::NotFound("link"))?;
        tx.commit().await?;
        Ok(link)
    }
}
