//! The journey's time rules and bank-side changes, with a manual clock shared by Ponte's store
//! and the sandbox banks: inactivity, the 60-minute bank window, the end of the sharing period,
//! the daily poll that notices revocations made at the bank, and deletion at the user's request.

use async_trait::async_trait;
use ponte_domain::{ConsentStatus as S, Environment, TaxId};
use ponte_link::journey::{HeadlessConsent, HeadlessCustomer, NewLinkRequest, StartConsent};
use ponte_link::registry::{Connector, Registry};
use ponte_link::{Journey, documents::Mode};
use ponte_ofb::directory::CodeTable;
use ponte_ofb::{ClientConfig, FapiClient};
use ponte_sandbox::customer::SimulatedCustomer;
use ponte_sandbox::start::{Sandbox, SandboxConfig, start};
use ponte_store::apps::{App, NewApp};
use ponte_store::{Keyring, ManualClock, MasterKey, PoolSettings, Store};
use std::sync::Arc;
use std::time::Duration;
use url::Url;

const HOST: &str = "sandbox.ponte.test";

struct Customer(SimulatedCustomer);

#[async_trait]
impl HeadlessCustomer for Customer {
    fn logged_user_of(&self, tax_id: &TaxId) -> String {
        SimulatedCustomer::logged_user_of(tax_id)
    }
    async fn decide(&self, url: &Url, login: &TaxId, approve: bool) -> Result<Url, String> {
        self.0.decide(url, login, approve).await.map_err(|e| e.to_string())
    }
}

struct World {
    journey: Journey,
    store: Store,
    clock: Arc<ManualClock>,
    app: App,
    customer: Customer,
    _sandbox: Sandbox,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

fn read(path: std::path::PathBuf) -> String {
    std::fs::read_to_string(path).unwrap()
}

async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(time::OffsetDateTime::now_utc()));
    let keyring = Keyring::new(MasterKey::from_bytes(&[9; 32]).unwrap(), vec![]);
    let url = format!("sqlite://{}", dir.path().join("ponte.db").display());
    let store = Store::connect(&url, &PoolSettings::default(), keyring, clock.clone()).await.unwrap();
    store.migrate().await.unwrap();
    let mut config = SandboxConfig::new(dir.path().join("sandbox"), "127.0.0.1:0".parse().unwrap());
    config.host = Some(HOST.to_owned());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let sandbox = start(store.clone(), &config, async move {
        let _ = stopped.await;
    })
    .await
    .unwrap();
    let client = dir.path().join("sandbox/client");
    let jwks: serde_json::Value = serde_json::from_str(&read(client.join("jwks.json"))).unwrap();
    let mut fapi = ClientConfig::new(
        read(client.join("client_id")).trim(),
        read(client.join("signing-key.pem")),
        jwks["keys"][0]["kid"].as_str().unwrap(),
        read(client.join("cert.pem")),
        read(client.join("key.pem")),
    );
    fapi.extra_roots_pem = vec![sandbox.pki.ca_pem().to_owned()];
    fapi.use_system_roots = false;
    fapi.resolve = vec![(HOST.to_owned(), sandbox.local_addr)];
    let connector = Connector {
        environment: Environment::Sandbox,
        directory: sandbox.participants_url(),
        fapi: FapiClient::new(fapi).unwrap(),
    };
    let registry = Arc::new(Registry::new(vec![connector], CodeTable::builtin()));
    assert!(registry.refresh().await.is_empty());
    let journey = Journey::new(store.clone(), registry, "https://ponte.test");
    let new = NewApp {
        name: "Lender".into(),
        partner_name: "Acme".into(),
        environment: Environment::Sandbox,
        settings: Default::default(),
    };
    let (app, _) = store.create_app(&new).await.unwrap();
    let customer =
        Customer(SimulatedCustomer::new(sandbox.pki.ca_pem(), Some((HOST, sandbox.local_addr))).unwrap());
    World { journey, store, clock, app, customer, _sandbox: sandbox, _dir: dir, _stop: stop }
}

impl World {
    async fn authorised(&self) -> ponte_store::journey::ConsentRow {
        let link = self.journey.create_link(&self.app, &NewLinkRequest::default()).await.unwrap();
        let request = HeadlessConsent {
            link: &link,
            institution_code: "999".into(),
            tax_id: "76109277673".parse().unwrap(),
            approve: true,
            groups: None,
        };
        let consent = self.journey.complete_headless(&self.app, &self.customer, request).await.unwrap();
        assert_eq!(consent.status, S::Authorised);
        consent
    }

    async fn status(&self, id: uuid::Uuid) -> S {
        self.store.consent(self.app.id, id).await.unwrap().unwrap().status
    }

