//! Retention (spec §2: data-retention days, default 90): reports past their expiry and fetched
//! data older than the app's retention are deleted by an hourly job.

use async_trait::async_trait;
use ponte_store::Store;
use ponte_store::jobs::Job;
use ponte_store::worker::{JobError, JobHandler};
use serde::{Deserialize, Serialize};

/// One run per hour slot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurgeExpiredData {
    /// Unix hour of the slot (dedupes the periodic enqueue).
    pub hour: i64,
}

impl Job for PurgeExpiredData {
    const KIND: &'static str = "purge_expired_data";
    const MAX_ATTEMPTS: u32 = 3;

    fn dedupe_key(&self) -> Option<String> {
        Some(format!("{}:{}", Self::KIND, self.hour))
    }
}

pub struct PurgeExpiredDataHandler {
    pub store: Store,
}

#[async_trait]
impl JobHandler<PurgeExpiredData> for PurgeExpiredDataHandler {
    async fn run(&self, _job: PurgeExpiredData, _attempt: u32) -> Result<(), JobError> {
        let now = self.store.clock().now();
        let reports = self.store.purge_expired_reports(now).await?;
        let (mut data, mut requests) = (0, 0);
        for app in self.store.apps().await? {
            let cutoff = now - time::Duration::days(i64::from(app.settings.retention_days));
            data += self.store.purge_consent_data(app.id, cutoff).await?;
            requests += self.store.purge_report_requests(app.id, cutoff).await?;
        }
        // Operational limits are monthly: last month's counters are the oldest still useful.
        let month = crate::report_date(now).replace_day(1).map(|d| d - time::Duration::days(1));
        if let Ok(last_month) = month {
            let before = format!("{:04}-{:02}", last_month.year(), last_month.month() as u8);
            self.store.purge_ofb_calls(&before).await?;
        }
        if reports + data + requests > 0 {
            tracing::info!(reports, consent_data = data, requests, "purged data past retention");
        }
        Ok(())
    }
}
