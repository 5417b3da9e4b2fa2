//! Opening a deployment: the data directory, the master key, the database and its schema, and
//! the default sandbox app of the embedded mode.

use crate::config::Config;
use anyhow::{Context, bail};
use ponte_domain::{AppSettings, Environment};
use ponte_store::apps::{App, AppCredentials, NewApp};
use ponte_store::{Keyring, MasterKey, PoolSettings, Store, SystemClock};
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// Whether opening may change the schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Migrations {
    /// Apply pending migrations (`ponte migrate`, and `ponte serve` in the embedded mode).
    Apply,
    /// Refuse to run on an outdated schema (replicas on PostgreSQL).
    Require,
}

impl Migrations {
    /// Only the embedded mode migrates on its own: with PostgreSQL several replicas may start at
    /// once, and migrating is the operator's explicit step (`ponte migrate`).
    pub fn for_serve(config: &Config) -> Self {
        if config.is_embedded() { Self::Apply } else { Self::Require }
    }
}

pub async fn open_store(config: &Config, migrations: Migrations) -> anyhow::Result<Store> {
    if config.is_embedded() {
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("creating the data directory {}", config.data_dir.display()))?;
    }
    let keyring = load_keyring(config)?;
    let settings = PoolSettings {
        max_connections: config.database.max_connections,
        acquire_timeout: Duration::from_secs(config.database.acquire_timeout_secs),
    };
    let store =
        Store::connect(&config.effective_database_url(), &settings, keyring, Arc::new(SystemClock)).await?;
    match migrations {
        Migrations::Apply => store.migrate().await?,
        Migrations::Require => store.check_schema().await?,
    }
    Ok(store)
}

/// The master key from config, or from `<data_dir>/master.key`, generated (mode 0600) on the
/// first run of the embedded mode.
pub fn load_keyring(config: &Config) -> anyhow::Result<Keyring> {
    let previous = config
        .previous_master_keys
        .iter()
        .map(|k| MasterKey::from_base64(k))
        .collect::<Result<Vec<_>, _>>()?;
    if !config.master_key.trim().is_empty() {
        return Ok(Keyring::new(MasterKey::from_base64(&config.master_key)?, previous));
    }
    let path = config.master_key_file();
    if !path.exists() {
        if !config.is_embedded() {
            bail!(
                "no master key: set PONTE_MASTER_KEY (or PONTE_MASTER_KEY_FILE); every replica must share it"
            );
        }
        write_new_key_file(&path)?;
        tracing::info!(path = %path.display(), "generated a new master key");
    }
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading the master key {}", path.display()))?;
    let key =
        MasterKey::from_base64(&text).with_context(|| format!("the master key in {}", path.display()))?;
    Ok(Keyring::new(key, previous))
}

fn write_new_key_file(path: &Path) -> anyhow::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file =
        options.open(path).with_context(|| format!("creating the master key file {}", path.display()))?;
    writeln!(file, "{}", MasterKey::generate_base64())?;
    file.sync_all()?;
    Ok(())
}

const DEFAULT_SANDBOX_APP: &str = "default_sandbox_app";

/// The embedded mode's ready-made sandbox app: created on the first run, then found again.
/// Returns the app and its credentials (decrypted), for the start-up banner.
pub async fn default_sandbox_app(store: &Store) -> anyhow::Result<(App, AppCredentials)> {
    if let Some(id) = store.setting(DEFAULT_SANDBOX_APP).await?
        && let Ok(id) = id.parse()
        && let Some(app) = store.app(id).await?
    {
        let secret_key = store.app_secret_key(id).await?.context("sandbox app secret")?;
        let webhook_secret = store.app_webhook_secret(id).await?.context("sandbox app webhook secret")?;
        let credentials =
            AppCredentials { app_id: id, access_key: app.access_key.clone(), secret_key, webhook_secret };
        return Ok((app, credentials));
    }
    let new = NewApp {
        name: "Sandbox app".to_owned(),
        partner_name: "Sandbox partner".to_owned(),
        environment: Environment::Sandbox,
        settings: AppSettings::default(),
    };
    let (app, credentials) = store.create_app(&new).await?;
    store.set_setting(DEFAULT_SANDBOX_APP, &app.id.to_string()).await?;
    Ok((app, credentials))
}

/// Holds the SQLite worker lock for as long as it lives.
#[derive(Debug)]
pub struct WorkerLock {
    _file: File,
    pub path: PathBuf,
}

/// SQLite has one writer, and its job claims are only safe within one worker process: a second
/// `--role worker|all` process on the same file is refused.
pub fn lock_sqlite_worker(config: &Config) -> anyhow::Result<Option<WorkerLock>> {
    if !config.is_embedded() {
        return Ok(None);
    }
    let url = config.effective_database_url();
    let path = url.trim_start_matches("sqlite://").trim_start_matches("sqlite:");
    let path = path.split('?').next().unwrap_or(path);
    if path.is_empty() || path.contains(":memory:") {
        return Ok(None);
    }
    let lock_path = PathBuf::from(format!("{path}.worker.lock"));
    if let Some(parent) = lock_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
    }
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("opening the worker lock {}", lock_path.display()))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(WorkerLock { _file: file, path: lock_path })),
        Err(std::fs::TryLockError::WouldBlock) => bail!(
            "another Ponte worker is already running on {path}. SQLite supports one worker process: \
             run other replicas with --role api, or move to PostgreSQL to run several workers"
        ),
        Err(std::fs::TryLockError::Error(e)) => Err(e).context("locking the worker lock file"),
    }
}
