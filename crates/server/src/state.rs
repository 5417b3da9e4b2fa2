use crate::auth::{FailureLimiter, TokenService};
use crate::config::Config;
use metrics_exporter_prometheus::PrometheusHandle;
use ponte_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub store: Store,
    pub tokens: Arc<TokenService>,
    pub key_failures: Arc<FailureLimiter>,
    pub ip_failures: Arc<FailureLimiter>,
    pub metrics: PrometheusHandle,
}

impl AppState {
    pub async fn new(config: Arc<Config>, store: Store) -> anyhow::Result<Self> {
        let tokens = TokenService::load(
            store.clone(),
            config.effective_public_url(),
            config.auth.access_token_ttl_secs,
        )
        .await?;
        let window = Duration::from_secs(config.auth.failure_window_secs);
        Ok(Self {
            key_failures: Arc::new(FailureLimiter::new(config.auth.max_failures_per_key, window)),
            ip_failures: Arc::new(FailureLimiter::new(config.auth.max_failures_per_ip, window)),
            tokens: Arc::new(tokens),
            metrics: crate::telemetry::metrics_handle(),
            config,
            store,
        })
    }
}
