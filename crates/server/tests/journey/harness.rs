use async_trait::async_trait;
use ponte_domain::TaxId;
use ponte_link::journey::HeadlessCustomer;
use ponte_sandbox::customer::SimulatedCustomer;
use ponte_sandbox::start::{Sandbox, SandboxConfig, start};
use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, Role, Sources};
use ponte_server::institutions::SandboxConnection;
use ponte_server::serve::{self, Links, Running};
use ponte_store::Store;
use ponte_store::apps::AppCredentials;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use url::Url;

pub const HOST: &str = "sandbox.ponte.test";

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

pub struct Journey {
    pub base: String,
    pub http: reqwest::Client,
    pub store: Store,
    pub app: AppCredentials,
    pub token: String,
    pub customer: SimulatedCustomer,
    running: Option<Running>,
    _sandbox: Sandbox,
    _stop: tokio::sync::oneshot::Sender<()>,
    dir: PathBuf,
}

impl Journey {
    pub async fn start() -> Journey {
        let dir = std::env::temp_dir().join(format!("ponte-journey-test-{}", uuid::Uuid::new_v4()));
        let mut config = Config::load(Sources {
            config_file: None,
            env: vec![],
            overrides: Overrides { data_dir: Some(dir.clone()), role: Some(Role::Api), ..Default::default() },
        })
        .expect("default config");
        // Banks accept https redirect URIs (or loopback http): the callback is never followed here.
        config.public_url = "https://ponte.test".to_owned();
        let store = bootstrap::open_store(&config, Migrations::Apply).await.expect("open store");
        let (_, app) = bootstrap::default_sandbox_app(&store).await.expect("sandbox app");
        let mut sandbox_config =
            SandboxConfig::new(config.sandbox_dir(), "127.0.0.1:0".parse().expect("addr"));
        sandbox_config.host = Some(HOST.to_owned());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let sandbox = start(store.clone(), &sandbox_config, async move {
            let _ = stopped.await;
        })
        .await
        .expect("sandbox");
        let resolve = (HOST.to_owned(), sandbox.local_addr);
        let customer =
            SimulatedCustomer::new(sandbox.pki.ca_pem(), Some((HOST, sandbox.local_addr))).expect("customer");
        let links = Links {
            sandbox: Some(SandboxConnection {
                directory_url: sandbox.participants_url(),
                dir: config.sandbox_dir(),
                resolve: Some(resolve),
            }),
            headless: Some(Arc::new(Customer(
                SimulatedCustomer::new(sandbox.pki.ca_pem(), Some((HOST, sandbox.local_addr)))
                    .expect("customer"),
            ))),
        };
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let running =
            serve::start_with(Arc::new(config), store.clone(), Some(listener), links).await.expect("start");
        let base = format!("http://{}", running.addr.expect("http address"));
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let mut journey = Journey {
            base,
            http,
            store,
            app,
            token: String::new(),
            customer,
            running: Some(running),
            _sandbox: sandbox,
            _stop: stop,
            dir,
        };
        journey.token = journey.token_for(&journey.app.clone()).await;
        journey
    }

    pub fn state(&self) -> &ponte_server::state::AppState {
        &self.running.as_ref().expect("running").state
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn token_for(&self, app: &AppCredentials) -> String {
        let response = self
            .http
            .post(self.url("/data/v1/auth"))
            .json(&json!({ "accessKey": app.access_key, "secretKey": app.secret_key.expose() }))
            .send()
            .await
            .expect("auth");
        assert_eq!(response.status(), 200);
        response.json::<Value>().await.expect("json")["accessToken"].as_str().expect("token").to_owned()
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> reqwest::Response {
        self.http.post(self.url(path)).bearer_auth(token).json(&body).send().await.expect("request")
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.http.get(self.url(path)).bearer_auth(token).send().await.expect("request")
    }

    /// A link for `cpf`; returns (linkId, linkToken).
    pub async fn link(&self, body: Value) -> (String, String) {
        let response = self.post("/data/v1/links", &self.token, body).await;
        assert_eq!(response.status(), 200);
        let link: Value = response.json().await.expect("json");
        (
            link["linkId"].as_str().expect("id").to_owned(),
            link["linkToken"].as_str().expect("token").to_owned(),
        )
    }

    /// Completes a headless consent; returns the consent object.
    pub async fn headless(&self, link_id: &str, institution: &str, tax_id: &str, decision: &str) -> Value {
        let body = json!({ "linkId": link_id, "institutionCode": institution, "taxId": tax_id, "decision": decision });
        let response = self.post("/data/v1/sandbox/consents", &self.token, body).await;
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        response.json().await.expect("json")
    }

    /// The names of the events in the app's outbox, oldest first.
    pub async fn events(&self) -> Vec<(String, Value)> {
        let rows = sqlx::query("SELECT id, name, body FROM webhook_deliveries ORDER BY created_at, id")
            .fetch_all(self.store.raw_pool())
            .await
            .expect("deliveries");
        let keyring = self.store.keyring();
        rows.iter()
            .map(|row| {
                use sqlx::Row;
                let name: String = row.try_get("name").expect("name");
                let id: String = row.try_get("id").expect("id");
                let sealed: Vec<u8> = row.try_get("body").expect("body");
                let body =
                    keyring.open(&sealed, &format!("webhook_deliveries.body:{id}")).unwrap_or_default();
                (name, serde_json::from_slice(&body).unwrap_or(Value::Null))
            })
            .collect()
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await.expect("clean shutdown");
        }
        self.store.close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
