//! `ponte serve`.

use super::Cli;
use super::headless;
use super::sandbox::{self, ListenerArgs};
use clap::Args;
use ponte_link::journey::HeadlessCustomer;
use ponte_sandbox::start::Sandbox;
use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, Role};
use ponte_server::serve::{self, Links};
use ponte_store::apps::AppCredentials;
use std::sync::Arc;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// api (HTTP only), worker (jobs only) or all.
    #[arg(long, value_enum)]
    role: Option<Role>,
    /// Address to listen on, e.g. 0.0.0.0:8080.
    #[arg(long)]
    bind: Option<String>,
    /// The URL partners and end users reach this deployment at.
    #[arg(long)]
    public_url: Option<String>,
    /// Don't run the sandbox banks (they run by default in the embedded mode).
    #[arg(long)]
    no_sandbox: bool,
    #[command(flatten)]
    sandbox: ListenerArgs,
}

pub async fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<()> {
    let config = cli.load_config(Overrides {
        bind: args.bind.clone(),
        public_url: args.public_url.clone(),
        role: args.role,
        sandbox: args.sandbox.overrides(args.no_sandbox.then_some(false), None),
        ..Overrides::default()
    })?;
    ponte_server::telemetry::init_logging(config.log_format, &config.log_level);
    let signal = serve::shutdown_signal()?;
    let _worker_lock = if config.role.runs_jobs() { bootstrap::lock_sqlite_worker(&config)? } else { None };
    let store = bootstrap::open_store(&config, Migrations::for_serve(&config)).await?;
    let sandbox_app =
        if config.is_embedded() { Some(bootstrap::default_sandbox_app(&store).await?) } else { None };
    let config = Arc::new(config);
    // The sandbox banks start first: the journey reads their directory when the server starts.
    // They stop after the server (when `sandbox_stop` flips).
    let (sandbox_stop, sandbox_stopped) = tokio::sync::watch::channel(false);
    let mut sandbox = None;
    if config.runs_sandbox() {
        let mut stopped = sandbox_stopped.clone();
        let shutdown = async move {
            let _ = stopped.wait_for(|stop| *stop).await;
        };
        match sandbox::start(&config, store.clone(), shutdown).await {
            Ok(started) => sandbox = Some(started),
            Err(error) => {
                store.close().await;
                return Err(error.context("starting the sandbox banks (--no-sandbox turns them off)"));
            }
        }
    }
    let links = match sandbox.as_ref() {
        Some(sandbox) => Links {
            sandbox: Some(headless::connection(sandbox)),
            headless: Some(Arc::new(headless::customer(sandbox)?) as Arc<dyn HeadlessCustomer>),
        },
        None => Links::default(),
    };
    let running = match serve::start_with(config.clone(), store.clone(), None, links).await {
        Ok(running) => running,
        Err(error) => {
            let _ = sandbox_stop.send(true);
            store.close().await;
            return Err(error);
        }
    };
    print_banner(&config, running.addr, sandbox_app.as_ref().map(|(_, c)| c), sandbox.as_ref());
    tracing::info!(role = ?config.role, addr = ?running.addr, database = store.backend().name(), "ponte started");

    let stopper = running.stopper();
    let signal_stopper = stopper.clone();
    tokio::spawn(async move {
        signal.await;
        tracing::info!("shutting down");
        let _ = signal_stopper.send(true);
    });
    let served = running.wait().await;
    let _ = stopper.send(true);
    let _ = sandbox_stop.send(true);
    let sandbox_served = match sandbox.as_mut() {
        Some(sandbox) => sandbox::wait(sandbox).await,
        None => Ok(()),
    };
    drop(sandbox);
    store.close().await;
    served?;
    sandbox_served?;
    tracing::info!("stopped");
    Ok(())
}

fn print_banner(
    config: &Config,
    addr: Option<std::net::SocketAddr>,
    app: Option<&AppCredentials>,
    sandbox: Option<&Sandbox>,
) {
    let base = match (config.public_url.trim().is_empty(), addr) {
        (true, Some(addr)) => format!("http://{addr}"),
        _ => config.effective_public_url(),
    };
    println!();
    println!(
        "  Ponte {} is running (role: {})",
        env!("CARGO_PKG_VERSION"),
        format!("{:?}", config.role).to_lowercase()
    );
    if addr.is_some() {
        println!("  API            {base}/data/v1");
        println!("  API reference  {base}/docs");
        println!("  Health         {base}/readyz");
    }
    if let Some(app) = app {
        println!();
        println!("  Sandbox app (embedded mode; keep these private)");
        println!("    appId          {}", app.app_id);
        println!("    accessKey      {}", app.access_key);
        println!("    secretKey      {}", app.secret_key.expose());
        println!("    webhookSecret  {}", app.webhook_secret.expose());
        println!();
        println!("  Try it:");
        println!(
            "    curl -s -X POST {base}/data/v1/auth -H 'Content-Type: application/json' \\\n      -d '{{\"accessKey\":\"{}\",\"secretKey\":\"{}\"}}'",
            app.access_key,
            app.secret_key.expose()
        );
    }
    if let Some(sandbox) = sandbox {
        println!();
        sandbox::print_banner(sandbox);
    }
    println!();
}
