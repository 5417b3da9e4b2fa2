//! `ponte bench …`: measure the HTTP auth path and the job queue on this machine.
//!
//! Benchmarks report figures (throughput, latency percentiles from HDR histograms); they never
//! pass or fail on time. Machines are shared and noisy: compare runs made on the same machine,
//! and use `--baseline` to measure a trivial endpoint in the same run.

mod auth;
mod cpu;
mod link;
mod queue;
mod reports;
mod sandbox;
mod startup;
mod stats;
mod webhooks;

use super::Cli;
use anyhow::Context;
use anyhow::bail;
use bytes::Bytes;
use clap::Subcommand;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::{self, SendRequest};
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request, Uri};
use hyper_util::rt::TokioIo;
use ponte_server::bootstrap::{self, Migrations};
use ponte_server::config::{Config, Overrides, Role, Sources};
use ponte_server::serve::{self, Running};
use ponte_store::Store;
use ponte_store::apps::AppCredentials;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpStream;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Load POST /data/v1/auth on a running server (or an embedded one) and report latency.
    Auth(auth::AuthArgs),
    /// The Link journey end to end with the embedded sandbox banks: create link → headless consent
    /// at bank 999 → `consent_authorised` at a webhook receiver, one at a time and concurrently,
    /// and link creation throughput, with a GET /healthz baseline on the same server.
    Link(link::LinkArgs),
    /// Enqueue no-op jobs and run them with workers; report jobs per second.
    /// With the global --database-url postgres://… it runs in a fresh, dropped-after database.
    Queue(queue::QueueArgs),
    /// A consent's reports end to end with the embedded sandbox banks: AUTHORISED → every report
    /// of its automatic request at the partner's receiver, one consent at a time and many at once,
    /// with a GET /healthz baseline and the process's peak memory.
    Reports(reports::ReportsArgs),
    /// The sandbox banks over mutual TLS: transaction pages of the high-volume persona, with a
    /// discovery-status baseline. With the global --database-url postgres://… it runs in a fresh,
    /// dropped-after database.
    Sandbox(sandbox::SandboxArgs),
    /// Cold start of `ponte serve` to /readyz 200, and its idle memory.
    Startup(startup::StartupArgs),
    /// Webhook deliveries end to end over loopback: throughput, or latency at a fixed rate.
    /// With the global --database-url postgres://… it runs in a fresh, dropped-after database.
    Webhooks(webhooks::WebhooksArgs),
}

pub async fn run(cli: &Cli, command: &BenchCommand) -> anyhow::Result<()> {
    match command {
        BenchCommand::Auth(args) => auth::run(args).await,
        BenchCommand::Link(args) => link::run(cli.database_url.as_deref(), args).await,
        BenchCommand::Queue(args) => queue::run(cli.database_url.as_deref(), args).await,
        BenchCommand::Reports(args) => reports::run(cli.database_url.as_deref(), args).await,
        BenchCommand::Sandbox(args) => sandbox::run(cli.database_url.as_deref(), args).await,
        BenchCommand::Startup(args) => startup::run(args).await,
        BenchCommand::Webhooks(args) => webhooks::run(cli.database_url.as_deref(), args).await,
    }
}

/// A directory under the system temp dir, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> anyhow::Result<Self> {
        let name = format!("ponte-bench-{}", uuid::Uuid::new_v4().simple());
        let path = std::env::temp_dir().join(name);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("creating the temporary directory {}", path.display()))?;
        Ok(Self(path))
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Err(error) = std::fs::remove_dir_all(&self.0) {
            eprintln!("bench: could not remove {}: {error}", self.0.display());
        }
    }
}

/// A Ponte API server started in this process on 127.0.0.1:0 with a throwaway data directory.
struct Embedded {
    addr: SocketAddr,
    running: Running,
    store: Store,
    _dir: TempDir,
}

impl Embedded {
    /// Starts the server and returns it with the sandbox app's credentials.
    async fn start() -> anyhow::Result<(Self, AppCredentials)> {
        let dir = TempDir::new()?;
        // An explicit, empty config file keeps a ./ponte.toml (and PONTE_* variables) out of it.
        let config_file = dir.path().join("bench.toml");
        std::fs::write(&config_file, "").with_context(|| format!("writing {}", config_file.display()))?;
        let overrides = Overrides {
            data_dir: Some(dir.path().join("data")),
            role: Some(Role::Api),
            ..Overrides::default()
        };
        let config = Config::load(Sources { config_file: Some(&config_file), env: vec![], overrides })?;
        let store = bootstrap::open_store(&config, Migrations::Apply).await?;
        let (_, credentials) = bootstrap::default_sandbox_app(&store).await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .context("listening on 127.0.0.1 for the embedded server")?;
        let running = serve::start(Arc::new(config), store.clone(), Some(listener)).await?;
        let addr = running.addr.context("the embedded server has no HTTP address")?;
        Ok((Self { addr, running, store, _dir: dir }, credentials))
    }

