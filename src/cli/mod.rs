//! Command-line interface. Each subcommand lives in its own module.

mod apps;
mod bench;
mod consents;
mod headless;
mod jobs;
mod sandbox;
mod serve;
mod webhooks;

use clap::{Parser, Subcommand};
use ponte_server::config::{Config, Overrides, Sources};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "ponte", version, about = "Self-hostable Open Finance Brasil data platform")]
pub struct Cli {
    /// Configuration file (default: ./ponte.toml when present).
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Directory of the embedded database and generated master key.
    #[arg(long, global = true, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://USER@HOST/DB (default: the SQLite file in the data directory).
    #[arg(long, global = true, value_name = "URL")]
    database_url: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run Ponte: the partner API and/or the job worker.
    Serve(serve::ServeArgs),
    /// Apply database migrations (run once per release before starting replicas on PostgreSQL).
    Migrate,
    /// Create, change and list partner apps.
    #[command(subcommand)]
    Apps(apps::AppsCommand),
    /// Operator actions on consents (an end user's request to delete their data).
    #[command(subcommand)]
    Consents(consents::ConsentsCommand),
    /// Inspect and retry background jobs.
    #[command(subcommand)]
    Jobs(jobs::JobsCommand),
    /// Master key tools.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Webhook tools: a local receiver that verifies signatures.
    #[command(subcommand)]
    Webhooks(webhooks::WebhooksCommand),
    /// The sandbox banks: five Open Finance Brasil test institutions over HTTPS.
    #[command(subcommand)]
    Sandbox(sandbox::SandboxCommand),
    /// Measure this machine: auth latency over HTTP, job queue throughput.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Print a new random master key (32 bytes, base64) for PONTE_MASTER_KEY.
    Generate,
    /// Re-seal every encrypted value with the current master key (after moving the old key to
    /// previous_master_keys); afterwards the old key can be removed.
    Reseal,
}

impl Cli {
    fn load_config(&self, extra: Overrides) -> anyhow::Result<Config> {
        let overrides =
            Overrides { data_dir: self.data_dir.clone(), database_url: self.database_url.clone(), ..extra };
        Ok(Config::load(Sources::from_process(self.config.as_deref(), overrides))?)
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    match &cli.command {
        Command::Serve(args) => serve::run(&cli, args).await,
        Command::Migrate => {
            let config = cli.load_config(Overrides::default())?;
            let store =
                ponte_server::bootstrap::open_store(&config, ponte_server::bootstrap::Migrations::Apply)
                    .await?;
            println!("Database schema is at version {}.", store.schema_version().await?);
            Ok(())
        }
        Command::Apps(command) => apps::run(&cli, command).await,
        Command::Jobs(command) => jobs::run(&cli, command).await,
        Command::Consents(command) => consents::run(&cli, command).await,
        Command::Bench(command) => bench::run(&cli, command).await,
        Command::Webhooks(command) => webhooks::run(command).await,
        Command::Sandbox(command) => sandbox::run(&cli, command).await,
        Command::Keys(KeysCommand::Generate) => {
            println!("{}", ponte_store::MasterKey::generate_base64());
            Ok(())
        }
        Command::Keys(KeysCommand::Reseal) => {
            let store = open_for_admin(&cli).await?;
            let report = store.reseal_all().await?;
            println!(
                "Re-sealed {} values with master key {}; {} already used it.",
                report.resealed,
                store.keyring().current_key_id(),
                report.current
            );
            store.close().await;
            Ok(())
        }
    }
}

/// Opens the store for an administrative command (migrating the embedded database if needed).
async fn open_for_admin(cli: &Cli) -> anyhow::Result<ponte_store::Store> {
    let config = cli.load_config(Overrides::default())?;
    let migrations = ponte_server::bootstrap::Migrations::for_serve(&config);
    ponte_server::bootstrap::open_store(&config, migrations).await
}
