//! `ponte sandbox serve`, and the sandbox banks `ponte serve` runs beside the API.

use super::Cli;
use anyhow::Context;
use clap::{Args, Subcommand};
use ponte_sandbox::bank::BankCode;
use ponte_sandbox::start::{Sandbox, SandboxConfig};
use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, SandboxOverrides};
use ponte_server::serve;
use ponte_store::Store;
use std::net::{Ipv6Addr, SocketAddr};

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Run only the sandbox banks, whatever `sandbox.enabled` says (a `ponte serve` beside them on
    /// the same data directory then needs --no-sandbox).
    Serve(SandboxServeArgs),
}

#[derive(Debug, Args)]
pub struct SandboxServeArgs {
    #[command(flatten)]
    listener: ListenerArgs,
    /// Seed of the banks' simulated failures: the same seed gives the same failures.
    #[arg(long, value_name = "N")]
    seed: Option<u64>,
}

/// Where the sandbox banks listen; flags of both `ponte serve` and `ponte sandbox serve`.
#[derive(Debug, Args)]
pub struct ListenerArgs {
    /// Address of the sandbox banks' HTTPS listener, e.g. 127.0.0.1:8443 (port 0: any free port).
    #[arg(long, value_name = "ADDR")]
    sandbox_bind: Option<String>,
    /// Host name clients reach the sandbox banks at (default: the bind address; localhost when
    /// bound to 0.0.0.0).
    #[arg(long, value_name = "HOST")]
    sandbox_host: Option<String>,
}

impl ListenerArgs {
    pub fn overrides(&self, enabled: Option<bool>, seed: Option<u64>) -> SandboxOverrides {
        SandboxOverrides { enabled, bind: self.sandbox_bind.clone(), host: self.sandbox_host.clone(), seed }
    }
}

pub async fn run(cli: &Cli, command: &SandboxCommand) -> anyhow::Result<()> {
    match command {
        SandboxCommand::Serve(args) => serve_alone(cli, args).await,
    }
}

async fn serve_alone(cli: &Cli, args: &SandboxServeArgs) -> anyhow::Result<()> {
    let config = cli.load_config(Overrides {
        sandbox: args.listener.overrides(None, args.seed),
        ..Overrides::default()
    })?;
    ponte_server::telemetry::init_logging(config.log_format, &config.log_level);
    let signal = serve::shutdown_signal()?;
    let store = bootstrap::open_store(&config, Migrations::for_serve(&config)).await?;
    let shutdown = async move {
        signal.await;
        tracing::info!("shutting down");
    };
    let mut sandbox = match start(&config, store.clone(), shutdown).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            store.close().await;
            return Err(error);
        }
    };
    println!();
    println!("  Ponte {} is running (sandbox banks only)", env!("CARGO_PKG_VERSION"));
    println!();
    print_banner(&sandbox);
    println!();
    let served = wait(&mut sandbox).await;
    drop(sandbox);
    store.close().await;
    tracing::info!("stopped");
    served
}

/// Starts the sandbox banks as `config` says (`[sandbox]`, files in `<data_dir>/sandbox`); they
/// stop accepting connections when `shutdown` resolves, and [`wait`] waits for them. Keep the
/// returned [`Sandbox`] until then: dropping it ends its background purge.
pub async fn start(
    config: &Config,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<Sandbox> {
    let bind: SocketAddr = config.sandbox.bind.parse().with_context(|| {
        format!("sandbox.bind '{}' is not an address with a port such as 127.0.0.1:8443", config.sandbox.bind)
    })?;
    let mut sandbox_config = SandboxConfig::new(config.sandbox_dir(), bind);
    // An IPv6 address goes into URLs in brackets.
    sandbox_config.host = config.sandbox.host_name().map(|host| match host.parse::<Ipv6Addr>() {
        Ok(_) => format!("[{host}]"),
        Err(_) => host,
    });
    sandbox_config.seed = config.sandbox.seed;
    let sandbox = ponte_sandbox::start::start(store, &sandbox_config, shutdown).await?;
    tracing::info!(
        url = %sandbox.base_url,
        dir = %sandbox.pki.dir().display(),
        "sandbox banks started"
    );
    Ok(sandbox)
}

/// Waits for the sandbox's listener to finish (after its shutdown future resolved), including the
/// grace period its open connections get.
pub async fn wait(sandbox: &mut Sandbox) -> anyhow::Result<()> {
    (&mut sandbox.task).await.context("the sandbox banks' listener panicked")?.context("sandbox banks")
}

/// The banner's sandbox section: the directory, each bank's issuer, the files a client needs and
/// how to log in.
pub fn print_banner(sandbox: &Sandbox) {
    let names = BankCode::ALL.map(|code| code.bank().name);
    let name_width = names.iter().map(|name| name.chars().count()).max().unwrap_or(0);
    // "999 <name>  ": every value starts in the same column.
    let width = 3 + 1 + name_width + 1;
    let dir = sandbox.pki.dir();
    println!("  Sandbox banks (Open Finance Brasil test institutions)");
    println!("    {:<width$} {}", "Directory", sandbox.participants_url());
    for (code, name) in BankCode::ALL.into_iter().zip(names) {
        println!("    {code} {name:<name_width$}  {}", sandbox.issuer(code));
    }
    println!("    {:<width$} {}", "CA certificate", dir.join("ca.pem").display());
    println!("    {:<width$} {}/", "Ponte's client", dir.join("client").display());
    println!(
        "    Log in at a bank with a persona's CPF (e.g. {}) and password `{}`.",
        ponte_sandbox::client::CPF,
        ponte_sandbox::auth::authorize::PASSWORD
    );
}
