//! Connecting to the database: SQLite (embedded, the default) or PostgreSQL (several replicas).
//!
//! Both go through sqlx's `Any` driver so every query is written once; statements that differ
//! between the two (claiming jobs, DDL) branch on [`Backend`]. On SQLite all writes in this
//! process go through a single connection: SQLite has one writer anyway, and funnelling writes
//! through one connection avoids "database is locked" errors from lock upgrades inside
//! concurrent transactions. Reads use a separate pool.

use crate::StoreError;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::str::FromStr;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> Result<Self, StoreError> {
        if url.starts_with("sqlite:") {
            Ok(Self::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Self::Postgres)
        } else {
            Err(StoreError::Config(format!(
                "unsupported database URL scheme in '{}': use sqlite://PATH or postgres://USER@HOST/DB",
                redact_url(url)
            )))
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgres",
        }
    }
}

/// How large the pools may grow.
#[derive(Clone, Debug)]
pub struct PoolSettings {
    pub max_connections: u32,
    pub acquire_timeout: Duration,
}

impl Default for PoolSettings {
    fn default() -> Self {
        Self { max_connections: 16, acquire_timeout: Duration::from_secs(10) }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Pools {
    pub backend: Backend,
    /// Reads. On PostgreSQL the same pool as `write`.
    pub read: AnyPool,
    /// Transactions and writes. On SQLite a single connection.
    pub write: AnyPool,
    /// The URL, for the PostgreSQL notification listener's own connection.
    pub url: String,
}

static INSTALL_DRIVERS: std::sync::Once = std::sync::Once::new();

impl Pools {
    pub async fn connect(url: &str, settings: &PoolSettings) -> Result<Self, StoreError> {
        INSTALL_DRIVERS.call_once(sqlx::any::install_default_drivers);
        let backend = Backend::from_url(url)?;
        let options = AnyConnectOptions::from_str(url)
            .map_err(|e| StoreError::Config(format!("invalid database URL '{}': {e}", redact_url(url))))?
            .log_statements(tracing::log::LevelFilter::Trace)
            .log_slow_statements(tracing::log::LevelFilter::Warn, Duration::from_millis(500));
        match backend {
            Backend::Postgres => {
                // No ping before every acquire: it doubles the round trips of every query. A
                // connection broken by a database restart fails its query and is discarded.
                let pool = AnyPoolOptions::new()
                    .max_connections(settings.max_connections)
                    .acquire_timeout(settings.acquire_timeout)
                    .test_before_acquire(false)
                    .connect_with(options)
                    .await
                    .map_err(|e| StoreError::connect(url, e))?;
                Ok(Self { backend, read: pool.clone(), write: pool, url: url.to_owned() })
            }
            Backend::Sqlite => {
                let options = options_with_create(url)?;
                let write =
                    sqlite_pool(&options, 1, settings).await.map_err(|e| StoreError::connect(url, e))?;
                let read = sqlite_pool(&options, settings.max_connections.clamp(1, 8), settings)
                    .await
                    .map_err(|e| StoreError::connect(url, e))?;
                Ok(Self { backend, read, write, url: url.to_owned() })
            }
        }
    }
}

/// The SQLite file is created when missing (`mode=rwc`) unless the URL says otherwise.
fn options_with_create(url: &str) -> Result<AnyConnectOptions, StoreError> {
    let url = if url.contains("mode=") || url.contains(":memory:") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    };
    AnyConnectOptions::from_str(&url)
        .map(|o| o.log_statements(tracing::log::LevelFilter::Trace))
        .map_err(|e| StoreError::Config(format!("invalid database URL '{}': {e}", redact_url(&url))))
}

async fn sqlite_pool(
    options: &AnyConnectOptions,
    size: u32,
    settings: &PoolSettings,
) -> Result<AnyPool, sqlx::Error> {
    AnyPoolOptions::new()
        .max_connections(size)
        .min_connections(1)
        .acquire_timeout(settings.acquire_timeout)
        // In-process connections do not break on their own; pinging each acquire only costs.
        .test_before_acquire(false)
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                // WAL lets readers run beside the writer; NORMAL sync is durable across process
                // crashes (kill -9) and only risks the last commits on power loss; the busy
                // timeout covers other processes (e.g. `ponte apps create` while serving).
                conn.execute(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;",
                )
                .await?;
                Ok(())
            })
        })
        .connect_with(options.clone())
        .await
}

/// The URL with any password replaced, for error messages and logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        _ => url.to_owned(),
    }
}
