//! Status changes and their events, committed together: a transition that wins its
//! compare-and-set writes its event to the outbox in the same transaction, so each status's
//! event is emitted exactly once and never lost.

use crate::documents::LinkDocument;
use crate::view::ConsentView;
use ponte_domain::ConsentStatus;
use ponte_store::apps::App;
use ponte_store::journey::{ConsentRow, Transition};
use ponte_store::{Store, Tx};
use ponte_webhooks::{deliver, events::event_delivery};
use serde::Serialize;

/// The payload of every `consent_*` event (spec §6).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentEventPayload<'a> {
    pub link_id: String,
    pub personal_tax_id: String,
    pub business_tax_id: String,
    pub consents: ConsentEventConsent<'a>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsentEventConsent<'a> {
    pub consent_id: String,
    pub external_track_id: &'a str,
    pub institution_code: &'a str,
    pub status: &'a str,
    pub permissions_granted: &'a [String],
    pub expire_at: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// Applies a transition and, if it won, emits its event and updates the link's status — all in
/// `tx`. Returns whether it won.
pub async fn transition(
    tx: &mut Tx,
    store: &Store,
    app: &App,
    transition: &Transition<'_>,
) -> anyhow::Result<bool> {
    if !tx.transition_consent(transition).await? {
        return Ok(false);
    }
    let Some(consent) = tx.consent(app.id, transition.consent_id).await? else {
        anyhow::bail!("consent {} vanished inside its own transaction", transition.consent_id);
    };
    let link = tx
        .link(app.id, consent.link_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("link {} of consent {} is missing", consent.link_id, consent.id))?;
    let statuses = tx.link_consent_statuses(link.id).await?;
    let url_expired = link.expires_at <= store.clock().now();
    let derived = link.status.next(statuses, url_expired);
    if derived != link.status {
        tx.set_link_status(link.id, link.status, derived).await?;
    }
    if let Some(name) = transition.to.event_name() {
        let document: LinkDocument = serde_json::from_str(&link.document).unwrap_or_default();
        emit_consent_event(tx, store, app, name, &consent, document.external_info.as_ref()).await?;
    }
    if transition.to == ConsentStatus::Authorised {
        crate::requests::on_authorised(tx, store, app, &consent).await?;
    }
    Ok(true)
}

async fn emit_consent_event(
    tx: &mut Tx,
    store: &Store,
    app: &App,
    name: &str,
    consent: &ConsentRow,
    external_info: Option<&serde_json::Value>,
) -> anyhow::Result<()> {
    let view = ConsentView::of(consent);
    let payload = ConsentEventPayload {
        link_id: view.link_id.clone(),
        personal_tax_id: view.personal_tax_id.clone(),
        business_tax_id: view.business_tax_id.clone(),
        consents: ConsentEventConsent {
            consent_id: view.consent_id.clone(),
            external_track_id: &view.external_track_id,
            institution_code: &view.institution_code,
            status: &view.status,
            permissions_granted: &view.permissions_granted,
            expire_at: view.expire_at.as_deref(),
            reason: view.status_reason.as_deref(),
        },
    };
    let url = app.settings.event_webhook_url.as_ref().map(|u| u.as_str());
    let (delivery, _) = event_delivery(app.id, name, payload, external_info, url, store.clock().now())?;
    deliver::enqueue(tx, &delivery).await?;
    Ok(())
}

/// `link_created` {linkId, personalTaxId, businessTaxId}, in the link's own transaction.
pub async fn link_created(
    tx: &mut Tx,
    store: &Store,
    app: &App,
    link_id: &str,
    personal_tax_id: Option<&str>,
    business_tax_id: Option<&str>,
    external_info: Option<&serde_json::Value>,
) -> anyhow::Result<()> {
    let payload = serde_json::json!({
        "linkId": link_id,
        "personalTaxId": personal_tax_id.unwrap_or_default(),
        "businessTaxId": business_tax_id.unwrap_or_default(),
    });
    let url = app.settings.event_webhook_url.as_ref().map(|u| u.as_str());
    let (delivery, _) =
        event_delivery(app.id, "link_created", payload, external_info, url, store.clock().now())?;
    deliver::enqueue(tx, &delivery).await?;
    Ok(())
}
