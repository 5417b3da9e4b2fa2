//! The build job: every product of a request over the data of its consents, each report stored
//! sealed with its delivery and its event, and the request marked done — all in one
//! transaction, so a crash builds the request again from scratch and nothing is sent twice.

use async_trait::async_trait;
use ponte_domain::finance::{ConsentData, MissingPart};
use ponte_domain::{ConsentStatus, ProductCode};
use ponte_link::documents::{ConsentDocument, LinkDocument};
use ponte_link::requests::BuildReports;
use ponte_reports::envelope::{Report, ReportContext};
use ponte_reports::{Analysis, Categoriser, Holder};
use ponte_store::apps::App;
use ponte_store::deliveries::{DeliveryKind, NewDelivery};
use ponte_store::journey::ConsentRow;
use ponte_store::products::{NewReport, ReportRequestRow, RequestStatus};
use ponte_store::worker::{JobError, JobHandler};
use ponte_store::{Store, Tx};
use ponte_webhooks::deliver;
use ponte_webhooks::events::event_delivery;
use ponte_webhooks::routing::{CallbackMap, report_destination};
use serde::Serialize;
use time::OffsetDateTime;
use uuid::Uuid;

use crate::{Pipeline, report_date};

pub struct BuildReportsHandler {
    pub pipeline: Pipeline,
}

#[async_trait]
impl JobHandler<BuildReports> for BuildReportsHandler {
    async fn run(&self, job: BuildReports, _attempt: u32) -> Result<(), JobError> {
        let p = &self.pipeline;
        let Some(request) = p.store.report_request_for_job(job.request_id).await? else { return Ok(()) };
        if request.status != RequestStatus::Waiting {
            return Ok(());
        }
        if !is_ready(p, request.id).await? {
            // A fetch is still running; the last one to finish enqueues this job again.
            return Ok(());
        }
        let Some(app) = p.store.app(request.app_id).await? else { return Ok(()) };
        build(p, &app, &request).await.map_err(|e| JobError::retry(format!("{e:#}")))
    }
}

/// Whether every consent of a request is settled: its data is fresh for the request, or its
/// fetch ended (failed, or the consent stopped being authorised) after the request came in.
pub async fn is_ready(p: &Pipeline, request_id: Uuid) -> ponte_store::Result<bool> {
    let Some(request) = p.store.report_request_for_job(request_id).await? else { return Ok(false) };
    let freshness = p.config.freshness_span();
    let times = p.store.consent_data_times(&request.consent_ids).await?;
    for consent_id in &request.consent_ids {
        let fresh = times.iter().any(|(id, at)| id == consent_id && *at >= request.created_at - freshness);
        if fresh {
            continue;
        }
        let ended = p
            .store
            .fetch_state(*consent_id)
            .await?
            .is_some_and(|s| s.finished_at.is_some_and(|at| at >= request.created_at));
        if !ended {
            return Ok(false);
        }
    }
    Ok(true)
}

