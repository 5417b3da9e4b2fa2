//! `ponte webhooks …`: tools for webhook receivers.

use anyhow::Context;
use clap::{Args, Subcommand};
use ponte_server::listen::StatusCode;
use ponte_server::listen::{self, ListenConfig};
use ponte_webhooks::signing::WebhookSecret;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

#[derive(Debug, Subcommand)]
pub enum WebhooksCommand {
    /// Receive deliveries locally, verify their signatures and print them.
    Listen(ListenArgs),
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 8787)]
    port: u16,
    /// Address to listen on.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// The app's webhook signing secret (`whsec_…`), to verify Standard Webhooks signatures.
    #[arg(long, env = "PONTE_LISTEN_SECRET")]
    secret: Option<String>,
    /// The app's secretKey, to verify the Klavi-compatible X-Klavi-Signature.
    #[arg(long, env = "PONTE_LISTEN_KLAVI_SECRET")]
    klavi_secret: Option<String>,
    /// Prefix of the Klavi-compatible headers.
    #[arg(long, default_value = "X-Klavi")]
    klavi_prefix: String,
    /// HTTP status to answer every delivery with (e.g. 500 to watch Ponte retry).
    #[arg(long, default_value_t = 200)]
    status: u16,
    /// Print one JSON object per delivery.
    #[arg(long)]
    json: bool,
}

pub async fn run(command: &WebhooksCommand) -> anyhow::Result<()> {
    match command {
        WebhooksCommand::Listen(args) => listen(args).await,
    }
}

async fn listen(args: &ListenArgs) -> anyhow::Result<()> {
    let secret = args.secret.as_deref().map(|s| s.parse::<WebhookSecret>()).transpose().context(
        "--secret is not a webhook secret (it looks like whsec_…, printed by `ponte apps create`)",
    )?;
    let status = StatusCode::from_u16(args.status).context("--status must be an HTTP status code")?;
    let config = ListenConfig {
        secret,
        klavi_secret: args.klavi_secret.clone(),
        klavi_prefix: args.klavi_prefix.clone(),
        status,
        json: args.json,
    };
    let (addr, server) = listen::bind(SocketAddr::new(args.host, args.port), config)
        .await
        .with_context(|| format!("cannot listen on {}:{}", args.host, args.port))?;
    if args.secret.is_none() && args.klavi_secret.is_none() {
        eprintln!("warning: no --secret or --klavi-secret: signatures will not be checked");
    }
    eprintln!("Listening for webhooks on http://{addr} (Ctrl-C to stop)");
    tokio::select! {
        result = server => result.context("the receiver stopped")?,
        _ = tokio::signal::ctrl_c() => {}
    }
    Ok(())
}
