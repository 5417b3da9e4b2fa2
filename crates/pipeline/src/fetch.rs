//! The fetch job (spec §7): one consent's data from its institution, stored sealed, then the
//! requests that were waiting for it are built.

use async_trait::async_trait;
use ponte_domain::{Audience, ConsentStatus};
use ponte_link::documents::{ConsentDocument, ConsentTokens};
use ponte_link::requests::{BuildReports, FetchConsentData};
use ponte_ofb::data::{FetchError, FetchOutcome, FetchTarget, fetch_consent};
use ponte_ofb::fapi::UserPresent;
use ponte_store::apps::App;
use ponte_store::jobs::{Job, NewJob};
use ponte_store::journey::ConsentRow;
use ponte_store::worker::{JobError, JobHandler};
use time::OffsetDateTime;

use crate::control::StoreControl;
use crate::progress::FetchProgress;
use crate::{Pipeline, report_date};

/// Refresh the access token when it has less than this left: a fetch of a large customer
/// takes seconds, and a token expiring halfway would waste it.
const REFRESH_MARGIN_SECS: i64 = 120;

pub struct FetchConsentDataHandler {
    pub pipeline: Pipeline,
}

#[async_trait]
impl JobHandler<FetchConsentData> for FetchConsentDataHandler {
    async fn run(&self, job: FetchConsentData, attempt: u32) -> Result<(), JobError> {
        let p = &self.pipeline;
        let Some(consent) = p.store.consent_for_journey(job.consent_id).await? else {
            return Ok(());
        };
        let now = p.store.clock().now();
        if is_fresh(p, &consent, now).await? {
            return Ok(release_waiting(p, &consent).await?);
        }
        if consent.status != ConsentStatus::Authorised {
            p.store.finish_fetch(consent.id, false, Some("the consent is not authorised")).await?;
            return Ok(release_waiting(p, &consent).await?);
        }
        let Some(app) = p.store.app(consent.app_id).await? else { return Ok(()) };
        p.store.start_fetch(app.id, consent.id).await?;
        match fetch(p, &app, &consent, now).await {
            Ok(outcome) => {
                let data =
                    serde_json::to_string(&outcome.data).map_err(|e| JobError::permanent(e.to_string()))?;
                let raw =
                    serde_json::to_string(&outcome.raw).map_err(|e| JobError::permanent(e.to_string()))?;
                let missing = u32::try_from(outcome.data.missing.len()).unwrap_or(u32::MAX);
                let fetched_at = p.store.clock().now();
                p.store.save_consent_data(app.id, consent.id, fetched_at, &data, &raw, missing).await?;
                p.store.finish_fetch(consent.id, true, None).await?;
                p.progress.publish(consent.id, FetchProgress::Done);
                tracing::info!(
                    consent_id = %consent.id,
                    calls = outcome.calls,
                    missing_parts = missing,
                    "fetched a consent's data"
                );
                Ok(release_waiting(p, &consent).await?)
            }
            Err(failure) if failure.retryable && attempt < FetchConsentData::MAX_ATTEMPTS => {
                p.store.fetch_progress(consent.id, "waiting to retry").await?;
                Err(JobError::Retry { message: failure.message, after: None })
            }
            Err(failure) => {
                tracing::warn!(consent_id = %consent.id, reason = %failure.message, "giving up fetching a consent's data");
                p.store.finish_fetch(consent.id, false, Some(&failure.message)).await?;
                p.progress.publish(consent.id, FetchProgress::Failed);
                Ok(release_waiting(p, &consent).await?)
            }
        }
    }
}

/// Why a fetch produced nothing, and whether trying again may help.
struct Failure {
    message: String,
    retryable: bool,
}

impl Failure {
    fn permanent(message: impl Into<String>) -> Self {
        Failure { message: message.into(), retryable: false }
    }
    fn retryable(message: impl Into<String>) -> Self {
        Failure { message: message.into(), retryable: true }
    }
}

async fn is_fresh(p: &Pipeline, consent: &ConsentRow, now: OffsetDateTime) -> ponte_store::Result<bool> {
    let times = p.store.consent_data_times(&[consent.id]).await?;
    let freshness = p.config.freshness_span();
    Ok(times.iter().any(|(_, at)| now - *at < freshness))
}

