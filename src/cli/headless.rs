//! Wiring the sandbox's simulated customer into the journey's headless consents (`POST
//! /data/v1/sandbox/consents`): the only place that joins the two, so neither depends on the
//! other.

use async_trait::async_trait;
use ponte_domain::TaxId;
use ponte_link::journey::HeadlessCustomer;
use ponte_sandbox::customer::SimulatedCustomer;
use ponte_sandbox::start::Sandbox;
use ponte_server::institutions::SandboxConnection;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use url::Url;

pub struct SandboxCustomer(pub SimulatedCustomer);

#[async_trait]
impl HeadlessCustomer for SandboxCustomer {
    fn logged_user_of(&self, tax_id: &TaxId) -> String {
        SimulatedCustomer::logged_user_of(tax_id)
    }

    async fn decide(&self, authorisation_url: &Url, login: &TaxId, approve: bool) -> Result<Url, String> {
        self.0.decide(authorisation_url, login, approve).await.map_err(|e| e.to_string())
    }
}

/// The banks' host name mapped to their listener when it is a name (it may have no DNS).
fn resolve(sandbox: &Sandbox) -> Option<(String, SocketAddr)> {
    let url = Url::parse(&sandbox.base_url).ok()?;
    let host = url.host_str()?.to_owned();
    if host.trim_matches(['[', ']']).parse::<IpAddr>().is_ok() {
        return None;
    }
    let mut addr = sandbox.local_addr;
    if addr.ip().is_unspecified() {
        addr.set_ip(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    Some((host, addr))
}

/// What the journey needs to reach the embedded sandbox.
pub fn connection(sandbox: &Sandbox) -> SandboxConnection {
    SandboxConnection {
        directory_url: sandbox.participants_url(),
        dir: sandbox.pki.dir().to_path_buf(),
        resolve: resolve(sandbox),
    }
}

pub fn customer(sandbox: &Sandbox) -> anyhow::Result<SandboxCustomer> {
    let resolve = resolve(sandbox);
    let customer =
        SimulatedCustomer::new(sandbox.pki.ca_pem(), resolve.as_ref().map(|(h, a)| (h.as_str(), *a)))?;
    Ok(SandboxCustomer(customer))
}
