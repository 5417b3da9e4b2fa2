//! What `ponte serve` runs in the embedded mode, started in this process through the same
//! functions as `bench link`: a throwaway SQLite store, the sandbox banks, then the API with its
//! job worker (role `all`, the built-in defaults: 16 jobs at once, 16 deliveries in flight per
//! receiver), with the sandbox app's event and products URLs pointing at the partner's receiver.

use super::receiver::{self, Receiver};
use crate::cli::bench::{Target, TempDir, stats};
use crate::cli::{headless, sandbox};
use anyhow::{Context, ensure};
use ponte_link::journey::HeadlessCustomer;
use ponte_sandbox::start::Sandbox;
use ponte_server::bootstrap::{self, Migrations, WorkerLock};
use ponte_server::config::{Config, Overrides, Role, SandboxOverrides, Sources};
use ponte_server::serve::{self, Links, Running};
use ponte_store::Store;
use ponte_store::apps::AppCredentials;
use serde::Serialize;
use std::sync::Arc;
use std::time::Instant;
use tokio::sync::watch;
use uuid::Uuid;

/// How long starting the parts took.
#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Setup {
    pub(super) sandbox_start_secs: f64,
    pub(super) server_start_secs: f64,
}

pub(super) struct Stack {
    pub(super) target: Arc<Target>,
    pub(super) store: Store,
    pub(super) app_id: Uuid,
    pub(super) credentials: AppCredentials,
    pub(super) receiver: Arc<Receiver>,
    pub(super) setup: Setup,
    running: Running,
    banks: Sandbox,
    stop_banks: watch::Sender<bool>,
    _worker_lock: Option<WorkerLock>,
    _dir: TempDir,
}

impl Stack {
    pub(super) async fn start() -> anyhow::Result<Stack> {
        let dir = TempDir::new()?;
        // An explicit, empty config file keeps a ./ponte.toml (and PONTE_* variables) out of it.
        let config_file = dir.path().join("bench.toml");
        std::fs::write(&config_file, "").with_context(|| format!("writing {}", config_file.display()))?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("listening on 127.0.0.1 for the embedded server")?;
        let overrides = Overrides {
            data_dir: Some(dir.path().join("data")),
            bind: Some(listener.local_addr()?.to_string()),
            role: Some(Role::All),
            sandbox: SandboxOverrides {
                enabled: Some(true),
                bind: Some("127.0.0.1:0".to_owned()),
                ..SandboxOverrides::default()
            },
            ..Overrides::default()
        };
        let config = Config::load(Sources { config_file: Some(&config_file), env: vec![], overrides })?;
        ensure!(config.is_embedded(), "bench reports needs the embedded (SQLite) store");
        let worker_lock = bootstrap::lock_sqlite_worker(&config)?;
        let store = bootstrap::open_store(&config, Migrations::Apply).await?;
        let (app, credentials) = bootstrap::default_sandbox_app(&store).await?;

        // The receiver first: deliveries take their destination when they are created.
        let receiver = Arc::new(Receiver::default());
        let url: ponte_domain::HttpUrl =
            receiver::serve(receiver.clone()).await?.parse().context("the receiver's URL")?;
        let mut settings = app.settings.clone();
        settings.event_webhook_url = Some(url.clone());
        settings.products_webhook_url = Some(url);
        store.update_app_settings(app.id, &settings).await?.context("the sandbox app vanished")?;

        // As `ponte serve` does: the banks first (the journey reads their directory at start-up).
        let config = Arc::new(config);
        let (stop_banks, banks_stopped) = watch::channel(false);
        let started = Instant::now();
        let mut banks = sandbox::start(&config, store.clone(), async move {
            let mut stopped = banks_stopped;
            let _ = stopped.wait_for(|stop| *stop).await;
        })
        .await
        .context("starting the sandbox banks")?;
        let sandbox_start_secs = started.elapsed().as_secs_f64();
        let links = Links {
            sandbox: Some(headless::connection(&banks)),
            headless: Some(Arc::new(headless::customer(&banks)?) as Arc<dyn HeadlessCustomer>),
        };
        let started = Instant::now();
        let running = match serve::start_with(config, store.clone(), Some(listener), links).await {
            Ok(running) => running,
            Err(error) => {
                let _ = stop_banks.send(true);
                let _ = sandbox::wait(&mut banks).await;
                store.close().await;
                return Err(error);
            }
        };
        let server_start_secs = started.elapsed().as_secs_f64();
        let addr = running.addr.context("the embedded server has no HTTP address")?;
        eprintln!("bench: server at http://{addr}, sandbox banks at {}", banks.base_url);
        Ok(Stack {
            target: Arc::new(Target::parse(&format!("http://{addr}"))?),
            store,
            app_id: app.id,
            credentials,
            receiver,
            setup: Setup {
                sandbox_start_secs: stats::round3(sandbox_start_secs),
                server_start_secs: stats::round3(server_start_secs),
            },
            running,
            banks,
            stop_banks,
            _worker_lock: worker_lock,
            _dir: dir,
        })
    }

    /// Stops as `ponte serve` does: the server (HTTP and worker), then the banks, then the store.
    pub(super) async fn stop(self) -> anyhow::Result<()> {
        let Stack { store, running, mut banks, stop_banks, .. } = self;
        let server = running.shutdown().await.context("stopping the embedded server");
        let _ = stop_banks.send(true);
        let banks_stopped = sandbox::wait(&mut banks).await;
        drop(banks);
        store.close().await;
        server?;
        banks_stopped
    }
}