async fn fetch(
    p: &Pipeline,
    app: &App,
    consent: &ConsentRow,
    now: OffsetDateTime,
) -> Result<FetchOutcome, Failure> {
    let entry = p
        .registry
        .institution(app.environment, &consent.institution_code)
        .ok_or_else(|| Failure::retryable("the institution is not in the registry (yet)"))?;
    let fapi = p
        .registry
        .fapi(app.environment)
        .ok_or_else(|| Failure::permanent("no Open Finance connection is configured for this environment"))?;
    let document: ConsentDocument = serde_json::from_str(&consent.document).unwrap_or_default();
    let mut tokens = stored_tokens(p, consent).await?;
    let mut refreshed = false;
    if tokens.access_expires_at - now.unix_timestamp() < REFRESH_MARGIN_SECS {
        tokens = refresh(p, fapi, &entry.institution.discovery_document, consent, &tokens).await?;
        refreshed = true;
    }
    let audience = if consent.business_tax_id.is_some() { Audience::Business } else { Audience::Personal };
    let consent_id = consent.id.to_string();
    let control = StoreControl {
        store: p.store.clone(),
        consent_id: consent.id,
        progress: p.progress.clone(),
        month: month_of(report_date(now)),
    };
    loop {
        let target = FetchTarget {
            endpoints: &entry.institution.endpoints,
            access_token: &tokens.access_token,
            permissions: &document.permissions_granted,
            consent_id: &consent_id,
            institution_code: &consent.institution_code,
            institution_name: &entry.institution.name,
            today: report_date(now),
            audience,
            user: UserPresent::default(),
        };
        match fetch_consent(fapi, &target, &control, &p.config.retry).await {
            Ok(outcome) => return Ok(outcome),
            // A refused token may only be stale: refresh once, then give up for this attempt.
            Err(FetchError::TokenRefused { .. }) if !refreshed => {
                tokens = refresh(p, fapi, &entry.institution.discovery_document, consent, &tokens).await?;
                refreshed = true;
            }
            Err(error) => return Err(Failure::retryable(error.to_string())),
        }
    }
}

async fn stored_tokens(p: &Pipeline, consent: &ConsentRow) -> Result<ConsentTokens, Failure> {
    let text = p
        .store
        .consent_tokens(consent.id)
        .await
        .map_err(|e| Failure::retryable(e.to_string()))?
        .ok_or_else(|| Failure::permanent("the consent has no tokens (revoked or never completed)"))?;
    serde_json::from_str(&text).map_err(|_| Failure::permanent("the consent's stored tokens are unreadable"))
}

async fn refresh(
    p: &Pipeline,
    fapi: &ponte_ofb::fapi::FapiClient,
    discovery_document: &str,
    consent: &ConsentRow,
    tokens: &ConsentTokens,
) -> Result<ConsentTokens, Failure> {
    let refresh_token = tokens
        .refresh_token
        .as_deref()
        .ok_or_else(|| Failure::permanent("the access token expired and the bank gave no refresh token"))?;
    let server = fapi.server(discovery_document).await.map_err(|e| Failure::retryable(e.to_string()))?;
    let fresh = fapi.refresh(&server, refresh_token).await.map_err(|e| Failure {
        retryable: e.is_retryable(),
        message: format!("refreshing the access token failed: {e}"),
    })?;
    let stored = ConsentTokens {
        access_token: fresh.access_token,
        refresh_token: fresh.refresh_token.or_else(|| tokens.refresh_token.clone()),
        access_expires_at: p.store.clock().now().unix_timestamp()
            + i64::try_from(fresh.expires_in).unwrap_or(0),
        scope: fresh.scope.or_else(|| tokens.scope.clone()),
    };
    let json = serde_json::to_string(&stored).map_err(|e| Failure::permanent(e.to_string()))?;
    p.store.save_consent_tokens(consent.id, &json).await.map_err(|e| Failure::retryable(e.to_string()))?;
    Ok(stored)
}

fn month_of(date: time::Date) -> String {
    format!("{:04}-{:02}", date.year(), date.month() as u8)
}

/// Enqueues the build of every request waiting for this consent whose consents are now all
/// settled. Runs after this fetch's own writes are committed, so of two fetches finishing
/// together at least the later one sees both settled.
async fn release_waiting(p: &Pipeline, consent: &ConsentRow) -> ponte_store::Result<()> {
    for request_id in p.store.waiting_requests_for_consent(consent.id).await? {
        if crate::build::is_ready(p, request_id).await? {
            p.store.enqueue(NewJob::of(&BuildReports { request_id })?).await?;
        }
    }
    Ok(())
}
