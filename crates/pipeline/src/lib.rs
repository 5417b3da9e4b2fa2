//! The data pipeline (spec §7, §8): the jobs that fetch a consent's data from its institution
//! (`fetch`), build a request's reports over the data in scope and hand them to delivery
//! (`build`), accept partners' report requests (`accept`), and purge what outlived the app's
//! retention (`purge`).
//!
//! Every step is a durable job: a crash at any point leaves the job queued or leased, and it
//! runs again. Fetching is idempotent (the stored data is replaced), building is idempotent (a
//! request's reports are written with its status change in one transaction).

pub mod accept;
pub mod build;
mod control;
pub mod fetch;
pub mod progress;
pub mod purge;
mod scope;

use std::sync::Arc;
use std::time::Duration;

use ponte_link::registry::Registry;
use ponte_ofb::data::RetryPolicy;
use ponte_store::Store;

pub use progress::{FetchProgress, ProgressHub};

/// Tunables of the pipeline.
#[derive(Clone, Debug)]
pub struct PipelineConfig {
    /// Data younger than this is not fetched again for a request (spec §7: 1 hour).
    pub freshness: Duration,
    /// How the fetcher retries a bank's failing calls.
    pub retry: RetryPolicy,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        PipelineConfig { freshness: Duration::from_secs(3600), retry: RetryPolicy::default() }
    }
}

impl PipelineConfig {
    /// [`PipelineConfig::freshness`] as a span of time to compare instants with.
    pub fn freshness_span(&self) -> time::Duration {
        time::Duration::try_from(self.freshness).unwrap_or(time::Duration::HOUR)
    }
}

/// What the pipeline's jobs and the partner API share. Cheap to clone.
#[derive(Clone)]
pub struct Pipeline {
    pub store: Store,
    pub registry: Arc<Registry>,
    pub config: PipelineConfig,
    pub progress: ProgressHub,
}

impl Pipeline {
    pub fn new(store: Store, registry: Arc<Registry>, config: PipelineConfig) -> Pipeline {
        Pipeline { store, registry, config, progress: ProgressHub::default() }
    }
}

/// The report date: today in Brasília (UTC−3 all year since 2019), the day partners and the
/// institutions count in.
pub fn report_date(now: time::OffsetDateTime) -> time::Date {
    now.to_offset(time::macros::offset!(-3)).date()
}
