use crate::auth::{FailureLimiter, TokenService};
use crate::config::Config;
use metrics_exporter_prometheus::PrometheusHandle;
use ponte_link::Journey;
use ponte_link::journey::HeadlessCustomer;
use ponte_link::registry::Registry;
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
    /// The Link journey (links, consents, institutions).
    pub journey: Journey,
    /// Fetching data and building reports.
    pub pipeline: ponte_pipeline::Pipeline,
    /// Completes sandbox consents without a browser (`POST /data/v1/sandbox/consents`); only
    /// when the embedded sandbox runs.
    pub headless: Option<Arc<dyn HeadlessCustomer>>,
    /// App logos for the Link pages, fetched under the SSRF rule.
    pub logos: Arc<crate::link_pages::logos::LogoCache>,
    /// Signs the Link pages' CSRF tokens.
    pub csrf_key: Arc<[u8; 32]>,
}

impl AppState {
    pub async fn new(
        config: Arc<Config>,
        store: Store,
        registry: Arc<Registry>,
        headless: Option<Arc<dyn HeadlessCustomer>>,
    ) -> anyhow::Result<Self> {
        let tokens = TokenService::load(
            store.clone(),
            config.effective_public_url(),
            config.auth.access_token_ttl_secs,
        )
        .await?;
        let window = Duration::from_secs(config.auth.failure_window_secs);
        let journey = Journey::new(store.clone(), registry.clone(), &config.effective_public_url());
        let pipeline = ponte_pipeline::Pipeline::new(store.clone(), registry, config.pipeline_config());
        let mut csrf_key = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut csrf_key);
        let sender =
            ponte_webhooks::client::Sender::new(config.webhook_allow_list()?, Duration::from_secs(5), 4)?;
        Ok(Self {
            logos: Arc::new(crate::link_pages::logos::LogoCache::new(sender)),
            journey,
            pipeline,
            headless,
            csrf_key: Arc::new(csrf_key),
            key_failures: Arc::new(FailureLimiter::new(config.auth.max_failures_per_key, window)),
            ip_failures: Arc::new(FailureLimiter::new(config.auth.max_failures_per_ip, window)),
            tokens: Arc::new(tokens),
            metrics: crate::telemetry::metrics_handle(),
            config,
            store,
        })
    }
}
