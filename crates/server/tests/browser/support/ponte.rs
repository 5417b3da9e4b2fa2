//! Ponte as a partner deploys it for these tests: `role = all` (the worker delivers webhooks),
//! `public_url` on loopback http (the sandbox banks accept such redirect URIs), the embedded
//! sandbox banks on port 0 under `sandbox.ponte.test`, and the sandbox app pointed at the
//! partner's receiver.

use super::receiver::Receiver;
use ponte_domain::{HttpUrl, RedirectPrefix};
use ponte_sandbox::bank::BankCode;
use ponte_sandbox::consents::{ConsentRecord, repo};
use ponte_sandbox::start::{Sandbox, SandboxConfig, start};
use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, Role, Sources};
use ponte_server::institutions::SandboxConnection;
use ponte_server::serve::{self, Links, Running};
use ponte_store::Store;
use ponte_store::apps::{App, AppCredentials};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;

/// The sandbox banks' host name; the browser maps it to 127.0.0.1.
pub const BANK_HOST: &str = "sandbox.ponte.test";

/// A link created through the partner API.
pub struct Link {
    pub id: String,
    pub url: String,
    pub token: String,
}

pub struct Ponte {
    /// `http://127.0.0.1:<port>`, also the configured `public_url`.
    pub base: String,
    pub http: reqwest::Client,
    pub store: Store,
    pub app: App,
    pub credentials: AppCredentials,
    /// An access token of the app.
    pub token: String,
    pub partner: Receiver,
    pub sandbox: Sandbox,
    running: Option<Running>,
    _stop_sandbox: tokio::sync::oneshot::Sender<()>,
    _dir: DataDir,
}

/// The data directory, removed when the test ends (also when it fails).
struct DataDir(PathBuf);

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Ponte {
    pub async fn start() -> Ponte {
        let dir = DataDir(std::env::temp_dir().join(format!("ponte-browser-test-{}", uuid::Uuid::new_v4())));
        let overrides =
            Overrides { data_dir: Some(dir.0.clone()), role: Some(Role::All), ..Default::default() };
        let mut config =
            Config::load(Sources { config_file: None, env: vec![], overrides }).expect("default config");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind Ponte");
        let base = format!("http://{}", listener.local_addr().expect("Ponte's address"));
        config.public_url = base.clone();
        let store = bootstrap::open_store(&config, Migrations::Apply).await.expect("open store");
        let (app, credentials) = bootstrap::default_sandbox_app(&store).await.expect("sandbox app");
        let partner = Receiver::start(credentials.webhook_secret.expose()).await;
        let mut settings = app.settings.clone();
        settings.event_webhook_url =
            Some(format!("{}/events", partner.base).parse::<HttpUrl>().expect("url"));
        settings.allowed_redirect_prefixes =
            vec![format!("{}/", partner.base).parse::<RedirectPrefix>().expect("prefix")];
        let app = store.update_app_settings(app.id, &settings).await.expect("settings").expect("the app");

        let mut sandbox_config =
            SandboxConfig::new(config.sandbox_dir(), "127.0.0.1:0".parse().expect("addr"));
        sandbox_config.host = Some(BANK_HOST.to_owned());
        let (stop_sandbox, stopped) = tokio::sync::oneshot::channel::<()>();
        let sandbox = start(store.clone(), &sandbox_config, async move {
            let _ = stopped.await;
        })
        .await
        .expect("sandbox banks");
        let links = Links {
            sandbox: Some(SandboxConnection {
                directory_url: sandbox.participants_url(),
                dir: config.sandbox_dir(),
                resolve: Some((BANK_HOST.to_owned(), sandbox.local_addr)),
            }),
            headless: None,
        };
        let running = serve::start_with(Arc::new(config), store.clone(), Some(listener), links)
            .await
            .expect("start Ponte");
        let http =
            reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
        let mut ponte = Ponte {
            base,
            http,
            store,
            app,
            credentials,
            token: String::new(),
            partner,
            sandbox,
            running: Some(running),
            _stop_sandbox: stop_sandbox,
            _dir: dir,
        };
        ponte.token = ponte.access_token().await;
        ponte
    }

    pub fn state(&self) -> &ponte_server::state::AppState {
        &self.running.as_ref().expect("running").state
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Where the partner's "Finish" lands.
    pub fn back_url(&self) -> String {
        format!("{}/back", self.partner.base)
    }

    async fn access_token(&self) -> String {
        let body = json!({
            "accessKey": self.credentials.access_key,
            "secretKey": self.credentials.secret_key.expose(),
        });
        let response = self.http.post(self.url("/data/v1/auth")).json(&body).send().await.expect("auth");
        assert_eq!(response.status(), 200, "sign-in");
        let answer: Value = response.json().await.expect("json");
        answer["accessToken"].as_str().expect("accessToken").to_owned()
    }

    /// `POST /data/v1/links` with `body`, returning to the partner's `/back`.
    pub async fn create_link(&self, mut body: Value) -> Link {
        body["redirectURL"] = json!(self.back_url());
        let response =
            self.http.post(self.url("/data/v1/links")).bearer_auth(&self.token).json(&body).send().await;
        let response = response.expect("create a link");
        assert_eq!(response.status(), 200, "create a link");
        let link: Value = response.json().await.expect("json");
        let text = |key: &str| link[key].as_str().unwrap_or_else(|| panic!("{key} in {link}")).to_owned();
        Link { id: text("linkId"), url: text("linkURL"), token: text("linkToken") }
    }

    /// `GET {path}` of the partner API with the access token; asserts a 200.
    pub async fn api(&self, path: &str) -> Value {
        let response = self.http.get(self.url(path)).bearer_auth(&self.token).send().await.expect("request");
        assert_eq!(response.status(), 200, "GET {path}");
        response.json().await.expect("json")
    }

    /// The consent as the bank holds it (the sandbox's record of the consent Ponte created).
    pub async fn bank_consent(&self, code: BankCode, consent_id: &str) -> ConsentRecord {
        let id = consent_id.parse().expect("consent id");
        let row = self.store.consent(self.app.id, id).await.expect("read").expect("the consent");
        let document: ponte_link::documents::ConsentDocument =
            serde_json::from_str(&row.document).expect("consent document");
        let bank_id = document.bank_consent_id.expect("the consent's id at the bank");
        let bank = self.sandbox.bank(code).expect("the bank");
        repo::load(bank, &bank_id).await.expect("read at the bank").expect("the bank's consent")
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await.expect("clean shutdown");
        }
        self.store.close().await;
    }
}
