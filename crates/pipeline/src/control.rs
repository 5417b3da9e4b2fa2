//! The fetcher's view of storage: the OFB operational-limit counters, and progress.

use async_trait::async_trait;
use ponte_ofb::data::{FetchControl, Progress, operational_limit};
use ponte_store::Store;
use uuid::Uuid;

use crate::progress::{FetchProgress, ProgressHub};

pub(crate) struct StoreControl {
    pub store: Store,
    pub consent_id: Uuid,
    pub progress: ProgressHub,
    /// `YYYY-MM` of the calls, in Brasília time like the operational limits.
    pub month: String,
}

#[async_trait]
impl FetchControl for StoreControl {
    async fn may_call(&self, endpoint: &str, area: &str, resource_id: Option<&str>) -> bool {
        let Some(limit) = operational_limit(endpoint) else { return true };
        let key = format!("{area} {endpoint}");
        match self.store.count_ofb_call(self.consent_id, &key, resource_id, &self.month, limit).await {
            Ok(allowed) => allowed,
            Err(error) => {
                // Counting is bookkeeping: a database hiccup must not cost the customer their
                // data, and the bank enforces its own limits anyway.
                tracing::warn!(consent_id = %self.consent_id, %error, "could not count an OFB call");
                true
            }
        }
    }

    fn progress(&self, progress: &Progress) {
        self.progress.publish(
            self.consent_id,
            FetchProgress::Running {
                area: progress.area.to_owned(),
                done: progress.done,
                total: progress.total,
            },
        );
    }
}