    async fn events(&self, name: &str) -> usize {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE name = $1")
            .bind(name)
            .fetch_one(self.store.raw_pool())
            .await
            .unwrap();
        count as usize
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn abandoned_journeys_expire_once_with_their_event() {
    let world = world().await;
    let link = world.journey.create_link(&world.app, &NewLinkRequest::default()).await.unwrap();
    let start = |validity| StartConsent {
        institution_code: "999".into(),
        personal_tax_id: "76109277673".into(),
        business_tax_id: None,
        validity,
        external_track_id: None,
        mode: Mode::Hosted,
        redirect_url: None,
        client_metadata: None,
        email: None,
        phone: None,
        cause: "test",
    };
    let idle =
        world.journey.start_consent(&world.app, &link, &start(Default::default()), None).await.unwrap();
    let at_bank =
        world.journey.start_consent(&world.app, &link, &start(Default::default()), None).await.unwrap();
    world.journey.send_to_bank(&world.app, &at_bank).await.unwrap();

    world.clock.advance(Duration::from_secs(31 * 60));
    let report = world.journey.sweep().await.unwrap();
    assert_eq!(report.consents_expired, 1, "only the consent idle on Ponte's pages: {report:?}");
    assert_eq!(world.status(idle.id).await, S::Expired);
    assert_eq!(world.status(at_bank.id).await, S::AwaitingAuthorisation, "the user may still be at the bank");

    world.clock.advance(Duration::from_secs(30 * 60));
    world.journey.sweep().await.unwrap();
    let expired = world.store.consent(world.app.id, at_bank.id).await.unwrap().unwrap();
    assert_eq!(expired.status, S::Expired);
    assert_eq!(expired.status_reason.as_deref(), Some("CONSENT_EXPIRED"));
    // The link URL (30 minutes) expired long ago with nothing authorised.
    let link = world.store.link(world.app.id, link.id).await.unwrap().unwrap();
    assert_eq!(link.status, ponte_domain::LinkStatus::Failed);

    assert_eq!(world.journey.sweep().await.unwrap(), Default::default(), "a second sweep finds nothing");
    assert_eq!(world.events("consent_expired").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_daily_poll_turns_a_revocation_at_the_bank_into_consent_revoked() {
    let world = world().await;
    let consent = world.authorised().await;
    // Nothing changed at the bank: the poll marks the consent checked and moves nothing.
    world.clock.advance(Duration::from_secs(24 * 3600 + 1));
    let report = world.journey.sweep().await.unwrap();
    assert_eq!((report.consents_polled, report.poll_failures), (1, 0), "{report:?}");
    assert_eq!(world.status(consent.id).await, S::Authorised);

    // The customer revokes at the bank (its consent leaves AUTHORISED there; OFB marks it
    // CUSTOMER_MANUALLY_REVOKED, whoever calls DELETE).
    let document: ponte_link::documents::ConsentDocument = serde_json::from_str(&consent.document).unwrap();
    let bank_id = document.bank_consent_id.unwrap();
    let entry = world.journey.registry.institution(Environment::Sandbox, "999").unwrap();
    let fapi = world.journey.registry.fapi(Environment::Sandbox).unwrap();
    let server = fapi.server(&entry.institution.discovery_document).await.unwrap();
    fapi.delete_consent(&server, entry.institution.endpoints.consents.as_ref().unwrap(), &bank_id)
        .await
        .unwrap();

    world.clock.advance(Duration::from_secs(24 * 3600 + 1));
    world.journey.sweep().await.unwrap();
    let revoked = world.store.consent(world.app.id, consent.id).await.unwrap().unwrap();
    assert_eq!(revoked.status, S::Revoked);
    assert_eq!(revoked.status_reason.as_deref(), Some("CUSTOMER_MANUALLY_REVOKED"));
    assert_eq!(world.events("consent_revoked").await, 1);
    assert_eq!(world.store.consent_tokens(consent.id).await.unwrap(), None, "tokens forgotten");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sharing_periods_end_and_users_can_have_their_data_deleted() {
    let world = world().await;
    let first = world.authorised().await;
    let second = world.authorised().await;
    let deleted = world.journey.delete_by_user(&world.app, &second, "test").await.unwrap();
    assert_eq!(deleted.status, S::DeletedByUser);
    assert_eq!(world.events("consent_deleted_by_user").await, 1);

    world.clock.advance(Duration::from_secs(366 * 24 * 3600));
    world.journey.sweep().await.unwrap();
    let expired = world.store.consent(world.app.id, first.id).await.unwrap().unwrap();
    assert_eq!(expired.status, S::Expired);
    assert_eq!(expired.status_reason.as_deref(), Some("CONSENT_MAX_DATE_REACHED"));
    assert_eq!(world.events("consent_expired").await, 1);
    let link = world.store.link(world.app.id, first.link_id).await.unwrap().unwrap();
    assert_eq!(link.status, ponte_domain::LinkStatus::Authorised, "a link keeps its history");
}
