//! Building the institution registry from configuration: the production directory with Ponte's
//! registered client credentials, and the sandbox directory with the embedded sandbox's files
//! (or another directory an operator points sandbox apps at).

use crate::config::Config;
use anyhow::Context;
use ponte_domain::Environment;
use ponte_link::registry::{Connector, Registry};
use ponte_ofb::directory::CodeTable;
use ponte_ofb::{ClientConfig, FapiClient};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How to reach the embedded sandbox banks: what `ponte serve` learns when it starts them.
#[derive(Clone, Debug)]
pub struct SandboxConnection {
    /// `https://<host>:<port>/participants`.
    pub directory_url: String,
    /// `<data-dir>/sandbox`: `ca.pem` and `client/`.
    pub dir: PathBuf,
    /// The banks' host name mapped to their listener (their names need no DNS).
    pub resolve: Option<(String, SocketAddr)>,
}

fn read(path: &Path) -> anyhow::Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

/// The OFB client of the sandbox environment, from the files the sandbox wrote.
pub fn sandbox_client(dir: &Path, resolve: Option<(String, SocketAddr)>) -> anyhow::Result<FapiClient> {
    let client = dir.join("client");
    let jwks: serde_json::Value = serde_json::from_str(&read(&client.join("jwks.json"))?)?;
    let kid = jwks["keys"][0]["kid"].as_str().context("the sandbox client's jwks.json has no kid")?;
    let mut config = ClientConfig::new(
        read(&client.join("client_id"))?.trim(),
        read(&client.join("signing-key.pem"))?,
        kid,
        read(&client.join("cert.pem"))?,
        read(&client.join("key.pem"))?,
    );
    config.extra_roots_pem = vec![read(&dir.join("ca.pem"))?];
    config.use_system_roots = false;
    config.resolve = resolve.into_iter().collect();
    Ok(FapiClient::new(config)?)
}

fn production_client(config: &Config) -> anyhow::Result<Option<FapiClient>> {
    let settings = &config.institutions;
    if settings.client_id.trim().is_empty() {
        return Ok(None);
    }
    let mut client = ClientConfig::new(
        settings.client_id.trim(),
        read(Path::new(&settings.signing_key_file))?,
        settings.signing_kid.trim(),
        read(Path::new(&settings.transport_cert_file))?,
        read(Path::new(&settings.transport_key_file))?,
    );
    if !settings.ca_file.trim().is_empty() {
        client.extra_roots_pem = vec![read(Path::new(&settings.ca_file))?];
    }
    client.timeout = Duration::from_secs(30);
    Ok(Some(FapiClient::new(client)?))
}

/// The registry for this deployment (not yet loaded: call [`Registry::refresh`]).
pub fn registry(config: &Config, sandbox: Option<&SandboxConnection>) -> anyhow::Result<Arc<Registry>> {
    let settings = &config.institutions;
    let codes = if settings.codes_file.trim().is_empty() {
        CodeTable::builtin()
    } else {
        CodeTable::from_json(&read(Path::new(&settings.codes_file))?)?
    };
    let mut connectors = Vec::new();
    if let Some(fapi) = production_client(config)?
        && !settings.production_directory.trim().is_empty()
    {
        connectors.push(Connector {
            environment: Environment::Production,
            directory: settings.production_directory.trim().to_owned(),
            fapi,
        });
    }
    let sandbox_directory = settings.sandbox_directory.trim();
    match (sandbox, sandbox_directory.is_empty()) {
        (Some(sandbox), true) => connectors.push(Connector {
            environment: Environment::Sandbox,
            directory: sandbox.directory_url.clone(),
            fapi: sandbox_client(&sandbox.dir, sandbox.resolve.clone())?,
        }),
        (sandbox, false) => {
            // Another sandbox (e.g. a separate `ponte sandbox serve`): its files are in the
            // data directory when it shares it.
            let dir = sandbox.map(|s| s.dir.clone()).unwrap_or_else(|| config.sandbox_dir());
            connectors.push(Connector {
                environment: Environment::Sandbox,
                directory: sandbox_directory.to_owned(),
                fapi: sandbox_client(&dir, sandbox.and_then(|s| s.resolve.clone()))?,
            });
        }
        (None, true) => {}
    }
    Ok(Arc::new(Registry::new(connectors, codes)))
}

/// Refreshes the registry every `refresh_secs` until shutdown.
pub async fn keep_fresh(
    registry: Arc<Registry>,
    every: Duration,
    mut shutdown: tokio::sync::watch::Receiver<bool>,
) {
    let mut ticker = tokio::time::interval(every);
    ticker.tick().await; // the first refresh happened at start-up
    loop {
        tokio::select! {
            _ = ticker.tick() => {}
            _ = shutdown.changed() => return,
        }
        for (environment, error) in registry.refresh().await {
            tracing::warn!(environment = environment.as_str(), %error, "refreshing the institutions failed");
        }
    }
}
