//! A running sandbox (SQLite store in a temporary directory, HTTPS listener on port 0) and
//! Ponte's OFB client configured from the files the sandbox writes, as a deployment would be.

#![allow(dead_code)]

use ponte_ofb::consents::CreateConsent;
use ponte_ofb::directory::{CodeTable, Institution};
use ponte_ofb::fapi::AuthorisationRequest;
use ponte_ofb::pkce::{Verifier, random_token};
use ponte_ofb::{ClientConfig, FapiClient};
use ponte_sandbox::bank::BankCode;
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

/// A consent the customer authorised, and its access token.
pub struct Authorised {
    pub consent_id: String,
    pub access_token: String,
    /// What the bank kept of the permissions asked (OFB subset rule).
    pub permissions: Vec<String>,
}

/// Every data scope the sandbox banks serve.
pub const DATA_SCOPES: &[&str] = &[
    "resources",
    "customers",
    "accounts",
    "credit-cards-accounts",
    "loans",
    "financings",
    "invoice-financings",
    "unarranged-accounts-overdraft",
    "bank-fixed-incomes",
];

impl Env {
    pub async fn start() -> Env {
        Env::start_with(FaultProfile::none(), Duration::from_secs(20)).await
    }

    /// A sandbox whose banks all misbehave as `faults` says (data calls only), and a client
    /// that gives up on a request after `timeout`.
    pub async fn start_with(faults: FaultProfile, timeout: Duration) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
        let keyring = Keyring::new(MasterKey::from_bytes(&[7; 32]).unwrap(), vec![]);
        let url = format!("sqlite://{}", dir.path().join("ponte.db").display());
        let store = Store::connect(&url, &PoolSettings::default(), keyring, clock).await.unwrap();
        store.migrate().await.unwrap();
        let sandbox_dir = dir.path().join("sandbox");
        let mut config = SandboxConfig::new(sandbox_dir.clone(), "127.0.0.1:0".parse().unwrap());
        config.faults = Some(faults);
        config.host = Some(HOST.to_owned());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let sandbox = start(store, &config, async move {
            let _ = stopped.await;
        })
        .await
        .unwrap();
        let mut config = client_config(&sandbox_dir, sandbox.local_addr);
        config.timeout = timeout;
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

    /// Creates a consent at bank `code` for `cpf` (and `cnpj`, for a company), has the
    /// customer approve it (every account offered) and exchanges the code for tokens.
    pub async fn authorise(
        &self,
        code: &str,
        cpf: &str,
        cnpj: Option<&str>,
        permissions: &[&str],
    ) -> Authorised {
        let server = self.client.server(&self.institution(code).discovery_document).await.unwrap();
        let consent = CreateConsent {
            logged_user_cpf: cpf.to_owned(),
            business_entity_cnpj: cnpj.map(str::to_owned),
            permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
            expiration: Some(time::OffsetDateTime::now_utc() + time::Duration::days(90)),
        };
        let consent = self.client.create_consent(&server, &self.consents_url(code), &consent).await.unwrap();
        let verifier = Verifier::generate();
        let request = AuthorisationRequest {
            consent_id: consent.consent_id.clone(),
            redirect_uri: REDIRECT_URI.to_owned(),
            scopes: DATA_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            state: random_token(),
            nonce: random_token(),
            code_challenge: verifier.challenge(),
        };
        let pushed = self.client.push_authorisation(&server, &request).await.unwrap();
        let bank: BankCode = code.parse().unwrap();
        let answer = self.browser.authorise(bank, &pushed.request_uri, cnpj.unwrap_or(cpf), true).await;
        let tokens = self
            .client
            .exchange_code(&server, &answer["code"], verifier.as_str(), REDIRECT_URI)
            .await
            .unwrap();
        Authorised {
            consent_id: consent.consent_id,
            access_token: tokens.access_token,
            permissions: consent.permissions,
        }
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
