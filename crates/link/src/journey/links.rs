//! Creating links. Link creation is the API's busiest write, and on SQLite every write goes
//! through one connection, where each statement costs a round trip: so concurrent creations are
//! committed together (group commit) by one writer task — one transaction for up to
//! [`MAX_BATCH`] links and their `link_created` events — instead of one transaction each.

use super::{Journey, JourneyError, Result};
use crate::documents::{LinkDocument, to_json};
use crate::events;
use ponte_domain::LinkStatus;
use ponte_store::Store;
use ponte_store::apps::App;
use ponte_store::journey::{LinkRow, NewLink};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};
use uuid::Uuid;

/// The most links one transaction commits.
pub const MAX_BATCH: usize = 64;

/// A link to create, already validated by the caller.
#[derive(Clone, Debug, Default)]
pub struct NewLinkRequest {
    pub personal_tax_id: Option<String>,
    pub business_tax_id: Option<String>,
    pub document: LinkDocument,
}

struct Pending {
    app: App,
    link: NewLink,
    external_info: Option<serde_json::Value>,
    reply: oneshot::Sender<Result<(), String>>,
}

/// The handle of the writer task; the task ends when the last handle is dropped.
#[derive(Clone)]
pub(crate) struct LinkWriter {
    queue: mpsc::Sender<Pending>,
}

impl LinkWriter {
    pub(crate) fn start(store: Store) -> LinkWriter {
        let (queue, pending) = mpsc::channel(4 * MAX_BATCH);
        tokio::spawn(write_batches(store, pending));
        LinkWriter { queue }
    }
}

async fn write_batches(store: Store, mut pending: mpsc::Receiver<Pending>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while pending.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let outcome = write(&store, &batch).await.map_err(|e| format!("{e:#}"));
        for item in batch.drain(..) {
            // A caller that went away (its request was cancelled) no longer needs the answer.
            let _ = item.reply.send(outcome.clone());
        }
    }
}

/// One transaction for the whole batch: each link and its event, committed together.
async fn write(store: &Store, batch: &[Pending]) -> anyhow::Result<()> {
    let mut tx = store.begin().await?;
    for item in batch {
        tx.insert_link(&item.link).await?;
        events::link_created(
            &mut tx,
            store,
            &item.app,
            &item.link.id.to_string(),
            item.link.personal_tax_id.as_deref(),
            item.link.business_tax_id.as_deref(),
            item.external_info.as_ref(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

impl Journey {
    /// Creates a link and emits `link_created` in the same transaction; returns once both are
    /// committed.
    pub async fn create_link(&self, app: &App, request: &NewLinkRequest) -> Result<LinkRow> {
        let now = self.store.clock().now();
        // Stored with millisecond precision: the row returned is the row a read would give.
        let now = now.replace_nanosecond(now.millisecond() as u32 * 1_000_000).unwrap_or(now);
        let lifetime = Duration::from_secs(u64::from(app.settings.link_lifetime_secs));
        let link = NewLink {
            id: Uuid::now_v7(),
            app_id: app.id,
            personal_tax_id: request.personal_tax_id.clone(),
            business_tax_id: request.business_tax_id.clone(),
            document: to_json(&request.document),
            expires_at: now + lifetime,
        };
        let row = LinkRow {
            id: link.id,
            app_id: app.id,
            status: LinkStatus::Pending,
            personal_tax_id: link.personal_tax_id.clone(),
            business_tax_id: link.business_tax_id.clone(),
            document: link.document.clone(),
            expires_at: link.expires_at,
            last_activity_at: now,
            created_at: now,
            updated_at: now,
        };
        let (reply, answer) = oneshot::channel();
        let pending =
            Pending { app: app.clone(), link, external_info: request.document.external_info.clone(), reply };
        let gone = || JourneyError::Internal(anyhow::anyhow!("the link writer stopped"));
        self.links.queue.send(pending).await.map_err(|_| gone())?;
        match answer.await.map_err(|_| gone())? {
            Ok(()) => Ok(row),
            Err(error) => Err(JourneyError::Internal(anyhow::anyhow!(error))),
        }
    }
}
