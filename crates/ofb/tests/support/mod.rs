//! A running sandbox (SQLite store in a temporary directory, HTTPS listener on port 0) and
//! Ponte's OFB client configured from the files the sandbox writes, as a deployment would be.

#![allow(dead_code)]

use ponte_ofb::directory::{CodeTable, Institution};
use ponte_ofb::{ClientConfig, FapiClient};
use ponte_sandbox::client::ReferenceClient;
use ponte_sandbox::faults::FaultProfile;
use ponte_sandbox::start::{Sandbox, SandboxConfig, start};
use ponte_store::{Keyring, ManualClock, MasterKey, PoolSettings, Store};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use url::Url;

/// `.test` is reserved for testing; the client resolves it to the listener.
pub const HOST: &str = "sandbox.ponte.test";
pub const CPF: &str = "76109277673";
pub const REDIRECT_URI: &str = ponte_sandbox::client::REDIRECT_URI;

pub struct Env {
    pub sandbox: Sandbox,
    pub client: FapiClient,
    pub config: ClientConfig,
    /// Only for the customer's browser steps (login and decision at the bank).
    pub browser: ReferenceClient,
    pub institutions: Vec<Institution>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Env {
    pub async fn start() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
        let keyring = Keyring::new(MasterKey::from_bytes(&[7; 32]).unwrap(), vec![]);
        let url = format!("sqlite://{}", dir.path().join("ponte.db").display());
        let store = Store::connect(&url, &PoolSettings::default(), keyring, clock).await.unwrap();
        store.migrate().await.unwrap();
        let sandbox_dir = dir.path().join("sandbox");
        let mut config = SandboxConfig::new(sandbox_dir.clone(), "127.0.0.1:0".parse().unwrap());
        config.faults = Some(FaultProfile::none());
        config.host = Some(HOST.to_owned());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let sandbox = start(store, &config, async move {
            let _ = stopped.await;
        })
        .await
        .unwrap();
        let config = client_config(&sandbox_dir, sandbox.local_addr);
        let client = FapiClient::new(config.clone()).unwrap();
        let browser = ReferenceClient::new(&sandbox_dir, &sandbox.base_url, Some((HOST, sandbox.local_addr)));
        let participants = Url::parse(&sandbox.participants_url()).unwrap();
        let institutions = client.participants(&participants, &CodeTable::builtin()).await.unwrap();
        Env { sandbox, client, config, browser, institutions, _dir: dir, _stop: stop }
    }

    pub fn sandbox_dir(&self) -> std::path::PathBuf {
        self._dir.path().join("sandbox")
    }

    pub fn institution(&self, code: &str) -> &Institution {
        self.institutions.iter().find(|i| i.code == code).unwrap()
    }

    pub fn consents_url(&self, code: &str) -> Url {
        self.institution(code).endpoints.consents.clone().unwrap()
    }
}

/// Ponte's client identity from `<dir>/client/` and the sandbox CA, trusting nothing else.
pub fn client_config(sandbox_dir: &Path, addr: std::net::SocketAddr) -> ClientConfig {
    let client_dir = sandbox_dir.join("client");
    let read = |path: &Path| std::fs::read_to_string(path).unwrap();
    let jwks: Value = serde_json::from_str(&read(&client_dir.join("jwks.json"))).unwrap();
    let mut config = ClientConfig::new(
        read(&client_dir.join("client_id")).trim(),
        read(&client_dir.join("signing-key.pem")),
        jwks["keys"][0]["kid"].as_str().unwrap(),
        read(&client_dir.join("cert.pem")),
        read(&client_dir.join("key.pem")),
    );
    config.extra_roots_pem = vec![read(&sandbox_dir.join("ca.pem"))];
    config.use_system_roots = false;
    config.resolve = vec![(HOST.to_owned(), addr)];
    config.timeout = Duration::from_secs(20);
    config
}