    async fn stop(self) -> anyhow::Result<()> {
        self.running.shutdown().await.context("stopping the embedded server")?;
        self.store.close().await;
        Ok(())
    }
}

// A minimal HTTP/1.1 client: one hyper connection per simulated client, no pooling, no TLS.

/// A request taking longer than this (or a connection attempt) counts as an error.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the server is.
struct Target {
    authority: String,
    host: HeaderValue,
    base_path: String,
}

impl Target {
    fn parse(base: &str) -> anyhow::Result<Self> {
        let url = url::Url::parse(base).with_context(|| format!("--url '{base}' is not a URL"))?;
        if url.scheme() != "http" {
            bail!(
                "--url must be plain http:// (got {}); point it at the server's own listener",
                url.scheme()
            );
        }
        let host = url.host_str().with_context(|| format!("--url '{base}' has no host"))?;
        let port = url.port_or_known_default().unwrap_or(80);
        let authority = format!("{host}:{port}");
        Ok(Self {
            host: HeaderValue::from_str(&authority).context("the --url host is not a valid header")?,
            authority,
            base_path: url.path().trim_end_matches('/').to_owned(),
        })
    }
}

/// One kind of request, prepared once.
struct Call {
    name: &'static str,
    method: Method,
    uri: Uri,
    host: HeaderValue,
    body: Option<Bytes>,
}

impl Call {
    fn new(
        target: &Target,
        name: &'static str,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> anyhow::Result<Self> {
        let uri: Uri = format!("{}{path}", target.base_path).parse().context("building the request path")?;
        Ok(Self { name, method, uri, host: target.host.clone(), body: body.map(Bytes::from) })
    }

    fn request(&self) -> anyhow::Result<Request<Full<Bytes>>> {
        let mut builder =
            Request::builder().method(self.method.clone()).uri(self.uri.clone()).header(HOST, &self.host);
        if self.body.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/json");
        }
        Ok(builder.body(Full::new(self.body.clone().unwrap_or_default()))?)
    }
}

/// A keep-alive connection, reopened after a transport error.
struct Conn {
    target: Arc<Target>,
    sender: Option<SendRequest<Full<Bytes>>>,
}

impl Conn {
    async fn call(&mut self, call: &Call) -> anyhow::Result<()> {
        let mut sender = match self.sender.take().filter(|s| !s.is_closed()) {
            Some(sender) => sender,
            None => match connect(&self.target).await {
                Ok(sender) => sender,
                Err(error) => {
                    tokio::time::sleep(Duration::from_millis(10)).await; // don't spin on a dead server
                    return Err(error);
                }
            },
        };
        let (status, _) = tokio::time::timeout(REQUEST_TIMEOUT, exchange(&mut sender, call))
            .await
            .context("request timed out")??;
        self.sender = Some(sender);
        if !status.is_success() {
            bail!("{} answered {status}", call.name);
        }
        Ok(())
    }
}

async fn connect(target: &Target) -> anyhow::Result<SendRequest<Full<Bytes>>> {
    let connecting = TcpStream::connect(&target.authority);
    let stream = tokio::time::timeout(REQUEST_TIMEOUT, connecting)
        .await
        .context("connecting timed out")?
        .with_context(|| format!("connecting to {}", target.authority))?;
    stream.set_nodelay(true).context("setting TCP_NODELAY")?;
    let (sender, connection) = http1::handshake(TokioIo::new(stream)).await.context("HTTP handshake")?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

async fn exchange(
    sender: &mut SendRequest<Full<Bytes>>,
    call: &Call,
) -> anyhow::Result<(hyper::StatusCode, Bytes)> {
    sender.ready().await.context("connection closed")?;
    let response = sender.send_request(call.request()?).await.context("sending the request")?;
    let status = response.status();
    let body = response.into_body().collect().await.context("reading the response")?.to_bytes();
    Ok((status, body))
}

/// One request before the clock starts: fails fast on a wrong URL or wrong credentials.
async fn preflight(target: &Target, call: &Call) -> anyhow::Result<()> {
    let mut sender = connect(target).await?;
    let (status, body) =
        exchange(&mut sender, call).await.with_context(|| format!("{} (preflight)", call.name))?;
    if !status.is_success() {
        bail!(
            "{} answered {status} before the benchmark started: {}",
            call.name,
            String::from_utf8_lossy(&body)
        );
    }
    Ok(())
}
