//! A sandbox persona's data fetched the way production fetches it — the in-process sandbox,
//! Ponte's OFB client (consent, PAR, the customer's approval, code exchange) and
//! `fetch_consent` — on a fixed day, so that the same persona always gives the same data.
//!
//! The sandbox generates a persona relative to its store's clock ("12 months of history up to
//! yesterday"), so the store here runs on a [`ManualClock`] set to that day and the fetch asks
//! for the window ending on it. The client identity, the sandbox's host name and the scopes
//! come from the OFB crate's test support; its `Env` is not used because it runs the sandbox
//! on the wall clock and asks for consents expiring 90 days after the wall clock's today, which
//! a sandbox living on a fixed day refuses once that is more than 12 months after its day.

#[path = "../../../ofb/tests/support/mod.rs"]
mod support;

use std::sync::Arc;

use ponte_domain::Audience;
use ponte_domain::finance::ConsentData;
use ponte_ofb::FapiClient;
use ponte_ofb::consents::CreateConsent;
use ponte_ofb::data::{FetchControl, FetchTarget, Progress, RetryPolicy, fetch_consent};
use ponte_ofb::directory::{CodeTable, Institution};
use ponte_ofb::fapi::{AuthorisationRequest, UserPresent};
use ponte_ofb::pkce::{Verifier, random_token};
use ponte_reports::Holder;
use ponte_sandbox::bank::BankCode;
use ponte_sandbox::client::{ReferenceClient, all_permissions};
use ponte_sandbox::faults::FaultProfile;
use ponte_sandbox::start::{Sandbox, SandboxConfig, start};
use ponte_store::{Keyring, ManualClock, MasterKey, PoolSettings, Store};
use time::macros::time;
use time::{Date, OffsetDateTime};
use url::Url;

/// The healthy sandbox bank: every resource type, no faults.
pub const BANK: &str = "999";

/// Stands for the consent id Ponte generates per run, so that reports naming it stay the same.
pub const CONSENT_ID: &str = "urn:ponte:golden-consent";

/// A customer of spec §9: a person logging in for themselves, or for a company.
#[derive(Clone, Copy, Debug)]
pub struct Persona {
    /// A short name, for snapshot files.
    pub name: &'static str,
    pub description: &'static str,
    /// The CPF that logs in at the bank.
    pub logged_user: &'static str,
    /// The company the consent is for (business products), if any.
    pub company: Option<&'static str>,
}

impl Persona {
    pub fn audience(&self) -> Audience {
        if self.company.is_some() { Audience::Business } else { Audience::Personal }
    }

    /// Whose data the reports are about: the company for a business consent.
    pub fn holder(&self) -> Holder {
        Holder { tax_id: self.company.unwrap_or(self.logged_user).to_owned(), audience: self.audience() }
    }
}

/// The in-process sandbox living on one day, and Ponte's client configured for it.
pub struct SandboxOnDay {
    today: Date,
    /// Keeps the listener's task and its banks' state alive.
    _sandbox: Sandbox,
    client: FapiClient,
    /// Only for the customer's steps at the bank (login and approval pages).
    browser: ReferenceClient,
    institutions: Vec<Institution>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

/// A consent the customer approved, with its access token.
struct Approved {
    consent_id: String,
    access_token: String,
    permissions: Vec<String>,
}

impl SandboxOnDay {
    /// Starts the sandbox with its clock stopped at noon of `today`.
    pub async fn start(today: Date) -> SandboxOnDay {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let clock = Arc::new(ManualClock::new(noon(today)));
        let keyring = Keyring::new(MasterKey::from_bytes(&[7; 32]).expect("a 32-byte key"), vec![]);
        let url = format!("sqlite://{}", dir.path().join("ponte.db").display());
        let store = Store::connect(&url, &PoolSettings::default(), keyring, clock)
            .await
            .expect("the sandbox's store");
        store.migrate().await.expect("the store's migrations");
        let sandbox_dir = dir.path().join("sandbox");
        let mut config = SandboxConfig::new(sandbox_dir.clone(), "127.0.0.1:0".parse().expect("an address"));
        config.faults = Some(FaultProfile::none());
        config.host = Some(support::HOST.to_owned());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let sandbox = start(store, &config, async move {
            let _ = stopped.await;
        })
        .await
        .expect("the sandbox starts");
        let client = FapiClient::new(support::client_config(&sandbox_dir, sandbox.local_addr))
            .expect("Ponte's client");
        let browser =
            ReferenceClient::new(&sandbox_dir, &sandbox.base_url, Some((support::HOST, sandbox.local_addr)));
        let participants = Url::parse(&sandbox.participants_url()).expect("the directory's URL");
        let institutions = client
            .participants(&participants, &CodeTable::builtin())
            .await
            .expect("the sandbox's participants directory");
        SandboxOnDay { today, _sandbox: sandbox, client, browser, institutions, _dir: dir, _stop: stop }
    }

