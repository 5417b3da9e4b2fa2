//! Report requests as the journey sees them: recording one (with its `product_request_received`
//! event and the jobs that fetch data and build the reports, in the caller's transaction), and
//! the automatic request an app in `automatic` delivery mode gets when a consent is authorised.
//!
//! The jobs are declared here because both front doors create them: the partner API (through
//! `ponte-pipeline`) and the consent's transition to AUTHORISED. Their handlers live in
//! `ponte-pipeline`.

use ponte_domain::{Audience, DeliveryMode, ProductCode};
use ponte_store::apps::App;
use ponte_store::jobs::{Job, NewJob};
use ponte_store::journey::ConsentRow;
use ponte_store::products::{NewReportRequest, ReportLevel, RequestOrigin};
use ponte_store::{Store, Tx};
use ponte_webhooks::deliver;
use ponte_webhooks::events::event_delivery;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::documents::LinkDocument;

/// Fetches a consent's data from its institution (spec §7), then builds the reports of the
/// requests that were waiting for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FetchConsentData {
    pub consent_id: Uuid,
}

impl Job for FetchConsentData {
    const KIND: &'static str = "fetch_consent_data";
    /// Retries cover a bank that refuses the token for a while; each attempt already retries
    /// its calls, so a few attempts are enough before the requests are built with what exists.
    const MAX_ATTEMPTS: u32 = 5;

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.consent_id))
    }
}

/// Builds every report of a request and hands them to delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildReports {
    pub request_id: Uuid,
}

impl Job for BuildReports {
    const KIND: &'static str = "build_reports";
    const MAX_ATTEMPTS: u32 = 5;

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.request_id))
    }
}

/// `product_request_received` {requestId, taxId, products, linkId, consentIds}.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RequestReceived<'a> {
    request_id: String,
    tax_id: &'a str,
    products: &'a [ProductCode],
    link_id: Option<String>,
    consent_ids: Vec<String>,
}

/// Records an accepted request in `tx`: the request, its event, a fetch job for every consent
/// whose data is stale, or the build job at once when every consent's data is fresh.
pub async fn record_request(
    tx: &mut Tx,
    store: &Store,
    app: &App,
    request: &NewReportRequest,
    stale_consents: &[Uuid],
) -> anyhow::Result<()> {
    tx.insert_report_request(request).await?;
    let payload = RequestReceived {
        request_id: request.id.to_string(),
        tax_id: &request.tax_id,
        products: &request.products,
        link_id: request.link_id.map(|id| id.to_string()),
        consent_ids: request.consent_ids.iter().map(Uuid::to_string).collect(),
    };
    let external_info: Option<serde_json::Value> =
        request.external_info.as_deref().and_then(|text| serde_json::from_str(text).ok());
    let url = app.settings.event_webhook_url.as_ref().map(|u| u.as_str());
    let (delivery, _) = event_delivery(
        app.id,
        "product_request_received",
        payload,
        external_info.as_ref(),
        url,
        store.clock().now(),
    )?;
    deliver::enqueue(tx, &delivery).await?;
    if stale_consents.is_empty() {
        tx.enqueue(NewJob::of(&BuildReports { request_id: request.id })?).await?;
    } else {
        let jobs = stale_consents
            .iter()
            .map(|&consent_id| NewJob::of(&FetchConsentData { consent_id }))
            .collect::<Result<Vec<_>, _>>()?;
        tx.enqueue_many(jobs).await?;
    }
    Ok(())
}

/// On AUTHORISED, in the transition's transaction: an app in `automatic` delivery mode gets
/// every enabled product of the consent's audience built from this consent and delivered
/// without asking.
pub async fn on_authorised(
    tx: &mut Tx,
    store: &Store,
    app: &App,
    consent: &ConsentRow,
) -> anyhow::Result<()> {
    if app.settings.delivery_mode != DeliveryMode::Automatic {
        return Ok(());
    }
    let (audience, tax_id) = match (&consent.business_tax_id, &consent.personal_tax_id) {
        (Some(cnpj), _) => (Audience::Business, cnpj.clone()),
        (None, Some(cpf)) => (Audience::Personal, cpf.clone()),
        (None, None) => return Ok(()),
    };
    let products: Vec<ProductCode> =
        app.settings.products.iter().filter(|p| p.audience() == audience).collect();
    if products.is_empty() {
        return Ok(());
    }
    let link = tx.link(app.id, consent.link_id).await?;
    let external_info = link
        .and_then(|l| serde_json::from_str::<LinkDocument>(&l.document).ok())
        .and_then(|d| d.external_info)
        .map(|info| info.to_string());
    let request = NewReportRequest {
        id: Uuid::now_v7(),
        app_id: app.id,
        level: ReportLevel::Institution,
        audience,
        tax_id,
        institution_code: Some(consent.institution_code.clone()),
        link_id: Some(consent.link_id),
        consent_ids: vec![consent.id],
        products,
        callback_map: None,
        external_info,
        origin: RequestOrigin::Automatic,
    };
    record_request(tx, store, app, &request, &[consent.id]).await
}
