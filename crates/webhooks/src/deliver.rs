//! The delivery job: one attempt per run. It signs the stored body, POSTs it, records the attempt
//! and either finishes (delivered, or failed for good) or asks the job queue to run it again when
//! the retry schedule says. Because the job is enqueued in the same transaction as the outbox row,
//! a delivery survives any crash: at worst an attempt is repeated (receivers deduplicate on
//! `webhook-id`).

use crate::client::{Answer, SendError, Sender};
use crate::schedule::RetrySchedule;
use crate::signing::{AppSigningKeys, WebhookSecret};
use async_trait::async_trait;
use ponte_store::Store;
use ponte_store::deliveries::{Attempt, AttemptOutcome, DeliveryStatus, NewDelivery, Requeue};
use ponte_store::endpoints::EndpointState;
use ponte_store::jobs::{Job, NewJob};
use ponte_store::worker::{JobError, JobHandler};
use ponte_store::{Tx, jobs::JobId};
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};
use uuid::Uuid;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliverWebhook {
    pub app_id: Uuid,
    pub delivery_id: Uuid,
}

impl Job for DeliverWebhook {
    const KIND: &'static str = "deliver_webhook";
    /// The retry schedule decides when a delivery is failed; this only bounds runs that crash
    /// before recording an attempt.
    const MAX_ATTEMPTS: u32 = 50;
}

/// Records a message in the outbox and, when it has a URL, enqueues its delivery — both inside
/// the caller's transaction.
pub async fn enqueue(tx: &mut Tx, new: &NewDelivery) -> ponte_store::Result<Option<(Uuid, Option<JobId>)>> {
    let Some(id) = tx.record_delivery(new).await? else { return Ok(None) };
    let job = match new.url {
        Some(_) => tx.enqueue(NewJob::of(&DeliverWebhook { app_id: new.app_id, delivery_id: id })?).await?,
        None => None,
    };
    Ok(Some((id, job)))
}

/// Sends a delivered or failed delivery again (one more attempt), inside the caller's
/// transaction.
pub async fn replay(tx: &mut Tx, app_id: Uuid, delivery_id: Uuid) -> ponte_store::Result<Requeue> {
    let outcome = tx.requeue_delivery(app_id, delivery_id).await?;
    if outcome == Requeue::Queued {
        tx.enqueue(NewJob::of(&DeliverWebhook { app_id, delivery_id })?).await?;
    }
    Ok(outcome)
}

pub struct DeliverWebhookHandler {
    pub store: Store,
    pub sender: Sender,
    pub schedule: RetrySchedule,
    /// Prefix of the Klavi-compatible headers (`X-Klavi`).
    pub klavi_prefix: String,
    /// The longest `Retry-After` honoured.
    pub max_retry_after: Duration,
    /// An endpoint failing continuously for this long is disabled (5 days by default).
    pub disable_after: Duration,
}

/// What an answer (or failure to get one) means for the delivery.
#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Delivered,
    /// The endpoint asked never to be called again (410).
    Gone,
    Retry {
        retry_after: Option<Duration>,
    },
}

fn judge(result: &Result<Answer, SendError>) -> Verdict {
    match result {
        Ok(answer) if (200..300).contains(&answer.status) => Verdict::Delivered,
        Ok(answer) if answer.status == 410 => Verdict::Gone,
        Ok(answer) if answer.status == 429 || answer.status == 503 => {
            Verdict::Retry { retry_after: answer.retry_after }
        }
        _ => Verdict::Retry { retry_after: None },
    }
}

#[async_trait]
impl JobHandler<DeliverWebhook> for DeliverWebhookHandler {
    async fn run(&self, job: DeliverWebhook, _run: u32) -> Result<(), JobError> {
        let store_error = |e: ponte_store::StoreError| JobError::retry(e.to_string());
        // One query: the delivery, its opened body, the endpoint's health and the app's secrets.
        let Some(plan) =
            self.store.delivery_to_send(job.app_id, job.delivery_id).await.map_err(store_error)?
        else {
            return Err(JobError::permanent("the delivery no longer exists"));
        };
        let delivery = plan.delivery;
        let Some(url) = delivery.url.clone().filter(|_| delivery.status == DeliveryStatus::Pending) else {
            return Ok(()); // delivered, failed or stored meanwhile: nothing to do
        };
        let endpoint = plan.endpoint;
        if endpoint.is_disabled() {
            let reason = endpoint.disabled_reason.unwrap_or_default();
            let attempt = Attempt {
                attempt: delivery.attempts + 1,
                started_at: self.store.clock().now(),
                duration_ms: 0,
                status_code: None,
                error: Some(format!(
                    "not sent: the endpoint is disabled ({reason}); replay a delivery to re-enable it"
                )),
                response_snippet: None,
            };
            self.store
                .record_attempt(job.delivery_id, &attempt, AttemptOutcome::Failed)
                .await
                .map_err(store_error)?;
            return Ok(());
        }
        let webhook_secrets = plan
            .webhook_secrets
            .iter()
            .map(|s| s.expose().parse::<WebhookSecret>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| JobError::permanent(format!("stored webhook secret: {e}")))?;
        let keys = AppSigningKeys { webhook_secrets, secret_key: plan.secret_key.expose().to_owned() };
        let body = plan.body;

        let started_at = self.store.clock().now();
        let clock = Instant::now();
        let headers =
            keys.headers(&delivery.message_id, started_at.unix_timestamp(), &body, &self.klavi_prefix).0;
        let result = self.sender.post(&url, &headers, body).await;
        let elapsed = clock.elapsed();
        let duration_ms = u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX);
        metrics::histogram!("ponte_webhook_attempt_duration_seconds").record(elapsed.as_secs_f64());

