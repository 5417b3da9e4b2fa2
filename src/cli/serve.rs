//! `ponte serve`.

use super::Cli;
use clap::Args;
use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, Role};
use ponte_server::serve;
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
}

pub async fn run(cli: &Cli, args: &ServeArgs) -> anyhow::Result<()> {
    let config = cli.load_config(Overrides {
        bind: args.bind.clone(),
        public_url: args.public_url.clone(),
        role: args.role,
        ..Overrides::default()
    })?;
    ponte_server::telemetry::init_logging(config.log_format, &config.log_level);
    let signal = serve::shutdown_signal()?;
    let _worker_lock = if config.role.runs_jobs() { bootstrap::lock_sqlite_worker(&config)? } else { None };
    let store = bootstrap::open_store(&config, Migrations::for_serve(&config)).await?;
    let sandbox_app =
        if config.is_embedded() { Some(bootstrap::default_sandbox_app(&store).await?) } else { None };
    let config = Arc::new(config);
    let running = serve::start(config.clone(), store.clone(), None).await?;
    print_banner(&config, running.addr, sandbox_app.as_ref().map(|(_, c)| c));
    tracing::info!(role = ?config.role, addr = ?running.addr, database = store.backend().name(), "ponte started");

    let stopper = running.stopper();
    tokio::spawn(async move {
        signal.await;
        tracing::info!("shutting down");
        let _ = stopper.send(true);
    });
    running.wait().await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

fn print_banner(config: &Config, addr: Option<std::net::SocketAddr>, app: Option<&AppCredentials>) {
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
    println!();
}