async fn build(p: &Pipeline, app: &App, request: &ReportRequestRow) -> anyhow::Result<()> {
    let now = p.store.clock().now();
    // A user-level request may cover consents of the partner's other apps (checked when the
    // request was accepted): read each consent and its data under its own app. `rows[i]` is the
    // consent of `data[i]`.
    let (mut rows, mut data): (Vec<ConsentRow>, Vec<ConsentData>) = (Vec::new(), Vec::new());
    for consent_id in &request.consent_ids {
        let Some(row) = p.store.consent_for_journey(*consent_id).await? else { continue };
        let fetched = match p.store.consent_data(row.app_id, *consent_id).await? {
            Some(stored) => serde_json::from_str::<ConsentData>(&stored.data)?,
            None => unreachable_data(&row, now),
        };
        rows.push(row);
        data.push(fetched);
    }
    let categoriser = categoriser_for(&p.store, app.id).await?;
    let holder = Holder { tax_id: request.tax_id.clone(), audience: request.audience };
    let analysis = Analysis::new(&data, holder.clone(), report_date(now), &categoriser);
    let links = crate::scope::links(&rows, &data);
    let request_map = request
        .callback_map
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .as_ref()
        .and_then(callback_map);
    let external_info: Option<serde_json::Value> =
        request.external_info.as_deref().and_then(|text| serde_json::from_str(text).ok());
    let link_map = link_callback_map(p, app, request, &rows).await?;
    let expires_at = now + time::Duration::days(i64::from(app.settings.retention_days));
    let link_ids: Vec<Uuid> = links.iter().filter_map(|l| l.link_id.parse().ok()).collect();

    let mut tx = p.store.begin().await?;
    if !tx.set_report_request_status(request.id, RequestStatus::Waiting, RequestStatus::Done).await? {
        // Another run built it first.
        return Ok(());
    }
    for &product in &request.products {
        let report = ponte_reports::products::build(product, &analysis);
        if !report.is_built() {
            let failed = Failed::of(request, &report);
            emit(&mut tx, p, app, external_info.as_ref(), "product_generated_failed", failed).await?;
            continue;
        }
        let report_id = Uuid::new_v4();
        let context = ReportContext {
            request_id: request.id.to_string(),
            product_report_id: report_id.to_string(),
            report_time: now,
            links: links.clone(),
            external_info: external_info.clone(),
        };
        let body = report.to_json_string(&context, &holder)?;
        tx.insert_report(&NewReport {
            id: report_id,
            app_id: app.id,
            request_id: request.id,
            product,
            tax_id: request.tax_id.clone(),
            link_ids: link_ids.clone(),
            code: report.code,
            body: body.clone(),
            expires_at,
        })
        .await?;
        let url = report_destination(
            product,
            request_map.as_ref(),
            link_map.as_ref(),
            app.settings.products_webhook_url.as_ref(),
        );
        let delivery = NewDelivery {
            app_id: app.id,
            kind: DeliveryKind::Report,
            message_id: report_id.to_string(),
            name: product.as_str().to_owned(),
            url: url.map(|u| u.as_str().to_owned()),
            body: body.into_bytes(),
        };
        deliver::enqueue(&mut tx, &delivery).await?;
        let success = Generated {
            request_id: request.id.to_string(),
            product_name: product,
            product_report_id: report_id.to_string(),
        };
        emit(&mut tx, p, app, external_info.as_ref(), "product_generated_success", success).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A consent whose data could not be fetched at all: every product over it says so.
fn unreachable_data(row: &ConsentRow, now: OffsetDateTime) -> ConsentData {
    let reason = if row.status == ConsentStatus::Authorised {
        "the institution's data could not be fetched; try again later"
    } else {
        "the consent is no longer authorised"
    };
    let today = report_date(now);
    // With its granted permissions, so that products say "unavailable" (5002), not "not granted".
    let document: ConsentDocument = serde_json::from_str(&row.document).unwrap_or_default();
    let mut data = ConsentData::empty(
        row.id.to_string(),
        row.institution_code.clone(),
        String::new(),
        document.permissions_granted,
        (today, today),
        now,
    );
    data.missing.push(MissingPart {
        area: "resources".into(),
        endpoint: "/resources".into(),
        resource_id: None,
        reason: reason.into(),
    });
    data
}

async fn categoriser_for(store: &Store, app_id: Uuid) -> anyhow::Result<Categoriser> {
    let standard = Categoriser::standard();
    let Some(rules) = store.category_rules(app_id).await? else { return Ok(standard) };
    crate::accept::categoriser_with_rules(&rules).map_err(|e| anyhow::anyhow!("stored category rules: {e}"))
}

fn callback_map(value: &serde_json::Value) -> Option<CallbackMap> {
    let object = value.as_object()?;
    let entries = object.iter().filter_map(|(k, v)| v.as_str().map(|url| (k.as_str(), url)));
    CallbackMap::parse(entries).ok()
}

/// The link's `productsCallbackURL`: of the request's link, else of the one link every consent
/// in scope belongs to.
async fn link_callback_map(
    p: &Pipeline,
    app: &App,
    request: &ReportRequestRow,
    consents: &[ConsentRow],
) -> anyhow::Result<Option<CallbackMap>> {
    let link_id = match request.link_id {
        Some(id) => id,
        None => match consents.first() {
            Some(first) if consents.iter().all(|c| c.link_id == first.link_id) => first.link_id,
            _ => return Ok(None),
        },
    };
    let link_app = consents.iter().find(|c| c.link_id == link_id).map_or(app.id, |c| c.app_id);
    let Some(link) = p.store.link(link_app, link_id).await? else { return Ok(None) };
    let document: LinkDocument = serde_json::from_str(&link.document).unwrap_or_default();
    Ok(document.products_callback_url.as_ref().and_then(callback_map))
}

/// `product_generated_success` {requestId, productName, productReportId}.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Generated {
    request_id: String,
    product_name: ProductCode,
    product_report_id: String,
}

/// `product_generated_failed` {requestId, productName, code, message}.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Failed {
    request_id: String,
    product_name: ProductCode,
    code: u16,
    message: String,
}

impl Failed {
    fn of(request: &ReportRequestRow, report: &Report) -> Failed {
        Failed {
            request_id: request.id.to_string(),
            product_name: report.product,
            code: report.code,
            message: report.message.clone(),
        }
    }
}

async fn emit(
    tx: &mut Tx,
    p: &Pipeline,
    app: &App,
    external_info: Option<&serde_json::Value>,
    name: &str,
    payload: impl Serialize,
) -> anyhow::Result<()> {
    let url = app.settings.event_webhook_url.as_ref().map(|u| u.as_str());
    let (delivery, _) = event_delivery(app.id, name, payload, external_info, url, p.store.clock().now())?;
    deliver::enqueue(tx, &delivery).await?;
    Ok(())
}
