//! A running sandbox (SQLite store with a manual clock, listener on port 0) and the reference
//! OFB client pointed at it.

#![allow(dead_code)]

use ponte_openapi_check::Spec;
pub use ponte_sandbox::client::*;
use ponte_sandbox::faults::FaultProfile;
use ponte_sandbox::start::{Sandbox, SandboxConfig, start};
use ponte_store::{Keyring, ManualClock, MasterKey, PoolSettings, Store};
use std::sync::Arc;

pub const HOST: &str = "sandbox.ponte.test";

pub struct Harness {
    pub sandbox: Sandbox,
    pub store: Store,
    pub clock: Arc<ManualClock>,
    pub client: ReferenceClient,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl std::ops::Deref for Harness {
    type Target = ReferenceClient;
    fn deref(&self) -> &ReferenceClient {
        &self.client
    }
}

impl Harness {
    pub async fn start() -> Harness {
        Harness::with_faults(Some(FaultProfile::none())).await
    }

    pub async fn with_faults(faults: Option<FaultProfile>) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
        let keyring = Keyring::new(MasterKey::from_bytes(&[5; 32]).unwrap(), vec![]);
        let url = format!("sqlite://{}", dir.path().join("ponte.db").display());
        let store = Store::connect(&url, &PoolSettings::default(), keyring, clock.clone()).await.unwrap();
        store.migrate().await.unwrap();
        let mut config = SandboxConfig::new(dir.path().join("sandbox"), "127.0.0.1:0".parse().unwrap());
        config.faults = faults;
        config.seed = 42;
        // A name with a top-level domain: the credit-cards spec's link pattern requires one
        // (an IP address or `localhost` does not match it). `.test` is reserved for testing.
        config.host = Some(HOST.to_owned());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let sandbox = start(store.clone(), &config, async move {
            let _ = stopped.await;
        })
        .await
        .unwrap();
        let client = ReferenceClient::new(
            &dir.path().join("sandbox"),
            &sandbox.base_url,
            Some((HOST, sandbox.local_addr)),
        );
        Harness { sandbox, store, clock, client, _dir: dir, _stop: stop }
    }
}

/// Loads an OFB spec once per test binary.
pub fn spec(api: &str, version: &str) -> Spec {
    Spec::ofb(api, version).unwrap()
}