        let attempt_number = delivery.attempts + 1;
        let verdict = judge(&result);
        let mut outcome = match verdict {
            Verdict::Delivered => AttemptOutcome::Delivered,
            Verdict::Gone => AttemptOutcome::Failed,
            Verdict::Retry { retry_after } => {
                match self.schedule.next_delay(attempt_number, rand::random::<f64>()) {
                    Some(delay) => AttemptOutcome::RetryAt(
                        started_at
                            + RetrySchedule::honour_retry_after(delay, retry_after, self.max_retry_after),
                    ),
                    None => AttemptOutcome::Failed,
                }
            }
        };
        if self.update_endpoint(job.app_id, &url, &verdict, &endpoint).await.map_err(store_error)? {
            outcome = AttemptOutcome::Failed;
        }
        let (status_code, error, snippet) = match &result {
            Ok(answer) => (Some(answer.status), None, Some(answer.snippet.clone())),
            Err(error) => (None, Some(error.to_string()), None),
        };
        let attempt = Attempt {
            attempt: attempt_number,
            started_at,
            duration_ms,
            status_code,
            error: error.or_else(|| {
                (verdict == Verdict::Gone).then(|| "410 Gone: endpoint asked to stop".to_owned())
            }),
            response_snippet: snippet,
        };
        self.store.record_attempt(job.delivery_id, &attempt, outcome).await.map_err(store_error)?;
        metrics::counter!("ponte_webhook_attempts_total", "outcome" => outcome_label(outcome)).increment(1);
        match outcome {
            AttemptOutcome::RetryAt(at) => Err(JobError::Retry {
                message: format!("delivery attempt {attempt_number} failed"),
                after: Some((at - self.store.clock().now()).try_into().unwrap_or(Duration::ZERO)),
            }),
            AttemptOutcome::Delivered | AttemptOutcome::Failed => Ok(()),
        }
    }
}

fn outcome_label(outcome: AttemptOutcome) -> &'static str {
    match outcome {
        AttemptOutcome::Delivered => "delivered",
        AttemptOutcome::RetryAt(_) => "retry",
        AttemptOutcome::Failed => "failed",
    }
}

impl DeliverWebhookHandler {
    /// A handler with the spec's defaults: the standard retry schedule, `X-Klavi` headers,
    /// `Retry-After` honoured up to an hour, endpoints disabled after 5 days of failures.
    pub fn new(store: Store, sender: Sender) -> Self {
        Self {
            store,
            sender,
            schedule: RetrySchedule::default(),
            klavi_prefix: "X-Klavi".to_owned(),
            max_retry_after: Duration::from_secs(3600),
            disable_after: Duration::from_secs(5 * 24 * 3600),
        }
    }

    /// Updates the endpoint's health after an attempt; true when it has just been disabled.
    async fn update_endpoint(
        &self,
        app_id: Uuid,
        url: &str,
        verdict: &Verdict,
        before: &EndpointState,
    ) -> ponte_store::Result<bool> {
        match verdict {
            Verdict::Delivered => {
                // A healthy endpoint stays healthy: no write on the common path.
                if before.failing_since.is_some() {
                    self.store.record_endpoint_result(app_id, url, true).await?;
                }
                Ok(false)
            }
            Verdict::Gone => {
                self.store.disable_endpoint(app_id, url, "it answered 410 Gone").await?;
                tracing::warn!(%app_id, "webhook endpoint disabled: 410 Gone");
                Ok(true)
            }
            Verdict::Retry { .. } => {
                let state = self.store.record_endpoint_result(app_id, url, false).await?;
                let cutoff = self.store.clock().now() - self.disable_after;
                if Store::failing_longer_than(&state, cutoff) {
                    let since = state.failing_since.map(crate::events::timestamp).unwrap_or_default();
                    let reason = format!("it has been failing continuously since {since}");
                    self.store.disable_endpoint(app_id, url, &reason).await?;
                    tracing::warn!(%app_id, "webhook endpoint disabled after failing for days");
                    return Ok(true);
                }
                Ok(false)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, retry_after: Option<u64>) -> Result<Answer, SendError> {
        Ok(Answer { status, retry_after: retry_after.map(Duration::from_secs), snippet: String::new() })
    }

    #[test]
    fn answers_are_judged_as_specified() {
        assert_eq!(judge(&answer(200, None)), Verdict::Delivered);
        assert_eq!(judge(&answer(204, None)), Verdict::Delivered);
        assert_eq!(judge(&answer(301, None)), Verdict::Retry { retry_after: None }, "redirects are failures");
        assert_eq!(judge(&answer(410, None)), Verdict::Gone);
        assert_eq!(
            judge(&answer(429, Some(30))),
            Verdict::Retry { retry_after: Some(Duration::from_secs(30)) }
        );
        assert_eq!(
            judge(&answer(503, Some(5))),
            Verdict::Retry { retry_after: Some(Duration::from_secs(5)) }
        );
        assert_eq!(
            judge(&answer(500, Some(5))),
            Verdict::Retry { retry_after: None },
            "only 429/503 Retry-After counts"
        );
        assert_eq!(
            judge(&Err(SendError::Timeout(Duration::from_secs(10)))),
            Verdict::Retry { retry_after: None }
        );
    }
}
