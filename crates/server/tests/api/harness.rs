use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, Role, Sources};
use ponte_server::serve::{self, Running};
use ponte_store::Store;
use ponte_store::apps::AppCredentials;
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;

pub struct TestServer {
    pub base: String,
    pub http: reqwest::Client,
    pub store: Store,
    pub app: AppCredentials,
    running: Option<Running>,
    dir: PathBuf,
}

pub fn test_config(dir: &std::path::Path) -> Config {
    let mut config = Config::load(Sources {
        config_file: None,
        env: vec![],
        overrides: Overrides {
            data_dir: Some(dir.to_path_buf()),
            role: Some(Role::Api),
            ..Default::default()
        },
    })
    .expect("default config");
    config.public_url = "http://ponte.test".to_owned();
    config
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(|_| {}).await
    }

    pub async fn start_with(adjust: impl FnOnce(&mut Config)) -> Self {
        let dir = std::env::temp_dir().join(format!("ponte-api-test-{}", uuid::Uuid::new_v4()));
        let mut config = test_config(&dir);
        adjust(&mut config);
        let store = bootstrap::open_store(&config, Migrations::Apply).await.expect("open store");
        let (_, app) = bootstrap::default_sandbox_app(&store).await.expect("sandbox app");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let running = serve::start(Arc::new(config), store.clone(), Some(listener)).await.expect("start");
        let base = format!("http://{}", running.addr.expect("http address"));
        Self { base, http: reqwest::Client::new(), store, app, running: Some(running), dir }
    }

    pub fn state(&self) -> &ponte_server::state::AppState {
        &self.running.as_ref().expect("running").state
    }

    /// Another app (of another partner) and its credentials.
    pub async fn other_app(&self, environment: ponte_domain::Environment) -> AppCredentials {
        let new = ponte_store::apps::NewApp {
            name: "Other".into(),
            partner_name: "Other partner".into(),
            environment,
            settings: Default::default(),
        };
        self.store.create_app(&new).await.expect("create app").1
    }

    /// Points the default app's events at `url`.
    pub async fn set_event_url(&self, url: &str) {
        let app = self.store.app(self.app.app_id).await.expect("read app").expect("app");
        let mut settings = app.settings.clone();
        settings.event_webhook_url = Some(url.parse().expect("an http(s) URL"));
        self.store.update_app_settings(app.id, &settings).await.expect("update app");
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn auth(&self, access_key: &str, secret_key: &str) -> reqwest::Response {
        self.http
            .post(self.url("/data/v1/auth"))
            .json(&json!({ "accessKey": access_key, "secretKey": secret_key }))
            .send()
            .await
            .expect("request")
    }

    /// A valid access token for the default app.
    pub async fn token(&self) -> String {
        self.token_for(&self.app).await
    }

    pub async fn token_for(&self, app: &AppCredentials) -> String {
        let response = self.auth(&app.access_key, app.secret_key.expose()).await;
        assert_eq!(response.status(), 200);
        let body: Value = response.json().await.expect("json");
        body["accessToken"].as_str().expect("accessToken").to_owned()
    }

    pub async fn get_with_token(&self, path: &str, token: &str) -> reqwest::Response {
        self.http.get(self.url(path)).bearer_auth(token).send().await.expect("request")
    }

    pub async fn stop(mut self) {
        if let Some(running) = self.running.take() {
            running.shutdown().await.expect("clean shutdown");
        }
        self.store.close().await;
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Asserts the API's error shape and returns the body.
pub async fn assert_error(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status, "unexpected status");
    assert!(response.headers().contains_key("x-request-id"), "x-request-id missing");
    let body: Value = response.json().await.expect("error body is JSON");
    assert_eq!(body["statusCode"], status, "{body}");
    assert!(body["error"].as_str().is_some_and(|e| !e.is_empty()), "{body}");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert_eq!(body.as_object().map(|o| o.len()), Some(3), "{body}");
    body
}
