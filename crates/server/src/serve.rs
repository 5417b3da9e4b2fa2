//! Running a deployment: the HTTP server and/or the job worker, until SIGTERM or Ctrl-C.

use crate::config::Config;
use crate::institutions::{self, SandboxConnection};
use crate::state::AppState;
use crate::{app, jobs};
use anyhow::Context;
use ponte_link::journey::HeadlessCustomer;
use ponte_link::registry::Registry;
use ponte_store::Store;
use ponte_store::worker::{Worker, WorkerConfig};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A started deployment. Dropping it does not stop it: call [`Running::shutdown`].
pub struct Running {
    /// Where HTTP is served (None for `--role worker`).
    pub addr: Option<SocketAddr>,
    pub state: AppState,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<anyhow::Result<()>>>,
}

impl Running {
    /// Stops accepting work, lets running requests and jobs finish, and waits for both.
    pub async fn shutdown(self) -> anyhow::Result<()> {
        let _ = self.stop.send(true);
        self.wait().await
    }

    /// Waits until the deployment stops (after [`signal`] or [`Running::shutdown`]).
    pub async fn wait(self) -> anyhow::Result<()> {
        for task in self.tasks {
            task.await.context("a server task panicked")??;
        }
        Ok(())
    }

    pub fn stopper(&self) -> watch::Sender<bool> {
        self.stop.clone()
    }
}

pub fn worker_config(config: &Config) -> WorkerConfig {
    WorkerConfig {
        concurrency: config.jobs.concurrency,
        batch: config.jobs.batch,
        lease: Duration::from_secs(config.jobs.lease_secs),
        heartbeat: Duration::from_secs(config.jobs.heartbeat_secs),
        poll_interval: Duration::from_millis(config.jobs.poll_interval_ms),
        backoff_base: Duration::from_secs(config.jobs.backoff_base_secs),
        backoff_max: Duration::from_secs(config.jobs.backoff_max_secs),
        shutdown_grace: Duration::from_secs(config.http.shutdown_grace_secs),
    }
}

/// What the Link journey reaches beyond the configuration: the embedded sandbox banks.
#[derive(Clone, Default)]
pub struct Links {
    pub sandbox: Option<SandboxConnection>,
    pub headless: Option<Arc<dyn HeadlessCustomer>>,
}

/// Starts what `config.role` asks for. `listener` overrides `config.bind` (tests bind port 0).
pub async fn start(
    config: Arc<Config>,
    store: Store,
    listener: Option<TcpListener>,
) -> anyhow::Result<Running> {
    start_with(config, store, listener, Links::default()).await
}

/// [`start`], with the embedded sandbox's connection.
pub async fn start_with(
    config: Arc<Config>,
    store: Store,
    listener: Option<TcpListener>,
    links: Links,
) -> anyhow::Result<Running> {
    warn_if_banks_cannot_return(&config);
    let registry = institutions::registry(&config, links.sandbox.as_ref())?;
    for (environment, error) in registry.refresh().await {
        tracing::warn!(environment = environment.as_str(), %error, "loading the institutions failed");
    }
    let state = AppState::new(config.clone(), store.clone(), registry.clone(), links.headless).await?;
    let (stop, stopped) = watch::channel(false);
    {
        let every = Duration::from_secs(config.institutions.refresh_secs.max(10));
        let shutdown = stopped.clone();
        tasks_push_refresh(registry, every, shutdown);
    }
    let mut tasks: Vec<JoinHandle<anyhow::Result<()>>> = Vec::new();
    let mut addr = None;

    if config.role.runs_jobs() {
        let mut worker = Worker::new(store.clone(), worker_config(&config));
        jobs::register_core(&mut worker, &state)?;
        let mut fetches = Worker::new(
            store.clone(),
            WorkerConfig { concurrency: config.data.fetch_concurrency.max(1), ..worker_config(&config) },
        );
        jobs::register_fetches(&mut fetches, &state);
        for worker in [worker, fetches] {
            let shutdown = stopped.clone();
            tasks.push(tokio::spawn(async move { Ok(worker.run(shutdown).await?) }));
        }
        let (scheduler_store, shutdown) = (store.clone(), stopped.clone());
        tasks.push(tokio::spawn(async move {
            jobs::schedule(scheduler_store, shutdown).await;
            Ok(())
        }));
    }

    if config.role.serves_http() {
        let listener = match listener {
            Some(listener) => listener,
            None => TcpListener::bind(&config.bind).await.with_context(|| {
                format!("cannot listen on {} (is another process using it? set --bind)", config.bind)
            })?,
        };
        addr = Some(listener.local_addr()?);
        let router = app::build(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let mut shutdown = stopped.clone();
        tasks.push(tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    let _ = shutdown.wait_for(|stop| *stop).await;
                })
                .await
                .context("HTTP server failed")
        }));
    }
    Ok(Running { addr, state, stop, tasks })
}

/// Registers for SIGTERM and Ctrl-C now (so a signal sent right after start-up is not lost)
/// and returns a future that resolves when one arrives.
pub fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate())?;
        let mut interrupt = signal(SignalKind::interrupt())?;
        Ok(async move {
            tokio::select! {
                _ = term.recv() => {}
                _ = interrupt.recv() => {}
            }
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
        })
    }
}

/// The registry's refresh loop runs beside the server (not as a job): every process keeps its
/// own copy of the institution list.
fn tasks_push_refresh(registry: Arc<Registry>, every: Duration, shutdown: watch::Receiver<bool>) {
    tokio::spawn(institutions::keep_fresh(registry, every, shutdown));
}

/// Banks send users back only to `https` redirect URIs (sandbox banks also accept loopback
/// `http`): a public URL that is neither makes every journey fail at the bank, so say so early.
fn warn_if_banks_cannot_return(config: &Config) {
    let public = config.effective_public_url();
    let Ok(url) = url::Url::parse(&public) else { return };
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if url.scheme() != "https" && !loopback {
        tracing::warn!(
            public_url = %public,
            "institutions return users only to https URLs (the sandbox banks also to loopback http): set public_url to this deployment's https address"
        );
    }
}
