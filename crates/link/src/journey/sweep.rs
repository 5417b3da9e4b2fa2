//! The periodic sweep: ends journeys that ran out of time and notices revocations made at the
//! banks. Every step is a compare-and-set, so sweeps on several replicas (or a sweep racing a
//! user) never emit an event twice.

use super::{BANK_WINDOW, INACTIVITY, Journey, POLL_INTERVAL, Result};
use ponte_domain::{ConsentStatus, LinkStatus};
use ponte_store::journey::Transition;

const BATCH: u32 = 200;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub links_closed: usize,
    pub consents_expired: usize,
    pub consents_polled: usize,
    pub poll_failures: usize,
}

impl Journey {
    pub async fn sweep(&self) -> Result<SweepReport> {
        let mut report = SweepReport::default();
        let now = self.store.clock().now();
        // Journeys abandoned on Ponte's pages, or at the bank beyond OFB's 60 minutes.
        for (status, idle, reason, words) in [
            (ConsentStatus::Started, INACTIVITY, "INACTIVITY", "the link was left unused for 30 minutes"),
            (
                ConsentStatus::AwaitingLgpdAuthorisation,
                INACTIVITY,
                "INACTIVITY",
                "the confirmation was left unanswered for 30 minutes",
            ),
            (
                ConsentStatus::AwaitingAuthorisation,
                BANK_WINDOW,
                "CONSENT_EXPIRED",
                "the authorisation at the institution took longer than 60 minutes",
            ),
        ] {
            for (app_id, id) in self.store.idle_consents(status, now - idle, BATCH).await? {
                let (app, consent) = (self.app(app_id).await?, self.consent_of(id).await?);
                if consent.status == status
                    && self.fail(&app, &consent, ConsentStatus::Expired, reason, "expiry_job", words).await?
                {
                    report.consents_expired += 1;
                }
            }
        }
        // Sharing periods that ended.
        for (app_id, id) in self.store.consents_past_expiry(BATCH).await? {
            let app = self.app(app_id).await?;
            let transition = Transition {
                consent_id: id,
                from: ConsentStatus::Authorised,
                to: ConsentStatus::Expired,
                reason: Some("CONSENT_MAX_DATE_REACHED"),
                cause: "expiry_job",
                document: None,
            };
            if self.record(&app, &transition).await? {
                report.consents_expired += 1;
                self.store.delete_consent_tokens(id).await?;
            }
        }
        // Link URLs that expired: the link's status follows its consents.
        for (id, app_id) in self.store.expired_pending_links(BATCH).await? {
            let mut tx = self.store.begin().await?;
            let statuses = tx.link_consent_statuses(id).await?;
            let derived = LinkStatus::Pending.next(statuses, true);
            if derived != LinkStatus::Pending && tx.set_link_status(id, LinkStatus::Pending, derived).await? {
                report.links_closed += 1;
            }
            tx.commit().await?;
            tracing::debug!(link = %id, app = %app_id, status = %derived, "link URL expired");
        }
        // Revocations made at the bank.
        for (app_id, id) in self.store.consents_to_check(now - POLL_INTERVAL, BATCH).await? {
            let (app, consent) = (self.app(app_id).await?, self.consent_of(id).await?);
            match self.poll_bank(&app, &consent).await {
                Ok(_) => report.consents_polled += 1,
                Err(error) => {
                    report.poll_failures += 1;
                    // Tried today: the next try is tomorrow, not at every sweep.
                    self.store.mark_consent_checked(id).await?;
                    tracing::warn!(consent = %id, %error, "polling the bank's consent failed");
                }
            }
        }
        Ok(report)
    }
}