    /// Everything bank [`BANK`] shares about `persona` under a consent with every permission of
    /// its audience, with Ponte's per-run values (consent id, fetch time) fixed.
    pub async fn fetch(&self, persona: &Persona) -> ConsentData {
        let institution = self.institution();
        let approved = self.approve(persona).await;
        let target = FetchTarget {
            endpoints: &institution.endpoints,
            access_token: &approved.access_token,
            permissions: &approved.permissions,
            consent_id: &approved.consent_id,
            institution_code: BANK,
            institution_name: &institution.name,
            today: self.today,
            audience: persona.audience(),
            user: UserPresent::default(),
        };
        let outcome = fetch_consent(&self.client, &target, &EveryCall, &RetryPolicy::default())
            .await
            .unwrap_or_else(|e| panic!("fetching {}: {e}", persona.name));
        let mut data = outcome.data;
        data.consent_id = CONSENT_ID.to_owned();
        data.fetched_at = noon(self.today);
        data
    }

    fn institution(&self) -> &Institution {
        self.institutions.iter().find(|i| i.code == BANK).expect("bank 999 is listed")
    }

    /// Creates the consent, has the customer approve it (every account offered) and exchanges
    /// the code for tokens, as the Link journey does.
    async fn approve(&self, persona: &Persona) -> Approved {
        let institution = self.institution();
        let server = self.client.server(&institution.discovery_document).await.expect("the bank's metadata");
        let consents_url = institution.endpoints.consents.clone().expect("the bank's consents API");
        let consent = CreateConsent {
            logged_user_cpf: persona.logged_user.to_owned(),
            business_entity_cnpj: persona.company.map(str::to_owned),
            permissions: all_permissions(persona.audience()).into_iter().map(str::to_owned).collect(),
            // Indefinite: an expiry on the wall clock would not fit the sandbox's fixed day.
            expiration: None,
        };
        let consent = self
            .client
            .create_consent(&server, &consents_url, &consent)
            .await
            .expect("the consent is created");
        let verifier = Verifier::generate();
        let request = AuthorisationRequest {
            consent_id: consent.consent_id.clone(),
            redirect_uri: support::REDIRECT_URI.to_owned(),
            scopes: support::DATA_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            state: random_token(),
            nonce: random_token(),
            code_challenge: verifier.challenge(),
        };
        let pushed = self.client.push_authorisation(&server, &request).await.expect("PAR");
        let bank: BankCode = BANK.parse().expect("a sandbox bank");
        let login = persona.company.unwrap_or(persona.logged_user);
        let answer = self.browser.authorise(bank, &pushed.request_uri, login, true).await;
        let code = answer.get("code").unwrap_or_else(|| panic!("no code for {}: {answer:?}", persona.name));
        let tokens = self
            .client
            .exchange_code(&server, code, verifier.as_str(), support::REDIRECT_URI)
            .await
            .expect("the code exchange");
        Approved {
            consent_id: consent.consent_id,
            access_token: tokens.access_token,
            permissions: consent.permissions,
        }
    }
}

/// Noon UTC: the same date in UTC, where the sandbox counts, and in Brasília, where Ponte does.
fn noon(day: Date) -> OffsetDateTime {
    day.with_time(time!(12:00)).assume_utc()
}

/// A caller with no operational limits and no interest in progress.
struct EveryCall;

#[async_trait::async_trait]
impl FetchControl for EveryCall {
    async fn may_call(&self, _endpoint: &str, _area: &str, _resource_id: Option<&str>) -> bool {
        true
    }

    fn progress(&self, _progress: &Progress) {}
}
