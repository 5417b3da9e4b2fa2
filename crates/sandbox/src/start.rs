//! Starting the sandbox: the PKI, each bank's keys and context, the directory and the HTTPS
//! listener. Used by `ponte serve` (embedded) and `ponte sandbox serve` (standalone).

use crate::auth::clients::{ClientRegistry, RedirectUris, RegisteredClient, StaticClients};
use crate::auth::tokens::BankKeys;
use crate::bank::BankCode;
use crate::context::BankContext;
use crate::faults::{FaultProfile, Faults};
use crate::pki::{self, SandboxPki};
use crate::{directory, server, tls};
use ponte_store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::net::TcpListener;

#[derive(Clone, Debug)]
pub struct SandboxConfig {
    /// `<data-dir>/sandbox`: the CA, certificates, client files and bank keys.
    pub dir: PathBuf,
    /// Where the HTTPS listener binds (port 0 picks a free one).
    pub bind: SocketAddr,
    /// The host name clients use, when not the bound address (e.g. `localhost`).
    pub host: Option<String>,
    /// Seed of the fault schedules (same seed, same failures).
    pub seed: u64,
    /// Fault profiles; `None` gives each bank its spec §9 behaviour.
    pub faults: Option<FaultProfile>,
}

impl SandboxConfig {
    pub fn new(dir: PathBuf, bind: SocketAddr) -> SandboxConfig {
        SandboxConfig { dir, bind, host: None, seed: 0, faults: None }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Pki(#[from] pki::PkiError),
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    #[error("cannot listen on {addr} for the sandbox banks: {source} (choose another with --sandbox-bind)")]
    Bind { addr: SocketAddr, source: std::io::Error },
}

/// A running sandbox.
pub struct Sandbox {
    /// `https://<host>:<port>`.
    pub base_url: String,
    pub local_addr: SocketAddr,
    pub pki: SandboxPki,
    pub banks: Vec<Arc<BankContext>>,
    pub task: tokio::task::JoinHandle<std::io::Result<()>>,
    /// Deletes expired request URIs, codes and assertion ids every hour.
    purge: tokio::task::JoinHandle<()>,
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.purge.abort();
    }
}

impl Sandbox {
    pub fn participants_url(&self) -> String {
        format!("{}/participants", self.base_url)
    }

    pub fn issuer(&self, code: BankCode) -> String {
        directory::issuer(&self.base_url, code)
    }

    pub fn bank(&self, code: BankCode) -> Option<&Arc<BankContext>> {
        self.banks.iter().find(|b| b.bank.code == code)
    }
}

/// Ponte's own client, pre-registered at every bank (DCR is not needed in the sandbox).
pub fn ponte_client(pki: &SandboxPki) -> RegisteredClient {
    RegisteredClient {
        client_id: pki.client_id().to_owned(),
        name: "Ponte".to_owned(),
        jwks: vec![pki.client_signing_key().public_jwk().clone()],
        redirect_uris: RedirectUris::AnySecureOrLoopback,
    }
}

pub async fn start(
    store: Store,
    config: &SandboxConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<Sandbox, StartError> {
    let listener = TcpListener::bind(config.bind)
        .await
        .map_err(|source| StartError::Bind { addr: config.bind, source })?;
    let local_addr =
        listener.local_addr().map_err(|source| StartError::Bind { addr: config.bind, source })?;
    let host = config.host.clone().unwrap_or_else(|| match local_addr.ip() {
        ip if ip.is_unspecified() => "localhost".to_owned(),
        std::net::IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    });
    let mut hosts = vec![host.trim_start_matches('[').trim_end_matches(']').to_owned()];
    if !local_addr.ip().is_unspecified() {
        hosts.push(local_addr.ip().to_string());
    }
    let pki = SandboxPki::load_or_create(&config.dir, &hosts)?;
    let base_url = format!("https://{host}:{}", local_addr.port());
    let clients: Arc<dyn ClientRegistry> = Arc::new(StaticClients(vec![ponte_client(&pki)]));
    let mut banks = Vec::new();
    for code in BankCode::ALL {
        let key =
            pki::load_or_create_rsa_key(&config.dir.join("banks").join(format!("{code}-signing-key.pem")))?;
        let keys = BankKeys {
            kid: key.kid().to_owned(),
            encoding: key.encoding_key(),
            decoding: key.decoding_key(),
            jwk: key.public_jwk().clone(),
        };
        let profile = config.faults.clone().unwrap_or_else(|| FaultProfile::of(code));
        banks.push(BankContext::new(
            code.bank(),
            store.clone(),
            directory::issuer(&base_url, code),
            keys,
            clients.clone(),
            Faults::new(profile, config.seed ^ u64::from(code.code().parse::<u16>().unwrap_or(0))),
        ));
    }
    let app = server::router(banks.clone(), &base_url);
    let tls = tls::server_config(&pki)?;
    let task = tokio::spawn(tls::serve(listener, tls, app, shutdown));
    let purge = tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(e) = store.purge_sandbox_grants().await {
                tracing::warn!(error = %e, "could not purge the sandbox's expired grants");
            }
        }
    });
    Ok(Sandbox { base_url, local_addr, pki, banks, task, purge })
}
